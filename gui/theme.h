// Light and dark themes: ImGui's style colours plus the chart palette the panels draw with.
// Sizes are left to the platform (it scales the style and fonts for devicePixelRatio); only
// roundings are set here, as multiples of the font size.
#pragma once

#include "app_state.h"
#include "imgui.h"

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

} // namespace costlab::gui
