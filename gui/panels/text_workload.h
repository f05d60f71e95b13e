// Text workload panel: the chat reply's model, tokens in, out and reasoning, precision.
#pragma once

#include "app_state.h"

namespace costlab::gui {

struct TextWorkloadPanel {
    static constexpr const char* kTitle = "Text workload";
    void draw(AppState& state);
};

} // namespace costlab::gui
