// Measured devices (see device.h): the accelerator made from a MeasuredDevice, and the
// per-device estimate behind "time my hardware"'s sentences.
#include "costlab/device.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace costlab {

namespace {

double four_digits(double v) {
    if (!(v > 0) || !std::isfinite(v)) return 0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return std::strtod(buf, nullptr);
}

bool usable(const WorkloadReport& w) {
    return w.fits && std::isfinite(w.seconds_per_query) && w.seconds_per_query > 0 &&
           std::isfinite(w.gpu_seconds_per_query) && w.gpu_seconds_per_query > 0;
}

// One query at a time on one device of `accelerator`.
Scenario alone_on(const Scenario& base, const std::string& accelerator) {
    Scenario s = base;
    s.serving.accelerator = accelerator;
    s.serving.usd_per_gpu_hour.reset();
    s.serving.purchase_usd.reset();
    s.serving.ownership = Ownership::cloud;
    s.text.gpus = 1;
    s.text.batch = 1;
    s.image.gpus = 1;
    s.image.batch = 1;
    return s;
}

// The entries of `list` by decreasing size(entry), catalog order among equals, without those
// of negative size. A selection, not std::stable_sort: a handful of entries, and the page's
// download is counted in kilobytes.
template <class T, class Size>
std::vector<const T*> largest_first(const std::vector<T>& list, Size size) {
    std::vector<const T*> out;
    std::vector<bool> taken(list.size(), false);
    for (;;) {
        int best = -1;
        for (size_t i = 0; i < list.size(); ++i)
            if (!taken[i] && size(list[i]) >= 0 &&
                (best < 0 || size(list[i]) > size(list[size_t(best)])))
                best = int(i);
        if (best < 0) return out;
        taken[size_t(best)] = true;
        out.push_back(&list[size_t(best)]);
    }
}

void compare_with_reference(DeviceWorkloadEstimate& e, const Scenario& on_device,
                            const Catalog& catalog, const std::string& reference, bool text) {
    Scenario r = alone_on(on_device, reference);
    if (!validate(r, catalog).empty()) return;
    e.on_reference = text ? evaluate_text(r, catalog) : evaluate_image(r, catalog);
    if (usable(e.on_reference))
        e.times_slower = e.on_device.seconds_per_query / e.on_reference.seconds_per_query;
}

} // namespace

Accelerator measured_accelerator(const MeasuredDevice& d) {
    Accelerator a;
    a.id = kMeasuredDeviceId;
    a.name = "Your device (" + d.label + ")";
    a.vendor = "measured";
    a.measured = true;
    const bool f16 = d.gflops_f16 > 0;
    for (Precision p : {Precision::fp32, Precision::tf32})
        a.peak_flops_per_s[int(p)] = d.gflops * 1e9;
    // WebGPU has f16 (shader-f16) but no bf16: a bf16 model's math runs in f16 there.
    for (Precision p : {Precision::bf16, Precision::fp16})
        a.peak_flops_per_s[int(p)] = (f16 ? d.gflops_f16 : d.gflops) * 1e9;
    a.memory_bytes_per_s = d.gbps * 1e9;
    a.memory_bytes = d.memory_gb * 1e9;
    a.board_power_w = d.board_power_w;
    const std::string how = "measured in a browser (web/hw/benchmark.js) on " + d.label;
    a.sources["peak_tflops.fp32"] = {"TFLOP/s", how + ": fp32 matrix multiply", ""};
    const Citation half = {
        "TFLOP/s",
        f16 ? how + ": f16 matrix multiply (f16 inputs, f32 accumulation); 16-bit models use "
                    "this figure (bf16 runs as f16 in WebGPU)"
            : how + "; no f16 figure (no shader-f16 on this GPU, or a CPU): 16-bit models use "
                    "the fp32 rate, as no faster low-precision units are assumed",
        ""};
    a.sources["peak_tflops.bf16"] = half;
    a.sources["peak_tflops.fp16"] = half;
    a.sources["memory_bandwidth_gb_per_s"] = {"GB/s", how + ": memory bandwidth", ""};
    a.sources["memory_gb"] = {"GB", "the visitor's figure (Your hardware panel)", ""};
    a.sources["board_power_w"] = {"W", "the visitor's figure (Your hardware panel)", ""};
    a.sources["usd_per_gpu_hour"] = {"USD/h", "none: a visitor's device has no price", ""};
    return a;
}

