// Waiting under load in the report (core/src/model.cpp fleet_for) and the references
// (core/src/references.cpp): the fleet for a P99 target meets it when evaluated, waits move the
// right way with demand and fleet size, rate limits both ways, bad input in words (never inf or
// NaN), one demand figure for Business and Fleet, and `costlab fleet|list references` agreeing
// with the report.
#include "cli.h"

#include "costlab/model.h"
#include "costlab/references.h"
#include "costlab/report_io.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

using namespace costlab;
using nlohmann::json;

namespace {

// A scenario whose fixed fleet runs near its knee (text at about 90% of the fixed fleet).
Scenario loaded(double utilization) {
    Scenario s;
    const Report r = evaluate(s);
    s.fleet.fixed_fleet_gpus = 200;
    const double per_gpu_per_day = r.text.queries_per_second / r.text.gpus * 86400;
    s.fleet.text_queries_per_day = utilization * per_gpu_per_day * 200 / s.fleet.peak_to_average;
    return s;
}

bool finite_everywhere(const json& j) {
    if (j.is_number_float()) return std::isfinite(j.get<double>());
    if (j.is_object() || j.is_array()) {
        for (const auto& v : j)
            if (!finite_everywhere(v)) return false;
    }
    return true;
}

} // namespace

TEST_CASE("the fleet for a P99 target meets it when evaluated and is at least the throughput "
          "fleet",
          "[fleet][queue]") {
    for (double slo : {1.5, 2.0, 5.0}) {
        Scenario s;
        s.fleet.text_slo_p99_s = slo;
        s.fleet.image_slo_p99_s = slo * 10; // one image takes about 6 s unloaded
        const Report r = evaluate(s);
        REQUIRE(r.ok());
        for (const auto* f : {&r.fleet_text, &r.fleet_image}) {
            INFO("target " << slo << (f == &r.fleet_text ? " text" : " image"));
            REQUIRE(f->slo_met);
            CHECK(f->gpus_for_slo >= f->gpus_needed);
            CHECK(f->extra_usd_per_day_for_slo >= 0);
            // Evaluated: a fixed fleet of exactly that size meets the target at the peak...
            Scenario check = s;
            check.fleet.fixed_fleet_gpus = f->gpus_for_slo;
            const Report c = evaluate(check);
            const auto& cf = f == &r.fleet_text ? c.fleet_text : c.fleet_image;
            REQUIRE(cf.wait_stable);
            CHECK(cf.unloaded_s + cf.wait_p99_s <= f->slo_p99_s + 1e-9);
            // ...and one replica fewer does not (it is the smallest).
            const int per_replica = f == &r.fleet_text ? r.text.gpus : 1;
            if (f->gpus_for_slo - per_replica >= f->gpus_needed) {
                check.fleet.fixed_fleet_gpus = f->gpus_for_slo - per_replica;
                const Report less = evaluate(check);
                const auto& lf = f == &r.fleet_text ? less.fleet_text : less.fleet_image;
                CHECK((!lf.wait_stable || lf.unloaded_s + lf.wait_p99_s > f->slo_p99_s));
            }
        }
    }
}

