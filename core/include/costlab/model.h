// costlab cost model: pure functions from (scenario, catalog) to a report.
// Start at evaluate(); the roofline per phase is in src/model_text.cpp and
// src/model_image.cpp, money/energy/fleet in src/model.cpp. Nothing here draws or prints.
#pragma once

#include "costlab/catalog.h"
#include "costlab/scenario.h"

#include <string>
#include <vector>

namespace costlab {

enum class Bound { compute, memory, interconnect };
enum class Workload { text, image, video };
const char* to_string(Bound b);
const char* to_string(Workload w);

// One phase of a query (prefill, decode, text encoder, denoise, VAE decode...), for the
// whole replica running `batch` queries together.
struct PhaseReport {
    std::string name;
    double flops = 0;           // total over the replica, whole batch
    double bytes = 0;           // memory traffic, whole batch
    double seconds = 0;         // wall time of the phase for the batch
    double compute_seconds = 0; // roofline terms (per GPU, after tensor parallel split)
    double memory_seconds = 0;
    double comm_seconds = 0;     // tensor-parallel all-reduces
    double overhead_seconds = 0; // fixed per-step costs
    Bound bound = Bound::compute;
    double flops_per_byte = 0;     // arithmetic intensity, for the roofline chart
    double compute_use = 0;        // achieved / peak FLOP/s over the phase
    double memory_use = 0;         // achieved / peak bytes/s over the phase
};

// Autoregressive images only: the same image on a smaller and a larger stand-in backbone
// (the backbone's size is not published), beside the point estimate.
struct BackboneRange {
    bool present = false;
    bool fits = true; // both ends fit on their groups
    std::string smaller_model, larger_model;
    double usd_per_query_smaller = 0, usd_per_query_larger = 0;
    double seconds_per_query_smaller = 0, seconds_per_query_larger = 0;
    double gpu_seconds_per_query_smaller = 0, gpu_seconds_per_query_larger = 0;
    double facility_energy_wh_smaller = 0, facility_energy_wh_larger = 0;
};

// Video only: the clip and its latent token grid (src/model_video.cpp).
struct VideoDetail {
    int width_px = 0, height_px = 0, frames = 0, fps = 0, steps = 0;
    bool cfg = false;
    double clip_seconds = 0;     // frames / fps
    int64_t latent_frames = 0;   // (frames - 1) / vae_temporal + 1 (causal VAE)
    int64_t tokens = 0;          // spatio-temporal tokens of one video in one pass
    double attention_share = 0;  // of a denoiser pass's FLOPs in QK^T and AV (quadratic)
    int sequence_parallel = 1;   // GPUs sharing one video's sequence
    bool ulysses = true;         // all-to-all over heads; false: ring attention (heads % gpus != 0)
    std::string stand_in;        // presets: the open model that ran (empty otherwise)
    std::string basis;           // presets: what is published, in words
    double list_price_usd = 0;   // presets: the vendor's API price for this clip (0: none)
};

// Money and energy per query for one workload; throughput for the replica of `gpus` GPUs.
struct WorkloadReport {
    Workload workload = Workload::text;
    std::string model, accelerator;
    int gpus = 1;
    int batch = 1;
    double seconds_per_query = 0;        // latency of one query
    double gpu_seconds_per_query = 0;    // GPU time one query consumes (gpus x time / batch)
    double queries_per_second = 0;       // of the whole deployment (`gpus` GPUs)
    double output_tokens_per_second = 0; // text (and autoregressive image) only
    double images_per_second = 0;        // image only
    double videos_per_second = 0;        // video only
    double gpu_energy_wh = 0;            // accelerators only
    double it_energy_wh = 0;             // + host CPU, DRAM, network, idle capacity
    double facility_energy_wh = 0;       // x PUE
    double usd_per_query = 0;
    double co2_g_per_query = 0;
    double usd_per_million_output_tokens = 0; // text only
    double usd_per_thousand_images = 0;       // image only
    double gpu_power_w = 0;                   // average draw per GPU at load
    Bound bound = Bound::compute;             // of the phase that takes the most time
    double memory_gb_needed = 0;              // weights + KV cache + activations, the whole replica
    double memory_gb_available = 0;           // usable memory of `gpus` GPUs
    bool fits = true;        // false: every per-query figure is for a deployment that
                             // cannot run; shown flagged, never as a plain number
    bool usd_trusted = true; // false: the price is $0, so dollars mean nothing
    int min_gpus_to_fit = 1; // smallest tensor-parallel group that holds this batch (0: none can)
    std::vector<PhaseReport> phases;
    std::vector<std::string> warnings; // numbers that cannot be trusted, in words
    BackboneRange backbone_range;      // autoregressive images: smaller / larger stand-in
    // Water consumed per query: on-site = WUE x IT energy (cooling), off-site = water
    // intensity of electricity x facility energy (power plants); water = on-site + off-site.
    double water_onsite_l_per_query = 0;
    double water_offsite_l_per_query = 0;
    double water_l_per_query = 0;
    // Manufacturing emissions of the GPUs (and their server share) one query uses up: the
    // hardware's embodied kgCO2e over its life x utilization, times the query's GPU-seconds.
    // Its own figure beside co2_g_per_query (operational), never added to it.
    double embodied_co2_g_per_query = 0;
    VideoDetail video; // video only
};

struct FleetWorkloadReport {
    double peak_queries_per_second = 0;
    int64_t gpus_needed = 0; // to serve the peak
    double usd_per_day = 0;
    double facility_mw = 0; // power at peak, facility boundary
    double energy_mwh_per_day = 0;
    double co2_t_per_day = 0;
    // A fixed fleet (Fleet::fixed_fleet_gpus) serving only this workload:
    double queries_per_user_per_day = 0; // sustainable at the stated peak factor
    double utilization = 0;              // demand at peak / capacity; > 1 means overload
    bool overloaded = false;
    double refused_fraction = 0; // share of peak demand the fixed fleet cannot serve
};

struct BusinessReport {
    double text_margin = 0; // (price - cost) / price per text query
    double image_margin = 0;
    double text_break_even_usd = 0; // = cost per query
    double image_break_even_usd = 0;
    double usd_cost_per_user_per_month = 0; // at the usage stated in Business
    double subscription_margin = 0;
};

struct Report {
    WorkloadReport text, image, video; // video: computed always, shown when video.enabled
    FleetWorkloadReport fleet_text, fleet_image, fleet_video;
    BusinessReport business;
    // "one image = N replies" on each metric
    double image_to_text_usd = 0;
    double image_to_text_energy = 0;
    double image_to_text_gpu_seconds = 0;
    // "one video = N images = M replies"
    double video_to_image_usd = 0, video_to_text_usd = 0;
    double video_to_image_energy = 0, video_to_text_energy = 0;
    double video_to_image_gpu_seconds = 0, video_to_text_gpu_seconds = 0;
    bool video_enabled = false;     // scenario video.enabled: views show the video column
    std::vector<FieldError> errors; // non-empty: the scenario was invalid, nothing computed
    bool ok() const { return errors.empty(); }
};

// Whether a workload's per-query figures can be shown as numbers: it fits in memory and runs
// (finite, positive times). Every view (panels, HTML twin, JSON/CSV, PNG) hides the others.
bool figures_trusted(const WorkloadReport& w);
// The same for its dollar figures: also a price above $0.
bool dollars_trusted(const WorkloadReport& w);

// Validates the scenario against the catalog, then computes every figure.
Report evaluate(const Scenario& s, const Catalog& catalog = Catalog::builtin());

// One workload only (used by sweeps and the CLI's `estimate`).
WorkloadReport evaluate_text(const Scenario& s, const Catalog& catalog);
WorkloadReport evaluate_image(const Scenario& s, const Catalog& catalog);
WorkloadReport evaluate_video(const Scenario& s, const Catalog& catalog);

} // namespace costlab
