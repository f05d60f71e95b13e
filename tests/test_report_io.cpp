// Report formats: the JSON contract (field names the CLI and page rely on), CSV shape, and
// readable units.
#include "costlab/report_io.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace costlab;

TEST_CASE("workload JSON holds the documented fields") {
    Report r = evaluate(Scenario{});
    auto j = nlohmann::json::parse(workload_to_json(r.text), nullptr, false);
    REQUIRE(j.is_object());
    for (const char* k : {"seconds_per_query", "gpu_seconds_per_query", "queries_per_second",
                          "output_tokens_per_second", "gpu_energy_wh", "it_energy_wh",
                          "facility_energy_wh", "usd_per_query", "co2_g_per_query", "bound", "gpus",
                          "batch", "memory_gb_needed", "fits"}) {
        INFO(k);
        CHECK(j.contains(k));
    }
    auto ji = nlohmann::json::parse(workload_to_json(r.image), nullptr, false);
    CHECK(ji.contains("images_per_second"));
    CHECK(ji["usd_per_query"].get<double>() == r.image.usd_per_query);
}

TEST_CASE("non-finite figures become null in JSON, never NaN text") {
    Scenario s;
    s.business.usd_price_per_image = 0; // margin = -inf
    std::string text = report_to_json(evaluate(s), false);
    // As values (the compact dump writes "key":value); words like "inference" may appear in
    // the references' text.
    for (const char* bad : {":nan", ":-nan", ":inf", ":-inf", ",nan", ",inf", "[nan", "[inf"})
        CHECK(text.find(bad) == std::string::npos);
    auto j = nlohmann::json::parse(text, nullptr, false);
    REQUIRE(!j.is_discarded());
    CHECK(j["business"]["image_margin"].is_null());
}

TEST_CASE("CSV has a header and one row per workload with the same columns") {
    std::string csv = report_to_csv(evaluate(Scenario{}));
    size_t lines = 0, cols_header = 0;
    size_t start = 0;
    while (start < csv.size()) {
        size_t end = csv.find('\n', start);
        std::string line = csv.substr(start, end - start);
        size_t cols = std::count(line.begin(), line.end(), ',') + 1;
        if (lines == 0) cols_header = cols;
        CHECK(cols == cols_header);
        ++lines;
        start = end + 1;
    }
    CHECK(lines == 3);
}

TEST_CASE("readable units") {
    CHECK(format_usd(0.00123) == "$0.0012");
    CHECK(format_usd(1.2) == "$1.20");
    CHECK(format_usd(2.5e7) == "$25 M");
    CHECK(format_energy_wh(0.0034) == "3.4 mWh");
    CHECK(format_energy_wh(2500) == "2.5 kWh");
    CHECK(format_seconds(0.012) == "12 ms");
    CHECK(format_seconds(7200) == "2 h");
    CHECK(format_seconds(4.73) == "4.7 s");
    CHECK(format_usd(0.0392) == "$0.039");
    CHECK(format_si(1.2e15, "FLOP/s") == "1.2 PFLOP/s");
    CHECK(format_mass_g(0.5) == "500 mg");
}
