// Reads back the text ImGui drew: every glyph is a textured quad whose UV rectangle is that
// glyph's place in the font atlas, so walking the draw lists' vertices and looking the UVs up
// gives the characters in drawing order; gaps in the pen position split words. This checks
// what is on screen, whatever code path printed it.
#pragma once

#include "imgui.h"

#include <string>
#include <vector>

namespace costlab::gui::test {

// Runs of text in the draw data (words separated by single spaces; a new run at each jump).
std::vector<std::string> decode_draw_data(const ImDrawData* data, const ImFont* font);

// Words that are a printed NaN or infinity: "nan", "-nan", "inf", "infinity", or those
// immediately followed by a unit ("nanWh", "inf%"). Returns the offending runs.
std::vector<std::string> find_non_numbers(const std::vector<std::string>& runs);

} // namespace costlab::gui::test
