// Scenario parsing, printing and validation: round trips (a property test over random valid
// scenarios) and every kind of bad input getting a message that names the field and range.
#include "costlab/limits.h"
#include "costlab/scenario.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace costlab;

namespace {

bool has_error(const std::vector<FieldError>& errors, const std::string& field,
               const std::string& text = "") {
    for (const auto& e : errors)
        if (e.field == field && e.message.find(text) != std::string::npos) return true;
    return false;
}

// A random scenario inside every field's range (and with catalog ids).
Scenario random_scenario(std::mt19937_64& rng) {
    const Catalog& c = Catalog::builtin();
    auto pick = [&](const auto& v) { return v[rng() % v.size()].id; };
    auto real = [&](double lo, double hi) {
        double u = std::uniform_real_distribution<double>(0, 1)(rng);
        // Mix round and arbitrary values: both must round-trip exactly.
        double v = lo + (hi - lo) * u;
        return (rng() % 3 == 0) ? std::round(v * 100) / 100 : v;
    };
    auto integer = [&](int64_t lo, int64_t hi) {
        return lo + int64_t(rng() % uint64_t(hi - lo + 1));
    };
    Scenario s;
    s.text.model = pick(c.text_models());
    s.text.precision = Precision(rng() % kPrecisionCount);
    s.text.input_tokens = integer(1, 100000);
    s.text.output_tokens = integer(1, 10000);
    s.text.reasoning_tokens = integer(0, 10000);
    s.text.gpus = int(integer(1, 64));
    s.text.batch = int(integer(0, 1024));
    s.image.model = pick(c.image_models());
    s.image.precision = Precision(rng() % kPrecisionCount);
    s.image.width_px = int(integer(64, 4096));
    s.image.height_px = int(integer(64, 4096));
    s.image.steps = int(integer(0, 200));
    s.image.guidance = Guidance(rng() % 3);
    s.image.prompt_tokens = integer(1, 5000);
    s.image.gpus = int(integer(1, 64));
    s.image.batch = int(integer(0, 64));
    s.serving.accelerator = pick(c.accelerators());
    s.serving.ownership = Ownership(rng() % 2);
    if (rng() % 2) s.serving.usd_per_gpu_hour = real(0, 20);
    if (rng() % 2) s.serving.purchase_usd = real(1000, 100000);
    s.serving.amortization_years = real(1, 8);
    s.serving.usd_per_kwh = real(0, 0.5);
    s.serving.pue = real(1, 2);
    s.serving.grid_gco2_per_kwh = real(0, 900);
    s.assumptions.prefill_compute_utilization = real(0.1, 1);
    s.assumptions.decode_compute_utilization = real(0.1, 1);
    s.assumptions.memory_bw_utilization = real(0.1, 1);
    s.assumptions.diffusion_compute_utilization = real(0.1, 1);
    s.assumptions.allreduce_latency_s = real(0, 1e-4);
    s.assumptions.host_energy_fraction = real(0, 1);
    s.fleet.text_queries_per_day = real(0, 1e10);
    s.fleet.peak_to_average = real(1, 5);
    s.fleet.fixed_fleet_gpus = integer(1, 1000000);
    s.business.usd_price_per_image = real(0, 1);
    return s;
}

} // namespace

TEST_CASE("the default scenario is valid and is the headline comparison") {
    Scenario s;
    CHECK(validate(s, Catalog::builtin()).empty());
    CHECK(s.image.width_px == 1024);
    CHECK(s.image.height_px == 1024);
    CHECK(s.text.output_tokens == 500);
    CHECK(s.serving.accelerator == "h100-sxm");
    CHECK(scenario_to_fragment(s) == "v=2");
}

TEST_CASE("JSON and URL fragment round-trip exactly over random valid scenarios") {
    std::mt19937_64 rng(20261122);
    for (int i = 0; i < 500; ++i) {
        Scenario s = random_scenario(rng);
        ParseResult j = parse_scenario_json(scenario_to_json(s));
        REQUIRE(j.ok());
        REQUIRE(j.scenario == s);
        std::string frag = scenario_to_fragment(s);
        ParseResult f = parse_scenario_fragment("#" + frag);
        INFO(frag);
        REQUIRE(f.ok());
        REQUIRE(f.scenario == s);
        CHECK(scenario_to_fragment(f.scenario) == frag);
    }
}

