// The comparison as a picture, drawn with no screen and rasterized in software (render_png.h):
// a designed figure (the headline ratio, both workloads and their setups, bars for cost, energy
// and GPU time with their values, a source line) that lays itself out to fill any frame, 1200 x
// 630 by default (og:image); or, with the roofline, the Compare and Roofline panels as the app
// lays them out. Used by `costlab render`, the site build and the native app's "save as PNG".
#pragma once

#include "app_state.h"
#include "render_png.h"

#include "costlab/catalog.h"
#include "costlab/scenario.h"

#include <string>

struct ImDrawData;
struct ImFont;

namespace costlab::gui {

struct PictureOptions {
    int width = 1200;  // pixels
    int height = 630;  // pixels; 0 = width x 630/1200 (the figure), as tall as the content (roofline)
    float scale = 1;   // roofline panels: pixels per layout unit (2 for HiDPI), 1..4; the
                       // figure scales itself to its frame
    Theme theme = Theme::light;
    bool roofline = false; // the Compare and Roofline panels instead of the figure
    // Tests: called with the last frame's draw data and font just before it is rasterized
    // (to read back the text the picture holds).
    void (*inspect)(const ImDrawData* data, const ImFont* font, void* user) = nullptr;
    void* inspect_user = nullptr;
};

// Limits written down: width and height 64..4096 pixels, scale 1..4.
constexpr int kPictureMinSide = 64, kPictureMaxSide = 4096;

// Draws the picture in its own ImGui context (the caller's current context, if any, is kept
// and restored; call it between frames, never inside one). False + *error (in words) when the
// scenario does not validate against `catalog` or an option is out of range.
bool render_picture(const Scenario& scenario, const Catalog& catalog, const PictureOptions& opts,
                    Image& out, std::string* error);

} // namespace costlab::gui
