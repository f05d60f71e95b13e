// costlab cost model: pure functions from (scenario, catalog) to a report.
// Start at evaluate(); the roofline per phase is in src/model_text.cpp, src/model_image.cpp and
// src/model_video.cpp, money/energy/fleet in src/model.cpp. The workloads are listed once, in
// kWorkloads (src/model.cpp, see WorkloadInfo below). Nothing here draws or prints.
#pragma once

#include "costlab/catalog.h"
#include "costlab/scenario.h"

#include <cstddef>
#include <string>
#include <vector>

namespace costlab {

enum class Bound { compute, memory, interconnect };
// The workloads, in the order every view lists them (kWorkloads below describes each).
enum class Workload { text, image, video };
constexpr size_t kWorkloadCount = 3;
// The figures two workloads are compared on: "one image = N replies" in dollars, in facility
// energy, in GPU-seconds.
enum class Metric { usd, energy, gpu_seconds };
constexpr Metric kMetrics[] = {Metric::usd, Metric::energy, Metric::gpu_seconds};
const char* to_string(Bound b);
const char* to_string(Workload w); // the workload's WorkloadInfo::name
const char* to_string(Metric m);   // "usd", "energy", "gpu_seconds" (the ratio keys' suffix)

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
    std::string engine; // the serving engine's id (costlab/engine.h)
    int gpus = 1;
    int batch = 1;                       // the batch the replica runs (effective batch)
    int requested_batch = 0;             // text: as asked (0 = "max", the operating point)
    double seconds_per_query = 0;        // latency of one query (text: first token + the rest)
    // Text under continuous batching: a request's first token (no fleet queue) and the time
    // per output token at the running batch; tokens a decode step emits (speculative > 1).
    double time_to_first_token_s = 0;
    double time_per_output_token_s = 0;
    double tokens_per_decode_step = 1;
    // Image and video: CPU offload in use ("", "model", "sequential"; model_detail.h).
    std::string cpu_offload;
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

// One point of the "melting" curve: the wait before service at a utilization of the fleet.
struct WaitPoint {
    double utilization = 0;
    double wait_p50_s = 0;
    double wait_p99_s = 0;
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

