// References panel: what Google, OpenAI and Mistral published per query, and list prices, each
// beside costlab's matching estimate (report.references, from core/data/references.json) with
// the ratio and what differs between the two boundaries.
#pragma once

#include "app_state.h"

namespace costlab::gui {

struct ReferencesPanel {
    static constexpr const char* kTitle = "What providers published";
    void draw(AppState& state);
};

} // namespace costlab::gui
