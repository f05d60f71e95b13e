// Report -> JSON / CSV / text table, and readable unit formatting. The JSON field names are
// the public contract of `costlab ... --format json` and of the page (see README).
#include "costlab/report_io.h"

#include "detail/json_util.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <initializer_list>

namespace costlab {

using detail::json;

namespace {

json phase_json(const PhaseReport& p) {
    return json{{"name", p.name},
                {"flops", p.flops},
                {"bytes", p.bytes},
                {"seconds", p.seconds},
                {"compute_seconds", p.compute_seconds},
                {"memory_seconds", p.memory_seconds},
                {"comm_seconds", p.comm_seconds},
                {"overhead_seconds", p.overhead_seconds},
                {"bound", to_string(p.bound)},
                {"flops_per_byte", p.flops_per_byte}};
}

// A figure the panels hatch ("not shown") is null here, never a plain number: the flags
// fits / usd_trusted / figures_trusted say why (see figures_trusted() in model.h). Written
// as plain values, then nulled by name: smaller code than a condition per field (the page's
// download is counted in kilobytes).
json shown(bool trusted, double v) {
    return trusted ? json(v) : json(nullptr);
}

void hide(json& j, bool trusted, std::initializer_list<const char*> keys) {
    if (trusted) return;
    for (const char* k : keys)
        if (j.contains(k)) j[k] = nullptr;
}

json workload_json(const WorkloadReport& w) {
    const bool ok = figures_trusted(w), usd = dollars_trusted(w);
    json j{{"workload", to_string(w.workload)},
           {"model", w.model},
           {"accelerator", w.accelerator},
           {"gpus", w.gpus},
           {"batch", w.batch},
           {"seconds_per_query", w.seconds_per_query},
           {"gpu_seconds_per_query", w.gpu_seconds_per_query},
           {"queries_per_second", w.queries_per_second},
           {"gpu_energy_wh", w.gpu_energy_wh},
           {"it_energy_wh", w.it_energy_wh},
           {"facility_energy_wh", w.facility_energy_wh},
           {"usd_per_query", w.usd_per_query},
           {"co2_g_per_query", w.co2_g_per_query},
           {"water_l_per_query", w.water_l_per_query},
           {"water_onsite_l_per_query", w.water_onsite_l_per_query},
           {"water_offsite_l_per_query", w.water_offsite_l_per_query},
           {"embodied_co2_g_per_query", w.embodied_co2_g_per_query},
           {"gpu_power_w", w.gpu_power_w},
           {"bound", to_string(w.bound)},
           {"memory_gb_needed", w.memory_gb_needed},
           {"memory_gb_available", w.memory_gb_available},
           {"fits", w.fits},
           {"usd_trusted", w.usd_trusted},
           {"figures_trusted", ok},
           {"min_gpus_to_fit", w.min_gpus_to_fit}};
    if (!w.engine.empty()) j["engine"] = w.engine;
    if (!w.cpu_offload.empty()) j["cpu_offload"] = w.cpu_offload;
    if (w.workload == Workload::text) {
        j["output_tokens_per_second"] = w.output_tokens_per_second;
        j["usd_per_million_output_tokens"] = w.usd_per_million_output_tokens;
        // Continuous batching: one request's first token and its streaming pace (model_text.cpp).
        j["time_to_first_token_s"] = w.time_to_first_token_s;
        j["time_per_output_token_s"] = w.time_per_output_token_s;
        j["effective_batch"] = w.batch;
        j["tokens_per_decode_step"] = w.tokens_per_decode_step;
    } else if (w.workload == Workload::video) {
        const VideoDetail& d = w.video;
        j["videos_per_second"] = w.videos_per_second;
        j["video"] = {{"width_px", d.width_px},
                      {"height_px", d.height_px},
                      {"frames", d.frames},
                      {"fps", d.fps},
                      {"clip_seconds", d.clip_seconds},
                      {"steps", d.steps},
                      {"cfg", d.cfg},
                      {"latent_frames", d.latent_frames},
                      {"tokens", d.tokens},
                      {"attention_share", d.attention_share},
                      {"sequence_parallel", d.sequence_parallel},
                      {"sequence_parallel_kind", d.ulysses ? "ulysses" : "ring"}};
        if (!d.stand_in.empty()) {
            j["video"]["stand_in"] = d.stand_in;
            j["video"]["basis"] = d.basis;
            j["video"]["list_price_usd"] = d.list_price_usd;
        }
    } else {
        j["images_per_second"] = w.images_per_second;
        j["usd_per_thousand_images"] = w.usd_per_thousand_images;
        if (w.output_tokens_per_second > 0)
            j["output_tokens_per_second"] = w.output_tokens_per_second;
    }
    hide(j, ok,
         {"seconds_per_query", "gpu_seconds_per_query", "queries_per_second", "gpu_energy_wh",
          "it_energy_wh", "facility_energy_wh", "co2_g_per_query", "gpu_power_w",
          "output_tokens_per_second", "images_per_second", "videos_per_second",
          "water_l_per_query", "water_onsite_l_per_query", "water_offsite_l_per_query",
          "embodied_co2_g_per_query", "time_to_first_token_s", "time_per_output_token_s"});
    hide(j, usd, {"usd_per_query", "usd_per_million_output_tokens", "usd_per_thousand_images"});
    json phases = json::array();
    if (ok) // the phase times of a deployment that cannot run are not shown either
        for (const auto& p : w.phases)
            phases.push_back(phase_json(p));
    j["phases"] = phases;
    j["warnings"] = w.warnings;
    if (const BackboneRange& g = w.backbone_range; g.present)
        j["backbone_range"] = {{"smaller_model", g.smaller_model},
                               {"larger_model", g.larger_model},
                               {"fits", g.fits},
                               {"usd_per_query", {g.usd_per_query_smaller, g.usd_per_query_larger}},
                               {"seconds_per_query",
                                {g.seconds_per_query_smaller, g.seconds_per_query_larger}},
                               {"gpu_seconds_per_query",
                                {g.gpu_seconds_per_query_smaller, g.gpu_seconds_per_query_larger}},
                               {"facility_energy_wh",
                                {g.facility_energy_wh_smaller, g.facility_energy_wh_larger}}};
    return j;
}

json curve_json(const std::vector<WaitPoint>& pts) {
    json arr = json::array();
    for (const auto& p : pts)
        arr.push_back({{"utilization", p.utilization},
                       {"wait_p50_s", p.wait_p50_s},
                       {"wait_p99_s", p.wait_p99_s}});
    return arr;
}

// A figure that only exists while the queue is stable: null (and "wait_unbounded": true) when
// the utilization is at or above 1, never inf.
json stable_or_null(bool stable, double v) {
    return stable && std::isfinite(v) ? json(v) : json(nullptr);
}

// The fleet figures of a workload that cannot be shown are not shown either. The curves are
// there when the report computed them (EvaluateOptions::wait_curves).
json fleet_json(const FleetWorkloadReport& f, const WorkloadReport& wr, bool curves) {
    json j{{"peak_queries_per_second", f.peak_queries_per_second},
           {"gpus_needed", f.gpus_needed},
           {"usd_per_day", f.usd_per_day},
           {"facility_mw", f.facility_mw},
           {"energy_mwh_per_day", f.energy_mwh_per_day},
           {"co2_t_per_day", f.co2_t_per_day},
           {"queries_per_user_per_day", f.queries_per_user_per_day},
           {"utilization", f.utilization},
           {"overloaded", f.overloaded},
           {"refused_fraction", f.refused_fraction},
           {"service_cv2", f.service_cv2},
           {"unloaded_s", f.unloaded_s},
           {"fixed_fleet_slots", f.fixed_fleet_slots},
           {"wait_unbounded", !f.wait_stable},
           {"wait_p50_s", stable_or_null(f.wait_stable, f.wait_p50_s)},
           {"wait_p99_s", stable_or_null(f.wait_stable, f.wait_p99_s)},
           {"wait_mean_s", stable_or_null(f.wait_stable, f.wait_mean_s)},
           {"throughput_fleet_wait_p99_s",
            stable_or_null(f.throughput_fleet_wait_stable, f.throughput_fleet_wait_p99_s)},
           {"slo_p99_s", f.slo_p99_s > 0 ? json(f.slo_p99_s) : json(nullptr)},
           {"gpus_for_slo", f.slo_met ? json(f.gpus_for_slo) : json(nullptr)},
           {"usd_per_day_for_slo", f.slo_met ? json(f.usd_per_day_for_slo) : json(nullptr)},
           {"extra_usd_per_day_for_slo",
            f.slo_met ? json(f.extra_usd_per_day_for_slo) : json(nullptr)},
           {"slo_problem", f.slo_problem},
           {"queue_note", f.queue_note}};
    if (curves) {
        j["wait_curve"] = curve_json(f.wait_curve);
        j["one_replica_wait_curve"] = curve_json(f.one_replica_curve);
    }
    const WorkloadInfo& wi = info(wr.workload);
    j[wi.latency_key] = stable_or_null(f.wait_stable, f.*wi.latency_p99_s);
    json limit{{"capped", f.capped}};
    if (f.capped) {
        limit["cap_per_user_per_day"] = f.cap_per_user_per_day;
        limit["queries_per_day"] = f.capped_queries_per_day;
        limit["gpus_needed"] = f.capped_gpus_needed;
        limit["gpus_for_slo"] =
            f.capped_gpus_for_slo > 0 ? json(f.capped_gpus_for_slo) : json(nullptr);
        limit["usd_per_day"] = f.capped_usd_per_day;
    }
    const bool reverse = f.slo_p99_s > 0 && f.slo_problem.empty();
    limit["fixed_fleet_queries_per_day_at_slo"] =
        reverse ? json(f.fixed_fleet_queries_per_day_at_slo) : json(nullptr);
    limit["affordable_cap_per_user_per_day"] =
        reverse && !f.cap_unneeded ? json(f.affordable_cap_per_user_per_day) : json(nullptr);
    limit["cap_unneeded"] = reverse && f.cap_unneeded;
    j["rate_limit"] = limit;
    hide(j, figures_trusted(wr),
         {"gpus_needed", "usd_per_day", "facility_mw", "energy_mwh_per_day", "co2_t_per_day",
          "queries_per_user_per_day", "utilization", "overloaded", "refused_fraction"});
    hide(j, dollars_trusted(wr), {"usd_per_day"});
    return j;
}

json references_json(const std::vector<ReferenceComparison>& refs) {
    json arr = json::array();
    for (const auto& r : refs) {
        json j{{"id", r.id},
               {"provider", r.provider},
               {"label", r.label},
               {"metric", r.metric},
               {"value", r.value},
               {"unit", r.unit},
               {"boundary", r.boundary},
               {"boundary_difference", r.boundary_note},
               {"source", r.source},
               {"url", r.url},
               {"date", r.date},
               {"costlab_scenario", r.costlab_scenario},
               {"costlab_value", r.has_estimate ? json(r.costlab_value) : json(nullptr)},
               {"ratio", r.has_estimate && std::isfinite(r.ratio) ? json(r.ratio) : json(nullptr)},
               {"trusted", r.trusted}};
        if (r.is_price) {
            j["implied_gross_margin"] =
                r.has_estimate ? json(r.implied_gross_margin) : json(nullptr);
            j["break_even_price"] = r.has_estimate ? json(r.break_even_price) : json(nullptr);
        }
        arr.push_back(j);
    }
    return arr;
}

// One rule for every figure a file gets: finite and in range, or null with the reason in
// words beside it ("<key>_reason"). Non-finite values (a fleet with no room for one replica
// runs at inf% of capacity), saturated counts (int64's 9223372036854775807) and absurd
// magnitudes never reach a JSON reader as numbers that look like figures.
constexpr double kAbsurd = 1e30;

// The fleet's load by both workloads, when it is a figure: an overloaded fleet whose load reads
// under 100% (a workload with no room for one replica adds nothing to the sum) is not one.
bool mix_utilization_shown(const Report& r) {
    const double u = r.fleet_mix_utilization;
    return std::isfinite(u) && !(r.fleet_mix_overloaded && u < 1);
}
void explain_out_of_range(json& j) {
    if (j.is_array())
        for (auto& e : j)
            explain_out_of_range(e);
    if (!j.is_object()) return;
    // Inserting into the object (a std::map) keeps the loop's iterator valid; a reason key
    // visited later is a string and left alone.
    for (auto it = j.begin(); it != j.end(); ++it) {
        json& v = it.value();
        const double d = v.is_number() ? v.get<double>() : 0;
        const bool saturated = v.is_number_integer() &&
                               v.get<int64_t>() == std::numeric_limits<int64_t>::max();
        if (std::isnan(d))
            j[it.key() + "_reason"] = "not defined for this scenario";
        else if (saturated || !(std::fabs(d) < kAbsurd))
            j[it.key() + "_reason"] = "over the limit";
        else {
            explain_out_of_range(v);
            continue;
        }
        v = nullptr;
    }
}

std::string printf_string(const char* fmt, double v, const char* unit = "") {
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, v, unit);
    return buf;
}

// 2-3 significant digits, the way people read prices and energies.
std::string sig(double v) {
    if (std::fabs(v) >= 99.5) return printf_string("%.0f", v); // %.2g would print 1e+02
    return printf_string("%.2g", v);
}

std::string pad(const std::string& s, size_t width) {
    // Width in code points: the table uses a few multi-byte symbols ("÷", "µ").
    size_t cps = 0;
    for (unsigned char c : s)
        cps += (c & 0xC0) != 0x80;
    return cps >= width ? s : s + std::string(width - cps, ' ');
}

std::string ratio_text(double r) {
    return std::isfinite(r) ? sig(r) + "x" : "n/a";
}

struct Row {
    const char* label;
    std::string (*cell)(const WorkloadReport&);
    bool per_query; // a figure that is meaningless when the deployment does not fit
};

// Marks figures that cannot be trusted (see WorkloadReport::fits / usd_trusted) with "(!)";
// the table's footer says why.
std::string cell_text(const Row& row, const WorkloadReport& w) {
    std::string text = row.cell(w);
    bool money = std::string(row.label) == "cost per query";
    if ((row.per_query && !w.fits) || (money && !w.usd_trusted)) text += " (!)";
    return text;
}

// The rows that carry a ratio column, and on which metric.
bool row_metric(const Row& row, Metric& m) {
    const std::string label = row.label;
    if (label == "cost per query")
        m = Metric::usd;
    else if (label == "energy, facility")
        m = Metric::energy;
    else if (label == "GPU-seconds per query")
        m = Metric::gpu_seconds;
    else
        return false;
    return true;
}

bool any_untrusted(const WorkloadReport& w) {
    return !w.fits || !w.usd_trusted;
}

const Row kRows[] = {
    {"model", [](const WorkloadReport& w) { return w.model; }, false},
    {"GPUs x batch",
     [](const WorkloadReport& w) {
         return std::to_string(w.gpus) + " x " + std::to_string(w.batch);
     },
     false},
    {"latency per query",
     [](const WorkloadReport& w) { return format_seconds(w.seconds_per_query); }, true},
    {"  first token / per token",
     [](const WorkloadReport& w) {
         return w.workload == Workload::text ? format_seconds(w.time_to_first_token_s) + " / " +
                                                   format_seconds(w.time_per_output_token_s)
                                             : std::string("-");
     },
     true},
    {"GPU-seconds per query",
     [](const WorkloadReport& w) { return format_seconds(w.gpu_seconds_per_query); }, true},
    {"cost per query", [](const WorkloadReport& w) { return format_usd(w.usd_per_query); }, true},
    {"energy, GPU", [](const WorkloadReport& w) { return format_energy_wh(w.gpu_energy_wh); },
     true},
    {"energy, IT", [](const WorkloadReport& w) { return format_energy_wh(w.it_energy_wh); }, true},
    {"energy, facility",
     [](const WorkloadReport& w) { return format_energy_wh(w.facility_energy_wh); }, true},
    {"CO2 per query", [](const WorkloadReport& w) { return format_mass_g(w.co2_g_per_query); },
     true},
    {"water per query",
     [](const WorkloadReport& w) { return format_volume_l(w.water_l_per_query); }, true},
    {"  on-site / off-site",
     [](const WorkloadReport& w) {
         return format_volume_l(w.water_onsite_l_per_query) + " / " +
                format_volume_l(w.water_offsite_l_per_query);
     },
     true},
    {"embodied CO2 per query",
     [](const WorkloadReport& w) { return format_mass_g(w.embodied_co2_g_per_query); }, true},
    {"throughput",
     [](const WorkloadReport& w) {
         return w.workload == Workload::text    ? sig(w.output_tokens_per_second) + " tok/s"
                : w.workload == Workload::video ? sig(w.videos_per_second * 3600) + " videos/h"
                                                : sig(w.images_per_second) + " img/s";
     },
     true},
    {"bound by", [](const WorkloadReport& w) { return std::string(to_string(w.bound)); }, false},
    {"memory needed / usable",
     [](const WorkloadReport& w) {
         return sig(w.memory_gb_needed) + " / " + sig(w.memory_gb_available) + " GB" +
                (w.fits ? "" : "  DOES NOT FIT");
     },
     false},
};

} // namespace

