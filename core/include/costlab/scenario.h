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

constexpr int kScenarioVersion = 1;

enum class Guidance { model_default, on, off };
enum class Ownership { cloud, owned };

struct TextWorkload {
    std::string model = "llama-3.1-70b";
    Precision precision = Precision::fp8;
    int64_t input_tokens = 300;   // prompt incl. system prompt and chat history
    int64_t output_tokens = 500;  // visible reply
    int64_t reasoning_tokens = 0; // hidden thinking tokens, decoded like output
    int gpus = 2;   // tensor-parallel group serving one replica; 0 = smallest that fits
    int batch = 64; // concurrent sequences per replica; 0 = largest that fits
};

struct ImageWorkload {
    std::string model = "flux.1-dev";
    Precision precision = Precision::bf16;
    int width_px = 1024;
    int height_px = 1024;
    int steps = 0; // 0 = the model's default
    Guidance guidance = Guidance::model_default;
    int64_t prompt_tokens = 100; // autoregressive models: prompt length
    int gpus = 0;                // diffusion: GPUs each making whole images (0 = 1);
                                 // autoregressive: tensor-parallel group (0 = smallest that fits)
    int batch = 1;               // images denoised together; 0 = largest that fits
};

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
};

// Named modelling assumptions. Each default and its source is listed in scenario_fields().
struct Assumptions {
    double prefill_compute_utilization = 0.6; // achieved / peak FLOP/s, compute-bound phases
    double decode_compute_utilization = 0.5;  // the same for decode at large batch
    double memory_bw_utilization = 0.8;       // achieved / peak bytes/s
    double diffusion_compute_utilization = 0.35;
    double interconnect_utilization = 0.7;
    double allreduce_latency_s = 10e-6;   // fixed cost of one tensor-parallel all-reduce
    double decode_step_overhead_s = 2e-3; // scheduler, sampling, launches per decode step
    double memory_usable_fraction = 0.9;  // of HBM available to weights + KV + activations
    int64_t prefill_chunk_tokens = 8192;  // prompt tokens processed together (chunked prefill)
    double gpu_power_fraction_compute_bound = 0.9; // of board power while compute-bound
    double gpu_power_fraction_memory_bound = 0.65; // of board power while memory-bound
    double host_energy_fraction = 0.43;            // host CPU + DRAM energy per unit of GPU energy
    double idle_capacity_fraction = 0.17; // provisioned-but-idle energy per unit of GPU energy
};

struct Fleet {
    double text_queries_per_day = 1e9;
    double images_per_day = 1e8;
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

// Result of parsing: `scenario` is only meaningful when errors is empty.
struct ParseResult {
    Scenario scenario;
    std::vector<FieldError> errors;
    bool ok() const { return errors.empty(); }
};

// JSON: {"version":1,"text":{...},...}; missing fields keep their defaults, unknown fields
// are errors (a typo must not silently do nothing).
ParseResult parse_scenario_json(const std::string& json_text, const Scenario& base = {});
std::string scenario_to_json(const Scenario& s, bool pretty = true);

// URL fragment: "v=1&tm=llama-3.1-8b&to=800" (a leading '#' is accepted). Only fields that
// differ from the defaults are written; parse(to_fragment(s)) == s exactly.
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

const char* to_string(Guidance g);
const char* to_string(Ownership o);

} // namespace costlab
