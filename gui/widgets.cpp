// Panel frame, rows and field editors (see widgets.h). Labels, units and ranges come from the
// core's field table through field_ref(); nothing here computes a cost.
#include "widgets.h"

#include "fields.h"
#include "fonts.h"
#include "format.h"
#include "theme.h"

#include "imgui_internal.h" // GetActiveID: is this box being typed in
#include "imgui_stdlib.h"

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace costlab::gui::ui {

namespace {

// Label column width as a share of the panel, and the panel width below which rows stack.
constexpr float kLabelShare = 0.45f;
// 26 body sizes (390 px): on phones every label sits above a full-width widget, so combo
// previews and slider values are not cut.
constexpr float kStackBelowFontSizes = 26;
// Read-only rows (label, value) keep two columns down to 16 body sizes (240 px): a phone's card.
constexpr float kValueStackBelowFontSizes = 16;

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
    FaceScope strong(Face::strong);
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

void figure_row(const char* label, const std::string& value) {
    const float fs = ImGui::GetFontSize();
    const float avail = ImGui::GetContentRegionAvail().x;
    if (avail >= kValueStackBelowFontSizes * fs) {
        const float x0 = ImGui::GetCursorPosX();
        const float label_w = avail * kLabelShare;
        // The label sits on the figure's baseline: both start at the same top, and the figure
        // face is taller.
        const float y = ImGui::GetCursorPosY();
        ImGui::SetCursorPosY(y + (font(Face::figure)->FontSize * font(Face::figure)->Scale - fs) * 0.8f);
        ImGui::PushTextWrapPos(x0 + label_w - 0.5f * fs);
        ImGui::TextUnformatted(label);
        ImGui::PopTextWrapPos();
        column_two(x0 + label_w);
        ImGui::SetCursorPosY(y);
        FaceScope figure(Face::figure);
        text(value);
    } else {
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(label);
        ImGui::PopTextWrapPos();
        ImGui::Indent();
        FaceScope figure(Face::figure);
        text(value);
        ImGui::Unindent();
    }
}

void value_row_colored(const char* label, const std::string& value, const ImVec4& color) {
    const float fs = ImGui::GetFontSize();
    const float avail = ImGui::GetContentRegionAvail().x;
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    if (avail >= kValueStackBelowFontSizes * fs) {
        const float x0 = ImGui::GetCursorPosX();
        const float label_w = avail * kLabelShare;
        ImGui::PopStyleColor();
        ImGui::PushTextWrapPos(x0 + label_w - 0.5f * fs);
        ImGui::TextUnformatted(label);
        ImGui::PopTextWrapPos();
        column_two(x0 + label_w);
        ImGui::PushStyleColor(ImGuiCol_Text, color);
        text(value);
    } else {
        ImGui::PopStyleColor();
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(label);
        ImGui::PopTextWrapPos();
        ImGui::Indent();
        ImGui::PushStyleColor(ImGuiCol_Text, color);
        text(value);
        ImGui::Unindent();
    }
    ImGui::PopStyleColor();
}

double catalog_value(const AppState& state, const char* json_path) {
    const Accelerator* a = state.catalog.accelerator(state.scenario.serving.accelerator);
    if (!a) return 0;
    const std::string p = json_path;
    if (p == "serving.usd_per_gpu_hour") return a->usd_per_gpu_hour;
    if (p == "serving.purchase_usd") return a->purchase_usd;
    return 0;
}

std::string typed_text(double v, bool integral) {
    if (!std::isfinite(v)) return "";
    if (integral || (v == std::floor(v) && std::fabs(v) < 1e15)) {
        if (std::fabs(v) < 1e7) return fmt::printf("%.0f", v);
        return fmt::printf("%.6g", v);
    }
    return fmt::printf("%.6g", v);
}

std::string check_typed_number(const std::string& raw, double min, double max, bool integral,
                               const char* unit, double* value) {
    size_t b = 0, e = raw.size();
    while (b < e && std::isspace((unsigned char)raw[b]))
        ++b;
    while (e > b && std::isspace((unsigned char)raw[e - 1]))
        --e;
    const std::string text = raw.substr(b, e - b);
    const std::string range = "allowed " + fmt::number(min, 6) + " to " + fmt::number(max, 6) +
                              (unit && *unit ? std::string(" ") + unit : std::string());
    if (text.empty()) return "enter a number; " + range;
    // The whole text must be one number: strtod alone would read "2e1" out of "2e1x".
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0') return "\"" + text + "\" is not a number; " + range;
    if (!std::isfinite(v)) return text + " is too large; " + range;
    if (v < min || v > max) return text + " is out of range: " + range;
    if (integral && v != std::floor(v)) return text + " is not a whole number; " + range;
    *value = v;
    return {};
}

bool typed_number(AppState& state, const char* key, double current, double min, double max,
                  bool integral, const char* unit, double* out, float width,
                  std::string (*accept)(AppState&, const char* key, double)) {
    const double now = ImGui::GetTime();
    // "##<key> typed": the slider beside it keeps "##<key>" (tests find both by label).
    const std::string id = std::string("##") + key + " typed";
    ImGui::PushID("typed");
    const ImGuiID item_id = ImGui::GetID(id.c_str());
    auto it = state.typing.find(key);
    // The value changed elsewhere (a slider, a preset, a link): a stale text goes.
    if (it != state.typing.end() && it->second.base != current &&
        ImGui::GetActiveID() != item_id) {
        state.typing.erase(it);
        it = state.typing.end();
    }
    const bool invalid = it != state.typing.end() && !it->second.error.empty();
    std::string buf = it != state.typing.end() ? it->second.text : typed_text(current, integral);
    if (invalid) {
        ImGui::PushStyleColor(ImGuiCol_Border, palette().error_v);
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::fmax(2.0f, ImGui::GetFontSize() / 8));
    }
    ImGui::SetNextItemWidth(width);
    const bool edited = ImGui::InputText(id.c_str(), &buf, ImGuiInputTextFlags_AutoSelectAll);
    ImGui::PopID();
    if (invalid) {
        ImGui::PopStyleVar();
        ImGui::PopStyleColor();
    }
    const bool active = ImGui::IsItemActive();
    const bool left = ImGui::IsItemDeactivated(); // Enter, Tab, a click elsewhere
    if (edited) {
        TypedText& t = state.typing[key];
        if (t.text.empty() && t.error.empty()) t.base = current;
        t.text = buf;
        t.typed_at_s = now;
        t.waiting = true;
        t.error.clear();
        it = state.typing.find(key);
    }
    bool applied = false;
    if (it != state.typing.end()) {
        TypedText& t = it->second;
        const bool paused = active && t.waiting && now - t.typed_at_s >= kTypingPauseS;
        if ((left && (t.waiting || !t.error.empty())) || paused) {
            double v = 0;
            std::string why = check_typed_number(t.text, min, max, integral, unit, &v);
            if (why.empty() && accept) why = accept(state, key, v);
            t.waiting = false;
            if (why.empty()) {
                *out = v;
                applied = v != current;
                state.typing.erase(it);
            } else {
                t.error = why;
            }
        } else if (t.waiting && active) {
            state.typing_waiting = true; // frames until the pause has passed
        } else if (left && t.error.empty()) {
            state.typing.erase(it); // left without a change
        }
    }
    auto shown = state.typing.find(key);
    if (shown != state.typing.end() && !shown->second.error.empty())
        error("Not applied: " + fmt::message(shown->second.error));
    return applied;
}

namespace {
// A typed value for a scenario field must also pass the core's checks that involve other
// fields (a context length, a precision the chip has): the message is the core's.
std::string accept_field(AppState& state, const char* key, double v) {
    const FieldRef* f = field_ref(key);
    if (!f) return {};
    Scenario trial = state.scenario;
    f->set(trial, v);
    for (const FieldError& e : validate(trial, state.catalog))
        if (e.field == key) return e.message;
    return {};
}

// Box beside a slider: enough for "1e+12" and a caret.
float beside_width() {
    return 5.5f * ImGui::GetFontSize();
}
} // namespace

bool field_slider(AppState& state, const char* json_path, const SliderOptions& o) {
    const FieldRef* f = field_ref(json_path);
    if (!f || !f->ptr || !f->numeric()) return false;
    const FieldInfo& info = *f->info;
    double lo = o.min != 0 || o.max != 0 ? o.min : info.min;
    double hi = o.min != 0 || o.max != 0 ? o.max : info.max;
    const double current = f->get(state.scenario).value_or(lo);
    row_label(o.label ? o.label : info.label, o.help);
    const std::string id = std::string("##") + json_path;
    // NoInput: ImGui's Ctrl+click entry applies each keystroke; the box beside is the way to
    // type a value.
    ImGuiSliderFlags flags = ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_NoInput;
    // ImGui centres the value on the track, where the handle covers part of it ("10 mil|lion"):
    // the track is drawn bare and the value is written here on the side the handle is not.
    flags |= ImGuiSliderFlags_NoRoundToFormat;
    std::string shown;
    if (o.describe) {
        shown = o.describe(current);
    } else {
        const std::string format = o.format ? std::string(o.format)
                                            : (f->integral() ? "%.0f" : "%.3g") + unit_suffix(info);
        char buf[96];
        std::snprintf(buf, sizeof buf, format.c_str(), std::fmin(hi, std::fmax(lo, current)));
        shown = buf;
    }
    // More than two decades: one pixel is a fixed ratio, fine near small values too.
    const bool wide = lo >= 0 && hi > 0 && (lo == 0 ? hi >= 100 : hi / lo > 100);
    if (o.logarithmic || wide) flags |= ImGuiSliderFlags_Logarithmic;
    bool changed = false;
    const float box_w = beside_width();
    const float gap = ImGui::GetStyle().ItemInnerSpacing.x;
    const float row_w = ImGui::CalcItemWidth();
    // Sliders edit a double whatever the field's type: one code path, and the value is
    // clamped and rounded before it reaches the scenario.
    double v = std::fmin(hi, std::fmax(lo, current));
    ImGui::SetNextItemWidth(std::fmax(row_w - box_w - gap, 4 * ImGui::GetFontSize()));
    // Ctrl+click (ImGui's usual way to type into a slider) moves to the box instead, and must
    // not move the handle on the way.
    const bool ctrl = ImGui::GetIO().KeyCtrl;
    if (ImGui::SliderScalar(id.c_str(), ImGuiDataType_Double, &v, &lo, &hi, "", flags) &&
        !ctrl) {
        if (std::isfinite(v)) {
            if (f->integral()) v = std::round(v);
            if (v != current) {
                f->set(state.scenario, v);
                changed = true;
            }
        }
    }
    {
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        const double c = std::fmin(hi, std::fmax(lo, current));
        double t = hi > lo ? (c - lo) / (hi - lo) : 0; // where the handle is, 0..1
        if (flags & ImGuiSliderFlags_Logarithmic)
            t = lo > 0 ? std::log(c / lo) / std::log(hi / lo)
                       : std::log1p(c) / std::log1p(hi); // side choice only: close is enough
        const ImGuiStyle& st = ImGui::GetStyle();
        const float tw = ImGui::CalcTextSize(shown.c_str()).x;
        const float x = t > 0.5 ? a.x + st.FramePadding.x : b.x - st.FramePadding.x - tw;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->PushClipRect(a, b, true);
        dl->AddText(ImVec2(std::fmax(x, a.x + st.FramePadding.x), a.y + st.FramePadding.y),
                    ImGui::GetColorU32(ImGuiCol_Text), shown.c_str());
        dl->PopClipRect();
    }
    const bool to_box = ctrl && ImGui::IsItemClicked();
    ImGui::SameLine(0, gap);
    if (to_box) ImGui::SetKeyboardFocusHere();
    double typed = 0;
    // The box takes the field's whole range, not only the slider's.
    if (typed_number(state, json_path, current, info.min, info.max, f->integral(), info.unit,
                     &typed, -FLT_MIN, accept_field)) {
        f->set(state.scenario, typed);
        changed = true;
    }
    field_error(state, json_path);
    return changed;
}

bool field_input(AppState& state, const char* json_path, const char* label, const char* help,
                 double catalog_value) {
    const FieldRef* f = field_ref(json_path);
    if (!f || !f->ptr || !f->numeric()) return false;
    const FieldInfo& info = *f->info;
    row_label(label ? label : info.label, help);
    bool changed = false;
    ImGui::PushID(json_path);
    double typed = 0;
    if (f->kind == FieldKind::opt_f64) {
        const std::optional<double> v = f->get(state.scenario);
        bool use_catalog = !v.has_value();
        const float fs = ImGui::GetFontSize();
        if (ImGui::Checkbox("catalog", &use_catalog)) {
            if (use_catalog)
                f->reset(state.scenario);
            else // start from the value the box stood for
                f->set(state.scenario, std::fmin(info.max, std::fmax(info.min, catalog_value)));
            changed = true;
        }
        if (!use_catalog) {
            ImGui::SameLine();
            const double x = f->get(state.scenario).value_or(catalog_value);
            if (typed_number(state, json_path, x, info.min, info.max, false, info.unit, &typed,
                             std::fmax(4 * fs, ImGui::GetContentRegionAvail().x), accept_field)) {
                f->set(state.scenario, typed);
                changed = true;
            }
        }
    } else {
        const double x = f->get(state.scenario).value_or(0);
        if (typed_number(state, json_path, x, info.min, info.max, f->integral(), info.unit,
                         &typed, -FLT_MIN, accept_field)) {
            f->set(state.scenario, typed);
            changed = true;
        }
    }
    ImGui::PopID();
    field_error(state, json_path);
    return changed;
}

bool field_auto_int(AppState& state, const char* json_path, const char* auto_label, int max,
                    const char* label, int auto_value) {
    const FieldRef* f = field_ref(json_path);
    if (!f || !f->ptr || !f->integral()) return false;
    const double current = f->get(state.scenario).value_or(0);
    row_label(label ? label : f->info->label);
    ImGui::PushID(json_path);
    bool changed = false;
    bool is_auto = current == 0;
    if (ImGui::Checkbox(auto_label, &is_auto)) {
        // Unticked: the value the automatic choice stood for, within the field's range.
        const double start = std::fmin(f->info->max, std::fmax(1.0, double(auto_value)));
        f->set(state.scenario, is_auto ? 0 : start);
        changed = true;
    }
    if (!is_auto) {
        ImGui::SameLine();
        const float box_w = beside_width();
        const float gap = ImGui::GetStyle().ItemInnerSpacing.x;
        ImGui::SetNextItemWidth(
            std::fmax(ImGui::GetContentRegionAvail().x - box_w - gap, 3 * ImGui::GetFontSize()));
        const int slider_max = std::max(max, int(std::fmin(current, 1e9)));
        int v = int(std::fmin(std::fmax(current, 1), slider_max));
        const bool ctrl = ImGui::GetIO().KeyCtrl; // Ctrl+click: type in the box instead
        if (ImGui::SliderInt("##n", &v, 1, slider_max, "%d",
                             ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic |
                                 ImGuiSliderFlags_NoInput) &&
            v != current && !ctrl) {
            f->set(state.scenario, v);
            changed = true;
        }
        const bool to_box = ctrl && ImGui::IsItemClicked();
        ImGui::SameLine(0, gap);
        if (to_box) ImGui::SetKeyboardFocusHere();
        double typed = 0;
        if (typed_number(state, json_path, current, 1, f->info->max, true, f->info->unit, &typed,
                         -FLT_MIN, accept_field)) {
            f->set(state.scenario, typed);
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

bool video_model_combo(AppState& state) {
    bool c = catalog_combo("Video model", "##video.model", state.catalog.video_models(),
                           state.scenario.video.model);
    field_error(state, "video.model");
    return c;
}

bool accelerator_combo(AppState& state) {
    bool c = catalog_combo("Accelerator", "##serving.accelerator", state.catalog.accelerators(),
                           state.scenario.serving.accelerator);
    field_error(state, "serving.accelerator");
    return c;
}

bool engine_combo(AppState& state, EngineWorkload workload) {
    const bool text = workload == EngineWorkload::text;
    std::string& selected = text ? state.scenario.text.engine : state.scenario.image.engine;
    const char* id = text ? "##text.engine" : "##image.engine";
    row_label("Serving engine", text ? "The software serving the model. vLLM is the most common "
                                       "open stack; each engine's speed and overheads are fitted "
                                       "on published measurements run with it."
                                     : "Eager diffusers is the reference; compiled pipelines "
                                       "(torch.compile, fp8) and TensorRT run faster; xDiT "
                                       "splits one image over the GPUs set below.");
    const Engine* current = find_engine(selected, workload);
    bool changed = false;
    if (ImGui::BeginCombo(id, current ? current->label : selected.c_str())) {
        for (const Engine& e : engines()) {
            if (e.workload != workload) continue;
            if (ImGui::Selectable(e.label, selected == e.id) && selected != e.id) {
                selected = e.id;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    field_error(state, text ? "text.engine" : "image.engine");
    return changed;
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

std::string wrap_for_width(const std::string& s, float width) {
    // ImGui's own wrap breaks after ',' and '.', so "1,000" or "$0.27" could split across
    // lines. Here a line breaks only at a space, and never at a space next to a digit: a number
    // stays with its unit or noun and the word before it ("10 million", "137 mWh", "batch 1").
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    auto measure = [&](size_t a, size_t b) {
        return font->CalcTextSizeA(size, FLT_MAX, 0, s.data() + a, s.data() + b).x;
    };
    std::string out;
    out.reserve(s.size() + 8);
    size_t line = 0; // start of the current line in s
    while (line < s.size()) {
        const size_t nl = s.find('\n', line);
        const size_t para_end = nl == std::string::npos ? s.size() : nl;
        size_t pos = line, fit = std::string::npos; // fit: the last break that fits
        while (pos < para_end) {
            size_t sp = s.find(' ', pos + 1);
            while (sp != std::string::npos && sp < para_end && sp > 0 &&
                   (std::isdigit(static_cast<unsigned char>(s[sp - 1])) ||
                    (sp + 1 < para_end && std::isdigit(static_cast<unsigned char>(s[sp + 1])))))
                sp = s.find(' ', sp + 1);
            const size_t chunk_end = sp == std::string::npos || sp > para_end ? para_end : sp;
            if (measure(line, chunk_end) <= width) {
                fit = chunk_end;
                pos = chunk_end;
                if (chunk_end == para_end) break;
                continue;
            }
            break;
        }
        size_t cut = fit;
        if (cut == std::string::npos || cut == line) {
            // One unbreakable piece wider than the line (a long URL): ImGui's own break.
            const char* e = font->CalcWordWrapPositionA(size / font->FontSize,
                                                        s.data() + line, s.data() + para_end,
                                                        width);
            cut = size_t(e - s.data());
            if (cut <= line) cut = line + 1;
        }
        out.append(s, line, cut - line);
        line = cut;
        while (line < para_end && s[line] == ' ')
            ++line;
        if (line >= para_end) {
            line = para_end + 1; // past the newline
            if (para_end < s.size()) out += '\n';
        } else {
            out += '\n';
        }
    }
    return out;
}

void text(const std::string& s) {
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::PushTextWrapPos(-1.0f); // wrapped here, not again by ImGui
    ImGui::TextUnformatted(wrap_for_width(s, std::max(width, ImGui::GetFontSize())).c_str());
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
