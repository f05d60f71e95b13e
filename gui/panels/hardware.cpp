// Your hardware panel (see hardware.h). The benchmark runs in the platform (web: workers with
// WebAssembly SIMD and WebGPU in web/hw/); the panel asks for it through state.requests and
// reads state.hardware, which App polls every frame. When a result arrives App moves the
// comparison onto the device (core scenario_on_device) and keeps the core's estimate in
// state.device_estimate; the panel only words it (device_sentences, shared with the HTML twin).
#include "panels/hardware.h"

#include "format.h"
#include "results.h"
#include "theme.h"
#include "widgets.h"

#include "costlab/device.h"

#include <algorithm>
#include <cmath>

namespace costlab::gui {

namespace {

double finite_or_zero(double v) {
    return std::isfinite(v) && v > 0 ? v : 0;
}

// A typed box beside a logarithmic slider for one of the visitor's own figures.
bool own_figure(AppState& state, const char* key, const char* label, const char* help,
                double& value, double lo, double hi, const char* unit, const char* format) {
    ui::row_label(label, help);
    const float box_w = 5.5f * ImGui::GetFontSize();
    const float gap = ImGui::GetStyle().ItemInnerSpacing.x;
    ImGui::SetNextItemWidth(
        std::fmax(ImGui::CalcItemWidth() - box_w - gap, 4 * ImGui::GetFontSize()));
    double v = std::clamp(value, lo, hi);
    bool changed = false;
    const std::string id = std::string("##") + key;
    if (ImGui::SliderScalar(id.c_str(), ImGuiDataType_Double, &v, &lo, &hi, format,
                            ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic |
                                ImGuiSliderFlags_NoInput) &&
        std::isfinite(v) && v != value) {
        value = v;
        changed = true;
    }
    ImGui::SameLine(0, gap);
    double typed = 0;
    if (ui::typed_number(state, key, value, lo, hi, false, unit, &typed)) {
        value = typed;
        changed = true;
    }
    return changed;
}

} // namespace

MeasuredDevice HardwarePanel::measured_device(const HardwareStatus& hw,
                                              const DeviceAssumptions& d) {
    const double cpu = std::max(finite_or_zero(hw.cpu_all_gflops), finite_or_zero(hw.cpu1_gflops));
    const double gpu = finite_or_zero(hw.gpu_gflops);
    const bool use_gpu = gpu > cpu;
    std::string label;
    if (use_gpu) {
        label = "GPU";
        const std::string b = hw.gpu_backend;
        const size_t open = b.find('('), close = b.rfind(')');
        if (open != std::string::npos && close != std::string::npos && close > open + 1)
            label += ", " + b.substr(open + 1, close - open - 1); // "webgpu (swiftshader)"
    } else {
        const int threads = std::max(hw.threads, 1);
        label = std::to_string(threads) + " CPU thread" + (threads == 1 ? "" : "s");
    }
    return make_measured_device(label, use_gpu ? gpu : cpu, finite_or_zero(hw.memory_gb_per_s),
                                d.memory_gb, d.board_power_w,
                                use_gpu ? finite_or_zero(hw.gpu_f16_gflops) : 0);
}

void HardwarePanel::draw(AppState& state) {
    const HardwareStatus& hw = state.hardware;
    PlatformRequests& req = state.requests;
    ui::text("Times this device's matrix multiply (the core of every AI model) and memory "
             "bandwidth in about ten seconds, then says what one image and one reply would "
             "take here.");
    if (hw.running) {
        const float progress = std::isfinite(hw.progress) ? std::clamp(hw.progress, 0.0f, 1.0f) : 0;
        ImGui::ProgressBar(progress, ImVec2(-FLT_MIN, 0),
                           hw.stage.empty() ? nullptr : hw.stage.c_str());
        if (ImGui::Button("Cancel")) req.cancel_hardware = true;
    } else {
        if (ImGui::Button(hw.has_result ? "Time it again" : "Time my hardware"))
            req.start_hardware = true;
    }
    if (!hw.message.empty()) ui::warning(hw.message);

    const MeasuredDevice& md = state.last_good.serving.measured_device;
    const bool own = hw.has_result; // measured here, not carried by a link
    if (hw.has_result && !measured_device(hw, state.device).present())
        ui::warning("No speed was measured, so there is nothing to estimate.");
    if (!md.present()) { // measured, then "Back to the previous comparison"
        if (hw.has_result && measured_device(hw, state.device).present() &&
            ImGui::Button("Use this device in the comparison"))
            state.device_edit = true;
        return;
    }

    ImGui::SeparatorText(own ? "What this device would take"
                             : "What the sender's device would take");
    if (!own)
        ui::note("Measured on the sender's device (" + md.label +
                 "), carried by the link; "
                 "\"Time my hardware\" measures yours.");
    for (const std::string& s :
         device_sentences(state.device_estimate, state.catalog, state.last_good))
        ui::text(s);

    ImGui::SeparatorText("Measured");
    ui::value_row("Matrix multiply (fp32)", fmt::si(md.gflops * 1e9, "FLOP/s") + " on " + md.label);
    ui::value_row("Matrix multiply (f16)",
                  md.gflops_f16 > 0
                      ? fmt::si(md.gflops_f16 * 1e9, "FLOP/s") + " (f16 inputs, f32 accumulation)"
                      : std::string("none: ") + (md.label.rfind("GPU", 0) == 0
                                                     ? "this GPU has no shader-f16"
                                                     : "the CPU computes in f32"));
    // Which figure each workload runs at (core uses_f16_figure: 16-bit math at the f16 one),
    // while the comparison runs on the device.
    const std::string which = md.gflops_f16 > 0
                                  ? "16-bit work runs at the f16 figure, 32-bit at the fp32 one"
                                  : "with no f16 figure, 16-bit work runs at the fp32 figure";
    if (state.last_good.serving.accelerator == kMeasuredDeviceId) {
        auto figure = [&](Precision p) {
            return std::string(to_string(p)) + ", at the " +
                   (uses_f16_figure(md, p) ? "f16" : "fp32") + " figure";
        };
        ui::note("The reply (" + figure(state.last_good.text.precision) + ") and the image (" +
                 figure(state.last_good.image.precision) + "): " + which + ".");
    } else {
        ui::note("On this device " + which + ".");
    }
    ui::value_row("Memory bandwidth", fmt::si(md.gbps * 1e9, "B/s"));
    if (own) {
        auto gflops = [](double v) {
            return v > 0 && std::isfinite(v) ? fmt::si(v * 1e9, "FLOP/s")
                                             : std::string("not measured");
        };
        ui::value_row("CPU, one thread", gflops(hw.cpu1_gflops));
        ui::value_row("CPU, all threads",
                      gflops(hw.cpu_all_gflops) +
                          (hw.threads > 0 ? " (" + fmt::count(hw.threads) + " threads)" : ""));
        ui::value_row("GPU", gflops(hw.gpu_gflops));
        ui::value_row("GPU, f16", gflops(hw.gpu_f16_gflops));
        ui::value_row("GPU, fp32 with subgroups", gflops(hw.gpu_subgroups_gflops));
        if (!hw.cpu_backend.empty()) ui::note("CPU code: " + hw.cpu_backend);
        if (!hw.gpu_backend.empty()) ui::note("GPU code: " + hw.gpu_backend);
    }

    ImGui::SeparatorText(own ? "Your figures" : "The sender's figures");
    double power = md.board_power_w, mem = md.memory_gb;
    bool edited = own_figure(state, "device.power", "Power under load",
                             "What the device draws while busy: a laptop 20-60 W, a desktop "
                             "with a gaming GPU 200-600 W.",
                             power, 1, 2000, "W", "%.0f W");
    edited |= own_figure(state, "device.memory", "Memory a model may use",
                         "RAM for the CPU, video memory for a GPU. It decides which models fit.",
                         mem, 0.5, 512, "GB", "%.3g GB");
    if (edited) { // App re-picks the models that fit and updates the comparison
        state.device.board_power_w = power;
        state.device.memory_gb = mem;
        state.device_edit = true;
    }

    const bool on = state.last_good.serving.accelerator == kMeasuredDeviceId;
    if (on) {
        ui::note("The comparison runs on this device, one query at a time, with the models "
                 "and precisions above that fit in its memory. It has no price, so dollar "
                 "figures are not shown; time and energy are as measured.");
        if (state.on_device && ImGui::Button("Back to the previous comparison")) {
            state.scenario = state.before_device;
            state.on_device = false;
            state.changed();
        }
    } else if (ImGui::Button("Use this device in the comparison")) {
        state.device_edit = true; // App moves the comparison onto it
    }
}

} // namespace costlab::gui
