// Fleet panel (see fleet.h).
#include "panels/fleet.h"

#include "widgets.h"

namespace costlab::gui {

void FleetPanel::draw(AppState& state) {
    (void)state;
    ui::note("Coming next.");
}

} // namespace costlab::gui
