// A small software rasterizer for ImGui draw data (tests only): lets the headless tests save
// what a frame would look like (PPM), to eyeball layouts at phone and desktop widths.
#pragma once

#include "imgui.h"

#include <string>
#include <vector>

namespace costlab::gui::test {

// Rasterizes `data` (font atlas from io.Fonts, RGBA32) into an RGB image of the display size.
std::vector<unsigned char> rasterize(const ImDrawData* data, int& width, int& height);
bool write_ppm(const std::string& path, const std::vector<unsigned char>& rgb, int w, int h);

} // namespace costlab::gui::test
