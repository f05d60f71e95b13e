// costlab scenario: every input of a comparison, as plain structs whose defaults are the
// default comparison (one 1024x1024 image vs one 500-token chat reply on an H100).
// Parse/print it as versioned JSON or as the compact URL fragment ("v=1&to=800&..."); both
// go through one field table (scenario_fields()) that also holds each field's range, unit
// and, for assumptions, the source of its default.
#pragma once

#include "costlab/catalog.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace costlab {

// Version 2 spells "largest that fits", "smallest that fits", "model default" and "auto" as
// words ("batch": "max", tb=max) and refuses 0 for those counts. Version 1 (links and files
// made before) wrote 0 for them: it is still read, with that meaning.
constexpr int kScenarioVersion = 2;

enum class Guidance { model_default, on, off };
enum class Ownership { cloud, owned };

struct TextWorkload {
    std::string model = "llama-3.1-70b";
    Precision precision = Precision::fp8;
    int64_t input_tokens = 300;   // prompt incl. system prompt and chat history
    int64_t output_tokens = 500;  // visible reply
    int64_t reasoning_tokens = 0; // hidden thinking tokens, decoded like output
    int gpus = 2;   // tensor-parallel group serving one replica; 0 = smallest that fits ("auto")
    int batch = 0;  // concurrent sequences per replica; 0 = largest that fits ("max") and
                    // keeps min_tokens_per_s_per_user (the operating point)
    // Serving engine (costlab/engine.h): its speed and what it supports.
    std::string engine = "vllm";
    // Per-user streaming speed the "max" batch keeps (time per output token <= 1 / this);
    // 0 = no target, the largest batch that fits.
    double min_tokens_per_s_per_user = 25;
    // Speculative decoding / multi-token prediction: model_default = where the model has MTP
    // modules and the engine runs them, and only when it shortens a step's time per token.
    Guidance speculative = Guidance::model_default;
    int spec_draft_tokens = 1;    // tokens drafted per verification step
    double spec_acceptance = 0.85; // probability each drafted token is accepted
};

struct ImageWorkload {
    std::string model = "flux.1-dev";
    Precision precision = Precision::bf16;
    int width_px = 1024;
    int height_px = 1024;
    int steps = 0; // 0 = the model's default ("default")
    Guidance guidance = Guidance::model_default;
    int64_t prompt_tokens = 100; // autoregressive models: prompt length
    int gpus = 0;                // diffusion: GPUs each making whole images (0 = 1);
                                 // autoregressive: tensor-parallel group (0 = smallest that fits)
                                 // ("auto")
    int batch = 1;               // images denoised together; 0 = largest that fits ("max")
    // Serving engine (costlab/engine.h); "xdit" splits one image over image.gpus GPUs.
    std::string engine = "diffusers";
    // CPU offload: model_default = where the weights do not fit; on; off.
    Guidance offload = Guidance::model_default;
};

// Text-to-video (the third workload, off in Compare unless enabled). 0 in width, height,
// frames, fps or steps = the model's default ("default"): a model's native format follows it.
struct VideoWorkload {
    int enabled = 0; // 1: shown beside text and image in Compare and `costlab compare`
    std::string model = "wan-2.1-14b";
    Precision precision = Precision::bf16;
    int width_px = 0;
    int height_px = 0;
    int frames = 0;
    int fps = 0; // frames per second of the clip: its length, not its cost
    int steps = 0;
    Guidance guidance = Guidance::model_default;
    int gpus = 0;  // sequence-parallel group making one video; 0 = smallest that fits ("auto")
    int batch = 1; // videos denoised together on that group
    // CPU offload: on (model offload, or streaming where the largest part does not fit);
    // model_default and off: none (served video runs sequence parallel instead).
    Guidance offload = Guidance::model_default;
};

// The accelerator id of a device measured in a visitor's browser ("time my hardware").
constexpr const char* kMeasuredDeviceId = "your-device";

// A device measured in a visitor's browser, carried in the scenario so that a link reopens the
// same figures on any other device: with serving.accelerator = kMeasuredDeviceId, validate()
// and evaluate() use measured_accelerator() (device.h) of it instead of the catalog's entry.
// Written as one compact text, "label~GFLOP/s~GB/s~memory GB~watts[~f16 GFLOP/s]" (JSON and
// link alike; the sixth part only when an f16 figure was measured, so older links still read).
struct MeasuredDevice {
    // In the units of the text, so that a link round-trips exactly.
    std::string label;        // "GPU (swiftshader)", "8 CPU threads": printable ASCII, no '~'
    double gflops = 0;        // measured dense fp32 matrix multiply, GFLOP/s; 0 = no device
    double gflops_f16 = 0;    // the GPU's f16 matrix multiply (f16 inputs, f32 accumulation,
                              // web/hw/webgpu.js), GFLOP/s; 0 = none (no shader-f16, or a CPU)
    double gbps = 0;          // measured memory bandwidth, GB/s
    double memory_gb = 0;     // memory a model may use (the visitor's figure)
    double board_power_w = 0; // draw under load (the visitor's figure)
    bool present() const { return gflops > 0; }
};
bool operator==(const MeasuredDevice& a, const MeasuredDevice& b);

