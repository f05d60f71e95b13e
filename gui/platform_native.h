// Between the two native files: main_native.cpp (GLFW, OpenGL 3, ImGui backends, the App, the
// event loop) and platform_native.cpp (the Platform for the desktop app).
#pragma once

#include "platform.h"

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

struct GLFWwindow;

namespace costlab::gui {

class NativePlatform : public Platform {
public:
    NativePlatform(GLFWwindow* window, std::string fragment);
    ~NativePlatform() override;

    void set_clipboard(const std::string& text) override;
    std::string clipboard() override;
    std::string url_fragment() override;
    void replace_url_fragment(const std::string& fragment) override;
    std::string page_url() override;
    void publish_results(const std::string& report_json, const std::string& summary) override;
    // Writes the file into the current directory; the message lands in take_notice().
    void save_file(const std::string& name, const std::string& mime,
                   const std::string& bytes) override;
    // Remembered; main_native.cpp draws the picture after the frame (take_png_request()).
    void save_canvas_png(const std::string& name, float x, float y, float w, float h) override;
    // The CPU profile of the core's kernels (kernels::measure_native_profile) on a thread.
    void start_hardware_benchmark() override;
    void cancel_hardware_benchmark() override;
    HardwareStatus hardware_status() override;
    void request_frames(int count) override;

    // For the loop: frames still wanted, a message for AppState::notice, a pending PNG.
    int take_frames();
    std::string take_notice();
    std::string take_png_request();
    void set_window(GLFWwindow* w) { window_ = w; }

private:
    GLFWwindow* window_;
    std::string fragment_;
    std::string notice_;
    std::string png_name_;
    int frames_ = 0;

    std::mutex mu_;
    HardwareStatus status_; // guarded by mu_
    std::atomic<bool> cancel_{false};
    std::thread worker_;
    void join();
};

} // namespace costlab::gui
