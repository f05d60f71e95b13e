// AppState: everything the GUI knows, in one place (no globals elsewhere). Panels read
// `report` and edit `scenario`; when a widget returns true the panel calls
// AppState::changed(), which validates, recomputes the report once per frame, and updates the
// share link. An invalid edit keeps the last good scenario and report and shows the message.
// Panels never call the platform: they leave requests in `requests`, which App carries out at
// the end of the frame.
#pragma once

#include "costlab/catalog.h"
#include "costlab/device.h"
#include "costlab/model.h"
#include "costlab/scenario.h"
#include "platform.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace costlab::gui {

enum class Theme { light, dark };

// What the panels ask the platform to do; App::frame() carries it out and clears it.
struct PlatformRequests {
    struct File {
        std::string name, mime, bytes;
    };
    bool start_hardware = false;
    bool cancel_hardware = false;
    bool read_clipboard = false;  // result lands in AppState::pasted (next frame)
    std::string copy_to_clipboard; // non-empty: copy this text
    std::string copied_what;       // for the notice: "Link", "Embed snippet"
    std::vector<File> save;
    bool save_png = false; // the comparison panel as a PNG (rectangle in compare_rect)
    std::string open_url;  // non-empty: open this page (relative to the page: "methodology.html")
};

// The user's figures for "your device", which the benchmark cannot measure.
struct DeviceAssumptions {
    double board_power_w = 30;  // draw under load: laptop ~30 W, desktop GPU 150-450 W
    double memory_gb = 16;      // memory the model may use
};

// Text typed into a number field that has not been applied (yet): ui::typed_number keeps it
// here until it is valid and applied, so an invalid text stays in its field with its message
// while every figure keeps the last valid value.
struct TypedText {
    std::string text;        // what the field shows
    double base = 0;         // the value when typing began (changed elsewhere: the text goes)
    double typed_at_s = 0;   // ImGui::GetTime() of the last keystroke
    bool waiting = false;    // typed and not yet checked (the pause has not passed)
    std::string error;       // why the text was not applied; empty while waiting
};

struct AppState {
    Catalog catalog = Catalog::builtin();
    Scenario scenario;           // what the panels edit
    Scenario last_good;          // what `report` was computed from
    Report report;
    std::vector<FieldError> errors; // why the current edit was not applied (shown in words)
    std::string notice;          // one-line messages ("Link copied", "broken link: ...")
    bool dirty = true;           // recompute at the end of this frame
    Theme theme = Theme::light;
    HardwareStatus hardware;     // last status polled from the platform

    // Bookkeeping App updates; panels only read it.
    uint64_t evaluations = 0;       // times the model ran for the main report
    uint64_t chart_evaluations = 0; // workload evaluations for charts (sweeps), cached per report
    uint64_t report_generation = 0; // bumps whenever `report` changes (sweeps cache on it)
    uint64_t catalog_generation = 0; // bumps on catalog edits (merge, measured device)
    uint64_t frame_count = 0;
    std::string page_url;           // platform.page_url(), read at start
    std::string fragment;           // scenario_to_fragment(last_good)
    int columns = 1;                // layout columns this frame (1 on phones)
    float compare_rect[4] = {0, 0, 0, 0}; // x, y, w, h of the Compare panel (for the PNG)

    PlatformRequests requests;
    std::string pasted;             // text read from the clipboard on request
    uint64_t pasted_generation = 0; // bumps each time `pasted` is filled
    DeviceAssumptions device;
    std::map<std::string, TypedText> typing; // by field key (json path or the widget's key)
    bool typing_waiting = false; // a typed text waits for its pause: App keeps frames coming
    bool custom_catalog = false; // a catalog was merged: a link alone does not reopen it
    Scenario before_device;      // the comparison before "time my hardware" switched it
    bool on_device = false;      // the comparison was switched to the measured device
    bool device_edit = false;    // the device's figures changed: App re-picks what fits
    DeviceEstimate device_estimate; // core estimate_device() for last_good's measured device

    // How the page shows the app (set by the platform before App::start(); the full page leaves
    // the defaults). embed: the compact layout of site/embed.html (no theme button, no footer
    // line). panels: keys of App::panel_keys() to draw, in layout order; empty draws them all.
    // transparent: the outer window has no background (the host page shows through).
    bool embed = false;
    bool transparent = false;
    std::vector<std::string> panels;
    // page_scrolls: the page's own scrolling moves the layout (the full web page: the canvas
    // stays in view while the page scrolls over the layout's height, web/README.md), so the
    // outer window never takes the wheel itself. The native app and embeds leave it off.
    bool page_scrolls = false;
    // The platform can open a page (Platform::open_url): the header shows the methodology link.
    bool opens_urls = false;

    // Marks the scenario edited; the report is recomputed once at the end of the frame.
    void changed() { dirty = true; }
    // Marks the catalog edited (merge_json, put): recompute even if the scenario is the same.
    void catalog_changed() {
        ++catalog_generation;
        dirty = true;
    }
    // The error message for one field of the current edit, or nullptr.
    const FieldError* error_for(const char* json_path) const {
        for (const auto& e : errors)
            if (e.field == json_path) return &e;
        return nullptr;
    }
};

} // namespace costlab::gui
