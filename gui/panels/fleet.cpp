// Fleet panel (see fleet.h): edits scenario.fleet; reads report.fleet_text / fleet_image.
#include "panels/fleet.h"

#include "format.h"
#include "theme.h"
#include "widgets.h"

#include <cmath>

namespace costlab::gui {

namespace {

void fleet_figures(const char* what, const FleetWorkloadReport& f, const WorkloadReport& w,
                   const char* per_user_unit) {
    ImGui::SeparatorText(what);
    const std::string why = fmt::untrusted_reason(w, false);
    if (!why.empty()) {
        ui::warning("Not shown: it " + why + ".");
        return;
    }
    ui::value_row("GPUs for the peak", fmt::count(double(f.gpus_needed)));
    const std::string why_usd = fmt::untrusted_reason(w, true);
    ui::value_row("Cost per day", why_usd.empty() ? fmt::usd(f.usd_per_day) : "no price set");
    ui::value_row("Power at peak", fmt::si(f.facility_mw * 1e6, "W"));
    ui::value_row("Energy per day", fmt::energy(f.energy_mwh_per_day * 1e6));
    ui::value_row("CO2 per day", fmt::mass(f.co2_t_per_day * 1e6));
    ui::value_row("A fixed fleet serves", fmt::number(f.queries_per_user_per_day) + " " +
                                              per_user_unit + " per user per day");
    if (!std::isfinite(f.utilization))
        ui::warning("The fixed fleet is too small to hold even one replica: it serves nothing.");
    else if (f.overloaded)
        ui::warning("Overloaded: demand at peak is " + fmt::percent(f.utilization) +
                    " of what the fixed fleet can serve, so " + fmt::percent(f.refused_fraction) +
                    " of peak requests wait in queues or are refused. The GPUs are melting.");
    else
        ui::value_row_colored("Fixed fleet load at peak", fmt::percent(f.utilization),
                              palette().good_v);
}

} // namespace

void FleetPanel::draw(AppState& state) {
    bool changed = false;
    ui::SliderOptions demand;
    demand.logarithmic = true;
    demand.min = 1e3;
    demand.max = 1e12;
    demand.describe = [](double v) { return fmt::count(v) + " a day"; };
    changed |= ui::field_slider(state, "fleet.text_queries_per_day", demand);
    changed |= ui::field_slider(state, "fleet.images_per_day", demand);
    ui::SliderOptions peak;
    peak.min = 1;
    peak.max = 10;
    peak.format = "%.1fx";
    changed |= ui::field_slider(state, "fleet.peak_to_average", peak);
    ui::SliderOptions gpus;
    gpus.logarithmic = true;
    gpus.describe = [](double v) { return fmt::count(v) + " GPUs"; };
    changed |= ui::field_slider(state, "fleet.fixed_fleet_gpus", gpus);
    ui::SliderOptions users;
    users.logarithmic = true;
    users.min = 1e3;
    users.max = 1e10;
    users.describe = [](double v) { return fmt::count(v) + " users"; };
    changed |= ui::field_slider(state, "fleet.users", users);
    if (changed) state.changed();

    const Report& r = state.report;
    if (!r.ok()) return;
    if (const Accelerator* a = state.catalog.accelerator(state.last_good.serving.accelerator);
        a && a->measured) {
        // A fleet of one visitor's device, against a billion queries a day, means nothing.
        ui::note("The comparison runs on a measured device, one query at a time: fleet "
                 "figures are for data-centre accelerators. Pick one under Serving to size a "
                 "fleet.");
        return;
    }
    fleet_figures("Chat replies", r.fleet_text, r.text, "replies");
    fleet_figures("Images", r.fleet_image, r.image, "images");
}

} // namespace costlab::gui
