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

#include "costlab/limits.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace costlab {
namespace {

// Live activation bytes per output pixel in the VAE decoder's last up-block (128 channels at
// full resolution in the SD/SDXL/FLUX VAE, bf16, ~3 buffers live: input, output, residual):
// 128 x 2 B x 3. It is the peak activation of the pipeline at 1024^2 (~0.8 GB per image).
constexpr double kVaeActivationBytesPerPixel = 128 * 2 * 3;

double pixel_ratio(const Scenario& s, const ImageModel& m) {
    return double(s.image.width_px) * s.image.height_px /
           (double(m.reference_width_px) * m.reference_height_px);
}

void evaluate_diffusion(WorkloadReport& w, const Scenario& s, const ImageModel& m,
                        const Accelerator& acc) {
    const Assumptions& a = s.assumptions;
    const double bpp = bytes_per_param(s.image.precision);
    const double r = pixel_ratio(s, m);
    const int steps = s.image.steps > 0 ? s.image.steps : m.default_steps;
    const bool cfg =
        s.image.guidance == Guidance::on || (s.image.guidance == Guidance::model_default && m.cfg);
    const double passes = cfg ? 2 : 1; // conditional + unconditional pass per step

    // ---- memory on one GPU: all weights + the VAE's peak activations for the batch
    const double weights = (m.denoiser_params + m.text_encoder_params + m.vae_decoder_params) * bpp;
    const double pixels = double(s.image.width_px) * s.image.height_px;
    const double per_image = pixels * kVaeActivationBytesPerPixel;
    const double usable = acc.memory_bytes * a.memory_usable_fraction;
    int batch = s.image.batch;
    if (batch == 0)
        batch = detail::clamp_to_int(std::floor((usable - weights) / per_image), 1,
                                     limits::kMaxImageBatch);
    const double B = batch;
    const double needed = weights + B * per_image;
    w.gpus = std::max(1, s.image.gpus); // 0 (auto) = one GPU: images are made one per GPU
    w.batch = batch;
    w.memory_gb_needed = needed / 1e9;
    w.memory_gb_available = usable / 1e9;
    w.fits = needed <= usable;
    w.min_gpus_to_fit = (weights + per_image) <= usable ? 1 : 0;
    if (!w.fits) {
        char buf[320];
        std::snprintf(buf, sizeof buf,
                      "%s at %s, batch %d needs %.1f GB on each GPU but %s has %.1f GB usable: it "
                      "does not fit. %s",
                      m.name.c_str(), to_string(s.image.precision), batch, needed / 1e9,
                      acc.name.c_str(), usable / 1e9,
                      w.min_gpus_to_fit ? "Batch 1 fits: lower the batch."
                                        : "Images are made one per GPU, so more GPUs do not help: "
                                          "choose a larger GPU or a narrower precision.");
        w.warnings.push_back(buf);
    }

    const double peak = acc.effective_peak_flops_per_s(s.image.precision);
    detail::Roof roof{peak * a.diffusion_compute_utilization,
                      acc.memory_bytes_per_s * a.memory_bw_utilization};

    // Text encoder: every prompt (and the empty negative prompt under CFG) once.
    w.phases.push_back(detail::roofline_phase("text encoder", B * passes * m.text_encoder_flops,
                                              m.text_encoder_params * bpp, roof, 0, 0));
    // Denoiser: `steps` passes of the whole batch (x2 under CFG), weights read once per step.
    const double a_att = m.attention_fraction_at_reference;
    const double step_flops = m.flops_per_step_at_reference * ((1 - a_att) * r + a_att * r * r);
    w.phases.push_back(detail::roofline_phase("denoise", steps * B * passes * step_flops,
                                              steps * m.denoiser_params * bpp, roof, 0, 0));
    // VAE decode of each latent to pixels.
    w.phases.push_back(
        detail::roofline_phase("vae decode", B * m.vae_decoder_flops_at_reference * r,
                               m.vae_decoder_params * bpp + B * pixels * 3 * 2, roof, 0, 0));
    double batch_seconds = 0;
    for (const auto& p : w.phases)
        batch_seconds += p.seconds;
    w.seconds_per_query = batch_seconds;
    detail::finish_workload(w, s, acc, 1, w.gpus, batch_seconds, B);
}

void evaluate_autoregressive(WorkloadReport& w, const Scenario& s, const ImageModel& m,
                             const Catalog& catalog, const Accelerator& acc) {
    const TextModel* backbone = catalog.text_model(m.backbone_model);
    if (!backbone) return; // the catalog loader guarantees it exists
    const double r = pixel_ratio(s, m);
    const int64_t tokens = std::max<int64_t>(1, std::llround(double(m.image_tokens) * r));
    detail::TextRun run{backbone, s.image.precision, s.image.prompt_tokens,
                        tokens,   s.image.gpus,      s.image.batch};
    detail::run_text(w, run, s, acc, m.decoder_flops * r, "image decoder");
    w.output_tokens_per_second = w.queries_per_second * double(tokens);
    w.warnings.push_back(m.name + ": the backbone's size is not published; costlab stands in " +
                         backbone->name + " (change it in a user catalog)");
}

} // namespace

WorkloadReport evaluate_image(const Scenario& s, const Catalog& catalog) {
    WorkloadReport w;
    w.workload = Workload::image;
    w.model = s.image.model;
    w.accelerator = s.serving.accelerator;
    const ImageModel* m = catalog.image_model(s.image.model);
    const Accelerator* acc = catalog.accelerator(s.serving.accelerator);
    if (!m || !acc) return w;
    if (m->family == ImageFamily::autoregressive)
        evaluate_autoregressive(w, s, *m, catalog, *acc);
    else
        evaluate_diffusion(w, s, *m, *acc);
    w.images_per_second = w.queries_per_second;
    w.usd_per_thousand_images = w.usd_per_query * 1000;
    return w;
}

} // namespace costlab
