// Serving panel (see serving.h): edits scenario.serving, the replica sizes and batches, and the
// utilization assumptions that matter most; one-click presets for common set-ups.
#include "panels/serving.h"

#include "format.h"
#include "widgets.h"

namespace costlab::gui {

namespace {

// Grid intensities for the presets (gCO2/kWh): a low-carbon grid like Norway's or Quebec's
// hydro, or France's nuclear mix, sits around 30 (Ember, yearly electricity data, 2024).
constexpr double kCleanGrid = 30;

void preset_cloud(Scenario& s, const char* accelerator) {
    const Serving defaults;
    s.serving = defaults;
    s.serving.accelerator = accelerator;
}

void preset_owned_clean(Scenario& s) {
    s.serving = Serving{};
    s.serving.ownership = Ownership::owned;
    s.serving.pue = 1.1;
    s.serving.grid_gco2_per_kwh = kCleanGrid;
}

// The visitor's device: one device, one query at a time, no price (the report says so).
void preset_your_device(Scenario& s) {
    s.serving = Serving{};
    s.serving.accelerator = "your-device";
    s.serving.pue = 1.0; // no data-centre cooling at home
    s.text.gpus = 1;
    s.text.batch = 1;
    s.image.gpus = 1;
    s.image.batch = 1;
}

} // namespace

void ServingPanel::draw(AppState& state) {
    Scenario& s = state.scenario;
    bool changed = false;

    ui::note("Presets:");
    const bool have_device = state.catalog.accelerator("your-device") != nullptr;
    const char* presets[] = {"Cloud H100", "Cloud H200", "Owned H100, clean grid",
                             "Your device"};
    for (int i = 0; i < 4; ++i) {
        if (i == 3 && !have_device) {
            ui::flow("Your device (time it first)");
            ImGui::BeginDisabled();
            ImGui::SmallButton("Your device (time it first)");
            ImGui::EndDisabled();
            break;
        }
        if (i > 0) ui::flow(presets[i]);
        if (ImGui::SmallButton(presets[i])) {
            if (i == 0) preset_cloud(s, "h100-sxm");
            if (i == 1) preset_cloud(s, "h200");
            if (i == 2) preset_owned_clean(s);
            if (i == 3) preset_your_device(s);
            changed = true;
        }
    }
    ImGui::Spacing();

    changed |= ui::accelerator_combo(state);
    if (const Accelerator* a = state.catalog.accelerator(s.serving.accelerator)) {
        std::string about = fmt::si(a->effective_peak_flops_per_s(Precision::bf16), "FLOP/s") +
                            " bf16, " + fmt::bytes(a->memory_bytes) + " at " +
                            fmt::si(a->memory_bytes_per_s, "B/s") + ", " +
                            fmt::number(a->board_power_w) + " W";
        if (a->usd_per_gpu_hour > 0) about += ", " + fmt::usd(a->usd_per_gpu_hour) + "/GPU-hour";
        if (a->measured) about += " (measured on this device)";
        ui::note(about);
    }

    ImGui::SeparatorText("Chat replies");
    // Unticking an automatic box starts from what the model chose (the report's group and
    // batch), so the figures do not jump.
    const bool have = state.report.ok();
    const WorkloadReport& rt = state.report.text;
    const WorkloadReport& ri = state.report.image;
    changed |= ui::field_auto_int(state, "text.gpus", "smallest that fits", 64,
                                  "GPUs per replica (tensor parallel)", have ? rt.gpus : 1);
    changed |= ui::engine_combo(state, EngineWorkload::text);
    changed |= ui::field_auto_int(state, "text.batch", "max at the speed below", 4096,
                                  "Replies in flight per replica (batch)", have ? rt.batch : 1);
    {
        ui::SliderOptions speed;
        speed.format = "%.0f tokens/s";
        speed.help = "Providers pick a batch on the throughput-versus-interactivity curve: the "
                     "largest that fits and still streams each user this many tokens a second "
                     "(25: MLPerf's Interactive target of 40 ms per token). 0: the largest that "
                     "fits. Used while the batch is automatic.";
        changed |= ui::field_slider(state, "text.min_tokens_per_s_per_user", speed);
    }
    if (have && rt.requested_batch > rt.batch && s.text.batch != 0)
        ui::warning("Runs at batch " + fmt::count(rt.batch) +
                    ", the most that fits; the rest wait for a slot.");
    {
        ui::row_label("Speculative decoding",
                      "Drafted tokens verified in one pass (DeepSeek's multi-token prediction, "
                      "EAGLE). Default: where the model ships MTP modules and it shortens the "
                      "time per token at this batch.");
        const char* names[] = {"default", "on", "off"};
        int g = int(s.text.speculative);
        if (ImGui::Combo("##text.speculative", &g, names, 3) && g != int(s.text.speculative)) {
            s.text.speculative = Guidance(g);
            changed = true;
        }
        if (have && rt.tokens_per_decode_step > 1)
            ui::note(fmt::number(rt.tokens_per_decode_step) + " tokens per decode step.");
    }
    ImGui::SeparatorText("Images");
    const ImageModel* im = state.catalog.image_model(s.image.model);
    if (im && im->family == ImageFamily::autoregressive) {
        ui::note("This image model makes its image as tokens, so it is served like a chat "
                 "reply: on the chat replicas above (their precision, GPUs and batch).");
    } else {
        changed |= ui::engine_combo(state, EngineWorkload::image);
        changed |= ui::field_auto_int(state, "image.gpus", "auto", 64, "GPUs", have ? ri.gpus : 1);
        changed |= ui::field_auto_int(state, "image.batch", "max that fits", 256,
                                      "Images per GPU batch", have ? ri.batch : 1);
    }

    ImGui::SeparatorText("How well the hardware is used");
    ui::SliderOptions util;
    util.format = "%.2f";
    changed |= ui::field_slider(state, "assumptions.prefill_compute_utilization", util);
    changed |= ui::field_slider(state, "assumptions.decode_compute_utilization", util);
    changed |= ui::field_slider(state, "assumptions.memory_bw_utilization", util);
    changed |= ui::field_slider(state, "assumptions.diffusion_compute_utilization", util);

    ImGui::SeparatorText("Money, power, carbon");
    ui::row_label("Hardware");
    int own = int(s.serving.ownership);
    if (ImGui::RadioButton("rented (cloud)", &own, 0)) changed |= own != int(s.serving.ownership);
    ui::flow("   owned");
    if (ImGui::RadioButton("owned", &own, 1)) changed |= own != int(s.serving.ownership);
    s.serving.ownership = Ownership(own);
    if (s.serving.ownership == Ownership::cloud) {
        changed |= ui::field_input(state, "serving.usd_per_gpu_hour", "Price per GPU-hour (USD)",
                                   nullptr, ui::catalog_value(state, "serving.usd_per_gpu_hour"));
    } else {
        changed |= ui::field_input(state, "serving.purchase_usd", "Purchase per GPU (USD)",
                                   "Including its share of the server, network and building.",
                                   ui::catalog_value(state, "serving.purchase_usd"));
        ui::SliderOptions years;
        years.format = "%.1f years";
        changed |= ui::field_slider(state, "serving.amortization_years", years);
    }
    ui::SliderOptions kwh;
    kwh.logarithmic = true;
    kwh.min = 0;
    kwh.max = 1;
    kwh.format = "$%.3f per kWh";
    changed |= ui::field_slider(state, "serving.usd_per_kwh", kwh);
    ui::SliderOptions pue;
    pue.max = 3;
    pue.min = 1;
    pue.format = "%.2f";
    changed |= ui::field_slider(state, "serving.pue", pue);
    ui::SliderOptions grid;
    grid.format = "%.0f gCO2/kWh";
    grid.min = 0;
    grid.max = 1200;
    changed |= ui::field_slider(state, "serving.grid_gco2_per_kwh", grid);
    if (changed) state.changed();
}

} // namespace costlab::gui
