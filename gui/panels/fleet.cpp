// Fleet panel (see fleet.h): edits scenario.fleet; reads report.fleet_text / fleet_image.
#include "panels/fleet.h"

#include "charts.h"
#include "format.h"
#include "theme.h"
#include "widgets.h"

#include <algorithm>
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

// "2.3 s", or why there is no figure (a queue at or above full load grows without bound).
std::string wait_or_unbounded(bool stable, double s) {
    return stable ? fmt::seconds(s) : std::string("unbounded (at or above full load)");
}

// Waiting under load for one workload: the fixed fleet's waits at the peak, the fleet for the
// P99 target beside the throughput-only one, and what a cap per user buys.
void waiting_figures(const char* what, const FleetWorkloadReport& f, const WorkloadReport& w,
                     bool text, const char* per_user_unit) {
    ImGui::SeparatorText(what);
    const std::string why = fmt::untrusted_reason(w, false);
    if (!why.empty()) {
        ui::warning("Not shown: it " + why + ".");
        return;
    }
    const char* latency = text ? "P99 time to first token" : "P99 time to the image";
    if (!f.queue_note.empty()) ui::note("Note: " + f.queue_note + ".");
    ui::value_row("Wait at peak (fixed fleet), P50",
                  wait_or_unbounded(f.wait_stable, f.wait_p50_s));
    ui::value_row("Wait at peak (fixed fleet), P99",
                  wait_or_unbounded(f.wait_stable, f.wait_p99_s));
    ui::value_row(latency, wait_or_unbounded(f.wait_stable, f.unloaded_s + f.wait_p99_s) +
                               " (unloaded " + fmt::seconds(f.unloaded_s) + ")");
    if (f.slo_p99_s > 0) {
        if (!f.slo_met) {
            ui::warning("Target " + fmt::seconds(f.slo_p99_s) + ": " + f.slo_problem + ".");
        } else {
            ui::value_row("GPUs for the target",
                          fmt::count(double(f.gpus_for_slo)) +
                              " (for throughput: " + fmt::count(double(f.gpus_needed)) + ")");
            const std::string why_usd = fmt::untrusted_reason(w, true);
            ui::value_row("The target costs",
                          why_usd.empty() ? fmt::usd(f.extra_usd_per_day_for_slo) + " a day more"
                                          : "no price set");
        }
        if (f.slo_problem.empty()) {
            if (f.cap_unneeded)
                ui::value_row("Fixed fleet within target", "no cap needed");
            else
                ui::value_row("Fixed fleet within target",
                              "a cap of " + fmt::number(f.affordable_cap_per_user_per_day) + " " +
                                  per_user_unit + " per user per day");
        }
    }
    if (f.capped) {
        const double gpus =
            double(f.capped_gpus_for_slo > 0 ? f.capped_gpus_for_slo : f.capped_gpus_needed);
        ui::value_row("With the cap", fmt::count(f.capped_queries_per_day) + " a day, " +
                                          fmt::count(gpus) + " GPUs, " +
                                          fmt::usd(f.capped_usd_per_day) + " a day");
    }
}