// Past these a figure means nothing to a reader (and printf would write 23 to 185 digits, or
// "$0.000000000000" for a denormal): the formatters say so in words instead.
constexpr double kMaxShownUsd = 1e15;    // a thousand times the world's GDP
constexpr double kMinShownUsd = 1e-6;    // a millionth of a dollar
constexpr double kMaxShownSeconds = 3.15576e11; // 10,000 years
constexpr double kMaxShownSi = 1e21;     // 1000 E<unit>
constexpr double kMinShownSi = 1e-12;    // 1 p<unit>

std::string format_usd(double usd) {
    if (!std::isfinite(usd)) return "n/a";
    double a = std::fabs(usd);
    if (a == 0) return "$0";
    if (a >= kMaxShownUsd) return "over $1000 T (over the limit)";
    if (a < kMinShownUsd) return "under $0.000001";
    if (a >= 1e6) return format_si(usd, "$");
    if (a >= 100) return printf_string("$%.0f", usd);
    if (a >= 1) return printf_string("$%.2f", usd);
    // Two significant digits for small amounts: $0.0012
    int decimals = int(std::ceil(-std::log10(a))) + 1;
    char buf[64];
    std::snprintf(buf, sizeof buf, "$%.*f", std::min(decimals, 12), usd);
    return buf;
}

