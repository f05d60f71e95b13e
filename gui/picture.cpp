// render_picture (see picture.h): a throwaway ImGui context with the default font, the panels
// drawn in one borderless window the size of the picture, a few frames to let auto-sized
// panels settle, then the draw data rasterized.
#include "picture.h"

#include "fonts.h"
#include "panels/compare.h"
#include "panels/roofline.h"
#include "theme.h"
#include "widgets.h"

#include "costlab/model.h"

#include <algorithm>
#include <cmath>

namespace costlab::gui {

namespace {
struct ContextGuard {
    ImGuiContext* prev = ImGui::GetCurrentContext();
    ImGuiContext* ctx = ImGui::CreateContext();
    ContextGuard() { ImGui::SetCurrentContext(ctx); }
    ~ContextGuard() {
        ImGui::DestroyContext(ctx);
        ImGui::SetCurrentContext(prev);
    }
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
                    std::to_string(kPictureMinSide) + ".." + std::to_string(kPictureMaxSide) + " px");
    if (o.height != 0 && (o.height < kPictureMinSide || o.height > kPictureMaxSide))
        return fail("height " + std::to_string(o.height) + " is outside the picture limit " +
                    std::to_string(kPictureMinSide) + ".." + std::to_string(kPictureMaxSide) + " px");
    if (!(o.scale >= 1 && o.scale <= 4)) return fail("scale must be 1..4");
    const std::vector<FieldError> errors = validate(scenario, catalog);
    if (!errors.empty())
        return fail(errors.front().field + ": " + errors.front().message);

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

    ContextGuard guard;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    // The atlas is rasterized at o.scale and drawn at 1/scale: text maps texel to pixel.
    ImFont* font = add_fonts(*io.Fonts, o.scale);
    unsigned char* atlas = nullptr;
    int aw = 0, ah = 0;
    io.Fonts->GetTexDataAsRGBA32(&atlas, &aw, &ah);
    io.Fonts->SetTexID((ImTextureID)(intptr_t)1);

    const float w = o.width / o.scale;
    float h = o.height > 0 ? o.height / o.scale : float(kPictureMaxSide) / o.scale;
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
        ImGui::Begin("costlab picture", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings);
        ImGui::PopStyleVar(2);
        const float avail = ImGui::GetContentRegionAvail().x;
        if (ui::begin_panel(ComparePanel::kTitle, avail)) compare.draw(st);
        ui::end_panel();
        if (o.roofline) {
            if (ui::begin_panel(RooflinePanel::kTitle, avail)) roofline.draw(st);
            ui::end_panel();
        }
        content_h = ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y +
                    ImGui::GetStyle().WindowPadding.y;
        ImGui::End();
        ImGui::Render();
        if (i == 3 && o.height == 0) // settled: fit the picture to the content
            io.DisplaySize.y = std::clamp(std::ceil(content_h), float(kPictureMinSide) / o.scale,
                                          float(kPictureMaxSide) / o.scale);
        st.requests = PlatformRequests{}; // nothing here carries out a button press
    }
    if (o.inspect) o.inspect(ImGui::GetDrawData(), font, o.inspect_user);
    const int out_h = o.height > 0 ? o.height : int(std::lround(io.DisplaySize.y * o.scale));
    out = rasterize(ImGui::GetDrawData(), atlas, aw, ah, o.width, out_h,
                    ImGui::GetStyle().Colors[ImGuiCol_WindowBg], o.scale);
    return true;
}

} // namespace costlab::gui
