// The web platform: the only file of the app with EM_JS and EMSCRIPTEN_KEEPALIVE.
//
// 1. The plain API over the core, called by the page (web/page/runtime.js; the HTML twin, the form
//    and the no-WebGL2 fallback use it). Every function returns a pointer to a module-owned
//    string (UTF-8 JSON) valid until the next call into this API:
//      costlab_evaluate_json(json)      -> {"ok":true,"scenario":{...},"fragment":"v=2&...",
//                                           "report":{...},"display":{...}}
//                                          | {"ok":false,"errors":[{"field","message"}...]}
//      costlab_evaluate_fragment(frag)  -> the same, from a URL fragment ("v=2&to=800")
//      costlab_default_scenario_json()  -> the default scenario as JSON
//      costlab_catalog_json()           -> ids and display names of the built-in catalog
//      costlab_fields_json()            -> the scenario field table (labels, units, ranges)
//    "display" holds the figures already written in readable units by report_io.h's
//    formatters, so the page, the GUI and the CLI's table never disagree on rounding.
//
// 2. WebPlatform, the gui::Platform of the page: every call goes to the page object the
//    module was created with (Module.costlabHost, web/app.js), which owns the DOM work.
//
// 3. The page's entry points into the ImGui app (main_web.cpp): start, frame, resize, input
//    (pointer, wheel, keys, text), focus, theme, a new fragment, hardware benchmark status.
#include "app.h"
#include "app_state.h"
#include "platform_web.h"

#include "costlab/catalog.h"
#include "costlab/model.h"
#include "costlab/report_io.h"
#include "costlab/scenario.h"

#include "imgui.h"
#include "imgui_hooks.h"
#include "imgui_internal.h"

#include <emscripten/emscripten.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cfloat>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

// ---- 1. the plain API ----------------------------------------------------------------
std::string g_out; // the one buffer the plain API returns

const char* give(std::string s) {
    g_out = std::move(s);
    return g_out.c_str();
}

// The default scenario, built once: each Scenario{} written out inline (a default argument
// too) costs the page about a kilobyte of wasm (its strings and fields built in place).
const costlab::Scenario& defaults() {
    static const costlab::Scenario s;
    return s;
}

// dump() that never aborts on odd bytes (the core is built with JSON_NOEXCEPTION).
std::string dump(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json display_of(const costlab::WorkloadReport& w) {
    using namespace costlab;
    json d;
    // What the canvas hatches is "not shown" here too (as gui/results.cpp's display_of).
    const bool ok = figures_trusted(w), usd = dollars_trusted(w);
    auto or_hidden = [](bool trusted, const std::string& s) { return trusted ? s : std::string("not shown"); };
    d["seconds_per_query"] = or_hidden(ok, format_seconds(w.seconds_per_query));
    d["gpu_seconds_per_query"] = or_hidden(ok, format_seconds(w.gpu_seconds_per_query));
    d["usd_per_query"] = or_hidden(usd, format_usd(w.usd_per_query));
    d["gpu_energy_wh"] = or_hidden(ok, format_energy_wh(w.gpu_energy_wh));
    d["it_energy_wh"] = or_hidden(ok, format_energy_wh(w.it_energy_wh));
    d["facility_energy_wh"] = or_hidden(ok, format_energy_wh(w.facility_energy_wh));
    d["co2_g_per_query"] = or_hidden(ok, format_mass_g(w.co2_g_per_query));
    d["water_l_per_query"] = or_hidden(ok, format_volume_l(w.water_l_per_query));
    d["embodied_co2_g_per_query"] = or_hidden(ok, format_mass_g(w.embodied_co2_g_per_query));
    d["memory_needed"] = format_si(w.memory_gb_needed * 1e9, "B");
    d["memory_available"] = format_si(w.memory_gb_available * 1e9, "B");
    // The first answer: a reply's first token (continuous batching), an image or video whole.
    d["first_answer"] = or_hidden(ok, format_seconds(w.workload == Workload::text
                                                         ? w.time_to_first_token_s
                                                         : w.seconds_per_query));
    if (w.workload == Workload::text && ok && w.time_per_output_token_s > 0)
        d["tokens_per_s_per_user"] = format_si(1 / w.time_per_output_token_s, "") + " tokens/s";
    return d;
}

std::string errors_result(const std::vector<costlab::FieldError>& errors) {
    return "{\"ok\":false,\"errors\":" + costlab::errors_to_json(errors) + "}";
}

// ignored: the bad fields of a link whose good fields were kept (keep_good_fields).
std::string evaluate_result(const costlab::ParseResult& parsed,
                            const std::vector<costlab::FieldError>& ignored = {}) {
    using namespace costlab;
    if (!parsed.ok()) return errors_result(parsed.errors);
    const Report r = evaluate(parsed.scenario, Catalog::builtin(), EvaluateOptions::everything());
    if (!r.ok()) return errors_result(r.errors);
    json display;
    for (Workload w : r.enabled_workloads()) // the twin's columns
        display[info(w).name] = display_of(r.workload(w));
    std::string out = "{\"ok\":true,\"scenario\":";
    out += scenario_to_json(parsed.scenario, false);
    out += ",\"fragment\":";
    out += dump(json(scenario_to_fragment(parsed.scenario)));
    out += ",\"report\":";
    out += report_to_json(r, false);
    out += ",\"display\":";
    out += dump(display);
    if (!ignored.empty()) out += ",\"ignored\":" + errors_to_json(ignored);
    out += "}";
    return out;
}

} // namespace

