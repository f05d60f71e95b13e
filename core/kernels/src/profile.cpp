// DeviceProfile <-> JSON, and the catalog Accelerator made from a profile.
#include "costlab/kernels.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace costlab::kernels {

namespace {

using nlohmann::json;

void read_number(const json& j, const char* key, double* out) {
    auto it = j.find(key);
    if (it != j.end() && it->is_number()) *out = it->get<double>();
}

void read_string(const json& j, const char* key, std::string* out) {
    auto it = j.find(key);
    if (it != j.end() && it->is_string()) *out = it->get<std::string>();
}

std::string fmt(const char* format, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

} // namespace

std::string profile_to_json(const DeviceProfile& p) {
    json j = {
        {"sgemm_gflops_1", p.sgemm_gflops_1}, {"sgemm_gflops_all", p.sgemm_gflops_all},
        {"gpu_gflops", p.gpu_gflops},         {"gbps_1", p.gbps_1},
        {"gbps_all", p.gbps_all},             {"gpu_gbps", p.gpu_gbps},
        {"threads", p.threads},               {"backend", p.backend},
        {"engine", p.engine},                 {"gpu", p.gpu},
        {"gpu_message", p.gpu_message},       {"date", p.date},
        {"memory_bytes", p.memory_bytes},     {"board_power_w", p.board_power_w},
    };
    j["gpu_gflops_f16"] = p.gpu_gflops_f16;
    return j.dump();
}

std::optional<DeviceProfile> profile_from_json(const std::string& text, std::string* error) {
    const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
        if (error) *error = "a device profile must be a JSON object";
        return std::nullopt;
    }
    DeviceProfile p;
    read_number(j, "sgemm_gflops_1", &p.sgemm_gflops_1);
    read_number(j, "sgemm_gflops_all", &p.sgemm_gflops_all);
    read_number(j, "gpu_gflops", &p.gpu_gflops);
    read_number(j, "gpu_gflops_f16", &p.gpu_gflops_f16);
    read_number(j, "gbps_1", &p.gbps_1);
    read_number(j, "gbps_all", &p.gbps_all);
    read_number(j, "gpu_gbps", &p.gpu_gbps);
    double threads = p.threads;
    read_number(j, "threads", &threads);
    p.threads = int(std::clamp(threads, 1.0, 1024.0));
    read_string(j, "backend", &p.backend);
    read_string(j, "engine", &p.engine);
    read_string(j, "gpu", &p.gpu);
    read_string(j, "gpu_message", &p.gpu_message);
    read_string(j, "date", &p.date);
    read_number(j, "memory_bytes", &p.memory_bytes);
    read_number(j, "board_power_w", &p.board_power_w);
    // Negative or non-finite numbers are measurement failures: treat as "not measured".
    for (double* v : {&p.sgemm_gflops_1, &p.sgemm_gflops_all, &p.gpu_gflops, &p.gpu_gflops_f16,
                      &p.gbps_1, &p.gbps_all, &p.gpu_gbps, &p.memory_bytes}) {
        if (!(*v >= 0 && *v < 1e300)) *v = 0;
    }
    if (!(p.board_power_w > 0 && p.board_power_w < 1e5)) p.board_power_w = DeviceProfile{}.board_power_w;
    if (error) error->clear();
    return p;
}

