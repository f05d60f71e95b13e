// Scenario <-> JSON and URL fragment, and validation. Everything is driven by kFields: one
// row per input with its JSON path, URL key, range, unit and (for assumptions) the source
// of its default. Adding an input = adding a member to scenario.h and a row here.
#include "costlab/scenario.h"

#include "costlab/limits.h"

#include "detail/json_util.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace costlab {

using detail::json;

const char* to_string(Guidance g) {
    switch (g) {
    case Guidance::on:
        return "on";
    case Guidance::off:
        return "off";
    default:
        return "model_default";
    }
}
const char* to_string(Ownership o) {
    return o == Ownership::owned ? "owned" : "cloud";
}

namespace {

enum class Kind { i32, i64, f64, opt_f64, str, precision, guidance, ownership };

struct Field {
    FieldInfo info;
    Kind kind;
    void* (*ptr)(Scenario&);
    const void* cptr(const Scenario& s) const { return ptr(const_cast<Scenario&>(s)); }
};

#define P(member) [](Scenario& s) -> void* { return &s.member; }

// Sources of defaults. Inputs the user describes (model, tokens...) have none.
constexpr const char* kSrcCalibrated =
    "costlab default, checked against MLPerf Inference results in tests/calibration_points.json "
    "(within 2x, see tests/test_calibration.cpp)";
constexpr const char* kSrcGoogle2025 =
    "Elsworth et al., 'Measuring the environmental impact of delivering AI at Google Scale', "
    "arXiv:2508.15734 (2025-08): median Gemini text prompt = 58% accelerator, 25% host CPU+DRAM, "
    "10% idle machines, 8% facility overhead";

const Field kFields[] = {
    // text workload
    {{"text.model", "tm", "Text model", "catalog id", 0, 0, ""}, Kind::str, P(text.model)},
    {{"text.precision", "tp", "Text precision", "format", 0, 0, ""},
     Kind::precision,
     P(text.precision)},
    {{"text.input_tokens", "ti", "Input tokens", "tokens", 1, double(limits::kMaxInputTokens), ""},
     Kind::i64,
     P(text.input_tokens)},
    {{"text.output_tokens", "to", "Output tokens", "tokens", 1, double(limits::kMaxOutputTokens),
      ""},
     Kind::i64,
     P(text.output_tokens)},
    {{"text.reasoning_tokens", "tr", "Reasoning tokens", "tokens", 0,
      double(limits::kMaxOutputTokens), ""},
     Kind::i64,
     P(text.reasoning_tokens)},
    {{"text.gpus", "tg", "GPUs per text replica (0 = smallest that fits)", "GPUs", 0,
      limits::kMaxGpusPerReplica, ""},
     Kind::i32,
     P(text.gpus)},
    {{"text.batch", "tb", "Text batch (0 = largest that fits)", "sequences", 0,
      limits::kMaxTextBatch, ""},
     Kind::i32,
     P(text.batch)},
    // image workload
    {{"image.model", "im", "Image model", "catalog id", 0, 0, ""}, Kind::str, P(image.model)},
    {{"image.precision", "ip", "Image precision", "format", 0, 0, ""},
     Kind::precision,
     P(image.precision)},
    {{"image.width_px", "iw", "Width", "px", limits::kMinImageSidePx, limits::kMaxImageSidePx, ""},
     Kind::i32,
     P(image.width_px)},
    {{"image.height_px", "ih", "Height", "px", limits::kMinImageSidePx, limits::kMaxImageSidePx,
      ""},
     Kind::i32,
     P(image.height_px)},
    {{"image.steps", "is", "Denoising steps (0 = model default)", "steps", 0, limits::kMaxSteps,
      ""},
     Kind::i32,
     P(image.steps)},
    {{"image.guidance", "ig", "Classifier-free guidance", "model_default|on|off", 0, 0, ""},
     Kind::guidance,
     P(image.guidance)},
    {{"image.prompt_tokens", "it", "Prompt tokens (autoregressive)", "tokens", 1,
      double(limits::kMaxPromptTokens), ""},
     Kind::i64,
     P(image.prompt_tokens)},
    {{"image.gpus", "igp", "GPUs for images (0 = auto)", "GPUs", 0, limits::kMaxGpusPerReplica, ""},
     Kind::i32,
     P(image.gpus)},
    {{"image.batch", "ib", "Images per GPU batch (0 = largest that fits)", "images", 0,
      limits::kMaxImageBatch, ""},
     Kind::i32,
     P(image.batch)},
    // serving
    {{"serving.accelerator", "g", "Accelerator", "catalog id", 0, 0, ""},
     Kind::str,
     P(serving.accelerator)},
    {{"serving.ownership", "own", "Cloud or owned", "cloud|owned", 0, 0, ""},
     Kind::ownership,
     P(serving.ownership)},
    {{"serving.usd_per_gpu_hour", "usd", "Price per GPU-hour (unset = catalog)", "USD/h", 0, 1000,
      "catalog: the accelerator's usd_per_gpu_hour"},
     Kind::opt_f64,
     P(serving.usd_per_gpu_hour)},
    {{"serving.purchase_usd", "buy", "Purchase price per GPU (unset = catalog)", "USD", 0, 1e7,
      "catalog: the accelerator's purchase_usd"},
     Kind::opt_f64,
     P(serving.purchase_usd)},
    {{"serving.amortization_years", "amy", "Amortization period", "years", 0.25, 20,
      "costlab default: 4 years, the short end of the 4-6 years hyperscalers and GPU clouds "
      "depreciate servers over (company 10-K filings, 2024)"},
     Kind::f64,
     P(serving.amortization_years)},
    {{"serving.usd_per_kwh", "kwh", "Electricity price", "USD/kWh", 0, 10,
      "US EIA Electric Power Monthly table 5.6.A: average US industrial price 2024, about 8.2 "
      "cents/kWh"},
     Kind::f64,
     P(serving.usd_per_kwh)},
    {{"serving.pue", "pue", "PUE (facility / IT energy)", "ratio", 1, 5,
      "Uptime Institute Global Data Center Survey 2024: industry mean 1.56; hyperscale and GPU "
      "cloud sites report 1.1-1.2 (Google fleet 1.09, 2024). costlab uses 1.2"},
     Kind::f64,
     P(serving.pue)},
    {{"serving.grid_gco2_per_kwh", "co2", "Grid carbon intensity", "gCO2/kWh", 0, 2000,
      "US EIA FAQ 'How much carbon dioxide is produced per kilowatthour of U.S. electricity "
      "generation?': 0.81 lb/kWh in 2023 = 367 g/kWh"},
     Kind::f64,
     P(serving.grid_gco2_per_kwh)},
    // assumptions
    {{"assumptions.prefill_compute_utilization", "upc", "Prefill compute utilization", "fraction",
      0.01, 1, kSrcCalibrated},
     Kind::f64,
     P(assumptions.prefill_compute_utilization)},
    {{"assumptions.decode_compute_utilization", "udc", "Decode compute utilization", "fraction",
      0.01, 1, kSrcCalibrated},
     Kind::f64,
     P(assumptions.decode_compute_utilization)},
    {{"assumptions.memory_bw_utilization", "umb", "Memory bandwidth utilization", "fraction", 0.01,
      1,
      "costlab default 0.8: memory-bound decode kernels reach 70-90% of HBM peak (FlashDecoding, "
      "Dao et al. 2023; vLLM/TensorRT-LLM profiles); calibrated in tests/test_calibration.cpp"},
     Kind::f64,
     P(assumptions.memory_bw_utilization)},
    {{"assumptions.diffusion_compute_utilization", "udf", "Diffusion compute utilization",
      "fraction", 0.01, 1, kSrcCalibrated},
     Kind::f64,
     P(assumptions.diffusion_compute_utilization)},
    {{"assumptions.interconnect_utilization", "uic", "Interconnect utilization", "fraction", 0.01,
      1,
      "costlab default 0.7: NCCL all-reduce bus bandwidth in nccl-tests reaches about 70-80% of "
      "NVLink peak on 8-GPU nodes"},
     Kind::f64,
     P(assumptions.interconnect_utilization)},
    {{"assumptions.allreduce_latency_s", "arl", "All-reduce fixed latency", "s", 0, 1,
      "costlab default 10 us: small-message NCCL all-reduce latency inside one NVLink node is "
      "on the order of 10 us (nccl-tests)"},
     Kind::f64,
     P(assumptions.allreduce_latency_s)},
    {{"assumptions.decode_step_overhead_s", "dso", "Overhead per decode step", "s", 0, 10,
      "costlab default 2 ms: scheduling, sampling and launch overhead per decode iteration "
      "(vLLM v0.6.0 release blog, 2024-09: CPU overhead was a large share of each step)"},
     Kind::f64,
     P(assumptions.decode_step_overhead_s)},
    {{"assumptions.memory_usable_fraction", "muf", "Usable share of GPU memory", "fraction", 0.1, 1,
      "vLLM engine argument gpu_memory_utilization, default 0.9 (vLLM docs)"},
     Kind::f64,
     P(assumptions.memory_usable_fraction)},
    {{"assumptions.prefill_chunk_tokens", "pct", "Prefill chunk", "tokens", 64, 1000000,
      "TensorRT-LLM max_num_tokens default 8192 (tokens in flight per forward pass; vLLM's "
      "chunked-prefill max_num_batched_tokens plays the same role): bounds activation memory"},
     Kind::i64,
     P(assumptions.prefill_chunk_tokens)},
    {{"assumptions.gpu_power_fraction_compute_bound", "pfc", "GPU power when compute-bound",
      "fraction of board power", 0.05, 1.2,
      "Patel et al., 'Characterizing Power Management Opportunities for LLMs in the Cloud', "
      "ASPLOS 2024: compute-heavy prompt phases draw close to TDP"},
     Kind::f64,
     P(assumptions.gpu_power_fraction_compute_bound)},
    {{"assumptions.gpu_power_fraction_memory_bound", "pfm", "GPU power when memory-bound",
      "fraction of board power", 0.05, 1.2,
      "Patel et al., ASPLOS 2024: token (decode) phases draw well below TDP; costlab uses 0.65"},
     Kind::f64,
     P(assumptions.gpu_power_fraction_memory_bound)},
    {{"assumptions.host_energy_fraction", "hef", "Host energy per GPU energy", "ratio", 0, 10,
      kSrcGoogle2025},
     Kind::f64,
     P(assumptions.host_energy_fraction)},
    {{"assumptions.idle_capacity_fraction", "icf", "Idle provisioned energy per GPU energy",
      "ratio", 0, 10, kSrcGoogle2025},
     Kind::f64,
     P(assumptions.idle_capacity_fraction)},
    // fleet
    {{"fleet.text_queries_per_day", "fq", "Chat replies per day", "queries/day", 0, 1e13,
      "OpenAI, reported by Axios 2025-07-21: ChatGPT receives about 2.5 billion prompts a day; "
      "costlab default 1 billion"},
     Kind::f64,
     P(fleet.text_queries_per_day)},
    {{"fleet.images_per_day", "fi", "Images per day", "images/day", 0, 1e13,
      "OpenAI COO B. Lightcap, 2025-04: over 700 million images in the first week of GPT-4o "
      "image generation (about 100 million a day)"},
     Kind::f64,
     P(fleet.images_per_day)},
    {{"fleet.peak_to_average", "fp", "Peak-to-average demand", "ratio", 1, 100,
      "costlab default 2: diurnal peak of a global consumer service over its daily mean"},
     Kind::f64,
     P(fleet.peak_to_average)},
    {{"fleet.fixed_fleet_gpus", "fg", "Fixed fleet size", "GPUs", 1, double(limits::kMaxFleetGpus),
      "costlab default: 50,000 GPUs"},
     Kind::i64,
     P(fleet.fixed_fleet_gpus)},
    {{"fleet.users", "fu", "Daily users sharing the fleet", "users", 1, 1e11,
      "costlab default: 100 million daily users"},
     Kind::f64,
     P(fleet.users)},
    {{"fleet.text_slo_p99_s", "fst", "Target: P99 time to first token (0 = none)", "s", 0, 86400,
      "MLPerf Inference (MLCommons inference_rules.adoc), Llama 2 70B server scenario: P99 time "
      "to first token at most 2000 ms (with 200 ms per output token)"},
     Kind::f64,
     P(fleet.text_slo_p99_s)},
    {{"fleet.image_slo_p99_s", "fsi", "Target: P99 time to the image (0 = none)", "s", 0, 86400,
      "costlab default 30 s: a visitor's wait for one image; not a published figure, set your own"},
     Kind::f64,
     P(fleet.image_slo_p99_s)},
    {{"fleet.text_reply_length_cv", "fcv", "Variation of reply lengths (std / mean)", "ratio", 0,
      10,
      "Yan et al., 'ShareChat: A Dataset of Chatbot Conversations in the Wild', arXiv:2512.17843 "
      "(2025), table 1: chatbot reply lengths in public chat datasets have a standard deviation "
      "about equal to their mean (Alpaca 64.5 +- 64.9 tokens): 1.0"},
     Kind::f64,
     P(fleet.text_reply_length_cv)},
    {{"fleet.text_cap_per_user_per_day", "fct", "Cap: chat replies per user per day (0 = none)",
      "queries", 0, 1e6, ""},
     Kind::f64,
     P(fleet.text_cap_per_user_per_day)},
    {{"fleet.image_cap_per_user_per_day", "fci", "Cap: images per user per day (0 = none)",
      "images", 0, 1e6, ""},
     Kind::f64,
     P(fleet.image_cap_per_user_per_day)},
    {{"fleet.share_users_at_cap", "fsc", "Share of users who reach the cap", "fraction", 0, 1,
      "costlab default 1: every user at the cap, the upper bound of capped demand"},
     Kind::f64,
     P(fleet.share_users_at_cap)},
    // business
    {{"business.usd_price_per_text_query", "bt", "Price per chat reply", "USD", 0, 1e6,
      "about 800 tokens at ~$1 per million tokens, a 2025 API price for a 70B open model "
      "(e.g. Together AI Llama 3.1 70B Turbo, $0.88/M)"},
     Kind::f64,
     P(business.usd_price_per_text_query)},
    {{"business.usd_price_per_image", "bi", "Price per image", "USD", 0, 1e6,
      "FLUX.1 [dev] API price per megapixel image, about $0.025 (fal.ai / Replicate, 2025)"},
     Kind::f64,
     P(business.usd_price_per_image)},
    {{"business.usd_subscription_per_month", "bs", "Subscription per month", "USD", 0, 1e6,
      "ChatGPT Plus / Google AI Pro list price, $20 per month (2025)"},
     Kind::f64,
     P(business.usd_subscription_per_month)},
    {{"business.text_queries_per_user_per_day", "bqt",
      "Chat replies per user per day (0 = fleet demand / users)", "queries", 0, 1e6,
      "costlab default 0: the Fleet panel's chat replies per day over its daily users"},
     Kind::f64,
     P(business.text_queries_per_user_per_day)},
    {{"business.images_per_user_per_day", "bqi",
      "Images per user per day (0 = fleet demand / users)", "images", 0, 1e6,
      "costlab default 0: the Fleet panel's images per day over its daily users"},
     Kind::f64,
     P(business.images_per_user_per_day)},
};
#undef P

template <class T> const T& at(const Field& f, const Scenario& s) {
    return *static_cast<const T*>(f.cptr(s));
}
template <class T> T& at(const Field& f, Scenario& s) {
    return *static_cast<T*>(f.ptr(s));
}

std::string fmt_range(const FieldInfo& i) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "allowed %.15g to %.15g %s", i.min, i.max, i.unit);
    return buf;
}

