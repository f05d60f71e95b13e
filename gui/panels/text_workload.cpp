// Text workload panel (see text_workload.h): edits scenario.text; reads the text report for the
// memory check and the phase breakdown.
#include "panels/text_workload.h"

#include "format.h"
#include "widgets.h"

namespace costlab::gui {

void TextWorkloadPanel::draw(AppState& state) {
    Scenario& s = state.scenario;
    bool changed = false;
    changed |= ui::text_model_combo(state);
    if (const TextModel* m = state.catalog.text_model(s.text.model)) {
        std::string about = fmt::count(m->params_total) + " parameters";
        if (m->params_active < m->params_total)
            about += " (" + fmt::count(m->params_active) + " active per token, mixture of experts)";
        about += ", " + std::to_string(m->layers) + " layers, context up to " +
                 fmt::count(double(m->context_max_tokens)) + " tokens";
        ui::note(about);
    }
    changed |= ui::precision_combo("Precision", "##text.precision", s.text.precision);
    ui::SliderOptions tokens;
    tokens.logarithmic = true;
    tokens.format = "%.0f tokens";
    tokens.help = "Prompt: system prompt, chat history and the question.";
    changed |= ui::field_slider(state, "text.input_tokens", tokens);
    tokens.help = "The visible reply.";
    changed |= ui::field_slider(state, "text.output_tokens", tokens);
    tokens.help = "Hidden thinking tokens of reasoning models, generated like the reply.";
    changed |= ui::field_slider(state, "text.reasoning_tokens", tokens);
    if (changed) state.changed();

    const WorkloadReport& w = state.report.text;
    if (!state.report.ok()) return;
    ImGui::Spacing();
    if (w.fits)
        ui::note("Memory: " + fmt::bytes(w.memory_gb_needed * 1e9) + " of " +
                 fmt::bytes(w.memory_gb_available * 1e9) + " usable on " + fmt::count(w.gpus) +
                 " GPU" + (w.gpus == 1 ? "" : "s") + " (weights, KV cache, activations).");
    else
        ui::warning("This reply " + fmt::untrusted_reason(w, false) + ".");
    if (fmt::untrusted_reason(w, false).empty()) {
        ui::value_row("Throughput", fmt::number(w.output_tokens_per_second) +
                                        " tokens/s for the replica");
        ui::phase_table(w);
    }
}

} // namespace costlab::gui
