// Video cost: a video diffusion transformer over spatio-temporal latent tokens, on the same
// roofline, compute_efficiency, overhead and power mechanisms as images (model_image.cpp).
// Start at evaluate_video(); presets (Sora-, Veo-class) run an open stand-in in run_dit().
//
// Tokens of one video: the causal 3D VAE keeps the first frame and compresses the rest by
// t_c in time and s_c per side, the patchifier groups p_t x p x p latents into one token:
//   latent frames  F' = ceil((F - 1) / t_c) + 1
//   tokens         N  = ceil(F' / p_t) x ceil(H / (s_c p)) x ceil(W / (s_c p))
// One denoiser pass over one video (the same count as the image model's DiT passes):
//   linear     2 x active params x N
//   attention  4 x layers x hidden x (N^2 + N x text tokens)   (QK^T and AV; full 3D attention)
// Steps x passes (2 under classifier-free guidance) x batch of them, plus the text encoder
// (2 x params x prompt tokens per prompt) and the 3D VAE decode (per output pixel per frame).
//
// Sequence parallel over G GPUs: each GPU holds N / G tokens of every video and all the
// weights. Ulysses (heads % G == 0; Jacobs et al., 'DeepSpeed Ulysses', arXiv:2309.14509)
// swaps sequence for heads with 4 all-to-alls per layer (Q, K, V in, output back), each GPU
// sending (G - 1) / G of its N / G x hidden activations; ring attention (Liu et al., 'Ring
// Attention', arXiv:2310.01889) passes every other GPU's K and V around the ring, overlapped
// with the attention it feeds. Either way latency falls and energy per video rises: the
// communication keeps G GPUs powered while they wait, and the pass per GPU is smaller work.
#include "detail/model_detail.h"

