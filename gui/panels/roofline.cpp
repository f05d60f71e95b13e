// Roofline panel (see roofline.h).
#include "panels/roofline.h"

#include "widgets.h"

namespace costlab::gui {

void RooflinePanel::draw(AppState& state) {
    (void)state;
    ui::note("Coming next.");
}

} // namespace costlab::gui
