// The timing protocol with a fake clock: warm-up until the (simulated) optimizing tier is in,
// the size ladder within the budget, median and spread, progress, cancel, errors.
#include "costlab/kernels.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <vector>

using namespace costlab::kernels;

namespace {

// A device that runs `gflops` GFLOP/s once tiered up, `cold_factor` times slower for the first
// `cold_calls` calls (V8's baseline tier), with an optional per-batch multiplier for noise.
struct FakeDevice {
    double gflops = 10;
    int cold_calls = 0;
    double cold_factor = 10;
    std::function<double(int batch)> noise; // multiplies a batch's time
    double t = 100.0;                       // the fake clock, seconds
    double quantum = 0;                     // clock resolution (0: exact)
    int calls = 0, batches = 0;
    std::vector<Action> seen;

    double now() const { return quantum > 0 ? std::floor(t / quantum) * quantum : t; }
    bool run(int64_t size, int n) {
        double seconds = 0;
        for (int i = 0; i < n; ++i, ++calls) {
            const double s = sgemm_flops(size) / (gflops * 1e9);
            seconds += calls < cold_calls ? s * cold_factor : s;
        }
        if (noise) seconds *= noise(batches);
        ++batches;
        t += seconds;
        return true;
    }
};

RateResult drive(RateProtocol& p, FakeDevice& d,
                 const std::function<bool(double)>& progress = {}) {
    return run_protocol(
        p, [&] { return d.now(); },
        [&](int64_t size, int calls) {
            d.seen.push_back(p.next());
            return d.run(size, calls);
        },
        progress);
}

} // namespace

TEST_CASE("median of odd, even and empty lists", "[protocol]") {
    CHECK(median({}) == 0);
    CHECK(median({3}) == 3);
    CHECK(median({5, 1, 3}) == 3);
    CHECK(median({4, 1, 3, 2}) == 2.5);
    CHECK(median({1, 100, 2, 3, 1000}) == 3);
}

TEST_CASE("warm-up runs until the optimizing tier is in", "[protocol]") {
    FakeDevice d;
    d.gflops = 20;
    d.cold_calls = 40; // 40 slow calls at 64^3, then fast
    ProtocolOptions o;
    o.budget_s = 3;
    RateProtocol p(o, sgemm_flops);
    const RateResult r = drive(p, d);
    REQUIRE(r.complete);
    CHECK(r.warmup_calls >= 40);
    CHECK(r.warmup_first_rate == Approx(2e9).epsilon(0.01));
    CHECK(r.warmup_last_rate == Approx(20e9).epsilon(0.01));
    // Every measured batch saw the fast tier.
    for (const SizeResult& s : r.sizes) {
        for (double rate : s.rates) CHECK(rate == Approx(20e9).epsilon(0.01));
    }
    // Warm-up batches grow so that a coarse browser clock can time them.
    int max_calls = 0;
    for (const Action& a : d.seen)
        if (a.kind == Action::warmup) max_calls = std::max(max_calls, a.calls);
    CHECK(max_calls > 1);
}

TEST_CASE("warm-up gives up after warmup_max_s on a device that never settles", "[protocol]") {
    FakeDevice d;
    d.gflops = 1;
    d.noise = [](int b) { return b % 2 ? 1.0 : 3.0; }; // every other batch 3x slower
    ProtocolOptions o;
    o.warmup_max_s = 0.2;
    o.budget_s = 1;
    RateProtocol p(o, sgemm_flops);
    const RateResult r = drive(p, d);
    CHECK(r.complete);
    CHECK_FALSE(r.sizes.empty());
    double warm = 0;
    for (const Action& a : d.seen)
        if (a.kind == Action::warmup) warm += a.calls * sgemm_flops(a.size) / 1e9;
    CHECK(warm <= 0.2 * 3 + 0.05); // stopped within a batch of the cap
}

TEST_CASE("the ladder climbs while the budget allows, and stays inside it", "[protocol]") {
    FakeDevice d;
    d.gflops = 2; // slow device: 1024^3 would take ~1 s per call
    ProtocolOptions o;
    o.budget_s = 2;
    o.warmup_size = 0;
    RateProtocol p(o, sgemm_flops);
    const RateResult r = drive(p, d);
    REQUIRE(r.complete);
    REQUIRE(r.sizes.size() >= 3);
    CHECK(r.sizes.size() < o.ladder.size()); // 1024 did not fit
    for (size_t i = 1; i < r.sizes.size(); ++i) CHECK(r.sizes[i].size > r.sizes[i - 1].size);
    CHECK(r.elapsed_s <= o.budget_s * 1.05);
    CHECK(r.elapsed_s == Approx(d.t - 100.0));
    for (const SizeResult& s : r.sizes) {
        CHECK(int(s.rates.size()) == o.reps);
        CHECK(s.median == Approx(2e9).epsilon(1e-9));
        // Batches are long enough for the clock.
        CHECK(s.calls_per_batch * sgemm_flops(s.size) / 2e9 >= o.min_batch_s * 0.99);
    }
    CHECK(r.best_rate == Approx(2e9));
}

TEST_CASE("a fast device finishes the whole ladder", "[protocol]") {
    FakeDevice d;
    d.gflops = 1e6;
    ProtocolOptions o;
    RateProtocol p(o, sgemm_flops);
    const RateResult r = drive(p, d);
    CHECK(r.complete);
    CHECK(r.sizes.size() == o.ladder.size());
    CHECK(r.best_rate == Approx(1e15));
}

