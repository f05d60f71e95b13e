// App: the frame loop of the calculator. Each frame: poll the platform, lay out the panels in
// one to three columns by display width, draw them, carry out what they asked of the platform,
// then recompute the report once if anything changed. See app.h and app_state.h.
#include "app.h"

#include "costlab/report_io.h"
#include "fields.h"
#include "format.h"
#include "imgui.h"
#include "panels/assumptions.h"
#include "panels/business.h"
#include "panels/compare.h"
#include "panels/fleet.h"
#include "panels/hardware.h"
#include "panels/image_workload.h"
#include "panels/references.h"
#include "panels/roofline.h"
#include "panels/serving.h"
#include "panels/share.h"
#include "panels/sweeps.h"
#include "panels/text_workload.h"
#include "panels/video_workload.h"
#include "results.h"
#include "theme.h"
#include "widgets.h"

#include <algorithm>
#include <cmath>

namespace costlab::gui {

struct Panels {
    ComparePanel compare;
    TextWorkloadPanel text;
    ImageWorkloadPanel image;
    ServingPanel serving;
    FleetPanel fleet;
    BusinessPanel business;
    ReferencesPanel references;
    RooflinePanel roofline;
    SweepsPanel sweeps;
    HardwarePanel hardware;
    AssumptionsPanel assumptions;
    SharePanel share;
    VideoWorkloadPanel video;
};

namespace {

// Layout breakpoints in font sizes (15 px body: one column under 810 px, three from 1350 px).
constexpr float kTwoColumnsFrom = 54;
constexpr float kThreeColumnsFrom = 90;

enum PanelId {
    kText,
    kImage,
    kServing,
    kRoofline,
    kSweeps,
    kFleet,
    kBusiness,
    kReferences,
    kHardware,
    kShare,
    kAssumptions,
    kVideo, // appended: keys and titles keep their order (embed links name panels by key)
    kPanelCount
};

// Which panels go in which column, below the full-width Compare panel. Fixed per column count
// so panels do not jump around as their heights change.
const std::vector<std::vector<PanelId>>& columns_for(int n) {
    static const std::vector<std::vector<PanelId>> one = {
        {kText, kImage, kVideo, kServing, kRoofline, kSweeps, kFleet, kBusiness, kReferences,
         kHardware, kShare, kAssumptions}};
    static const std::vector<std::vector<PanelId>> two = {
        {kText, kImage, kVideo, kServing, kHardware, kShare},
        {kRoofline, kSweeps, kFleet, kBusiness, kReferences, kAssumptions}};
    static const std::vector<std::vector<PanelId>> three = {
        {kText, kImage, kVideo, kServing}, {kRoofline, kSweeps, kHardware},
        {kFleet, kBusiness, kReferences, kShare, kAssumptions}};
    return n >= 3 ? three : n == 2 ? two : one;
}

} // namespace

const std::vector<const char*>& App::panel_titles() {
    static const std::vector<const char*> titles = {
        ComparePanel::kTitle,  TextWorkloadPanel::kTitle, ImageWorkloadPanel::kTitle,
        ServingPanel::kTitle,  RooflinePanel::kTitle,     SweepsPanel::kTitle,
        FleetPanel::kTitle,    BusinessPanel::kTitle,     ReferencesPanel::kTitle,
        HardwarePanel::kTitle,
        SharePanel::kTitle,    AssumptionsPanel::kTitle,  VideoWorkloadPanel::kTitle};
    return titles;
}

const std::vector<const char*>& App::panel_keys() {
    static const std::vector<const char*> keys = {
        "compare", "text", "image", "serving", "roofline", "sweeps",
        "fleet",   "business", "references", "hardware", "share", "assumptions", "video"};
    return keys;
}

static int key_index(const char* key) {
    const auto& keys = App::panel_keys();
    for (size_t i = 0; i < keys.size(); ++i)
        if (key && std::string(key) == keys[i]) return int(i);
    return -1;
}

float App::panel_top(const char* key) const {
    const int i = key_index(key);
    return i >= 0 && size_t(i) < panel_tops_.size() ? panel_tops_[size_t(i)] : -1.0f;
}

bool App::reveal(const char* key) {
    const int i = key_index(key);
    if (i < 0) return false;
    reveal_ = i;
    return true;
}

bool App::shown(const char* key) const {
    if (state_.panels.empty()) return true;
    return std::find(state_.panels.begin(), state_.panels.end(), key) != state_.panels.end();
}

App::App(Platform& platform) : platform_(platform), panels_(std::make_unique<Panels>()) {}
App::~App() = default;

void App::start() {
    // The layout is computed every frame; nothing to remember between visits (and no file
    // system on the web).
    ImGui::GetIO().IniFilename = nullptr;
    state_.page_url = platform_.page_url();
    state_.opens_urls = platform_.opens_urls();
    const std::string fragment = platform_.url_fragment();
    if (!fragment.empty()) {
        // A link with some bad fields keeps its good ones and names the bad (at most three,
        // then a count: the notice is one line).
        // One default scenario for both (each Scenario{} built inline costs the page ~1 KB).
        static const Scenario defaults;
        const ParseResult parsed = parse_scenario_fragment(fragment, defaults);
        const std::vector<FieldError> errors =
            keep_good_fields(parsed, defaults, state_.catalog, state_.scenario);
        if (!errors.empty()) {
            bool whole = false;
            std::string list;
            for (size_t i = 0; i < errors.size(); ++i) {
                const FieldError& e = errors[i];
                whole = whole || e.field.empty() || e.field == "version";
                if (i == 3) {
                    list += "; and " + std::to_string(errors.size() - 3) + " more";
                    break;
                }
                list += (i ? "; " : "") + (e.field.empty() ? e.message : e.field + ": " + e.message);
            }
            state_.notice = whole ? "This link could not be read (" + fmt::message(list) +
                                        "); showing the default comparison."
                                  : "Some fields of this link could not be used (" +
                                        fmt::message(list) +
                                        "); they keep their defaults, the rest of the link is "
                                        "applied.";
        }
    }
    state_.dirty = true;
    recompute();
}

void App::frame() {
    ++state_.frame_count;
    const float fs = ImGui::GetFontSize();
    if (!theme_applied_ || applied_theme_ != state_.theme || applied_font_size_ != fs) {
        apply_theme(state_.theme);
        theme_applied_ = true;
        applied_theme_ = state_.theme;
        applied_font_size_ = fs;
    }
    state_.hardware = platform_.hardware_status();
    if (state_.hardware.running) platform_.request_frames(2); // keep the progress bar moving
    // A benchmark just finished: the comparison moves onto the device, in plain words.
    const bool finished = hardware_was_running_ && !state_.hardware.running &&
                          state_.hardware.has_result;
    hardware_was_running_ = state_.hardware.running;
    if (finished || state_.device_edit) use_measured_device(finished);
    state_.device_edit = false;

    state_.typing_waiting = false;
    layout();
    // A typed number waits for its pause (ui::typed_number): keep drawing until it is checked.
    if (state_.typing_waiting) platform_.request_frames(2);
    run_requests();
    if (state_.dirty) recompute();
}

void App::header() {
    const Palette& pal = palette();
    // The full web page has its own title above the canvas (and a phone's first screen is
    // short): there the canvas starts with its buttons.
    bool first = true;
    if (!state_.page_scrolls) {
        ImGui::PushStyleColor(ImGuiCol_Text, pal.text_series);
        ImGui::TextUnformatted("costlab");
        ImGui::PopStyleColor();
        const char* subtitle = "what one AI image costs next to one chat reply";
        ui::flow_text(subtitle);
        ui::text(subtitle);
        first = false;
    }
    if (!state_.embed) { // an embed follows the host's ?theme= (or the system)
        const char* theme_label = state_.theme == Theme::dark ? "Light theme" : "Dark theme";
        if (!first) ui::flow(theme_label);
        first = false;
        if (ImGui::SmallButton(theme_label))
            state_.theme = state_.theme == Theme::dark ? Theme::light : Theme::dark;
    }
    if (state_.opens_urls && !state_.embed) { // an embed links to the full page instead
        const char* how = "How it works (methodology)";
        if (!first) ui::flow(how);
        if (ImGui::SmallButton(how)) state_.requests.open_url = "methodology.html";
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("The equations, every assumption with its source, and the "
                              "calibration, in a new tab");
    }

    if (!state_.notice.empty()) {
        ui::warning(state_.notice);
        ImGui::SameLine();
        if (ImGui::SmallButton("Dismiss")) state_.notice.clear();
    }
    if (!state_.errors.empty()) {
        ui::error("This change was not applied; the figures below are for the last valid "
                  "inputs:");
        for (const FieldError& e : state_.errors) {
            std::string label = e.field;
            if (const FieldRef* f = field_ref(e.field.c_str())) label = f->info->label;
            ui::error("  " + label + ": " + fmt::message(e.message));
        }
        if (ImGui::SmallButton("Undo the change")) {
            state_.scenario = state_.last_good;
            state_.changed();
        }
    }
}

void App::layout() {
    const ImGuiIO& io = ImGui::GetIO();
    const float fs = ImGui::GetFontSize();
    const float width = std::max(io.DisplaySize.x, 1.0f), height = std::max(io.DisplaySize.y, 1.0f);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(width, height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    ImGuiWindowFlags host_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                  ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                  ImGuiWindowFlags_NoBringToFrontOnFocus;
    // Where the page scrolls the layout, the wheel is the page's (native speed, momentum, and
    // on past the end); the window's scroll is set from the page each frame.
    if (state_.page_scrolls) host_flags |= ImGuiWindowFlags_NoScrollWithMouse;
    // No scrollbar (NoDecoration): a bar that appears when the content outgrows the display
    // narrows the columns, re-wraps the text and can make itself vanish again, every other
    // frame. The host still scrolls with the wheel; embeds size the canvas to content_height().
    if (state_.transparent) ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0, 0, 0, 0));
    ImGui::Begin("costlab", nullptr, host_flags);
    ImGui::PopStyleVar(2);
    if (state_.transparent) ImGui::PopStyleColor();

