// costlab kernels: time the device this runs on and turn the timings into an Accelerator.
//
//   sgemm / sgemm_ref     C = A x B, row-major fp32. The blocked path packs A and B and runs a
//                         register-blocked micro-kernel: WebAssembly SIMD128 (or relaxed-SIMD
//                         FMA in the separate relaxed module) on wasm, GCC vector extensions on
//                         native. sgemm_ref is the plain triple loop, built on every target.
//   stream_copy / triad   memory-bandwidth probes over buffers far larger than the caches.
//   RateProtocol          the timing protocol as a state machine: warm-up until the engine's
//                         optimizing tier is in, a size ladder inside a time budget, repeated
//                         batches, median and spread, progress and cancel. It never reads a clock:
//                         the caller runs each Action and reports its wall time, so the same
//                         code drives a native loop, N Web Workers (web/hw/) and the tests.
//   DeviceProfile         what a run measured; accelerator_from_profile() makes the catalog's
//                         "your device" entry from it.
//
// Nothing here throws or aborts on bad input: sizes are checked and reported in words.
// See core/kernels/README.md for the design, the relaxed-SIMD build and the numbers.
#pragma once

#include "costlab/catalog.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace costlab::kernels {

enum class Status {
    ok,
    bad_size,      // a dimension or length below 1
    too_large,     // more memory than this build can address or is allowed to ask for
    null_pointer,  // a buffer pointer is null
    out_of_memory, // the allocation (workspace or buffers) failed
};
const char* to_string(Status s);

// Which SGEMM implementation a call uses.
enum class Backend {
    automatic, // default_backend(): blocked unless forced to the reference
    reference, // sgemm_ref
    blocked,   // packing + micro-kernel (SIMD128 / relaxed FMA / native vectors)
};

// The name of this build's blocked path: "wasm-simd128", "wasm-relaxed-simd" or "native-vec4".
const char* blocked_backend_name();
// The name of what Backend::automatic runs now ("reference" when forced).
const char* active_backend_name();

// Forces every Backend::automatic call to the reference (or back). The initial value is the
// blocked path, unless the library was configured with -DCOSTLAB_KERNELS_FORCE_REF=ON or, on
// native builds, the environment variable COSTLAB_SGEMM=ref is set at the first call.
void set_default_backend(Backend b);
Backend default_backend();

// Most bytes the three matrices together may occupy on this target: the 32-bit address space
// on wasm32 (4 GiB), 2^47 on 64-bit native.
uint64_t max_addressable_bytes();

// "" when (m, n, k) is a valid SGEMM shape on this target, else a sentence that says which
// number is wrong and why (e.g. "M must be at least 1 (got 0)").
std::string check_sgemm(int64_t m, int64_t n, int64_t k);

// C (m x n) = A (m x k) x B (k x n), all row-major and dense. C is overwritten (never read), so
// it may hold garbage or NaN on entry. NaN and Inf in A or B propagate as IEEE arithmetic says.
Status sgemm(int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c,
             Backend backend = Backend::automatic);
Status sgemm_ref(int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c);

// Blocking parameters of the blocked path (for tests and the README).
struct Blocking {
    int mr, nr;     // micro-tile: rows of A x columns of B held in registers
    int mc, kc, nc; // cache blocks
};
Blocking blocking();

// --- memory bandwidth ---------------------------------------------------------------------
// dst[i] = src[i]; counts 2 x 4 x n bytes moved (STREAM convention: read + write).
Status stream_copy(float* dst, const float* src, int64_t n);
// a[i] = b[i] + s x c[i]; counts 3 x 4 x n bytes moved.
Status stream_triad(float* a, const float* b, const float* c, float s, int64_t n);

// Owned, 64-byte aligned float buffers for probes and benchmarks; allocation is checked
// against a byte limit (default: 1 GiB on wasm, 8 GiB native) so a huge request is an error,
// not a crash or an out-of-memory kill.
class Buffer {
public:
    Buffer() = default;
    ~Buffer();
    Buffer(Buffer&& o) noexcept;
    Buffer& operator=(Buffer&& o) noexcept;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;

