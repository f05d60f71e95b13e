// Your hardware panel: time this device (through the platform), show the result in words and
// numbers, and put it in the catalog as the accelerator "your-device".
#pragma once

#include "app_state.h"

namespace costlab::gui {

struct HardwarePanel {
    static constexpr const char* kTitle = "Your hardware";
    void draw(AppState& state);

    // The catalog entry for a measured device: fp32 peak = the faster of GPU and all CPU
    // threads, used for every floating-point mode (no faster low-precision units assumed)
    // except fp16/bf16 when the GPU is the device and its f16 figure was measured,
    // bandwidth as measured, power and memory from the user's figures, price 0 (the report
    // flags dollar figures as meaningless). Each number cites the measurement.
    static Accelerator device_accelerator(const HardwareStatus& hw, const DeviceAssumptions& d);
};

} // namespace costlab::gui
