// Image workload panel (see image_workload.h): edits scenario.image; shows the model family
// and the phase breakdown.
#include "panels/image_workload.h"

#include "format.h"
#include "widgets.h"

namespace costlab::gui {

void ImageWorkloadPanel::draw(AppState& state) {
    Scenario& s = state.scenario;
    bool changed = false;
    changed |= ui::image_model_combo(state);
    const ImageModel* m = state.catalog.image_model(s.image.model);
    const bool autoregressive = m && m->family == ImageFamily::autoregressive;
    if (m) {
        if (autoregressive)
            ui::note("Autoregressive: the image is " + fmt::count(double(m->image_tokens)) +
                     " output tokens of a language model at " +
                     std::to_string(m->reference_width_px) + "x" +
                     std::to_string(m->reference_height_px) + ", then decoded to pixels.");
        else
            ui::note(std::string(m->family == ImageFamily::dit ? "Diffusion transformer"
                                                               : "Diffusion UNet") +
                     ", " + fmt::count(m->denoiser_params) + " parameters, " +
                     std::to_string(m->default_steps) + " steps by default" +
                     (m->cfg ? ", classifier-free guidance" : "") + ".");
    }
    if (!autoregressive)
        changed |= ui::precision_combo("Precision", "##image.precision", s.image.precision);
    else
        ui::note("Served like a chat reply: " + std::string(to_string(s.text.precision)) +
                 ", on the chat replicas' GPUs and batch (Serving panel).");

    // Common sizes as buttons (tap targets on phones), any size with the sliders.
    ui::row_label("Size");
    struct Size {
        const char* label;
        int w, h;
    };
    const Size sizes[] = {{"512 x 512", 512, 512},
                          {"1024 x 1024", 1024, 1024},
                          {"1536 x 1024", 1536, 1024},
                          {"2048 x 2048", 2048, 2048}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; ++i) {
        if (i > 0) ui::flow(sizes[i].label);
        if (ImGui::SmallButton(sizes[i].label) &&
            (s.image.width_px != sizes[i].w || s.image.height_px != sizes[i].h)) {
            s.image.width_px = sizes[i].w;
            s.image.height_px = sizes[i].h;
            changed = true;
        }
    }
    ui::SliderOptions px;
    px.logarithmic = true;
    px.format = "%.0f px";
    changed |= ui::field_slider(state, "image.width_px", px);
    changed |= ui::field_slider(state, "image.height_px", px);

    if (!autoregressive) {
        changed |= ui::field_auto_int(state, "image.steps", "model default", 200, "Denoising steps",
                                      m ? m->default_steps : 1);
        ui::row_label("Classifier-free guidance",
                      "Runs the denoiser twice per step (with and without the prompt). "
                      "Distilled models such as FLUX.1 [dev] do not need it.");
        static const char* names[] = {"model default", "on", "off"};
        int g = int(s.image.guidance);
        if (ImGui::Combo("##image.guidance", &g, names, 3) && g != int(s.image.guidance)) {
            s.image.guidance = Guidance(g);
            changed = true;
        }
    } else {
        ui::SliderOptions prompt;
        prompt.logarithmic = true;
        prompt.format = "%.0f tokens";
        changed |= ui::field_slider(state, "image.prompt_tokens", prompt);
    }
    if (changed) state.changed();

    if (!state.report.ok()) return;
    const WorkloadReport& w = state.report.image;
    ImGui::Spacing();
    if (!fmt::untrusted_reason(w, false).empty()) {
        ui::warning("This image " + fmt::untrusted_reason(w, false) + ".");
        return;
    }
    ui::value_row("Throughput", fmt::number(w.images_per_second) + " images/s on " +
                                    fmt::count(w.gpus) + " GPU" + (w.gpus == 1 ? "" : "s"));
    if (const BackboneRange& g = w.backbone_range; g.present) {
        // The backbone is a stand-in: the plausible range beside the point estimate.
        ui::value_row("Range", fmt::usd(g.usd_per_query_smaller) + " to " +
                                   fmt::usd(g.usd_per_query_larger) + " per image");
        ui::note("From a smaller (" + g.smaller_model + ") to a larger (" + g.larger_model +
                 ") stand-in for the unpublished backbone" +
                 (g.fits ? "." : "; one of them does not fit, so the range is indicative."));
        if (m && !m->backbone_basis.empty()) ui::note(m->backbone_basis);
    }
    ui::phase_table(w);
}

} // namespace costlab::gui