// ---- 2. the page's side of the Platform ------------------------------------------------
// Each reaches the page object (web/app.js makeHost()). Strings come back malloc'ed.
EM_JS(void, costlab_js_set_clipboard, (const char* text), {
    Module.costlabHost.setClipboard(UTF8ToString(text));
});
EM_JS(char*, costlab_js_string, (int which), {
    var h = Module.costlabHost;
    var s = String((which == 0 ? h.clipboard() : which == 1 ? h.fragment() : h.pageUrl()) || "");
    var n = lengthBytesUTF8(s) + 1;
    var p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
});
EM_JS(void, costlab_js_replace_fragment, (const char* fragment), {
    Module.costlabHost.replaceFragment(UTF8ToString(fragment));
});
EM_JS(void, costlab_js_publish, (const char* report, const char* summary), {
    Module.costlabHost.publish(UTF8ToString(report), UTF8ToString(summary));
});
EM_JS(void, costlab_js_save_file, (const char* name, const char* mime, const char* data, int size), {
    Module.costlabHost.saveFile(UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(data, data + size));
});
EM_JS(void, costlab_js_save_png, (const char* name, float x, float y, float w, float h), {
    Module.costlabHost.savePng(UTF8ToString(name), x, y, w, h);
});
EM_JS(void, costlab_js_hardware, (int start), {
    if (start) Module.costlabHost.hardwareStart();
    else Module.costlabHost.hardwareCancel();
});
EM_JS(void, costlab_js_request_frames, (int count), {
    Module.costlabHost.requestFrames(count);
});
EM_JS(void, costlab_js_after_frame,
      (int want_text, int want_keyboard, int numeric, double ime_x, double ime_y, double ime_h,
       int hovered, int tooltip, int pending, int unsettled, int cursor, int theme_by_gui, int dark,
       int gui_scrolled, double scroll_y, int popup), {
    Module.costlabHost.afterFrame({
        wantText: !!want_text, wantKeyboard: !!want_keyboard, numeric: !!numeric,
        imeX: ime_x, imeY: ime_y, imeH: ime_h, hovered: !!hovered, tooltip: !!tooltip,
        pending: !!pending, unsettled: !!unsettled, cursor: cursor, themeByGui: !!theme_by_gui, dark: !!dark,
        guiScrolled: !!gui_scrolled, scrollY: scroll_y, popup: !!popup
    });
});
EM_JS(int, costlab_js_open_url, (const char* url), {
    return Module.costlabHost.openUrl(UTF8ToString(url)) ? 1 : 0;
});
// Emscripten's GLFW listens on the whole window for keys (cancelling Tab and Backspace
// everywhere) and on the canvas for the wheel (cancelling page scrolling): the page feeds
// input itself, so those listeners go.
EM_JS(void, costlab_js_detach_glfw, (), {
    if (typeof GLFW !== 'object') return;
    var w = [['keydown', GLFW.onKeydown], ['keypress', GLFW.onKeyPress], ['keyup', GLFW.onKeyup],
             ['blur', GLFW.onBlur], ['gamepadconnected', GLFW.onGamepadConnected],
             ['gamepaddisconnected', GLFW.onGamepadDisconnected]];
    w.forEach(function (e) { window.removeEventListener(e[0], e[1], true); });
    var c = Module.canvas;
    var l = [['touchmove', GLFW.onMousemove], ['touchstart', GLFW.onMouseButtonDown],
             ['touchcancel', GLFW.onMouseButtonUp], ['touchend', GLFW.onMouseButtonUp],
             ['mousemove', GLFW.onMousemove], ['mousedown', GLFW.onMouseButtonDown],
             ['mouseup', GLFW.onMouseButtonUp], ['wheel', GLFW.onMouseWheel],
             ['mousewheel', GLFW.onMouseWheel], ['mouseenter', GLFW.onMouseenter],
             ['mouseleave', GLFW.onMouseleave], ['drop', GLFW.onDrop], ['dragover', GLFW.onDragover]];
    l.forEach(function (e) { c.removeEventListener(e[0], e[1], true); });
});