    static Status allocate(int64_t count, Buffer* out, uint64_t max_bytes = 0);
    float* data() { return data_; }
    const float* data() const { return data_; }
    int64_t size() const { return size_; }

private:
    float* data_ = nullptr;
    int64_t size_ = 0;
};
uint64_t default_buffer_limit_bytes();

// An SGEMM problem with its own A, B, C filled with a fixed pseudo-random pattern in [-1, 1).
struct SgemmProblem {
    int64_t m = 0, n = 0, k = 0;
    Buffer a, b, c;
    // Checks the shape (check_sgemm) and the total bytes against max_bytes (0: default limit).
    static Status create(int64_t m, int64_t n, int64_t k, SgemmProblem* out,
                         std::string* error = nullptr, uint64_t max_bytes = 0);
    Status run(Backend backend = Backend::automatic) {
        return sgemm(m, n, k, a.data(), b.data(), c.data(), backend);
    }
    double checksum() const; // sum of C, in double
};

// Deterministic fill in [-1, 1), the same on every target (used by tests and workers so a
// checksum can be compared across threads and builds).
void fill_pattern(float* p, int64_t count, uint32_t seed);

// --- timing protocol ----------------------------------------------------------------------
struct ProtocolOptions {
    // Warm-up: calls at warmup_size until the rate stops rising (the optimizing tier is in):
    // at least warmup_min_calls calls, and the best rate of the last warmup_window calls within
    // warmup_tolerance of the best so far, and the last call no slower than that; at most
    // warmup_max_s seconds in all.
    int64_t warmup_size = 64;
    int warmup_min_calls = 6;
    int warmup_window = 3;
    double warmup_tolerance = 0.05;
    double warmup_max_s = 1.5;
    // Ladder: sizes tried in order while the budget allows (each predicted from the last).
    std::vector<int64_t> ladder = {64, 128, 256, 384, 512, 768, 1024};
    int reps = 5;              // timed batches per size; median and spread over these
    double min_batch_s = 0.02; // each batch runs enough calls to last at least this long
    double budget_s = 4.0;     // for the whole protocol, warm-up included
    int parallel = 1;          // instances running each action at once (workers)
};

// What the caller must do next: run the workload `calls` times in a row at `size` (on each of
// the `parallel` instances at once) and report the wall time with record(). Warm-up and probe
// batches grow until they last min_batch_s / 4, so a coarse clock (browsers round to 0.1 ms or
// more) is never asked to time a batch it cannot see; the probe then sizes the measured batches.
struct Action {
    enum Kind { warmup, probe, measure, done } kind = done;
    int64_t size = 0;
    int calls = 0;
};

struct SizeResult {
    int64_t size = 0;
    int calls_per_batch = 0;
    std::vector<double> rates; // work units per second of each batch, all instances together
    double median = 0, min = 0, max = 0;
    double spread = 0; // (max - min) / median
};

struct RateResult {
    bool cancelled = false;
    bool complete = false;      // the protocol reached done (budget or ladder end)
    int warmup_calls = 0;
    double warmup_first_rate = 0, warmup_last_rate = 0;
    std::vector<SizeResult> sizes;
    double best_rate = 0;       // the highest median over sizes
    int64_t best_size = 0;
    double elapsed_s = 0;       // sum of recorded times
};

// Work units per call at a size: 2 n^3 flops for square SGEMM, bytes moved for a probe.
using WorkFn = std::function<double(int64_t size)>;
double sgemm_flops(int64_t n);

