// Text (LLM) cost: prefill and decode by roofline on a tensor-parallel replica.
// Start at run_text(). Counts per forward pass (N = active params, L = layers,
// A = heads x head_dim, c = context length):
//   linear FLOPs  = 2 N per token
//   attention     = 4 L A c per decoded token (QK^T and AV); 2 L A n^2 for a causal prefill of n
//   weight bytes  = all resident weights for dense models; for MoE, the experts a batch touches
//   KV bytes      = kv_bytes_per_token x context, read once per decoded token
#include "detail/model_detail.h"

#include "costlab/limits.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace costlab {
namespace detail {

namespace {

constexpr double kActivationBytes = 2; // activations and all-reduce messages travel in 16-bit
// Rows of work per image in a tokens -> pixels decoder, for compute_efficiency(): the latent
// positions of a 1024x1024 image at 16x16 pixels each (the SD/FLUX VAE's 8x downsampling and
// 2x2 patches), the same count the diffusion model uses.
constexpr double kImageDecoderRowsPerImage = 4096;

// Weights every token passes through whatever the router picks (attention, embeddings,
// dense layers, shared experts): active minus the k routed experts' share.
double shared_params(const TextModel& m) {
    if (m.experts <= 1 || m.experts == m.experts_active) return m.params_total;
    double per_expert = (m.params_total - m.params_active) / (m.experts - m.experts_active);
    return std::max(0.0, m.params_active - m.experts_active * per_expert);
}

// Weight bytes one forward pass reads when `tokens` tokens are routed through the layer.
// Dense: all weights. MoE: shared weights + the expected share of experts hit when each
// token picks experts_active of experts uniformly: 1 - (1 - k/E)^tokens.
double weight_bytes_read(const TextModel& m, double bytes_per_param, double tokens) {
    if (m.experts <= 1 || m.experts == m.experts_active) return m.params_total * bytes_per_param;
    double E = m.experts, k = m.experts_active;
    double per_expert = (m.params_total - m.params_active) / (E - k);
    double shared = shared_params(m);
    double hit = 1.0 - std::pow(1.0 - k / E, std::max(1.0, tokens));
    return (shared + E * per_expert * hit) * bytes_per_param;
}

double attention_width(const TextModel& m) {
    return double(m.heads) * m.head_dim;
}

// Activation memory of one prefill pass: one layer's hidden and FFN intermediates for every
// prompt token in flight (frameworks free them layer by layer).
double prefill_activation_bytes(const TextModel& m, double tokens) {
    double per_token = (4.0 * m.d_model + 2.0 * double(m.ffn_dim) * m.experts_active);
    return tokens * per_token * kActivationBytes;
}

} // namespace

void run_text(WorkloadReport& w, const TextRun& run, const Scenario& s, const Accelerator& acc,
              double extra_flops_per_query, const char* extra_phase_name) {
    const TextModel& m = *run.model;
    const Assumptions& a = s.assumptions;
    const double bpp = bytes_per_param(run.precision);
    const double kv_token = m.kv_bytes_per_token(kv_bytes_per_value(run.precision));
    const double in = double(run.input_tokens);
    const double dec = double(run.decode_tokens);

    // ---- memory fit: weights + KV cache + one prefill chunk's activations.
    // Continuous batching with a paged KV cache: sequences are staggered, so on average each
    // holds its prompt plus half its reply (vLLM PagedAttention, Kwon et al. SOSP 2023).
    const double weights = m.params_total * bpp;
    const double usable_per_gpu = acc.memory_bytes * a.memory_usable_fraction;
    const double kv_per_seq = (in + dec / 2) * kv_token;
    auto activations = [&](double batch_size) {
        return prefill_activation_bytes(m,
                                        std::min(batch_size * in, double(a.prefill_chunk_tokens)));
    };
    // gpus = 0: the smallest tensor-parallel group that holds the batch (batch 1 if batch=max);
    // grow_to_fit: the given group, or that smallest one if it is larger.
    int n_gpu = run.gpus;
    if (n_gpu == 0 || run.grow_to_fit) {
        double b = std::max(1, run.batch);
        double need = weights + b * kv_per_seq + activations(b);
        int smallest =
            clamp_to_int(std::ceil(need / usable_per_gpu), 1, limits::kMaxGpusPerReplica);
        n_gpu = std::max(n_gpu, smallest);
    }
    const double usable = usable_per_gpu * n_gpu;
    int batch = run.batch;
    if (batch == 0) { // largest batch that fits, at least 1
        double fit = std::floor((usable - weights - activations(1e9)) / kv_per_seq);
        batch = clamp_to_int(fit, 1, limits::kMaxTextBatch);
    }
    const double B = batch;
    const double needed = weights + B * kv_per_seq + activations(B);
    w.gpus = n_gpu;
    w.batch = batch;
    w.memory_gb_needed = needed / 1e9;
    w.memory_gb_available = usable / 1e9;
    w.fits = needed <= usable;
    w.min_gpus_to_fit = int(std::ceil(needed / usable_per_gpu));
    if (!w.fits) {
        char buf[320];
        std::snprintf(buf, sizeof buf,
                      "%s at %s, batch %d needs %.0f GB but %d x %s has %.0f GB usable: it does "
                      "not fit. It needs at least %d GPUs (or a smaller batch or precision)",
                      m.name.c_str(), to_string(run.precision), batch, needed / 1e9, n_gpu,
                      acc.name.c_str(), usable / 1e9, w.min_gpus_to_fit);
        w.warnings.push_back(buf);
    }

    // ---- the replica's phases
    const double peak_gpu = acc.effective_peak_flops_per_s(run.precision);
    const Roof peak{peak_gpu * n_gpu, acc.memory_bytes_per_s * n_gpu};
    const double weight_bw = peak.bytes_per_s * a.memory_bw_utilization;
    const double kv_bw = peak.bytes_per_s * a.kv_bw_utilization;
    const double A = attention_width(m);
    const double L = m.layers;
    const bool moe = m.experts > 1 && m.experts < 100000 && m.experts != m.experts_active;
    const double k_over_e = moe ? double(m.experts_active) / m.experts : 1;
    const double expert_params = moe ? m.params_active - shared_params(m) : 0;
    const double dense_params = m.params_active - expert_params;
    // Communication per forward pass over `tokens` tokens. Dense: two tensor-parallel
    // all-reduces per layer (after attention and after the FFN; Megatron-LM, Shoeybi et al.
    // 2019). MoE on several GPUs: one all-reduce after attention and, for the experts, an
    // expert-parallel dispatch and combine all-to-all (GShard, Lepikhin et al. 2020; DeepSeek-V3
    // report sec. 3.4), each GPU sending its share of the tokens' k hidden vectors.
    auto comm = [&](double tokens) {
        if (n_gpu <= 1) return 0.0;
        double hidden = tokens * m.d_model * kActivationBytes;
        if (!moe) return 2 * L * allreduce_seconds(hidden, n_gpu, acc, a);
        double link = acc.interconnect_bytes_per_s * a.interconnect_utilization;
        double per_gpu = hidden * m.experts_active / n_gpu * (n_gpu - 1) / n_gpu;
        double all_to_all = a.allreduce_latency_s + per_gpu / link;
        return L * (allreduce_seconds(hidden, n_gpu, acc, a) + 2 * all_to_all);
    };
    // Compute time of a pass over `tokens` tokens (per replica): the dense part and attention
    // at the efficiency of `tokens` rows; the routed experts at the efficiency of the tokens
    // each expert sees (grouped GEMM over few rows), slowed by the busiest expert's excess.
    auto compute_seconds = [&](double tokens, double attention_flops, double u_max) {
        double eff = compute_efficiency(tokens, peak_gpu, u_max, a);
        double t = (2 * dense_params * tokens + attention_flops) / (peak.flops_per_s * eff);
        if (moe) {
            double eff_e = compute_efficiency(tokens * k_over_e, peak_gpu, u_max, a);
            t += 2 * expert_params * tokens * a.moe_imbalance / (peak.flops_per_s * eff_e);
        }
        return t;
    };
    const double moe_overhead = moe ? L * a.moe_layer_overhead_s : 0;

    // Prefill: the batch's prompts in chunks of prefill_chunk_tokens (chunked prefill shares
    // the weight reads within a chunk).
    const double prefill_tokens = B * in;
    const double chunk = std::min(prefill_tokens, double(a.prefill_chunk_tokens));
    const double chunks = std::ceil(prefill_tokens / chunk);
    const double prefill_attention = B * 2 * L * A * in * in;
    const double prefill_flops = 2 * m.params_active * prefill_tokens + prefill_attention;
    const double prefill_weight_bytes = chunks * weight_bytes_read(m, bpp, chunk);
    const double prefill_kv_bytes = prefill_tokens * kv_token;
    w.phases.push_back(make_phase(
        "prefill", prefill_flops, prefill_weight_bytes + prefill_kv_bytes,
        chunks * compute_seconds(chunk, prefill_attention / chunks, a.prefill_compute_utilization),
        (prefill_weight_bytes + prefill_kv_bytes) / weight_bw, chunks * comm(chunk),
        0, chunks * moe_overhead, peak));
    double batch_seconds = w.phases.back().seconds;

    // Decode: one step emits one token for each of the B sequences; the average context
    // over the reply is the prompt plus half the generated tokens. Weights stream at
    // memory_bw_utilization; the paged KV cache is gathered block by block at the lower
    // kv_bw_utilization (PagedAttention, Kwon et al. SOSP 2023; FlashDecoding, Dao et al.).
    if (dec > 0) {
        const double ctx_avg = in + dec / 2;
        const double step_attention = B * 4 * L * A * ctx_avg;
        const double step_flops = B * 2 * m.params_active + step_attention;
        const double weight_bytes = weight_bytes_read(m, bpp, B);
        const double kv_bytes = B * ctx_avg * kv_token + B * kv_token;
        PhaseReport step = make_phase(
            "decode", step_flops, weight_bytes + kv_bytes,
            compute_seconds(B, step_attention, a.decode_compute_utilization),
            weight_bytes / weight_bw + kv_bytes / kv_bw, comm(B),
            a.decode_step_overhead_s, a.decode_overhead_per_sequence_s * B + moe_overhead, peak);
        step.flops *= dec;
        step.bytes *= dec;
        step.seconds *= dec;
        step.compute_seconds *= dec;
        step.memory_seconds *= dec;
        step.comm_seconds *= dec;
        step.overhead_seconds *= dec;
        w.phases.push_back(step);
        batch_seconds += step.seconds;
    }

    // Autoregressive images: the tokens -> pixels decoder, a convolutional VAE-class network.
    if (extra_flops_per_query > 0) {
        double eff = compute_efficiency(B * kImageDecoderRowsPerImage, acc.conv_peak_flops_per_s(run.precision),
                                        a.diffusion_compute_utilization, a);
        double flops = B * extra_flops_per_query;
        w.phases.push_back(make_phase(extra_phase_name, flops, 0,
                                      flops / (acc.conv_peak_flops_per_s(run.precision) * n_gpu * eff),
                                      0, 0, 0, 0, peak));
        batch_seconds += w.phases.back().seconds;
    }

    w.seconds_per_query = batch_seconds; // a query waits for its batch's prefill and all steps
    finish_workload(w, s, acc, n_gpu, 1, batch_seconds, B);
    w.output_tokens_per_second = w.queries_per_second * dec;
}

} // namespace detail

WorkloadReport evaluate_text(const Scenario& s, const Catalog& catalog) {
    WorkloadReport w;
    w.workload = Workload::text;
    w.model = s.text.model;
    w.accelerator = s.serving.accelerator;
    const TextModel* m = catalog.text_model(s.text.model);
    const Accelerator* acc = catalog.accelerator(s.serving.accelerator);
    if (!m || !acc) return w; // evaluate() validates first; direct callers get an empty report
    detail::TextRun run{m,
                        s.text.precision,
                        s.text.input_tokens,
                        s.text.output_tokens + s.text.reasoning_tokens,
                        s.text.gpus,
                        s.text.batch};
    detail::run_text(w, run, s, *acc, 0, "");
    double out_tokens = double(s.text.output_tokens + s.text.reasoning_tokens);
    w.usd_per_million_output_tokens = out_tokens > 0 ? w.usd_per_query / out_tokens * 1e6 : 0;
    return w;
}

} // namespace costlab