TEST_CASE("waits rise with demand on a fixed fleet and fall as the fleet grows", "[fleet][queue]") {
    double last = -1;
    for (double u : {0.5, 0.8, 0.9, 0.95, 0.99}) {
        const Report r = evaluate(loaded(u));
        REQUIRE(r.fleet_text.wait_stable);
        CHECK(r.fleet_text.utilization == Approx(u).epsilon(1e-6));
        CHECK(r.fleet_text.wait_mean_s > last);
        last = r.fleet_text.wait_mean_s;
        CHECK(r.fleet_text.time_to_first_token_p99_s >= r.fleet_text.unloaded_s);
    }
    Scenario s = loaded(0.95);
    double before = 1e300;
    for (int64_t gpus : {200, 210, 240, 400}) {
        s.fleet.fixed_fleet_gpus = gpus;
        const Report r = evaluate(s);
        REQUIRE(r.fleet_text.wait_stable);
        CHECK(r.fleet_text.wait_mean_s < before);
        before = r.fleet_text.wait_mean_s;
    }
    // Low load: the time to first token tends to the prefill alone.
    const Report idle = evaluate(loaded(0.01), Catalog::builtin(), EvaluateOptions::everything());
    CHECK(idle.fleet_text.wait_p99_s == 0);
    CHECK(idle.fleet_text.time_to_first_token_p99_s == Approx(idle.fleet_text.unloaded_s));
    // The melting curve rises along the utilization.
    const auto& curve = idle.fleet_text.wait_curve;
    REQUIRE(curve.size() > 12);
    for (size_t i = 1; i < curve.size(); ++i) {
        CHECK(curve[i].utilization > curve[i - 1].utilization);
        CHECK(curve[i].wait_p99_s >= curve[i - 1].wait_p99_s);
    }
    CHECK(curve.back().wait_p99_s > 0);
    CHECK(!idle.fleet_text.one_replica_curve.empty());
    // The curve's operating point is the report's own wait at the same utilization.
    Scenario at = loaded(0.9);
    const Report full = evaluate(at, Catalog::builtin(), EvaluateOptions::everything());
    bool seen = false;
    for (const auto& p : full.fleet_text.wait_curve)
        if (std::fabs(p.utilization - 0.9) < 1e-12) {
            seen = true;
            CHECK(p.wait_p99_s == Approx(full.fleet_text.wait_p99_s).epsilon(1e-6));
        }
    CHECK(seen);
    // Without the option (sweeps, benchmarks) the curves and references are left out, and every
    // other figure is the same.
    const Report fast = evaluate(at);
    CHECK_FALSE(fast.has_wait_curves);
    CHECK(fast.fleet_text.wait_curve.empty());
    CHECK(fast.references.empty());
    CHECK(fast.fleet_text.wait_p99_s == full.fleet_text.wait_p99_s);
    CHECK(fast.fleet_text.gpus_for_slo == full.fleet_text.gpus_for_slo);
    const json jf = json::parse(report_to_json(fast, false));
    CHECK_FALSE(jf["fleet"]["text"].contains("wait_curve"));
    CHECK_FALSE(jf.contains("references"));
    const json jfull = json::parse(report_to_json(full, false));
    CHECK(jfull["fleet"]["text"]["wait_curve"].size() == full.fleet_text.wait_curve.size());
}

TEST_CASE("bad input: a target below the unloaded time, full load, a cap of zero",
          "[fleet][queue]") {
    SECTION("a target below the unloaded time is refused in words") {
        Scenario s;
        s.fleet.image_slo_p99_s = 0.5; // one image takes seconds
        const Report r = evaluate(s);
        REQUIRE(r.ok());
        CHECK_FALSE(r.fleet_image.slo_met);
        CHECK(r.fleet_image.slo_problem.find("below the unloaded time to the image") !=
              std::string::npos);
        bool warned = false;
        for (const auto& w : r.image.warnings)
            warned = warned || w.find("no fleet meets it") != std::string::npos;
        CHECK(warned);
        const json j = json::parse(report_to_json(r, false));
        CHECK(j["fleet"]["image"]["gpus_for_slo"].is_null());
        CHECK(j["fleet"]["image"]["rate_limit"]["affordable_cap_per_user_per_day"].is_null());
    }
    SECTION("at or above full load the wait is unbounded: null in JSON, never inf or NaN") {
        for (double u : {1.001, 1.7}) { // exactly 1: tests/test_queue.cpp
            const Report r = evaluate(loaded(u));
            CHECK_FALSE(r.fleet_text.wait_stable);
            const std::string text = report_to_json(r, false);
            const json j = json::parse(text);
            CHECK(j["fleet"]["text"]["wait_unbounded"].get<bool>());
            CHECK(j["fleet"]["text"]["wait_p99_s"].is_null());
            CHECK(j["fleet"]["text"]["time_to_first_token_p99_s"].is_null());
            CHECK(finite_everywhere(j));
        }
        const auto o = cli::run({"fleet", "--fleet-gpus", "10"});
        CHECK(o.exit_code == 0);
        CHECK(o.out.find("unbounded") != std::string::npos);
        CHECK(o.out.find("inf") == std::string::npos);
        CHECK(o.out.find("nan") == std::string::npos);
    }
    SECTION("a cap of zero means no cap; a negative cap is refused with the range") {
        Scenario s;
        s.fleet.image_cap_per_user_per_day = 0;
        CHECK_FALSE(evaluate(s).fleet_image.capped);
        const auto o = cli::run({"fleet", "--workload", "image", "--cap-per-user-per-day", "-1"});
        CHECK(o.exit_code == 2);
        CHECK(o.err.find("fleet.image_cap_per_user_per_day") != std::string::npos);
        CHECK(o.err.find("allowed 0 to") != std::string::npos);
    }
    SECTION("a fixed fleet too small for one replica has no wait and no affordable cap") {
        Scenario s;
        s.fleet.fixed_fleet_gpus = 1; // the text replica needs 2
        const Report r = evaluate(s);
        CHECK_FALSE(r.fleet_text.wait_stable);
        CHECK(r.fleet_text.fixed_fleet_queries_per_day_at_slo == 0);
        CHECK(r.fleet_text.affordable_cap_per_user_per_day == 0);
        CHECK(finite_everywhere(json::parse(report_to_json(r, false))));
    }
}

