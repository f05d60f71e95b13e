// Text (LLM) cost: prefill and decode by roofline on a tensor-parallel replica.
// Start at run_text(). Counts per forward pass (N = active params, L = layers,
// A = heads x head_dim, c = context length):
//   linear FLOPs  = 2 N per token
//   attention     = 4 L A c per decoded token (QK^T and AV); 2 L A n^2 for a causal prefill of n
//                   (multi-head latent attention: A per phase, see attention_widths())
//   weight bytes  = all resident weights for dense models; for MoE, the experts a batch touches
//   KV bytes      = kv_bytes_per_token x context, read once per decoded token
#include "detail/model_detail.h"

#include "costlab/engine.h"
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
// The model's constants are worked out once per run_text (the search below reads weights
// dozens of times); the arithmetic per call is the same, so every figure keeps its bits.
struct WeightReads {
    WeightReads(const TextModel& m, double bytes_per_param) : bpp(bytes_per_param) {
        dense = m.experts <= 1 || m.experts == m.experts_active;
        all = m.params_total * bytes_per_param;
        if (dense) return;
        const double E = m.experts, k = m.experts_active;
        const double per_expert = (m.params_total - m.params_active) / (E - k);
        shared = shared_params(m);
        experts_total = E * per_expert; // (E x per_expert) x hit, as written before
        miss = 1.0 - k / E;
    }
    double operator()(double tokens) const {
        if (dense) return all;
        return (shared + experts_total * touched_share(tokens)) * bpp;
    }
    // The share of the experts `tokens` tokens touch, 1 - (1 - k/E)^tokens. A pass asks for its
    // weight reads and its expert compute at the same token count: the last answer is kept.
    double touched_share(double tokens) const {
        if (dense) return 1;
        if (tokens != last_tokens) {
            last_tokens = tokens;
            last_share = 1.0 - std::pow(miss, std::max(1.0, tokens));
        }
        return last_share;
    }
    bool dense = true;
    double bpp = 0, all = 0, shared = 0, experts_total = 0, miss = 0;
    mutable double last_tokens = -1, last_share = 0;
};

// The width A in the attention counts above, for the prefill and for a decode step. Standard
// and grouped-query attention: heads x head_dim in both (QK^T and AV each 2 FLOPs per head
// dimension and position). Multi-head latent attention (DeepSeek-V2/V3) runs the two phases
// differently (DeepSeek-V2 report sec. 2.1.3; FlashMLA; vLLM's and SGLang's MLA backends):
//   prefill: keys and values decompressed per head, QK^T over head_dim (nope + rope dims) and
//            AV over the value dims, head_dim - rope_head_dim: A = heads (2 head_dim - rope) / 2
//   decode:  the up-projections absorbed into the query and output, attention runs in the
//            latent space: QK^T over kv_lora_rank + rope dims, AV over kv_lora_rank:
//            A = heads (2 kv_lora_rank + rope) / 2, 2.8x DeepSeek-V3's prefill width per position.
struct AttentionWidths {
    double prefill = 0, decode = 0;
};
AttentionWidths attention_widths(const TextModel& m) {
    const double heads = m.heads;
    if (m.attention == AttentionKind::mla && m.kv_lora_rank > 0)
        return {heads * (2.0 * m.head_dim - m.rope_head_dim) / 2,
                heads * (2.0 * m.kv_lora_rank + m.rope_head_dim) / 2};
    return {heads * m.head_dim, heads * m.head_dim};
}

// Activation memory of one prefill pass: one layer's hidden and FFN intermediates for every
// prompt token in flight (frameworks free them layer by layer).
double prefill_activation_bytes(const TextModel& m, double tokens) {
    double per_token = (4.0 * m.d_model + 2.0 * double(m.ffn_dim) * m.experts_active);
    return tokens * per_token * kActivationBytes;
}

} // namespace

// One forward pass of the replica, as roofline terms (seconds, per replica).
struct Pass {
    double compute = 0, memory = 0, comm = 0, idle = 0, busy = 0;
    double seconds() const { return std::max(compute, memory) + comm + idle + busy; }
};

