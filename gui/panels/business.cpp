// Business panel (see business.h).
#include "panels/business.h"

#include "widgets.h"

namespace costlab::gui {

void BusinessPanel::draw(AppState& state) {
    (void)state;
    ui::note("Coming next.");
}

} // namespace costlab::gui
