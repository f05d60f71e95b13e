// Sweeps panel: a per-query figure against batch size, steps, output tokens or resolution,
// evaluating the model over a range of one input (cached: recomputed only when the report,
// the chosen input or the chosen figure changes).
#pragma once

#include "app_state.h"

#include <cstdint>
#include <vector>

namespace costlab::gui {

struct SweepsPanel {
    static constexpr const char* kTitle = "Sweeps";
    void draw(AppState& state);

    int variable = 0; // index into the panel's list of inputs
    int metric = 0;   // index into its list of figures

private:
    struct Sample {
        double x = 0, y = 0;
        bool trusted = false;
    };
    void compute(AppState& state);
    std::vector<Sample> samples_;
    double other_ = 0; // the other workload's figure, drawn as a reference line
    bool other_trusted_ = false;
    uint64_t cached_generation_ = 0;
    int cached_variable_ = -1, cached_metric_ = -1;
};

} // namespace costlab::gui
