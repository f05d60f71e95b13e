// Native soak: evaluates many random valid scenarios and checks every report for NaN, negative
// or missing figures, and that every 1000th one reads back the same through the CLI (its
// share-link fragment into `costlab compare --format json`). Meant for the ASan + UBSan build:
//   soak_scenarios [--count N] [--seed S]     (ctest: a fixed 5,000; scripts/soak: 10^6)
// Start at random_scenario(): every field across its whole range (log-uniform where the range
// spans decades), the "max"/"auto"/"default" zeros included; keep_good_fields() then makes
// each one valid the way a link with bad fields is made valid.
#include "cli.h"

#include "costlab/limits.h"
#include "costlab/model.h"
#include "costlab/report_io.h"
#include "costlab/scenario.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

using namespace costlab;

namespace {

struct Rng {
    std::mt19937_64 g;
    double uniform(double lo, double hi) {
        return std::uniform_real_distribution<double>(lo, hi)(g);
    }
    // Log-uniform for ranges over several decades (tokens, demand, prices).
    double log_uniform(double lo, double hi) {
        return std::exp(uniform(std::log(lo), std::log(hi)));
    }
    int64_t integer(int64_t lo, int64_t hi) {
        return std::uniform_int_distribution<int64_t>(lo, hi)(g);
    }
    int64_t log_integer(int64_t lo, int64_t hi) {
        return std::min<int64_t>(hi, std::max<int64_t>(lo, std::llround(log_uniform(lo, hi))));
    }
    bool chance(double p) { return uniform(0, 1) < p; }
    template <class V> const std::string& pick(const V& v) { return v[g() % v.size()].id; }
};

Scenario random_scenario(Rng& r, const Catalog& c) {
    namespace L = limits;
    Scenario s;
    TextWorkload& t = s.text;
    t.model = r.pick(c.text_models());
    t.precision = Precision(r.g() % kPrecisionCount);
    t.input_tokens = r.log_integer(1, L::kMaxInputTokens);
    t.output_tokens = r.log_integer(1, L::kMaxOutputTokens);
    t.reasoning_tokens = r.chance(0.5) ? 0 : r.log_integer(1, L::kMaxOutputTokens);
    t.gpus = r.chance(0.2) ? 0 : int(r.log_integer(1, L::kMaxGpusPerReplica));
    t.batch = r.chance(0.2) ? 0 : int(r.log_integer(1, L::kMaxTextBatch));
    ImageWorkload& im = s.image;
    im.model = r.pick(c.image_models());
    im.precision = Precision(r.g() % kPrecisionCount);
    im.width_px = int(r.integer(L::kMinImageSidePx, L::kMaxImageSidePx));
    im.height_px = int(r.integer(L::kMinImageSidePx, L::kMaxImageSidePx));
    im.steps = r.chance(0.3) ? 0 : int(r.log_integer(1, L::kMaxSteps));
    im.guidance = Guidance(r.g() % 3);
    im.prompt_tokens = r.log_integer(1, L::kMaxPromptTokens);
    im.gpus = r.chance(0.3) ? 0 : int(r.log_integer(1, L::kMaxGpusPerReplica));
    im.batch = r.chance(0.2) ? 0 : int(r.log_integer(1, L::kMaxImageBatch));
    Serving& sv = s.serving;
    sv.accelerator = r.pick(c.accelerators());
    sv.ownership = r.chance(0.3) ? Ownership::owned : Ownership::cloud;
    if (r.chance(0.5)) sv.usd_per_gpu_hour = r.chance(0.1) ? 0.0 : r.log_uniform(0.01, 1000);
    if (r.chance(0.5)) sv.purchase_usd = r.chance(0.1) ? 0.0 : r.log_uniform(100, 1e7);
    sv.amortization_years = r.uniform(0.25, 20);
    sv.usd_per_kwh = r.uniform(0, 10);
    sv.pue = r.uniform(1, 5);
    sv.grid_gco2_per_kwh = r.uniform(0, 2000);
    Assumptions& a = s.assumptions;
    for (double* v : {&a.prefill_compute_utilization, &a.decode_compute_utilization,
                      &a.memory_bw_utilization, &a.diffusion_compute_utilization,
                      &a.interconnect_utilization})
        *v = r.uniform(0.01, 1);
    a.allreduce_latency_s = r.chance(0.1) ? 0 : r.log_uniform(1e-9, 1);
    a.decode_step_overhead_s = r.chance(0.1) ? 0 : r.log_uniform(1e-9, 10);
    a.memory_usable_fraction = r.uniform(0.1, 1);
    a.prefill_chunk_tokens = r.log_integer(64, 1000000);
    a.gpu_power_fraction_compute_bound = r.uniform(0.05, 1.2);
    a.gpu_power_fraction_memory_bound = r.uniform(0.05, 1.2);
    a.host_energy_fraction = r.uniform(0, 10);
    a.idle_capacity_fraction = r.uniform(0, 10);
    Fleet& f = s.fleet;
    f.text_queries_per_day = r.chance(0.1) ? 0 : r.log_uniform(1, 1e13);
    f.images_per_day = r.chance(0.1) ? 0 : r.log_uniform(1, 1e13);
    f.peak_to_average = r.uniform(1, 100);
    f.fixed_fleet_gpus = r.log_integer(1, L::kMaxFleetGpus);
    f.users = r.log_uniform(1, 1e11);
    Business& b = s.business;
    for (double* v : {&b.usd_price_per_text_query, &b.usd_price_per_image,
                      &b.usd_subscription_per_month, &b.text_queries_per_user_per_day,
                      &b.images_per_user_per_day})
        *v = r.chance(0.1) ? 0 : r.log_uniform(1e-6, 1e6);
    return s;
}

int failures = 0;
void fail(uint64_t i, const Scenario& s, const std::string& what) {
    if (++failures <= 20)
        std::fprintf(stderr, "soak: scenario %llu (#%s): %s\n", (unsigned long long)i,
                     scenario_to_fragment(s).c_str(), what.c_str());
}

// Every figure is a number (no NaN); the ones a reader sees as plain numbers are finite and
// not negative unless the report flags them (fits / usd_trusted).
void check_workload(uint64_t i, const Scenario& s, const WorkloadReport& w, const char* name) {
    const std::pair<const char*, double> all[] = {
        {"seconds_per_query", w.seconds_per_query},
        {"gpu_seconds_per_query", w.gpu_seconds_per_query},
        {"queries_per_second", w.queries_per_second},
        {"gpu_energy_wh", w.gpu_energy_wh},
        {"it_energy_wh", w.it_energy_wh},
        {"facility_energy_wh", w.facility_energy_wh},
        {"usd_per_query", w.usd_per_query},
        {"co2_g_per_query", w.co2_g_per_query},
        {"gpu_power_w", w.gpu_power_w},
        {"memory_gb_needed", w.memory_gb_needed},
        {"memory_gb_available", w.memory_gb_available},
    };
    for (auto [field, v] : all) {
        if (std::isnan(v)) fail(i, s, std::string(name) + "." + field + " is NaN");
        else if (v < 0) fail(i, s, std::string(name) + "." + field + " is negative");
        else if (w.fits && !std::isfinite(v))
            fail(i, s, std::string(name) + "." + field + " is infinite in a deployment that fits");
    }
    if (w.fits && !(w.seconds_per_query > 0))
        fail(i, s, std::string(name) + ": a deployment that fits takes no time");
    if (w.gpus < 1 || w.batch < 1) fail(i, s, std::string(name) + ": gpus or batch below 1");
    for (const auto& p : w.phases)
        if (std::isnan(p.seconds) || p.seconds < 0 || std::isnan(p.flops) || std::isnan(p.bytes))
            fail(i, s, std::string(name) + " phase " + p.name + ": NaN or negative");
}

void check_fleet(uint64_t i, const Scenario& s, const FleetWorkloadReport& f, const char* name) {
    for (double v : {f.peak_queries_per_second, f.usd_per_day, f.facility_mw,
                     f.energy_mwh_per_day, f.co2_t_per_day, f.queries_per_user_per_day,
                     f.utilization, f.refused_fraction})
        if (std::isnan(v) || v < 0) fail(i, s, std::string(name) + " fleet: NaN or negative");
    if (f.gpus_needed < 0) fail(i, s, std::string(name) + " fleet: negative GPUs");
}

} // namespace

