// The CLI's commands: compare, estimate, fleet, list, link. Each formats a core Report
// (report_io.h) as a table, JSON or CSV; nothing here computes a cost.
#include "cli.h"
#include "options.h"

#include "costlab/model.h"
#include "costlab/report_io.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <vector>

namespace costlab::cli {
namespace {

using nlohmann::json;

std::string dump(const json& j) {
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

std::string list_gpus(const Options& o) {
    const auto& accs = o.catalog.accelerators();
    if (o.format == Format::json || o.format == Format::csv) {
        json arr = json::array();
        std::string csv = "id,name,bf16_tflops,fp8_tflops,memory_gb,memory_gb_per_s,board_power_w,"
                          "usd_per_gpu_hour\n";
        for (const auto& a : accs) {
            double bf16 = a.peak_flops_per_s[int(Precision::bf16)] / 1e12;
            double fp8 = a.peak_flops_per_s[int(Precision::fp8)] / 1e12;
            arr.push_back({{"id", a.id},
                           {"name", a.name},
                           {"bf16_tflops", bf16},
                           {"fp8_tflops", fp8},
                           {"memory_gb", a.memory_bytes / 1e9},
                           {"memory_gb_per_s", a.memory_bytes_per_s / 1e9},
                           {"board_power_w", a.board_power_w},
                           {"usd_per_gpu_hour", a.usd_per_gpu_hour}});
            csv += a.id + "," + a.name + "," + fmt("%g", bf16) + "," + fmt("%g", fp8) + "," +
                   fmt("%g", a.memory_bytes / 1e9) + "," + fmt("%g", a.memory_bytes_per_s / 1e9) +
                   "," + fmt("%g", a.board_power_w) + "," + fmt("%g", a.usd_per_gpu_hour) + "\n";
        }
        return o.format == Format::json ? dump(arr) : csv;
    }
    std::string out;
    char line[256];
    std::snprintf(line, sizeof line, "%-15s %-34s %9s %8s %9s %7s %8s\n", "id", "name", "bf16 TF/s",
                  "mem GB", "GB/s", "W", "$/h");
    out += line;
    for (const auto& a : accs) {
        std::snprintf(line, sizeof line, "%-15s %-34s %9.0f %8.0f %9.0f %7.0f %8.2f\n",
                      a.id.c_str(), a.name.c_str(), a.peak_flops_per_s[int(Precision::bf16)] / 1e12,
                      a.memory_bytes / 1e9, a.memory_bytes_per_s / 1e9, a.board_power_w,
                      a.usd_per_gpu_hour);
        out += line;
    }
    return out;
}

std::string list_models(const Options& o) {
    const Catalog& c = o.catalog;
    if (o.format != Format::table) {
        json j{{"text_models", json::array()},
               {"image_models", json::array()},
               {"video_models", json::array()}};
        std::string csv = "workload,id,name,params_b\n";
        for (const auto& m : c.text_models()) {
            j["text_models"].push_back({{"id", m.id},
                                        {"name", m.name},
                                        {"params_total_b", m.params_total / 1e9},
                                        {"params_active_b", m.params_active / 1e9}});
            csv += "text," + m.id + "," + m.name + "," + fmt("%g", m.params_total / 1e9) + "\n";
        }
        for (const auto& m : c.image_models()) {
            j["image_models"].push_back(
                {{"id", m.id},
                 {"name", m.name},
                 {"family", m.family == ImageFamily::unet  ? "unet"
                            : m.family == ImageFamily::dit ? "dit"
                                                           : "autoregressive"}});
            csv += "image," + m.id + "," + m.name + "," + fmt("%g", m.denoiser_params / 1e9) + "\n";
        }
        for (const auto& m : c.video_models()) {
            const bool preset = m.family == VideoFamily::preset;
            j["video_models"].push_back({{"id", m.id},
                                         {"name", m.name},
                                         {"family", preset ? "preset" : "dit"},
                                         {"params_total_b", m.params_total / 1e9},
                                         {"params_active_b", m.params_active / 1e9},
                                         {"stand_in_model", m.stand_in_model}});
            csv += "video," + m.id + "," + m.name + "," + fmt("%g", m.params_total / 1e9) + "\n";
        }
        return o.format == Format::json ? dump(j) : csv;
    }
    std::string out = "text models\n";
    char line[256];
    for (const auto& m : c.text_models()) {
        std::snprintf(line, sizeof line, "  %-16s %-36s %7.1fB params (%.1fB active)\n",
                      m.id.c_str(), m.name.c_str(), m.params_total / 1e9, m.params_active / 1e9);
        out += line;
    }
    out += "image models\n";
    for (const auto& m : c.image_models()) {
        if (m.family == ImageFamily::autoregressive)
            std::snprintf(line, sizeof line, "  %-20s %-36s %lld tokens per image\n", m.id.c_str(),
                          m.name.c_str(), (long long)m.image_tokens);
        else
            std::snprintf(line, sizeof line, "  %-20s %-36s %5.1fB denoiser, %d steps%s\n",
                          m.id.c_str(), m.name.c_str(), m.denoiser_params / 1e9, m.default_steps,
                          m.cfg ? ", CFG" : "");
        out += line;
    }
    out += "video models\n";
    for (const auto& m : c.video_models()) {
        if (m.family == VideoFamily::preset)
            std::snprintf(line, sizeof line, "  %-20s %-36s assumption: runs %s, %dx%d, %d frames\n",
                          m.id.c_str(), m.name.c_str(), m.stand_in_model.c_str(),
                          m.default_width_px, m.default_height_px, m.default_frames);
        else
            std::snprintf(line, sizeof line,
                          "  %-20s %-36s %5.1fB DiT (%.1fB active), %dx%d, %d frames, %d steps%s\n",
                          m.id.c_str(), m.name.c_str(), m.params_total / 1e9, m.params_active / 1e9,
                          m.default_width_px, m.default_height_px, m.default_frames,
                          m.default_steps, m.cfg ? ", CFG" : "");
        out += line;
    }
    return out;
}

// The scenario's field table (scenario_fields()) with each field's default (Scenario{}):
// what site/methodology.html lists as the model's assumptions.
std::string list_fields(const Options& o) {
    json defaults = json::parse(scenario_to_json(Scenario{}, false), nullptr, false);
    json arr = json::array();
    std::string csv = "json_path,label,unit,min,max,default\n";
    std::string table;
    char line[512];
    for (const FieldInfo& f : scenario_fields()) {
        json def = nullptr;
        if (defaults.is_object()) {
            std::string ptr_text = "/";
            for (const char* ch = f.json_path; *ch; ++ch)
                ptr_text += *ch == '.' ? '/' : *ch;
            json::json_pointer ptr(ptr_text);
            if (defaults.contains(ptr)) def = defaults[ptr];
        }
        arr.push_back({{"json_path", f.json_path},
                       {"url_key", f.url_key},
                       {"label", f.label},
                       {"unit", f.unit},
                       {"min", f.min},
                       {"max", f.max},
                       {"default", def},
                       {"source", f.source ? f.source : ""}});
        std::string d = def.is_null() ? "" : def.is_string() ? def.get<std::string>() : def.dump();
        csv += std::string(f.json_path) + ",\"" + f.label + "\"," + f.unit + "," +
               fmt("%.15g", f.min) + "," + fmt("%.15g", f.max) + "," + d + "\n";
        std::snprintf(line, sizeof line, "%-40s %-14s %s\n", f.json_path, d.c_str(), f.unit);
        table += line;
    }
    return o.format == Format::json ? dump(arr) : o.format == Format::csv ? csv : table;
}

// Published per-query figures and prices beside costlab's estimate for the scenario (the
// report's references[]; the JSON is exactly the report's, so CLI and page agree).
std::string list_references(const Report& r, const Options& o) {
    if (o.format == Format::json) {
        json j = json::parse(report_to_json(r, false), nullptr, false);
        return dump(j["references"]);
    }
    std::string out = o.format == Format::csv
                          ? "id,provider,metric,value,unit,costlab_value,ratio,date,url\n"
                          : "";
    for (const auto& c : r.references) {
        const std::string est = !c.has_estimate ? "no estimate"
                                : !c.trusted    ? "(!) " + fmt("%.3g", c.costlab_value)
                                                : fmt("%.3g", c.costlab_value);
        if (o.format == Format::csv) {
            out += c.id + "," + c.provider + "," + c.metric + "," + fmt("%.9g", c.value) + ",\"" +
                   c.unit + "\"," + (c.has_estimate ? fmt("%.9g", c.costlab_value) : "") + "," +
                   (c.has_estimate ? fmt("%.9g", c.ratio) : "") + "," + c.date + "," + c.url + "\n";
            continue;
        }
        out += c.provider + ": " + c.label + " (" + c.date + ")\n";
        out += "  published  " + fmt("%.3g", c.value) + " " + c.unit + "   costlab " + est +
               (c.has_estimate ? " " + c.unit + "   ratio " + fmt("%.2g", c.ratio) + "x" : "") +
               "\n";
        if (c.is_price && c.has_estimate)
            out += "  implied gross margin " + fmt("%.0f%%", c.implied_gross_margin * 100) +
                   ", break-even price " + fmt("%.3g", c.break_even_price) + " " + c.unit + "\n";
        out += "  costlab scenario: " + c.costlab_scenario + "\n";
        out += "  their boundary: " + c.boundary + "\n";
        out += "  difference: " + c.boundary_note + "\n";
        out += "  source: " + c.source + " <" + c.url + ">\n";
    }
    bool untrusted = false;
    for (const auto& c : r.references)
        untrusted = untrusted || (c.has_estimate && !c.trusted);
    if (o.format == Format::table && untrusted)
        out += "(!) the matching deployment does not fit in memory: not a trustworthy figure\n";
    return out;
}

std::string wait_text(bool stable, double v) {
    return stable ? format_seconds(v) : std::string("unbounded (utilization at or above 1)");
}

// A count of GPUs as a person reads it: the model saturates counts it cannot hold (int64's
// maximum) and those are no figure.
std::string gpu_count(int64_t n) {
    return n >= int64_t(1e15) ? std::string("over the limit (more than 1e15)")
                              : std::to_string(n);
}

// "runs at 85% of capacity", "needs 105 times its capacity" (a percentage of 10456% is
// harder to read), "needs over a million times its capacity" (past that no digit means much).
std::string load_words(double u) {
    if (u > 1e6) return "needs over a million times its capacity";
    if (u > 10) return fmt("needs %.0f times its capacity", u);
    return fmt("runs at %.0f%% of capacity", u * 100);
}

// How loaded the fixed fleet is, in words where the number means nothing: a fleet with no room
// for one replica runs at "inf%", and 15733605412% says no more than "over 100 times".
std::string load_text(const FleetWorkloadReport& f) {
    if (f.fixed_fleet_slots <= 0 || !std::isfinite(f.utilization))
        return "it has no room for one replica: it cannot serve this workload at all";
    return "at this demand it " + load_words(f.utilization);
}

std::string pad_right(std::string s, size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string fleet_text(const Report& r, const Scenario& s) {
    std::string out;
    char line[300];
    for (Workload w : r.enabled_workloads()) {
        const WorkloadInfo& wi = info(w);
        const char* label = wi.plural;
        const double per_day = s.fleet.*wi.queries_per_day;
        const FleetWorkloadReport* f = &r.fleet(w);
        std::snprintf(line, sizeof line,
                      "%s: %.3g per day, peak %.3g per second (peak/average %.3g)\n"
                      "  GPUs needed at peak   %s\n  cost per day          %s\n"
                      "  facility power        %.3g MW\n  energy per day        %.3g MWh\n"
                      "  CO2 per day           %.3g t\n",
                      label, per_day, f->peak_queries_per_second, s.fleet.peak_to_average,
                      gpu_count(f->gpus_needed).c_str(), format_si(f->usd_per_day, "$").c_str(),
                      f->facility_mw, f->energy_mwh_per_day, f->co2_t_per_day);
        out += line;
        std::snprintf(line, sizeof line,
                      "  a fixed fleet of %lld GPUs serves %.3g %s per user per day for %.3g "
                      "users; %s%s\n",
                      (long long)s.fleet.fixed_fleet_gpus, f->queries_per_user_per_day, label,
                      s.fleet.users, load_text(*f).c_str(),
                      f->overloaded ? " (OVERLOADED: requests queue or are refused)" : "");
        out += line;
        out += "  waiting at peak on the fixed fleet: P50 " +
               wait_text(f->wait_stable, f->wait_p50_s) + ", P99 " +
               wait_text(f->wait_stable, f->wait_p99_s) + "\n";
        out += "  P99 " + pad_right(wi.latency_words, 20) +
               (f->wait_stable ? format_seconds(f->unloaded_s + f->wait_p99_s)
                               : std::string("unbounded")) +
               " (unloaded " + format_seconds(f->unloaded_s) + ")\n";
        if (f->slo_p99_s > 0) {
            if (f->slo_met)
                std::snprintf(line, sizeof line,
                              "  for a P99 target of %s: %s GPUs (throughput alone: %s), "
                              "%s per day more\n",
                              format_seconds(f->slo_p99_s).c_str(), gpu_count(f->gpus_for_slo).c_str(),
                              gpu_count(f->gpus_needed).c_str(),
                              format_si(f->extra_usd_per_day_for_slo, "$").c_str());
            else
                std::snprintf(line, sizeof line, "  P99 target: %s\n", f->slo_problem.c_str());
            out += line;
            if (f->slo_met || f->slo_problem.empty()) {
                if (f->cap_unneeded)
                    std::snprintf(line, sizeof line,
                                  "  the fixed fleet meets the target for %.3g %s per day: no cap "
                                  "needed\n",
                                  f->fixed_fleet_queries_per_day_at_slo, label);
                else
                    std::snprintf(line, sizeof line,
                                  "  the fixed fleet meets the target for %.3g %s per day: a cap "
                                  "of %.3g per user per day\n",
                                  f->fixed_fleet_queries_per_day_at_slo, label,
                                  f->affordable_cap_per_user_per_day);
                out += line;
            }
        }
        if (f->capped) {
            const int64_t gpus =
                f->capped_gpus_for_slo > 0 ? f->capped_gpus_for_slo : f->capped_gpus_needed;
            // The model saturates counts beyond int64 (core/src/model.cpp gpu_count).
            const std::string count = gpus == std::numeric_limits<int64_t>::max()
                                          ? std::string("over the limit (more than 9.2e18) GPUs")
                                          : std::to_string(gpus) + " GPUs";
            std::snprintf(line, sizeof line,
                          "  with a cap of %.3g per user per day (%.0f%% of users at it): %.3g "
                          "per day, %s%s, %s per day\n",
                          f->cap_per_user_per_day, s.fleet.share_users_at_cap * 100,
                          f->capped_queries_per_day, count.c_str(),
                          f->capped_gpus_for_slo > 0 ? " for the target" : "",
                          format_si(f->capped_usd_per_day, "$").c_str());
            out += line;
        }
    }
    const double mix = r.fleet_mix_utilization;
    const std::string together =
        !std::isfinite(mix) || (r.fleet_mix_overloaded && mix < 1)
            ? std::string("are more than it can serve (one of them not at all)")
        : mix > 10 ? load_words(mix).replace(0, 5, "need") // "needs ..." for both: "need ..."
                   : fmt("load it at %.0f%%", mix * 100);
    out += "each workload above is judged as if it had the whole fixed fleet; both together " +
           together + (r.fleet_mix_overloaded ? " (OVERLOADED)" : "") + "\n";
    return out;
}

std::string gpu_cell(int64_t n) {
    return n >= int64_t(1e15) ? std::string() : std::to_string(n);
}
std::string csv_cell(const std::string& v) {
    return v.empty() ? v : "\"" + v + "\"";
}

std::string fleet_csv(const Report& r) {
    std::string out = "workload,peak_queries_per_second,gpus_needed,usd_per_day,facility_mw,"
                      "energy_mwh_per_day,co2_t_per_day,queries_per_user_per_day,utilization,"
                      "overloaded,wait_p50_s,wait_p99_s,latency_p99_s,gpus_for_slo,reason\n";
    for (Workload w : r.enabled_workloads()) {
        const char* name = info(w).name;
        const FleetWorkloadReport* f = &r.fleet(w);
        char line[600];
        // Unbounded waits and unmet targets are empty cells, never inf.
        const std::string p50 = f->wait_stable ? fmt("%.9g", f->wait_p50_s) : "";
        const std::string p99 = f->wait_stable ? fmt("%.9g", f->wait_p99_s) : "";
        const std::string lat = f->wait_stable ? fmt("%.9g", f->unloaded_s + f->wait_p99_s) : "";
        const std::string slo = f->slo_met ? gpu_cell(f->gpus_for_slo) : "";
        // A load with no meaning (no room for one replica: inf) is an empty cell, and the
        // reason column says why a cell is empty.
        const bool load = f->fixed_fleet_slots > 0 && std::isfinite(f->utilization);
        std::string reason;
        if (!load) reason = "fleet smaller than one replica: utilization over the limit";
        if (!f->wait_stable)
            reason += std::string(reason.empty() ? "" : "; ") +
                      "waits unbounded (utilization at or above 1)";
        if (f->gpus_needed >= int64_t(1e15))
            reason += std::string(reason.empty() ? "" : "; ") + "GPU count over the limit";
        std::snprintf(
            line, sizeof line, "%s,%.9g,%s,%.9g,%.9g,%.9g,%.9g,%.9g,%s,%s,%s,%s,%s,%s,%s\n", name,
            f->peak_queries_per_second, gpu_cell(f->gpus_needed).c_str(), f->usd_per_day,
            f->facility_mw, f->energy_mwh_per_day, f->co2_t_per_day, f->queries_per_user_per_day,
            load ? fmt("%.9g", f->utilization).c_str() : "", f->overloaded ? "true" : "false",
            p50.c_str(), p99.c_str(), lat.c_str(), slo.c_str(), csv_cell(reason).c_str());
        out += line;
    }
    return out;
}

} // namespace

Output run(const std::vector<std::string>& args) {
    Output o;
    Options opts;
    std::vector<std::string> errors = parse_options(args, opts);
    if (!errors.empty()) {
        for (const auto& e : errors)
            o.err += "costlab: " + e + "\n";
        o.exit_code = 2;
        return o;
    }
    const std::string& cmd = opts.command;
    if (cmd == "help") {
        o.out = kUsage;
        return o;
    }
    if (cmd == "list" && opts.list_what != "references") {
        o.out = opts.list_what == "gpus"     ? list_gpus(opts)
                 : opts.list_what == "fields" ? list_fields(opts)
                                              : list_models(opts);
        return o;
    }
    if (cmd == "validate") return validate_command(opts);
    if (cmd == "link") {
        o.out = "#" + scenario_to_fragment(opts.scenario) + "\n";
        return o;
    }
    // Every report the CLI prints carries the curves and the references (as the page's does).
    Report r = evaluate(opts.scenario, opts.catalog, EvaluateOptions::everything());
    if (!r.ok()) { // parse_options validated already; kept for safety against catalog drift
        for (const auto& e : r.errors)
            o.err += "costlab: " + e.field + ": " + e.message + "\n";
        o.exit_code = 2;
        return o;
    }
    if (cmd == "list") { // references: beside the estimate for this scenario
        o.out = list_references(r, opts);
    } else if (cmd == "estimate") {
        Workload which = Workload::text;
        workload_from_name(opts.workload, which);
        const WorkloadReport& w = r.workload(which);
        switch (opts.format) {
        case Format::json:
            o.out = workload_to_json(w) + "\n";
            break;
        case Format::csv:
            o.out = workload_to_csv(w);
            break;
        case Format::table:
            o.out = workload_to_table(w);
            break;
        }
    } else if (cmd == "fleet") {
        switch (opts.format) {
        case Format::json: {
            json j = json::parse(report_to_json(r, false), nullptr, false);
            o.out = dump(j["fleet"]);
            break;
        }
        case Format::csv:
            o.out = fleet_csv(r);
            break;
        case Format::table:
            o.out = fleet_text(r, opts.scenario);
            break;
        }
    } else { // compare
        switch (opts.format) {
        case Format::json:
            o.out = report_to_json(r) + "\n";
            break;
        case Format::csv:
            o.out = report_to_csv(r);
            break;
        case Format::table:
            o.out = report_to_table(r);
            break;
        }
    }
    return o;
}

int write_output(const Output& o, std::FILE* out, std::FILE* err) {
    errno = 0;
    const size_t wrote = std::fwrite(o.out.data(), 1, o.out.size(), out);
    // stdio buffers: a full disk shows up only at the flush.
    const bool failed = wrote != o.out.size() || std::fflush(out) != 0 || std::ferror(out);
    const int why = errno;
    std::fwrite(o.err.data(), 1, o.err.size(), err);
    if (!failed) return o.exit_code;
    std::fprintf(err, "costlab: could not write the output: %s\n",
                 why ? std::strerror(why) : "write error");
    std::fflush(err);
    return o.exit_code != 0 ? o.exit_code : 1;
}

} // namespace costlab::cli
