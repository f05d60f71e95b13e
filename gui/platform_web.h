// Between the two web files: main_web.cpp (GLFW, WebGL2, ImGui backends, the App) and
// platform_web.cpp (the Platform implementation, every EM_JS and EMSCRIPTEN_KEEPALIVE, the
// page's entry points). Nothing else includes this.
#pragma once

#include "platform.h"

#include <string>

namespace costlab::gui {
class App;
}

namespace costlab::web {

// ---- main_web.cpp --------------------------------------------------------------------
// Creates the GLFW window over the page's canvas (whose WebGL2 context the page made), the
// ImGui context and backends, and the App; runs App::start(). False when no GL context.
bool start(double css_w, double css_h, double ratio, bool mac_shortcuts, bool dark);
void resize(double css_w, double css_h, double ratio, int fb_w, int fb_h);
void set_theme(bool dark);
// site/embed.html: compact layout, panels to show ("compare,fleet"; empty: all), no background.
void configure(const std::string& panels_csv, bool embed, bool transparent);
float content_height(); // App::content_height(), CSS px; 0 before start
// The full page: the page's scroll offset over the layout (CSS px from the layout's top), set
// on every page scroll; the first call turns the mode on (AppState::page_scrolls).
void set_page_scroll(double y);
// Section links: where a panel starts in the layout (CSS px, -1 unknown), opening it if collapsed.
float reveal_panel(const char* key);
// The canvas got the keyboard focus (or lost it): with no window focused, the outer one takes
// it so Tab and the arrows have somewhere to start.
void keyboard_focus(bool focused);
void frame(); // one ImGui frame, drawn
bool wheel_scrolls(float x, float y, float dx, float dy);
// Platform::save_canvas_png: grabs the rectangle after this frame, or, when it is scrolled out
// of view, after a frame scrolled to it.
void save_png(const std::string& name, float x, float y, float w, float h);
gui::App* app(); // null before start()

// ---- platform_web.cpp ----------------------------------------------------------------
gui::Platform& platform();
void detach_glfw_listeners();
void grab_png(const std::string& name, float x, float y, float w, float h); // after this frame

// What the page needs after each frame.
struct FrameInfo {
    bool want_text = false, want_keyboard = false, numeric = false;
    float ime_x = 0, ime_y = 0, ime_h = 0;
    bool hovered = false, tooltip = false, pending_input = false;
    bool unsettled = false; // the layout still moves: draw one more frame
    int cursor = 0; // ImGuiMouseCursor
    bool theme_changed_by_gui = false, dark = false;
    // Keyboard navigation moved the layout (to bring the focused widget into view): the page
    // scrolls to scroll_y (CSS px from the layout's top) so the two agree.
    bool gui_scrolled = false;
    float scroll_y = 0;
    bool popup = false; // a popup or combo list is open (Escape closes it, not the canvas)
};
void after_frame(const FrameInfo& info);

} // namespace costlab::web
