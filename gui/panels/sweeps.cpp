// Sweeps panel (see sweeps.h).
#include "panels/sweeps.h"

#include "widgets.h"

namespace costlab::gui {

void SweepsPanel::draw(AppState& state) {
    (void)state;
    ui::note("Coming next.");
}

} // namespace costlab::gui
