// Serving panel (see serving.h).
#include "panels/serving.h"

#include "widgets.h"

namespace costlab::gui {

void ServingPanel::draw(AppState& state) {
    (void)state;
    ui::note("Coming next.");
}

} // namespace costlab::gui
