// Your hardware panel: time this device (through the platform), show the result in words and
// numbers, and put it in the catalog as the accelerator "your-device".
#pragma once

#include "app_state.h"

namespace costlab::gui {

struct HardwarePanel {
    static constexpr const char* kTitle = "Your hardware";
    void draw(AppState& state);
};

} // namespace costlab::gui