Accelerator accelerator_from_profile(const DeviceProfile& p) {
    Accelerator a;
    a.id = "your-device";
    a.vendor = "measured";
    a.measured = true;

    const double cpu_gflops = std::max(p.sgemm_gflops_all, p.sgemm_gflops_1);
    const double cpu_gbps = std::max(p.gbps_all, p.gbps_1);
    const bool use_gpu = p.gpu_gflops > cpu_gflops;
    const std::string when = p.date.empty() ? std::string("this session") : p.date;
    const std::string engine = p.engine.empty() ? std::string("this engine") : p.engine;

    Citation flops_src, half_src, bw_src;
    flops_src.unit = half_src.unit = "TFLOP/s";
    bw_src.unit = "GB/s";
    flops_src.date = half_src.date = bw_src.date = p.date;
    if (use_gpu) {
        a.name = "Your device (GPU via WebGPU" + (p.gpu.empty() ? std::string() : ": " + p.gpu) +
                 ")";
        a.peak_flops_per_s[int(Precision::fp32)] = p.gpu_gflops * 1e9;
        a.memory_bytes_per_s = p.gpu_gbps > 0 ? p.gpu_gbps * 1e9 : cpu_gbps * 1e9;
        flops_src.source = "measured: WebGPU fp32 matmul (shaders/matmul.wgsl) in " + engine +
                           ", " + fmt("%.1f", p.gpu_gflops) + " GFLOP/s, " + when;
        bw_src.source = p.gpu_gbps > 0
                            ? "measured: WebGPU copy (shaders/bandwidth.wgsl), " +
                                  fmt("%.1f", p.gpu_gbps) + " GB/s, " + when
                            : "measured: CPU triad (no GPU bandwidth figure), " +
                                  fmt("%.1f", cpu_gbps) + " GB/s, " + when;
        // WebGPU has f16 (shader-f16) but no bf16: a bf16 model's math runs in f16 there.
        const bool f16 = p.gpu_gflops_f16 > 0;
        const double half = f16 ? p.gpu_gflops_f16 : p.gpu_gflops;
        a.peak_flops_per_s[int(Precision::fp16)] = half * 1e9;
        a.peak_flops_per_s[int(Precision::bf16)] = half * 1e9;
        half_src.source =
            f16 ? "measured: WebGPU f16 matmul (shaders/matmul.wgsl, f16 inputs, f32 "
                  "accumulation) in " +
                      engine + ", " + fmt("%.1f", p.gpu_gflops_f16) + " GFLOP/s, " + when +
                      "; 16-bit models use this figure (bf16 runs as f16 in WebGPU)"
                : "no f16 figure (the adapter has no shader-f16): 16-bit models use the fp32 "
                  "figure, " +
                      fmt("%.1f", p.gpu_gflops) + " GFLOP/s, " + when;
    } else {
        a.name = "Your device (" + std::to_string(p.threads) + " CPU thread" +
                 (p.threads == 1 ? "" : "s") + (p.backend.empty() ? "" : ", " + p.backend) + ")";
        a.peak_flops_per_s[int(Precision::fp32)] = cpu_gflops * 1e9;
        a.memory_bytes_per_s = cpu_gbps * 1e9;
        flops_src.source = "measured: SGEMM on " + std::to_string(p.threads) + " thread(s), " +
                           p.backend + " in " + engine + ", " + fmt("%.1f", cpu_gflops) +
                           " GFLOP/s (one thread " + fmt("%.1f", p.sgemm_gflops_1) + "), " + when;
        bw_src.source = "measured: triad a = b + s*c over buffers far beyond the caches, " +
                        fmt("%.1f", cpu_gbps) + " GB/s, " + when;
        a.peak_flops_per_s[int(Precision::fp16)] = cpu_gflops * 1e9;
        a.peak_flops_per_s[int(Precision::bf16)] = cpu_gflops * 1e9;
        half_src.source = "no 16-bit figure on the CPU (WebAssembly computes in f32): 16-bit "
                          "models use the fp32 figure, " +
                          fmt("%.1f", cpu_gflops) + " GFLOP/s, " + when;
    }
    a.sources["peak_tflops.fp32"] = flops_src;
    a.sources["peak_tflops.fp16"] = half_src;
    a.sources["peak_tflops.bf16"] = half_src;
    a.sources["memory_bandwidth_gb_per_s"] = bw_src;

    a.memory_bytes = p.memory_bytes;
    if (p.memory_bytes > 0) {
        a.sources["memory_gb"] = {"GB", "reported by the browser (navigator.deviceMemory, "
                                        "rounded by the browser)", p.date};
    }
    a.board_power_w = p.board_power_w;
    a.sources["board_power_w"] = {"W", "assumed draw under load; edit it for your device",
                                  p.date};
    return a;
}

} // namespace costlab::kernels