// Shortest decimal that reads back to exactly the same double, without an exponent unless
// the number is huge or tiny ("9000", not "9e+03": links and messages stay readable).
std::string fmt_double(double v) {
    char buf[40];
    const double a = std::fabs(v);
    const bool plain = a == 0 || (a >= 1e-4 && a < 1e15);
    for (int prec = 1; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (std::strtod(buf, nullptr) == v && (!plain || !std::strchr(buf, 'e'))) break;
    }
    return buf;
}

// Sets a numeric field from a double, checking integrality and range.
bool set_number(const Field& f, Scenario& s, double v, const std::string& shown,
                std::vector<FieldError>& errors) {
    const FieldInfo& i = f.info;
    if (!std::isfinite(v)) {
        errors.push_back({i.json_path, shown + " is not a finite number; " + fmt_range(i)});
        return false;
    }
    if (v < i.min || v > i.max) {
        errors.push_back({i.json_path, shown + " is out of range: " + fmt_range(i)});
        return false;
    }
    bool integral = f.kind == Kind::i32 || f.kind == Kind::i64;
    if (integral && v != std::floor(v)) {
        errors.push_back({i.json_path, shown + " must be a whole number; " + fmt_range(i)});
        return false;
    }
    switch (f.kind) {
    case Kind::i32:
        at<int>(f, s) = static_cast<int>(v);
        break;
    case Kind::i64:
        at<int64_t>(f, s) = static_cast<int64_t>(v);
        break;
    case Kind::f64:
        at<double>(f, s) = v;
        break;
    case Kind::opt_f64:
        at<std::optional<double>>(f, s) = v;
        break;
    default:
        break;
    }
    return true;
}

