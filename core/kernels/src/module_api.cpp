// C exports of the standalone kernel modules (costlab_kernels.wasm, costlab_kernels_relaxed.wasm,
// build/bench/costlab_sgemm.wasm): what web/hw/ workers, the page driver and bench/kernels call.
// Plain `export_name` attributes: no Emscripten header and no JS glue; any harness instantiates
// the .wasm with a few stub imports (see web/hw/kernels-module.js).
//
// Status codes returned as int: 0 ok, 1 bad size, 2 too large, 3 null pointer, 4 out of memory.
#include "costlab/kernels.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#define COSTLAB_EXPORT(name) extern "C" __attribute__((export_name(#name), used))

using namespace costlab::kernels;

namespace {
std::string g_text; // backing store for returned strings (valid until the next such call)

const char* keep(std::string s) {
    g_text = std::move(s);
    return g_text.c_str();
}

struct ProtocolHandle {
    RateProtocol protocol;
};

WorkFn work_of(int kind) {
    switch (kind) {
    case 1: return [](int64_t n) { return 12.0 * double(n); }; // triad bytes
    case 2: return [](int64_t n) { return 8.0 * double(n); };  // copy bytes
    default: return sgemm_flops;                                // square SGEMM flops
    }
}
} // namespace

COSTLAB_EXPORT(costlab_sgemm)
int costlab_sgemm(int m, int n, int k, const float* a, const float* b, float* c) {
    return int(sgemm(m, n, k, a, b, c));
}

COSTLAB_EXPORT(costlab_sgemm_ref)
int costlab_sgemm_ref(int m, int n, int k, const float* a, const float* b, float* c) {
    return int(sgemm_ref(m, n, k, a, b, c));
}

// "" when fine, else the sentence from check_sgemm (takes doubles so JS can pass any number).
COSTLAB_EXPORT(costlab_check_sgemm)
const char* costlab_check_sgemm(double m, double n, double k) {
    auto clamp = [](double x) {
        return x < -9e18 ? int64_t(-9e18) : x > 9e18 ? int64_t(9e18) : int64_t(x);
    };
    return keep(check_sgemm(clamp(m), clamp(n), clamp(k)));
}

COSTLAB_EXPORT(costlab_backend)
const char* costlab_backend() { return blocked_backend_name(); }

COSTLAB_EXPORT(costlab_use_reference)
void costlab_use_reference(int on) { set_default_backend(on ? Backend::reference : Backend::blocked); }

COSTLAB_EXPORT(costlab_copy)
int costlab_copy(float* dst, const float* src, int n) { return int(stream_copy(dst, src, n)); }

COSTLAB_EXPORT(costlab_triad)
int costlab_triad(float* a, const float* b, const float* c, float s, int n) {
    return int(stream_triad(a, b, c, s, n));
}

COSTLAB_EXPORT(costlab_fill)
void costlab_fill(float* p, int count, int seed) { fill_pattern(p, count, uint32_t(seed)); }

COSTLAB_EXPORT(costlab_sum)
double costlab_sum(const float* p, int count) {
    double s = 0;
    for (int i = 0; i < count; ++i) s += p[i];
    return s;
}

// --- an SGEMM problem that owns its matrices (what a worker times) --------------------------
COSTLAB_EXPORT(costlab_problem_new)
SgemmProblem* costlab_problem_new(int m, int n, int k) {
    auto* p = new SgemmProblem();
    std::string error;
    if (SgemmProblem::create(m, n, k, p, &error) != Status::ok) {
        keep(error);
        delete p;
        return nullptr;
    }
    return p;
}

COSTLAB_EXPORT(costlab_last_error)
const char* costlab_last_error() { return g_text.c_str(); }

COSTLAB_EXPORT(costlab_problem_run)
int costlab_problem_run(SgemmProblem* p, int calls) {
    for (int i = 0; i < calls; ++i) {
        const Status s = p->run();
        if (s != Status::ok) return int(s);
    }
    return 0;
}

COSTLAB_EXPORT(costlab_problem_checksum)
double costlab_problem_checksum(SgemmProblem* p) { return p->checksum(); }

COSTLAB_EXPORT(costlab_problem_c)
float* costlab_problem_c(SgemmProblem* p) { return p->c.data(); }

