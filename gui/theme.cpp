// Light and dark themes (see theme.h). The series colours are an Okabe-Ito pair (blue /
// vermillion) that stays distinct for the common colour-vision deficiencies in both themes,
// darkened (light theme) or lightened (dark theme) until they pass WCAG AA as text.
#include "theme.h"

#include <cmath>

namespace costlab::gui {

namespace {
Palette g_palette;

ImU32 u32(const ImVec4& c) {
    return ImGui::ColorConvertFloat4ToU32(c);
}

// What the series, state and muted colours are, per theme. Contrast ratios (against the
// panel background, measured by the contrast test) are in the comments.
struct Colors {
    ImVec4 text_series, image_series, measured, warning, error, good, muted;
};
constexpr Colors kLight = {
    {0.00f, 0.42f, 0.66f, 1}, // Okabe-Ito blue #0072B2, darkened: 5.7:1 on white
    {0.72f, 0.29f, 0.00f, 1}, // vermillion #D55E00, darkened (was 3.8:1): 5.2:1
    {0.00f, 0.47f, 0.30f, 1}, // bluish green: 5.5:1
    {0.52f, 0.33f, 0.00f, 1}, // amber: 6.4:1
    {0.72f, 0.09f, 0.09f, 1}, // red: 6.6:1
    {0.08f, 0.45f, 0.13f, 1}, // green: 6.0:1
    {0.36f, 0.37f, 0.40f, 1}, // notes (was ImGui's #999, 2.8:1): 6.4:1
};
constexpr Colors kDark = {
    {0.40f, 0.72f, 0.96f, 1},
    {0.98f, 0.60f, 0.32f, 1},
    {0.55f, 0.85f, 0.45f, 1},
    {0.98f, 0.78f, 0.30f, 1},
    {1.00f, 0.52f, 0.52f, 1},
    {0.50f, 0.85f, 0.50f, 1},
    {0.68f, 0.70f, 0.74f, 1}, // notes (was 3.9:1): 7.4:1 on the panels
};

double channel(float c) {
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double luminance(const ImVec4& c) {
    return 0.2126 * channel(c.x) + 0.7152 * channel(c.y) + 0.0722 * channel(c.z);
}
} // namespace

void theme_colors(Theme theme, ImVec4 (&c)[ImGuiCol_COUNT], Palette& p) {
    const bool dark = theme == Theme::dark;
    ImGuiStyle style;
    if (dark)
        ImGui::StyleColorsDark(&style);
    else
        ImGui::StyleColorsLight(&style);
    for (int i = 0; i < ImGuiCol_COUNT; ++i)
        c[i] = style.Colors[i];
    const Colors& k = dark ? kDark : kLight;
    if (dark) {
        c[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.12f, 1);
        c[ImGuiCol_ChildBg] = ImVec4(0.13f, 0.14f, 0.17f, 1);
        c[ImGuiCol_Border] = ImVec4(0.28f, 0.30f, 0.35f, 1);
        c[ImGuiCol_Text] = ImVec4(0.93f, 0.94f, 0.96f, 1);
        // ImGui's bright hovered / pressed blue under white text is 2.6:1: deeper blues.
        c[ImGuiCol_ButtonHovered] = ImVec4(0.15f, 0.36f, 0.66f, 1);
        c[ImGuiCol_ButtonActive] = ImVec4(0.10f, 0.28f, 0.56f, 1);
        c[ImGuiCol_HeaderHovered] = ImVec4(0.15f, 0.36f, 0.66f, 1);
        c[ImGuiCol_HeaderActive] = ImVec4(0.10f, 0.28f, 0.56f, 1);
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
    c[ImGuiCol_TextDisabled] = k.muted;

    p.text_series = u32(k.text_series);
    p.image_series = u32(k.image_series);
    p.measured = u32(k.measured);
    p.grid = u32(dark ? ImVec4(1, 1, 1, 0.08f) : ImVec4(0, 0, 0, 0.08f));
    // Axes are chart marks: 3:1 (alpha 0.55 black on white is 3.9:1).
    p.axis = u32(dark ? ImVec4(1, 1, 1, 0.50f) : ImVec4(0, 0, 0, 0.55f));
    p.label = u32(c[ImGuiCol_Text]);
    p.warning_v = k.warning;
    p.error_v = k.error;
    p.good_v = k.good;
    p.muted_v = k.muted;
    p.warning = u32(p.warning_v);
    p.error = u32(p.error_v);
    p.good = u32(p.good_v);
    p.muted = u32(p.muted_v);
}

void apply_theme(Theme theme) {
    ImGuiStyle& style = ImGui::GetStyle();
    theme_colors(theme, style.Colors, g_palette);
    const float fs = ImGui::GetFontSize();
    style.ChildRounding = 0.4f * fs;
    style.FrameRounding = 0.25f * fs;
    style.GrabRounding = 0.25f * fs;
    style.WindowRounding = 0;
}

const Palette& palette() {
    return g_palette;
}

ImU32 series_color(const Palette& p, Workload w) {
    return w == Workload::text ? p.text_series : w == Workload::image ? p.image_series : p.good;
}

ImVec4 blend_over(const ImVec4& fg, const ImVec4& bg) {
    const float a = fg.w;
    return ImVec4(fg.x * a + bg.x * (1 - a), fg.y * a + bg.y * (1 - a), fg.z * a + bg.z * (1 - a), 1);
}

double contrast_ratio(const ImVec4& a, const ImVec4& b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::fmax(la, lb) + 0.05) / (std::fmin(la, lb) + 0.05);
}

std::vector<ContrastPair> contrast_pairs(Theme theme) {
    ImVec4 c[ImGuiCol_COUNT];
    Palette p;
    theme_colors(theme, c, p);
    auto v = [](ImU32 x) { return ImGui::ColorConvertU32ToFloat4(x); };
    const ImVec4 window = c[ImGuiCol_WindowBg];
    const ImVec4 panel = blend_over(c[ImGuiCol_ChildBg], window);
    // Translucent widget fills, as they end up on a panel.
    const ImVec4 frame = blend_over(c[ImGuiCol_FrameBg], panel);
    const ImVec4 button = blend_over(c[ImGuiCol_Button], panel);
    const ImVec4 button_hot = blend_over(c[ImGuiCol_ButtonHovered], panel);
    const ImVec4 button_down = blend_over(c[ImGuiCol_ButtonActive], panel);
    const ImVec4 header = blend_over(c[ImGuiCol_Header], panel);
    const ImVec4 header_hot = blend_over(c[ImGuiCol_HeaderHovered], panel);
    const ImVec4 header_down = blend_over(c[ImGuiCol_HeaderActive], panel);
    const ImVec4 row_alt = blend_over(c[ImGuiCol_TableRowBgAlt], panel);
    const ImVec4 popup = blend_over(c[ImGuiCol_PopupBg], window);
    const ImVec4 text = c[ImGuiCol_Text];
    const double body = 4.5, large = 3.0;
    std::vector<ContrastPair> out = {
        {"text on the page", text, window, body},
        {"text on a panel", text, panel, body},
        {"text in a box or slider", text, frame, body},
        {"text on a button", text, button, body},
        {"text on a hovered button", text, button_hot, body},
        {"text on a pressed button", text, button_down, body},
        {"panel title on its header", text, header, body},
        {"panel title, hovered", text, header_hot, body},
        {"panel title, pressed / list selection", text, header_down, body},
        {"text on a striped table row", text, row_alt, body},
        {"text in a tooltip or list", text, popup, body},
        {"note on a panel", p.muted_v, panel, body},
        {"note on the page", p.muted_v, window, body},
        {"note in a box", p.muted_v, frame, body},
        {"chat reply heading", v(p.text_series), panel, body},
        {"image heading", v(p.image_series), panel, body},
        {"measured device label", v(p.measured), panel, body},
        {"warning text", p.warning_v, panel, body},
        {"error text", p.error_v, panel, body},
        {"good-news text", p.good_v, panel, body},
        {"costlab title on the page", v(p.text_series), window, large},
        {"chat reply bar", v(p.text_series), panel, large},
        {"image bar", v(p.image_series), panel, large},
        {"measured device mark", v(p.measured), panel, large},
        {"chart axis", v(p.axis), panel, large},
        {"hatched (not shown) bar", p.muted_v, panel, large},
    };
    return out;
}

} // namespace costlab::gui
