// costlab-gui: the calculator as a desktop app. GLFW window, OpenGL 3 (imgui_impl_glfw +
// imgui_impl_opengl3, "#version 130"), one App over a NativePlatform. It draws only when
// something happens: it sleeps in glfwWaitEvents() and, after input or a request from the GUI
// (Platform::request_frames), draws a few frames so ImGui's layout settles, then sleeps again.
// The window size is remembered in $XDG_CONFIG_HOME/costlab/window (or ~/.config/costlab).
//
//   costlab-gui [--scenario FILE.json | --fragment '#v=2&...'] [--catalog FILE.json]
//               [--theme light|dark] [--size WxH] [--screenshot FILE.png]
//
// --screenshot draws a few frames, reads the window back (glReadPixels), writes it as a PNG and
// exits: the test under Xvfb uses it.
#include "app.h"
#include "fonts.h"
#include "picture.h"
#include "platform_native.h"
#include "render_png.h"

#include "costlab/catalog.h"
#include "costlab/input.h"
#include "costlab/limits.h"
#include "costlab/scenario.h"

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "imgui_internal.h" // the input queue: did the wait end on input?

#include <GLFW/glfw3.h>
#include <GL/gl.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace costlab;

namespace {

const char* const kUsage = R"(costlab-gui: the costlab calculator as a desktop app.

usage: costlab-gui [flags]
  --scenario FILE.json   start from a scenario file (as `costlab link` / the page's JSON)
  --fragment '#v=2&...'  start from a share link's fragment
  --catalog FILE.json    add or override catalog entries
  --theme light|dark     (default light)
  --size WxH             window size in pixels (default: the size it had last time, else 1280x860)
  --screenshot FILE.png  draw, save the window as a PNG and exit (for tests and docs)
)";

fs::path config_file() {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    fs::path dir;
    if (xdg && *xdg)
        dir = fs::path(xdg) / "costlab";
    else if (home && *home)
        dir = fs::path(home) / ".config" / "costlab";
    else
        return {};
    return dir / "window";
}

void load_window_size(int& w, int& h) {
    const fs::path f = config_file();
    if (f.empty()) return;
    std::ifstream in(f);
    int a = 0, b = 0;
    if (in >> a >> b && a >= 320 && b >= 240 && a <= 16384 && b <= 16384) {
        w = a;
        h = b;
    }
}

void save_window_size(int w, int h) {
    const fs::path f = config_file();
    if (f.empty() || w < 320 || h < 240) return;
    std::error_code ec;
    fs::create_directories(f.parent_path(), ec);
    std::ofstream out(f);
    if (out) out << w << " " << h << "\n";
}

struct Args {
    std::string fragment, catalog_text, screenshot;
    gui::Theme theme = gui::Theme::light;
    int width = 0, height = 0;
    Catalog catalog = Catalog::builtin();
};

// Exit status 2 with a message on stderr for bad flags and unreadable or invalid inputs.
int parse_args(int argc, char** argv, Args& a) {
    auto fail = [](const std::string& m) {
        std::fprintf(stderr, "costlab-gui: %s\n", m.c_str());
        return 2;
    };
    for (int i = 1; i < argc; ++i) {
        std::string name = argv[i], value;
        if (name == "--help" || name == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (size_t eq = name.find('='); name.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            return fail(name + " needs a value (try --help)");
        }
        if (name == "--scenario") {
            TextRead in = read_text_file(value, limits::kMaxScenarioBytes, "scenario file");
            if (!in.ok()) return fail("--scenario " + in.error);
            ParseResult r = parse_scenario_json(in.text);
            if (!r.ok())
                return fail("--scenario " + value + ": " + r.errors.front().field + ": " +
                            r.errors.front().message);
            a.fragment = scenario_to_fragment(r.scenario);
        } else if (name == "--fragment") {
            a.fragment = value.rfind('#', 0) == 0 ? value.substr(1) : value;
            ParseResult r = parse_scenario_fragment(a.fragment);
            if (!r.ok())
                return fail("--fragment: " + r.errors.front().field + ": " + r.errors.front().message);
        } else if (name == "--catalog") {
            TextRead in = read_text_file(value, limits::kMaxCatalogBytes, "catalog file");
            if (!in.ok()) return fail("--catalog " + in.error);
            std::vector<std::string> errors;
            for (const auto& e : a.catalog.merge_json(in.text))
                errors.push_back(e.path.empty() ? e.message : e.path + ": " + e.message);
            if (!errors.empty()) return fail("--catalog " + value + ": " + errors.front());
        } else if (name == "--theme") {
            if (value != "light" && value != "dark") return fail("--theme must be light or dark");
            a.theme = value == "dark" ? gui::Theme::dark : gui::Theme::light;
        } else if (name == "--size") {
            int w = 0, h = 0;
            if (std::sscanf(value.c_str(), "%dx%d", &w, &h) != 2 || w < 320 || h < 240 ||
                w > 16384 || h > 16384)
                return fail("--size: \"" + value + "\" must be WxH, 320x240 .. 16384x16384");
            a.width = w;
            a.height = h;
        } else if (name == "--screenshot") {
            a.screenshot = value;
        } else {
            return fail("unknown flag " + name + " (try --help)");
        }
    }
    return -1; // go on
}

// Ctrl+C / SIGTERM close the window like its close button (the size is saved); the idle wait
// wakes once a second to notice.
volatile std::sig_atomic_t g_quit = 0;
void on_signal(int) {
    g_quit = 1;
}

// Set by window events that need a redraw but queue no ImGui input (resize, expose).
bool g_redraw = false;
void on_refresh(GLFWwindow*) {
    g_redraw = true;
}
void on_size(GLFWwindow*, int, int) {
    g_redraw = true;
}

void glfw_error(int code, const char* text) {
    std::fprintf(stderr, "costlab-gui: GLFW error %d: %s\n", code, text);
}

// The window's pixels (bottom-up from GL) as a top-down image.
gui::Image read_back(int w, int h) {
    gui::Image img;
    img.width = w;
    img.height = h;
    img.rgba.resize(size_t(w) * h * 4);
    std::vector<uint8_t> tmp(img.rgba.size());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, tmp.data());
    for (int y = 0; y < h; ++y)
        std::memcpy(&img.rgba[size_t(y) * w * 4], &tmp[size_t(h - 1 - y) * w * 4], size_t(w) * 4);
    for (size_t i = 3; i < img.rgba.size(); i += 4)
        img.rgba[i] = 255;
    return img;
}

} // namespace