class RateProtocol {
public:
    RateProtocol(ProtocolOptions options, WorkFn work_per_call);
    Action next() const;             // what to run now (done once finished or cancelled)
    void record(double seconds);     // wall time of the action next() returned
    void cancel();                   // next() returns done from now on; result().cancelled
    double progress() const;         // 0..1, by time spent against the budget
    bool done() const;
    const RateResult& result() const { return result_; }
    const ProtocolOptions& options() const { return opt_; }

private:
    enum class Phase { warmup, probe, measure, finished };
    void finish_size();
    void advance_to_next_size();
    bool fits_budget(int64_t size, double seconds_per_call_at_prev, int64_t prev_size) const;

    ProtocolOptions opt_;
    WorkFn work_;
    Phase phase_ = Phase::warmup;
    size_t ladder_index_ = 0;
    int calls_ = 1;       // warm-up batch
    int probe_calls_ = 1; // probe batch
    double last_seconds_per_call_ = 0;
    int64_t last_size_ = 0;
    std::vector<double> warmup_rates_;
    SizeResult current_;
    RateResult result_;
};

// Runs a protocol to the end: now_s is the clock (seconds), run(size, calls) does the work
// (on every instance) and returns false to stop with an error, on_progress returns false to
// cancel. Used natively and by the tests with a fake clock.
RateResult run_protocol(RateProtocol& protocol, const std::function<double()>& now_s,
                        const std::function<bool(int64_t size, int calls)>& run,
                        const std::function<bool(double progress)>& on_progress = {});

// Median of a copy (mean of the middle two for even counts); 0 for an empty list.
double median(std::vector<double> v);

// --- device profile -----------------------------------------------------------------------
struct DeviceProfile {
    double sgemm_gflops_1 = 0;   // one thread (one worker)
    double sgemm_gflops_all = 0; // all threads together (N workers, N module instances)
    double gpu_gflops = 0;       // WebGPU matmul, 0 = not measured or unavailable
    double gpu_gflops_f16 = 0;   // WebGPU matmul with f16 inputs, f32 accumulation; 0 = none
                                 // (no shader-f16 on the adapter, or not measured)
    double gbps_1 = 0;           // memory bandwidth (triad), one thread
    double gbps_all = 0;         // all threads
    double gpu_gbps = 0;         // WebGPU copy, 0 = not measured
    int threads = 1;
    std::string backend;         // "wasm-simd128", "wasm-relaxed-simd", "native-vec4", ...
    std::string engine;          // "Chrome 156", "node 20.20 (V8 11.3)", "native (gcc 12)"
    std::string gpu;             // adapter description, "" if none
    std::string gpu_message;     // why there is no GPU figure, in words ("" when measured)
    std::string date;            // when measured, "YYYY-MM-DD"
    double memory_bytes = 0;     // device memory if known (navigator.deviceMemory), else 0
    double board_power_w = 30;   // an assumption the user edits: the device's draw under load
};

// JSON round trip of a profile (the object web/hw/ produces). Unknown keys are ignored; a
// missing or non-numeric number keeps its default. nullopt + *error when the text is not a
// JSON object.
std::string profile_to_json(const DeviceProfile& p);
std::optional<DeviceProfile> profile_from_json(const std::string& text, std::string* error);

// The catalog entry for the measured device: id "your-device", measured = true, fp32 peak =
// the faster of the GPU and all CPU threads, memory bandwidth = the matching GB/s,
// board_power_w from the profile. 16-bit modes (fp16, bf16: what the model's 16-bit, and via
// its fallbacks 8- and 4-bit, workloads run at) = the GPU's f16 figure when the GPU is the
// device and it was measured, else the fp32 figure (no faster 16-bit units assumed: WebGPU
// without shader-f16, and wasm, compute 16-bit work in f32). Each field cites the measurement.
Accelerator accelerator_from_profile(const DeviceProfile& p);

// Runs the whole CPU profile natively (this thread, then `threads` std::threads at once):
// SGEMM ladder and triad bandwidth within budget_s. threads = 0: hardware concurrency.
DeviceProfile measure_native_profile(double budget_s = 6.0, int threads = 0,
                                     const std::function<bool(double progress)>& on_progress = {});

} // namespace costlab::kernels