    // Waiting under load (costlab/queue.h). A replica of batch B is B servers whose service
    // time is the batch latency (seconds_per_query); the fleet is replicas x B of them.
    double service_cv2 = 0; // squared coefficient of variation of the service time assumed
    double unloaded_s = 0;  // time to first token (text: the prefill) or to the image, no queue
    int64_t fixed_fleet_slots = 0; // servers of the fixed fleet: whole replicas x batch
    std::string queue_note; // where the approximation is rough for these inputs, in words
    // The fixed fleet at the peak demand (the operating point of the curve):
    bool wait_stable = true; // false: utilization >= 1, the wait is unbounded (figures 0)
    double wait_p50_s = 0;
    double wait_p99_s = 0;
    double wait_mean_s = 0;
    double time_to_first_token_p99_s = 0; // text only: wait + prefill
    double time_to_image_p99_s = 0;       // image only: wait + the image itself
    // The throughput fleet (gpus_needed) at the peak:
    bool throughput_fleet_wait_stable = true;
    double throughput_fleet_wait_p99_s = 0;
    // The smallest fleet whose P99 time to first token / to the image meets the target at the
    // peak (Fleet::text_slo_p99_s / image_slo_p99_s); 0 when there is no target or none can.
    double slo_p99_s = 0;
    bool slo_met = false;     // a fleet meets it (false: see slo_problem)
    std::string slo_problem;  // why not, in words ("below the unloaded time of 3.1 s")
    int64_t gpus_for_slo = 0; // >= gpus_needed
    double usd_per_day_for_slo = 0;
    double extra_usd_per_day_for_slo = 0; // over the throughput-only fleet
    // Rate limit (Fleet::*_cap_per_user_per_day > 0): demand with the cap, its fleet and cost.
    bool capped = false;
    double cap_per_user_per_day = 0;
    double capped_queries_per_day = 0;
    int64_t capped_gpus_needed = 0;  // throughput only
    int64_t capped_gpus_for_slo = 0; // 0 when the target cannot be met
    double capped_usd_per_day = 0;   // of capped_gpus_for_slo (or capped_gpus_needed w/o target)
    // The other way round: the most the fixed fleet serves per day at the target wait, and the
    // cap per user per day that keeps demand within it (with the share of users at the cap).
    double fixed_fleet_queries_per_day_at_slo = 0;
    double affordable_cap_per_user_per_day = 0;
    bool cap_unneeded = false; // users below the cap alone fit: any cap (or none) is affordable
    // Only with EvaluateOptions::wait_curves (Report::has_wait_curves), else empty:
    std::vector<WaitPoint> wait_curve;        // the fixed fleet, utilization 0..~1
    std::vector<WaitPoint> one_replica_curve; // one replica, batching as a birth-death chain
};

struct BusinessReport {
    double text_margin = 0; // (price - cost) / price per text query
    double image_margin = 0;
    double text_break_even_usd = 0; // = cost per query
    double image_break_even_usd = 0;
    double usd_cost_per_user_per_month = 0; // at the usage stated in Business
    double subscription_margin = 0;
    // Usage per user per day used above: Business's figure, or (when it is 0) the fleet's
    // demand divided by its users, so one demand figure feeds both panels.
    double text_queries_per_user_per_day = 0;
    double images_per_user_per_day = 0;
};

// A published per-query disclosure or list price next to costlab's matching estimate
// (core/data/references.json; see costlab/references.h).
struct ReferenceComparison {
    std::string id, label, provider, metric, unit, boundary, source, url, date;
    double value = 0;             // the published figure
    bool has_estimate = false;    // costlab has a matching figure (none for water, for instance)
    double costlab_value = 0;     // in the same unit
    std::string costlab_scenario; // which deployment the estimate is for, in words
    double ratio = 0;             // costlab_value / value
    std::string boundary_note;    // what differs between the two boundaries, in words
    // List prices only: gross margin at that price for costlab's cost, and the break-even price.
    bool is_price = false;
    double implied_gross_margin = 0;
    double break_even_price = 0;
    bool trusted = true; // false: the estimate comes from a deployment that does not fit
};

// Every view reaches a workload's figures through kWorkloads (Report::workload(), ::fleet(),
// ::enabled()); the named members stay for code about one workload in particular.
struct Report {
    WorkloadReport text, image, video; // video: computed always, shown when video.enabled
    // Only for the enabled workloads (enabled()): a hidden one keeps a default-constructed fleet.
    FleetWorkloadReport fleet_text, fleet_image, fleet_video;
    // The fixed fleet serving both workloads at once (each figure above judges a workload as if
    // it had the whole fixed fleet): the sum of their shares of its GPU time at the peak.
    double fleet_mix_utilization = 0;
    bool fleet_mix_overloaded = false;
    BusinessReport business;
    std::vector<ReferenceComparison> references; // only with EvaluateOptions::references
    bool has_wait_curves = false;                // computed as asked (EvaluateOptions)
    bool has_references = false;
    bool video_enabled = false;     // scenario video.enabled: views show the video column
    std::vector<FieldError> errors; // non-empty: the scenario was invalid, nothing computed
    bool ok() const { return errors.empty(); }