bool uses_f16_figure(const MeasuredDevice& d, Precision p) {
    // Every format but the 32-bit ones reaches the 16-bit entries through the model's fallback
    // chains (Accelerator::effective_peak_flops_per_s): the measured device has no fp8 or int8.
    return d.gflops_f16 > 0 && p != Precision::fp32 && p != Precision::tf32 &&
           p != Precision::fp32_default;
}

MeasuredDevice make_measured_device(const std::string& label, double gflops, double gbps,
                                    double memory_gb, double board_power_w, double gflops_f16) {
    MeasuredDevice d;
    for (char c : label)
        if (c >= 0x20 && c < 0x7f && c != '~' && d.label.size() < 48) d.label += c;
    if (d.label.empty()) d.label = "measured device";
    d.gflops = std::min(four_digits(gflops), 1e7);
    d.gbps = std::min(four_digits(gbps), 1e5);
    // Memory and power are the visitor's own figures: kept inside what a link accepts.
    d.memory_gb = std::clamp(four_digits(memory_gb), 0.1, 4096.0);
    d.board_power_w = std::clamp(four_digits(board_power_w), 1.0, 1e4);
    if (!(d.gbps > 0)) d.gflops = 0; // no bandwidth measured: no usable device
    d.gflops_f16 = d.gflops > 0 ? std::min(four_digits(gflops_f16), 1e7) : 0;
    return d;
}

DeviceEstimate estimate_device(const MeasuredDevice& d, const Scenario& base,
                               const Catalog& catalog, const std::string& reference) {
    DeviceEstimate e;
    e.reference = reference;
    if (!d.present()) return e;
    Catalog c = catalog;
    c.put(measured_accelerator(d));
    Scenario s = alone_on(base, kMeasuredDeviceId);
    s.serving.measured_device = d;
    if (const Accelerator* ref = c.accelerator(reference))
        e.flops_times_slower = ref->effective_peak_flops_per_s(Precision::bf16) /
                               measured_accelerator(d).effective_peak_flops_per_s(Precision::bf16);

    for (const TextModel* m :
         largest_first(c.text_models(), [](const TextModel& t) { return t.params_total; })) {
        for (Precision p : {Precision::bf16, Precision::int4}) {
            s.text.model = m->id;
            s.text.precision = p;
            if (!validate(s, c).empty()) continue; // e.g. the prompt exceeds its context
            WorkloadReport w = evaluate_text(s, c);
            if (!usable(w)) continue;
            e.text.found = true;
            e.text.model = m->id;
            e.text.precision = p;
            e.text.on_device = std::move(w);
            break;
        }
        if (e.text.found) break;
    }
    if (e.text.found) compare_with_reference(e.text, s, c, reference, true);

    if (e.text.found) { // the image search keeps the text choice (validate sees both)
        s.text.model = e.text.model;
        s.text.precision = e.text.precision;
    }
    for (const ImageModel* m : largest_first(c.image_models(), [](const ImageModel& i) {
             // autoregressive presets (hosted APIs) are not candidates
             return i.family == ImageFamily::autoregressive ? -1.0 : i.denoiser_params;
         })) {
        for (Precision p : {Precision::bf16, Precision::fp8}) {
            s.image.model = m->id;
            s.image.precision = p;
            if (!validate(s, c).empty()) continue;
            WorkloadReport w = evaluate_image(s, c);
            if (!usable(w)) continue;
            e.image.found = true;
            e.image.model = m->id;
            e.image.precision = p;
            e.image.on_device = std::move(w);
            break;
        }
        if (e.image.found) break;
    }
    if (e.image.found) compare_with_reference(e.image, s, c, reference, false);
    return e;
}

Scenario scenario_on_device(const Scenario& base, const MeasuredDevice& d,
                            const DeviceEstimate& e) {
    Scenario s = alone_on(base, kMeasuredDeviceId);
    s.serving.measured_device = d;
    s.serving.pue = 1.0;
    if (e.text.found) {
        s.text.model = e.text.model;
        s.text.precision = e.text.precision;
    }
    if (e.image.found) {
        s.image.model = e.image.model;
        s.image.precision = e.image.precision;
    }
    return s;
}

} // namespace costlab
