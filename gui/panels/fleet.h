// Fleet panel ("the GPUs are melting"): demand -> GPUs, $/day, MW; a fixed fleet -> images per
// user per day, and what overload means.
#pragma once

#include "app_state.h"

namespace costlab::gui {

struct FleetPanel {
    static constexpr const char* kTitle = "Fleet";
    void draw(AppState& state);
};

} // namespace costlab::gui
