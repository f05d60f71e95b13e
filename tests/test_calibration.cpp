// Calibration: predictions against published measurements (MLPerf Inference and others),
// each within a factor of 2. The measurements and their citations are data in
// tests/calibration_points.json (compiled in); this test prints the comparison table that
// site/methodology and the README quote.
#include "costlab/model.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string_view>

namespace costlab::test_data {
std::string_view embedded_file(std::string_view name);
}

using namespace costlab;
using nlohmann::json;

TEST_CASE("predictions are within 2x of published measurements") {
    std::string_view text = test_data::embedded_file("calibration_points.json");
    json doc = json::parse(text.begin(), text.end(), nullptr, false);
    REQUIRE(doc.is_object());
    REQUIRE(doc["points"].is_array());
    REQUIRE(doc["points"].size() >= 3);
    std::printf("\n%-48s %-34s %12s %12s %6s\n", "calibration point", "metric", "published",
                "predicted", "ratio");
    for (const auto& p : doc["points"]) {
        std::string id = p["id"].get<std::string>();
        INFO(id << ": " << p["source"].get<std::string>());
        ParseResult sc = parse_scenario_json(p["scenario"].dump());
        REQUIRE(sc.ok());
        Report r = evaluate(sc.scenario);
        REQUIRE(r.ok());
        const WorkloadReport& w = p["workload"] == "text" ? r.text : r.image;
        std::string metric = p["metric"].get<std::string>();
        double predicted = 0;
        if (metric == "output_tokens_per_second_per_gpu")
            predicted = w.output_tokens_per_second / w.gpus;
        else if (metric == "images_per_second_per_gpu")
            predicted = w.images_per_second / w.gpus;
        else if (metric == "seconds_per_query")
            predicted = w.seconds_per_query;
        else if (metric == "gpu_energy_wh")
            predicted = w.gpu_energy_wh;
        else
            FAIL("unknown metric " << metric);
        double published = p["published"].get<double>();
        double ratio = predicted / published;
        std::printf("%-48s %-34s %12.4g %12.4g %6.2f\n", id.c_str(), metric.c_str(), published,
                    predicted, ratio);
        CHECK(w.fits);
        CHECK(ratio > 0.5);
        CHECK(ratio < 2.0);
    }
}
