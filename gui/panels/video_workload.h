// Video workload panel: the text-to-video model, clip format (size, frames, fps), steps,
// guidance, precision and the sequence-parallel group; whether Compare shows the video.
#pragma once

#include "app_state.h"

namespace costlab::gui {

struct VideoWorkloadPanel {
    static constexpr const char* kTitle = "Video workload";
    void draw(AppState& state);
};

} // namespace costlab::gui
