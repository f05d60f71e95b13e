// Internals shared by the text and image halves of the cost model: the roofline of one
// phase, the tensor-parallel all-reduce, and turning phase times into money and energy.
#pragma once

#include "costlab/model.h"

namespace costlab::detail {

// What a replica of GPUs can do per second, after the utilization assumptions.
struct Roof {
    double flops_per_s = 0; // peak x gpus x compute utilization
    double bytes_per_s = 0; // bandwidth x gpus x memory utilization
};

// time = max(flops / achieved FLOP/s, bytes / achieved bytes/s) + comm + overhead.
PhaseReport roofline_phase(const char* name, double flops, double bytes, const Roof& roof,
                           double comm_seconds, double overhead_seconds);

// v rounded toward zero into [lo, hi]; NaN gives lo (a cast of NaN or inf to int is UB).
inline int clamp_to_int(double v, int lo, int hi) {
    if (!(v >= lo)) return lo;
    if (v >= hi) return hi;
    return static_cast<int>(v);
}

// Ring all-reduce of `message_bytes` over `gpus` GPUs: 2 (n-1)/n of the message crosses each
// link, plus a fixed latency. Zero for one GPU.
double allreduce_seconds(double message_bytes, int gpus, const Accelerator& acc,
                         const Assumptions& a);

// Bytes per KV-cache element for a weight format: 32-bit stays 32-bit, 16-bit stays 16-bit,
// 8-bit and narrower keep the cache in fp8 (vLLM's kv_cache_dtype=fp8).
double kv_bytes_per_value(Precision p);

// Fills throughput, GPU-seconds, energy, money and carbon from the phases of one batch.
// A deployment is `replicas` replicas of `gpus_per_replica` GPUs; each replica completes
// `queries_per_batch` queries in `batch_seconds`.
void finish_workload(WorkloadReport& w, const Scenario& s, const Accelerator& acc,
                     int gpus_per_replica, int replicas, double batch_seconds,
                     double queries_per_batch);

// Average board power of one GPU during a phase, from its bound.
double phase_power_w(const PhaseReport& p, const Accelerator& acc, const Assumptions& a);

// The text model's roofline applied to a given model (also used by autoregressive images).
struct TextRun {
    const TextModel* model = nullptr;
    Precision precision = Precision::bf16;
    int64_t input_tokens = 0;
    int64_t decode_tokens = 0; // reasoning + output, or image tokens
    int gpus = 1;
    int batch = 1; // 0 = largest that fits
};
void run_text(WorkloadReport& w, const TextRun& run, const Scenario& s, const Accelerator& acc,
              double extra_flops_per_query, const char* extra_phase_name);

} // namespace costlab::detail
