// Sweeps panel (see sweeps.h). Each sample is one evaluate_text / evaluate_image of the last
// valid scenario with one input changed; samples the model cannot stand behind (does not fit,
// no price) break the line and are listed in words.
#include "panels/sweeps.h"

#include "charts.h"
#include "format.h"
#include "results.h"
#include "theme.h"
#include "widgets.h"

#include <algorithm>
#include <cmath>

namespace costlab::gui {

namespace {

constexpr int kSamples = 48;

struct Variable {
    const char* name;
    Workload workload;
    double lo, hi;
    bool log_x;
    const char* unit; // for tick labels
    void (*set)(Scenario&, double);
    double (*get)(const Scenario&, const Catalog&);
};

const Variable kVariables[] = {
    {"Chat batch size (replies in flight)", Workload::text, 1, 1024, true, "",
     [](Scenario& s, double v) { s.text.batch = int(std::lround(v)); },
     [](const Scenario& s, const Catalog&) { return double(s.text.batch); }},
    {"Output tokens per reply", Workload::text, 16, 32768, true, "",
     [](Scenario& s, double v) { s.text.output_tokens = std::llround(v); },
     [](const Scenario& s, const Catalog&) { return double(s.text.output_tokens); }},
    {"Reasoning tokens per reply", Workload::text, 1, 32768, true, "",
     [](Scenario& s, double v) { s.text.reasoning_tokens = std::llround(v); },
     [](const Scenario& s, const Catalog&) { return double(s.text.reasoning_tokens); }},
    {"Denoising steps", Workload::image, 1, 100, false, "",
     [](Scenario& s, double v) { s.image.steps = int(std::lround(v)); },
     [](const Scenario& s, const Catalog& c) {
         const ImageModel* m = c.image_model(s.image.model);
         return double(s.image.steps > 0 ? s.image.steps : m ? m->default_steps : 0);
     }},
    {"Image side (square), px", Workload::image, 256, 4096, true, "",
     [](Scenario& s, double v) {
         s.image.width_px = s.image.height_px = int(std::lround(v / 8) * 8);
     },
     [](const Scenario& s, const Catalog&) {
         return std::sqrt(double(s.image.width_px) * s.image.height_px);
     }},
    {"Image batch size", Workload::image, 1, 64, true, "",
     [](Scenario& s, double v) { s.image.batch = int(std::lround(v)); },
     [](const Scenario& s, const Catalog&) { return double(s.image.batch); }},
};
constexpr int kVariableCount = int(sizeof kVariables / sizeof kVariables[0]);

struct Metric {
    const char* name;
    const char* unit;
    bool dollars;
    double (*get)(const WorkloadReport&);
    std::string (*format)(double);
};

const Metric kMetrics[] = {
    {"Dollars per query", "$", true, [](const WorkloadReport& w) { return w.usd_per_query; },
     fmt::usd},
    {"Energy per query (facility)", "Wh", false,
     [](const WorkloadReport& w) { return w.facility_energy_wh; }, fmt::energy},
    {"GPU-seconds per query", "s", false,
     [](const WorkloadReport& w) { return w.gpu_seconds_per_query; }, fmt::seconds},
    {"Latency (seconds per query)", "s", false,
     [](const WorkloadReport& w) { return w.seconds_per_query; }, fmt::seconds},
};
constexpr int kMetricCount = int(sizeof kMetrics / sizeof kMetrics[0]);

} // namespace

void SweepsPanel::compute(AppState& state) {
    const Variable& v = kVariables[variable];
    const Metric& m = kMetrics[metric];
    samples_.clear();
    for (int i = 0; i < kSamples; ++i) {
        const double t = double(i) / (kSamples - 1);
        double x = v.log_x ? v.lo * std::pow(v.hi / v.lo, t) : v.lo + (v.hi - v.lo) * t;
        Scenario s = state.last_good;
        v.set(s, x);
        x = v.get(s, state.catalog); // the value actually used after rounding
        if (!samples_.empty() && samples_.back().x == x) continue;
        // Inputs stay inside their ranges by construction, but a catalog entry can still make
        // a point invalid (e.g. steps on an autoregressive model): skip what does not validate.
        if (!validate(s, state.catalog).empty()) continue;
        const WorkloadReport w = v.workload == Workload::text ? evaluate_text(s, state.catalog)
                                                              : evaluate_image(s, state.catalog);
        ++state.chart_evaluations;
        Sample sample;
        sample.x = x;
        sample.y = m.get(w);
        sample.trusted = fmt::untrusted_reason(w, m.dollars).empty() && std::isfinite(sample.y) &&
                         sample.y > 0;
        samples_.push_back(sample);
    }
    const WorkloadReport& other =
        v.workload == Workload::text ? state.report.image : state.report.text;
    other_ = m.get(other);
    other_trusted_ = fmt::untrusted_reason(other, m.dollars).empty() && std::isfinite(other_) &&
                     other_ > 0;
}

void SweepsPanel::draw(AppState& state) {
    if (!state.report.ok()) return;
    ui::row_label("Vary");
    variable = std::clamp(variable, 0, kVariableCount - 1);
    if (ImGui::BeginCombo("##sweep.variable", kVariables[variable].name)) {
        for (int i = 0; i < kVariableCount; ++i)
            if (ImGui::Selectable(kVariables[i].name, i == variable)) variable = i;
        ImGui::EndCombo();
    }
    ui::row_label("Show");
    metric = std::clamp(metric, 0, kMetricCount - 1);
    if (ImGui::BeginCombo("##sweep.metric", kMetrics[metric].name)) {
        for (int i = 0; i < kMetricCount; ++i)
            if (ImGui::Selectable(kMetrics[i].name, i == metric)) metric = i;
        ImGui::EndCombo();
    }
    const Variable& v = kVariables[variable];
    const Metric& m = kMetrics[metric];
    const ImageModel* im = state.catalog.image_model(state.last_good.image.model);
    if (v.workload == Workload::image && std::string(v.name) == "Denoising steps" && im &&
        im->family == ImageFamily::autoregressive) {
        ui::note("This image model is autoregressive: it has no denoising steps.");
        return;
    }
    if (cached_generation_ != state.report_generation || cached_variable_ != variable ||
        cached_metric_ != metric) {
        compute(state);
        cached_generation_ = state.report_generation;
        cached_variable_ = variable;
        cached_metric_ = metric;
    }

    const Palette& pal = palette();
    const float fs = ImGui::GetFontSize();
    double y_lo = HUGE_VAL, y_hi = 0;
    int untrusted = 0;
    for (const Sample& s : samples_) {
        if (!s.trusted) {
            ++untrusted;
            continue;
        }
        y_lo = std::min(y_lo, s.y);
        y_hi = std::max(y_hi, s.y);
    }
    if (other_trusted_) {
        y_lo = std::min(y_lo, other_);
        y_hi = std::max(y_hi, other_);
    }
    if (!(y_hi > 0) || !std::isfinite(y_lo)) {
        ui::warning("No point of this sweep can be shown: " +
                    std::string(m.dollars ? "no price is set, or " : "") +
                    "the workload does not fit in memory anywhere in the range.");
        return;
    }
    y_lo = std::pow(10.0, std::floor(std::log10(y_lo)));
    y_hi = std::pow(10.0, std::ceil(std::log10(y_hi) + 1e-9));
    if (y_hi <= y_lo) y_hi = y_lo * 10;

    const bool text = v.workload == Workload::text;
    const ImU32 color = text ? pal.text_series : pal.image_series;
    chart::Axes axes("sweep", {v.lo, y_lo}, {v.hi, y_hi}, v.log_x, true);
    const float height = std::clamp(ImGui::GetContentRegionAvail().x * 0.55f, 12 * fs, 22 * fs);
    axes.begin(height, v.unit, m.unit, v.name, m.name);
    std::vector<glm::dvec2> line;
    for (const Sample& s : samples_)
        line.push_back(s.trusted ? glm::dvec2(s.x, s.y) : glm::dvec2(s.x, NAN));
    axes.line(line, color, 2);
    if (other_trusted_)
        axes.line({{v.lo, other_}, {v.hi, other_}}, text ? pal.image_series : pal.text_series, 1);
    // The current input.
    const double now = v.get(state.last_good, state.catalog);
    if (now >= v.lo && now <= v.hi) {
        const ImVec2 top = axes.map({now, y_hi}), bottom = axes.map({now, y_lo});
        axes.draw_list()->AddLine(top, bottom, pal.axis, 1);
    }
    axes.legend({{text ? "chat reply" : "image", color},
                 {text ? "image (as now)" : "chat reply (as now)",
                  text ? pal.image_series : pal.text_series}});
    axes.end();

    // The ends of the curve in words.
    const Sample* first = nullptr;
    const Sample* last = nullptr;
    for (const Sample& s : samples_)
        if (s.trusted) {
            if (!first) first = &s;
            last = &s;
        }
    if (first && last && first != last)
        ui::note("From " + m.format(first->y) + " at " + fmt::number(first->x) + " to " +
                 m.format(last->y) + " at " + fmt::number(last->x) + ".");
    if (untrusted > 0)
        ui::warning(fmt::count(untrusted) + " of " + fmt::count(double(samples_.size())) +
                    " points are not shown: " +
                    (m.dollars ? "no price is set, or " : "") +
                    "the workload does not fit in memory there.");
}

} // namespace costlab::gui