namespace {

std::string take_js_string(char* p) {
    std::string s = p ? p : "";
    std::free(p);
    return s;
}

class WebPlatform final : public costlab::gui::Platform {
public:
    void set_clipboard(const std::string& text) override { costlab_js_set_clipboard(text.c_str()); }
    std::string clipboard() override { return take_js_string(costlab_js_string(0)); }
    std::string url_fragment() override { return take_js_string(costlab_js_string(1)); }
    void replace_url_fragment(const std::string& fragment) override {
        costlab_js_replace_fragment(fragment.c_str());
    }
    std::string page_url() override { return take_js_string(costlab_js_string(2)); }
    void publish_results(const std::string& report_json, const std::string& summary) override {
        costlab_js_publish(report_json.c_str(), summary.c_str());
    }
    void save_file(const std::string& name, const std::string& mime, const std::string& bytes) override {
        costlab_js_save_file(name.c_str(), mime.c_str(), bytes.data(), int(bytes.size()));
    }
    // The page grabs the rectangle right after this frame is drawn (same task, so the WebGL
    // drawing buffer still holds it).
    void save_canvas_png(const std::string& name, float x, float y, float w, float h) override {
        costlab::web::save_png(name, x, y, w, h);
    }
    void start_hardware_benchmark() override {
        hardware_.running = true;
        hardware_.progress = 0;
        hardware_.message.clear();
        costlab_js_hardware(1);
    }
    void cancel_hardware_benchmark() override { costlab_js_hardware(0); }
    costlab::gui::HardwareStatus hardware_status() override { return hardware_; }
    void request_frames(int count) override {
        if (count > 0) costlab_js_request_frames(count);
    }
    bool opens_urls() const override { return true; }
    bool open_url(const std::string& url) override { return costlab_js_open_url(url.c_str()) != 0; }

