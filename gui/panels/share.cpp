// Share panel (see share.h).
#include "panels/share.h"

#include "widgets.h"

namespace costlab::gui {

void SharePanel::draw(AppState& state) {
    (void)state;
    ui::note("Coming next.");
}

} // namespace costlab::gui