    WorkloadReport& workload(Workload w);
    const WorkloadReport& workload(Workload w) const;
    FleetWorkloadReport& fleet(Workload w);
    const FleetWorkloadReport& fleet(Workload w) const;
    bool enabled(Workload w) const; // views show it (an optional workload is on)
    // The enabled workloads in kWorkloads order: what every view iterates over.
    std::vector<Workload> enabled_workloads() const;
};

// "One image = N replies": a's figure over b's on one metric (infinite when b's is 0). The JSON
// writes it as "<a>_to_<b>_<metric>" ("image_to_text_usd") for each enabled a after b.
double ratio(const Report& r, Workload a, Workload b, Metric m);
// Whether that ratio can be shown as a number: both workloads' figures (dollars for usd) are.
bool ratio_trusted(const Report& r, Workload a, Workload b, Metric m);
double metric_value(const WorkloadReport& w, Metric m);

// One row per workload: the one list (kWorkloads, in model.cpp) that the model, the queue, the
// business figures and every view (JSON, CSV, table, the HTML twin, the picture) iterate over,
// as Dear ImGui's GStyleVarInfo table drives its style variables. A new workload is a row there,
// its evaluate_*() and its scenario fields; nothing else lists the workloads.
struct WorkloadInfo {
    Workload id;
    const char* name;         // "text": JSON keys, CSV rows, `--workload`
    const char* label;        // "chat reply": the table's column
    const char* short_label;  // "reply": the table's ratio column ("image ÷ reply")
    const char* plural;       // "chat replies": sentences, fleet lines
    const char* short_plural; // "replies": the energy half of a sentence
    WorkloadReport Report::*report;
    FleetWorkloadReport Report::*fleet;
    // Optional workloads: whether the scenario turns it on, and where the report says so
    // (both nullptr: always on).
    bool (*enabled)(const Scenario&);
    bool Report::*report_enabled;
    WorkloadReport (*evaluate)(const Scenario&, const Catalog&);
    Precision (*precision)(const Scenario&); // for "the A100 has no fp8 units"
    // GPUs that serve one query together (the fleet is counted in whole replicas of them).
    int (*gpus_per_replica)(const Scenario&, const Catalog&, const WorkloadReport&);

    // Waiting under load (costlab/queue.h): the queue's inputs from the scenario and report.
    double Fleet::*queries_per_day;
    double Fleet::*slo_p99_s;            // nullptr: no target of its own (none sought)
    double Fleet::*cap_per_user_per_day; // nullptr: no rate limit of its own
    double (*service_cv2)(const Scenario&, const WorkloadReport&);
    double (*unloaded_s)(const WorkloadReport&); // the part of a query no queue can hide
    const char* unloaded_name;                   // in the target's message, "time to the image"
    // The scenario at batch 1 for the batching chain of the curves (nullptr: the curve uses the
    // batch's latency throughout).
    void (*at_batch_one)(Scenario&, const WorkloadReport&);
    double FleetWorkloadReport::*latency_p99_s; // unloaded + P99 wait
    const char* latency_key;                    // its JSON key ("time_to_first_token_p99_s")
    const char* latency_words;                  // `costlab fleet`'s words for it

    // Business (nullptr: the workload has no price of its own): usage per user per day as
    // stated (0 = the fleet's demand over its users) and as used, price, margin, break-even.
    double Business::*usage_per_user;
    double BusinessReport::*usage_per_user_used;
    double Business::*usd_price;
    double BusinessReport::*margin;
    double BusinessReport::*break_even_usd;
};
extern const WorkloadInfo kWorkloads[kWorkloadCount];
const WorkloadInfo& info(Workload w);
// The workload called `name` ("text", "image", "video"); false when there is none.
bool workload_from_name(const std::string& name, Workload& out);

// Whether a workload's per-query figures can be shown as numbers: it fits in memory and runs
// (finite, positive times). Every view (panels, HTML twin, JSON/CSV, PNG) hides the others.
bool figures_trusted(const WorkloadReport& w);
// The same for its dollar figures: also a price above $0.
bool dollars_trusted(const WorkloadReport& w);

// What evaluate() computes beyond the per-query, fleet, waiting and business figures. These
// extras cost dozens of evaluations' worth of work (each reference re-evaluates its matching
// deployment; the curves evaluate each workload again at batch 1 and walk the batching chain),
// so sweeps and benchmarks leave them out and the views that show them (the page, the native
// app, the CLI's reports) ask for everything.
struct EvaluateOptions {
    bool wait_curves = false; // FleetWorkloadReport::wait_curve and one_replica_curve
    bool references = false;  // Report::references
    static EvaluateOptions everything() { return {true, true}; }
};

// Validates the scenario against the catalog, then computes every figure (and the extras
// `options` asks for).
Report evaluate(const Scenario& s, const Catalog& catalog = Catalog::builtin(),
                const EvaluateOptions& options = {});

// One workload only (used by sweeps and the CLI's `estimate`).
WorkloadReport evaluate_text(const Scenario& s, const Catalog& catalog);
WorkloadReport evaluate_image(const Scenario& s, const Catalog& catalog);
WorkloadReport evaluate_video(const Scenario& s, const Catalog& catalog);

} // namespace costlab