std::string format_si(double value, const char* unit) {
    if (!std::isfinite(value)) return "n/a";
    static const char* prefixes[] = {"p", "n", "µ", "m", "", "k", "M", "G", "T", "P", "E"};
    double a = std::fabs(value);
    if (std::string(unit) != "$") {
        if (a >= kMaxShownSi) return std::string("over 1000 E") + unit + " (over the limit)";
        if (a > 0 && a < kMinShownSi) return std::string("under 1 p") + unit;
    }
    int exp3 = a > 0 ? int(std::floor(std::log10(a) / 3)) : 0;
    exp3 = std::max(-4, std::min(6, exp3));
    double scaled = value / std::pow(1000.0, exp3);
    if (std::string(unit) == "$") { // money uses k/M/B, never milli-dollars
        if (a >= kMaxShownUsd) return format_usd(value);
        if (a >= 1e12) return printf_string("$%.3g T", value / 1e12);
        if (a >= 1e9) return printf_string("$%.3g B", value / 1e9);
        if (a >= 1e6) return printf_string("$%.3g M", value / 1e6);
        return format_usd(value);
    }
    return sig(scaled) + " " + prefixes[exp3 + 4] + unit;
}

std::string format_energy_wh(double wh) {
    return format_si(wh, "Wh");
}
std::string format_mass_g(double g) {
    if (std::fabs(g) >= 1e6) return format_si(g / 1e6, "t");
    return format_si(g, "g");
}
std::string format_volume_l(double litres) {
    return format_si(litres, "L");
}
std::string format_seconds(double s) {
    if (!std::isfinite(s)) return "n/a";
    if (s >= kMaxShownSeconds) return "over 10,000 years (over the limit)";
    if (s >= 3600 * 48) return sig(s / 86400) + " days";
    if (s >= 3600) return sig(s / 3600) + " h";
    if (s >= 120) return sig(s / 60) + " min";
    return format_si(s, "s");
}

