// Validation: the model against the public validation set (tests/validation/measurements.json,
// compiled into the CLI library). Held out by publisher: each publisher's figures predicted by
// parameters fitted on every other publisher's (what a user bringing a new lab or engine meets).
// The bounds are where the model stands today (the goals of issue 27 are tighter: median 1.25x,
// 80% within 1.5x, all within 2x): a change that makes it worse fails. Prints the table the
// methodology page and README quote. Leave-one-out (one fit per row) is `costlab validate`.
#include "costlab/validation.h"

#include "cli.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string_view>

namespace costlab::validation_data {
std::string_view embedded_file(std::string_view name);
}

using namespace costlab;

namespace {
std::string set_text() {
    return std::string(validation_data::embedded_file("measurements.json"));
}
} // namespace

TEST_CASE("the validation set is broad and every row is usable", "[validation]") {
    ValidationSet set = parse_validation_set(set_text());
    for (const auto& e : set.errors)
        FAIL_CHECK(e);
    REQUIRE(set.errors.empty());
    CHECK(set.rows.size() >= 250);
    std::set<std::string> groups, gpus, models, ids, engines;
    std::map<std::string, size_t> per_publisher;
    size_t latency = 0;
    bool text = false, image = false, energy = false, small = false, large = false;
    for (const auto& r : set.rows) {
        CHECK(ids.insert(r.id).second); // unique ids
        CHECK(!r.publisher.empty());
        CHECK(!r.engine.empty());
        ++per_publisher[r.publisher];
        engines.insert(r.engine);
        latency += r.metric == "time_to_first_token_s" || r.metric == "time_per_output_token_s";
        groups.insert(r.source_group.substr(0, r.source_group.find("-v")));
        gpus.insert(r.scenario.serving.accelerator);
        text = text || r.workload == "text";
        image = image || r.workload == "image";
        energy = energy || r.metric.rfind("gpu_energy", 0) == 0 || r.metric == "gpu_power_w";
        int batch = r.workload == "text" ? r.scenario.text.batch : r.scenario.image.batch;
        small = small || batch == 1;
        large = large || batch >= 2048;
        models.insert(r.workload == "text" ? r.scenario.text.model : r.scenario.image.model);
    }
    CHECK(groups.size() >= 3); // mlperf, ml-energy, pruna ... (versions are separate rounds)
    // Independent publishers, none dominating; latency figures; the engines a user picks.
    CHECK(per_publisher.size() >= 12);
    for (const auto& [name, n] : per_publisher) {
        INFO(name << ": " << n << " of " << set.rows.size());
        CHECK(n <= 0.35 * set.rows.size());
    }
    CHECK(latency >= 30);
    for (const char* e : {"vllm", "trtllm", "diffusers", "compiled", "tensorrt", "xdit"})
        CHECK(engines.count(e) == 1);
    for (const char* g : {"a100-sxm-80gb", "h100-sxm", "h200", "b200", "l40s", "rtx-4090"})
        CHECK(gpus.count(g) == 1);
    CHECK((gpus.count("mi300x") + gpus.count("mi325x")) >= 1);
    CHECK((models.count("mixtral-8x7b") + models.count("deepseek-r1")) >= 1); // MoE
    CHECK(text);
    CHECK(image);
    CHECK(energy);
    CHECK(small);
    CHECK(large);
}

TEST_CASE("the model holds against published measurements, in-sample and held out",
          "[validation]") {
    ValidationSet set = parse_validation_set(set_text());
    REQUIRE(set.errors.empty());
    ValidationReport rep =
        validate_model(set, Catalog::builtin(), Assumptions{}, HoldOut::publisher);
    std::printf("\n%-52s %11s %11s %7s %8s\n", "measurement", "measured", "predicted", "error",
                "held out");
    for (const auto& r : rep.rows) {
        std::printf("%-52.52s %11.4g %11.4g %6.2fx %7.2fx\n", r.row->id.c_str(), r.row->measured,
                    r.predicted, r.error, r.held_out_error);
        INFO(r.row->id << " (" << r.row->metric << "): " << r.row->source);
        CHECK(r.fits);
        CHECK(r.error < 3.0);
        CHECK(r.held_out_error < 4.5);
    }
    std::printf("in-sample median %.3fx, %.0f%% within 1.5x, %.0f%% within 2x; held out by "
                "publisher median %.3fx, %.0f%% within 1.5x, %.0f%% within 2x, worst %.2fx (%s)\n",
                rep.in_sample.median_error, rep.in_sample.share_within_1_5 * 100,
                rep.in_sample.share_within_2 * 100, rep.held_out.median_error,
                rep.held_out.share_within_1_5 * 100, rep.held_out.share_within_2 * 100,
                rep.held_out.worst_error, rep.held_out.worst_id.c_str());
    CHECK(rep.in_sample.median_error <= 1.25);
    CHECK(rep.in_sample.share_within_2 >= 0.95);
    CHECK(rep.held_out.median_error <= 1.35);
    CHECK(rep.held_out.share_within_1_5 >= 0.68);
    CHECK(rep.held_out.share_within_2 >= 0.89);
    for (const auto& p : rep.publishers) {
        INFO(p.publisher << ": median " << p.held_out.median_error);
        CHECK(p.held_out.median_error <= 1.55);
    }
    // The committed defaults are the fit on every row: a refit from the prior lands within a
    // few percent of each (the search stops at 1/1024 of its box; defaults are rounded).
    for (const auto& path : fitted_parameters()) {
        const double def = fitted_parameter_value(Assumptions{}, path);
        const double fit = fitted_parameter_value(rep.fitted, path);
        INFO(path << ": default " << def << ", fit " << fit);
        CHECK(std::abs(def - fit) <= 0.03 * std::abs(fit) + 1e-12);
    }
}

TEST_CASE("a broken validation set is refused with the row named", "[validation]") {
    ValidationSet bad = parse_validation_set(R"({"schema":"costlab-validation/1","rows":[
        {"id":"x","workload":"text","metric":"nonsense","measured":-1,"scenario":{}}]})");
    REQUIRE(bad.errors.size() >= 3);
    CHECK(bad.errors[0].find("rows[0] (x)") != std::string::npos);
    CHECK(!parse_validation_set("[]").errors.empty());
    CHECK(!parse_validation_set("{").errors.empty());
    cli::Output o = cli::run({"validate", "--in-sample", "--format", "json"});
    CHECK(o.exit_code == 0);
    CHECK(o.out.find("\"in_sample\"") != std::string::npos);
}