#include "costlab/limits.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace costlab {
namespace {

// Bytes per activation value: 16-bit activations for 16-bit and narrower weights (fp8 and
// int8 DiT serving keeps bf16 activations between GEMMs), 32-bit for 32-bit formats.
double activation_bytes(Precision p) {
    return bytes_per_param(p) >= 4 ? 4 : 2;
}

// Live activations per token in one DiT block (costlab estimate, from the block's shape): its
// input and residual (2 x hidden), two of the attention's Q, K, V and output at a time
// (FlashAttention keeps no N x N matrix) and the FFN's hidden layer (ffn_dim):
// (4 x hidden + ffn_dim) values per token.
double block_activation_values_per_token(const VideoModel& m) {
    return 4.0 * m.hidden + m.ffn_dim;
}

struct Format {
    int width_px = 0, height_px = 0, frames = 0, fps = 0;
};

int64_t ceil_div(int64_t a, int64_t b) {
    return (a + b - 1) / b;
}

struct Plan {
    int64_t latent_frames = 0, tokens = 0;
    double weights_bytes = 0, activation_bytes = 0, vae_bytes = 0;
    double needed_bytes() const { return weights_bytes + std::max(activation_bytes, vae_bytes); }
};

// Memory per GPU of a group of `gpus` making `batch` videos of format `f` together.
Plan plan(const VideoModel& m, const Format& f, Precision prec, int batch, double passes,
          int gpus) {
    Plan p;
    p.latent_frames = ceil_div(std::max(0, f.frames - 1), m.vae_temporal) + 1;
    const int64_t side = int64_t(m.vae_spatial) * m.patch_hw;
    p.tokens = ceil_div(p.latent_frames, m.patch_t) * ceil_div(f.height_px, side) *
               ceil_div(f.width_px, side);
    const double bpp = bytes_per_param(prec);
    // Every GPU of the group holds every weight (sequence parallel splits tokens, not weights);
    // an MoE by noise level keeps both experts resident (params_total).
    p.weights_bytes = (m.params_total + m.text_encoder_params + m.vae_decoder_params) * bpp;
    p.activation_bytes = double(batch) * passes * double(p.tokens) / gpus *
                         block_activation_values_per_token(m) * activation_bytes(prec);
    // Causal video VAEs decode a latent frame at a time with a cache of the previous ones
    // (Wan-VAE: 'chunks' of 1 + 4 frames, Wan report arXiv:2503.20314 sec. 3.1): the peak is
    // one chunk of t_c output frames in the last up-block, one video at a time.
    p.vae_bytes =
        double(f.width_px) * f.height_px * m.vae_temporal * detail::kVaeActivationBytesPerPixel;
    return p;
}

// The DiT, text encoder and VAE of `m` on `gpus` GPUs; fills w (phases, memory, fits, video).
void run_dit(WorkloadReport& w, const Scenario& s, const VideoModel& m, const Format& f,
             const Accelerator& acc) {
    const Assumptions& a = s.assumptions;
    const VideoWorkload& v = s.video;
    const Precision prec = v.precision;
    const int steps = v.steps > 0 ? v.steps : m.default_steps;
    const bool cfg = v.guidance == Guidance::on || (v.guidance == Guidance::model_default && m.cfg);
    const double passes = cfg ? 2 : 1;
    const int batch = std::max(1, v.batch);
    const double B = batch;
    const double usable = acc.memory_bytes * a.memory_usable_fraction;

    auto fits_on = [&](int g) {
        return plan(m, f, prec, batch, passes, g).needed_bytes() <= usable;
    };
    int gpus = v.gpus;
    int smallest = 0;
    for (int g = 1; g <= limits::kMaxVideoGpus; g *= 2)
        if (fits_on(g)) {
            smallest = g;
            break;
        }
    if (gpus == 0) gpus = smallest > 0 ? smallest : 1;
    const Plan pl = plan(m, f, prec, batch, passes, gpus);
    const double G = gpus;
    const double N = double(pl.tokens);
    const double T = m.text_tokens;

    const double bpp_w = bytes_per_param(prec);
    // Video offloads only when asked (video.offload on): served video runs sequence parallel
    // over a group that holds it; the memory advice says when offload would fit it instead.
    const detail::OffloadPlan if_on = detail::plan_offload(
        Guidance::on, m.params_total * bpp_w, m.text_encoder_params * bpp_w,
        m.vae_decoder_params * bpp_w, std::max(pl.activation_bytes, pl.vae_bytes), usable, m.layers,
        steps, acc, a);
    const detail::OffloadPlan off = v.offload == Guidance::on ? if_on : detail::OffloadPlan{};
    w.cpu_offload = off.mode;
    const double needed = *off.mode ? off.resident_bytes : pl.needed_bytes();
    w.gpus = gpus;
    w.batch = batch;
    w.memory_gb_needed = needed * G / 1e9; // the whole group, like text replicas
    w.memory_gb_available = usable * G / 1e9;
    w.fits = needed <= usable;
    w.min_gpus_to_fit = smallest;

    VideoDetail& d = w.video;
    d.width_px = f.width_px;
    d.height_px = f.height_px;
    d.frames = f.frames;
    d.fps = f.fps;
    d.steps = steps;
    d.cfg = cfg;
    d.clip_seconds = f.fps > 0 ? double(f.frames) / f.fps : 0;
    d.latent_frames = pl.latent_frames;
    d.tokens = pl.tokens;
    d.sequence_parallel = gpus;
    d.ulysses = gpus == 1 || m.heads % gpus == 0;

    if (*off.mode)
        w.warnings.push_back(detail::offload_warning(
            m.name, off, pl.weights_bytes, pl.needed_bytes() <= usable, acc, usable, "video"));
    if (!w.fits) {
        char buf[480];
        const double per_gpu = pl.needed_bytes() / 1e9;
        if (pl.weights_bytes > usable) {
            std::snprintf(buf, sizeof buf,
                          "%s at %s needs %.1f GB of weights on every GPU but %s has %.1f GB "
                          "usable: it does not fit. Sequence parallelism splits the video, not "
                          "the weights: choose a GPU with more memory or a narrower precision.",
                          m.name.c_str(), to_string(prec), pl.weights_bytes / 1e9, acc.name.c_str(),
                          usable / 1e9);
        } else {
            // What would fit: the most frames at this group and size, or the fewest GPUs.
            int most_frames = 0;
            for (int fr = f.frames; fr >= 1; fr -= m.vae_temporal) {
                Format g = f;
                g.frames = fr;
                if (plan(m, g, prec, batch, passes, gpus).needed_bytes() <= usable) {
                    most_frames = fr;
                    break;
                }
            }
            char more[200] = "";
            if (smallest > 0)
                std::snprintf(more, sizeof more, "; or %d GPUs in sequence parallel", smallest);
            if (most_frames > 0)
                std::snprintf(buf, sizeof buf,
                              "%d frames at %dx%d, batch %d, on %d GPU%s need %.1f GB on each GPU "
                              "but %s has %.1f GB usable: it does not fit. %d frames would fit%s; "
                              "or a lower resolution or batch.",
                              f.frames, f.width_px, f.height_px, batch, gpus, gpus > 1 ? "s" : "",
                              per_gpu, acc.name.c_str(), usable / 1e9, most_frames, more);
            else
                std::snprintf(buf, sizeof buf,
                              "%dx%d, batch %d, on %d GPU%s needs %.1f GB on each GPU but %s has "
                              "%.1f GB usable: it does not fit, even at 1 frame. Lower the "
                              "resolution or batch%s.",
                              f.width_px, f.height_px, batch, gpus, gpus > 1 ? "s" : "", per_gpu,
                              acc.name.c_str(), usable / 1e9, more);
        }
        if (*if_on.mode && v.offload != Guidance::on) {
            char more[200];
            std::snprintf(more, sizeof more,
                          " CPU offload (video.offload on) would fit it on one GPU at %.3g s more "
                          "per video.",
                          if_on.seconds);
            std::strncat(buf, more, sizeof buf - std::strlen(buf) - 1);
        }
        w.warnings.push_back(buf);
    }

    // ---- phases. Roof = the whole group, so a phase that runs on one GPU (the VAE) shows a
    // group-average use and power, as the others wait.
    const double peak_gpu = acc.effective_peak_flops_per_s(prec);
    const double conv_peak = acc.conv_peak_flops_per_s(prec);
    // Utilizations act on the GPU's measured ceilings (catalog), and power follows the use of
    // those ceilings: a GPU running at its achievable peak is flat out.
    const double ceiling = acc.ceiling_fraction(prec);
    const detail::Roof roof{peak_gpu * ceiling * G, acc.ceiling_bytes_per_s() * G};
    const double bw = acc.ceiling_bytes_per_s() * a.memory_bw_utilization;
    const double u_max = a.diffusion_compute_utilization;
    const double bpp = bytes_per_param(prec);
    const double act = activation_bytes(prec);
    auto seconds_at = [&](double flops, double peak, double rows, double u = -1) {
        return flops /
               (peak * ceiling * detail::compute_efficiency(rows, peak_gpu, u < 0 ? u_max : u, a));
    };

    // Text encoder: every prompt (and the negative prompt under CFG), on every GPU of the group
    // (each rank runs the pipeline around the sharded DiT, as xDiT does).
    const double te_flops_gpu = 2 * m.text_encoder_params * T * B * passes;
    const double te_bytes_gpu = m.text_encoder_params * bpp;
    w.phases.push_back(detail::make_phase("text encoder", te_flops_gpu * G, te_bytes_gpu * G,
                                          seconds_at(te_flops_gpu, peak_gpu, T * B * passes),
                                          te_bytes_gpu / bw, 0, 0, 0, roof));

    // Denoiser: each GPU computes 1/G of every pass and reads all active weights each step.
    const double lin = 2 * m.params_active * N;
    const double att = 4.0 * m.layers * m.hidden * (N * N + N * T);
    d.attention_share = att / (lin + att);
    const double dn_flops = steps * B * passes * (lin + att);
    const double rows_gpu = N * B * passes / G;
    // The denoiser has its own asymptote: attention-dominated passes (FlashAttention) reach
    // more of the peak than the GEMM mix of an image DiT (scenario_fields() source).
    const double dn_compute =
        seconds_at(dn_flops / G, peak_gpu, rows_gpu, a.video_compute_utilization);
    const double dn_bytes_gpu = steps * m.params_active * bpp;
    double comm = 0;
    if (gpus > 1) {
        const double link = acc.interconnect_bytes_per_s * a.interconnect_utilization;
        const double share = (G - 1) / G;
        if (d.ulysses) {
            const double per_all_to_all = share * (B * passes * N / G) * m.hidden * act / link;
            comm = steps * m.layers * 4 * (a.allreduce_latency_s + per_all_to_all);
        } else {
            // K and V of the other G - 1 shards reach every GPU; hidden behind the attention of
            // the same layer when that is longer.
            const double per_layer = share * B * passes * N * 2 * m.hidden * act / link;
            const double att_layer = dn_compute * (att / (lin + att)) / (steps * m.layers);
            comm = steps * m.layers *
                   std::max(0.0, (G - 1) * a.allreduce_latency_s + per_layer - att_layer);
        }
    }
    w.phases.push_back(detail::make_phase("denoise", dn_flops, dn_bytes_gpu * G, dn_compute,
                                          dn_bytes_gpu / bw, comm,
                                          steps * a.diffusion_step_overhead_s, 0, roof));

    // 3D VAE decode on one GPU of the group: convolutions over every output frame.
    const double pixels = double(f.width_px) * f.height_px * f.frames;
    const double vae_flops = B * pixels * m.vae_decoder_flops_per_pixel;
    const double vae_bytes = m.vae_decoder_params * bpp + B * pixels * 3 * act;
    w.phases.push_back(
        detail::make_phase("vae decode", vae_flops, vae_bytes,
                           seconds_at(vae_flops, conv_peak,
                                      double(pl.latent_frames) * f.width_px * f.height_px /
                                          (m.vae_spatial * m.vae_spatial) * B),
                           vae_bytes / bw, 0, 0, 0, roof));

    if (*off.mode) // host-link transfers, the GPUs waiting for their weights
        w.phases.push_back(detail::make_phase("cpu offload", 0, 0, 0, 0, off.seconds, 0, 0, roof));
    double batch_seconds = 0;
    for (const auto& p : w.phases)
        batch_seconds += p.seconds;
    w.seconds_per_query = batch_seconds;
    detail::finish_workload(w, s, acc, gpus, 1, batch_seconds, B);
    w.videos_per_second = w.queries_per_second;
}

Format resolve_format(const VideoWorkload& v, const VideoModel& m) {
    Format f;
    f.width_px = v.width_px > 0 ? v.width_px : m.default_width_px;
    f.height_px = v.height_px > 0 ? v.height_px : m.default_height_px;
    f.frames = v.frames > 0 ? v.frames : m.default_frames;
    f.fps = v.fps > 0 ? v.fps : m.default_fps;
    return f;
}

} // namespace

