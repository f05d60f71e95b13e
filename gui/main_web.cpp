// The page's ImGui runtime: GLFW (Emscripten's built-in -sUSE_GLFW=3) for the WebGL2 context,
// imgui_impl_glfw + imgui_impl_opengl3 ("#version 300 es"), and one App. There is no main loop:
// the page (web/app.js) draws a frame only when something changed (input, resize, a new
// devicePixelRatio, a theme change, a request from the GUI) through costlab_frame(), so an idle
// page costs nothing. Input comes from the page's own DOM listeners (platform_web.cpp), not
// from GLFW's: those would swallow every wheel event and Tab key in the whole document.
//
// Coordinates: io.DisplaySize is the canvas's CSS size; io.DisplayFramebufferScale is
// backing pixels / CSS pixels (devicePixelRatio). The font atlas is rasterized at
// size x ratio and drawn at 1/ratio, so text maps texel to pixel: crisp on HiDPI, rebuilt
// when the ratio changes (browser zoom included).
//
// The entry points are called by platform_web.cpp, which holds every EMSCRIPTEN_KEEPALIVE
// and EM_JS of the app; this file has none.
#include "app.h"
#include "fonts.h"
#include "platform.h"
#include "platform_web.h"

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "imgui_internal.h"

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten/html5.h>

#include <cfloat>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace costlab::web {

namespace {

struct Runtime {
    GLFWwindow* window = nullptr;
    std::unique_ptr<gui::App> app;
    double css_w = 0, css_h = 0; // canvas size in CSS pixels
    int fb_w = 0, fb_h = 0;      // backing store in device pixels
    float font_ratio = 0;        // the ratio the atlas was built for
    float ratio = 1;             // devicePixelRatio now
    ImGuiPlatformImeData ime{};  // where the text cursor is (for the phone keyboard's <input>)
    gui::Theme pushed_theme = gui::Theme::light; // last theme the page and the GUI agreed on
    bool started = false;
    // From the page before start (costlab_app_configure): site/embed.html's mode and panels.
    bool embed = false, transparent = false;
    std::vector<std::string> panels;
    // "Save the comparison as PNG" when the comparison is scrolled out of view: one frame
    // scrolled to it (grabbed), then one frame back where the visitor was.
    std::string png_name;
    int png_stage = 0; // 1 asked (during a frame); 2 scrolled to it, grab after this frame;
                       // 3 grabbed, scroll back
    ImVec2 png_saved_scroll{0, 0};
    // The full page scrolls the layout (set_page_scroll): its offset, and whether it is on.
    bool page_scrolls = false;
    float page_y = 0;
    bool focus_host = false; // keyboard focus arrived: focus the outer window if none is
};

// The GUI's outermost window (App::layout's "costlab"), which scrolls the panels.
ImGuiWindow* host_window() {
    return ImGui::FindWindowByName("costlab");
}

Runtime& rt() {
    static Runtime r;
    return r;
}

void build_fonts(float ratio) {
    Runtime& r = rt();
    ImGuiIO& io = ImGui::GetIO();
    // Whole pixels of oversampling only: 1.5 rounds up to 2 (never blurrier than the screen).
    const float scale = std::max(1.0f, std::ceil(ratio * 4.0f - 0.01f) / 4.0f);
    io.Fonts->Clear();
    gui::add_fonts(*io.Fonts, scale); // Inter at CSS pixel sizes (fonts.h)
    io.Fonts->Build();
    if (r.started) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    r.font_ratio = ratio;
}

// Whether the next frame would lay out differently from this one with no new input: ImGui sizes
// auto-resizing windows from the previous frame's content, shows new popups and tooltips one
// frame late (hidden while measured), and fits windows over a few frames. Render on demand
// draws again only while this is true.
bool layout_unsettled() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    for (ImGuiWindow* w : g.Windows) {
        if (!w->Active) continue;
        // Measured while hidden (a new popup or tooltip), or fitting its size over frames.
        if (w->HiddenFramesCannotSkipItems > 0 || w->AutoFitFramesX > 0 || w->AutoFitFramesY > 0) return true;
        // Clipped away (ImGui skips its contents): nothing to settle.
        if (w->Hidden || w->SkipItems) continue;
        const float cx = IM_TRUNC(w->DC.CursorMaxPos.x - w->DC.CursorStartPos.x);
        const float cy = IM_TRUNC(w->DC.CursorMaxPos.y - w->DC.CursorStartPos.y);
        if ((w->ContentSizeExplicit.x == 0 && cx != w->ContentSize.x) ||
            (w->ContentSizeExplicit.y == 0 && cy != w->ContentSize.y))
            return true;
    }
    return false;
}