TEST_CASE("partial JSON keeps defaults for missing fields") {
    ParseResult r = parse_scenario_json(R"({"text": {"output_tokens": 1200}})");
    REQUIRE(r.ok());
    CHECK(r.scenario.text.output_tokens == 1200);
    CHECK(r.scenario.image.model == Scenario{}.image.model);
}

TEST_CASE("bad JSON input names the field and the allowed range") {
    SECTION("negative batch") {
        auto r = parse_scenario_json(R"({"text": {"batch": -4}})");
        CHECK(has_error(r.errors, "text.batch", "allowed 1 to 65536"));
    }
    SECTION("fractional count") {
        auto r = parse_scenario_json(R"({"image": {"steps": 2.5}})");
        CHECK(has_error(r.errors, "image.steps", "whole number"));
    }
    SECTION("absurd size") {
        auto r = parse_scenario_json(R"({"image": {"width_px": 1000000}})");
        CHECK(has_error(r.errors, "image.width_px", "allowed 64 to 8192 px"));
    }
    SECTION("unknown field (a typo must not silently do nothing)") {
        auto r = parse_scenario_json(R"({"text": {"outptu_tokens": 5}})");
        CHECK(has_error(r.errors, "text.outptu_tokens", "unknown field"));
    }
    SECTION("wrong type") {
        auto r = parse_scenario_json(R"({"text": {"output_tokens": "many"}})");
        CHECK(has_error(r.errors, "text.output_tokens", "must be a number"));
        auto r2 = parse_scenario_json(R"({"text": 3})");
        CHECK(has_error(r2.errors, "text", "must be an object"));
    }
    SECTION("bad enum") {
        auto r = parse_scenario_json(R"({"text": {"precision": "fp7"}})");
        CHECK(has_error(r.errors, "text.precision", "fp32, tf32"));
    }
    SECTION("not JSON / not an object / wrong version") {
        CHECK(!parse_scenario_json("{").ok());
        CHECK(!parse_scenario_json("[1,2]").ok());
        CHECK(has_error(parse_scenario_json(R"({"version": 7})").errors, "version"));
    }
    SECTION("invalid UTF-8 does not crash") {
        auto r = parse_scenario_json("{\"text\": {\"model\": \"\xff\xfe\"}}");
        CHECK(!r.ok());
    }
}

TEST_CASE("bad URL fragments get messages, never a crash") {
    CHECK(has_error(parse_scenario_fragment("#garbage").errors, "version", "not a costlab"));
    CHECK(has_error(parse_scenario_fragment("").errors, "version"));
    CHECK(has_error(parse_scenario_fragment("v=3&to=5").errors, "version", "not supported"));
    CHECK(has_error(parse_scenario_fragment("v=1&to=").errors, "text.output_tokens", "truncated"));
    CHECK(has_error(parse_scenario_fragment("v=1&to").errors, "text.output_tokens", "no value"));
    CHECK(has_error(parse_scenario_fragment("v=1&tb=-1").errors, "text.batch", "allowed 1"));
    CHECK(has_error(parse_scenario_fragment("v=1&tb=nan").errors, "text.batch", "finite"));
    CHECK(has_error(parse_scenario_fragment("v=1&pue=inf").errors, "serving.pue", "finite"));
    CHECK(has_error(parse_scenario_fragment("v=1&to=12abc").errors, "text.output_tokens",
                    "not a number"));
    CHECK(has_error(parse_scenario_fragment("v=1&zz=1").errors, "zz", "unknown"));
    CHECK(
        has_error(parse_scenario_fragment("v=1&to=5&to=6").errors, "text.output_tokens", "twice"));
    CHECK(has_error(parse_scenario_fragment("v=1&tm=%zz").errors, "text.model", "escape"));
    CHECK(has_error(parse_scenario_fragment("v=1&tp=fp7").errors, "text.precision"));
    // ids are catalog names: no control bytes or invalid UTF-8 reach JSON or a link (fuzzer)
    CHECK(has_error(parse_scenario_fragment("v=1&im=gpt%0Dimage%00%F8").errors, "image.model",
                    "control character"));
    CHECK(has_error(parse_scenario_fragment("v=1&im=gpt%F8image").errors, "image.model",
                    "catalog id"));
    CHECK(has_error(parse_scenario_json(R"({"serving": {"accelerator": "H100 SXM"}})").errors,
                    "serving.accelerator", "catalog id"));
    CHECK(has_error(parse_scenario_fragment("v=1&iw=99999999999999999999").errors, "image.width_px",
                    "out of range"));
    // A huge, hostile fragment is just many errors.
    std::string big = "v=1";
    for (int i = 0; i < 2000; ++i)
        big += "&to=" + std::to_string(i);
    CHECK(!parse_scenario_fragment(big).ok());
}

