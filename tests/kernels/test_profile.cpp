// Device profile: JSON round trip, the catalog accelerator made from it, a native measurement.
#include "costlab/kernels.h"

#include <catch2/catch.hpp>

#include <string>

using namespace costlab;
using namespace costlab::kernels;

TEST_CASE("profile JSON round trip and bad input", "[profile]") {
    DeviceProfile p;
    p.sgemm_gflops_1 = 41.5;
    p.sgemm_gflops_all = 80;
    p.gbps_1 = 12;
    p.gbps_all = 20;
    p.threads = 2;
    p.backend = "wasm-simd128";
    p.engine = "Chrome 156";
    p.gpu_message = "WebGPU is not available in this browser";
    p.date = "2026-11-22";
    p.board_power_w = 45;
    std::string err;
    auto q = profile_from_json(profile_to_json(p), &err);
    REQUIRE(q);
    CHECK(err.empty());
    CHECK(q->sgemm_gflops_1 == 41.5);
    CHECK(q->sgemm_gflops_all == 80);
    CHECK(q->threads == 2);
    CHECK(q->backend == "wasm-simd128");
    CHECK(q->gpu_message == p.gpu_message);
    CHECK(q->board_power_w == 45);

    CHECK_FALSE(profile_from_json("not json", &err));
    CHECK(err == "a device profile must be a JSON object");
    CHECK_FALSE(profile_from_json("[1,2]", &err));

    auto r = profile_from_json(R"({"sgemm_gflops_1": -3, "gbps_1": "fast", "threads": 0,
                                   "board_power_w": -1, "extra": true})", &err);
    REQUIRE(r);
    CHECK(r->sgemm_gflops_1 == 0);
    CHECK(r->gbps_1 == 0);
    CHECK(r->threads == 1);
    CHECK(r->board_power_w == DeviceProfile{}.board_power_w);
}

TEST_CASE("a CPU profile becomes the 'your device' accelerator", "[profile]") {
    DeviceProfile p;
    p.sgemm_gflops_1 = 40;
    p.sgemm_gflops_all = 75;
    p.gbps_1 = 15;
    p.gbps_all = 22;
    p.threads = 2;
    p.backend = "wasm-simd128";
    p.engine = "node";
    p.board_power_w = 25;
    p.memory_bytes = 8e9;
    const Accelerator a = accelerator_from_profile(p);
    CHECK(a.id == "your-device");
    CHECK(a.measured);
    CHECK(a.peak_flops_per_s[int(Precision::fp32)] == Approx(75e9));
    // No 16-bit units assumed on the CPU: 16-bit models run at the fp32 figure, and say so.
    CHECK(a.peak_flops_per_s[int(Precision::bf16)] == Approx(75e9));
    REQUIRE(a.sources.count("peak_tflops.bf16"));
    CHECK(a.sources.at("peak_tflops.bf16").source.find("fp32 figure") != std::string::npos);
    CHECK(a.memory_bytes_per_s == Approx(22e9));
    CHECK(a.board_power_w == 25);
    CHECK(a.memory_bytes == 8e9);
    CHECK(a.name.find("2 CPU threads") != std::string::npos);
    REQUIRE(a.sources.count("peak_tflops.fp32"));
    CHECK(a.sources.at("peak_tflops.fp32").source.find("measured") == 0);
    CHECK(a.sources.count("memory_bandwidth_gb_per_s"));
    CHECK(a.sources.count("board_power_w"));
}

TEST_CASE("a faster GPU takes over the fp32 peak", "[profile]") {
    DeviceProfile p;
    p.sgemm_gflops_all = 75;
    p.gbps_all = 20;
    p.gpu_gflops = 900;
    p.gpu_gbps = 150;
    p.gpu = "Apple M2";
    const Accelerator a = accelerator_from_profile(p);
    CHECK(a.peak_flops_per_s[int(Precision::fp32)] == Approx(900e9));
    CHECK(a.memory_bytes_per_s == Approx(150e9));
    CHECK(a.name.find("WebGPU") != std::string::npos);
    // No GPU bandwidth figure: the CPU one stands in, and the source says so.
    p.gpu_gbps = 0;
    const Accelerator b = accelerator_from_profile(p);
    CHECK(b.memory_bytes_per_s == Approx(20e9));
    CHECK(b.sources.at("memory_bandwidth_gb_per_s").source.find("CPU") != std::string::npos);
    // Without an f16 figure (no shader-f16), 16-bit work uses the fp32 one, and says so.
    CHECK(a.peak_flops_per_s[int(Precision::fp16)] == Approx(900e9));
    CHECK(a.sources.at("peak_tflops.fp16").source.find("no shader-f16") != std::string::npos);
}

TEST_CASE("a measured GPU f16 figure is what 16-bit models use", "[profile]") {
    DeviceProfile p;
    p.sgemm_gflops_all = 75;
    p.gpu_gflops = 900;
    p.gpu_gflops_f16 = 1500;
    p.gpu_gbps = 150;
    p.date = "2026-12-01";
    std::string err;
    auto q = profile_from_json(profile_to_json(p), &err);
    REQUIRE(q);
    CHECK(q->gpu_gflops_f16 == 1500);
    const Accelerator a = accelerator_from_profile(*q);
    // (This binary links the kernels only: the model's fallbacks, fp8/int4 -> 16-bit and
    // tf32 -> fp32, are checked with the GUI's accelerator in tests/gui.)
    CHECK(a.peak_flops_per_s[int(Precision::fp32)] == Approx(900e9));
    CHECK(a.peak_flops_per_s[int(Precision::fp16)] == Approx(1500e9));
    CHECK(a.peak_flops_per_s[int(Precision::bf16)] == Approx(1500e9)); // runs as f16
    const std::string& src = a.sources.at("peak_tflops.bf16").source;
    CHECK(src.find("f16 matmul") != std::string::npos);
    CHECK(src.find("1500.0 GFLOP/s") != std::string::npos);
    CHECK(src.find("f32 accumulation") != std::string::npos);
    // A slower CPU does not borrow the GPU's f16 figure; bad input reads as "not measured".
    auto bad = profile_from_json(R"({"gpu_gflops": 900, "gpu_gflops_f16": -1})", &err);
    REQUIRE(bad);
    CHECK(bad->gpu_gflops_f16 == 0);
    CHECK(accelerator_from_profile(*bad).peak_flops_per_s[int(Precision::fp16)] == Approx(900e9));
}

TEST_CASE("a short native (or single-thread wasm) profile measures something", "[profile]") {
    int updates = 0;
    double last = -1;
    bool monotonic = true;
    const DeviceProfile p = measure_native_profile(0.8, 2, [&](double x) {
        ++updates;
        if (x < last) monotonic = false;
        last = x;
        return true;
    });
    CHECK(p.sgemm_gflops_1 > 0);
    CHECK(p.sgemm_gflops_all >= p.sgemm_gflops_1);
    CHECK(p.gbps_1 > 0);
    CHECK(p.gbps_all > 0);
    CHECK(p.threads >= 1);
    CHECK(p.backend == active_backend_name());
    CHECK(updates > 3);
    CHECK(monotonic);
    CHECK(last == Approx(1.0));

    int n = 0;
    const DeviceProfile c = measure_native_profile(2.0, 1, [&](double) { return ++n < 2; });
    CHECK(c.sgemm_gflops_all == 0); // cancelled before the all-threads stage
}
