// Light and dark themes: ImGui's style colours plus the chart palette the panels draw with.
// Sizes are left to the platform (it scales the style and fonts for devicePixelRatio); only
// roundings are set here, as multiples of the font size. Every colour a text or a chart mark
// is drawn in is listed, with what it is drawn on, in contrast_pairs(): the tests check each
// pair against WCAG 2.1 AA.
#pragma once

#include "app_state.h"
#include "imgui.h"

#include <vector>

namespace costlab::gui {

struct Palette {
    ImU32 text_series;  // chat reply
    ImU32 image_series; // image
    ImU32 measured;     // the visitor's device
    ImU32 grid, axis, label;
    ImU32 warning, error, good, muted;
    ImVec4 warning_v, error_v, good_v, muted_v; // the same, for PushStyleColor / TextColored
};

// Sets ImGui's colours for `theme` (call inside a frame: roundings use the font size).
void apply_theme(Theme theme);
const Palette& palette();
// A workload's colour in charts, cards and the picture (video: the palette's "good" green).
ImU32 series_color(const Palette& p, Workload w);

// The colours of `theme` without an ImGui context: the style's colour array and the palette.
void theme_colors(Theme theme, ImVec4 (&style_colors)[ImGuiCol_COUNT], Palette& palette);

// One foreground drawn on one background, and the contrast it must reach: 4.5 for body text,
// 3 for large text (>= 24 px, or >= 18.7 px bold) and for chart marks (WCAG 2.1 1.4.3, 1.4.11).
struct ContrastPair {
    const char* what;
    ImVec4 fg, bg; // fg may be translucent: it is blended over bg first
    double min_ratio;
};
std::vector<ContrastPair> contrast_pairs(Theme theme);

// WCAG 2.1 contrast ratio of two opaque colours (relative luminance, sRGB), 1..21.
double contrast_ratio(const ImVec4& a, const ImVec4& b);
// `fg` over opaque `bg` (source-over), opaque.
ImVec4 blend_over(const ImVec4& fg, const ImVec4& bg);

} // namespace costlab::gui
