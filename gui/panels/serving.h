// Serving panel: where the work runs and what it costs there: GPU, count, batch, utilization,
// cloud or owned prices, electricity, PUE, grid; presets.
#pragma once

#include "app_state.h"

namespace costlab::gui {

struct ServingPanel {
    static constexpr const char* kTitle = "Serving";
    void draw(AppState& state);
};

} // namespace costlab::gui
