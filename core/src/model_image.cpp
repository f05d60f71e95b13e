// Image cost. Diffusion: text encoder, `steps` denoiser passes (x2 with classifier-free
// guidance), VAE decode, each by roofline on one GPU (images are served data-parallel: each
// GPU makes whole images). Autoregressive: the image is image_tokens output tokens of a text
// model (run_text) plus a tokens -> pixels decoder. Start at evaluate_image().
//
// Resolution scaling: with r = pixels / reference pixels, the latent token count scales with
// r, so the linear part of a denoiser pass scales with r and attention (QK^T, AV) with r^2:
//   flops_per_step(r) = F_ref x ((1 - a) r + a r^2),  a = attention share at the reference.
// The VAE decoder is convolutional: r. The text encoder does not depend on resolution.
#include "detail/model_detail.h"

#include "costlab/engine.h"
#include "costlab/limits.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

namespace costlab {
namespace {

// Activations cross the all-to-alls in 16-bit.
constexpr double kActivationBytes = 2;

// Rows of one text-encoder pass: a CLIP/T5 prompt of 77-512 tokens (SD: 77; FLUX/SD3: T5 at
// 256-512); costlab uses 256 for the efficiency of this small pass.
constexpr double kPromptRows = 256;

// Rows of work per image in a denoiser pass, for compute_efficiency(): latent tokens. The
// SD3/FLUX DiTs see pixels / 256 tokens (8x VAE downsampling per side, 2x2 patches: SD3
// paper, Esser et al. 2024; FLUX.1 model card); costlab uses the same count for UNets.
double latent_tokens(const Scenario& s) {
    return double(s.image.width_px) * s.image.height_px / 256.0;
}

double pixel_ratio(const Scenario& s, const ImageModel& m) {
    return double(s.image.width_px) * s.image.height_px /
           (double(m.reference_width_px) * m.reference_height_px);
}

void evaluate_diffusion(WorkloadReport& w, const Scenario& s, const ImageModel& m,
                        const Accelerator& acc) {
    const Engine* engine = find_engine(s.image.engine, EngineWorkload::image);
    if (!engine) engine = &engines()[0];
    // The engine's speed scales utilizations and per-step overheads (costlab/engine.h).
    const Assumptions a = engine_assumptions(*engine, s.assumptions);
    const double bpp = bytes_per_param(s.image.precision);
    const double r = pixel_ratio(s, m);
    const int steps = s.image.steps > 0 ? s.image.steps : m.default_steps;
    const bool cfg =
        s.image.guidance == Guidance::on || (s.image.guidance == Guidance::model_default && m.cfg);
    const double passes = cfg ? 2 : 1; // conditional + unconditional pass per step

    // ---- memory on one GPU: all weights + the VAE's peak activations for the batch
    const double weights = (m.denoiser_params + m.text_encoder_params + m.vae_decoder_params) * bpp;
    const double pixels = double(s.image.width_px) * s.image.height_px;
    const double per_image = pixels * detail::kVaeActivationBytesPerPixel;
    const double usable = acc.memory_bytes * a.memory_usable_fraction;
    int batch = s.image.batch;
    if (batch == 0)
        batch = detail::clamp_to_int(std::floor((usable - weights) / per_image), 1,
                                     limits::kMaxImageBatch);
    const double B = batch;
    const detail::OffloadPlan off =
        detail::plan_offload(s.image.offload, m.denoiser_params * bpp, m.text_encoder_params * bpp,
                             m.vae_decoder_params * bpp, B * per_image, usable,
                             std::max(1, m.dit_layers), steps, acc, a);
    w.cpu_offload = off.mode;
    const double needed = *off.mode ? off.resident_bytes : weights + B * per_image;
    w.gpus = std::max(1, s.image.gpus); // 0 (auto) = one GPU: images are made one per GPU
    // xDiT: one image's latent tokens split over the group (Ulysses sequence parallelism), the
    // weights replicated on each GPU; otherwise each GPU makes whole images.
    const int sp = engine->sequence_parallel ? w.gpus : 1;
    w.batch = batch;
    w.memory_gb_needed = needed / 1e9;
    w.memory_gb_available = usable / 1e9;
    w.fits = needed <= usable;
    w.min_gpus_to_fit =
        (*off.mode ? off.resident_bytes - B * per_image + per_image : weights + per_image) <= usable
            ? 1
            : 0;
    if (*off.mode)
        w.warnings.push_back(detail::offload_warning(
            m.name, off, weights, weights + B * per_image <= usable, acc, usable, "batch"));
    if (!w.fits) {
        char buf[320];
        std::snprintf(buf, sizeof buf,
                      "%s at %s, batch %d needs %.1f GB on each GPU but %s has %.1f GB usable: it "
                      "does not fit. %s",
                      m.name.c_str(), to_string(s.image.precision), batch, needed / 1e9,
                      acc.name.c_str(), usable / 1e9,
                      w.min_gpus_to_fit ? "Batch 1 fits: lower the batch."
                      : s.image.offload == Guidance::off
                          ? "Images are made one per GPU, so more GPUs do not help: choose a "
                            "larger GPU or a narrower precision, or let CPU offload run "
                            "(image.offload)."
                          : "Images are made one per GPU, so more GPUs do not help: choose a "
                            "larger GPU or a narrower precision.");
        w.warnings.push_back(buf);
    }

    // ---- phases on one GPU. The work of a pass is its latent tokens x images in flight
    // (x2 under CFG, which batches the two passes), and achieved compute follows
    // compute_efficiency(): a small model at batch 1 does not fill a big GPU.
    const Precision prec = s.image.precision;
    const double peak_gpu = acc.effective_peak_flops_per_s(prec);
    const double conv_peak = acc.conv_peak_flops_per_s(prec);
    // Utilizations act on the GPU's measured ceilings (catalog), not the datasheet, and power
    // follows the use of those ceilings.
    const double ceiling = acc.ceiling_fraction(prec);
    const detail::Roof peak{peak_gpu * ceiling, acc.ceiling_bytes_per_s()};
    const double bw = acc.ceiling_bytes_per_s() * a.memory_bw_utilization;
    const double u_max = a.diffusion_compute_utilization;
    const double rows = latent_tokens(s) * B * passes;
    // Seconds for `flops` of which `conv_share` are convolutions (they run on TF32 tensor
    // cores under fp32-default; the same units otherwise).
    auto compute_s = [&](double flops, double conv_share, double work_rows) {
        double eff = detail::compute_efficiency(work_rows, peak_gpu, u_max, a) * ceiling;
        return flops * (1 - conv_share) / (peak_gpu * eff) + flops * conv_share / (conv_peak * eff);
    };

    // Text encoder: every prompt (and the empty negative prompt under CFG) once, a
    // transformer over ~77-512 tokens: its rows are the prompt tokens, small work.
    const double te_flops = B * passes * m.text_encoder_flops;
    const double te_bytes = m.text_encoder_params * bpp;
    w.phases.push_back(detail::make_phase("text encoder", te_flops, te_bytes,
                                          compute_s(te_flops, 0, B * passes * kPromptRows),
                                          te_bytes / bw, 0, 0, 0, peak));
    // Denoiser: `steps` passes of the whole batch (x2 under CFG), weights read once per step,
    // plus a fixed per-pass overhead (scheduler step, launches).
    const double a_att = m.attention_fraction_at_reference;
    const double step_flops = m.flops_per_step_at_reference * ((1 - a_att) * r + a_att * r * r);
    const double dn_flops = steps * B * passes * step_flops;
    const double dn_bytes = steps * m.denoiser_params * bpp;
    // Sequence parallel over `sp` GPUs: each computes 1/sp of every pass's tokens and, per
    // block, four all-to-alls of its share of the activations (Ulysses: Jacobs et al.,
    // arXiv:2309.14509; xDiT, Fang et al. arXiv:2411.01738), as model_video.cpp does.
    double sp_comm = 0;
    if (sp > 1 && m.dit_layers > 0 && m.dit_hidden > 0) {
        const double link = acc.interconnect_bytes_per_s * a.interconnect_utilization;
        const double share = (sp - 1) / double(sp);
        const double per_all_to_all = share * (rows / sp) * m.dit_hidden * kActivationBytes / link;
        sp_comm = steps * m.dit_layers * 4 * (a.allreduce_latency_s + per_all_to_all);
    }
    w.phases.push_back(detail::make_phase(
        "denoise", dn_flops, dn_bytes, compute_s(dn_flops / sp, m.conv_flops_fraction, rows / sp),
        dn_bytes / bw, sp_comm, 0, steps * a.diffusion_step_overhead_s, peak));
    // VAE decode of each latent to pixels: convolutions at full resolution.
    const double vae_flops = B * m.vae_decoder_flops_at_reference * r;
    const double vae_bytes = m.vae_decoder_params * bpp + B * pixels * 3 * 2;
    w.phases.push_back(detail::make_phase("vae decode", vae_flops, vae_bytes,
                                          compute_s(vae_flops, 1, latent_tokens(s) * B),
                                          vae_bytes / bw, 0, 0, 0, peak));
    if (*off.mode) // host-link transfers, the GPU waiting for its weights
        w.phases.push_back(detail::make_phase("cpu offload", 0, 0, 0, 0, off.seconds, 0, 0, peak));
    double batch_seconds = 0;
    for (const auto& p : w.phases)
        batch_seconds += p.seconds;
    w.seconds_per_query = batch_seconds;
    // A replica is one GPU, or the sequence-parallel group; the deployment is w.gpus GPUs.
    detail::finish_workload(w, s, acc, sp, w.gpus / sp, batch_seconds, B);
}

// Autoregressive images are served the way a provider serves chat tokens: on the text
// replica's serving policy (its precision, tensor-parallel group, batch), with a group at
// least large enough to hold the backbone.
void run_backbone(WorkloadReport& w, const Scenario& s, const ImageModel& m,
                  const TextModel& backbone, const Accelerator& acc) {
    const double r = pixel_ratio(s, m);
    const int64_t tokens = std::max<int64_t>(1, std::llround(double(m.image_tokens) * r));
    detail::TextRun run{&backbone, s.text.precision, s.image.prompt_tokens,
                        tokens,    s.text.gpus,      s.text.batch};
    run.grow_to_fit = true; // the text replica's group may be too small for this backbone
    detail::run_text(w, run, s, acc, m.decoder_flops * r, "image decoder");
    w.output_tokens_per_second = w.queries_per_second * double(tokens);
}

void evaluate_autoregressive(WorkloadReport& w, const Scenario& s, const ImageModel& m,
                             const Catalog& catalog, const Accelerator& acc, bool with_range) {
    const TextModel* backbone = catalog.text_model(m.backbone_model);
    if (!backbone) return; // the catalog loader guarantees it exists
    run_backbone(w, s, m, *backbone, acc);
    w.warnings.push_back(m.name + ": the backbone's size is not published; costlab stands in " +
                         backbone->name + ", served like a chat model (the text replica's " +
                         to_string(s.text.precision) + ", batch and GPUs)");
    if (s.image.precision != ImageWorkload{}.precision && s.image.precision != s.text.precision)
        w.warnings.push_back(std::string("the image precision (") + to_string(s.image.precision) +
                             ") is not used by an autoregressive model: it runs at the chat "
                             "replica's precision (text.precision = " +
                             to_string(s.text.precision) + ")");
    // The plausible range: the same image on a smaller and a larger stand-in.
    if (!with_range) return;
    const TextModel* lo = catalog.text_model(m.backbone_smaller_model);
    const TextModel* hi = catalog.text_model(m.backbone_larger_model);
    if (!lo || !hi) return;
    // Each stand-in starts from w's figures without its phases and warnings (lent out while
    // w is copied: copying them only to clear them cost an allocation per string).
    std::vector<PhaseReport> phases = std::move(w.phases);
    std::vector<std::string> warnings = std::move(w.warnings);
    w.phases.clear();
    w.warnings.clear();
    WorkloadReport a = w, b = w;
    w.phases = std::move(phases);
    w.warnings = std::move(warnings);
    a.phases.reserve(4);
    b.phases.reserve(4);
    run_backbone(a, s, m, *lo, acc);
    run_backbone(b, s, m, *hi, acc);
    w.backbone_range = detail::backbone_range(lo->name, hi->name, a, b);
}

} // namespace

WorkloadReport evaluate_image(const Scenario& s, const Catalog& catalog) {
    return detail::evaluate_image(s, catalog, /*backbone_range=*/true);
}

WorkloadReport detail::evaluate_image(const Scenario& s, const Catalog& catalog,
                                      bool backbone_range) {
    WorkloadReport w;
    w.workload = Workload::image;
    w.model = s.image.model;
    w.accelerator = s.serving.accelerator;
    w.engine = s.image.engine;
    const ImageModel* m = catalog.image_model(s.image.model);
    const Accelerator* acc = catalog.accelerator(s.serving.accelerator);
    if (!m || !acc) return w;
    w.phases.reserve(4); // its three or four phases, without regrowing the vector
    if (m->family == ImageFamily::autoregressive)
        evaluate_autoregressive(w, s, *m, catalog, *acc, backbone_range);
    else
        evaluate_diffusion(w, s, *m, *acc);
    w.images_per_second = w.queries_per_second;
    w.usd_per_thousand_images = w.usd_per_query * 1000;
    return w;
}

} // namespace costlab