TEST_CASE("a fragment edits only what it names, on top of a base") {
    Scenario base;
    base.text.output_tokens = 42;
    auto r = parse_scenario_fragment("v=1&tb=8", base);
    REQUIRE(r.ok());
    CHECK(r.scenario.text.batch == 8);
    CHECK(r.scenario.text.output_tokens == 42);
    // An empty value is named, even the price's (a link writes only what differs from the
    // defaults, so "usd=" is a cut link, not a reset): the field keeps its base value.
    Scenario priced;
    priced.serving.usd_per_gpu_hour = 3.5;
    auto r2 = parse_scenario_fragment("v=1&usd=", priced);
    CHECK(has_error(r2.errors, "serving.usd_per_gpu_hour", "usd has no value"));
    CHECK(r2.scenario.serving.usd_per_gpu_hour == 3.5);
}

TEST_CASE("hostile links: control bytes, repeated v, huge keys and values, many bad fields") {
    // An encoded NUL must not cut a value to its harmless prefix (800%00garbage is not 800).
    for (const char* f : {"v=2&to=800%00garbage", "v=2&to=800%1B", "v=2&pue=1.1%7F",
                          "v=2&tp=bf16%07", "v=2&md=x%00~1~1~1~1&g=your-device"}) {
        INFO(f);
        const ParseResult r = parse_scenario_fragment(f);
        CHECK(!r.ok());
        bool named = false;
        for (const auto& e : r.errors)
            named = named || e.message.find("control character") != std::string::npos;
        CHECK(named);
        CHECK(r.scenario.text.output_tokens == Scenario{}.text.output_tokens);
    }
    // Every key at most once, v included; a second v refuses the whole link.
    CHECK(has_error(parse_scenario_fragment("v=2&v=2&to=5").errors, "version", "twice"));
    CHECK(has_error(parse_scenario_fragment("v=2&to=5&v=1").errors, "version", "twice"));
    // Prototype-named keys are just unknown keys.
    for (const char* k : {"__proto__", "constructor", "toString", "hasOwnProperty"}) {
        const ParseResult r = parse_scenario_fragment(std::string("v=2&") + k + "=1");
        CHECK(has_error(r.errors, k, "unknown link parameter"));
    }
    // Empty values are named for every kind of field.
    for (const char* f : {"v=2&usd=", "v=2&tm=", "v=2&tb=", "v=2&md=", "v=2&pue", "v="}) {
        INFO(f);
        const ParseResult r = parse_scenario_fragment(f);
        bool named = false;
        for (const auto& e : r.errors)
            named = named || e.message.find("no value") != std::string::npos;
        CHECK(named);
    }
    // A 15 KB key or value is quoted by a short prefix, not echoed (the link limit is 16 KiB).
    const std::string huge(15000, 'k');
    for (const std::string& f : {"v=2&" + huge + "=1", "v=2&to=" + huge, "v=2&tp=" + huge,
                                 "v=" + huge, "v=2&md=x~" + huge + "~1~1~1"}) {
        const ParseResult r = parse_scenario_fragment(f);
        REQUIRE(!r.errors.empty());
        for (const auto& e : r.errors) {
            CHECK(e.field.size() + e.message.size() < 400);
            CHECK(e.message.find("kkkkkkkkkk... (15000 bytes)") != std::string::npos);
        }
    }
    // Thousands of bad fields: refused whole after a few, with a short message, not 8,000 lines.
    std::string many = "v=2";
    for (int i = 0; i < 4000; ++i)
        many += "&a";
    const ParseResult r = parse_scenario_fragment(many);
    CHECK(has_error(r.errors, "", "not a costlab link"));
    CHECK(r.errors.size() == 4);
}