std::string workload_to_json(const WorkloadReport& w, bool pretty) {
    json j = workload_json(w);
    explain_out_of_range(j);
    return detail::dump(j, pretty);
}

std::string report_to_json(const Report& r, bool pretty) {
    const bool tu = dollars_trusted(r.text), iu = dollars_trusted(r.image);
    json j{
        {"ratios", json::object()},
        {"fleet",
         {{"mix_utilization", mix_utilization_shown(r) ? json(r.fleet_mix_utilization)
                                                        : json(nullptr)},
          {"mix_overloaded", r.fleet_mix_overloaded}}},
        {"business",
         {{"text_margin", shown(tu, r.business.text_margin)},
          {"image_margin", shown(iu, r.business.image_margin)},
          {"text_break_even_usd", shown(tu, r.business.text_break_even_usd)},
          {"image_break_even_usd", shown(iu, r.business.image_break_even_usd)},
          {"usd_cost_per_user_per_month", shown(tu && iu, r.business.usd_cost_per_user_per_month)},
          {"subscription_margin", shown(tu && iu, r.business.subscription_margin)},
          {"text_queries_per_user_per_day", r.business.text_queries_per_user_per_day},
          {"images_per_user_per_day", r.business.images_per_user_per_day}}}};
    const std::vector<Workload> on = r.enabled_workloads();
    for (size_t i = 0; i < on.size(); ++i) {
        const char* name = info(on[i]).name;
        j[name] = workload_json(r.workload(on[i]));
        j["fleet"][name] = fleet_json(r.fleet(on[i]), r.workload(on[i]), r.has_wait_curves);
        // "image_to_text_usd", "video_to_image_usd", "video_to_text_usd", ...: each workload
        // against every one listed before it.
        for (Metric m : kMetrics)
            for (size_t k = i; k-- > 0;)
                j["ratios"][std::string(name) + "_to_" + info(on[k]).name + "_" + to_string(m)] =
                    shown(ratio_trusted(r, on[i], on[k], m), ratio(r, on[i], on[k], m));
    }
    if (r.has_references) j["references"] = references_json(r.references);
    if (!mix_utilization_shown(r))
        j["fleet"]["mix_utilization_reason"] = "over the limit: a workload the fixed fleet cannot "
                                               "serve at all (smaller than one replica)";
    explain_out_of_range(j);
    return detail::dump(j, pretty);
}