// Where and how the work runs, and what power and money cost there.
struct Serving {
    std::string accelerator = "h100-sxm";
    Ownership ownership = Ownership::cloud;
    std::optional<double> usd_per_gpu_hour; // unset: the accelerator's catalog price
    std::optional<double> purchase_usd;     // unset: catalog purchase price (owned)
    double amortization_years = 4;
    double usd_per_kwh = 0.083;
    double pue = 1.2;
    double grid_gco2_per_kwh = 367;
    // Water (sources in scenario_fields()): on-site cooling water per kWh of IT energy (WUE)
    // and the water consumed by power plants per kWh the facility draws.
    double wue_l_per_kwh = 0.55;
    double electricity_water_l_per_kwh = 3.142;
    // Embodied carbon: manufacturing emissions of one accelerator and of its share of the
    // server around it, spread over amortization_years at hardware_utilization.
    double embodied_gpu_kgco2e = 150;
    double embodied_server_kgco2e_per_gpu = 312.5;
    double hardware_utilization = 0.5; // share of its life a GPU spends serving queries
    MeasuredDevice measured_device; // empty unless "time my hardware" made this scenario
};

// Named modelling assumptions: the parameters of the model's mechanisms (README "How the
// model works"). Each default and its source is listed in scenario_fields(); the defaults
// marked "fitted" come from `costlab validate --fit` on tests/validation/measurements.json.
struct Assumptions {
    // Achieved compute, as a fraction of peak, when the work is large (the asymptote of
    // compute_efficiency(): eff(n) = u_max n / (n + n_half x peak / 989 TFLOP/s)).
    double prefill_compute_utilization = 0.5355;   // text prefill (and other big text passes)
    double decode_compute_utilization = 0.8561;    // text decode at large batch
    double diffusion_compute_utilization = 0.4178; // diffusion denoiser, text encoder, VAE
    double video_compute_utilization = 0.4701;    // video DiT denoiser (attention-dominated passes)
    double compute_half_tokens = 91.74; // tokens per pass at which a 989-TFLOP/s GPU reaches
                                        // half of u_max (bigger GPUs need proportionally more)
    double memory_bw_utilization = 0.7178; // achieved / peak bytes/s, weight streams
    double kv_bw_utilization = 0.95;     // the same for paged KV-cache reads in decode attention
    double interconnect_utilization = 0.7;
    double allreduce_latency_s = 10e-6;   // fixed cost of one all-reduce or all-to-all
    double decode_step_overhead_s = 0.00266; // scheduler, sampling, launches per decode step
    double decode_overhead_per_sequence_s = 3.716e-05; // the part of it that grows with the batch
    double diffusion_step_overhead_s = 0.01473;      // launches and scheduler per denoiser pass
    double moe_imbalance = 1.554;           // tokens on the busiest expert / the mean
    double moe_layer_overhead_s = 0.0002301;  // routing, permutation, grouped-GEMM launch per MoE layer
    double memory_usable_fraction = 0.9;  // of HBM available to weights + KV + activations
    int64_t prefill_chunk_tokens = 8192;  // prompt tokens processed together (chunked prefill)
    // GPU power = idle + (board - idle) x min(1, pfc x compute use + pfm x memory use), where
    // "use" is achieved / peak FLOP/s and bytes/s of the phase.
    double gpu_power_fraction_compute_bound = 5;
    double gpu_power_fraction_memory_bound = 0.89;
    double host_energy_fraction = 0.43;   // host CPU + DRAM energy per unit of GPU energy
    double idle_capacity_fraction = 0.17; // provisioned-but-idle energy per unit of GPU energy
    double request_overhead_s = 0.01806; // per request before its prefill: HTTP, tokenizer, queue
    // Engines' speeds relative to vLLM (text) and eager diffusers (image); costlab/engine.h.
    double sglang_speed = 0.9172;
    double trtllm_speed = 1.219;
    double compiled_speed = 1.46;
    double tensorrt_speed = 0.9424;
    // Their per-step overheads relative to the reference's (CUDA graphs, C++ runtimes).
    double sglang_overhead = 1.109;
    double trtllm_overhead = 0.6523;
    double compiled_overhead = 0.8131;
    double tensorrt_overhead = 1.005;
};

