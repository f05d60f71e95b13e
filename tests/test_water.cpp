// Water and embodied carbon per query (model.cpp add_water_and_embodied): the equations hold
// for every workload, the figures scale with energy and GPU-seconds as they should, embodied
// carbon stays out of operational CO2, bad inputs are refused, and every export carries them.
#include "costlab/model.h"
#include "costlab/report_io.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace costlab;
using Catch::Matchers::WithinRel;

namespace {
constexpr double kSecondsPerYear = 8766.0 * 3600; // 365.25 days, as the model uses

bool has_error(const std::vector<FieldError>& errors, const std::string& field,
               const std::string& part) {
    for (const auto& e : errors)
        if (e.field == field && e.message.find(part) != std::string::npos) return true;
    return false;
}
} // namespace

TEST_CASE("water: on-site = WUE x IT energy, off-site = electricity water x facility energy") {
    Scenario s;
    Report r = evaluate(s);
    REQUIRE(r.ok());
    for (const WorkloadReport* w : {&r.text, &r.image}) {
        INFO(to_string(w->workload));
        CHECK(w->water_onsite_l_per_query > 0);
        CHECK(w->water_offsite_l_per_query > w->water_onsite_l_per_query); // U.S. defaults
        CHECK_THAT(w->water_onsite_l_per_query,
                   WithinRel(w->it_energy_wh / 1000 * s.serving.wue_l_per_kwh, 1e-12));
        CHECK_THAT(
            w->water_offsite_l_per_query,
            WithinRel(w->facility_energy_wh / 1000 * s.serving.electricity_water_l_per_kwh, 1e-12));
        CHECK_THAT(w->water_l_per_query,
                   WithinRel(w->water_onsite_l_per_query + w->water_offsite_l_per_query, 1e-12));
    }
}

TEST_CASE("water is proportional to energy: the same litres per facility kWh for every query") {
    Scenario s;
    Report r = evaluate(s);
    const double per_kwh =
        s.serving.wue_l_per_kwh / s.serving.pue + s.serving.electricity_water_l_per_kwh;
    CHECK_THAT(r.text.water_l_per_query / (r.text.facility_energy_wh / 1000),
               WithinRel(per_kwh, 1e-12));
    CHECK_THAT(r.image.water_l_per_query / (r.image.facility_energy_wh / 1000),
               WithinRel(per_kwh, 1e-12));
    // A longer reply uses more energy and, in the same proportion, more water.
    Scenario longer = s;
    longer.text.output_tokens = s.text.output_tokens * 4;
    Report rl = evaluate(longer);
    REQUIRE(rl.text.facility_energy_wh > r.text.facility_energy_wh);
    CHECK_THAT(rl.text.water_l_per_query / r.text.water_l_per_query,
               WithinRel(rl.text.facility_energy_wh / r.text.facility_energy_wh, 1e-12));
}

TEST_CASE("water: zero WUE leaves only the power plants' water, zero of both leaves none") {
    Scenario s;
    s.serving.wue_l_per_kwh = 0;
    Report r = evaluate(s);
    REQUIRE(r.ok());
    CHECK(r.image.water_onsite_l_per_query == 0);
    CHECK(r.image.water_offsite_l_per_query > 0);
    CHECK(r.image.water_l_per_query == r.image.water_offsite_l_per_query);
    s.serving.electricity_water_l_per_kwh = 0;
    CHECK(evaluate(s).image.water_l_per_query == 0);
    // Water does not change energy, CO2 or money.
    Report d = evaluate(Scenario{});
    CHECK(r.image.facility_energy_wh == d.image.facility_energy_wh);
    CHECK(r.image.co2_g_per_query == d.image.co2_g_per_query);
    CHECK(r.image.usd_per_query == d.image.usd_per_query);
}

TEST_CASE("embodied carbon: manufacturing kgCO2e over life x utilization, times GPU-seconds") {
    Scenario s;
    Report r = evaluate(s);
    const Serving& sv = s.serving;
    const double g_per_gpu_second =
        (sv.embodied_gpu_kgco2e + sv.embodied_server_kgco2e_per_gpu) * 1000 /
        (sv.amortization_years * kSecondsPerYear * sv.hardware_utilization);
    for (const WorkloadReport* w : {&r.text, &r.image}) {
        INFO(to_string(w->workload));
        CHECK(w->embodied_co2_g_per_query > 0);
        CHECK_THAT(w->embodied_co2_g_per_query,
                   WithinRel(g_per_gpu_second * w->gpu_seconds_per_query, 1e-12));
        // Its own figure: operational CO2 is still energy x grid intensity alone.
        CHECK_THAT(w->co2_g_per_query,
                   WithinRel(w->facility_energy_wh / 1000 * sv.grid_gco2_per_kwh, 1e-12));
    }
    // Proportional to GPU-seconds: the image and the reply pay the same per GPU-second.
    CHECK_THAT(r.image.embodied_co2_g_per_query / r.text.embodied_co2_g_per_query,
               WithinRel(r.image.gpu_seconds_per_query / r.text.gpu_seconds_per_query, 1e-12));
}