std::string errors_to_json(const std::vector<FieldError>& errors) {
    json arr = json::array();
    for (const auto& e : errors)
        arr.push_back({{"field", e.field}, {"message", e.message}});
    return detail::dump(arr, false);
}

namespace {
const char* kCsvHeader =
    "workload,model,accelerator,gpus,batch,seconds_per_query,gpu_seconds_per_query,"
    "queries_per_second,output_tokens_per_second,images_per_second,gpu_energy_wh,it_energy_wh,"
    "facility_energy_wh,usd_per_query,co2_g_per_query,bound,memory_gb_needed,fits,usd_trusted,"
    "figures_trusted,water_l_per_query,water_onsite_l_per_query,water_offsite_l_per_query,"
    "embodied_co2_g_per_query,videos_per_second,time_to_first_token_s,time_per_output_token_s,"
    "effective_batch\n";

// An empty cell for a figure the panels hatch (the trust columns say why).
std::string cell(bool trusted, double v) {
    if (!trusted || !std::isfinite(v)) return "";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

std::string csv_row(const WorkloadReport& w) {
    const bool ok = figures_trusted(w), usd = dollars_trusted(w);
    const char* yes = "true";
    const char* no = "false";
    std::string row = std::string(to_string(w.workload)) + "," + w.model + "," + w.accelerator +
                      "," + std::to_string(w.gpus) + "," + std::to_string(w.batch);
    for (double v : {w.seconds_per_query, w.gpu_seconds_per_query, w.queries_per_second,
                     w.output_tokens_per_second, w.images_per_second, w.gpu_energy_wh,
                     w.it_energy_wh, w.facility_energy_wh})
        row += "," + cell(ok, v);
    row += "," + cell(usd, w.usd_per_query) + "," + cell(ok, w.co2_g_per_query) + "," +
           to_string(w.bound) + "," + cell(true, w.memory_gb_needed) + "," + (w.fits ? yes : no) +
           "," + (w.usd_trusted ? yes : no) + "," + (ok ? yes : no);
    for (double v : {w.water_l_per_query, w.water_onsite_l_per_query, w.water_offsite_l_per_query,
                     w.embodied_co2_g_per_query, w.videos_per_second})
        row += "," + cell(ok, v);
    const bool text = w.workload == Workload::text;
    row += "," + cell(ok && text, w.time_to_first_token_s) + "," +
           cell(ok && text, w.time_per_output_token_s) + "," + std::to_string(w.batch);
    return row + "\n";
}
// "range: $0.0012 (Llama 3.1 70B) to $0.0051 (DeepSeek-V3) per image, ..." for presets
// whose backbone is a stand-in; empty otherwise.
std::string backbone_range_text(const WorkloadReport& w) {
    const BackboneRange& g = w.backbone_range;
    if (!g.present) return "";
    return "range with a smaller / larger stand-in backbone (" + g.smaller_model + " / " +
           g.larger_model + "): " + format_usd(g.usd_per_query_smaller) + " to " +
           format_usd(g.usd_per_query_larger) +
           (w.workload == Workload::video ? " per video, " : " per image, ") +
           format_seconds(g.gpu_seconds_per_query_smaller) + " to " +
           format_seconds(g.gpu_seconds_per_query_larger) + " of GPU time" +
           (g.fits ? "" : " (!) one end does not fit") + "\n";
}
} // namespace

std::string workload_to_csv(const WorkloadReport& w) {
    return kCsvHeader + csv_row(w);
}
std::string report_to_csv(const Report& r) {
    std::string out = kCsvHeader;
    for (Workload w : r.enabled_workloads())
        out += csv_row(r.workload(w));
    return out;
}

// "clip: 1280x720, 81 frames at 16 fps (5.1 s), 50 steps with CFG; 75600 tokens, ..."
std::string video_detail_text(const WorkloadReport& w) {
    if (w.workload != Workload::video) return "";
    const VideoDetail& d = w.video;
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  "clip: %dx%d, %d frames at %d fps (%.1f s), %d steps %s; %lld latent tokens "
                  "(%lld latent frames), attention %.0f%% of a pass; %d GPU%s %s\n",
                  d.width_px, d.height_px, d.frames, d.fps, d.clip_seconds, d.steps,
                  d.cfg ? "with CFG" : "without CFG", (long long)d.tokens,
                  (long long)d.latent_frames, d.attention_share * 100, d.sequence_parallel,
                  d.sequence_parallel > 1 ? "s" : "",
                  d.sequence_parallel > 1 ? (d.ulysses ? "(Ulysses sequence parallel)"
                                                       : "(ring attention sequence parallel)")
                                          : "");
    std::string out = buf;
    if (!d.stand_in.empty()) {
        out += "stand-in: " + d.stand_in + " (" + d.basis + ")\n";
        if (d.list_price_usd > 0) out += "vendor list price: " + format_usd(d.list_price_usd) + "\n";
    }
    return out;
}

