// render_picture (see picture.h): a throwaway ImGui context with costlab's faces, then either
// the designed figure (draw_figure: headline ratio, the two workloads, bars for cost, energy
// and GPU time, a source line, laid out to fill the frame at any size) or, with the roofline,
// the Compare and Roofline panels as the app draws them; then the draw data rasterized.
#include "picture.h"

#include "charts.h"
#include "fonts.h"
#include "format.h"
#include "panels/compare.h"
#include "panels/roofline.h"
#include "results.h"
#include "theme.h"
#include "widgets.h"

#include "costlab/model.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

namespace costlab::gui {

namespace {

// The figure is laid out on a 600 x 315 unit canvas per 1200 x 630 picture (2 pixels a unit),
// so at 600 px wide, as social networks show it, a unit is a CSS pixel: body text 15 px,
// figures 19 px, the headline kDisplayPx.
constexpr float kFigureUnitsWide = 600, kFigureUnitsHigh = 315;
constexpr float kDisplayPx = 30;
// The atlas is rasterized at (pixels per unit); past this the glyphs would not fit an atlas.
constexpr float kMaxRasterScale = 8;

struct ContextGuard {
    ImGuiContext* prev = ImGui::GetCurrentContext();
    ImGuiContext* ctx = ImGui::CreateContext();
    ContextGuard() { ImGui::SetCurrentContext(ctx); }
    ~ContextGuard() {
        ImGui::DestroyContext(ctx);
        ImGui::SetCurrentContext(prev);
    }
};

float size_of(const ImFont* f) {
    return f->FontSize * f->Scale;
}
// `s` broken into lines of at most `wrap` units in face `f` (at spaces, never inside a number:
// ui::wrap_for_width); 0 = one line.
std::string lines_of(ImFont* f, const std::string& s, float wrap) {
    if (wrap <= 0) return s;
    ImGui::PushFont(f);
    std::string out = ui::wrap_for_width(s, wrap);
    ImGui::PopFont();
    return out;
}
ImVec2 measure(ImFont* f, const std::string& s, float wrap = 0) {
    return f->CalcTextSizeA(size_of(f), FLT_MAX, 0, lines_of(f, s, wrap).c_str());
}

// The figure, drawn with the window's draw list in a W x H unit frame.
class Figure {
  public:
    Figure(const AppState& st, ImFont* display, float w, float h)
        : st_(st), display_(display), w_(w), h_(h), pal_(palette()) {}