// Catalog ids are short lowercase names (the catalog loader enforces the same): anything else
// cannot name an entry, and must not reach a link or JSON (control bytes, invalid UTF-8).
bool is_catalog_id(const std::string& v) {
    if (v.empty() || v.size() > 64) return false;
    for (char c : v)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'))
            return false;
    return true;
}

// Sets a text-valued field (ids and enums).
bool set_text(const Field& f, Scenario& s, const std::string& v, std::vector<FieldError>& errors) {
    const FieldInfo& i = f.info;
    switch (f.kind) {
    case Kind::str:
        if (!is_catalog_id(v)) {
            errors.push_back({i.json_path, "must be a catalog id: 1-64 characters from a-z 0-9 "
                                           ". - _ (see `costlab list`)"});
            return false;
        }
        at<std::string>(f, s) = v;
        return true;
    case Kind::precision:
        if (auto p = parse_precision(v)) {
            at<Precision>(f, s) = *p;
            return true;
        }
        errors.push_back({i.json_path, "\"" + v +
                                           "\" is not a precision: use fp32, tf32, bf16, fp16, "
                                           "fp8, int8, int4 or fp4"});
        return false;
    case Kind::guidance:
        if (v == "model_default" || v == "on" || v == "off") {
            at<Guidance>(f, s) = v == "on"    ? Guidance::on
                                 : v == "off" ? Guidance::off
                                              : Guidance::model_default;
            return true;
        }
        errors.push_back({i.json_path, "\"" + v + "\" must be model_default, on or off"});
        return false;
    case Kind::ownership:
        if (v == "cloud" || v == "owned") {
            at<Ownership>(f, s) = v == "owned" ? Ownership::owned : Ownership::cloud;
            return true;
        }
        errors.push_back({i.json_path, "\"" + v + "\" must be cloud or owned"});
        return false;
    default:
        return false;
    }
}

