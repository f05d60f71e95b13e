// HeadlessPlatform (see platform_headless.h): every call recorded, the benchmark simulated.
#include "platform_headless.h"

namespace costlab::gui {

HardwareStatus HeadlessPlatform::default_result() {
    HardwareStatus s;
    s.has_result = true;
    s.progress = 1;
    s.stage = "done";
    s.cpu1_gflops = 40;
    s.cpu_all_gflops = 150;
    s.gpu_gflops = 900;
    s.memory_gb_per_s = 25;
    s.threads = 4;
    s.cpu_backend = "native (headless)";
    s.gpu_backend = "simulated";
    return s;
}

void HeadlessPlatform::set_clipboard(const std::string& text) {
    clipboard_text = text;
}
std::string HeadlessPlatform::clipboard() {
    return clipboard_text;
}
std::string HeadlessPlatform::url_fragment() {
    return fragment;
}
void HeadlessPlatform::replace_url_fragment(const std::string& f) {
    fragment = f;
    ++fragment_replacements;
}
std::string HeadlessPlatform::page_url() {
    return url;
}
void HeadlessPlatform::publish_results(const std::string& report_json,
                                       const std::string& summary) {
    published_json = report_json;
    published_summary = summary;
    ++publish_count;
}
void HeadlessPlatform::save_file(const std::string& name, const std::string& mime,
                                 const std::string& bytes) {
    saved.push_back({name, mime, bytes});
}
void HeadlessPlatform::save_canvas_png(const std::string& name, float x, float y, float w,
                                       float h) {
    pngs.push_back({name, x, y, w, h});
}
void HeadlessPlatform::start_hardware_benchmark() {
    ++benchmark_starts;
    status_ = HardwareStatus{};
    status_.running = true;
    status_.stage = "SIMD matrix multiply, 1 core";
    polls_left_ = benchmark_polls;
}
void HeadlessPlatform::cancel_hardware_benchmark() {
    ++benchmark_cancels;
    if (status_.running) {
        status_ = HardwareStatus{};
        status_.message = "Cancelled.";
    }
}
HardwareStatus HeadlessPlatform::hardware_status() {
    if (status_.running) {
        if (polls_left_ <= 0) {
            status_ = result;
        } else {
            --polls_left_;
            status_.progress = 1.0f - float(polls_left_) / float(benchmark_polls + 1);
        }
    }
    return status_;
}
void HeadlessPlatform::request_frames(int count) {
    frames_requested += count;
}

} // namespace costlab::gui