int main(int argc, char** argv) {
    Args args;
    if (int rc = parse_args(argc, argv, args); rc >= 0) return rc;

    glfwSetErrorCallback(glfw_error);
    if (!glfwInit()) {
        std::fprintf(stderr, "costlab-gui: no display (GLFW could not start); for a picture "
                             "without one use `costlab render`\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    int win_w = 1280, win_h = 860;
    load_window_size(win_w, win_h);
    if (args.width > 0) {
        win_w = args.width;
        win_h = args.height;
    }
    GLFWwindow* window = glfwCreateWindow(win_w, win_h, "costlab", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "costlab-gui: could not open an OpenGL 3 window\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    glfwSetWindowRefreshCallback(window, on_refresh);
    glfwSetFramebufferSizeCallback(window, on_size);
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // the scenario is the state; only the window size is kept
    io.LogFilename = nullptr;
    io.ConfigInputTextCursorBlink = false; // a blinking caret would need frames while idle
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");
    gui::add_fonts(*io.Fonts, 1.0f); // the page's faces and sizes (fonts.h)

    {
        gui::NativePlatform platform(window, args.fragment);
        gui::App app(platform);
        app.state().catalog = args.catalog;
        app.state().catalog_changed();
        app.state().theme = args.theme;
        app.start();

        int frames_left = 3, drawn = 0;
        const int screenshot_after = 12; // frames: enough for auto-sized panels to settle
        int rc = 0;
        while (!glfwWindowShouldClose(window)) {
            if (frames_left <= 0 && args.screenshot.empty()) {
                // Idle: sleep until input, a resize or a close (and once a second for signals);
                // while the benchmark runs, wake ten times a second for its progress bar.
                g_redraw = false;
                glfwWaitEventsTimeout(app.state().hardware.running ? 0.1 : 1.0);
                if (g_quit) break;
                const bool input = ImGui::GetCurrentContext()->InputEventsQueue.Size > 0;
                if (!input && !g_redraw && !app.state().hardware.running &&
                    !glfwWindowShouldClose(window))
                    continue;         // woke for nothing: draw nothing
                frames_left = 3;      // a few frames for ImGui to react and settle
            } else {
                glfwPollEvents();
                if (g_quit) break;
            }
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            ImGui::NewFrame();
            app.frame();
            ImGui::Render();
            int fb_w = 0, fb_h = 0;
            glfwGetFramebufferSize(window, &fb_w, &fb_h);
            glViewport(0, 0, fb_w, fb_h);
            const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
            glClearColor(bg.x, bg.y, bg.z, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            ++drawn;

            if (!args.screenshot.empty() && drawn >= screenshot_after) {
                std::string err;
                if (!gui::write_png(args.screenshot, read_back(fb_w, fb_h), &err)) {
                    std::fprintf(stderr, "costlab-gui: %s\n", err.c_str());
                    rc = 1;
                } else {
                    std::printf("costlab-gui: screenshot %s (%d x %d)\n", args.screenshot.c_str(),
                                fb_w, fb_h);
                }
                break;
            }
            glfwSwapBuffers(window);

            // "Save the comparison as PNG": drawn again by the same panels in software, so
            // the picture is whole even when the comparison is scrolled out of view.
            const std::string png = platform.take_png_request();
            if (!png.empty()) {
                gui::PictureOptions opts;
                opts.theme = app.state().theme;
                opts.width = std::clamp(int(app.state().compare_rect[2]), gui::kPictureMinSide, 4096);
                gui::Image img;
                std::string err;
                const std::string name = fs::path(png).filename().string();
                if (gui::render_picture(app.state().last_good, app.state().catalog, opts, img, &err) &&
                    gui::write_png(name, img, &err)) {
                    std::error_code ec;
                    app.state().notice = "Saved " + (fs::current_path(ec) / name).string();
                } else {
                    app.state().notice = "Could not save the picture: " + err;
                }
                frames_left = std::max(frames_left, 2);
            }
            if (std::string n = platform.take_notice(); !n.empty()) app.state().notice = n;
            frames_left = std::max(frames_left - 1, platform.take_frames());
        }
        if (args.screenshot.empty()) {
            int w = 0, h = 0;
            glfwGetWindowSize(window, &w, &h);
            save_window_size(w, h);
        }
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
        glfwDestroyWindow(window);
        glfwTerminate();
        return rc;
    }
}