bool is_text_kind(Kind k) {
    return k == Kind::str || k == Kind::precision || k == Kind::guidance || k == Kind::ownership;
}

// Value of a field as it appears in JSON/URL text (enums by name, numbers shortest).
std::string field_text(const Field& f, const Scenario& s) {
    switch (f.kind) {
    case Kind::i32:
        return std::to_string(at<int>(f, s));
    case Kind::i64:
        return std::to_string(at<int64_t>(f, s));
    case Kind::f64:
        return fmt_double(at<double>(f, s));
    case Kind::opt_f64: {
        const auto& o = at<std::optional<double>>(f, s);
        return o ? fmt_double(*o) : std::string();
    }
    case Kind::str:
        return at<std::string>(f, s);
    case Kind::precision:
        return to_string(at<Precision>(f, s));
    case Kind::guidance:
        return to_string(at<Guidance>(f, s));
    case Kind::ownership:
        return to_string(at<Ownership>(f, s));
    }
    return {};
}

bool field_equal(const Field& f, const Scenario& a, const Scenario& b) {
    switch (f.kind) {
    case Kind::i32:
        return at<int>(f, a) == at<int>(f, b);
    case Kind::i64:
        return at<int64_t>(f, a) == at<int64_t>(f, b);
    case Kind::f64:
        return at<double>(f, a) == at<double>(f, b);
    case Kind::opt_f64:
        return at<std::optional<double>>(f, a) == at<std::optional<double>>(f, b);
    case Kind::str:
        return at<std::string>(f, a) == at<std::string>(f, b);
    case Kind::precision:
        return at<Precision>(f, a) == at<Precision>(f, b);
    case Kind::guidance:
        return at<Guidance>(f, a) == at<Guidance>(f, b);
    case Kind::ownership:
        return at<Ownership>(f, a) == at<Ownership>(f, b);
    }
    return false;
}

