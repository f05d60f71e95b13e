// Light and dark themes (see theme.h). The series colours are an Okabe-Ito pair (blue /
// vermillion) that stays distinct for the common colour-vision deficiencies in both themes.
#include "theme.h"

namespace costlab::gui {

namespace {
Palette g_palette;

ImU32 u32(const ImVec4& c) {
    return ImGui::ColorConvertFloat4ToU32(c);
}
} // namespace

void apply_theme(Theme theme) {
    ImGuiStyle& style = ImGui::GetStyle();
    const bool dark = theme == Theme::dark;
    if (dark)
        ImGui::StyleColorsDark(&style);
    else
        ImGui::StyleColorsLight(&style);
    const float fs = ImGui::GetFontSize();
    style.ChildRounding = 0.4f * fs;
    style.FrameRounding = 0.25f * fs;
    style.GrabRounding = 0.25f * fs;
    style.WindowRounding = 0;
    ImVec4* c = style.Colors;
    if (dark) {
        c[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.12f, 1);
        c[ImGuiCol_ChildBg] = ImVec4(0.13f, 0.14f, 0.17f, 1);
        c[ImGuiCol_Border] = ImVec4(0.28f, 0.30f, 0.35f, 1);
    } else {
        c[ImGuiCol_WindowBg] = ImVec4(0.95f, 0.95f, 0.96f, 1);
        c[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
        c[ImGuiCol_Border] = ImVec4(0.80f, 0.81f, 0.84f, 1);
        c[ImGuiCol_Text] = ImVec4(0.08f, 0.09f, 0.11f, 1);
        // Boxes and slider tracks must stand out from the white panels.
        c[ImGuiCol_FrameBg] = ImVec4(0.90f, 0.91f, 0.94f, 1);
        c[ImGuiCol_FrameBgHovered] = ImVec4(0.84f, 0.88f, 0.96f, 1);
        c[ImGuiCol_FrameBgActive] = ImVec4(0.78f, 0.85f, 0.97f, 1);
    }

    Palette& p = g_palette;
    p.text_series = u32(dark ? ImVec4(0.35f, 0.70f, 0.95f, 1) : ImVec4(0.00f, 0.45f, 0.70f, 1));
    p.image_series = u32(dark ? ImVec4(0.95f, 0.55f, 0.25f, 1) : ImVec4(0.84f, 0.37f, 0.00f, 1));
    p.measured = u32(dark ? ImVec4(0.55f, 0.85f, 0.45f, 1) : ImVec4(0.00f, 0.55f, 0.35f, 1));
    p.grid = u32(dark ? ImVec4(1, 1, 1, 0.08f) : ImVec4(0, 0, 0, 0.08f));
    p.axis = u32(dark ? ImVec4(1, 1, 1, 0.45f) : ImVec4(0, 0, 0, 0.45f));
    p.label = u32(c[ImGuiCol_Text]);
    p.warning_v = dark ? ImVec4(0.98f, 0.78f, 0.30f, 1) : ImVec4(0.60f, 0.40f, 0.00f, 1);
    p.error_v = dark ? ImVec4(1.00f, 0.45f, 0.45f, 1) : ImVec4(0.75f, 0.10f, 0.10f, 1);
    p.good_v = dark ? ImVec4(0.50f, 0.85f, 0.50f, 1) : ImVec4(0.10f, 0.50f, 0.15f, 1);
    p.muted_v = c[ImGuiCol_TextDisabled];
    p.warning = u32(p.warning_v);
    p.error = u32(p.error_v);
    p.good = u32(p.good_v);
    p.muted = u32(p.muted_v);
}

const Palette& palette() {
    return g_palette;
}

} // namespace costlab::gui
