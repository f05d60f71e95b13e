// Your hardware panel (see hardware.h). The benchmark runs in the platform (web: workers with
// WebAssembly SIMD and WebGPU in web/hw/); the panel only asks for it through state.requests and
// reads state.hardware, which App polls every frame.
#include "panels/hardware.h"

#include "format.h"
#include "theme.h"
#include "widgets.h"

#include <algorithm>
#include <cmath>

namespace costlab::gui {

namespace {

double finite_or_zero(double v) {
    return std::isfinite(v) && v > 0 ? v : 0;
}

} // namespace

Accelerator HardwarePanel::device_accelerator(const HardwareStatus& hw,
                                              const DeviceAssumptions& d) {
    Accelerator a;
    a.id = "your-device";
    a.vendor = "measured";
    a.measured = true;
    const double cpu = std::max(finite_or_zero(hw.cpu_all_gflops), finite_or_zero(hw.cpu1_gflops));
    const double gpu = finite_or_zero(hw.gpu_gflops);
    const bool use_gpu = gpu > cpu;
    const double gflops = use_gpu ? gpu : cpu;
    a.name = use_gpu ? "Your device (GPU" + (hw.gpu_backend.empty() ? "" : ", " + hw.gpu_backend) + ")"
                     : "Your device (" + std::to_string(std::max(hw.threads, 1)) + " CPU thread" +
                           (hw.threads == 1 ? "" : "s") + ")";
    // 16-bit work (and, through the model's fallbacks, 8- and 4-bit) runs at the GPU's f16 figure
    // where one was measured (shader-f16; WebGPU has no bf16, so bf16 runs as f16), else at fp32.
    const double f16 = use_gpu ? finite_or_zero(hw.gpu_f16_gflops) : 0;
    for (Precision p : {Precision::fp32, Precision::tf32, Precision::bf16, Precision::fp16})
        a.peak_flops_per_s[int(p)] = gflops * 1e9;
    if (f16 > 0)
        for (Precision p : {Precision::bf16, Precision::fp16})
            a.peak_flops_per_s[int(p)] = f16 * 1e9;
    a.memory_bytes_per_s = finite_or_zero(hw.memory_gb_per_s) * 1e9;
    a.memory_bytes = std::max(d.memory_gb, 0.0) * 1e9;
    a.board_power_w = std::max(d.board_power_w, 0.0);
    a.idle_power_w = 0;
    a.interconnect_bytes_per_s = 0; // one device: nothing to split a model over
    a.usd_per_gpu_hour = 0;         // unknown: the report flags $0 as not meaningful
    a.purchase_usd = 0;
    const std::string how = use_gpu ? "measured in this browser: fp32 matrix multiply on the GPU (" +
                                          hw.gpu_backend + ")"
                                    : "measured in this browser: fp32 matrix multiply on " +
                                          std::to_string(std::max(hw.threads, 1)) + " CPU threads (" +
                                          hw.cpu_backend + ")";
    const std::string used = "; used for every floating-point format (no faster low-precision "
                             "units assumed)";
    const std::string how16 = "measured in this browser: f16 matrix multiply on the GPU (" +
                              hw.gpu_backend +
                              "; f16 inputs, f32 accumulation); 16-bit models use this figure "
                              "(bf16 runs as f16)";
    a.sources["peak_tflops.fp32"] = {"TFLOP/s", how, "this session"};
    a.sources["peak_tflops.bf16"] = {"TFLOP/s", f16 > 0 ? how16 : how + used, "this session"};
    a.sources["peak_tflops.fp16"] = a.sources["peak_tflops.bf16"];
    a.sources["memory_bandwidth_gb_per_s"] = {
        "GB/s", "measured in this browser: memory copy/triad over buffers beyond the caches",
        "this session"};
    a.sources["board_power_w"] = {"W", "your estimate (Your hardware panel)", "this session"};
    a.sources["memory_gb"] = {"GB", "your estimate (Your hardware panel)", "this session"};
    a.sources["usd_per_gpu_hour"] = {"USD/h", "not known for your device: set to 0",
                                     "this session"};
    return a;
}

void HardwarePanel::draw(AppState& state) {
    const HardwareStatus& hw = state.hardware;
    PlatformRequests& req = state.requests;
    ui::text("Times this device's matrix multiply (the core of every AI model) and memory "
             "bandwidth, then prices an image and a reply as if they ran here.");
    if (hw.running) {
        const float progress = std::isfinite(hw.progress) ? std::clamp(hw.progress, 0.0f, 1.0f) : 0;
        ImGui::ProgressBar(progress, ImVec2(-FLT_MIN, 0), hw.stage.empty() ? nullptr : hw.stage.c_str());
        if (ImGui::Button("Cancel")) req.cancel_hardware = true;
    } else {
        if (ImGui::Button(hw.has_result ? "Time it again" : "Time my hardware"))
            req.start_hardware = true;
    }
    if (!hw.message.empty()) ui::warning(hw.message);
    if (!hw.has_result) return;

    ImGui::SeparatorText("Measured");
    auto gflops = [](double v) {
        return v > 0 && std::isfinite(v) ? fmt::si(v * 1e9, "FLOP/s") : std::string("not measured");
    };
    ui::value_row("CPU, one thread", gflops(hw.cpu1_gflops));
    ui::value_row("CPU, all threads",
                  gflops(hw.cpu_all_gflops) +
                      (hw.threads > 0 ? " (" + fmt::count(hw.threads) + " threads)" : ""));
    ui::value_row("GPU", gflops(hw.gpu_gflops));
    if (hw.gpu_f16_gflops > 0) ui::value_row("GPU, f16", gflops(hw.gpu_f16_gflops));
    ui::value_row("Memory bandwidth", hw.memory_gb_per_s > 0 && std::isfinite(hw.memory_gb_per_s)
                                          ? fmt::si(hw.memory_gb_per_s * 1e9, "B/s")
                                          : "not measured");
    if (!hw.cpu_backend.empty()) ui::note("CPU code: " + hw.cpu_backend);
    if (!hw.gpu_backend.empty()) ui::note("GPU code: " + hw.gpu_backend);

    const Accelerator device = device_accelerator(hw, state.device);
    const double peak = device.peak_flops_per_s[int(Precision::fp32)];
    if (const Accelerator* h100 = state.catalog.accelerator("h100-sxm")) {
        const double ref = h100->effective_peak_flops_per_s(Precision::bf16);
        if (peak > 0 && ref > 0)
            ui::text("In words: this device multiplies matrices about " + fmt::count(ref / peak) +
                     " times slower than one H100 at bf16 (" + fmt::si(peak, "FLOP/s") + " vs " +
                     fmt::si(ref, "FLOP/s") + ").");
    }
    if (!(peak > 0)) {
        ui::warning("No speed was measured, so it cannot be used as an accelerator.");
        return;
    }

    ImGui::SeparatorText("Your figures");
    bool edited = false;
    ui::row_label("Power under load", "What the device draws while busy: a laptop 20-60 W, a "
                                      "desktop with a gaming GPU 200-600 W.");
    double power = state.device.board_power_w;
    const double p_lo = 1, p_hi = 2000;
    if (ImGui::SliderScalar("##device.power", ImGuiDataType_Double, &power, &p_lo, &p_hi, "%.0f W",
                            ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic) &&
        std::isfinite(power)) {
        state.device.board_power_w = power;
        edited = true;
    }
    ui::row_label("Memory a model may use", "RAM for the CPU, video memory for a GPU.");
    double mem = state.device.memory_gb;
    const double m_lo = 1, m_hi = 512;
    if (ImGui::SliderScalar("##device.memory", ImGuiDataType_Double, &mem, &m_lo, &m_hi, "%.0f GB",
                            ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic) &&
        std::isfinite(mem)) {
        state.device.memory_gb = mem;
        edited = true;
    }
    const bool in_catalog = state.catalog.accelerator("your-device") != nullptr;
    if (edited && in_catalog) { // keep the catalog entry in step with the figures
        state.catalog.put(device_accelerator(hw, state.device));
        state.catalog_changed();
    }
    const bool selected = state.scenario.serving.accelerator == "your-device";
    if (ImGui::Button(selected ? "Update the comparison" : "Use as accelerator")) {
        state.catalog.put(device_accelerator(hw, state.device));
        state.catalog_changed();
        Scenario& s = state.scenario;
        s.serving.accelerator = "your-device";
        s.serving.usd_per_gpu_hour.reset();
        s.text.gpus = 1; // one device
        s.image.gpus = 1;
        state.changed();
    }
    if (selected)
        ui::note("The comparison now runs on this device. It has no price, so dollar figures "
                 "are flagged; energy and time are as measured.");
}

} // namespace costlab::gui
