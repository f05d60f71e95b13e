// Video workload panel (see video_workload.h): edits scenario.video; shows the clip's latent
// token grid, the attention share, the sequence-parallel trade and the phase breakdown.
#include "panels/video_workload.h"

#include "format.h"
#include "widgets.h"

namespace costlab::gui {

void VideoWorkloadPanel::draw(AppState& state) {
    Scenario& s = state.scenario;
    bool changed = false;
    bool on = s.video.enabled != 0;
    if (ImGui::Checkbox("Show the video in Compare", &on)) {
        s.video.enabled = on ? 1 : 0;
        changed = true;
    }
    changed |= ui::video_model_combo(state);
    const VideoModel* m = state.catalog.video_model(s.video.model);
    const VideoModel* net = m;
    if (m && m->family == VideoFamily::preset) {
        net = state.catalog.video_model(m->stand_in_model);
        ui::note("Assumption: " + m->basis + ".");
    }
    if (net)
        ui::note("Video diffusion transformer, " + fmt::count(net->params_active) +
                 " parameters per step" +
                 (net->params_total > net->params_active
                      ? " (" + fmt::count(net->params_total) + " in memory)"
                      : std::string()) +
                 "; its VAE compresses " + std::to_string(net->vae_temporal) + "x in time and " +
                 std::to_string(net->vae_spatial) + "x per side.");
    changed |= ui::precision_combo("Precision", "##video.precision", s.video.precision);

    // The model's own format unless the reader sets one.
    const int dw = m ? m->default_width_px : 1280, dh = m ? m->default_height_px : 720;
    const int df = m ? m->default_frames : 81, dr = m ? m->default_fps : 16;
    changed |= ui::field_auto_int(state, "video.width_px", "model's width", 4096, "Width", dw);
    changed |= ui::field_auto_int(state, "video.height_px", "model's height", 4096, "Height", dh);
    changed |= ui::field_auto_int(state, "video.frames", "model's frames", 1025, "Frames", df);
    changed |= ui::field_auto_int(state, "video.fps", "model's rate", 120, "Frames per second", dr);
    changed |= ui::field_auto_int(state, "video.steps", "model's steps", 200, "Denoising steps",
                                  net ? net->default_steps : 50);
    ui::row_label("Classifier-free guidance",
                  "Runs the denoiser twice per step (with and without the prompt). "
                  "HunyuanVideo's distilled guidance needs one pass.");
    static const char* names[] = {"model default", "on", "off"};
    int g = int(s.video.guidance);
    if (ImGui::Combo("##video.guidance", &g, names, 3) && g != int(s.video.guidance)) {
        s.video.guidance = Guidance(g);
        changed = true;
    }
    const WorkloadReport& w = state.report.video;
    changed |=
        ui::field_auto_int(state, "video.gpus", "smallest group that fits", 64,
                           "GPUs per video (sequence parallel)", state.report.ok() ? w.gpus : 1);
    ui::SliderOptions batch;
    batch.logarithmic = true;
    changed |= ui::field_slider(state, "video.batch", batch);
    if (changed) state.changed();

    if (!state.report.ok()) return;
    const VideoDetail& d = w.video;
    ImGui::Spacing();
    ui::value_row("Clip", std::to_string(d.width_px) + "x" + std::to_string(d.height_px) + ", " +
                              std::to_string(d.frames) + " frames, " +
                              fmt::number(d.clip_seconds, 2) + " s");
    ui::value_row("Latent tokens", fmt::count(double(d.tokens)) + " per pass (" +
                                       std::to_string(d.latent_frames) + " latent frames)");
    ui::value_row("Attention",
                  fmt::percent(d.attention_share) + " of a pass (quadratic in the tokens)");
    if (!fmt::untrusted_reason(w, false).empty()) {
        ui::warning("This video " + fmt::untrusted_reason(w, false) + ".");
        for (const std::string& msg : w.warnings)
            ui::warning(fmt::message(msg));
        return;
    }
    ui::value_row("Cost", fmt::usd(w.usd_per_query) + " per video");
    ui::value_row("Energy (facility)", fmt::energy(w.facility_energy_wh));
    ui::value_row("CO2", fmt::mass(w.co2_g_per_query) + " (+ " +
                             fmt::mass(w.embodied_co2_g_per_query) + " embodied)");
    ui::value_row("Water", fmt::si(w.water_l_per_query, "L"));
    ui::value_row("Wait (latency)", fmt::seconds(w.seconds_per_query) + " on " +
                                        fmt::count(w.gpus) + " GPU" + (w.gpus == 1 ? "" : "s"));
    if (d.sequence_parallel > 1)
        ui::note(std::string(d.ulysses ? "Ulysses all-to-all" : "Ring attention") +
                 " over the group: less waiting, more GPU time and energy per video.");
    if (d.list_price_usd > 0)
        ui::value_row("Vendor price", fmt::usd(d.list_price_usd) + " for this clip");
    if (const BackboneRange& r = w.backbone_range; r.present) {
        ui::value_row("Range", fmt::usd(r.usd_per_query_smaller) + " to " +
                                   fmt::usd(r.usd_per_query_larger) + " per video");
        ui::note("From a smaller (" + r.smaller_model + ") to a larger (" + r.larger_model +
                 ") open stand-in" + (r.fits ? "." : "; one of them does not fit."));
    }
    ui::phase_table(w);
}

} // namespace costlab::gui
