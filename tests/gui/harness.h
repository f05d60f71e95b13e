// Headless GUI harness for the tests: an ImGui context with no renderer (font atlas built,
// display size set), the App over a HeadlessPlatform, simulated mouse and keyboard, counts of
// failed IM_ASSERTs, the items ImGui registered last frame (through the test-engine hooks), and
// the text actually drawn (decoded from the draw lists, see screen_text.h).
#pragma once

#include "app.h"
#include "platform_headless.h"

#include "imgui.h"

#include <string>
#include <vector>

struct ImRect; // imgui_internal.h

namespace costlab::gui::test {

struct Item {
    ImGuiID id;
    float x0, y0, x1, y1;
    std::string label; // empty for items with no label info
    int status_flags = 0;
};

class Harness {
public:
    explicit Harness(float width = 1280, float height = 800, const std::string& fragment = "");
    ~Harness();
    Harness(const Harness&) = delete;
    Harness& operator=(const Harness&) = delete;

    // One full frame: NewFrame, App::frame, Render, EndFrame-equivalent; then decodes the
    // drawn text. dt in seconds.
    void frame(float dt = 1.0f / 60);
    void frames(int n) {
        for (int i = 0; i < n; ++i)
            frame();
    }
    void resize(float width, float height);

    // Input, applied at the next frame.
    void mouse_move(float x, float y);
    void mouse_button(bool down);
    void click(float x, float y); // move, press (frame), release (frame)
    void wheel(float dy);
    void key(ImGuiKey k);          // press + release over two frames
    void type(const std::string& s);

    // Finds a widget of the last frame by label (exact match of ImGui's label, incl. "##id"
    // parts); nullptr if none.
    const Item* find(const std::string& label) const;
    const Item* find_containing(const std::string& part) const;
    bool click_item(const std::string& label);

    App& app() { return *app_; }
    AppState& state() { return app_->state(); }
    const AppState& state() const { return app_->state(); }
    HeadlessPlatform platform;

    // Everything drawn last frame, as decoded strings (one per run of glyphs).
    const std::vector<std::string>& drawn_text() const { return drawn_; }
    std::string drawn_joined() const;
    const std::vector<Item>& items() const { return items_; }
    // Child windows of the host that were drawn last frame ("Compare", "Fleet", ...).
    std::vector<std::string> active_panels() const;

    // Failed IM_ASSERTs since the harness started (all harnesses share the counter).
    static int assert_failures();
    static const std::string& first_assert();

private:
    ImGuiContext* ctx_ = nullptr;
    App* app_ = nullptr;
    std::vector<Item> items_, building_;
    std::vector<std::string> drawn_;
    static void on_item_add(void* user, ImGuiID id, const ImRect& bb);
    static void on_item_info(void* user, ImGuiID id, const char* label, int flags);
};

} // namespace costlab::gui::test
