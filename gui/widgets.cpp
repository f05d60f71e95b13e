// Panel frame, rows and field editors (see widgets.h). Labels, units and ranges come from the
// core's field table through field_ref(); nothing here computes a cost.
#include "widgets.h"

#include "fields.h"
#include "format.h"
#include "theme.h"

#include <cfloat>
#include <cmath>

namespace costlab::gui::ui {

namespace {

// Label column width as a share of the panel, and the panel width below which rows stack.
constexpr float kLabelShare = 0.45f;
constexpr float kStackBelowFontSizes = 22;

std::string unit_suffix(const FieldInfo& info) {
    std::string u = info.unit;
    if (u.empty() || u == "fraction" || u == "ratio" || u == "catalog id" || u == "format")
        return {};
    return " " + u;
}

// Continues the current line at window-local x (as GetCursorPosX reports it). SameLine(x)
// would count x from the table column's start inside tables; this works in both.
void column_two(float local_x) {
    ImGui::SameLine(0, 0);
    ImGui::SetCursorPosX(local_x);
}

} // namespace

bool begin_panel(const char* title, float width, bool default_open) {
    ImGui::BeginChild(title, ImVec2(width, 0),
                      ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY |
                          ImGuiChildFlags_AlwaysUseWindowPadding,
                      // NavFlattened: Tab and the arrows go from panel to panel as if they
                      // were one window, and reach panels scrolled out of view.
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                          ImGuiWindowFlags_NavFlattened);
    return ImGui::CollapsingHeader(title, default_open ? ImGuiTreeNodeFlags_DefaultOpen : 0);
}

void end_panel() {
    ImGui::EndChild();
}

void row_label(const char* label, const char* help) {
    const float fs = ImGui::GetFontSize();
    const float avail = ImGui::GetContentRegionAvail().x;
    if (avail >= kStackBelowFontSizes * fs) {
        const float x0 = ImGui::GetCursorPosX();
        const float label_w = avail * kLabelShare;
        ImGui::AlignTextToFramePadding();
        ImGui::PushTextWrapPos(x0 + label_w - 0.5f * fs);
        ImGui::TextUnformatted(label);
        ImGui::PopTextWrapPos();
        if (help) {
            ImGui::SameLine();
            help_marker(help);
        }
        column_two(x0 + label_w);
    } else {
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(label);
        ImGui::PopTextWrapPos();
        if (help) {
            ImGui::SameLine();
            help_marker(help);
        }
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
}

void value_row(const char* label, const std::string& value) {
    value_row_colored(label, value, ImGui::GetStyleColorVec4(ImGuiCol_Text));
}

void value_row_colored(const char* label, const std::string& value, const ImVec4& color) {
    const float fs = ImGui::GetFontSize();
    const float avail = ImGui::GetContentRegionAvail().x;
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    if (avail >= kStackBelowFontSizes * fs) {
        const float x0 = ImGui::GetCursorPosX();
        const float label_w = avail * kLabelShare;
        ImGui::PopStyleColor();
        ImGui::PushTextWrapPos(x0 + label_w - 0.5f * fs);
        ImGui::TextUnformatted(label);
        ImGui::PopTextWrapPos();
        column_two(x0 + label_w);
        ImGui::PushStyleColor(ImGuiCol_Text, color);
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(value.c_str());
        ImGui::PopTextWrapPos();
    } else {
        ImGui::PopStyleColor();
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(label);
        ImGui::PopTextWrapPos();
        ImGui::Indent();
        ImGui::PushStyleColor(ImGuiCol_Text, color);
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(value.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Unindent();
    }
    ImGui::PopStyleColor();
}

bool field_slider(AppState& state, const char* json_path, const SliderOptions& o) {
    const FieldRef* f = field_ref(json_path);
    if (!f || !f->ptr || !f->numeric()) return false;
    const FieldInfo& info = *f->info;
    double lo = o.min != 0 || o.max != 0 ? o.min : info.min;
    double hi = o.min != 0 || o.max != 0 ? o.max : info.max;
    const double current = f->get(state.scenario).value_or(lo);
    row_label(o.label ? o.label : info.label, o.help);
    const std::string id = std::string("##") + json_path;
    std::string format =
        o.format ? std::string(o.format) : (f->integral() ? "%.0f" : "%.3g") + unit_suffix(info);
    ImGuiSliderFlags flags = ImGuiSliderFlags_AlwaysClamp;
    if (o.describe) {
        format.clear();
        for (char c : o.describe(current))
            format += c == '%' ? std::string("%%") : std::string(1, c);
        flags |= ImGuiSliderFlags_NoInput;
    }
    if (o.logarithmic) flags |= ImGuiSliderFlags_Logarithmic;
    bool changed = false;
    // Sliders edit a double whatever the field's type: one code path, and the value is
    // clamped and rounded before it reaches the scenario.
    double v = std::fmin(hi, std::fmax(lo, current));
    if (ImGui::SliderScalar(id.c_str(), ImGuiDataType_Double, &v, &lo, &hi, format.c_str(), flags)) {
        if (std::isfinite(v)) {
            if (f->integral()) v = std::round(v);
            if (v != current) {
                f->set(state.scenario, v);
                changed = true;
            }
        }
    }
    field_error(state, json_path);
    return changed;
}

bool field_input(AppState& state, const char* json_path, const char* label, const char* help) {
    const FieldRef* f = field_ref(json_path);
    if (!f || !f->ptr || !f->numeric()) return false;
    const FieldInfo& info = *f->info;
    const std::string id = std::string("##") + json_path;
    row_label(label ? label : info.label, help);
    bool changed = false;
    ImGui::PushID(json_path);
    if (f->kind == FieldKind::opt_f64) {
        const std::optional<double> v = f->get(state.scenario);
        bool use_catalog = !v.has_value();
        const float fs = ImGui::GetFontSize();
        if (ImGui::Checkbox("catalog", &use_catalog)) {
            if (use_catalog)
                f->reset(state.scenario);
            else
                f->set(state.scenario, 0 < info.min ? info.min : 1.0);
            changed = true;
        }
        if (!use_catalog) {
            ImGui::SameLine();
            ImGui::SetNextItemWidth(std::fmax(4 * fs, ImGui::GetContentRegionAvail().x));
            double x = f->get(state.scenario).value_or(0);
            const std::string format = "%.6g" + unit_suffix(info);
            if (ImGui::InputDouble(id.c_str(), &x, 0, 0, format.c_str()) && std::isfinite(x)) {
                f->set(state.scenario, x);
                changed = true;
            }
        }
    } else if (f->integral()) {
        // S64 covers every integer field; one step button pair for phones.
        long long x = (long long)f->get(state.scenario).value_or(0);
        const long long step = 1, step_fast = 10;
        if (ImGui::InputScalar(id.c_str(), ImGuiDataType_S64, &x, &step, &step_fast, "%lld")) {
            f->set(state.scenario, double(x));
            changed = true;
        }
    } else {
        double x = f->get(state.scenario).value_or(0);
        const std::string format = "%.6g" + unit_suffix(info);
        if (ImGui::InputDouble(id.c_str(), &x, 0, 0, format.c_str()) && std::isfinite(x)) {
            f->set(state.scenario, x);
            changed = true;
        }
    }
    ImGui::PopID();
    field_error(state, json_path);
    return changed;
}

bool field_auto_int(AppState& state, const char* json_path, const char* auto_label, int max,
                    const char* label) {
    const FieldRef* f = field_ref(json_path);
    if (!f || !f->ptr || !f->integral()) return false;
    const double current = f->get(state.scenario).value_or(0);
    row_label(label ? label : f->info->label);
    ImGui::PushID(json_path);
    bool changed = false;
    bool is_auto = current == 0;
    if (ImGui::Checkbox(auto_label, &is_auto)) {
        f->set(state.scenario, is_auto ? 0 : 1);
        changed = true;
    }
    if (!is_auto) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(-FLT_MIN);
        int v = int(std::fmin(std::fmax(current, 1), max));
        if (ImGui::SliderInt("##n", &v, 1, max, "%d", ImGuiSliderFlags_AlwaysClamp |
                                                         ImGuiSliderFlags_Logarithmic) &&
            v != current) {
            f->set(state.scenario, v);
            changed = true;
        }
    }
    ImGui::PopID();
    field_error(state, json_path);
    return changed;
}

void field_error(const AppState& state, const char* json_path) {
    if (const FieldError* e = state.error_for(json_path)) error(fmt::message(e->message));
}

bool precision_combo(const char* label, const char* id, Precision& p) {
    row_label(label);
    bool changed = false;
    if (ImGui::BeginCombo(id, to_string(p))) {
        for (int i = 0; i < kPrecisionCount; ++i) {
            const Precision q = Precision(i);
            if (ImGui::Selectable(to_string(q), q == p) && q != p) {
                p = q;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

namespace {
// One combo over catalog entries: shows names, stores ids.
template <class List> bool catalog_combo(const char* label, const char* id, const List& items,
                                         std::string& selected) {
    row_label(label);
    const char* preview = selected.c_str();
    for (const auto& it : items)
        if (it.id == selected) preview = it.name.c_str();
    bool changed = false;
    if (ImGui::BeginCombo(id, preview)) {
        for (const auto& it : items) {
            ImGui::PushID(it.id.c_str());
            if (ImGui::Selectable(it.name.c_str(), it.id == selected) && it.id != selected) {
                selected = it.id;
                changed = true;
            }
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    return changed;
}
} // namespace

bool text_model_combo(AppState& state) {
    bool c = catalog_combo("Text model", "##text.model", state.catalog.text_models(),
                           state.scenario.text.model);
    field_error(state, "text.model");
    return c;
}

bool image_model_combo(AppState& state) {
    bool c = catalog_combo("Image model", "##image.model", state.catalog.image_models(),
                           state.scenario.image.model);
    field_error(state, "image.model");
    return c;
}

bool accelerator_combo(AppState& state) {
    bool c = catalog_combo("Accelerator", "##serving.accelerator", state.catalog.accelerators(),
                           state.scenario.serving.accelerator);
    field_error(state, "serving.accelerator");
    return c;
}

void phase_table(const WorkloadReport& w) {
    if (w.phases.empty()) return;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("phases", 4, flags)) return;
    ImGui::TableSetupColumn("Phase", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Bound by", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("FLOP/byte", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    for (const PhaseReport& p : w.phases) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        text(p.name);
        ImGui::TableNextColumn();
        text(fmt::seconds(p.seconds));
        ImGui::TableNextColumn();
        text(to_string(p.bound));
        ImGui::TableNextColumn();
        text(fmt::number(p.flops_per_byte));
    }
    ImGui::EndTable();
}

void text(const std::string& s) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(s.c_str());
    ImGui::PopTextWrapPos();
}

namespace {
void colored(const ImVec4& c, const std::string& s) {
    ImGui::PushStyleColor(ImGuiCol_Text, c);
    text(s);
    ImGui::PopStyleColor();
}
} // namespace

void note(const std::string& s) {
    colored(palette().muted_v, s);
}
void warning(const std::string& s) {
    colored(palette().warning_v, s);
}
void error(const std::string& s) {
    colored(palette().error_v, s);
}

void help_marker(const char* text_) {
    ImGui::TextDisabled("(?)");
    if (ImGui::BeginItemTooltip()) {
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
        ImGui::TextUnformatted(text_);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void flow(const char* next_label) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float w = ImGui::CalcTextSize(next_label, nullptr, true).x + 2 * st.FramePadding.x;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + st.ItemSpacing.x + w <= right) ImGui::SameLine();
}

} // namespace costlab::gui::ui

namespace costlab::gui::ui {

void flow_text(const char* next_text) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float w = ImGui::CalcTextSize(next_text).x;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + st.ItemSpacing.x + w <= right) ImGui::SameLine();
}

} // namespace costlab::gui::ui