// The "melting" curve: P99 and P50 time to first token (or to the image) against the fixed
// fleet's utilization, log y, with one replica's curve for contrast and today's point marked.
void melting_chart(const char* id, const FleetWorkloadReport& f, const WorkloadReport& w, bool text,
                   ImU32 color) {
    if (!fmt::untrusted_reason(w, false).empty() || f.wait_curve.empty()) return;
    const Palette& pal = palette();
    const double base = std::max(f.unloaded_s, 1e-3);
    double y_hi = base * 2;
    for (const auto& p : f.wait_curve)
        y_hi = std::max(y_hi, base + p.wait_p99_s);
    for (const auto& p : f.one_replica_curve)
        y_hi = std::max(y_hi, base + p.wait_p99_s);
    y_hi = std::min(y_hi, base * 1e3); // beyond, the queue has melted: the line leaves the top
    std::vector<glm::dvec2> p99, p50, one;
    for (const auto& p : f.wait_curve) {
        p99.push_back({100 * p.utilization, base + p.wait_p99_s});
        p50.push_back({100 * p.utilization, base + p.wait_p50_s});
    }
    for (const auto& p : f.one_replica_curve)
        one.push_back({100 * p.utilization, base + p.wait_p99_s});
    const float fs = ImGui::GetFontSize();
    ImGui::PushID(id);
    // x in percent so the ticks read "20 %", not "200 m".
    chart::Axes axes(id, {0, base * 0.8}, {100, y_hi * 1.2}, false, true);
    axes.begin(13 * fs, "%", "s", "utilization of the fixed fleet at peak",
               text ? "time to first token" : "time to the image");
    axes.line(one, pal.muted, 1.5f);
    const ImU32 faint = (color & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 120);
    axes.line(p50, faint, 1.5f);
    axes.line(p99, color, 2.5f);
    if (f.slo_p99_s > 0) axes.line({{0, f.slo_p99_s}, {100, f.slo_p99_s}}, pal.warning, 1);
    if (f.wait_stable && std::isfinite(f.utilization) && f.utilization <= 1) {
        const glm::dvec2 now{100 * f.utilization, base + f.wait_p99_s};
        axes.point(now, pal.error, false, 0.45f);
        axes.label(now, "now " + fmt::percent(f.utilization), pal.label);
    }
    std::vector<std::pair<std::string, ImU32>> legend = {
        {"P99, this fleet", color}, {"P50, this fleet", faint}, {"P99, one replica", pal.muted}};
    if (f.slo_p99_s > 0) legend.push_back({"target", pal.warning});
    axes.legend(legend, /*bottom=*/false);
    axes.end();
    ImGui::PopID();
    ui::note("A fleet of " + fmt::count(double(f.fixed_fleet_slots)) +
             " request slots only bends within about 1/sqrt(slots) of full load; one replica (" +
             fmt::count(double(w.batch)) + " slots) bends much earlier.");
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
    ui::note("Demand is the figures per day above; the Business panel's usage per user is that "
             "demand divided by the users unless it states its own.");
    fleet_figures("Chat replies", r.fleet_text, r.text, "replies");
    fleet_figures("Images", r.fleet_image, r.image, "images");
    ui::note("Each workload above is judged as if it had the whole fixed fleet.");
    if (std::isfinite(r.fleet_mix_utilization)) {
        const std::string mix = fmt::percent(r.fleet_mix_utilization) + " of its GPU time";
        if (r.fleet_mix_overloaded)
            ui::value_row_colored("Both on the fixed fleet", mix + ": overloaded",
                                  palette().error_v);
        else
            ui::value_row_colored("Both on the fixed fleet", mix, palette().good_v);
    }

    // ---- waiting under load (additive section: targets, caps, the melting curve)
    ImGui::SeparatorText("Waiting under load");
    bool queue_changed = false;
    queue_changed |= ui::field_input(state, "fleet.text_slo_p99_s");
    queue_changed |= ui::field_input(state, "fleet.image_slo_p99_s");
    queue_changed |= ui::field_input(state, "fleet.text_cap_per_user_per_day");
    queue_changed |= ui::field_input(state, "fleet.image_cap_per_user_per_day");
    ui::SliderOptions share;
    share.min = 0;
    share.max = 1;
    share.format = "%.2f";
    queue_changed |= ui::field_slider(state, "fleet.share_users_at_cap", share);
    ui::SliderOptions cv;
    cv.min = 0;
    cv.max = 3;
    cv.format = "%.2f";
    queue_changed |= ui::field_slider(state, "fleet.text_reply_length_cv", cv);
    if (ImGui::SmallButton("Free users get 3 images a day")) {
        state.scenario.fleet.image_cap_per_user_per_day = 3;
        state.scenario.fleet.share_users_at_cap = 1;
        queue_changed = true;
    }
    if (queue_changed) state.changed();
    ui::note("Queue model: Erlang-C (M/M/c) with Kimura's M/G/c correction for the service-time "
             "variability; a replica of batch B counts as B servers. Image service is fixed "
             "(M/D/c), where the P99 is on the safe side.");
    waiting_figures("Chat replies: waiting", r.fleet_text, r.text, true, "replies");
    melting_chart("melt_text", r.fleet_text, r.text, true, palette().text_series);
    waiting_figures("Images: waiting", r.fleet_image, r.image, false, "images");
    melting_chart("melt_image", r.fleet_image, r.image, false, palette().image_series);
}

} // namespace costlab::gui
