// Draw-list charts (see charts.h). The transform is built once per chart as a glm::dmat3:
// translate(plot corner) * scale(pixels per unit, y flipped) * translate(-range start).
#include "charts.h"

#include "format.h"
#include "theme.h"

#include <algorithm>
#include <cmath>

namespace costlab::gui::chart {

namespace {

bool finite(glm::dvec2 p) {
    return std::isfinite(p.x) && std::isfinite(p.y);
}

// Diagonal stripes in a rectangle: "not a number we can show".
void hatch(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 color, float step) {
    dl->PushClipRect(a, b, true);
    for (float x = a.x - (b.y - a.y); x < b.x; x += step)
        dl->AddLine(ImVec2(x, b.y), ImVec2(x + (b.y - a.y), a.y), color, 1);
    dl->PopClipRect();
    dl->AddRect(a, b, color);
}

} // namespace

void bar_pair(const char* title, const Bar& a, const Bar& b) {
    const float fs = ImGui::GetFontSize();
    const Palette& pal = palette();
    ImGui::TextUnformatted(title);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float width = std::max(ImGui::GetContentRegionAvail().x, 4 * fs);
    const float bar_h = 1.1f * fs, gap = 0.3f * fs;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    // Names and values sit inside/after the bars; the longest bar gets 60% of the width so the
    // label after it still fits on a phone.
    const float name_w = std::min(6.5f * fs, 0.3f * width);
    const float track = std::max(width - name_w - 0.2f * fs, 2 * fs);
    double vmax = 0;
    for (const Bar* bar : {&a, &b})
        if (bar->trusted && std::isfinite(bar->value)) vmax = std::max(vmax, bar->value);
    int row = 0;
    for (const Bar* bar : {&a, &b}) {
        const float y = origin.y + row * (bar_h + gap);
        ++row;
        dl->AddText(ImVec2(origin.x, y + 0.05f * fs), pal.label, bar->name);
        const ImVec2 start(origin.x + name_w, y);
        if (!bar->trusted || !std::isfinite(bar->value) || bar->value < 0) {
            const ImVec2 end(start.x + std::min(2.5f * fs, track), y + bar_h);
            hatch(dl, start, end, pal.muted, 0.5f * fs);
            ImGui::PushClipRect(ImVec2(end.x, y), ImVec2(origin.x + width, y + bar_h), true);
            dl->AddText(ImVec2(end.x + 0.3f * fs, y + 0.05f * fs), pal.muted, bar->label.c_str());
            ImGui::PopClipRect();
            continue;
        }
        const float text_w = ImGui::CalcTextSize(bar->label.c_str()).x + 0.6f * fs;
        const float full = std::max(track - text_w, 0.25f * track);
        const float len = vmax > 0 ? float(bar->value / vmax) * full : 0;
        const ImVec2 end(start.x + std::max(len, 0.15f * fs), y + bar_h);
        dl->AddRectFilled(start, end, bar->color, 0.2f * fs);
        dl->AddText(ImVec2(end.x + 0.3f * fs, y + 0.05f * fs), pal.label, bar->label.c_str());
    }
    ImGui::Dummy(ImVec2(width, 2 * bar_h + gap));
}

// ------------------------------------------------------------------------------------ axes

Axes::Axes(const char* id, glm::dvec2 lo, glm::dvec2 hi, bool log_x, bool log_y)
    : id_(id), lo_(lo), hi_(hi), log_x_(log_x), log_y_(log_y) {}

glm::dvec2 Axes::to_unit(glm::dvec2 d) const {
    return glm::dvec2(log_x_ ? std::log10(d.x) : d.x, log_y_ ? std::log10(d.y) : d.y);
}

ImVec2 Axes::map(glm::dvec2 data) const {
    const glm::dvec3 s = to_screen_ * glm::dvec3(to_unit(data), 1.0);
    return ImVec2(float(s.x), float(s.y));
}

bool Axes::visible(glm::dvec2 data) const {
    if (!finite(data) || (log_x_ && data.x <= 0) || (log_y_ && data.y <= 0)) return false;
    const ImVec2 p = map(data);
    return p.x >= p0_.x - 1 && p.x <= p1_.x + 1 && p.y >= p0_.y - 1 && p.y <= p1_.y + 1;
}

void Axes::begin(float height, const char* x_unit, const char* y_unit, const char* x_title,
                 const char* y_title) {
    const float fs = ImGui::GetFontSize();
    const Palette& pal = palette();
    const float width = std::max(ImGui::GetContentRegionAvail().x, 8 * fs);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    dl_ = ImGui::GetWindowDrawList();
    // Room for tick labels: y labels on the left, x labels and the x title below.
    const float left = 6.8f * fs, bottom = 2.6f * fs, top = 1.4f * fs, right = 0.8f * fs;
    p0_ = ImVec2(origin.x + left, origin.y + top);
    p1_ = ImVec2(origin.x + width - right, origin.y + height - bottom);
    if (p1_.x < p0_.x + fs) p1_.x = p0_.x + fs;
    if (p1_.y < p0_.y + fs) p1_.y = p0_.y + fs;

    const glm::dvec2 ulo = to_unit(lo_), uhi = to_unit(hi_);
    const glm::dvec2 span(std::max(uhi.x - ulo.x, 1e-12), std::max(uhi.y - ulo.y, 1e-12));
    // Column-major: columns are (scale x, 0, 0), (0, -scale y, 0), (translation, 1).
    const double sx = (p1_.x - p0_.x) / span.x, sy = (p1_.y - p0_.y) / span.y;
    to_screen_ = glm::dmat3(glm::dvec3(sx, 0, 0), glm::dvec3(0, -sy, 0),
                            glm::dvec3(p0_.x - sx * ulo.x, p1_.y + sy * ulo.y, 1));

    dl_->AddText(ImVec2(origin.x, origin.y), pal.label, y_title);
    dl_->AddRect(p0_, p1_, pal.axis);
    // Ticks: decades on log axes, 1-2-5 steps on linear ones; thinned to what fits.
    auto ticks_for = [&](double ulo_, double uhi_, bool log, int max_n) {
        std::vector<double> t;
        if (log) {
            int first = int(std::ceil(ulo_ - 1e-9)), last = int(std::floor(uhi_ + 1e-9));
            int stride = std::max(1, (last - first + 1 + max_n - 1) / std::max(max_n, 1));
            for (int k = first; k <= last; k += stride)
                t.push_back(std::pow(10.0, k));
        } else {
            t = linear_ticks(ulo_, uhi_, max_n);
        }
        return t;
    };
    const int max_x = std::max(2, int((p1_.x - p0_.x) / (5.5f * fs)));
    const int max_y = std::max(2, int((p1_.y - p0_.y) / (1.8f * fs)));
    for (double t : ticks_for(ulo.x, uhi.x, log_x_, max_x)) {
        const ImVec2 p = map(glm::dvec2(t, log_y_ ? lo_.y : lo_.y));
        if (p.x < p0_.x - 0.5f || p.x > p1_.x + 0.5f) continue;
        dl_->AddLine(ImVec2(p.x, p0_.y), ImVec2(p.x, p1_.y), pal.grid);
        const std::string s = fmt::si(t, x_unit);
        const float w = ImGui::CalcTextSize(s.c_str()).x;
        dl_->AddText(ImVec2(std::min(p.x - w / 2, p1_.x - w), p1_.y + 0.2f * fs), pal.label,
                     s.c_str());
    }
    for (double t : ticks_for(ulo.y, uhi.y, log_y_, max_y)) {
        const ImVec2 p = map(glm::dvec2(log_x_ ? lo_.x : lo_.x, t));
        if (p.y < p0_.y - 0.5f || p.y > p1_.y + 0.5f) continue;
        dl_->AddLine(ImVec2(p0_.x, p.y), ImVec2(p1_.x, p.y), pal.grid);
        const std::string s = fmt::si(t, y_unit);
        const float w = ImGui::CalcTextSize(s.c_str()).x;
        dl_->AddText(ImVec2(p0_.x - w - 0.3f * fs, p.y - 0.5f * fs), pal.label, s.c_str());
    }
    const float xt_w = ImGui::CalcTextSize(x_title).x;
    dl_->PushClipRect(ImVec2(origin.x, p1_.y), ImVec2(origin.x + width, origin.y + height), true);
    dl_->AddText(ImVec2(std::max(origin.x, p1_.x - xt_w), p1_.y + 1.3f * fs), pal.label, x_title);
    dl_->PopClipRect();
    dl_->PushClipRect(p0_, p1_, true);
    ImGui::Dummy(ImVec2(width, height));
}

void Axes::end() {
    dl_->PopClipRect();
}

void Axes::line(const std::vector<glm::dvec2>& pts, ImU32 color, float thickness) const {
    std::vector<ImVec2> run;
    auto flush = [&] {
        if (run.size() >= 2)
            dl_->AddPolyline(run.data(), int(run.size()), color, ImDrawFlags_None,
                             thickness * ImGui::GetFontSize() / 13.0f);
        run.clear();
    };
    for (const glm::dvec2& p : pts) {
        if (!finite(p) || (log_x_ && p.x <= 0) || (log_y_ && p.y <= 0)) {
            flush();
            continue;
        }
        ImVec2 s = map(p);
        // Keep far-off points from overflowing float math in the rasterizer.
        s.x = std::clamp(s.x, p0_.x - 1e4f, p1_.x + 1e4f);
        s.y = std::clamp(s.y, p0_.y - 1e4f, p1_.y + 1e4f);
        run.push_back(s);
    }
    flush();
}

void Axes::point(glm::dvec2 p, ImU32 color, bool square, float radius_fs) const {
    if (!visible(p)) return;
    const float r = radius_fs * ImGui::GetFontSize();
    const ImVec2 s = map(p);
    if (square)
        dl_->AddRectFilled(ImVec2(s.x - r, s.y - r), ImVec2(s.x + r, s.y + r), color);
    else
        dl_->AddCircleFilled(s, r, color);
}

void Axes::label(glm::dvec2 p, const std::string& text, ImU32 color, ImVec2 offset_fs) const {
    if (!visible(p)) return;
    const float fs = ImGui::GetFontSize();
    ImVec2 s = map(p);
    s.x += offset_fs.x * fs;
    s.y += offset_fs.y * fs;
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    s.x = std::min(s.x, p1_.x - w - 0.2f * fs); // keep labels inside the plot
    s.x = std::max(s.x, p0_.x + 0.2f * fs);
    s.y = std::clamp(s.y, p0_.y, p1_.y - fs);
    dl_->AddText(s, color, text.c_str());
}

void Axes::legend(const std::vector<std::pair<std::string, ImU32>>& entries, bool bottom) const {
    const float fs = ImGui::GetFontSize();
    float y = bottom ? p1_.y - 0.3f * fs - 1.2f * fs * float(entries.size()) : p0_.y + 0.3f * fs;
    // A legend wider than a narrow plot (phones) may cover the y tick labels, on its own
    // backing, rather than be cut at the plot's edge.
    dl_->PushClipRect(ImVec2(p0_.x - 6.6f * fs, p0_.y), p1_, false);
    for (const auto& [name, color] : entries) {
        const float w = ImGui::CalcTextSize(name.c_str()).x;
        const float x = std::max(p1_.x - w - 1.6f * fs, p0_.x - 6.4f * fs);
        dl_->AddRectFilled(ImVec2(x - 0.2f * fs, y - 0.1f * fs), ImVec2(p1_.x - 0.2f * fs, y + 1.1f * fs),
                           ImGui::GetColorU32(ImGuiCol_ChildBg, 0.85f));
        dl_->AddRectFilled(ImVec2(x + w + 0.4f * fs, y + 0.3f * fs),
                           ImVec2(x + w + 1.0f * fs, y + 0.8f * fs), color);
        dl_->AddText(ImVec2(x, y), palette().label, name.c_str());
        y += 1.2f * fs;
    }
    dl_->PopClipRect();
}

std::vector<double> linear_ticks(double lo, double hi, int max_ticks) {
    std::vector<double> t;
    if (!(hi > lo) || max_ticks < 1) return t;
    const double raw = (hi - lo) / max_ticks;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
        t.push_back(std::fabs(v) < step * 1e-9 ? 0 : v);
    return t;
}

} // namespace costlab::gui::chart
