// Business panel: price per query or per subscription -> margin and break-even price.
#pragma once

#include "app_state.h"

namespace costlab::gui {

struct BusinessPanel {
    static constexpr const char* kTitle = "Business";
    void draw(AppState& state);
};

} // namespace costlab::gui