WorkloadReport evaluate_video(const Scenario& s, const Catalog& catalog) {
    WorkloadReport w;
    w.workload = Workload::video;
    w.model = s.video.model;
    w.accelerator = s.serving.accelerator;
    const VideoModel* m = catalog.video_model(s.video.model);
    const Accelerator* acc = catalog.accelerator(s.serving.accelerator);
    if (!m || !acc) return w;
    w.phases.reserve(4); // its three or four phases, without regrowing the vector
    const Format f = resolve_format(s.video, *m);
    if (m->family == VideoFamily::dit) {
        run_dit(w, s, *m, f, *acc);
    } else {
        // A preset: its published format on the open stand-in (catalog-checked to exist).
        const VideoModel* in = catalog.video_model(m->stand_in_model);
        if (!in) return w;
        run_dit(w, s, *in, f, *acc);
        w.video.stand_in = in->name;
        w.video.basis = m->basis;
        w.video.list_price_usd = m->list_price_usd_per_second * w.video.clip_seconds;
        w.warnings.push_back(m->name + ": the network is not published; costlab runs " + in->name +
                             " as a stand-in (an assumption, see its range)");
        const VideoModel* lo = catalog.video_model(m->stand_in_smaller_model);
        const VideoModel* hi = catalog.video_model(m->stand_in_larger_model);
        if (lo && hi) {
            WorkloadReport a, b;
            run_dit(a, s, *lo, f, *acc);
            run_dit(b, s, *hi, f, *acc);
            w.backbone_range = detail::backbone_range(lo->name, hi->name, a, b);
        }
    }
    const VideoDetail& d = w.video;
    const VideoModel& net =
        m->family == VideoFamily::dit ? *m : *catalog.video_model(m->stand_in_model);
    if ((d.frames - 1) % net.vae_temporal != 0)
        w.warnings.push_back(std::to_string(d.frames) + " frames: " + net.name +
                             "'s causal VAE takes 1 + " + std::to_string(net.vae_temporal) +
                             "k frames; the last latent frame is padded");
    if (!d.ulysses)
        w.warnings.push_back(std::to_string(d.sequence_parallel) + " GPUs do not divide " +
                             net.name + "'s " + std::to_string(net.heads) +
                             " attention heads: ring attention instead of Ulysses all-to-all");
    return w;
}

} // namespace costlab