COSTLAB_EXPORT(costlab_problem_free)
void costlab_problem_free(SgemmProblem* p) { delete p; }

// --- the timing protocol --------------------------------------------------------------------
// kind: 0 SGEMM (2 n^3 flops per call), 1 triad (12 n bytes), 2 copy (8 n bytes).
// ladder: `ladder_len` int32 sizes at `ladder`. Zero/negative options keep their defaults,
// except warmup_size = 0 (no warm-up) and budget.
COSTLAB_EXPORT(costlab_protocol_new)
ProtocolHandle* costlab_protocol_new(int kind, double budget_s, int parallel, int warmup_size,
                                     const int32_t* ladder, int ladder_len, int reps,
                                     double min_batch_s, double warmup_max_s) {
    ProtocolOptions o;
    o.budget_s = budget_s;
    o.parallel = parallel > 0 ? parallel : 1;
    o.warmup_size = warmup_size;
    if (ladder && ladder_len > 0) o.ladder.assign(ladder, ladder + ladder_len);
    if (reps > 0) o.reps = reps;
    if (min_batch_s > 0) o.min_batch_s = min_batch_s;
    if (warmup_max_s > 0) o.warmup_max_s = warmup_max_s;
    return new ProtocolHandle{RateProtocol(o, work_of(kind))};
}

// Writes {kind, size, calls} as three int32 at out (kind: 0 warmup, 1 probe, 2 measure, 3 done).
COSTLAB_EXPORT(costlab_protocol_next)
void costlab_protocol_next(ProtocolHandle* h, int32_t* out) {
    const Action a = h->protocol.next();
    out[0] = int32_t(a.kind);
    out[1] = int32_t(a.size);
    out[2] = a.calls;
}

COSTLAB_EXPORT(costlab_protocol_record)
void costlab_protocol_record(ProtocolHandle* h, double seconds) { h->protocol.record(seconds); }

COSTLAB_EXPORT(costlab_protocol_cancel)
void costlab_protocol_cancel(ProtocolHandle* h) { h->protocol.cancel(); }

COSTLAB_EXPORT(costlab_protocol_progress)
double costlab_protocol_progress(ProtocolHandle* h) { return h->protocol.progress(); }

// The result as JSON: {"cancelled","complete","warmup_calls","warmup_first_rate",
// "warmup_last_rate","best_rate","best_size","elapsed_s","sizes":[{"size","calls_per_batch",
// "median","min","max","spread","rates":[...]}]}.
COSTLAB_EXPORT(costlab_protocol_result)
const char* costlab_protocol_result(ProtocolHandle* h) {
    const RateResult& r = h->protocol.result();
    auto num = [](double v) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.9g", v);
        return std::string(buf);
    };
    std::string s = "{\"cancelled\":" + std::string(r.cancelled ? "true" : "false") +
                    ",\"complete\":" + (r.complete ? "true" : "false") +
                    ",\"warmup_calls\":" + std::to_string(r.warmup_calls) +
                    ",\"warmup_first_rate\":" + num(r.warmup_first_rate) +
                    ",\"warmup_last_rate\":" + num(r.warmup_last_rate) +
                    ",\"best_rate\":" + num(r.best_rate) +
                    ",\"best_size\":" + std::to_string(r.best_size) +
                    ",\"elapsed_s\":" + num(r.elapsed_s) + ",\"sizes\":[";
    for (size_t i = 0; i < r.sizes.size(); ++i) {
        const SizeResult& z = r.sizes[i];
        s += (i ? ",{" : "{") + std::string("\"size\":") + std::to_string(z.size) +
             ",\"calls_per_batch\":" + std::to_string(z.calls_per_batch) +
             ",\"median\":" + num(z.median) + ",\"min\":" + num(z.min) +
             ",\"max\":" + num(z.max) + ",\"spread\":" + num(z.spread) + ",\"rates\":[";
        for (size_t j = 0; j < z.rates.size(); ++j) s += (j ? "," : "") + num(z.rates[j]);
        s += "]}";
    }
    s += "]}";
    return keep(std::move(s));
}

COSTLAB_EXPORT(costlab_protocol_free)
void costlab_protocol_free(ProtocolHandle* h) { delete h; }
