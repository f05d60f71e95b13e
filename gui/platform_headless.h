// A Platform with no screen, for tests and scripted runs: it records every call (clipboard,
// URL, published results, saved files, frame requests) and simulates the hardware benchmark
// (start -> a few polls of progress -> a fixed result, or cancel).
#pragma once

#include "platform.h"

#include <string>
#include <vector>

namespace costlab::gui {

class HeadlessPlatform : public Platform {
public:
    struct SavedFile {
        std::string name, mime, bytes;
    };
    struct Png {
        std::string name;
        float x, y, w, h;
    };

    // What the calls did, for the test to read.
    std::string clipboard_text;
    std::string fragment;      // current URL fragment (set it before App::start to load one)
    std::string url = "https://example.test/costlab/";
    int fragment_replacements = 0;
    std::string published_json, published_summary;
    int publish_count = 0;
    std::vector<SavedFile> saved;
    std::vector<Png> pngs;
    int frames_requested = 0;
    int benchmark_starts = 0, benchmark_cancels = 0;

    // The simulated benchmark: `benchmark_polls` polls after a start it finishes with `result`
    // (has_result set); cancel stops it with a message.
    int benchmark_polls = 5;
    HardwareStatus result = default_result();
    static HardwareStatus default_result();

    void set_clipboard(const std::string& text) override;
    std::string clipboard() override;
    std::string url_fragment() override;
    void replace_url_fragment(const std::string& fragment) override;
    std::string page_url() override;
    void publish_results(const std::string& report_json, const std::string& summary) override;
    void save_file(const std::string& name, const std::string& mime,
                   const std::string& bytes) override;
    void save_canvas_png(const std::string& name, float x, float y, float w, float h) override;
    void start_hardware_benchmark() override;
    void cancel_hardware_benchmark() override;
    HardwareStatus hardware_status() override;
    void request_frames(int count) override;

private:
    HardwareStatus status_;
    int polls_left_ = 0;
};

} // namespace costlab::gui
