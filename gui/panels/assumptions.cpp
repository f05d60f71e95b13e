// Assumptions and sources panel (see assumptions.h).
#include "panels/assumptions.h"

#include "widgets.h"

namespace costlab::gui {

void AssumptionsPanel::draw(AppState& state) {
    (void)state;
    ui::note("Coming next.");
}

} // namespace costlab::gui