const Field* field_by_path(const std::string& path) {
    for (const auto& f : kFields)
        if (path == f.info.json_path) return &f;
    return nullptr;
}

const Field* field_by_key(const std::string& key) {
    for (const auto& f : kFields)
        if (key == f.info.url_key) return &f;
    return nullptr;
}

std::string url_decode(const std::string& in, bool& ok) {
    std::string out;
    ok = true;
    for (size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '+')
            out += ' ';
        else if (c == '%') {
            if (i + 2 >= in.size() || !std::isxdigit((unsigned char)in[i + 1]) ||
                !std::isxdigit((unsigned char)in[i + 2])) {
                ok = false;
                return out;
            }
            out += static_cast<char>(std::strtol(in.substr(i + 1, 2).c_str(), nullptr, 16));
            i += 2;
        } else
            out += c;
    }
    return out;
}

std::string url_encode(const std::string& in) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : in) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out += char(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

} // namespace

const std::vector<FieldInfo>& scenario_fields() {
    static const std::vector<FieldInfo> infos = [] {
        std::vector<FieldInfo> v;
        for (const auto& f : kFields)
            v.push_back(f.info);
        return v;
    }();
    return infos;
}

bool operator==(const Scenario& a, const Scenario& b) {
    if (a.version != b.version) return false;
    for (const auto& f : kFields)
        if (!field_equal(f, a, b)) return false;
    return true;
}

