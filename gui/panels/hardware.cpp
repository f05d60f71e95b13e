// Your hardware panel (see hardware.h).
#include "panels/hardware.h"

#include "widgets.h"

namespace costlab::gui {

void HardwarePanel::draw(AppState& state) {
    (void)state;
    ui::note("Coming next.");
}

} // namespace costlab::gui
