// Your hardware panel: time this device (through the platform), then say in words what it
// would take (one image, one reply, how far from an H100: core's estimate_device(), which App
// keeps in AppState::device_estimate), with the measured figures below, and the visitor's own
// figures (power, memory) that the benchmark cannot measure.
#pragma once

#include "app_state.h"

namespace costlab::gui {

struct HardwarePanel {
    static constexpr const char* kTitle = "Your hardware";
    void draw(AppState& state);
    // The measured device a benchmark result stands for: the faster of the GPU and all CPU
    // threads (fp32 matrix multiply), the GPU's f16 figure when it is the GPU and has one, the
    // bandwidth measured with it, power and memory from the visitor's figures; 4 significant
    // digits (core make_measured_device). Not present when no speed was measured.
    static MeasuredDevice measured_device(const HardwareStatus& hw, const DeviceAssumptions& d);
};

} // namespace costlab::gui
