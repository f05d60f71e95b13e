// Sweeps panel: a per-query figure against batch size, steps, output tokens or resolution,
// evaluating the model over a range of one input.
#pragma once

#include "app_state.h"

namespace costlab::gui {

struct SweepsPanel {
    static constexpr const char* kTitle = "Sweeps";
    void draw(AppState& state);
};

} // namespace costlab::gui
