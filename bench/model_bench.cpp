// Scenario evaluations per second (goal: > 100,000/s so sweeps and charts redraw at once), and
// of the full report the page computes on each edit (EvaluateOptions::everything()).
// Evaluates a fixed set of varied scenarios (every model on several GPUs, batches, sizes)
// round-robin for about a second, natively or under node; prints one line per case.
#include "costlab/model.h"

#include <chrono>
#include <cstdio>
#include <vector>

using namespace costlab;

namespace {

std::vector<Scenario> varied_scenarios(const Catalog& c) {
    std::vector<Scenario> out;
    const char* gpus[] = {"h100-sxm", "h200", "b200", "l40s", "mi300x"};
    int i = 0;
    for (const auto& tm : c.text_models())
        for (const auto& im : c.image_models())
            for (const char* g : gpus) {
                Scenario s;
                s.text.model = tm.id;
                s.image.model = im.id;
                s.serving.accelerator = g;
                s.text.gpus = 8;
                s.image.gpus = 8;
                s.text.batch = (i % 3) * 32; // 0 = largest that fits
                s.text.output_tokens = 100 + (i * 37) % 2000;
                s.image.steps = 10 + i % 40;
                s.image.width_px = 512 + 128 * (i % 5);
                ++i;
                out.push_back(s);
            }
    return out;
}

double evals_per_second(const std::vector<Scenario>& cases, const Catalog& c, double& checksum,
                        const EvaluateOptions& options = {}) {
    using clock = std::chrono::steady_clock;
    auto start = clock::now();
    long n = 0;
    double elapsed = 0;
    do {
        for (int k = 0; k < 1000; ++k, ++n) {
            Report r = evaluate(cases[n % cases.size()], c, options);
            checksum += r.image.usd_per_query; // keeps the work observable
        }
        elapsed = std::chrono::duration<double>(clock::now() - start).count();
    } while (elapsed < 1.0);
    return n / elapsed;
}

} // namespace

int main() {
    const Catalog& c = Catalog::builtin();
    double checksum = 0;
    std::vector<Scenario> defaults(1);
    std::vector<Scenario> varied = varied_scenarios(c);
    evals_per_second(defaults, c, checksum); // warm-up (V8 tiers up under node)
    double d = evals_per_second(defaults, c, checksum);
    double v = evals_per_second(varied, c, checksum);
    // What the page and the CLI ask for on each edit: the wait curves and the references too.
    double full = evals_per_second(defaults, c, checksum, EvaluateOptions::everything());
    const char* target = COSTLAB_BENCH_TARGET; // set by bench/CMakeLists.txt
    std::printf("model_bench %-12s default scenario: %9.0f evaluations/s\n", target, d);
    std::printf("model_bench %-12s %3zu varied scenarios: %9.0f evaluations/s (checksum %.6g)\n",
                target, varied.size(), v, checksum);
    std::printf("model_bench %-12s default scenario, full report (curves, references): %9.0f "
                "evaluations/s\n",
                target, full);
    std::printf("model_bench %-12s goal > 100000/s: %s\n", target,
                (d > 1e5 && v > 1e5) ? "met" : "NOT met");
    return 0;
}
