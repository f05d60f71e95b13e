// Compare panel: the headline. One chat reply next to one image: dollars, watt-hours, grams of
// CO2 and GPU-seconds per query, "one image = N replies", and a bar pair per metric.
#pragma once

#include "app_state.h"

namespace costlab::gui {

struct ComparePanel {
    static constexpr const char* kTitle = "Compare";
    void draw(AppState& state);
};

} // namespace costlab::gui