    header();

    int n = width >= kThreeColumnsFrom * fs ? 3 : width >= kTwoColumnsFrom * fs ? 2 : 1;
    // The panels to draw per column (all of them on the full page; an embed's ?panels= keeps
    // some, and empty columns go).
    std::vector<std::vector<PanelId>> columns;
    for (const auto& col : columns_for(n)) {
        std::vector<PanelId> kept;
        for (PanelId id : col)
            if (shown(panel_keys()[size_t(id) + 1])) kept.push_back(id);
        if (!kept.empty()) columns.push_back(std::move(kept));
    }
    if (columns.empty()) columns.emplace_back();
    n = int(columns.size());
    state_.columns = n;
    const ImGuiStyle& st = ImGui::GetStyle();
    const float avail = ImGui::GetContentRegionAvail().x;
    const float col_w = std::floor((avail - (n - 1) * st.ItemSpacing.x) / n);

    Panels& p = *panels_;
    panel_tops_.assign(panel_keys().size(), -1.0f);
    // Before each panel: where it starts, and a pending reveal() once its header is on screen
    // (a clipped panel does not lay out its header, so the request would reach the next one).
    auto before_panel = [&](int key) {
        panel_tops_[size_t(key)] = ImGui::GetCursorPosY();
        if (reveal_ == key && ImGui::IsRectVisible(ImVec2(1, ImGui::GetFrameHeight()))) {
            ImGui::SetNextItemOpen(true);
            reveal_ = -1;
        }
    };
    if (shown("compare")) {
        before_panel(0);
        if (ui::begin_panel(ComparePanel::kTitle, avail)) p.compare.draw(state_);
        ui::end_panel();
        const ImVec2 cmin = ImGui::GetItemRectMin(), cmax = ImGui::GetItemRectMax();
        state_.compare_rect[0] = cmin.x;
        state_.compare_rect[1] = cmin.y;
        state_.compare_rect[2] = cmax.x - cmin.x;
        state_.compare_rect[3] = cmax.y - cmin.y;
    }

