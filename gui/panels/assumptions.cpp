// Assumptions and sources panel (see assumptions.h). The field list is the core's field table
// (scenario_fields()): label, unit, allowed range and the source of each default; nothing is
// re-typed here except the section names.
#include "panels/assumptions.h"

#include "fields.h"
#include "format.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "widgets.h"

#include <cmath>
#include <cstring>

namespace costlab::gui {

namespace {

struct Section {
    const char* prefix; // json_path prefix
    const char* title;
};
const Section kSections[] = {
    {"assumptions.", "Modelling assumptions"}, {"serving.", "Serving"},
    {"text.", "Chat reply"},                   {"image.", "Image"},
    {"fleet.", "Fleet"},                       {"business.", "Business"},
};

std::string range_text(const FieldInfo& f) {
    return "allowed " + fmt::number(f.min, 6) + " to " + fmt::number(f.max, 6) + " " + f.unit;
}

void citations(const std::map<std::string, Citation>& sources) {
    for (const auto& [field, c] : sources)
        ui::note(field + " (" + c.unit + "): " + c.source + (c.date.empty() ? "" : ", " + c.date));
}

std::string number_json(double v) {
    return fmt::printf("%.10g", v);
}

} // namespace

std::string AssumptionsPanel::accelerators_json(const Catalog& catalog) {
    // Bare numbers in catalog units (TFLOP/s, GB, GB/s); zero means "not known / no such mode"
    // and is left out, as the schema asks.
    std::string out = "{\"accelerators\": [";
    bool first = true;
    for (const Accelerator& a : catalog.accelerators()) {
        out += first ? "\n  {" : ",\n  {";
        first = false;
        auto str = [](const std::string& s) {
            std::string q = "\"";
            for (char c : s) {
                if (c == '"' || c == '\\') q += '\\';
                if ((unsigned char)c >= 0x20) q += c;
            }
            return q + "\"";
        };
        out += "\"id\": " + str(a.id) + ", \"name\": " + str(a.name) + ", \"vendor\": " +
               str(a.vendor) + ", \"peak_tflops\": {";
        bool first_peak = true;
        for (int p = 0; p < kPrecisionCount; ++p) {
            if (!(a.peak_flops_per_s[p] > 0)) continue;
            out += std::string(first_peak ? "" : ", ") + "\"" + to_string(Precision(p)) +
                   "\": " + number_json(a.peak_flops_per_s[p] / 1e12);
            first_peak = false;
        }
        out += "}";
        const std::pair<const char*, double> numbers[] = {
            {"memory_gb", a.memory_bytes / 1e9},
            {"memory_bandwidth_gb_per_s", a.memory_bytes_per_s / 1e9},
            {"interconnect_gb_per_s", a.interconnect_bytes_per_s / 1e9},
            {"board_power_w", a.board_power_w},
            {"idle_power_w", a.idle_power_w},
            {"usd_per_gpu_hour", a.usd_per_gpu_hour},
            {"purchase_usd", a.purchase_usd}};
        for (const auto& [key, v] : numbers)
            if (v > 0 && std::isfinite(v)) out += std::string(", \"") + key + "\": " + number_json(v);
        out += "}";
    }
    return out + "\n]}\n";
}

void AssumptionsPanel::fields(AppState& state) {
    Scenario& s = state.scenario;
    bool changed = false;
    for (const Section& sec : kSections) {
        if (!ImGui::TreeNodeEx(sec.title, std::strcmp(sec.prefix, "assumptions.") == 0
                                              ? ImGuiTreeNodeFlags_DefaultOpen
                                              : 0))
            continue;
        for (const FieldRef& f : field_refs()) {
            const FieldInfo& info = *f.info;
            if (std::strncmp(info.json_path, sec.prefix, std::strlen(sec.prefix)) != 0 || !f.ptr)
                continue;
            ImGui::PushID(info.json_path);
            const char* help = info.source && *info.source ? info.source : nullptr;
            switch (f.kind) {
            case FieldKind::str:
                if (std::strcmp(info.json_path, "text.model") == 0)
                    changed |= ui::text_model_combo(state);
                else if (std::strcmp(info.json_path, "image.model") == 0)
                    changed |= ui::image_model_combo(state);
                else
                    changed |= ui::accelerator_combo(state);
                break;
            case FieldKind::precision:
                changed |= ui::precision_combo(info.label, "##p",
                                               info.json_path[0] == 't' ? s.text.precision
                                                                        : s.image.precision);
                break;
            case FieldKind::guidance: {
                ui::row_label(info.label);
                static const char* names[] = {"model default", "on", "off"};
                int g = int(s.image.guidance);
                if (ImGui::Combo("##g", &g, names, 3) && g != int(s.image.guidance)) {
                    s.image.guidance = Guidance(g);
                    changed = true;
                }
                break;
            }
            case FieldKind::device: { // set by "time my hardware" or a link, not typed
                const std::string t = f.text(s);
                ui::value_row(info.label, t.empty() ? "none" : t);
                break;
            }
            case FieldKind::ownership: {
                ui::row_label(info.label);
                int own = int(s.serving.ownership);
                static const char* names[] = {"cloud", "owned"};
                if (ImGui::Combo("##o", &own, names, 2) && own != int(s.serving.ownership)) {
                    s.serving.ownership = Ownership(own);
                    changed = true;
                }
                break;
            }
            default:
                changed |= ui::field_input(state, info.json_path, info.label, help,
                                           ui::catalog_value(state, info.json_path));
                ui::note(range_text(info) + (help ? "; default: " + std::string(help) : ""));
                break;
            }
            ImGui::PopID();
        }
        ImGui::TreePop();
    }
    if (changed) state.changed();
}

void AssumptionsPanel::catalog(AppState& state) {
    if (ImGui::TreeNode("Accelerators")) {
        for (const Accelerator& a : state.catalog.accelerators()) {
            if (!ImGui::TreeNode(a.id.c_str(), "%s", a.name.c_str())) continue;
            ui::value_row("bf16 peak", fmt::si(a.effective_peak_flops_per_s(Precision::bf16), "FLOP/s"));
            ui::value_row("Memory", fmt::bytes(a.memory_bytes) + " at " +
                                        fmt::si(a.memory_bytes_per_s, "B/s"));
            ui::value_row("Board power", fmt::number(a.board_power_w) + " W");
            ui::value_row("Cloud price", a.usd_per_gpu_hour > 0
                                             ? fmt::usd(a.usd_per_gpu_hour) + " per GPU-hour"
                                             : "none");
            citations(a.sources);
            ImGui::TreePop();
        }
        ImGui::TreePop();
    }
    if (ImGui::TreeNode("Text models")) {
        for (const TextModel& m : state.catalog.text_models()) {
            if (!ImGui::TreeNode(m.id.c_str(), "%s", m.name.c_str())) continue;
            ui::value_row("Parameters", fmt::count(m.params_total) + " (" +
                                            fmt::count(m.params_active) + " active)");
            citations(m.sources);
            ImGui::TreePop();
        }
        ImGui::TreePop();
    }
    if (ImGui::TreeNode("Image models")) {
        for (const ImageModel& m : state.catalog.image_models()) {
            if (!ImGui::TreeNode(m.id.c_str(), "%s", m.name.c_str())) continue;
            citations(m.sources);
            ImGui::TreePop();
        }
        ImGui::TreePop();
    }

    ImGui::SeparatorText("Your own catalog");
    ui::note("Paste a catalog JSON (same schema as core/data, bare numbers allowed) to add or "
             "override entries by id, e.g. {\"accelerators\": [{\"id\": \"h100-sxm\", "
             "\"usd_per_gpu_hour\": 1.99}]}");
    if (state.pasted_generation != pasted_seen_) {
        pasted_seen_ = state.pasted_generation;
        catalog_text = state.pasted;
    }
    const float fs = ImGui::GetFontSize();
    ImGui::InputTextMultiline("##catalog.json", &catalog_text, ImVec2(-FLT_MIN, 6 * fs));
    if (ImGui::Button("Paste")) state.requests.read_clipboard = true;
    ui::flow("Merge into the catalog");
    if (ImGui::Button("Merge into the catalog")) {
        catalog_errors = state.catalog.merge_json(catalog_text);
        catalog_result.clear();
        if (catalog_errors.empty()) {
            catalog_result = "Merged. The comparison uses the new figures (a link does not "
                             "carry them: see Share).";
            state.custom_catalog = true;
            state.catalog_changed();
        }
    }
    ui::flow("Save accelerators JSON");
    if (ImGui::Button("Save accelerators JSON"))
        state.requests.save.push_back(
            {"costlab-accelerators.json", "application/json", accelerators_json(state.catalog)});
    if (!catalog_result.empty()) ui::note(catalog_result);
    for (const CatalogError& e : catalog_errors)
        ui::error((e.path.empty() ? std::string() : e.path + ": ") + fmt::message(e.message));
}

void AssumptionsPanel::draw(AppState& state) {
    ui::note("Every input with its unit, allowed range and where its default comes from. "
             "Hover (?) for the source.");
    fields(state);
    ImGui::SeparatorText("Catalog");
    catalog(state);
}

} // namespace costlab::gui
