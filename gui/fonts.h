// costlab's typefaces: Inter (Debian's fonts-inter, cut to the glyphs used and given tabular
// figures at build time by gui/fonts/make_fonts.py) in four roles, the same in the page, the
// native app, `costlab render` and the tests. Start at add_fonts().
#pragma once

#include "imgui.h"

namespace costlab::gui {

// The roles, largest last. Sizes are CSS pixels (layout units); the hierarchy puts the
// one-sentence answer first, then the cards' figures, then the body.
enum class Face { body, strong, figure, headline };
constexpr float kBodyPx = 15;     // body and notes (WCAG-friendly reading size)
constexpr float kStrongPx = 15;   // panel titles and card titles, semibold
constexpr float kFigurePx = 19;   // the cards' figures, semibold
constexpr float kHeadlinePx = 24; // the answer sentence, semibold

// Adds the four faces to `atlas` (body first, so it is ImGui's default font), rasterized at
// `scale` device pixels per layout unit and drawn at 1/scale, so text maps texel to pixel.
// Returns the body font.
ImFont* add_fonts(ImFontAtlas& atlas, float scale);

// One more semibold face at `px` layout units (the picture's display headline), after
// add_fonts() on the same atlas and scale.
ImFont* add_display_font(ImFontAtlas& atlas, float px, float scale);

// The face for a role in the current context; ImGui's current font when add_fonts() was not
// called for this context's atlas.
ImFont* font(Face face);

// PushFont for a scope.
struct FaceScope {
    explicit FaceScope(Face face) { ImGui::PushFont(font(face)); }
    ~FaceScope() { ImGui::PopFont(); }
    FaceScope(const FaceScope&) = delete;
    FaceScope& operator=(const FaceScope&) = delete;
};

} // namespace costlab::gui
