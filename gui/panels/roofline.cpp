// Roofline panel (see roofline.h). Per GPU: a phase at intensity I (FLOP/byte) can reach at most
// min(peak, bandwidth x I); the phase's point is the FLOP/s it achieves in the model. The chart
// is log-log (charts.h, glm transform); ceilings are drawn for both workloads' precisions.
#include "panels/roofline.h"

#include "charts.h"
#include "format.h"
#include "theme.h"
#include "widgets.h"

#include <algorithm>
#include <cmath>

namespace costlab::gui {

namespace {

struct Ceiling {
    std::string name;
    double peak = 0, bandwidth = 0;
    ImU32 color = 0;
};

struct Point {
    std::string name;
    double intensity = 0, flops_per_s = 0;
    ImU32 color = 0;
    bool square = false;
    Bound bound = Bound::compute;
};

// GPUs one replica's phases are split over (diffusion: one GPU per image).
int gpus_per_replica(const WorkloadReport& w, const Catalog& c, const Scenario& s) {
    if (w.workload == Workload::text) return std::max(w.gpus, 1);
    const ImageModel* m = c.image_model(s.image.model);
    return m && m->family == ImageFamily::autoregressive ? std::max(w.gpus, 1) : 1;
}

void add_points(std::vector<Point>& out, const WorkloadReport& w, int gpus, ImU32 color,
                bool square, const char* prefix) {
    if (!fmt::untrusted_reason(w, false).empty()) return;
    for (const PhaseReport& p : w.phases) {
        if (!(p.seconds > 0) || !(p.flops > 0) || !(p.flops_per_byte > 0)) continue;
        const double achieved = p.flops / p.seconds / gpus;
        if (!std::isfinite(achieved) || !std::isfinite(p.flops_per_byte)) continue;
        out.push_back({std::string(prefix) + p.name, p.flops_per_byte, achieved, color, square,
                       p.bound});
    }
}

} // namespace

void RooflinePanel::draw(AppState& state) {
    const Report& r = state.report;
    const Scenario& s = state.last_good;
    if (!r.ok()) return;
    const Accelerator* acc = state.catalog.accelerator(s.serving.accelerator);
    if (!acc) return;
    const Palette& pal = palette();
    const float fs = ImGui::GetFontSize();

    std::vector<Ceiling> ceilings;
    const double text_peak = acc->effective_peak_flops_per_s(s.text.precision);
    const double image_peak = acc->effective_peak_flops_per_s(s.image.precision);
    ceilings.push_back({acc->name + ", " + to_string(s.text.precision), text_peak,
                        acc->memory_bytes_per_s, pal.text_series});
    if (image_peak != text_peak)
        ceilings.push_back({acc->name + ", " + to_string(s.image.precision), image_peak,
                            acc->memory_bytes_per_s, pal.image_series});
    const Accelerator* device = state.catalog.accelerator("your-device");
    if (device && device != acc)
        ceilings.push_back({"your device (measured)",
                            device->effective_peak_flops_per_s(Precision::fp32),
                            device->memory_bytes_per_s, pal.measured});

    std::vector<Point> points;
    add_points(points, r.text, gpus_per_replica(r.text, state.catalog, s), pal.text_series, false,
               "reply: ");
    add_points(points, r.image, gpus_per_replica(r.image, state.catalog, s), pal.image_series,
               true, "image: ");

    // Ranges that hold every ceiling and point, in whole decades.
    double x_lo = 0.1, x_hi = 1e4, y_hi = 0, y_lo = HUGE_VAL;
    for (const Ceiling& c : ceilings) {
        if (c.peak > 0) y_hi = std::max(y_hi, c.peak);
        if (c.peak > 0) y_lo = std::min(y_lo, c.peak);
        if (c.bandwidth > 0) y_lo = std::min(y_lo, c.bandwidth * x_lo);
    }
    for (const Point& p : points) {
        x_lo = std::min(x_lo, p.intensity);
        x_hi = std::max(x_hi, p.intensity);
        y_lo = std::min(y_lo, p.flops_per_s);
        y_hi = std::max(y_hi, p.flops_per_s);
    }
    if (!(y_hi > 0) || !std::isfinite(y_lo) || !(y_lo > 0)) {
        ui::note("Nothing to draw: this accelerator has no usable compute mode.");
        return;
    }
    auto decade_down = [](double v) { return std::pow(10.0, std::floor(std::log10(v))); };
    auto decade_up = [](double v) { return std::pow(10.0, std::ceil(std::log10(v) + 1e-9)); };
    x_lo = std::max(decade_down(x_lo), 1e-3);
    x_hi = std::min(decade_up(x_hi * 2), 1e9); // room for the label right of the point
    y_hi = decade_up(y_hi * 1.5);
    y_lo = std::max(decade_down(y_lo), y_hi * 1e-8);

    chart::Axes axes("roofline", {x_lo, y_lo}, {x_hi, y_hi}, true, true);
    const float height = std::clamp(ImGui::GetContentRegionAvail().x * 0.65f, 14 * fs, 26 * fs);
    axes.begin(height, "", "FLOP/s", "FLOP per byte moved",
               "achieved FLOP/s per GPU");
    std::vector<std::pair<std::string, ImU32>> legend;
    for (const Ceiling& c : ceilings) {
        if (!(c.peak > 0) || !(c.bandwidth > 0)) continue;
        const double ridge = c.peak / c.bandwidth;
        std::vector<glm::dvec2> roof = {{x_lo, c.bandwidth * x_lo}};
        if (ridge > x_lo && ridge < x_hi) roof.push_back({ridge, c.peak});
        roof.push_back({x_hi, std::min(c.peak, c.bandwidth * x_hi)});
        axes.line(roof, c.color, 2);
        legend.push_back({c.name, c.color});
    }
    // Points carry numbers; the list under the chart names them (names overlap on the chart).
    for (size_t i = 0; i < points.size(); ++i) {
        const Point& p = points[i];
        axes.point({p.intensity, p.flops_per_s}, p.color, p.square);
        axes.label({p.intensity, p.flops_per_s}, std::to_string(i + 1), pal.label,
                   ImVec2(0.45f, -1.1f + 0.0f * float(i)));
    }
    axes.legend(legend, /*bottom=*/true);
    axes.end();

    // The same in words: what limits each phase and how far it is from the roof.
    for (size_t i = 0; i < points.size(); ++i) {
        const Point& p = points[i];
        const double roof = std::min(p.square ? image_peak : text_peak,
                                     acc->memory_bytes_per_s * p.intensity);
        std::string line = std::to_string(i + 1) + ". " + p.name + ": " +
                           fmt::number(p.intensity) + " FLOP/byte, " +
                           to_string(p.bound) + "-bound";
        if (roof > 0) line += ", " + fmt::percent(p.flops_per_s / roof) + " of its roof";
        ui::note(line);
    }
    if (text_peak > 0 && acc->memory_bytes_per_s > 0)
        ui::note("Ridge point (" + std::string(to_string(s.text.precision)) +
                 "): " + fmt::number(text_peak / acc->memory_bytes_per_s) +
                 " FLOP/byte. Left of it a phase waits on memory; right of it, on arithmetic.");
}

} // namespace costlab::gui
