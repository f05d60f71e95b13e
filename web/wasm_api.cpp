// costlab wasm API: the C functions the page calls (through cwrap) to evaluate scenarios.
// This is the only file with EMSCRIPTEN_KEEPALIVE. Every function returns a pointer to a
// module-owned static string (UTF-8 JSON) that stays valid until the next call into this
// API; the JS side copies it at once (cwrap's 'string' return type does).
//
//   costlab_evaluate_json(json)      -> {"ok":true,"scenario":{...},"fragment":"v=1&...",
//                                        "report":{...},"display":{...}}
//                                       | {"ok":false,"errors":[{"field","message"}...]}
//   costlab_evaluate_fragment(frag)  -> the same, from a URL fragment ("v=1&to=800")
//   costlab_default_scenario_json()  -> the default scenario as JSON
//   costlab_catalog_json()           -> ids and display names of the built-in catalog
//   costlab_fields_json()            -> the scenario field table (labels, units, ranges)
//
// "display" holds the report's figures already written in readable units by report_io.h's
// formatters, so the page and the CLI's table never disagree on rounding.
#include "costlab/catalog.h"
#include "costlab/model.h"
#include "costlab/report_io.h"
#include "costlab/scenario.h"

#include <emscripten/emscripten.h>
#include <nlohmann/json.hpp>

#include <string>

namespace {

using nlohmann::json;

std::string g_out; // the one buffer every function returns

const char* give(std::string s) {
    g_out = std::move(s);
    return g_out.c_str();
}

// dump() that never aborts on odd bytes (the core is built with JSON_NOEXCEPTION).
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json display_of(const costlab::WorkloadReport& w) {
    using namespace costlab;
    json d;
    d["seconds_per_query"] = format_seconds(w.seconds_per_query);
    d["gpu_seconds_per_query"] = format_seconds(w.gpu_seconds_per_query);
    d["usd_per_query"] = format_usd(w.usd_per_query);
    d["gpu_energy_wh"] = format_energy_wh(w.gpu_energy_wh);
    d["it_energy_wh"] = format_energy_wh(w.it_energy_wh);
    d["facility_energy_wh"] = format_energy_wh(w.facility_energy_wh);
    d["co2_g_per_query"] = format_mass_g(w.co2_g_per_query);
    d["memory_needed"] = format_si(w.memory_gb_needed * 1e9, "B");
    d["memory_available"] = format_si(w.memory_gb_available * 1e9, "B");
    return d;
}

std::string errors_result(const std::vector<costlab::FieldError>& errors) {
    return "{\"ok\":false,\"errors\":" + costlab::errors_to_json(errors) + "}";
}

std::string evaluate_result(const costlab::ParseResult& parsed) {
    using namespace costlab;
    if (!parsed.ok()) return errors_result(parsed.errors);
    const Report r = evaluate(parsed.scenario, Catalog::builtin());
    if (!r.ok()) return errors_result(r.errors);
    json display;
    display["text"] = display_of(r.text);
    display["image"] = display_of(r.image);
    std::string out = "{\"ok\":true,\"scenario\":";
    out += scenario_to_json(parsed.scenario, false);
    out += ",\"fragment\":";
    out += dump(json(scenario_to_fragment(parsed.scenario)));
    out += ",\"report\":";
    out += report_to_json(r, false);
    out += ",\"display\":";
    out += dump(display);
    out += "}";
    return out;
}

} // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* costlab_evaluate_json(const char* scenario_json) {
    return give(evaluate_result(costlab::parse_scenario_json(scenario_json ? scenario_json : "")));
}

EMSCRIPTEN_KEEPALIVE const char* costlab_evaluate_fragment(const char* fragment) {
    return give(evaluate_result(costlab::parse_scenario_fragment(fragment ? fragment : "")));
}

EMSCRIPTEN_KEEPALIVE const char* costlab_default_scenario_json() {
    return give(costlab::scenario_to_json(costlab::Scenario{}, false));
}

EMSCRIPTEN_KEEPALIVE const char* costlab_catalog_json() {
    const costlab::Catalog& c = costlab::Catalog::builtin();
    json out;
    json& acc = out["accelerators"] = json::array();
    for (const auto& a : c.accelerators())
        acc.push_back({{"id", a.id}, {"name", a.name}, {"vendor", a.vendor},
                       {"usd_per_gpu_hour", a.usd_per_gpu_hour}, {"memory_gb", a.memory_bytes / 1e9}});
    json& text = out["text_models"] = json::array();
    for (const auto& m : c.text_models())
        text.push_back({{"id", m.id}, {"name", m.name}, {"params_total", m.params_total},
                        {"params_active", m.params_active}});
    json& image = out["image_models"] = json::array();
    for (const auto& m : c.image_models()) {
        const char* family = m.family == costlab::ImageFamily::unet  ? "unet"
                             : m.family == costlab::ImageFamily::dit ? "dit"
                                                                     : "autoregressive";
        image.push_back({{"id", m.id}, {"name", m.name}, {"family", family},
                         {"default_steps", m.default_steps}});
    }
    return give(dump(out));
}

EMSCRIPTEN_KEEPALIVE const char* costlab_fields_json() {
    json out = json::array();
    for (const auto& f : costlab::scenario_fields()) {
        out.push_back({{"json_path", f.json_path ? f.json_path : ""},
                       {"url_key", f.url_key ? f.url_key : ""},
                       {"label", f.label ? f.label : ""},
                       {"unit", f.unit ? f.unit : ""},
                       {"min", f.min},
                       {"max", f.max}});
    }
    return give(dump(out));
}

} // extern "C"
