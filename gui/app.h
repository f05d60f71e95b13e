// The calculator's GUI: owns the one named app state (AppState) and draws every panel each
// frame. Start at App::frame(). The platform layer creates the ImGui context and backends,
// calls frame() between NewFrame() and Render(), and calls nothing else of the GUI.
#pragma once

#include "app_state.h"
#include "platform.h"

namespace costlab::gui {

class App {
public:
    explicit App(Platform& platform);

    // Loads the scenario from the URL fragment (a broken one keeps the defaults and shows the
    // message) and computes the first report.
    void start();

    // Draws one frame of every panel into the current ImGui context. The layout adapts to
    // the display width (one column under ~700 px, more when wide).
    void frame();

    const AppState& state() const { return state_; }
    AppState& state() { return state_; }

private:
    Platform& platform_;
    AppState state_;
};

} // namespace costlab::gui
