// The calculator's GUI: owns the one named app state (AppState) and draws every panel each
// frame. Start at App::frame(). The platform layer creates the ImGui context and backends,
// calls start() once, then frame() between NewFrame() and Render(), and nothing else of the
// GUI (content_height() and state() are read-only helpers for it).
#pragma once

#include "app_state.h"
#include "platform.h"

#include <memory>
#include <vector>

namespace costlab::gui {

struct Panels; // the panel objects (gui/panels/), defined in app.cpp

class App {
public:
    explicit App(Platform& platform);
    ~App();

    // Loads the scenario from the URL fragment (a broken one keeps the defaults and shows the
    // message) and computes the first report. Needs a current ImGui context.
    void start();

    // Draws one frame of every panel into the current ImGui context. The layout adapts to
    // the display width (one column under ~700 px, more when wide). Recomputes at the end,
    // once, only if a widget changed something.
    void frame();

    const AppState& state() const { return state_; }
    AppState& state() { return state_; }

    // Height the whole layout wanted last frame, in ImGui display units: an embed can size its
    // canvas to it so the page, not the canvas, scrolls.
    float content_height() const { return content_height_; }

    // Where the panel `key` (one of panel_keys()) began last frame, in layout units from the
    // top of the whole layout (what the page scrolls to for its section links); -1 when it was
    // not drawn.
    float panel_top(const char* key) const;
    // Opens the panel `key` if it is collapsed, as soon as its header is in view (a section link
    // scrolls there). Unknown keys are ignored; returns whether the key is known.
    bool reveal(const char* key);

    // Titles of the panel windows, in layout order (each is a child window of "costlab").
    static const std::vector<const char*>& panel_titles();
    // The short names of the same panels, for the embed's `?panels=compare,fleet` (AppState::panels).
    static const std::vector<const char*>& panel_keys();

private:
    void header();
    void layout();
    void run_requests();
    void recompute();
    // Moves the comparison onto the measured device (a new benchmark result, or the device's
    // figures edited): core estimate_device() picks the models that fit.
    void use_measured_device(bool new_result);
    bool shown(const char* key) const; // in AppState::panels, or no filter

    Platform& platform_;
    AppState state_;
    std::unique_ptr<Panels> panels_;
    bool theme_applied_ = false;
    Theme applied_theme_ = Theme::light;
    float applied_font_size_ = 0;
    uint64_t evaluated_catalog_generation_ = 0;
    float content_height_ = 0;
    std::vector<float> panel_tops_; // per panel_keys() entry, from the last frame
    int reveal_ = -1;               // panel_keys() index to open once its header shows
    bool hardware_was_running_ = false;
};

} // namespace costlab::gui
