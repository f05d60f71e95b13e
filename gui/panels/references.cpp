// References panel (see references.h): reads report.references; edits nothing.
#include "panels/references.h"

#include "format.h"
#include "theme.h"
#include "widgets.h"

#include <cmath>

namespace costlab::gui {

namespace {

// A figure in the reference's own unit: "$0.042", "0.24 Wh", "1.1 gCO2e".
std::string in_unit(double v, const std::string& unit) {
    if (unit == "USD") return fmt::usd(v);
    if (unit.rfind("USD per", 0) == 0) return fmt::usd(v) + unit.substr(3);
    return fmt::number(v) + " " + unit;
}

} // namespace

void ReferencesPanel::draw(AppState& state) {
    const Report& r = state.report;
    if (!r.ok()) return;
    ui::note("Each figure is set beside costlab's estimate for the current inputs (or the matching "
             "model); the ratio is costlab / published. The boundaries differ: read them before "
             "the ratio.");
    for (const ReferenceComparison& c : r.references) {
        ImGui::PushID(c.id.c_str());
        ImGui::SeparatorText((c.provider + ": " + c.label).c_str());
        ui::value_row("Published", in_unit(c.value, c.unit) + " (" + c.date + ")");
        if (!c.has_estimate) {
            ui::value_row_colored("costlab", c.costlab_scenario, palette().muted_v);
        } else if (!c.trusted) {
            ui::value_row_colored("costlab",
                                  "not shown: the matching deployment does not fit (" +
                                      c.costlab_scenario + ")",
                                  palette().muted_v);
        } else {
            ui::value_row("costlab", in_unit(c.costlab_value, c.unit) + ", " + fmt::ratio(c.ratio) +
                                         " the published figure");
            if (c.is_price) {
                const bool loss = c.implied_gross_margin < 0;
                ui::value_row_colored("Implied gross margin",
                                      fmt::percent(c.implied_gross_margin) +
                                          (loss ? " (a loss at this price)" : ""),
                                      loss ? palette().error_v : palette().good_v);
                ui::value_row("Break-even price", in_unit(c.break_even_price, c.unit));
            }
        }
        if (ImGui::TreeNode("Boundary and source")) {
            if (c.has_estimate) ui::note("costlab: " + c.costlab_scenario + ".");
            ui::text("Their boundary: " + c.boundary + ".");
            ui::text("The difference: " + c.boundary_note);
            ui::note(c.source + " " + c.url);
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
}

} // namespace costlab::gui