TEST_CASE("the report says where the approximation is rough", "[fleet][queue]") {
    Scenario s;
    s.fleet.fixed_fleet_gpus = 2; // one text replica of batch 8: 8 servers
    s.text.batch = 8;
    CHECK(evaluate(s).fleet_text.queue_note.empty());
    s.fleet.text_reply_length_cv = 3; // very variable replies: cs^2 near 9
    CHECK(evaluate(s).fleet_text.queue_note.find("rough") != std::string::npos);
}

TEST_CASE("rate limits: a cap sets the demand, and the fixed fleet affords a cap",
          "[fleet][queue]") {
    Scenario s;
    s.fleet.image_cap_per_user_per_day = 3; // "free users get 3 images a day"
    s.fleet.share_users_at_cap = 1;
    const Report r = evaluate(s);
    const auto& f = r.fleet_image;
    REQUIRE(f.capped);
    CHECK(f.capped_queries_per_day == Approx(3 * s.fleet.users));
    CHECK(f.capped_gpus_for_slo >= f.capped_gpus_needed);
    CHECK(f.capped_gpus_needed > f.gpus_needed); // 3 a day is more than today's 1 a day
    CHECK(f.capped_usd_per_day > f.usd_per_day);
    // Half the users at the cap, the others at Business's (derived) 1 image a day.
    s.fleet.share_users_at_cap = 0.5;
    CHECK(evaluate(s).fleet_image.capped_queries_per_day ==
          Approx(s.fleet.users * (0.5 * 3 + 0.5 * 1)));
    // The other way round: the affordable cap, used as the cap, fits the fixed fleet's
    // capacity at the target.
    Scenario t;
    const Report base = evaluate(t);
    const double cap = base.fleet_image.affordable_cap_per_user_per_day;
    REQUIRE(cap > 0);
    t.fleet.image_cap_per_user_per_day = cap;
    const Report capped = evaluate(t);
    CHECK(capped.fleet_image.capped_queries_per_day ==
          Approx(base.fleet_image.fixed_fleet_queries_per_day_at_slo).epsilon(1e-9));
    CHECK(capped.fleet_image.capped_gpus_for_slo <= t.fleet.fixed_fleet_gpus);
}

TEST_CASE("one demand figure feeds Business and Fleet; the mix of both workloads", "[fleet]") {
    Scenario s;
    Report r = evaluate(s);
    CHECK(r.business.text_queries_per_user_per_day ==
          Approx(s.fleet.text_queries_per_day / s.fleet.users));
    CHECK(r.business.images_per_user_per_day == Approx(s.fleet.images_per_day / s.fleet.users));
    s.fleet.images_per_day *= 2; // the business cost per user follows the fleet's demand
    const Report twice = evaluate(s);
    CHECK(twice.business.usd_cost_per_user_per_month > r.business.usd_cost_per_user_per_month);
    s.business.images_per_user_per_day = 5; // stated in Business: that figure wins
    CHECK(evaluate(s).business.images_per_user_per_day == 5);
    CHECK(r.fleet_mix_utilization == Approx(r.fleet_text.utilization + r.fleet_image.utilization));
    CHECK(r.fleet_mix_overloaded == (r.fleet_mix_utilization > 1));
}

TEST_CASE("references: built in, sourced, and compared with the matching estimate",
          "[references]") {
    const auto& refs = builtin_references();
    REQUIRE(refs.size() >= 10);
    for (const auto& ref : refs) {
        INFO(ref.id);
        CHECK(!ref.source.empty());
        CHECK(ref.url.rfind("https://", 0) == 0);
        CHECK(ref.date.size() >= 7);
        CHECK(!ref.boundary.empty());
    }
    const Scenario s;
    const Report r = evaluate(s, Catalog::builtin(), EvaluateOptions::everything());
    REQUIRE(r.references.size() == refs.size());
    for (const auto& c : r.references) {
        INFO(c.id);
        if (!c.has_estimate) {
            CHECK((c.metric.find("water") != std::string::npos ||
                   c.metric.find("adp") != std::string::npos));
            continue;
        }
        CHECK(c.ratio == Approx(c.costlab_value / c.value));
        if (c.is_price) {
            CHECK(c.break_even_price == c.costlab_value);
            CHECK(c.implied_gross_margin == Approx((c.value - c.costlab_value) / c.value));
        }
        if (c.id == "google-gemini-energy") CHECK(c.costlab_value == r.text.facility_energy_wh);
        if (c.id == "google-gemini-co2") CHECK(c.costlab_value == r.text.co2_g_per_query);
    }
    // The image prices are set beside the matching gpt-image-1 preset, whatever the scenario's
    // image model is.
    Scenario g = s;
    g.image.model = "gpt-image-1-medium";
    const double medium_cost = evaluate_image(g, Catalog::builtin()).usd_per_query;
    bool seen = false;
    for (const auto& c : r.references)
        if (c.id == "openai-gpt-image-1-medium") {
            seen = true;
            CHECK(c.costlab_value == Approx(medium_cost));
            CHECK(c.costlab_scenario.find("gpt-image-1-medium") != std::string::npos);
        }
    CHECK(seen);
}

