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

// Weight bytes one forward pass reads when `tokens` tokens are routed through the layer.
// Dense: all weights. MoE: shared weights + the expected share of experts hit when each
// token picks experts_active of experts uniformly: 1 - (1 - k/E)^tokens.
double weight_bytes_read(const TextModel& m, double bytes_per_param, double tokens) {
    if (m.experts <= 1 || m.experts == m.experts_active) return m.params_total * bytes_per_param;
    double E = m.experts, k = m.experts_active;
    double per_expert = (m.params_total - m.params_active) / (E - k);
    double shared = std::max(0.0, m.params_active - k * per_expert);
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
    // gpus = 0: the smallest tensor-parallel group that holds the batch (batch 1 if batch=max)
    int n_gpu = run.gpus;
    if (n_gpu == 0) {
        double b = std::max(1, run.batch);
        double need = weights + b * kv_per_seq + activations(b);
        n_gpu = clamp_to_int(std::ceil(need / usable_per_gpu), 1, limits::kMaxGpusPerReplica);
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

    // ---- roofline of the replica
    Roof roof_prefill{acc.effective_peak_flops_per_s(run.precision) * n_gpu *
                          a.prefill_compute_utilization,
                      acc.memory_bytes_per_s * n_gpu * a.memory_bw_utilization};
    Roof roof_decode{acc.effective_peak_flops_per_s(run.precision) * n_gpu *
                         a.decode_compute_utilization,
                     roof_prefill.bytes_per_s};
    const double A = attention_width(m);
    const double L = m.layers;
    // Two all-reduces per layer (after attention and after the FFN) under tensor parallel.
    auto comm = [&](double tokens) {
        return 2 * L * allreduce_seconds(tokens * m.d_model * kActivationBytes, n_gpu, acc, a);
    };

    // Prefill: the batch's prompts in one pass (chunked prefill shares the weight reads).
    const double prefill_tokens = B * in;
    const double prefill_flops = 2 * m.params_active * prefill_tokens + B * 2 * L * A * in * in;
    const double prefill_bytes =
        weight_bytes_read(m, bpp, prefill_tokens) + prefill_tokens * kv_token;
    w.phases.push_back(roofline_phase("prefill", prefill_flops, prefill_bytes, roof_prefill,
                                      comm(prefill_tokens), 0));
    double batch_seconds = w.phases.back().seconds;

    // Decode: one step emits one token for each of the B sequences; the average context
    // over the reply is the prompt plus half the generated tokens.
    if (dec > 0) {
        const double ctx_avg = in + dec / 2;
        const double step_flops = B * (2 * m.params_active + 4 * L * A * ctx_avg);
        const double step_bytes =
            weight_bytes_read(m, bpp, B) + B * ctx_avg * kv_token + B * kv_token;
        PhaseReport step = roofline_phase("decode", step_flops, step_bytes, roof_decode, comm(B),
                                          a.decode_step_overhead_s);
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

    // Autoregressive images: the tokens -> pixels decoder, compute-bound.
    if (extra_flops_per_query > 0) {
        Roof roof_dec{acc.effective_peak_flops_per_s(run.precision) * n_gpu *
                          a.diffusion_compute_utilization,
                      roof_prefill.bytes_per_s};
        w.phases.push_back(
            roofline_phase(extra_phase_name, B * extra_flops_per_query, 0, roof_dec, 0, 0));
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