    void draw() {
        const Report& r = st_.report;
        const Scenario& s = st_.last_good;
        const bool text_ok = fmt::untrusted_reason(r.text, false).empty();
        const bool image_ok = fmt::untrusted_reason(r.image, false).empty();
        const bool usd_ok = fmt::untrusted_reason(r.text, true).empty() &&
                            fmt::untrusted_reason(r.image, true).empty();
        const float pad = std::clamp(0.045f * std::min(w_, 2 * h_), 10.0f, 32.0f);
        const float inner = w_ - 2 * pad;
        ImFont* body = font(Face::body);
        ImFont* strong = font(Face::strong);
        ImFont* figure = font(Face::figure);

        // Blocks top to bottom; the space left over goes between them, so the frame is filled.
        std::string headline, sub;
        if (text_ok && image_ok) {
            // The answer as a sentence, the ratio as the page's cards round it.
            const double x =
                usd_ok ? ratio(r, Workload::image, Workload::text, costlab::Metric::usd)
                       : ratio(r, Workload::image, Workload::text, costlab::Metric::gpu_seconds);
            const char* verb = usd_ok ? " costs as much as " : " takes the GPU time of ";
            if (!(x > 0) || !std::isfinite(x))
                headline = "No ratio: the reply's figure is zero";
            else if (x >= 1)
                headline = "One image" + std::string(verb) + fmt::multiple(x) +
                           (x < 1.05 ? " chat reply" : " chat replies");
            else
                headline = "One chat reply" + std::string(verb) + fmt::multiple(1 / x) + " images";
            sub = "In energy, " +
                  replies_per_image(
                      ratio(r, Workload::image, Workload::text, costlab::Metric::energy)) +
                  "; in GPU time, " +
                  replies_per_image(
                      ratio(r, Workload::image, Workload::text, costlab::Metric::gpu_seconds)) +
                  ".";
            if (!usd_ok) sub += " No price is set, so there is no dollar ratio.";
        } else {
            headline = "No ratio";
            sub = std::string(!text_ok ? "The chat reply " : "The image ") +
                  fmt::untrusted_reason(!text_ok ? r.text : r.image, false) + ".";
        }
        // The video workload, when the scenario has it on, is a third workload and a third bar
        // in each group, with "one video = N images = M replies" under the answer.
        const std::vector<Workload> on = r.enabled_workloads(); // a column and a bar each
        const int n = int(on.size());
        const bool video_ok = r.video_enabled && fmt::untrusted_reason(r.video, false).empty();
        if (video_ok && text_ok && image_ok) {
            const bool vusd = usd_ok && fmt::untrusted_reason(r.video, true).empty();
            const double vi =
                vusd ? ratio(r, Workload::video, Workload::image, costlab::Metric::usd)
                     : ratio(r, Workload::video, Workload::image, costlab::Metric::gpu_seconds);
            const double vt =
                vusd ? ratio(r, Workload::video, Workload::text, costlab::Metric::usd)
                     : ratio(r, Workload::video, Workload::text, costlab::Metric::gpu_seconds);
            if (vi > 0 && vt > 0 && std::isfinite(vi) && std::isfinite(vt))
                sub = std::string(vusd ? "In dollars" : "In GPU time") +
                      ", one video = " + fmt::multiple(vi) + " images = " + fmt::multiple(vt) +
                      " replies; in energy, one image = " +
                      fmt::multiple(
                          ratio(r, Workload::image, Workload::text, costlab::Metric::energy)) +
                      " replies.";
        }
        const std::string kicker =
            r.video_enabled ? "costlab: what one AI image and one video cost next to one chat reply"
                            : "costlab: what one AI image costs next to one chat reply";
        const bool cols = inner >= 420; // workloads side by side, bar groups in three columns
        const float col_gap = 0.05f * inner;
        const float wl_w = cols ? (inner - (n - 1) * col_gap) / n : inner;
        std::vector<const WorkloadReport*> wls;
        std::vector<std::string> setups, names;
        std::vector<ImU32> colors;
        for (Workload w : on) {
            wls.push_back(&r.workload(w));
            setups.push_back(caption(s, st_.catalog, r.workload(w)));
            names.push_back(std::string("One ") + info(w).label);
            colors.push_back(series_color(pal_, w));
        }
        const float swatch = size_of(strong) * 0.75f;
        auto setup_text = [&](int i) {
            const std::string why = fmt::untrusted_reason(*wls[i], false);
            return why.empty() ? setups[i] : setups[i] + ". Not shown: this workload " + why + ".";
        };
        float wl_h = 0;
        std::vector<float> wl_y(on.size(), 0.0f); // stacked: each workload's offset
        for (int i = 0; i < n; ++i) {
            const float hi = size_of(strong) + 4 + measure(body, setup_text(i), wl_w).y;
            wl_y[i] = cols ? 0 : wl_h;
            wl_h = cols ? std::max(wl_h, hi) : wl_h + hi + (i + 1 < n ? 8 : 0);
        }
        // One bar group per metric the workloads are compared on (costlab::kMetrics).
        struct Group {
            const char* title;
            costlab::Metric metric;
            std::string (*format)(double);
            bool dollars;
        };
        const Group groups[] = {
            {"Cost per query", costlab::Metric::usd, fmt::usd, true},
            {"Energy per query (facility)", costlab::Metric::energy, fmt::energy, false},
            {"GPU time per query", costlab::Metric::gpu_seconds, fmt::seconds, false},
        };
        // Three workloads or more: a bar each in each group, so the bars sit closer to fit.
        const bool many = n >= 3;
        const float bar_h = size_of(figure) + (many ? 2 : 8), bar_gap = many ? 4 : 8;
        const float group_h = size_of(body) + 6 + n * bar_h + (n - 1) * bar_gap;
        const float group_w = cols ? (inner - 2 * col_gap) / 3 : inner;
        const float bars_h = cols ? group_h : 3 * group_h + 2 * 12;
        // Water and the hardware's embodied CO2 ride in the small print, per workload, so the
        // picture carries every figure the cards do (hatched ones as "not shown").
        std::string water = "Per ";
        for (int i = 0; i < n; ++i)
            water += std::string(i ? " / " : "") + info(on[i]).short_label;
        water += ": water ";
        std::string embodied = many ? "; embodied CO2 " : "; embodied CO2 of the hardware ";
        for (int i = 0; i < n; ++i) {
            const bool ok = fmt::untrusted_reason(*wls[i], false).empty();
            const char* sep = i ? " / " : "";
            water += sep + (ok ? fmt::si(wls[i]->water_l_per_query, "L") : "not shown");
            embodied += sep + (ok ? fmt::mass(wls[i]->embodied_co2_g_per_query) : "not shown");
        }
        std::string source = many ? water + embodied + ". " + accelerator_words() +
                                        "; sources: costlab's methodology."
                                  : water + embodied + ". Roofline cost model, " +
                                        accelerator_words() +
                                        ". Sources: costlab's methodology page.";
        const float kicker_h = measure(body, kicker, inner).y;
        // The display face when the answer fits one line, else the page's headline face.
        ImFont* head_face =
            measure(display_, headline).x <= inner ? display_ : font(Face::headline);
        const float head_h = measure(head_face, headline, inner).y;
        const float sub_h = measure(body, sub, inner).y;
        const float source_h = measure(body, source, inner).y;
        const float content = kicker_h + head_h + 4 + sub_h + wl_h + bars_h + source_h;
        const float gap = std::clamp((h_ - 2 * pad - content) / 4, 6.0f, 4 * size_of(body));
        float y = pad + std::max(0.0f, (h_ - 2 * pad - content - 4 * gap) / 2);
        const float x = pad;

        ImDrawList* dl = ImGui::GetWindowDrawList();
        put(dl, body, x, y, pal_.muted, kicker, inner);
        y += kicker_h + gap * 0.5f;
        put(dl, head_face, x, y, pal_.label, headline, inner);
        y += head_h + 4;
        put(dl, body, x, y, pal_.muted, sub, inner);
        y += sub_h + gap;

        for (int i = 0; i < n; ++i) {
            const float wx = cols ? x + i * (wl_w + col_gap) : x;
            const float wy = y + wl_y[i];
            dl->AddRectFilled(ImVec2(wx, wy + 0.15f * swatch),
                              ImVec2(wx + swatch, wy + 1.15f * swatch), colors[i], 0.2f * swatch);
            put(dl, strong, wx + swatch * 1.5f, wy, colors[i], names[i], wl_w);
            put(dl, body, wx, wy + size_of(strong) + 4, pal_.muted, setup_text(i), wl_w);
        }
        y += wl_h + gap;

        for (int g = 0; g < 3; ++g) {
            const Group& gr = groups[g];
            const float gx = cols ? x + g * (group_w + col_gap) : x;
            const float gy = cols ? y : y + g * (group_h + 12);
            put(dl, body, gx, gy, pal_.label, gr.title, group_w);
            double vmax = 0;
            std::vector<double> v(on.size());
            std::vector<bool> shown(on.size());
            std::vector<std::string> labels(on.size());
            for (int i = 0; i < n; ++i) {
                v[i] = metric_value(*wls[i], gr.metric);
                shown[i] = fmt::untrusted_reason(*wls[i], gr.dollars).empty() &&
                           std::isfinite(v[i]) && v[i] >= 0;
                labels[i] = shown[i] ? gr.format(v[i]) : "not shown";
                if (shown[i]) vmax = std::max(vmax, v[i]);
            }
            // Values first, in a column, then the bars from a common start: the figures read
            // down the column, and the bar lengths compare from one baseline.
            float label_w = 0;
            for (int i = 0; i < n; ++i)
                label_w = std::max(label_w, measure(shown[i] ? figure : body, labels[i]).x);
            const float bar_x = gx + label_w + 14;
            const float track = std::max(group_w - label_w - 14, 0.25f * group_w);
            for (int i = 0; i < n; ++i) {
                const float by = gy + size_of(body) + 6 + i * (bar_h + bar_gap);
                ImFont* lf = shown[i] ? figure : body;
                put(dl, lf, gx, by + (bar_h - size_of(lf)) / 2, shown[i] ? pal_.label : pal_.muted,
                    labels[i], 0);
                // Bars thinner than the figures' line: OCR (and the eye) keeps the figure and
                // the bar apart.
                const float thick = 0.6f * size_of(figure);
                const ImVec2 a(bar_x, by + (bar_h - thick) / 2);
                const float b_y = a.y + thick;
                if (shown[i]) {
                    const float len = std::max(vmax > 0 ? float(v[i] / vmax) * track : 0.0f, 3.0f);
                    dl->AddRectFilled(a, ImVec2(a.x + len, b_y), colors[i], 2);
                } else { // hatched: not a number we can show
                    const float len = std::min(2.5f * size_of(body), track);
                    dl->PushClipRect(a, ImVec2(a.x + len, b_y), true);
                    for (float hx = a.x - thick; hx < a.x + len; hx += 6)
                        dl->AddLine(ImVec2(hx, b_y), ImVec2(hx + thick, a.y), pal_.muted);
                    dl->PopClipRect();
                    dl->AddRect(a, ImVec2(a.x + len, b_y), pal_.muted);
                }
            }
        }
        y += bars_h + gap;
        put(dl, body, x, y, pal_.muted, source, inner);
    }