    costlab::gui::HardwareStatus hardware_;
};

WebPlatform& web_platform() {
    static WebPlatform p;
    return p;
}

// DOM KeyboardEvent.code (or .key where code is empty, as on phone keyboards) -> ImGuiKey.
struct KeyName {
    const char* name;
    ImGuiKey key;
};
constexpr KeyName kKeys[] = {
    {"Tab", ImGuiKey_Tab}, {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
    {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
    {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End},
    {"Insert", ImGuiKey_Insert}, {"Delete", ImGuiKey_Delete}, {"Backspace", ImGuiKey_Backspace},
    {"Space", ImGuiKey_Space}, {" ", ImGuiKey_Space}, {"Enter", ImGuiKey_Enter},
    {"NumpadEnter", ImGuiKey_KeypadEnter}, {"Escape", ImGuiKey_Escape},
    {"ControlLeft", ImGuiKey_LeftCtrl}, {"ControlRight", ImGuiKey_RightCtrl},
    {"ShiftLeft", ImGuiKey_LeftShift}, {"ShiftRight", ImGuiKey_RightShift},
    {"AltLeft", ImGuiKey_LeftAlt}, {"AltRight", ImGuiKey_RightAlt},
    {"MetaLeft", ImGuiKey_LeftSuper}, {"MetaRight", ImGuiKey_RightSuper},
    {"ContextMenu", ImGuiKey_Menu}, {"Quote", ImGuiKey_Apostrophe}, {"Comma", ImGuiKey_Comma},
    {"Minus", ImGuiKey_Minus}, {"Period", ImGuiKey_Period}, {"Slash", ImGuiKey_Slash},
    {"Semicolon", ImGuiKey_Semicolon}, {"Equal", ImGuiKey_Equal},
    {"BracketLeft", ImGuiKey_LeftBracket}, {"Backslash", ImGuiKey_Backslash},
    {"BracketRight", ImGuiKey_RightBracket}, {"Backquote", ImGuiKey_GraveAccent},
    {"NumpadDecimal", ImGuiKey_KeypadDecimal}, {"NumpadDivide", ImGuiKey_KeypadDivide},
    {"NumpadMultiply", ImGuiKey_KeypadMultiply}, {"NumpadSubtract", ImGuiKey_KeypadSubtract},
    {"NumpadAdd", ImGuiKey_KeypadAdd}, {"NumpadEqual", ImGuiKey_KeypadEqual},
};

ImGuiKey key_from_dom(const char* code, const char* key) {
    // Letters follow the layout (event.key) so Ctrl+Z is Ctrl+Z on AZERTY too.
    if (key && key[0] && !key[1]) {
        const char c = key[0];
        if (c >= 'a' && c <= 'z') return ImGuiKey(ImGuiKey_A + (c - 'a'));
        if (c >= 'A' && c <= 'Z') return ImGuiKey(ImGuiKey_A + (c - 'A'));
    }
    if (code && code[0]) {
        if (!std::strncmp(code, "Key", 3) && code[3] >= 'A' && code[3] <= 'Z' && !code[4])
            return ImGuiKey(ImGuiKey_A + (code[3] - 'A'));
        if (!std::strncmp(code, "Digit", 5) && code[5] >= '0' && code[5] <= '9' && !code[6])
            return ImGuiKey(ImGuiKey_0 + (code[5] - '0'));
        if (!std::strncmp(code, "Numpad", 6) && code[6] >= '0' && code[6] <= '9' && !code[7])
            return ImGuiKey(ImGuiKey_Keypad0 + (code[6] - '0'));
        if (code[0] == 'F' && code[1] >= '1' && code[1] <= '9') {
            const int n = std::atoi(code + 1);
            if (n >= 1 && n <= 12) return ImGuiKey(ImGuiKey_F1 + n - 1);
        }
    }
    for (const char* name : {code, key}) {
        if (!name || !name[0]) continue;
        for (const KeyName& k : kKeys)
            if (!std::strcmp(k.name, name)) return k.key;
    }
    return ImGuiKey_None;
}

bool ready() {
    return costlab::web::app() != nullptr;
}

// Modifier keys as the DOM event saw them (1 ctrl, 2 shift, 4 alt, 8 meta).
void set_mods(ImGuiIO& io, int mods) {
    io.AddKeyEvent(ImGuiMod_Ctrl, (mods & 1) != 0);
    io.AddKeyEvent(ImGuiMod_Shift, (mods & 2) != 0);
    io.AddKeyEvent(ImGuiMod_Alt, (mods & 4) != 0);
    io.AddKeyEvent(ImGuiMod_Super, (mods & 8) != 0);
}

} // namespace

namespace costlab::web {

gui::Platform& platform() {
    return web_platform();
}

void detach_glfw_listeners() {
    costlab_js_detach_glfw();
}

void grab_png(const std::string& name, float x, float y, float w, float h) {
    costlab_js_save_png(name.c_str(), x, y, w, h);
}

void after_frame(const FrameInfo& f) {
    costlab_js_after_frame(f.want_text, f.want_keyboard, f.numeric, f.ime_x, f.ime_y, f.ime_h,
                           f.hovered, f.tooltip, f.pending_input, f.unsettled, f.cursor, f.theme_changed_by_gui,
                           f.dark, f.gui_scrolled, f.scroll_y, f.popup);
}

} // namespace costlab::web

extern "C" {

// ---- 1. the plain API --------------------------------------------------------------------
EMSCRIPTEN_KEEPALIVE const char* costlab_evaluate_json(const char* scenario_json) {
    return give(evaluate_result(costlab::parse_scenario_json(scenario_json ? scenario_json : "", defaults())));
}

// A link with some bad fields: the result of its good fields (the bad ones at their
// defaults), with the bad ones in "ignored"; a link that is not usable at all: ok false.
EMSCRIPTEN_KEEPALIVE const char* costlab_evaluate_fragment(const char* fragment) {
    using namespace costlab;
    const ParseResult parsed = parse_scenario_fragment(fragment ? fragment : "", defaults());
    ParseResult kept{defaults(), {}};
    const std::vector<FieldError> bad =
        keep_good_fields(parsed, defaults(), Catalog::builtin(), kept.scenario);
    for (const auto& e : bad)
        if (e.field.empty() || e.field == "version") return give(errors_result(bad));
    return give(evaluate_result(kept, bad));
}

EMSCRIPTEN_KEEPALIVE const char* costlab_default_scenario_json() {
    return give(costlab::scenario_to_json(defaults(), false));
}

EMSCRIPTEN_KEEPALIVE const char* costlab_catalog_json() {
    const costlab::Catalog& c = costlab::Catalog::builtin();
    json out;
    json& acc = out["accelerators"] = json::array();
    for (const auto& a : c.accelerators())
        acc.push_back({{"id", a.id}, {"name", a.name}, {"vendor", a.vendor},
                       {"usd_per_gpu_hour", a.usd_per_gpu_hour}, {"memory_gb", a.memory_bytes / 1e9}});
    json& text = out["text_models"] = json::array();
    for (const auto& m : c.text_models())
        text.push_back({{"id", m.id}, {"name", m.name}, {"params_total", m.params_total},
                        {"params_active", m.params_active}});
    json& image = out["image_models"] = json::array();
    for (const auto& m : c.image_models()) {
        const char* family = m.family == costlab::ImageFamily::unet  ? "unet"
                             : m.family == costlab::ImageFamily::dit ? "dit"
                                                                     : "autoregressive";
        image.push_back({{"id", m.id}, {"name", m.name}, {"family", family},
                         {"default_steps", m.default_steps}});
    }
    return give(dump(out));
}

EMSCRIPTEN_KEEPALIVE const char* costlab_fields_json() {
    json out = json::array();
    for (const auto& f : costlab::scenario_fields()) {
        out.push_back({{"json_path", f.json_path ? f.json_path : ""},
                       {"url_key", f.url_key ? f.url_key : ""},
                       {"label", f.label ? f.label : ""},
                       {"unit", f.unit ? f.unit : ""},
                       {"min", f.min},
                       {"max", f.max}});
    }
    return give(dump(out));
}

// ---- 3. the ImGui app ----------------------------------------------------------------------
// Starts the app on the page's canvas (its WebGL2 context already made by the page). 1 = ok.
EMSCRIPTEN_KEEPALIVE int costlab_app_start(double css_w, double css_h, double ratio, int mac, int dark) {
    return costlab::web::start(css_w, css_h, ratio, mac != 0, dark != 0) ? 1 : 0;
}

// Before costlab_app_start: site/embed.html's mode. panels: "compare,fleet" (empty: all).
EMSCRIPTEN_KEEPALIVE void costlab_app_configure(const char* panels, int embed, int transparent) {
    costlab::web::configure(panels ? panels : "", embed != 0, transparent != 0);
}

// Height the layout wanted last frame (CSS px): the embed sizes its canvas to it.
EMSCRIPTEN_KEEPALIVE double costlab_content_height() {
    return costlab::web::content_height();
}

EMSCRIPTEN_KEEPALIVE void costlab_frame() {
    costlab::web::frame();
}

// CSS size, devicePixelRatio, and the backing store the page measured (device pixels).
EMSCRIPTEN_KEEPALIVE void costlab_resize(double css_w, double css_h, double ratio, int fb_w, int fb_h) {
    costlab::web::resize(css_w, css_h, ratio, fb_w, fb_h);
}

// kind: 0 move, 1 down, 2 up, 3 left the canvas, 4 cancelled (the button goes up away from
// everything, so nothing is clicked: the browser took the gesture). source: 0 mouse, 1 touch, 2 pen (the
// ImGuiMouseSource values). button: the DOM button (0 left, 1 middle, 2 right). mods: the
// modifier keys held (1 ctrl, 2 shift, 4 alt, 8 meta): Ctrl+click on a slider types a value.
EMSCRIPTEN_KEEPALIVE void costlab_pointer(int kind, int source, double x, double y, int button, int mods) {
    if (!ready()) return;
    ImGuiIO& io = ImGui::GetIO();
    set_mods(io, mods);
    io.AddMouseSourceEvent(ImGuiMouseSource(source >= 0 && source <= 2 ? source : 0));
    if (kind == 3 || kind == 4) {
        io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
        if (kind == 4) io.AddMouseButtonEvent(0, false);
        return;
    }
    io.AddMousePosEvent(float(x), float(y));
    const int b = button == 1 ? 2 : button == 2 ? 1 : button;
    if ((kind == 1 || kind == 2) && b >= 0 && b < ImGuiMouseButton_COUNT) io.AddMouseButtonEvent(b, kind == 1);
}

// A wheel event at (x, y): 1 = the GUI scrolls (the page cancels the event), 0 = the page
// scrolls. delta_mode is WheelEvent.deltaMode (0 pixels, 1 lines, 2 pages).
EMSCRIPTEN_KEEPALIVE int costlab_wheel(double x, double y, double dx, double dy, int delta_mode, int shift) {
    if (!ready()) return 0;
    if (shift && dx == 0) std::swap(dx, dy); // Shift+wheel scrolls sideways
    if (!costlab::web::wheel_scrolls(float(x), float(y), float(dx), float(dy))) return 0;
    // Like imgui_impl_glfw's Emscripten wheel handler: 100 px or 3 lines make one step.
    const double step = delta_mode == 0 ? 1.0 / 100 : delta_mode == 1 ? 1.0 / 3 : 80.0;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(float(x), float(y));
    io.AddMouseWheelEvent(float(-dx * step), float(-dy * step));
    return 1;
}

// A key went down or up. mods: 1 ctrl, 2 shift, 4 alt, 8 meta. 1 = ImGui knows the key.
EMSCRIPTEN_KEEPALIVE int costlab_key(const char* code, const char* key, int down, int mods) {
    if (!ready()) return 0;
    ImGuiIO& io = ImGui::GetIO();
    set_mods(io, mods);
    const ImGuiKey k = key_from_dom(code, key);
    if (k == ImGuiKey_None) return 0;
    io.AddKeyEvent(k, down != 0);
    return 1;
}

EMSCRIPTEN_KEEPALIVE void costlab_text(const char* utf8) {
    if (ready() && utf8) ImGui::GetIO().AddInputCharactersUTF8(utf8);
}

EMSCRIPTEN_KEEPALIVE void costlab_focus(int focused) {
    if (!ready()) return;
    ImGui::GetIO().AddFocusEvent(focused != 0);
    costlab::web::keyboard_focus(focused != 0);
}

// The full page's scroll offset over the layout (CSS px from its top; see set_page_scroll).
EMSCRIPTEN_KEEPALIVE void costlab_page_scroll(double y) {
    costlab::web::set_page_scroll(y);
}

// A section link: where the panel `key` (App::panel_keys()) starts, in CSS px from the
// layout's top (-1: unknown or not drawn); a collapsed panel opens as it comes into view.
EMSCRIPTEN_KEEPALIVE double costlab_reveal_panel(const char* key) {
    return ready() ? costlab::web::reveal_panel(key ? key : "") : -1.0;
}

EMSCRIPTEN_KEEPALIVE void costlab_set_theme(int dark) {
    costlab::web::set_theme(dark != 0);
}

// The page's fragment changed under the app (hashchange, the HTML form): the GUI takes the
// scenario if it parses; errors come back as the plain API's {"ok":false,"errors":[...]}.
// Its good fields are applied, each bad one takes its default and is named in "ignored": the
// figures of a link are a function of the link alone (as costlab_evaluate_fragment gives them),
// never of the links visited before it.
EMSCRIPTEN_KEEPALIVE const char* costlab_app_load_fragment(const char* fragment) {
    using namespace costlab;
    gui::App* a = web::app();
    const ParseResult parsed = parse_scenario_fragment(fragment ? fragment : "", defaults());
    for (const auto& e : parsed.errors)
        if (e.field.empty() || e.field == "version") return give(errors_result(parsed.errors));
    std::vector<FieldError> bad = parsed.errors;
    if (a) {
        gui::AppState& s = a->state();
        Scenario kept = defaults();
        bad = keep_good_fields(parsed, defaults(), s.catalog, kept);
        s.scenario = kept;
        s.changed();
    }
    if (bad.empty()) return give("{\"ok\":true}");
    return give("{\"ok\":true,\"ignored\":" + errors_to_json(bad) + "}");
}

// The system clipboard answered after Platform::clipboard() returned the page's copy: the GUI
// gets the fresh text as if it had just been read.
EMSCRIPTEN_KEEPALIVE void costlab_clipboard_text(const char* text) {
    if (costlab::gui::App* a = costlab::web::app()) {
        a->state().pasted = text ? text : "";
        ++a->state().pasted_generation;
    }
}

// Progress and result of "time my hardware" from web/hw (JSON, the HardwareStatus fields).
EMSCRIPTEN_KEEPALIVE void costlab_hardware_update(const char* status_json) {
    json j = json::parse(status_json ? status_json : "", nullptr, false);
    if (!j.is_object()) return;
    costlab::gui::HardwareStatus& h = web_platform().hardware_;
    auto num = [&](const char* k, double d) { return j.contains(k) && j[k].is_number() ? j[k].get<double>() : d; };
    auto str = [&](const char* k, const std::string& d) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : d; };
    auto flag = [&](const char* k, bool d) { return j.contains(k) && j[k].is_boolean() ? j[k].get<bool>() : d; };
    h.running = flag("running", h.running);
    h.progress = float(num("progress", h.progress));
    h.stage = str("stage", h.stage);
    h.has_result = flag("has_result", h.has_result);
    h.cpu1_gflops = num("cpu1_gflops", h.cpu1_gflops);
    h.cpu_all_gflops = num("cpu_all_gflops", h.cpu_all_gflops);
    h.gpu_gflops = num("gpu_gflops", h.gpu_gflops);
    h.gpu_f16_gflops = num("gpu_f16_gflops", h.gpu_f16_gflops);
    h.gpu_subgroups_gflops = num("gpu_subgroups_gflops", h.gpu_subgroups_gflops);
    h.memory_gb_per_s = num("memory_gb_per_s", h.memory_gb_per_s);
    h.threads = int(num("threads", h.threads));
    h.cpu_backend = str("cpu_backend", h.cpu_backend);
    h.gpu_backend = str("gpu_backend", h.gpu_backend);
    h.message = str("message", h.message);
}

// Test hook: the typed numbers not applied (ui::typed_number), {"<field>": {"text", "error",
// "waiting"}}: an invalid text stays in its box with its message.
EMSCRIPTEN_KEEPALIVE const char* costlab_test_typing() {
    json out = json::object();
    if (costlab::gui::App* a = costlab::web::app())
        for (const auto& [key, t] : a->state().typing)
            out[key] = {{"text", t.text}, {"error", t.error}, {"waiting", t.waiting}};
    return give(dump(out));
}

// Test hook (the browser tests drive the canvas with real pointer events): draws one frame with
// ImGui's item hooks on and returns every item whose label contains `needle` (any case):
// [{"label","x","y","w","h","visible","nav"}], rectangles in CSS pixels, visible = not clipped
// away, nav = keyboard navigation is on it. "*" returns every item, labelled or not (combos
// report no label); "" the labelled ones plus the focused item as "(nav)" if it has none.
EMSCRIPTEN_KEEPALIVE const char* costlab_test_find_items(const char* needle) {
    struct Item {
        ImGuiID id;
        ImRect bb, clip;
        std::string label; // from the item's info hook; combos have none
        bool labelled;
    };
    struct Found {
        std::vector<Item> items;
    } found;
    std::string want;
    for (const char* c = needle ? needle : ""; *c; ++c) want += char(std::tolower((unsigned char)*c));
    if (!ready()) return give("[]");
    costlab::gui::ImGuiItemHooks hooks;
    hooks.user = &found;
    hooks.item_add = [](void* user, ImGuiID id, const ImRect& bb) {
        ImGuiWindow* w = ImGui::GetCurrentContext()->CurrentWindow;
        static_cast<Found*>(user)->items.push_back({id, bb, w ? w->ClipRect : bb, "", false});
    };
    hooks.item_info = [](void* user, ImGuiID id, const char* label, int) {
        Found& f = *static_cast<Found*>(user);
        if (f.items.empty() || f.items.back().id != id || !label) return;
        f.items.back().label = label;
        f.items.back().labelled = true;
    };
    costlab::gui::set_imgui_item_hooks(hooks);
    costlab::web::frame();
    costlab::gui::set_imgui_item_hooks({});
    const ImGuiID nav = ImGui::GetCurrentContext()->NavId;
    json out = json::array();
    for (const Item& it : found.items) {
        std::string label = it.label;
        // "*": every item, labelled or not. "": the labelled ones, and the keyboard-focused
        // item as "(nav)" when it reports no label. Otherwise: labels containing the needle.
        if (want == "*") {
        } else if (!it.labelled) {
            if (!(want.empty() && it.id == nav)) continue;
            label = "(nav)";
        } else {
            std::string l;
            for (char c : label) l += char(std::tolower((unsigned char)c));
            if (l.find(want) == std::string::npos) continue;
        }
        ImRect v = it.bb;
        v.ClipWithFull(it.clip);
        out.push_back({{"label", label}, {"x", it.bb.Min.x}, {"y", it.bb.Min.y}, {"w", it.bb.GetWidth()},
                       {"h", it.bb.GetHeight()}, {"visible", v.GetWidth() > 2 && v.GetHeight() > 2},
                       {"nav", it.id == nav}});
    }
    return give(dump(out));
}

} // extern "C"
