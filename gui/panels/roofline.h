// Roofline panel: log-log chart of the accelerator's compute and memory ceilings with each phase
// of both workloads as a point, and the measured device's own ceilings.
#pragma once

#include "app_state.h"

namespace costlab::gui {

struct RooflinePanel {
    static constexpr const char* kTitle = "Roofline";
    void draw(AppState& state);
};

} // namespace costlab::gui