TEST_CASE("embodied carbon: a longer life or a busier GPU spreads it thinner") {
    Scenario s;
    const double base = evaluate(s).image.embodied_co2_g_per_query;
    Scenario longer = s;
    longer.serving.amortization_years = s.serving.amortization_years * 2;
    CHECK_THAT(evaluate(longer).image.embodied_co2_g_per_query, WithinRel(base / 2, 1e-12));
    Scenario busier = s;
    busier.serving.hardware_utilization = 1.0;
    CHECK_THAT(evaluate(busier).image.embodied_co2_g_per_query,
               WithinRel(base * s.serving.hardware_utilization, 1e-12));
    Scenario none = s;
    none.serving.embodied_gpu_kgco2e = 0;
    none.serving.embodied_server_kgco2e_per_gpu = 0;
    CHECK(evaluate(none).image.embodied_co2_g_per_query == 0);
    // More GPUs per replica use more GPU-seconds and carry more embodied carbon per reply.
    Scenario wide = s;
    wide.text.gpus = 8;
    Report rw = evaluate(wide), rb = evaluate(s);
    CHECK_THAT(rw.text.embodied_co2_g_per_query / rb.text.embodied_co2_g_per_query,
               WithinRel(rw.text.gpu_seconds_per_query / rb.text.gpu_seconds_per_query, 1e-12));
}

TEST_CASE("water and embodied inputs are refused out of range, the last good state kept") {
    const Catalog& c = Catalog::builtin();
    Scenario s;
    s.serving.wue_l_per_kwh = -0.1;
    CHECK(has_error(validate(s, c), "serving.wue_l_per_kwh", "allowed 0 to 20 L/kWh"));
    CHECK(!evaluate(s).ok());
    s = {};
    s.serving.electricity_water_l_per_kwh = 101;
    CHECK(has_error(validate(s, c), "serving.electricity_water_l_per_kwh", "allowed"));
    s = {};
    s.serving.embodied_gpu_kgco2e = -1;
    CHECK(has_error(validate(s, c), "serving.embodied_gpu_kgco2e", "allowed"));
    s = {};
    s.serving.embodied_server_kgco2e_per_gpu = 2e5;
    CHECK(has_error(validate(s, c), "serving.embodied_server_kgco2e_per_gpu", "allowed"));
    s = {};
    s.serving.hardware_utilization = 0; // would divide by zero
    CHECK(has_error(validate(s, c), "serving.hardware_utilization", "allowed 0.01 to 1"));
    s.serving.hardware_utilization = 1.5;
    CHECK(has_error(validate(s, c), "serving.hardware_utilization", "allowed"));

    Scenario good;
    good.serving.wue_l_per_kwh = 1.8;
    ParseResult bad = parse_scenario_json(R"({"serving":{"hardware_utilization":-2}})", good);
    CHECK(!bad.ok());
    CHECK(has_error(bad.errors, "serving.hardware_utilization", "allowed"));
    CHECK(good.serving.wue_l_per_kwh == 1.8);
    ParseResult frag = parse_scenario_fragment("v=1&wue=abc", good);
    CHECK(!frag.ok());
}

TEST_CASE("water and embodied inputs round-trip exactly through JSON and the fragment") {
    Scenario s;
    s.serving.wue_l_per_kwh = 1.15;
    s.serving.electricity_water_l_per_kwh = 0.1 + 0.2; // not a short decimal
    s.serving.embodied_gpu_kgco2e = 318;
    s.serving.embodied_server_kgco2e_per_gpu = 0;
    s.serving.hardware_utilization = 0.95;
    ParseResult j = parse_scenario_json(scenario_to_json(s));
    REQUIRE(j.ok());
    CHECK(j.scenario == s);
    std::string frag = scenario_to_fragment(s);
    CHECK(frag.find("wue=1.15") != std::string::npos);
    ParseResult f = parse_scenario_fragment(frag);
    REQUIRE(f.ok());
    CHECK(f.scenario == s);
    CHECK(f.scenario.serving.electricity_water_l_per_kwh == 0.1 + 0.2);
    // Defaults are not written to the fragment.
    CHECK(scenario_to_fragment(Scenario{}).find("wue=") == std::string::npos);
}

TEST_CASE("water and embodied carbon appear in JSON, CSV and the table for every workload") {
    Report r = evaluate(Scenario{});
    auto j = nlohmann::json::parse(report_to_json(r), nullptr, false);
    REQUIRE(j.is_object());
    for (const char* wl : {"text", "image"})
        for (const char* k : {"water_l_per_query", "water_onsite_l_per_query",
                              "water_offsite_l_per_query", "embodied_co2_g_per_query"}) {
            INFO(wl << "." << k);
            REQUIRE(j[wl].contains(k));
            CHECK(j[wl][k].get<double>() > 0);
        }
    CHECK(j["image"]["water_l_per_query"].get<double>() == r.image.water_l_per_query);

    std::string csv = report_to_csv(r);
    std::string header = csv.substr(0, csv.find('\n'));
    CHECK(header.find(",water_l_per_query,water_onsite_l_per_query,water_offsite_l_per_query,"
                      "embodied_co2_g_per_query") != std::string::npos);

    std::string table = report_to_table(r);
    CHECK(table.find("water per query") != std::string::npos);
    CHECK(table.find("on-site") != std::string::npos);
    CHECK(table.find("embodied CO2 per query") != std::string::npos);
    CHECK(workload_to_table(r.image).find("embodied CO2 per query") != std::string::npos);
    CHECK(format_volume_l(0.017) == "17 mL");
}