int main(int argc, char** argv) {
    uint64_t count = 20000, seed = 20261201;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--count")) count = std::strtoull(argv[i + 1], nullptr, 10);
        else if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 10);
        else {
            std::fprintf(stderr, "usage: soak_scenarios [--count N] [--seed S]\n");
            return 2;
        }
    }
    const Catalog& catalog = Catalog::builtin();
    Rng rng{std::mt19937_64(seed)};
    const auto start = std::chrono::steady_clock::now();
    uint64_t repaired = 0, not_fitting = 0, cli_checked = 0;
    for (uint64_t i = 0; i < count; ++i) {
        ParseResult raw;
        raw.scenario = random_scenario(rng, catalog);
        Scenario s;
        if (!keep_good_fields(raw, Scenario{}, catalog, s).empty()) ++repaired;
        const Report r = evaluate(s, catalog, EvaluateOptions::everything());
        if (!r.ok()) {
            fail(i, s, "a valid scenario did not evaluate: " + r.errors.front().field + ": " +
                           r.errors.front().message);
            continue;
        }
        check_workload(i, s, r.text, "text");
        check_workload(i, s, r.image, "image");
        check_fleet(i, s, r.fleet_text, "text");
        check_fleet(i, s, r.fleet_image, "image");
        not_fitting += !r.text.fits + !r.image.fits;
        if (i % 1000 == 0) { // the whole path a user takes: link -> CLI -> JSON
            const std::string frag = scenario_to_fragment(s);
            const ParseResult back = parse_scenario_fragment(frag);
            if (!back.ok() || !(back.scenario == s)) fail(i, s, "the link does not round-trip");
            const cli::Output o = cli::run({"compare", "--format", "json", "--fragment", frag});
            if (o.exit_code != 0 || o.out != report_to_json(r) + "\n")
                fail(i, s, "the CLI disagrees with the core: " + o.err);
            ++cli_checked;
        }
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("soak: %llu scenarios (%llu repaired to valid by keep_good_fields, %llu "
                "workloads not fitting, %llu through the CLI) in %.1f s, %.0f per s; %d "
                "finding(s)\n",
                (unsigned long long)count, (unsigned long long)repaired,
                (unsigned long long)not_fitting, (unsigned long long)cli_checked, secs,
                double(count) / secs, failures);
    return failures ? 1 : 0;
}
