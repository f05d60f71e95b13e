// Internals shared by the text and image halves of the cost model: the roofline of one
// phase, the tensor-parallel all-reduce, and turning phase times into money and energy.
#pragma once

#include "costlab/model.h"

namespace costlab::detail {

// Live activation bytes per output pixel in the VAE decoder's last up-block (128 channels at
// full resolution in the SD/SDXL/FLUX VAE, bf16, ~3 buffers live: input, output, residual):
// 128 x 2 B x 3. It is the peak activation of the image pipeline at 1024^2 (~0.8 GB per
// image); video VAEs decode a few frames at a time with the same last block (model_video.cpp).
constexpr double kVaeActivationBytesPerPixel = 128 * 2 * 3;

// The peaks of a replica (all its GPUs) the phases are judged against: the measured ceilings
// (catalog), before any utilization; the power model reads the use of them.
struct Roof {
    double flops_per_s = 0; // peak of the phase's precision x gpus
    double bytes_per_s = 0; // HBM bandwidth x gpus
};

// A phase from its roofline terms: seconds = max(compute, memory) + comm + overheads. The
// achieved compute and memory use (flops / (seconds x peak), bytes / (seconds x bandwidth))
// go into the phase for the power model. `idle_overhead_seconds` leaves the GPU waiting (a
// CPU scheduler step); `busy_overhead_seconds` keeps it running small latency-bound kernels
// (sampling, routing, launch-bound layers), counted as full memory-side activity for power.
PhaseReport make_phase(const char* name, double flops, double bytes, double compute_seconds,
                       double memory_seconds, double comm_seconds, double idle_overhead_seconds,
                       double busy_overhead_seconds, const Roof& peak);

// Achieved compute as a fraction of peak for a pass over `tokens` rows (tokens, or latent
// tokens x batch): u_max n / (n + n_half), n_half = compute_half_tokens x peak / 989 TFLOP/s.
// Small work does not fill a big GPU: fewer tiles than SMs (wave quantization), launch and
// synchronisation latency, epilogues; a faster GPU needs more work in flight to hide them.
double compute_efficiency(double tokens, double peak_flops_per_s_per_gpu, double u_max,
                          const Assumptions& a);

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

// evaluate_image(), optionally without an autoregressive model's backbone range (two more runs
// of the backbone) for callers that read only the point estimate (compare_references).
WorkloadReport evaluate_image(const Scenario& s, const Catalog& catalog, bool backbone_range);

// Fills throughput, GPU-seconds, energy, money and carbon from the phases of one batch.
// A deployment is `replicas` replicas of `gpus_per_replica` GPUs; each replica completes
// `queries_per_batch` queries in `batch_seconds`.
void finish_workload(WorkloadReport& w, const Scenario& s, const Accelerator& acc,
                     int gpus_per_replica, int replicas, double batch_seconds,
                     double queries_per_batch);

// Water (on-site and off-site) and embodied carbon per query, from the energies and
// GPU-seconds already in `w` (finish_workload calls it; new workloads must too).
void add_water_and_embodied(WorkloadReport& w, const Serving& sv);

// A stand-in's range (images' autoregressive backbone, closed video presets): the figures of the
// smaller and the larger model, each already evaluated as the workload would be.
BackboneRange backbone_range(const std::string& smaller_model, const std::string& larger_model,
                             const WorkloadReport& smaller, const WorkloadReport& larger);

// Average board power of one GPU during a phase, from its achieved compute and memory use.
double phase_power_w(const PhaseReport& p, const Accelerator& acc, const Assumptions& a);

// The text model's roofline applied to a given model (also used by autoregressive images).
struct TextRun {
    const TextModel* model = nullptr;
    Precision precision = Precision::bf16;
    int64_t input_tokens = 0;
    int64_t decode_tokens = 0; // reasoning + output, or image tokens
    int gpus = 1;
    int batch = 1;            // 0 = largest that fits
    bool grow_to_fit = false; // use at least the smallest group that holds the batch
    // Per-user streaming speed batch 0 keeps (text.min_tokens_per_s_per_user); 0: none, the
    // largest batch that fits (image tokens are not read as they stream).
    double min_tokens_per_s_per_user = 0;
};
void run_text(WorkloadReport& w, const TextRun& run, const Scenario& s, const Accelerator& acc,
              double extra_flops_per_query, const char* extra_phase_name);

// CPU offload for image and video pipelines whose weights do not fit beside their activations:
// whole components moved to the GPU when their stage runs and back after (diffusers'
// enable_model_cpu_offload, Wan's --offload_model), or, when even the largest component does not
// fit, every block streamed in for each pass (enable_sequential_cpu_offload). Weights cross the
// host link (Accelerator::host_link_or_default_bytes_per_s x interconnect_utilization).
struct OffloadPlan {
    const char* mode = "";     // "", "model" or "sequential"
    double resident_bytes = 0; // on the GPU with this plan
    double seconds = 0;        // host-link transfers per batch
};
// `setting`: model_default = only where the weights do not fit; on = at least model offload;
// off = never. `denoiser_bytes` is streamed `passes_streamed` times under sequential offload.
OffloadPlan plan_offload(Guidance setting, double denoiser_bytes, double text_encoder_bytes,
                         double vae_bytes, double activation_bytes, double usable_bytes,
                         double denoiser_blocks, double passes_streamed, const Accelerator& acc,
                         const Assumptions& a);
// The warning a workload on CPU offload carries: its mode, what it costs per `per` ("batch",
// "video"), and whether the weights needed it (`weights_fit` false) or it was asked for.
std::string offload_warning(const std::string& model, const OffloadPlan& p, double weights_bytes,
                            bool weights_fit, const Accelerator& acc, double usable_bytes,
                            const char* per);

} // namespace costlab::detail
