// Image workload panel (see image_workload.h).
#include "panels/image_workload.h"

#include "widgets.h"

namespace costlab::gui {

void ImageWorkloadPanel::draw(AppState& state) {
    (void)state;
    ui::note("Coming next.");
}

} // namespace costlab::gui