TEST_CASE("costlab fleet and list references print the report's figures", "[fleet][cli]") {
    const auto o = cli::run({"fleet", "--slo-p99-s", "3", "--format", "json"});
    REQUIRE(o.exit_code == 0);
    const json cli_fleet = json::parse(o.out);
    Scenario s;
    s.fleet.text_slo_p99_s = 3;
    s.fleet.image_slo_p99_s = 3;
    const json report = json::parse(
        report_to_json(evaluate(s, Catalog::builtin(), EvaluateOptions::everything()), false));
    CHECK((cli_fleet == report["fleet"]));
    for (const char* w : {"text", "image"})
        for (const char* key : {"wait_p50_s", "wait_p99_s", "gpus_for_slo", "rate_limit"})
            CHECK(cli_fleet[w].contains(key));
    CHECK(cli_fleet["text"].contains("time_to_first_token_p99_s"));
    CHECK(cli_fleet["image"].contains("time_to_image_p99_s"));

    const auto refs = cli::run({"list", "references", "--format", "json"});
    REQUIRE(refs.exit_code == 0);
    CHECK((json::parse(refs.out) ==
           json::parse(report_to_json(
               evaluate(Scenario{}, Catalog::builtin(), EvaluateOptions::everything()),
               false))["references"]));
    const auto table = cli::run({"list", "references"});
    CHECK(table.out.find("Google") != std::string::npos);
    CHECK(table.out.find("implied gross margin") != std::string::npos);
    const auto text = cli::run({"fleet", "--workload", "image", "--cap-per-user-per-day", "3"});
    CHECK(text.out.find("with a cap of 3 per user per day") != std::string::npos);
}

TEST_CASE("absurd capped demand: counts saturate or say 'over the limit', never overflow",
          "[fleet][queue]") {
    // The UBSan finding of issue 13's first version: a capped demand whose fleet for the target
    // took 3e16 units of a 790-GPU replica overflowed int64. Counts are doubles now.
    Scenario s;
    s.fleet.users = 1e11;
    s.fleet.share_users_at_cap = 1;
    s.fleet.peak_to_average = 100;
    s.fleet.text_cap_per_user_per_day = 1e6;
    s.fleet.image_cap_per_user_per_day = 1e6;
    s.fleet.text_queries_per_day = 1e13;
    s.fleet.images_per_day = 1e13;
    s.image.width_px = s.image.height_px = 8192;
    s.image.steps = 1000;
    s.text.batch = 1;
    s.text.output_tokens = 100000;
    const Report r = evaluate(s, Catalog::builtin(), EvaluateOptions::everything());
    for (const auto& e : r.errors)
        INFO(e.field << ": " << e.message);
    REQUIRE(r.ok());
    for (const auto* f : {&r.fleet_text, &r.fleet_image}) {
        INFO((f == &r.fleet_text ? "text" : "image"));
        CHECK(f->capped);
        CHECK(f->capped_gpus_needed > 0);
        CHECK(std::isfinite(f->capped_usd_per_day));
        // Either a fleet for the target (whole GPUs, at least the throughput fleet) or none.
        if (f->capped_gpus_for_slo > 0) CHECK(f->capped_gpus_for_slo >= f->capped_gpus_needed);
        if (!f->slo_met && f->slo_problem.find("over the limit") == std::string::npos)
            CHECK(f->slo_problem.find("below the unloaded") != std::string::npos);
    }
    CHECK(finite_everywhere(json::parse(report_to_json(r, false))));
    const auto o = cli::run({"fleet", "--users", "1e11", "--cap-per-user-per-day", "1000000",
                             "--images-per-day", "1e13", "--peak-to-average", "100"});
    CHECK(o.exit_code == 0);
    CHECK(o.out.find("inf") == std::string::npos);
    CHECK(o.out.find("nan") == std::string::npos);
    // 1e17 images a day at minutes each: more GPUs than int64 counts, said in words.
    const auto big = cli::run({"fleet", "--workload", "image", "--users", "1e11",
                               "--cap-per-user-per-day", "1000000", "--steps", "1000", "--width",
                               "8192", "--height", "8192", "--peak-to-average", "100"});
    CHECK(big.out.find("over the limit") != std::string::npos);
}