struct Fleet {
    double text_queries_per_day = 1e9;
    double images_per_day = 1e8;
    double videos_per_day = 1e7;
    double peak_to_average = 2.0;
    int64_t fixed_fleet_gpus = 50000; // for "how much can a fixed fleet serve"
    double users = 1e8;               // daily active users sharing that fleet
    // Waiting under load (costlab/queue.h): targets on the P99 time to first token (text) and
    // to the image (image) at the peak; 0 = no target.
    double text_slo_p99_s = 2;
    double image_slo_p99_s = 30;
    double text_reply_length_cv = 1.0; // coefficient of variation of reply lengths
    // Rate limits: a cap of N queries per user per day (0 = no cap) and the share of users
    // who reach it (the others use Business's figure per user, below the cap).
    double text_cap_per_user_per_day = 0;
    double image_cap_per_user_per_day = 0;
    double share_users_at_cap = 1;
};

struct Business {
    double usd_price_per_text_query = 0.002;
    double usd_price_per_image = 0.04;
    double usd_subscription_per_month = 20;
    // 0 = the fleet's demand divided by its users (one demand figure for both panels)
    double text_queries_per_user_per_day = 0;
    double images_per_user_per_day = 0;
};

struct Scenario {
    int version = kScenarioVersion;
    TextWorkload text;
    ImageWorkload image;
    VideoWorkload video;
    Serving serving;
    Assumptions assumptions;
    Fleet fleet;
    Business business;
};

bool operator==(const Scenario& a, const Scenario& b);
inline bool operator!=(const Scenario& a, const Scenario& b) {
    return !(a == b);
}

struct FieldError {
    std::string field;   // JSON path, e.g. "text.batch"
    std::string message; // names the value, the allowed range and unit
};

// Result of parsing. `scenario` holds every field that parsed (on top of the base); each
// field in `errors` kept its base value. JSON with a syntax error, or text over its size
// limit, leaves the base untouched.
struct ParseResult {
    Scenario scenario;
    std::vector<FieldError> errors;
    bool ok() const { return errors.empty(); }
};

// JSON: {"version":1,"text":{...},...}; missing fields keep their defaults, unknown fields
// are errors (a typo must not silently do nothing).
ParseResult parse_scenario_json(const std::string& json_text, const Scenario& base = {});
std::string scenario_to_json(const Scenario& s, bool pretty = true);

// URL fragment: "v=2&tm=llama-3.1-8b&to=800&tb=max" (a leading '#' is accepted). Only fields
// that differ from the defaults are written; parse(to_fragment(s)) == s exactly. A link with
// some bad fields keeps its good ones: see ParseResult.
ParseResult parse_scenario_fragment(const std::string& fragment, const Scenario& base = {});
std::string scenario_to_fragment(const Scenario& s);

// Range checks of every field plus catalog references (model and accelerator ids exist).
std::vector<FieldError> validate(const Scenario& s, const Catalog& catalog);

// One row of the field table: what the panels, docs and CLI show for each input.
struct FieldInfo {
    const char* json_path; // "assumptions.memory_bw_utilization"
    const char* url_key;   // "amb"
    const char* label;     // "Memory bandwidth utilization"
    const char* unit;      // "fraction", "tokens", "USD/kWh"
    double min, max;       // inclusive range for numbers (ignored for text fields)
    const char* source;    // for assumptions and economic defaults: where the default comes from
};
const std::vector<FieldInfo>& scenario_fields();

// The word that stands for 0 in a count field where 0 means "decide for me" ("max" for
// text.batch, "auto" for text.gpus, "default" for image.steps), or nullptr for other fields.
// `meaning` (if given) receives what it stands for ("the largest that fits").
const char* auto_word(const char* json_path, const char** meaning = nullptr);

// Copies one field (by JSON path) from `from` to `to`; false for an unknown path.
bool copy_field(const std::string& json_path, const Scenario& from, Scenario& to);

// "A link with some bad fields keeps the good ones and names the bad": `out` becomes
// `parsed.scenario` checked against `catalog`, with every field named by an error (of parsing
// or of validation) put back to its value in `fallback`, so `out` is always valid when
// `fallback` is. Returns every error. An error that names no single field (not a link, over
// the size limit, an unsupported version) means nothing was usable: `out` is `fallback`.
std::vector<FieldError> keep_good_fields(const ParseResult& parsed, const Scenario& fallback,
                                         const Catalog& catalog, Scenario& out);
// The compact text of a measured device ("" for none) and its parser, with the limits every
// link field has; the error names what is wrong.
std::string measured_device_to_text(const MeasuredDevice& d);
bool parse_measured_device(const std::string& text, MeasuredDevice& out, std::string& error);

const char* to_string(Guidance g);
const char* to_string(Ownership o);

} // namespace costlab
