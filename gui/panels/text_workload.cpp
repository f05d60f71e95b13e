// Text workload panel (see text_workload.h).
#include "panels/text_workload.h"

#include "widgets.h"

namespace costlab::gui {

void TextWorkloadPanel::draw(AppState& state) {
    (void)state;
    ui::note("Coming next.");
}

} // namespace costlab::gui