TEST_CASE("a measured device too slow to mean anything is refused") {
    // 1e-300 GFLOP/s would put an image at 1e300 years: nonsense in every unit downstream.
    for (const char* md : {"x~1e-300~100~8~50", "x~100~1e-300~8~50", "x~100~100~8~50~1e-300",
                           "x~4.9e-324~100~8~50", "x~0.0009~100~8~50"}) {
        INFO(md);
        const ParseResult r =
            parse_scenario_fragment(std::string("v=2&g=your-device&md=") + md);
        CHECK(has_error(r.errors, "serving.measured_device", "out of range"));
    }
    CHECK(parse_scenario_fragment("v=2&g=your-device&md=x~0.001~0.001~8~50").ok());
}

TEST_CASE("JSON nesting depth and value count are limited while parsing") {
    // 1 MiB of "[[[[" without its end: refused at the depth limit, not built to 500,000 levels.
    const std::string deep(limits::kMaxScenarioBytes, '[');
    const ParseResult d = parse_scenario_json(deep);
    CHECK(has_error(d.errors, "", "nested deeper than"));
    std::string deep_obj;
    for (int i = 0; i < 40; ++i)
        deep_obj += "{\"a\":";
    deep_obj += "1" + std::string(40, '}');
    CHECK(has_error(parse_scenario_json(deep_obj).errors, "", "nested deeper than"));
    std::string wide = "{\"text\":[";
    for (int i = 0; i < 150000; ++i)
        wide += "0,";
    wide += "0]}";
    CHECK(has_error(parse_scenario_json(wide).errors, "", "more than 100000 values"));
    Catalog c = Catalog::builtin();
    const auto ce = c.merge_json("{\"accelerators\":" + std::string(100000, '[') + "}");
    REQUIRE(!ce.empty());
    CHECK(ce[0].message.find("nested deeper than") != std::string::npos);
    // A real scenario nests 2 deep and holds ~100 values: untouched by the limits.
    CHECK(parse_scenario_json(scenario_to_json(Scenario{}, true)).ok());
}

TEST_CASE("validation checks catalog references and physical limits") {
    const Catalog& c = Catalog::builtin();
    Scenario s;
    s.text.model = "gpt-9";
    CHECK(has_error(validate(s, c), "text.model", "known: "));
    s = {};
    s.serving.accelerator = "h9000";
    CHECK(has_error(validate(s, c), "serving.accelerator", "h100-sxm"));
    s = {};
    s.text.input_tokens = 2000000;
    CHECK(has_error(validate(s, c), "text.output_tokens", "context"));
    s = {};
    s.serving.accelerator = "tpu-v5e";
    s.text.precision = Precision::fp32;
    CHECK(has_error(validate(s, c), "text.precision", "fp32"));
    s = {};
    s.text.batch = -3; // set directly, not through a parser
    CHECK(has_error(validate(s, c), "text.batch", "allowed"));
    s = {};
    s.serving.pue = std::nan("");
    CHECK(has_error(validate(s, c), "serving.pue", "finite"));
}

TEST_CASE("every field has a URL key, a unit and a range; assumptions have sources") {
    std::vector<std::string> keys;
    for (const auto& f : scenario_fields()) {
        INFO(f.json_path);
        CHECK(std::string(f.url_key).size() > 0);
        CHECK(std::string(f.unit).size() > 0);
        for (const auto& k : keys)
            CHECK(k != f.url_key);
        keys.push_back(f.url_key);
        std::string path = f.json_path;
        if (path.rfind("assumptions.", 0) == 0 || path.rfind("serving.pue", 0) == 0 ||
            path.rfind("serving.grid", 0) == 0 || path.rfind("serving.usd_per_kwh", 0) == 0)
            CHECK(std::string(f.source).size() > 20);
    }
}

TEST_CASE("scenario text, link fragments and catalogs over their size limit are refused") {
    ParseResult big = parse_scenario_json(std::string(limits::kMaxScenarioBytes + 1, ' '));
    REQUIRE(big.errors.size() == 1);
    CHECK(big.errors[0].message ==
          "1048577 bytes, over the limit of 1048576 bytes (1 MiB) for a scenario");
    ParseResult link = parse_scenario_fragment("v=1&" + std::string(limits::kMaxFragmentBytes, 'x'));
    REQUIRE(link.errors.size() == 1);
    CHECK(link.errors[0].message.find("over the limit of 16384 bytes (16 KiB) for a link "
                                      "fragment") != std::string::npos);
    Catalog c = Catalog::builtin();
    auto errs = c.merge_json(std::string(limits::kMaxCatalogBytes + 1, ' '));
    REQUIRE(errs.size() == 1);
    CHECK(errs[0].message.find("over the limit of 1048576 bytes (1 MiB) for a catalog") !=
          std::string::npos);
    // The catalog is unchanged and still usable.
    CHECK(c.accelerators().size() == Catalog::builtin().accelerators().size());
}

