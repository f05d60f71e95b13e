// Share panel: copy the link or an embed snippet, export the report as JSON or CSV, save the
// comparison as a PNG.
#pragma once

#include "app_state.h"

#include <string>

namespace costlab::gui {

struct SharePanel {
    static constexpr const char* kTitle = "Share";
    void draw(AppState& state);
    // <iframe src="<site>/embed.html#fragment" ...> for the last valid scenario: one line.
    static std::string embed_snippet(const AppState& state);
    // <site>/embed.html?id=<embed_id>&theme=...&ph=...#fragment. The host script sizes the
    // iframe whose window sent the height (event.source), whatever its id has become.
    static std::string embed_url(const AppState& state);
    // "&ph=ratio~image $~image Wh~image CO2~reply $~reply Wh~reply CO2": the figures the
    // embed's click-to-load placeholder shows for this scenario (web/app.js fillPlaceholder).
    static std::string placeholder_query(const AppState& state);
    static std::string embed_id(const AppState& state); // "costlab-" + 6 hex of the fragment
    // <script src="<site>/costlab-embed.js" async></script>: the optional auto-height helper.
    static std::string host_script_tag(const AppState& state);
};

} // namespace costlab::gui
