// Charts drawn with ImGui draw lists (there is no ImPlot package): paired horizontal bars for the
// comparison, and log or linear axes for the roofline and the sweeps. Data -> screen is one glm
// affine transform per chart (log10 first for log axes). Every label goes through fmt::.
#pragma once

#include "imgui.h"

#include <glm/mat3x3.hpp>
#include <glm/vec2.hpp>

#include <string>
#include <vector>

namespace costlab::gui::chart {

// One bar of a pair: value and its label; `trusted` false draws a hatched stub with `label`
// in words instead of a bar of that length.
struct Bar {
    double value = 0;
    std::string label;
    bool trusted = true;
    ImU32 color = 0;
    const char* name = ""; // "chat reply", "image"
};
// Two horizontal bars under a title, lengths proportional to the values (linear: the point is
// to see how much longer one is). Reserves its own space in the layout.
void bar_pair(const char* title, const Bar& a, const Bar& b);

// A plot area with axes. Call begin() (reserves space, draws grid and tick labels), then
// plot points and lines in data units, then end().
class Axes {
  public:
    // x/y ranges in data units; log axes need positive ranges.
    Axes(const char* id, glm::dvec2 lo, glm::dvec2 hi, bool log_x, bool log_y);
    void begin(float height, const char* x_unit, const char* y_unit, const char* x_title,
               const char* y_title);
    void end();

    ImVec2 map(glm::dvec2 data) const; // data units -> screen pixels
    bool visible(glm::dvec2 data) const;

    // Polyline through the points (non-finite or non-positive-on-log points break the line).
    void line(const std::vector<glm::dvec2>& pts, ImU32 color, float thickness = 2) const;
    void point(glm::dvec2 p, ImU32 color, bool square, float radius_fs = 0.35f) const;
    void label(glm::dvec2 p, const std::string& text, ImU32 color, ImVec2 offset_fs = {0.4f, -0.6f}) const;
    // Entries stacked in a corner of the plot (top right, or bottom right where a roofline
    // has no points).
    void legend(const std::vector<std::pair<std::string, ImU32>>& entries, bool bottom = false) const;

    ImDrawList* draw_list() const { return dl_; }
    ImVec2 plot_min() const { return p0_; }
    ImVec2 plot_max() const { return p1_; }

  private:
    glm::dvec2 to_unit(glm::dvec2 data) const; // log10 where the axis is log
    std::string id_;
    glm::dvec2 lo_, hi_;
    bool log_x_, log_y_;
    glm::dmat3 to_screen_{1.0};
    ImDrawList* dl_ = nullptr;
    ImVec2 p0_, p1_; // plot area (inside the tick labels)
};

// "Nice" linear ticks over [lo, hi] (1, 2, 5 x 10^k steps).
std::vector<double> linear_ticks(double lo, double hi, int max_ticks);

} // namespace costlab::gui::chart