std::string workload_to_table(const WorkloadReport& w) {
    std::string out;
    for (const auto& row : kRows)
        out += pad(row.label, 26) + cell_text(row, w) + "\n";
    out += video_detail_text(w);
    out += backbone_range_text(w);
    if (any_untrusted(w)) out += "(!) not trustworthy: see the warnings below\n";
    for (const auto& p : w.phases)
        out += pad("  phase: " + p.name, 26) + format_seconds(p.seconds) + "  (" +
               to_string(p.bound) + "-bound)\n";
    for (const auto& warn : w.warnings)
        out += "warning: " + warn + "\n";
    return out;
}

std::string report_to_table(const Report& r) {
    // One column per enabled workload, then one ratio column per workload after the first
    // against the one before it ("image ÷ reply", "video ÷ image").
    const std::vector<Workload> on = r.enabled_workloads();
    auto ratio_columns = [&](auto cell_of) {
        std::string out;
        for (size_t i = 1; i < on.size(); ++i) {
            const std::string c = cell_of(on[i], on[i - 1]);
            out += i + 1 < on.size() ? pad(c, 15) : c;
        }
        return out;
    };
    std::string out = pad("", 26);
    for (Workload w : on)
        out += pad(info(w).label, 22);
    out += ratio_columns([](Workload a, Workload b) {
               return std::string(info(a).short_label) + " ÷ " + info(b).short_label;
           }) +
           "\n";
    for (const auto& row : kRows) {
        out += pad(row.label, 26);
        for (Workload w : on)
            out += pad(cell_text(row, r.workload(w)), 22);
        out += ratio_columns([&](Workload a, Workload b) {
                   Metric m;
                   return row_metric(row, m) ? ratio_text(ratio(r, a, b, m)) : std::string();
               }) +
               "\n";
    }
    // A sentence per workload after the first: "One image costs as much as 18 chat replies
    // ($0.0050 vs $0.00027).", then "One video = 40 images = 700 chat replies in dollars ...".
    auto num = [](double x) { return std::isfinite(x) ? sig(x) : std::string("n/a"); };
    for (size_t i = 1; i < on.size(); ++i) {
        const WorkloadInfo& a = info(on[i]);
        const WorkloadReport& w = r.workload(on[i]);
        if (i == 1) {
            const WorkloadInfo& b = info(on[0]);
            out += std::string("\nOne ") + a.label + " costs as much as " +
                   num(ratio(r, a.id, b.id, Metric::usd)) + " " + b.plural + " (" +
                   format_usd(w.usd_per_query) + " vs " +
                   format_usd(r.workload(b.id).usd_per_query) + ").\n";
        } else {
            std::string usd, energy;
            for (size_t k = i; k-- > 0;) {
                const WorkloadInfo& b = info(on[k]);
                usd += " = " + num(ratio(r, a.id, b.id, Metric::usd)) + " " + b.plural;
                energy += (k + 1 == i ? " " : " = ") + num(ratio(r, a.id, b.id, Metric::energy)) +
                          " " + b.short_plural;
            }
            out += std::string("One ") + a.label + usd + " in dollars (" +
                   format_usd(w.usd_per_query) + "); in energy" + energy + ".\n";
        }
        out += video_detail_text(w);
    }
    bool untrusted = false;
    for (Workload w : on) {
        out += backbone_range_text(r.workload(w));
        untrusted = untrusted || any_untrusted(r.workload(w));
    }
    if (untrusted) out += "(!) not trustworthy: see the warnings below\n";
    for (Workload w : on)
        for (const auto& warn : r.workload(w).warnings)
            out += std::string("warning (") + info(w).name + "): " + warn + "\n";
    return out;
}

} // namespace costlab