void set_ime_data(ImGuiViewport*, ImGuiPlatformImeData* data) {
    rt().ime = *data;
}

const char* get_clipboard(void*) {
    static std::string text;
    text = platform().clipboard();
    return text.c_str();
}

void set_clipboard(void*, const char* text) {
    platform().set_clipboard(text ? text : "");
}

} // namespace

gui::App* app() {
    return rt().app.get();
}

bool start(double css_w, double css_h, double ratio, bool mac_shortcuts, bool dark) {
    Runtime& r = rt();
    if (r.started) return true;
    if (!glfwInit()) return false;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    r.css_w = css_w > 0 ? css_w : 800;
    r.css_h = css_h > 0 ? css_h : 600;
    r.ratio = ratio > 0 ? float(ratio) : 1.0f;
    r.fb_w = std::max(1, int(std::lround(r.css_w * r.ratio)));
    r.fb_h = std::max(1, int(std::lround(r.css_h * r.ratio)));
    // The page created the WebGL2 context on this canvas already (with its own attributes);
    // GLFW adopts it.
    r.window = glfwCreateWindow(r.fb_w, r.fb_h, "costlab", nullptr, nullptr);
    if (!r.window) return false;
    glfwMakeContextCurrent(r.window);
    detach_glfw_listeners();

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // nothing is stored: the scenario lives in the URL
    io.LogFilename = nullptr;
    io.ConfigInputTextCursorBlink = false; // a blinking caret would need a frame every 0.5 s
    io.ConfigMacOSXBehaviors = mac_shortcuts;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange; // the page sets canvas.style.cursor
    // Tab, Shift+Tab and the arrows move between widgets, Space/Enter press, Escape backs out
    // (the page gives ImGui the keys only while the canvas has the focus).
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;

    ImGui_ImplGlfw_InitForOpenGL(r.window, false);
    // imgui_impl_glfw registers a wheel handler on the whole document that cancels every wheel
    // event (page scrolling included); the page decides per event instead (wheel()).
    emscripten_set_wheel_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, false, nullptr);
    // Mark the pointer as "known" so the backend never polls GLFW's (detached) cursor position.
    ImGui_ImplGlfw_CursorEnterCallback(r.window, GLFW_TRUE);
    io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    io.SetClipboardTextFn = set_clipboard;
    io.GetClipboardTextFn = get_clipboard;
    io.SetPlatformImeDataFn = set_ime_data;

    build_fonts(r.ratio);
    r.started = true;

    r.app = std::make_unique<gui::App>(platform());
    r.app->state().embed = r.embed;
    r.app->state().transparent = r.transparent;
    r.app->state().panels = r.panels;
    r.app->state().page_scrolls = r.page_scrolls;
    r.pushed_theme = dark ? gui::Theme::dark : gui::Theme::light;
    r.app->state().theme = r.pushed_theme;
    r.app->start();
    return true;
}

void configure(const std::string& panels_csv, bool embed, bool transparent) {
    Runtime& r = rt();
    r.embed = embed;
    r.transparent = transparent;
    r.panels.clear();
    size_t at = 0;
    while (at <= panels_csv.size()) {
        size_t comma = panels_csv.find(',', at);
        if (comma == std::string::npos) comma = panels_csv.size();
        const std::string key = panels_csv.substr(at, comma - at);
        for (const char* known : gui::App::panel_keys())
            if (key == known) r.panels.push_back(key); // unknown names are ignored
        at = comma + 1;
    }
    // Only unknown names leave the list empty: everything shows rather than an empty frame.
    if (r.app) {
        r.app->state().embed = embed;
        r.app->state().transparent = transparent;
        r.app->state().panels = r.panels;
    }
}