  private:
    static void put(ImDrawList* dl, ImFont* f, float x, float y, ImU32 col, const std::string& s,
                    float wrap) {
        dl->AddText(f, size_of(f), ImVec2(x, y), col, lines_of(f, s, wrap).c_str());
    }

    std::string accelerator_words() const {
        const Serving& sv = st_.last_good.serving;
        const Accelerator* a = st_.catalog.accelerator(sv.accelerator);
        std::string out = a ? a->name : sv.accelerator;
        const double price = sv.usd_per_gpu_hour.value_or(a ? a->usd_per_gpu_hour : 0);
        if (sv.ownership == Ownership::cloud && price > 0)
            out += " at " + fmt::usd(price) + "/GPU-hour";
        out += ", PUE " + fmt::number(sv.pue) + ", grid " + fmt::count(sv.grid_gco2_per_kwh) +
               " gCO2/kWh";
        return out;
    }

    const AppState& st_;
    ImFont* display_;
    float w_, h_;
    const Palette& pal_;
};

} // namespace

bool render_picture(const Scenario& scenario, const Catalog& catalog, const PictureOptions& o,
                    Image& out, std::string* error) {
    auto fail = [&](const std::string& m) {
        if (error) *error = m;
        return false;
    };
    if (o.width < kPictureMinSide || o.width > kPictureMaxSide)
        return fail("width " + std::to_string(o.width) + " is outside the picture limit " +
                    std::to_string(kPictureMinSide) + ".." + std::to_string(kPictureMaxSide) +
                    " px");
    if (o.height != 0 && (o.height < kPictureMinSide || o.height > kPictureMaxSide))
        return fail("height " + std::to_string(o.height) + " is outside the picture limit " +
                    std::to_string(kPictureMinSide) + ".." + std::to_string(kPictureMaxSide) +
                    " px");
    if (!(o.scale >= 1 && o.scale <= 4)) return fail("scale must be 1..4");
    const std::vector<FieldError> errors = validate(scenario, catalog);
    if (!errors.empty()) return fail(errors.front().field + ": " + errors.front().message);

    AppState st;
    st.catalog = catalog;
    st.scenario = scenario;
    st.last_good = scenario;
    st.report = evaluate(scenario, catalog);
    if (!st.report.ok())
        return fail(st.report.errors.front().field + ": " + st.report.errors.front().message);
    st.evaluations = 1;
    st.report_generation = 1;
    st.fragment = scenario_to_fragment(scenario);
    st.theme = o.theme;
    st.dirty = false;

    // The figure's height, when not given, keeps the 1200 x 630 proportion (1.91:1, what
    // og:image wants); the panels' picture (roofline) is as tall as its content.
    const int fig_h =
        o.height > 0 ? o.height
                     : std::clamp(int(std::lround(o.width * kFigureUnitsHigh / kFigureUnitsWide)),
                                  kPictureMinSide, kPictureMaxSide);
    // Pixels per layout unit: the figure scales its unit canvas to the picture; the panels use
    // the app's own units (o.scale).
    float raster = o.scale;
    if (!o.roofline)
        raster = std::clamp(o.scale * std::min(o.width / (o.scale * kFigureUnitsWide),
                                               fig_h / (o.scale * kFigureUnitsHigh)),
                            0.5f, kMaxRasterScale);

    ContextGuard guard;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    // The atlas is rasterized at `raster` and drawn at 1/raster: text maps texel to pixel.
    ImFont* font = add_fonts(*io.Fonts, raster);
    ImFont* display = o.roofline ? nullptr : add_display_font(*io.Fonts, kDisplayPx, raster);
    unsigned char* atlas = nullptr;
    int aw = 0, ah = 0;
    io.Fonts->GetTexDataAsRGBA32(&atlas, &aw, &ah);
    io.Fonts->SetTexID((ImTextureID)(intptr_t)1);

    const float w = o.width / raster;
    float h = o.roofline ? (o.height > 0 ? o.height / raster : float(kPictureMaxSide) / raster)
                         : fig_h / raster;
    io.DisplaySize = ImVec2(w, h);
    ComparePanel compare;
    RooflinePanel roofline;
    float content_h = 0;
    for (int i = 0; i < 6; ++i) {
        io.DeltaTime = 1.0f / 60;
        ImGui::NewFrame();
        apply_theme(st.theme);
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(io.DisplaySize);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
        // The figure sits on the panel colour (white in the light theme), edge to edge, and
        // draws past the window padding.
        if (!o.roofline)
            ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::GetStyleColorVec4(ImGuiCol_ChildBg));
        if (!o.roofline) ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
        ImGui::Begin("costlab picture", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings);
        ImGui::PopStyleVar(o.roofline ? 2 : 3);
        if (!o.roofline) ImGui::PopStyleColor();
        if (!o.roofline) {
            Figure(st, display, w, h).draw();
        } else {
            const float avail = ImGui::GetContentRegionAvail().x;
            if (ui::begin_panel(ComparePanel::kTitle, avail)) compare.draw(st);
            ui::end_panel();
            if (ui::begin_panel(RooflinePanel::kTitle, avail)) roofline.draw(st);
            ui::end_panel();
            content_h = ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y +
                        ImGui::GetStyle().WindowPadding.y;
        }
        ImGui::End();
        ImGui::Render();
        if (o.roofline && i == 3 && o.height == 0) // settled: fit the picture to the content
            io.DisplaySize.y = std::clamp(std::ceil(content_h), float(kPictureMinSide) / raster,
                                          float(kPictureMaxSide) / raster);
        st.requests = PlatformRequests{}; // nothing here carries out a button press
    }
    if (o.inspect) o.inspect(ImGui::GetDrawData(), font, o.inspect_user);
    const int out_h = o.roofline
                          ? (o.height > 0 ? o.height : int(std::lround(io.DisplaySize.y * raster)))
                          : fig_h;
    out = rasterize(ImGui::GetDrawData(), atlas, aw, ah, o.width, out_h,
                    ImGui::GetStyle().Colors[o.roofline ? ImGuiCol_WindowBg : ImGuiCol_ChildBg],
                    raster);
    return true;
}

} // namespace costlab::gui