    auto draw = [&](PanelId id, float w) {
        if (id >= kPanelCount) return;
        before_panel(int(id) + 1);
        switch (id) {
        case kText:
            if (ui::begin_panel(TextWorkloadPanel::kTitle, w)) p.text.draw(state_);
            break;
        case kImage:
            if (ui::begin_panel(ImageWorkloadPanel::kTitle, w)) p.image.draw(state_);
            break;
        case kServing:
            if (ui::begin_panel(ServingPanel::kTitle, w)) p.serving.draw(state_);
            break;
        case kRoofline:
            if (ui::begin_panel(RooflinePanel::kTitle, w)) p.roofline.draw(state_);
            break;
        case kSweeps:
            if (ui::begin_panel(SweepsPanel::kTitle, w)) p.sweeps.draw(state_);
            break;
        case kFleet:
            if (ui::begin_panel(FleetPanel::kTitle, w)) p.fleet.draw(state_);
            break;
        case kBusiness:
            if (ui::begin_panel(BusinessPanel::kTitle, w)) p.business.draw(state_);
            break;
        case kReferences:
            if (ui::begin_panel(ReferencesPanel::kTitle, w, /*default_open=*/n > 1))
                p.references.draw(state_);
            break;
        case kHardware:
            if (ui::begin_panel(HardwarePanel::kTitle, w)) p.hardware.draw(state_);
            break;
        case kShare:
            if (ui::begin_panel(SharePanel::kTitle, w)) p.share.draw(state_);
            break;
        case kVideo:
            if (ui::begin_panel(VideoWorkloadPanel::kTitle, w)) p.video.draw(state_);
            break;
        case kAssumptions:
            if (ui::begin_panel(AssumptionsPanel::kTitle, w, /*default_open=*/n > 1))
                p.assumptions.draw(state_);
            break;
        default:
            return;
        }
        ui::end_panel();
    };