float content_height() {
    return rt().app ? rt().app->content_height() : 0.0f;
}

void set_page_scroll(double y) {
    Runtime& r = rt();
    r.page_scrolls = true;
    r.page_y = std::isfinite(y) ? float(std::max(0.0, y)) : 0.0f;
    if (r.app) r.app->state().page_scrolls = true;
}

float reveal_panel(const char* key) {
    Runtime& r = rt();
    if (!r.app || !r.app->reveal(key)) return -1;
    platform().request_frames(2);
    return r.app->panel_top(key);
}

void keyboard_focus(bool focused) {
    rt().focus_host = focused;
}

void resize(double css_w, double css_h, double ratio, int fb_w, int fb_h) {
    Runtime& r = rt();
    if (!r.started || css_w <= 0 || css_h <= 0) return;
    r.css_w = css_w;
    r.css_h = css_h;
    r.ratio = ratio > 0 ? float(ratio) : 1.0f;
    fb_w = std::max(1, fb_w);
    fb_h = std::max(1, fb_h);
    if (fb_w != r.fb_w || fb_h != r.fb_h) {
        r.fb_w = fb_w;
        r.fb_h = fb_h;
        glfwSetWindowSize(r.window, fb_w, fb_h); // sets canvas.width/height
    }
}

void set_theme(bool dark) {
    Runtime& r = rt();
    if (!r.app) return;
    r.pushed_theme = dark ? gui::Theme::dark : gui::Theme::light;
    r.app->state().theme = r.pushed_theme;
}

void frame() {
    Runtime& r = rt();
    if (!r.started) return;
    // The atlas is rebuilt between frames, never inside one.
    const float wanted = std::max(1.0f, std::ceil(r.ratio * 4.0f - 0.01f) / 4.0f);
    const float built = std::max(1.0f, std::ceil(r.font_ratio * 4.0f - 0.01f) / 4.0f);
    if (wanted != built) build_fonts(r.ratio);

    ImGuiIO& io = ImGui::GetIO();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // GLFW's window is the backing store (Emscripten's GLFW knows no content scale): present
    // CSS pixels to the GUI and let the renderer scale.
    io.DisplaySize = ImVec2(float(r.css_w), float(r.css_h));
    io.DisplayFramebufferScale = ImVec2(float(r.fb_w / r.css_w), float(r.fb_h / r.css_h));

    ImGui::NewFrame();
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGuiWindow* host = host_window();
    if (r.focus_host && host && !g.NavWindow) ImGui::SetWindowFocus("costlab");
    r.focus_host = false;
    // Keyboard navigation asked (in NewFrame) to scroll a widget into view: this frame follows
    // ImGui, and the page is told to scroll there after it.
    const bool gui_scrolls = r.page_scrolls && host && host->ScrollTarget.y != FLT_MAX;
    if (r.png_stage == 1 && host) {
        const float* rect = r.app->state().compare_rect; // where it was drawn last frame
        ImGui::SetNextWindowScroll(ImVec2(host->Scroll.x, std::max(0.0f, host->Scroll.y + rect[1] - 4)));
        r.png_stage = 2;
    } else {
        if (r.png_stage == 3 && !r.page_scrolls) ImGui::SetNextWindowScroll(r.png_saved_scroll);
        if (r.png_stage == 3) r.png_stage = 0;
        // The page's scroll is the layout's (the canvas stays in view as the page moves).
        if (r.page_scrolls && !gui_scrolls) ImGui::SetNextWindowScroll(ImVec2(0, r.page_y));
    }
    r.app->frame();
    ImGui::Render();

    glViewport(0, 0, r.fb_w, r.fb_h);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    if (r.transparent) glClearColor(0, 0, 0, 0); // the page's context has alpha then
    else glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    // Tell the page what it needs to place the phone keyboard's <input>, pick the cursor,
    // decide who gets keys, and whether to draw again.
    FrameInfo info;
    if (gui_scrolls && (host = host_window()) != nullptr) {
        info.gui_scrolled = true;
        info.scroll_y = host->Scroll.y;
        r.page_y = host->Scroll.y; // until the page's scroll event says the same
    }
    info.popup = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
    info.want_text = io.WantTextInput;
    info.want_keyboard = io.WantCaptureKeyboard;
    // Number fields (InputScalar, Ctrl+click on a slider) select all on activation; text
    // fields of the GUI do not.
    if (ImGuiInputTextState* st = ImGui::GetInputTextState(g.ActiveId))
        info.numeric = (st->Flags & (ImGuiInputTextFlags_CharsDecimal | ImGuiInputTextFlags_CharsScientific |
                                     ImGuiInputTextFlags_CharsHexadecimal | ImGuiInputTextFlags_AutoSelectAll)) != 0;
    info.ime_x = r.ime.InputPos.x;
    info.ime_y = r.ime.InputPos.y;
    info.ime_h = r.ime.InputLineHeight;
    info.hovered = ImGui::IsAnyItemHovered();
    info.tooltip = false;
    for (ImGuiWindow* w : g.Windows)
        if (w->Active && (w->Flags & ImGuiWindowFlags_Tooltip)) info.tooltip = true;
    info.cursor = ImGui::GetMouseCursor();
    info.pending_input = g.InputEventsQueue.Size > 0;
    info.unsettled = layout_unsettled();
    const gui::Theme theme = r.app->state().theme;
    info.theme_changed_by_gui = theme != r.pushed_theme;
    info.dark = theme == gui::Theme::dark;
    r.pushed_theme = theme;
    if (r.png_stage == 2) { // drawn scrolled to the comparison: the page grabs it now
        const float* rect = r.app->state().compare_rect;
        const float top = std::max(0.0f, rect[1]);
        grab_png(r.png_name, rect[0], top, rect[2], std::min(rect[3], float(r.css_h) - top));
        r.png_stage = 3;
        platform().request_frames(1);
    }
    after_frame(info);
}

