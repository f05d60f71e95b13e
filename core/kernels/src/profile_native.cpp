// measure_native_profile: the whole CPU profile from a native program (the CLI), with
// std::thread for "all threads". Built with COSTLAB_KERNELS_THREADS=1 natively; the wasm
// library (no pthreads: the browser uses N Web Workers instead, web/hw/) runs one thread.
#include "costlab/kernels.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#if COSTLAB_KERNELS_THREADS
#include <thread>
#endif

namespace costlab::kernels {

namespace {

double now_s() {
    using clock = std::chrono::steady_clock;
    return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

// One instance's state: SGEMM problems by size, bandwidth buffers.
struct Instance {
    std::map<int64_t, std::unique_ptr<SgemmProblem>> problems;
    Buffer a, b, c;

    bool sgemm(int64_t n, int calls) {
        auto& p = problems[n];
        if (!p) {
            p = std::make_unique<SgemmProblem>();
            if (SgemmProblem::create(n, n, n, p.get()) != Status::ok) return false;
        }
        for (int i = 0; i < calls; ++i)
            if (p->run() != Status::ok) return false;
        return true;
    }

    bool triad(int64_t count, int calls) {
        if (a.size() != count) {
            if (Buffer::allocate(count, &a) != Status::ok || Buffer::allocate(count, &b) != Status::ok ||
                Buffer::allocate(count, &c) != Status::ok)
                return false;
            fill_pattern(b.data(), count, 3);
            fill_pattern(c.data(), count, 4);
        }
        for (int i = 0; i < calls; ++i)
            if (stream_triad(a.data(), b.data(), c.data(), 0.5f, count) != Status::ok) return false;
        return true;
    }
};

// Runs fn on every instance at once (one std::thread each beyond the first).
template <class Fn>
bool run_all(std::vector<Instance>& inst, Fn fn) {
#if COSTLAB_KERNELS_THREADS
    std::vector<char> ok(inst.size(), 1);
    std::vector<std::thread> threads;
    for (size_t i = 1; i < inst.size(); ++i)
        threads.emplace_back([&, i] { ok[i] = fn(inst[i]) ? 1 : 0; });
    ok[0] = fn(inst[0]) ? 1 : 0;
    for (auto& t : threads) t.join();
    return std::all_of(ok.begin(), ok.end(), [](char c) { return c != 0; });
#else
    bool ok = true;
    for (auto& i : inst) ok = fn(i) && ok;
    return ok;
#endif
}

} // namespace

DeviceProfile measure_native_profile(double budget_s, int threads,
                                     const std::function<bool(double progress)>& on_progress) {
#if COSTLAB_KERNELS_THREADS
    if (threads <= 0) threads = int(std::max(1u, std::thread::hardware_concurrency()));
#else
    threads = 1;
#endif
    DeviceProfile prof;
    prof.threads = threads;
    prof.backend = active_backend_name();
    prof.engine = "native";
#if defined(__clang__)
    prof.engine += " (clang " + std::to_string(__clang_major__) + ")";
#elif defined(__GNUC__)
    prof.engine += " (gcc " + std::to_string(__GNUC__) + ")";
#endif

    std::vector<Instance> inst(static_cast<size_t>(threads));
    // Stage shares of the budget and of the progress bar.
    const double share[4] = {0.4, 0.3, 0.15, 0.15};
    double done_before = 0;
    bool cancelled = false;
    auto stage_progress = [&](int stage) {
        return [&, stage](double p) {
            if (!on_progress) return true;
            const bool go = on_progress(std::min(1.0, done_before + share[stage] * p));
            if (!go) cancelled = true;
            return go;
        };
    };

    // 1. SGEMM, one thread, full ladder.
    ProtocolOptions o1;
    o1.budget_s = budget_s * share[0];
    o1.warmup_max_s = std::min(0.5, o1.budget_s / 4);
    RateProtocol p1(o1, sgemm_flops);
    run_protocol(p1, now_s, [&](int64_t n, int calls) { return inst[0].sgemm(n, calls); },
                 stage_progress(0));
    prof.sgemm_gflops_1 = p1.result().best_rate / 1e9;
    done_before += share[0];

    // 2. SGEMM, all threads at the best size.
    if (!cancelled && p1.result().best_size > 0) {
        ProtocolOptions o;
        o.budget_s = budget_s * share[1];
        o.warmup_size = 0;
        o.ladder = {p1.result().best_size};
        o.parallel = threads;
        RateProtocol p(o, sgemm_flops);
        run_protocol(p, now_s,
                     [&](int64_t n, int calls) {
                         return run_all(inst, [&](Instance& i) { return i.sgemm(n, calls); });
                     },
                     stage_progress(1));
        prof.sgemm_gflops_all = std::max(p.result().best_rate / 1e9, prof.sgemm_gflops_1);
    }
    done_before += share[1];

    // 3-4. Triad bandwidth, one thread then all: 3 x 32 MiB per instance.
    const int64_t count = int64_t(8) << 20;
    auto triad_bytes = [](int64_t n) { return 12.0 * double(n); };
    for (int stage = 2; stage < 4 && !cancelled; ++stage) {
        ProtocolOptions o;
        o.budget_s = budget_s * share[stage];
        o.warmup_size = 0;
        o.ladder = {count};
        o.min_batch_s = 0.05;
        o.parallel = stage == 2 ? 1 : threads;
        RateProtocol p(o, triad_bytes);
        run_protocol(p, now_s,
                     [&](int64_t n, int calls) {
                         if (stage == 2) return inst[0].triad(n, calls);
                         return run_all(inst, [&](Instance& i) { return i.triad(n, calls); });
                     },
                     stage_progress(stage));
        (stage == 2 ? prof.gbps_1 : prof.gbps_all) = p.result().best_rate / 1e9;
        done_before += share[stage];
    }
    return prof;
}

} // namespace costlab::kernels