// ---------------------------------------------------------------------------- JSON
ParseResult parse_scenario_json(const std::string& json_text, const Scenario& base) {
    ParseResult r{base, {}};
    json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        r.errors.push_back({"", "not valid JSON"});
        return r;
    }
    if (!doc.is_object()) {
        r.errors.push_back({"", "a scenario must be a JSON object like {\"version\": 1, \"text\": "
                                "{...}, \"image\": {...}}"});
        return r;
    }
    for (auto sec = doc.begin(); sec != doc.end(); ++sec) {
        const std::string& name = sec.key();
        if (name == "version") {
            if (!sec->is_number_integer() || sec->get<int64_t>() != kScenarioVersion)
                r.errors.push_back({"version", "must be " + std::to_string(kScenarioVersion)});
            continue;
        }
        if (!sec->is_object()) {
            bool known = false;
            for (const auto& f : kFields)
                known = known ||
                        std::strncmp(f.info.json_path, (name + ".").c_str(), name.size() + 1) == 0;
            r.errors.push_back({name, known ? "must be an object" : "unknown section"});
            continue;
        }
        for (auto it = sec->begin(); it != sec->end(); ++it) {
            std::string path = name + "." + it.key();
            const Field* f = field_by_path(path);
            if (!f) {
                r.errors.push_back({path, "unknown field"});
                continue;
            }
            const json& v = *it;
            if (f->kind == Kind::opt_f64 && v.is_null()) {
                at<std::optional<double>>(*f, r.scenario).reset();
            } else if (is_text_kind(f->kind)) {
                if (v.is_string())
                    set_text(*f, r.scenario, v.get<std::string>(), r.errors);
                else
                    r.errors.push_back({path, "must be a string"});
            } else if (v.is_number()) {
                set_number(*f, r.scenario, v.get<double>(), fmt_double(v.get<double>()), r.errors);
            } else {
                r.errors.push_back({path, "must be a number; " + fmt_range(f->info)});
            }
        }
    }
    return r;
}

