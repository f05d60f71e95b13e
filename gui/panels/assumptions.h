// Assumptions and sources panel: every scenario field with its unit, range and source, editable;
// catalog entries with their citations; a user catalog JSON pasted in and merged.
#pragma once

#include "app_state.h"

namespace costlab::gui {

struct AssumptionsPanel {
    static constexpr const char* kTitle = "Assumptions and sources";
    void draw(AppState& state);
};

} // namespace costlab::gui
