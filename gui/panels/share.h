// Share panel: copy the link or an embed snippet, export the report as JSON or CSV, save the
// comparison as a PNG.
#pragma once

#include "app_state.h"

#include <string>

namespace costlab::gui {

struct SharePanel {
    static constexpr const char* kTitle = "Share";
    void draw(AppState& state);
    // <iframe src="page#fragment" ...> for the last valid scenario.
    static std::string embed_snippet(const AppState& state);
};

} // namespace costlab::gui