std::string scenario_to_json(const Scenario& s, bool pretty) {
    json doc = json::object();
    doc["version"] = s.version;
    for (const auto& f : kFields) {
        std::string path = f.info.json_path;
        size_t dot = path.find('.');
        json& v = doc[path.substr(0, dot)][path.substr(dot + 1)];
        switch (f.kind) {
        case Kind::i32:
            v = at<int>(f, s);
            break;
        case Kind::i64:
            v = at<int64_t>(f, s);
            break;
        case Kind::f64:
            v = at<double>(f, s);
            break;
        case Kind::opt_f64: {
            const auto& o = at<std::optional<double>>(f, s);
            v = o ? json(*o) : json(nullptr);
            break;
        }
        default:
            v = field_text(f, s);
            break;
        }
    }
    return detail::dump(doc, pretty);
}

// ---------------------------------------------------------------------------- URL fragment
ParseResult parse_scenario_fragment(const std::string& fragment, const Scenario& base) {
    ParseResult r{base, {}};
    std::string text = fragment;
    if (!text.empty() && text[0] == '#') text.erase(0, 1);
    if (text.rfind("v=", 0) != 0) {
        r.errors.push_back({"version", "not a costlab scenario link: it must start with v=" +
                                           std::to_string(kScenarioVersion)});
        return r;
    }
    std::vector<std::string> seen;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t amp = text.find('&', pos);
        if (amp == std::string::npos) amp = text.size();
        std::string part = text.substr(pos, amp - pos);
        pos = amp + 1;
        if (part.empty()) continue;
        size_t eq = part.find('=');
        std::string key = part.substr(0, eq);
        bool ok = true;
        std::string value = eq == std::string::npos ? "" : url_decode(part.substr(eq + 1), ok);
        if (key == "v") {
            if (value != std::to_string(kScenarioVersion))
                r.errors.push_back({"version", "v=" + value +
                                                   " is not supported: this is "
                                                   "version " +
                                                   std::to_string(kScenarioVersion)});
            continue;
        }
        const Field* f = field_by_key(key);
        if (!f) {
            r.errors.push_back({key, "unknown link parameter \"" + key + "\""});
            continue;
        }
        const std::string path = f->info.json_path;
        for (const auto& k : seen)
            if (k == key) r.errors.push_back({path, key + " appears twice"});
        seen.push_back(key);
        if (!ok) {
            r.errors.push_back({path, key + ": bad %-escape in the value"});
            continue;
        }
        if (eq == std::string::npos || value.empty()) {
            if (f->kind == Kind::opt_f64) { // "usd=" resets to the catalog price
                at<std::optional<double>>(*f, r.scenario).reset();
                continue;
            }
            r.errors.push_back({path, key + " has no value (truncated link?)"});
            continue;
        }
        if (is_text_kind(f->kind)) {
            set_text(*f, r.scenario, value, r.errors);
        } else {
            char* end = nullptr;
            double v = std::strtod(value.c_str(), &end);
            if (end == value.c_str() || *end != '\0')
                r.errors.push_back(
                    {path, key + "=" + value + " is not a number; " + fmt_range(f->info)});
            else
                set_number(*f, r.scenario, v, key + "=" + value, r.errors);
        }
    }
    return r;
}

