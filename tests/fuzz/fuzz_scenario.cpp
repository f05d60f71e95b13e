// libFuzzer target: the scenario parsers (JSON and URL fragment). Any input must give either a
// scenario or field errors, never a crash, and a parsed scenario must round-trip exactly and
// evaluate to figures that are finite or flagged (not fitting, overload, warnings).
#include "costlab/model.h"
#include "costlab/report_io.h"
#include "costlab/scenario.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace costlab;

namespace {

void require(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_scenario: invariant broken: %s\n", what);
        std::abort();
    }
}

void check(const ParseResult& r) {
    if (!r.ok()) {
        for (const auto& e : r.errors) require(!e.message.empty(), "an error without a message");
        return;
    }
    const Scenario& s = r.scenario;
    require(parse_scenario_json(scenario_to_json(s)).scenario == s, "JSON round trip");
    require(parse_scenario_fragment(scenario_to_fragment(s)).scenario == s, "fragment round trip");
    Report rep = evaluate(s, Catalog::builtin(), EvaluateOptions::everything());
    if (!rep.ok()) return; // e.g. an unknown model id: reported, nothing computed
    for (const WorkloadReport* w : {&rep.text, &rep.image}) {
        for (double v : {w->seconds_per_query, w->gpu_seconds_per_query, w->usd_per_query,
                         w->gpu_energy_wh, w->facility_energy_wh, w->co2_g_per_query,
                         w->memory_gb_needed})
            require(std::isfinite(v) && v >= 0, "a per-query figure is negative or not finite");
    }
    std::string json = report_to_json(rep, false);
    require(json.find("nan") == std::string::npos, "NaN written into report JSON");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    check(parse_scenario_json(text));
    check(parse_scenario_fragment(text));
    return 0;
}