TEST_CASE("the longest possible fragment is well inside the fragment limit") {
    // Every field away from its default at its longest spelling: 64-character ids, 17
    // significant digits for reals, the widest integers.
    Scenario s;
    const std::string id(64, 'z');
    s.text.model = s.image.model = s.serving.accelerator = id;
    s.text.precision = s.image.precision = Precision::fp32;
    s.text.input_tokens = limits::kMaxInputTokens - 1;
    s.text.output_tokens = limits::kMaxOutputTokens - 1;
    s.text.reasoning_tokens = limits::kMaxOutputTokens - 1;
    s.text.gpus = s.image.gpus = limits::kMaxGpusPerReplica - 1;
    s.text.batch = limits::kMaxTextBatch - 1;
    s.image.batch = limits::kMaxImageBatch - 1;
    s.image.width_px = s.image.height_px = limits::kMaxImageSidePx - 1;
    s.image.steps = limits::kMaxSteps - 1;
    s.image.guidance = Guidance::off;
    s.image.prompt_tokens = limits::kMaxPromptTokens - 1;
    s.serving.ownership = Ownership::owned;
    const double r = 0.12345678901234567;
    s.serving.usd_per_gpu_hour = 123.45678901234567;
    s.serving.purchase_usd = 1234567.8901234567;
    s.serving.amortization_years = 12.345678901234567;
    s.serving.usd_per_kwh = s.serving.pue = 1 + r;
    s.serving.grid_gco2_per_kwh = 1234.5678901234567;
    Assumptions& a = s.assumptions;
    for (double* v : {&a.prefill_compute_utilization, &a.decode_compute_utilization,
                      &a.memory_bw_utilization, &a.diffusion_compute_utilization,
                      &a.interconnect_utilization, &a.allreduce_latency_s,
                      &a.decode_step_overhead_s, &a.memory_usable_fraction})
        *v = r;
    a.prefill_chunk_tokens = 999999;
    for (double* v : {&a.gpu_power_fraction_compute_bound, &a.gpu_power_fraction_memory_bound,
                      &a.host_energy_fraction, &a.idle_capacity_fraction})
        *v = 1 + r;
    s.fleet.text_queries_per_day = s.fleet.images_per_day = 1234567890123.4567;
    s.fleet.peak_to_average = 12.345678901234567;
    s.fleet.fixed_fleet_gpus = limits::kMaxFleetGpus - 1;
    s.fleet.users = 12345678901.234567;
    Business& b = s.business;
    for (double* v : {&b.usd_price_per_text_query, &b.usd_price_per_image,
                      &b.usd_subscription_per_month, &b.text_queries_per_user_per_day,
                      &b.images_per_user_per_day})
        *v = 123456.78901234567;
    const std::string frag = scenario_to_fragment(s);
    INFO(frag.size() << " bytes: " << frag);
    CHECK(frag.size() < limits::kMaxFragmentBytes / 8);
    ParseResult back = parse_scenario_fragment(frag);
    CHECK(back.ok());
    CHECK(back.scenario == s);
}

TEST_CASE("'max', 'auto' and 'default' are words in JSON and links; 0 is refused") {
    Scenario s;
    s.text.gpus = 0;
    s.text.batch = 0;
    s.image.steps = 0;
    s.image.gpus = 0;
    s.image.batch = 0;
    const std::string frag = scenario_to_fragment(s);
    CHECK(frag == "v=2&tg=auto&ib=max");
    const std::string js = scenario_to_json(s, false);
    CHECK(js.find("\"batch\":\"max\"") != std::string::npos);
    CHECK(js.find("\"gpus\":\"auto\"") != std::string::npos);
    CHECK(js.find("\"steps\":\"default\"") != std::string::npos);
    CHECK(js.find("\"version\":2") != std::string::npos);
    CHECK(parse_scenario_fragment(frag).scenario == s);
    CHECK(parse_scenario_json(js).scenario == s);
    CHECK(parse_scenario_fragment("v=2&is=default&igp=auto").ok());

    // Zero is no longer a spelling of "decide for me": the message gives the range and word.
    ParseResult z = parse_scenario_json(R"({"text": {"batch": 0}, "image": {"steps": 0}})");
    CHECK(has_error(z.errors, "text.batch",
                    "0 is out of range: allowed 1 to 65536 sequences, or \"max\" (the largest "
                    "that fits and keeps text.min_tokens_per_s_per_user per user)"));
    CHECK(has_error(z.errors, "image.steps", "or \"default\" (the model's default)"));
    CHECK(has_error(parse_scenario_fragment("v=2&tg=0").errors, "text.gpus",
                    "allowed 1 to 1024 GPUs, or \"auto\""));
    CHECK(has_error(parse_scenario_fragment("v=2&ib=0").errors, "image.batch", "or \"max\""));
    CHECK(has_error(parse_scenario_json(R"({"text": {"batch": "most"}})").errors, "text.batch",
                    "\"most\" is not a number or \"max\""));
    CHECK(has_error(parse_scenario_fragment("v=2&tb=maximum").errors, "text.batch",
                    "not a number"));
    // A zero still means the field's own zero where that is in range.
    CHECK(parse_scenario_fragment("v=2&tr=0").ok());
}

