// costlab device: what a device measured in a browser ("time my hardware") would take.
// measured_accelerator() turns the MeasuredDevice a scenario carries (scenario.h) into the
// accelerator the model runs on; estimate_device() picks the largest image and text models of
// the catalog that fit in its memory and evaluates one of each there and on one H100;
// scenario_on_device() moves a comparison onto the device. Pure functions, like model.h.
#pragma once

#include "costlab/model.h"

#include <string>

namespace costlab {

// The accelerator kMeasuredDeviceId for a measured device: fp32 and tf32 at the measured fp32
// rate; fp16 and bf16 (and so, through the model's fallbacks, fp8, int8, int4 and fp4, whose
// math runs in 16-bit there) at the GPU's measured f16 rate where there is one, else at the
// fp32 rate (no faster low-precision units are assumed: WebGPU has no bf16, a GPU without
// shader-f16 and WebAssembly compute 16-bit work in f32); the measured bandwidth, the visitor's
// memory and power, no price, no interconnect (one device).
Accelerator measured_accelerator(const MeasuredDevice& d);

// Whether work at precision `p` runs at the device's f16 figure (true) or its fp32 one: the
// choice measured_accelerator() makes, for the words beside the figures.
bool uses_f16_figure(const MeasuredDevice& d, Precision p);

// A MeasuredDevice from raw figures: 4 significant digits (the link stays short and reopens
// exactly), the label cut to printable ASCII without '~', memory and power clamped into the
// limits a link accepts. gflops_f16: the GPU's f16 figure, 0 for none (kept only when the
// device is a GPU that measured one, i.e. > 0 and with a usable fp32 figure).
MeasuredDevice make_measured_device(const std::string& label, double gflops, double gbps,
                                    double memory_gb, double board_power_w, double gflops_f16 = 0);

struct DeviceWorkloadEstimate {
    bool found = false; // a catalog model fits in the device's memory and runs there
    std::string model;  // its catalog id
    Precision precision = Precision::bf16;
    WorkloadReport on_device;    // one query at a time on the device
    WorkloadReport on_reference; // the same query alone on one reference accelerator
    // on_device / on_reference seconds per query; 0 when the reference cannot hold the model.
    double times_slower = 0;
};

struct DeviceEstimate {
    DeviceWorkloadEstimate image, text;
    std::string reference;         // accelerator id of the comparison ("h100-sxm")
    double flops_times_slower = 0; // reference bf16 peak / the device's bf16 (16-bit) figure
};

// Largest model first (parameters), then the widest precision that fits: text in bf16 or
// int4 (weight-only, as llama.cpp and AWQ run laptops), images in bf16 or fp8; autoregressive
// image presets (hosted APIs) are skipped. The base scenario gives tokens, resolution, steps.
DeviceEstimate estimate_device(const MeasuredDevice& d, const Scenario& base,
                               const Catalog& catalog, const std::string& reference = "h100-sxm");

// `base` moved onto the device: the estimate's models and precisions (where found), one
// device, one query at a time, the catalog price unset (the device has none), PUE 1 (no
// data-centre cooling at home).
Scenario scenario_on_device(const Scenario& base, const MeasuredDevice& d, const DeviceEstimate& e);

} // namespace costlab
