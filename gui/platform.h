// The one small interface between the GUI and the machine it runs on (Tracy's Backend.hpp).
// One implementation per platform, chosen by CMake: platform_web.cpp (Emscripten: all EM_JS
// and EMSCRIPTEN_KEEPALIVE live there, the JS in web/), platform_headless.cpp (tests, and
// later the native GLFW app). Panels never call the platform directly: they go through App.
#pragma once

#include <string>

namespace costlab::gui {

// Progress of "time my hardware" as the platform reports it (web: workers + WebGPU in web/hw).
struct HardwareStatus {
    bool running = false;
    float progress = 0;        // 0..1
    std::string stage;         // "SIMD matrix multiply, 1 core", ...
    bool has_result = false;
    double cpu1_gflops = 0, cpu_all_gflops = 0, gpu_gflops = 0; // fp32, measured
    double gpu_f16_gflops = 0; // GPU, f16 inputs with f32 accumulation; 0 = none (no shader-f16)
    // GPU, fp32 subgroup kernel; 0 = none (no subgroups). Shown only: the model uses
    // gpu_gflops and gpu_f16_gflops.
    double gpu_subgroups_gflops = 0;
    double memory_gb_per_s = 0;
    int threads = 0;
    std::string cpu_backend, gpu_backend; // e.g. "wasm-simd128", "webgpu (swiftshader)"
    std::string message;      // in words: errors, "WebGPU is not available in this browser"
};

class Platform {
public:
    virtual ~Platform() = default;

    // System clipboard ("copy link", "copy embed snippet", ImGui copy/paste).
    virtual void set_clipboard(const std::string& text) = 0;
    virtual std::string clipboard() = 0;

    // The scenario link: the URL fragment without '#', read at start, replaced as the user
    // edits (history.replaceState on the web, so the back button is not flooded).
    virtual std::string url_fragment() = 0;
    virtual void replace_url_fragment(const std::string& fragment) = 0;
    // Absolute URL of the page without fragment, for share links and embed snippets.
    virtual std::string page_url() = 0;

    // The accessible HTML twin of the results beside the canvas: a report JSON (core's
    // report_to_json plus "display" strings) and a one-line summary for aria-live.
    virtual void publish_results(const std::string& report_json, const std::string& summary) = 0;

    // Offer a file to the user (download on the web, write to disk natively).
    virtual void save_file(const std::string& name, const std::string& mime,
                           const std::string& bytes) = 0;

    // Save a rectangle of what was drawn (ImGui display units; x, y from the top left) as a PNG
    // named `name` ("save the comparison as PNG"). Called from inside App::frame(); the platform
    // grabs the pixels once this frame has been rendered. Default: not supported (nothing happens).
    virtual void save_canvas_png(const std::string& name, float x, float y, float w, float h) {
        (void)name, (void)x, (void)y, (void)w, (void)h;
    }

    // Open a page of the site in a new tab or window: `url` is relative to the page
    // ("methodology.html"). Returns false where the platform cannot (the default), and
    // opens_urls() says so beforehand, so the GUI shows no link that does nothing.
    virtual bool opens_urls() const { return false; }
    virtual bool open_url(const std::string& url) {
        (void)url;
        return false;
    }

    // Hardware benchmark: start, cancel, and poll its status once per frame.
    virtual void start_hardware_benchmark() = 0;
    virtual void cancel_hardware_benchmark() = 0;
    virtual HardwareStatus hardware_status() = 0;

    // Ask for more frames (render on demand: the platform draws only when asked or on input).
    virtual void request_frames(int count) = 0;
};

} // namespace costlab::gui