void run_text(WorkloadReport& w, const TextRun& run, const Scenario& s, const Accelerator& acc,
              double extra_flops_per_query, const char* extra_phase_name) {
    const TextModel& m = *run.model;
    const Engine* engine = find_engine(s.text.engine, EngineWorkload::text);
    if (!engine) engine = &engines().front();
    // The engine's speed scales the mechanisms (costlab/engine.h); power and energy factors
    // stay the scenario's.
    const Assumptions a = engine_assumptions(*engine, s.assumptions);
    const double bpp = bytes_per_param(run.precision);
    const double kv_token = m.kv_bytes_per_token(kv_bytes_per_value(run.precision));
    const WeightReads weight_bytes_read(m, bpp); // weight_bytes_read(tokens)
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
    // The largest batch the group holds. Engines admit as many sequences as their KV cache
    // holds and queue the rest (vLLM's scheduler, SGLang's, TensorRT-LLM's in-flight batching),
    // so a larger requested batch runs at this one.
    const int fit_max = clamp_to_int(std::floor((usable - weights - activations(1e9)) / kv_per_seq),
                                     0, limits::kMaxTextBatch);
    w.requested_batch = run.batch;

    // ---- the replica's peaks: the GPU's measured ceilings (catalog: achievable matmul and
    // memory bandwidth, below the datasheet), which the mechanisms' utilizations multiply.
    const double peak_gpu = acc.effective_peak_flops_per_s(run.precision);
    const double ceiling_flops = acc.ceiling_flops_per_s(run.precision) * n_gpu;
    const double ceiling_bytes = acc.ceiling_bytes_per_s() * n_gpu;
    const Roof peak{ceiling_flops, ceiling_bytes}; // power follows the use of the ceilings
    const double weight_bw = ceiling_bytes * a.memory_bw_utilization;
    const double kv_bw = ceiling_bytes * a.kv_bw_utilization;
    const AttentionWidths aw = attention_widths(m);
    const double A = aw.prefill, A_dec = aw.decode;
    const double L = m.layers;
    const bool moe = m.experts > 1 && m.experts < 100000 && m.experts != m.experts_active;
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
    // Decode attention is split over the cached positions and heads (FlashDecoding, FlashMLA),
    // so a small batch still fills the GPU there: `decode_attention` runs at u_max.
    auto compute_seconds = [&](double tokens, double attention_flops, double u_max,
                               bool decode_attention = false) {
        double eff = compute_efficiency(tokens, peak_gpu, u_max, a);
        double t = 2 * dense_params * tokens / (ceiling_flops * eff) +
                   attention_flops / (ceiling_flops * (decode_attention ? u_max : eff));
        if (moe) {
            // Only the experts some token picked run: E (1 - (1 - k/E)^tokens) of them (the
            // share weight_bytes_read() streams), each over its tokens' rows. At a large batch
            // that is every expert with tokens x k / E rows; at a small one a few experts of
            // about one row each, not all E paying a grouped GEMM's fixed cost.
            const double touched = double(m.experts) * weight_bytes_read.touched_share(tokens);
            const double rows = tokens * m.experts_active / std::max(1.0, touched);
            double eff_e = compute_efficiency(rows, peak_gpu, u_max, a);
            t += 2 * expert_params * tokens * a.moe_imbalance / (ceiling_flops * eff_e);
        }
        return t;
    };
    const double moe_overhead = moe ? L * a.moe_layer_overhead_s : 0;
    const double chunk_budget = double(a.prefill_chunk_tokens);

    // Prefill of `batch` prompts in chunks of the engine's token budget (chunked prefill shares
    // the weight reads within a chunk): the replica's prompt work per batch of replies.
    auto prefill_pass = [&](double batch) {
        const double tokens = batch * in;
        const double chunk = std::min(tokens, chunk_budget);
        const double chunks = std::ceil(tokens / chunk);
        const double attention = batch * 2 * L * A * in * in;
        const double weight_bytes = chunks * weight_bytes_read(chunk);
        Pass p;
        p.compute =
            chunks * compute_seconds(chunk, attention / chunks, a.prefill_compute_utilization);
        p.memory = (weight_bytes + tokens * kv_token) / weight_bw;
        p.comm = chunks * comm(chunk);
        p.busy = chunks * moe_overhead;
        return p;
    };

    // Speculative decoding / multi-token prediction: `draft` tokens proposed per step by a
    // one-layer module (an MTP module or an EAGLE head: a transformer layer plus the shared
    // output head), verified in one pass of the target; a step then emits
    // (1 - alpha^(k+1)) / (1 - alpha) tokens on average (Leviathan et al., ICML 2023, eq. 1).
    const bool spec_possible =
        s.text.speculative == Guidance::on ||
        (s.text.speculative == Guidance::model_default && m.mtp_modules > 0 && engine->speculative);
    const double draft = spec_possible ? double(s.text.spec_draft_tokens) : 0;
    const double alpha = std::clamp(s.text.spec_acceptance, 0.0, 0.99);
    const double tokens_per_spec_step = (1 - std::pow(alpha, draft + 1)) / (1 - alpha);

    // One decode step of `seqs` sequences at context `ctx`, each verifying `draft_k` drafted
    // tokens (0: plain decoding). Weights stream at memory_bw_utilization; the paged KV cache
    // is gathered block by block at the lower kv_bw_utilization (PagedAttention; FlashDecoding).
    auto decode_pass = [&](double seqs, double ctx, double draft_k) {
        Pass p;
        if (!(seqs > 0)) return p;
        const double tokens = seqs * (1 + draft_k);
        const double attention = tokens * 4 * L * A_dec * ctx;
        const double weight_bytes = weight_bytes_read(tokens);
        const double kv_bytes = seqs * ctx * kv_token + tokens * kv_token;
        p.compute = compute_seconds(tokens, attention, a.decode_compute_utilization, true);
        p.memory = weight_bytes / weight_bw + kv_bytes / kv_bw;
        p.comm = comm(tokens);
        p.idle = a.decode_step_overhead_s;
        p.busy = a.decode_overhead_per_sequence_s * seqs + moe_overhead;
        if (draft_k > 0) { // the drafter: draft_k sequential passes of one layer + output head
            const double draft_params =
                m.params_active / std::max(1.0, L) + double(m.vocab) * m.d_model;
            const double one =
                std::max(2 * draft_params * seqs / (ceiling_flops * a.decode_compute_utilization),
                         draft_params * bpp / weight_bw);
            p.busy += draft_k * (one + a.decode_step_overhead_s / std::max(1.0, L));
        }
        return p;
    };
    const double ctx_avg = in + dec / 2;
    // Per output token of a running batch: its share of the prompts' chunks (chunked prefill
    // interleaves them with the decode steps) plus the step itself.
    auto per_token_seconds = [&](double batch, bool spec) {
        const double steps = spec ? dec / tokens_per_spec_step : dec;
        const double decode = steps * decode_pass(batch, ctx_avg, spec ? draft : 0).seconds();
        return dec > 0 ? (prefill_pass(batch).seconds() + decode) / dec : 0.0;
    };
    // Spec decoding where asked, or (model_default) where it shortens the time per token.
    auto use_spec = [&](double batch) {
        if (draft <= 0) return false;
        if (s.text.speculative == Guidance::on) return true;
        return per_token_seconds(batch, true) < per_token_seconds(batch, false);
    };
    // per_token_seconds(batch, use_spec(batch)), computing each candidate once: the search
    // below probes it about 2 x 16 times, and use_spec compares the same two figures.
    auto chosen_per_token_seconds = [&](double batch) {
        if (draft <= 0) return per_token_seconds(batch, false);
        if (s.text.speculative == Guidance::on) return per_token_seconds(batch, true);
        const double with = per_token_seconds(batch, true),
                     without = per_token_seconds(batch, false);
        return with < without ? with : without;
    };

    // ---- the batch: as asked (down to what fits), or the operating point: the largest that
    // fits and keeps the per-user speed target (time per output token <= 1 / target).
    int batch = run.batch;
    if (batch == 0) {
        batch = std::max(1, fit_max);
        const double target = run.min_tokens_per_s_per_user;
        // excess(b) <= 0: batch b keeps the target.
        auto excess = [&](int b) { return chosen_per_token_seconds(b) - 1.0 / target; };
        double f_hi = target > 0 && dec > 0 ? excess(batch) : 0;
        if (f_hi > 0) {
            int lo = 1, hi = batch; // excess(hi) > 0 >= excess(lo) from here on
            double f_lo = excess(lo);
            if (f_lo > 0) {
                hi = lo;
                char buf[200];
                std::snprintf(buf, sizeof buf,
                              "even one sequence streams at %.3g tokens/s, under the %.3g "
                              "tokens/s per user the batch was to keep: batch 1",
                              1 / (f_lo + 1.0 / target), target);
                w.warnings.push_back(buf);
            }
            // The time per token grows almost linearly with the batch (a step's fixed weight
            // reads plus per-sequence work), so interpolating between the ends lands next to
            // the answer in two or three probes where halving takes a dozen; a probe that did
            // not halve the bracket is followed by a halving one, which bounds the worst case.
            bool halve = false;
            while (hi - lo > 1) {
                int mid = lo + (hi - lo) / 2;
                if (!halve) {
                    const double x = lo + (hi - lo) * (-f_lo / (f_hi - f_lo));
                    if (std::isfinite(x)) mid = std::clamp(int(std::floor(x)), lo + 1, hi - 1);
                }
                const int before = hi - lo;
                const double f = excess(mid);
                if (f <= 0) {
                    lo = mid;
                    f_lo = f;
                } else {
                    hi = mid;
                    f_hi = f;
                }
                halve = !halve && 2 * (hi - lo) > before;
            }
            batch = lo;
        }
    } else if (batch > fit_max && fit_max >= 1) {
        char buf[240];
        std::snprintf(buf, sizeof buf,
                      "a batch of %d does not fit: %d x %s holds %d sequences of %.0f tokens "
                      "beside the weights, so the replica runs %d and the rest wait",
                      batch, n_gpu, acc.name.c_str(), fit_max, in + dec, fit_max);
        w.warnings.push_back(buf);
        batch = fit_max;
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

    // ---- the replica's phases over one batch of replies (throughput, energy)
    const Pass pre = prefill_pass(B);
    const double prefill_tokens = B * in;
    const double prefill_flops = 2 * m.params_active * prefill_tokens + B * 2 * L * A * in * in;
    {
        const double chunk = std::min(prefill_tokens, chunk_budget);
        const double chunks = std::ceil(prefill_tokens / chunk);
        w.phases.push_back(make_phase("prefill", prefill_flops,
                                      chunks * weight_bytes_read(chunk) + prefill_tokens * kv_token,
                                      pre.compute, pre.memory, pre.comm, 0, pre.busy, peak));
    }
    double batch_seconds = w.phases.back().seconds;
    const bool spec = use_spec(B);
    w.tokens_per_decode_step = spec ? tokens_per_spec_step : 1;
    if (dec > 0) {
        const double steps = spec ? dec / tokens_per_spec_step : dec;
        const double q = spec ? draft : 0;
        const double step_attention = B * (1 + q) * 4 * L * A_dec * ctx_avg;
        const double step_flops = B * (1 + q) * 2 * m.params_active + step_attention;
        const double step_bytes =
            weight_bytes_read(B * (1 + q)) + B * ctx_avg * kv_token + B * (1 + q) * kv_token;
        const Pass d = decode_pass(B, ctx_avg, q);
        PhaseReport step = make_phase("decode", step_flops, step_bytes, d.compute, d.memory, d.comm,
                                      d.idle, d.busy, peak);
        step.flops *= steps;
        step.bytes *= steps;
        step.seconds *= steps;
        step.compute_seconds *= steps;
        step.memory_seconds *= steps;
        step.comm_seconds *= steps;
        step.overhead_seconds *= steps;
        w.phases.push_back(step);
        batch_seconds += step.seconds;
    }

    // ---- one request's latency under continuous batching (vLLM, SGLang, TensorRT-LLM): it
    // joins a running batch of B - 1 others. Time per output token = the step time with the
    // prompts' chunks interleaved (the same work as the phases above, per token). Time to
    // first token = the request's overhead + the rest of the step in flight + the wait for
    // prompts ahead of it in the token budget (M/D/1 on chunks) + its own prompt in chunks,
    // each step carrying the others' decode tokens (Agrawal et al., 'Sarathi-Serve', OSDI 2024).
    const double tpot = dec > 0 ? batch_seconds / dec : 0;
    double own = 0;
    const double others = B - 1;
    // The chunk loop runs once per chunk (once per prompt token when the others fill the
    // budget): the others' decode step and the weight reads of a chunk of size c are worked
    // out once (c changes at most for the last chunk), the arithmetic per chunk is unchanged.
    const Pass others_step = decode_pass(others, ctx_avg, 0);
    const double others_weight_bytes = others > 0 ? weight_bytes_read(others) : 0;
    double cached_c = -1, chunk_weight_bytes = 0, chunk_comm = 0;
    for (double done = 0; done < in;) {
        const double c = std::min(in - done, std::max(1.0, chunk_budget - others));
        if (c != cached_c) {
            cached_c = c;
            chunk_weight_bytes = weight_bytes_read(others > 0 ? others + c : c);
            chunk_comm = comm(others + c);
        }
        const double attention = 2 * L * A * c * (2 * done + c);
        // The others' decode step (empty when alone) plus the chunk: its compute, its KV writes
        // and the weights its tokens add (all of them alone; for MoE, experts the others miss).
        Pass p = others_step;
        p.compute += compute_seconds(c, attention, a.prefill_compute_utilization);
        p.memory += c * kv_token / weight_bw;
        p.memory += (chunk_weight_bytes - others_weight_bytes) / weight_bw;
        p.comm = chunk_comm;
        p.busy = a.decode_overhead_per_sequence_s * others + moe_overhead;
        own += p.seconds();
        done += c;
        if (own > 1e12) break; // absurd inputs: the figure is already over any limit
    }
    const double prompt_load =
        dec > 0 ? std::min(0.95, others * in / (dec / w.tokens_per_decode_step) / chunk_budget) : 0;
    const double prompt_wait = prompt_load / (2 * (1 - prompt_load)) * own;
    w.time_per_output_token_s = tpot;
    w.time_to_first_token_s =
        a.request_overhead_s + (others > 0 ? 0.5 * tpot : 0) + prompt_wait + own;

    // Autoregressive images: the tokens -> pixels decoder, a convolutional VAE-class network.
    double decoder_seconds_per_query = 0;
    if (extra_flops_per_query > 0) {
        const double conv_peak = acc.conv_peak_flops_per_s(run.precision);
        double eff = compute_efficiency(B * kImageDecoderRowsPerImage, conv_peak,
                                        a.diffusion_compute_utilization, a);
        double flops = B * extra_flops_per_query;
        w.phases.push_back(
            make_phase(extra_phase_name, flops, 0,
                       flops / (conv_peak * acc.ceiling_fraction(run.precision) * n_gpu * eff), 0,
                       0, 0, 0, peak));
        batch_seconds += w.phases.back().seconds;
        decoder_seconds_per_query = w.phases.back().seconds / B;
    }

    // A reply's latency: its first token, then one token per step to the last.
    w.seconds_per_query =
        w.time_to_first_token_s + std::max(0.0, dec - 1) * tpot + decoder_seconds_per_query;
    finish_workload(w, s, acc, n_gpu, 1, batch_seconds, B);
    w.output_tokens_per_second = w.queries_per_second * dec;
}

} // namespace detail

WorkloadReport evaluate_text(const Scenario& s, const Catalog& catalog) {
    WorkloadReport w;
    w.workload = Workload::text;
    w.model = s.text.model;
    w.accelerator = s.serving.accelerator;
    w.engine = s.text.engine;
    const TextModel* m = catalog.text_model(s.text.model);
    const Accelerator* acc = catalog.accelerator(s.serving.accelerator);
    if (!m || !acc) return w; // evaluate() validates first; direct callers get an empty report
    w.phases.reserve(4);      // its three or four phases, without regrowing the vector
    detail::TextRun run{m,
                        s.text.precision,
                        s.text.input_tokens,
                        s.text.output_tokens + s.text.reasoning_tokens,
                        s.text.gpus,
                        s.text.batch};
    run.min_tokens_per_s_per_user = s.text.min_tokens_per_s_per_user;
    detail::run_text(w, run, s, *acc, 0, "");
    double out_tokens = double(s.text.output_tokens + s.text.reasoning_tokens);
    w.usd_per_million_output_tokens = out_tokens > 0 ? w.usd_per_query / out_tokens * 1e6 : 0;
    return w;
}

} // namespace costlab