    for (size_t c = 0; c < columns.size(); ++c) {
        if (c > 0) ImGui::SameLine();
        ImGui::BeginGroup();
        for (PanelId id : columns[c])
            draw(id, col_w);
        ImGui::EndGroup();
    }

    if (!state_.embed)
        ui::note("costlab: a roofline cost model; every assumption is editable under \"" +
                 std::string(AssumptionsPanel::kTitle) + "\" with its source.");
    // Whole layout height, for embeds that size the canvas to the content.
    content_height_ = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
    ImGui::End();
}

void App::run_requests() {
    PlatformRequests& r = state_.requests;
    if (r.start_hardware) platform_.start_hardware_benchmark();
    if (r.cancel_hardware) platform_.cancel_hardware_benchmark();
    if (!r.copy_to_clipboard.empty()) {
        platform_.set_clipboard(r.copy_to_clipboard);
        state_.notice = (r.copied_what.empty() ? std::string("Text") : r.copied_what) +
                        " copied to the clipboard.";
    }
    if (r.read_clipboard) {
        state_.pasted = platform_.clipboard();
        ++state_.pasted_generation;
    }
    for (const auto& f : r.save)
        platform_.save_file(f.name, f.mime, f.bytes);
    if (!r.open_url.empty() && !platform_.open_url(r.open_url))
        state_.notice = "This build cannot open " + r.open_url + "; it is beside the page.";
    if (r.save_png)
        platform_.save_canvas_png("costlab-comparison.png", state_.compare_rect[0],
                                  state_.compare_rect[1], state_.compare_rect[2],
                                  state_.compare_rect[3]);
    const bool any = r.start_hardware || r.cancel_hardware || !r.copy_to_clipboard.empty() ||
                     r.read_clipboard || !r.save.empty() || r.save_png || !r.open_url.empty();
    r = PlatformRequests{};
    if (any) platform_.request_frames(3);
}