std::string scenario_to_fragment(const Scenario& s) {
    static const Scenario defaults{};
    std::string out = "v=" + std::to_string(kScenarioVersion);
    for (const auto& f : kFields) {
        if (field_equal(f, s, defaults)) continue;
        out += '&';
        out += f.info.url_key;
        out += '=';
        out += url_encode(field_text(f, s));
    }
    return out;
}

// ---------------------------------------------------------------------------- validate
std::vector<FieldError> validate(const Scenario& s, const Catalog& catalog) {
    std::vector<FieldError> errors;
    // Fast path first (this runs on every evaluation: sweeps evaluate thousands of
    // scenarios); messages are only formatted for a value that fails.
    for (const auto& f : kFields) {
        if (is_text_kind(f.kind)) continue;
        double v = 0;
        switch (f.kind) {
        case Kind::i32:
            v = at<int>(f, s);
            break;
        case Kind::i64:
            v = double(at<int64_t>(f, s));
            break;
        case Kind::f64:
            v = at<double>(f, s);
            break;
        case Kind::opt_f64: {
            const auto& o = at<std::optional<double>>(f, s);
            if (!o) continue;
            v = *o;
            break;
        }
        default:
            break;
        }
        if (v >= f.info.min && v <= f.info.max) continue; // false for NaN too
        Scenario scratch;
        set_number(f, scratch, v, fmt_double(v), errors);
    }
    auto list = [](const auto& entries) {
        std::string ids;
        for (const auto& e : entries)
            ids += (ids.empty() ? "" : ", ") + e.id;
        return ids;
    };
    const Accelerator* acc = catalog.accelerator(s.serving.accelerator);
    if (!acc)
        errors.push_back({"serving.accelerator", "unknown accelerator \"" + s.serving.accelerator +
                                                     "\"; known: " + list(catalog.accelerators())});
    const TextModel* tm = catalog.text_model(s.text.model);
    if (!tm)
        errors.push_back({"text.model", "unknown text model \"" + s.text.model +
                                            "\"; known: " + list(catalog.text_models())});
    const ImageModel* im = catalog.image_model(s.image.model);
    if (!im)
        errors.push_back({"image.model", "unknown image model \"" + s.image.model +
                                             "\"; known: " + list(catalog.image_models())});
    if (acc) {
        for (auto [path, p] : {std::pair{"text.precision", s.text.precision},
                               std::pair{"image.precision", s.image.precision}}) {
            if (acc->effective_peak_flops_per_s(p) <= 0)
                errors.push_back({path, std::string(acc->name) + " has no " + to_string(p) +
                                            " mode (nor a wider one to run it on)"});
        }
    }
    if (tm) {
        int64_t total = s.text.input_tokens + s.text.output_tokens + s.text.reasoning_tokens;
        if (total > tm->context_max_tokens)
            errors.push_back(
                {"text.output_tokens", "input + reasoning + output = " + std::to_string(total) +
                                           " tokens exceeds " + tm->name + "'s context of " +
                                           std::to_string(tm->context_max_tokens)});
    }
    if (s.serving.ownership == Ownership::owned && acc && !s.serving.purchase_usd &&
        acc->purchase_usd <= 0)
        errors.push_back({"serving.purchase_usd", "the catalog has no purchase price for " +
                                                      acc->name +
                                                      ": enter one to price owned "
                                                      "GPUs"});
    return errors;
}

} // namespace costlab
