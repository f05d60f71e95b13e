// Image workload panel: the image model (diffusion or autoregressive), resolution, steps, guidance, precision.
#pragma once

#include "app_state.h"

namespace costlab::gui {

struct ImageWorkloadPanel {
    static constexpr const char* kTitle = "Image workload";
    void draw(AppState& state);
};

} // namespace costlab::gui
