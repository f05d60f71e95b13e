// NativePlatform (see platform_native.h): the desktop app's clipboard (GLFW), scenario link
// (kept in memory: "copy link" copies it), files written to the current directory, and the
// hardware benchmark run natively on a std::thread.
#include "platform_native.h"

#include "costlab/kernels.h"

#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace costlab::gui {

NativePlatform::NativePlatform(GLFWwindow* window, std::string fragment)
    : window_(window), fragment_(std::move(fragment)) {}

NativePlatform::~NativePlatform() {
    cancel_ = true;
    join();
}

void NativePlatform::join() {
    if (worker_.joinable()) worker_.join();
}

void NativePlatform::set_clipboard(const std::string& text) {
    if (window_) glfwSetClipboardString(window_, text.c_str());
}

std::string NativePlatform::clipboard() {
    const char* s = window_ ? glfwGetClipboardString(window_) : nullptr;
    return s ? s : "";
}

std::string NativePlatform::url_fragment() {
    return fragment_;
}

void NativePlatform::replace_url_fragment(const std::string& fragment) {
    fragment_ = fragment;
}

std::string NativePlatform::page_url() {
    // Links copied from the desktop app open the page with the same scenario: where it is
    // deployed (COSTLAB_PAGE_URL), else the placeholder the README uses.
    const char* env = std::getenv("COSTLAB_PAGE_URL");
    return env && *env ? env : "https://your.host/costlab/";
}

void NativePlatform::publish_results(const std::string&, const std::string&) {}

void NativePlatform::save_file(const std::string& name, const std::string&,
                               const std::string& bytes) {
    // Only the file name the GUI chose, never a path from it.
    const std::string base = std::filesystem::path(name).filename().string();
    FILE* f = std::fopen(base.c_str(), "wb");
    bool ok = f && std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    if (f) ok = std::fclose(f) == 0 && ok;
    std::error_code ec;
    const std::string where = (std::filesystem::current_path(ec) / base).string();
    notice_ = ok ? "Saved " + where : "Could not write " + where;
    request_frames(2);
}

void NativePlatform::save_canvas_png(const std::string& name, float, float, float, float) {
    png_name_ = name.empty() ? "costlab-comparison.png" : name;
    request_frames(2);
}

void NativePlatform::start_hardware_benchmark() {
    cancel_ = true;
    join();
    cancel_ = false;
    {
        std::lock_guard<std::mutex> lock(mu_);
        status_ = HardwareStatus{};
        status_.running = true;
        status_.stage = "matrix multiply and memory bandwidth, CPU";
    }
    worker_ = std::thread([this] {
        const kernels::DeviceProfile p =
            kernels::measure_native_profile(6.0, 0, [this](double progress) {
                std::lock_guard<std::mutex> lock(mu_);
                status_.progress = float(progress);
                return !cancel_.load();
            });
        std::lock_guard<std::mutex> lock(mu_);
        status_ = HardwareStatus{};
        if (cancel_) {
            status_.message = "Cancelled.";
            return;
        }
        status_.has_result = true;
        status_.progress = 1;
        status_.stage = "done";
        status_.cpu1_gflops = p.sgemm_gflops_1;
        status_.cpu_all_gflops = p.sgemm_gflops_all;
        status_.gpu_gflops = 0;
        status_.memory_gb_per_s = p.gbps_all;
        status_.threads = p.threads;
        status_.cpu_backend = p.backend;
        status_.message = "The GPU is not timed in the native app yet (CPU figures only).";
    });
}

void NativePlatform::cancel_hardware_benchmark() {
    cancel_ = true;
    join();
    std::lock_guard<std::mutex> lock(mu_);
    status_ = HardwareStatus{};
    status_.message = "Cancelled.";
}

HardwareStatus NativePlatform::hardware_status() {
    std::lock_guard<std::mutex> lock(mu_);
    return status_;
}

void NativePlatform::request_frames(int count) {
    if (count > frames_) frames_ = count;
}

int NativePlatform::take_frames() {
    const int n = frames_;
    frames_ = 0;
    return n;
}

std::string NativePlatform::take_notice() {
    std::string n;
    n.swap(notice_);
    return n;
}

std::string NativePlatform::take_png_request() {
    std::string n;
    n.swap(png_name_);
    return n;
}

} // namespace costlab::gui
