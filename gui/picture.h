// The comparison as a picture, drawn with no screen: the Compare panel (and optionally the
// Roofline panel under it) of one scenario, laid out by the same panel code as the app and the
// page, rasterized in software (render_png.h). Used by `costlab render` and the native app's
// "save the comparison as PNG".
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
    int width = 960;   // pixels
    int height = 0;    // pixels; 0 = as tall as the content
    float scale = 1;   // pixels per layout unit (2 = crisp for slides and HiDPI); 1..4
    Theme theme = Theme::light;
    bool roofline = false; // the Roofline panel under the comparison
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