void App::use_measured_device(bool new_result) {
    const HardwareStatus& hw = state_.hardware;
    const MeasuredDevice& carried = state_.last_good.serving.measured_device;
    MeasuredDevice d;
    if (new_result || (hw.has_result && !carried.present()))
        d = HardwarePanel::measured_device(hw, state_.device);
    else if (carried.present()) // a link's device with the visitor's edited figures
        d = make_measured_device(carried.label, carried.gflops, carried.gbps,
                                 state_.device.memory_gb, state_.device.board_power_w,
                                 carried.gflops_f16);
    if (!d.present()) return; // the panel says that no speed was measured
    // The comparison to go back to is the last one not on a measured device.
    if (!state_.on_device && state_.last_good.serving.accelerator != kMeasuredDeviceId) {
        state_.before_device = state_.last_good;
        state_.on_device = true;
    }
    const Scenario& base = state_.on_device ? state_.before_device : state_.last_good;
    state_.catalog.put(measured_accelerator(d));
    state_.catalog_changed();
    state_.scenario = scenario_on_device(base, d, estimate_device(d, base, state_.catalog));
    state_.changed();
}

void App::recompute() {
    state_.dirty = false;
    // A scenario carrying a measured device (from "time my hardware" or a link): its
    // accelerator joins the catalog, so pickers, charts and sweeps see the same device.
    if (const MeasuredDevice& md = state_.scenario.serving.measured_device; md.present()) {
        const Accelerator a = measured_accelerator(md);
        const Accelerator* have = state_.catalog.accelerator(kMeasuredDeviceId);
        if (!have || have->name != a.name || have->peak_flops_per_s != a.peak_flops_per_s ||
            have->memory_bytes != a.memory_bytes || have->board_power_w != a.board_power_w ||
            have->memory_bytes_per_s != a.memory_bytes_per_s) {
            state_.catalog.put(a);
            ++state_.catalog_generation;
        }
    }
    const bool same = state_.evaluations > 0 && state_.scenario == state_.last_good &&
                      evaluated_catalog_generation_ == state_.catalog_generation;
    if (same) { // a widget reported a change that ended where it started
        state_.errors.clear();
        return;
    }
    std::vector<FieldError> errors = validate(state_.scenario, state_.catalog);
    if (!errors.empty()) {
        state_.errors = std::move(errors);
        platform_.request_frames(2);
        return;
    }
    // The Fleet panel draws the curves and the References panel the references.
    Report r = evaluate(state_.scenario, state_.catalog, EvaluateOptions::everything());
    ++state_.evaluations;
    if (!r.ok()) {
        state_.errors = r.errors;
        return;
    }
    state_.report = std::move(r);
    state_.last_good = state_.scenario;
    state_.errors.clear();
    evaluated_catalog_generation_ = state_.catalog_generation;
    ++state_.report_generation;
    state_.fragment = scenario_to_fragment(state_.last_good);
    std::vector<std::string> device_words;
    if (const MeasuredDevice& md = state_.last_good.serving.measured_device; md.present()) {
        state_.device_estimate = estimate_device(md, state_.last_good, state_.catalog);
        state_.device.memory_gb = md.memory_gb; // the figures the panel edits from
        state_.device.board_power_w = md.board_power_w;
        device_words = device_sentences(state_.device_estimate, state_.catalog, state_.last_good);
    } else {
        state_.device_estimate = DeviceEstimate{};
    }
    platform_.replace_url_fragment(state_.fragment);
    platform_.publish_results(results_json(state_.last_good, state_.report, device_words),
                              results_summary(state_.report));
    platform_.request_frames(3); // auto-height panels settle over a couple of frames
}

} // namespace costlab::gui