TEST_CASE("a coarse clock (0.1 ms, as in browsers) still gives right rates in budget",
          "[protocol]") {
    FakeDevice d;
    d.gflops = 40;       // a 64^3 call takes 13 us: invisible to the clock
    d.quantum = 1e-4;
    d.cold_calls = 100;
    ProtocolOptions o;
    o.budget_s = 2;
    RateProtocol p(o, sgemm_flops);
    const RateResult r = drive(p, d);
    REQUIRE(r.complete);
    CHECK(d.t - 100.0 <= o.budget_s * 1.1);
    REQUIRE_FALSE(r.sizes.empty());
    for (const SizeResult& s : r.sizes) {
        CHECK(s.median == Approx(40e9).epsilon(0.02));
        CHECK(s.calls_per_batch < 1000000);
    }
    for (const Action& a : d.seen) {
        // No batch is sized from a zero reading.
        CHECK(a.calls * sgemm_flops(a.size) / 40e9 < 1.0);
    }
}

TEST_CASE("median and spread over noisy batches", "[protocol]") {
    FakeDevice d;
    d.gflops = 10;
    // Batch times (after warm-up and probe) x1, x2, x1, x0.5, x1: rates 10, 5, 10, 20, 10.
    const double pattern[5] = {1, 2, 1, 0.5, 1};
    int first_measure = -1;
    d.noise = [&](int b) {
        if (first_measure < 0) return 1.0;
        const int i = b - first_measure;
        return i >= 0 && i < 5 ? pattern[i] : 1.0;
    };
    ProtocolOptions o;
    o.warmup_size = 0;
    o.ladder = {256};
    RateProtocol p(o, sgemm_flops);
    const RateResult r = run_protocol(
        p, [&] { return d.now(); },
        [&](int64_t size, int calls) {
            if (p.next().kind == Action::measure && first_measure < 0) first_measure = d.batches;
            return d.run(size, calls);
        });
    REQUIRE(r.sizes.size() == 1);
    const SizeResult& s = r.sizes[0];
    CHECK(s.median == Approx(10e9));
    CHECK(s.min == Approx(5e9));
    CHECK(s.max == Approx(20e9));
    CHECK(s.spread == Approx(1.5));
}

TEST_CASE("parallel instances count together", "[protocol]") {
    FakeDevice d;
    d.gflops = 10; // the fake runs all instances at once in the time of one
    ProtocolOptions o;
    o.warmup_size = 0;
    o.ladder = {128};
    o.parallel = 4;
    RateProtocol p(o, sgemm_flops);
    CHECK(drive(p, d).best_rate == Approx(40e9));
}

TEST_CASE("progress rises to 1 and cancel stops at once", "[protocol]") {
    SECTION("progress") {
        FakeDevice d;
        d.gflops = 5;
        std::vector<double> seen;
        RateProtocol p(ProtocolOptions{}, sgemm_flops);
        drive(p, d, [&](double x) {
            seen.push_back(x);
            return true;
        });
        REQUIRE(seen.size() > 3);
        for (size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] >= seen[i - 1]);
        CHECK(seen.front() >= 0);
        CHECK(seen.back() == 1.0);
    }
    SECTION("cancel from the progress callback") {
        FakeDevice d;
        int calls = 0;
        RateProtocol p(ProtocolOptions{}, sgemm_flops);
        const RateResult r = drive(p, d, [&](double) { return ++calls < 3; });
        CHECK(r.cancelled);
        CHECK_FALSE(r.complete);
        CHECK(calls == 3);
        CHECK(d.batches == 3);
        CHECK(p.done());
        CHECK(p.next().kind == Action::done);
        p.record(1.0); // ignored after the end
        CHECK(p.result().elapsed_s == r.elapsed_s);
    }
    SECTION("cancel between actions") {
        RateProtocol p(ProtocolOptions{}, sgemm_flops);
        CHECK(p.next().kind == Action::warmup);
        p.record(0.001);
        p.cancel();
        CHECK(p.next().kind == Action::done);
        CHECK(p.result().cancelled);
        CHECK(p.progress() == 1.0);
    }
    SECTION("a failing run cancels") {
        RateProtocol p(ProtocolOptions{}, sgemm_flops);
        double t = 0;
        const RateResult r = run_protocol(
            p, [&] { return t += 0.01; }, [](int64_t, int) { return false; });
        CHECK(r.cancelled);
        CHECK(r.sizes.empty());
    }
}

TEST_CASE("degenerate options", "[protocol]") {
    ProtocolOptions o;
    o.ladder = {};
    RateProtocol empty(o, sgemm_flops);
    CHECK(empty.done());
    CHECK(empty.result().complete);

    o.ladder = {0, -5, 64};
    o.reps = 0;
    o.warmup_size = 0;
    RateProtocol p(o, sgemm_flops);
    FakeDevice d;
    const RateResult r = drive(p, d);
    REQUIRE(r.sizes.size() == 1);
    CHECK(r.sizes[0].size == 64);
    CHECK(r.sizes[0].rates.size() == 1);

    // A zero-length time (a clock too coarse) does not divide by zero.
    RateProtocol z(ProtocolOptions{}, sgemm_flops);
    z.record(0.0);
    CHECK(std::isfinite(z.result().warmup_first_rate));
}

TEST_CASE("bandwidth work function: bytes per call", "[protocol]") {
    FakeDevice d;
    ProtocolOptions o;
    o.warmup_size = 0;
    o.ladder = {int64_t(1) << 24};
    RateProtocol p(o, [](int64_t n) { return 12.0 * double(n); });
    double t = 0;
    const RateResult r = run_protocol(
        p, [&] { return t; },
        [&](int64_t n, int calls) {
            t += calls * 12.0 * double(n) / 20e9; // a 20 GB/s memory
            return true;
        });
    CHECK(r.best_rate == Approx(20e9));
}