void save_png(const std::string& name, float x, float y, float w, float h) {
    Runtime& r = rt();
    ImGuiWindow* host = host_window();
    if (!host || (y >= 0 && y + h <= r.css_h)) { // in view: grab it after this frame
        grab_png(name, x, y, w, h);
        return;
    }
    r.png_name = name;
    r.png_stage = 1;
    r.png_saved_scroll = host->Scroll;
    platform().request_frames(1);
}

// Whether a wheel event at (x, y) CSS px would scroll an ImGui window in its direction; the
// page scrolls otherwise. Mirrors ImGui's own choice: the topmost window under the pointer,
// then up through parents while a child cannot scroll.
bool wheel_scrolls(float x, float y, float dx, float dy) {
    if (!rt().started) return false;
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGuiWindow* hovered = nullptr;
    for (int i = g.Windows.Size - 1; i >= 0 && !hovered; i--) {
        ImGuiWindow* w = g.Windows[i];
        if (!w->Active || w->Hidden || (w->Flags & ImGuiWindowFlags_NoMouseInputs)) continue;
        if (w->OuterRectClipped.Contains(ImVec2(x, y))) hovered = w;
    }
    // A modal popup takes the wheel (ImGui would not scroll what is under it).
    if (ImGuiWindow* modal = ImGui::GetTopMostPopupModal()) {
        if (!hovered || !ImGui::IsWindowWithinBeginStackOf(hovered, modal)) return true;
    }
    // ImGui scrolls the first window up the chain that has something to scroll; at its end
    // the wheel does nothing there, so the page takes it.
    ImGuiWindow* target = hovered;
    const bool vertical = std::fabs(dy) >= std::fabs(dx);
    while (target && (target->Flags & ImGuiWindowFlags_ChildWindow) &&
           ((vertical ? target->ScrollMax.y : target->ScrollMax.x) == 0.0f ||
            (target->Flags & ImGuiWindowFlags_NoScrollWithMouse)))
        target = target->ParentWindow;
    if (!target || (target->Flags & ImGuiWindowFlags_NoScrollWithMouse)) return false;
    const float pos = vertical ? target->Scroll.y : target->Scroll.x;
    const float max = vertical ? target->ScrollMax.y : target->ScrollMax.x;
    const float d = vertical ? dy : dx;
    if (max <= 0) return false;
    return (d > 0 && pos < max - 0.5f) || (d < 0 && pos > 0.5f);
}

} // namespace costlab::web
