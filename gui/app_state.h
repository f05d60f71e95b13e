// AppState: everything the GUI knows, in one place (no globals elsewhere). Panels read
// `report` and edit `scenario`; when a widget returns true the panel calls
// AppState::changed(), which validates, recomputes the report once per frame, and updates the
// share link. An invalid edit keeps the last good scenario and report and shows the message.
#pragma once

#include "costlab/catalog.h"
#include "costlab/model.h"
#include "costlab/scenario.h"
#include "platform.h"

#include <string>
#include <vector>

namespace costlab::gui {

enum class Theme { light, dark };

struct AppState {
    Catalog catalog = Catalog::builtin();
    Scenario scenario;           // what the panels edit
    Scenario last_good;          // what `report` was computed from
    Report report;
    std::vector<FieldError> errors; // why the current edit was not applied (shown in words)
    std::string notice;          // one-line messages ("Link copied", "broken link: ...")
    bool dirty = true;           // recompute at the end of this frame
    Theme theme = Theme::light;
    HardwareStatus hardware;     // last status polled from the platform

    // Marks the scenario edited; the report is recomputed once at the end of the frame.
    void changed() { dirty = true; }
};

} // namespace costlab::gui