TEST_CASE("links and files made by version 1, where 0 meant max/auto/default, still open") {
    // Written by `costlab link` before version 2 (tests/fuzz/corpus/scenario/auto.txt).
    ParseResult old = parse_scenario_fragment("#v=1&tb=0&tg=0&im=gpt-image-1-high&igp=0&fg=3");
    REQUIRE(old.ok());
    CHECK(old.scenario.text.batch == 0);
    CHECK(old.scenario.text.gpus == 0);
    CHECK(old.scenario.image.gpus == 0);
    CHECK(old.scenario.image.model == "gpt-image-1-high");
    CHECK(old.scenario.fleet.fixed_fleet_gpus == 3);
    CHECK(validate(old.scenario, Catalog::builtin()).empty());
    // It reopens as the same scenario in today's spelling.
    CHECK(scenario_to_fragment(old.scenario) == "v=2&tg=auto&im=gpt-image-1-high&fg=3");
    // A version-1 scenario file (costlab link --format json before version 2).
    ParseResult file = parse_scenario_json(
        R"({"version":1,"text":{"model":"llama-3.1-8b","batch":0,"gpus":0},"image":{"steps":0}})");
    REQUIRE(file.ok());
    CHECK(file.scenario.text.batch == 0);
    CHECK(file.scenario.version == kScenarioVersion);
    // Version 1 still refuses what was always out of range.
    CHECK(has_error(parse_scenario_fragment("v=1&tb=-1").errors, "text.batch"));
}

TEST_CASE("a link with some bad fields keeps the good ones and names the bad") {
    const ParseResult p =
        parse_scenario_fragment("v=2&to=banana&is=30&g=no-such-gpu&pue=1.1&tb=0&zz=1&pue=1.3");
    Scenario out;
    const auto errors = keep_good_fields(p, Scenario{}, Catalog::builtin(), out);
    CHECK(out.image.steps == 30);
    CHECK(out.serving.pue == Scenario{}.serving.pue); // appears twice: ambiguous, kept default
    CHECK(out.text.output_tokens == Scenario{}.text.output_tokens);
    CHECK(out.serving.accelerator == "h100-sxm");
    CHECK(out.text.batch == Scenario{}.text.batch);
    CHECK(validate(out, Catalog::builtin()).empty());
    for (const char* f : {"text.output_tokens", "serving.accelerator", "text.batch", "zz",
                          "serving.pue"})
        CHECK(has_error(errors, f));
    // The fallback can be any valid scenario (the page keeps its current one).
    Scenario current;
    current.text.output_tokens = 1234;
    keep_good_fields(p, current, Catalog::builtin(), out);
    CHECK(out.text.output_tokens == 1234);
    // A precision the link's accelerator lacks goes back too (A100 has no fp8).
    keep_good_fields(parse_scenario_fragment("v=2&g=a100-sxm-80gb&tp=fp8&is=40"), Scenario{},
                     Catalog::builtin(), out);
    CHECK(out.image.steps == 40);
    CHECK(validate(out, Catalog::builtin()).empty());
    // Not a link at all: nothing is used.
    const auto whole = keep_good_fields(parse_scenario_fragment("utm=1"), current,
                                        Catalog::builtin(), out);
    CHECK(out == current);
    CHECK(has_error(whole, "version"));
}
