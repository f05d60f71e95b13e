// Native kernel figures (printed, not a test): the blocked SGEMM against the scalar reference
// at a few sizes on one thread, then the whole device profile (all threads, triad bandwidth)
// through the same timing protocol the browser uses.
//   build/native/bench/kernels/costlab_native_kernel_bench [budget_s]
#include "costlab/kernels.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace costlab::kernels;

static double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int main(int argc, char** argv) {
    const double budget = argc > 1 ? std::atof(argv[1]) : 6.0;
    std::printf("costlab native kernels: blocked path %s (MR x NR = %d x %d)\n",
                blocked_backend_name(), blocking().mr, blocking().nr);
    for (int64_t n : {128, 256, 512, 1024}) {
        for (Backend b : {Backend::blocked, Backend::reference}) {
            if (b == Backend::reference && n > 512) continue;
            SgemmProblem p;
            if (SgemmProblem::create(n, n, n, &p) != Status::ok) return 1;
            ProtocolOptions o;
            o.warmup_size = 0;
            o.ladder = {n};
            o.budget_s = 1.0;
            RateProtocol proto(o, sgemm_flops);
            run_protocol(proto, now_s, [&](int64_t, int calls) {
                for (int i = 0; i < calls; ++i)
                    if (p.run(b) != Status::ok) return false;
                return true;
            });
            const SizeResult& s = proto.result().sizes.at(0);
            std::printf("  n=%5lld %-10s %7.1f GFLOP/s (spread %.0f%%)\n", (long long)n,
                        b == Backend::blocked ? "blocked" : "reference", s.median / 1e9,
                        100 * s.spread);
        }
    }
    const DeviceProfile prof = measure_native_profile(budget);
    std::printf("profile (%.0f s budget): %s\n", budget, profile_to_json(prof).c_str());
    return 0;
}
