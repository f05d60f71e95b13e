// Layout fit: at phone, tablet and desktop widths, in both themes, no text the app draws is cut
// (by a widget's clip rectangle, by a panel, or by the edge of the screen) and no widget sticks
// out past the screen. Text is found in the draw lists as glyph quads (every face of the atlas):
// a glyph whose corners are not its atlas corners was cut on the CPU (RenderTextClipped); a
// glyph outside its draw command's clip rectangle is cut on the GPU.
#include "fonts.h"
#include "harness.h"

#include "imgui_internal.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

using namespace costlab;
using gui::test::Harness;

namespace {

struct Cut {
    float x, y;
    unsigned codepoint;
};

std::vector<Cut> cut_glyphs(const ImDrawData* data, float display_w) {
    std::vector<const ImFontGlyph*> glyphs;
    for (const ImFont* f : ImGui::GetIO().Fonts->Fonts)
        for (const ImFontGlyph& g : f->Glyphs)
            if (g.Visible) glyphs.push_back(&g);
    auto glyph_of = [&](ImVec2 uv) -> const ImFontGlyph* {
        for (const ImFontGlyph* g : glyphs)
            if (uv.x >= g->U0 && uv.x <= g->U1 && uv.y >= g->V0 && uv.y <= g->V1) return g;
        return nullptr;
    };
    std::vector<Cut> cuts;
    const float tol = 0.5f;
    for (int l = 0; l < data->CmdListsCount; ++l) {
        const ImDrawList* dl = data->CmdLists[l];
        for (const ImDrawCmd& cmd : dl->CmdBuffer) {
            if (cmd.UserCallback) continue;
            for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
                const ImDrawVert* v[3];
                for (int k = 0; k < 3; ++k)
                    v[k] = &dl->VtxBuffer[int(cmd.VtxOffset + dl->IdxBuffer[int(cmd.IdxOffset + i + k)])];
                const ImFontGlyph* g = glyph_of(v[0]->uv);
                if (!g || glyph_of(v[1]->uv) != g || glyph_of(v[2]->uv) != g) continue;
                bool cut = false;
                for (const ImDrawVert* p : v) {
                    const bool corner_u = p->uv.x == g->U0 || p->uv.x == g->U1;
                    const bool corner_v = p->uv.y == g->V0 || p->uv.y == g->V1;
                    cut = cut || !corner_u || !corner_v || p->pos.x < cmd.ClipRect.x - tol ||
                          p->pos.x > cmd.ClipRect.z + tol || p->pos.y < cmd.ClipRect.y - tol ||
                          p->pos.y > cmd.ClipRect.w + tol || p->pos.x > display_w + tol ||
                          p->pos.x < -tol;
                }
                if (cut) {
                    cuts.push_back({v[0]->pos.x, v[0]->pos.y, g->Codepoint});
                    if (std::getenv("FIT_DEBUG"))
                        for (const ImDrawVert* p : v)
                            std::printf("cut %c pos %.2f,%.2f uv %.5f,%.5f glyph %.5f..%.5f,%.5f..%.5f clip %.1f,%.1f,%.1f,%.1f\n",
                                        char(g->Codepoint), p->pos.x, p->pos.y, p->uv.x, p->uv.y, g->U0, g->U1, g->V0, g->V1,
                                        cmd.ClipRect.x, cmd.ClipRect.y, cmd.ClipRect.z, cmd.ClipRect.w);
                }
            }
        }
    }
    return cuts;
}


} // namespace

TEST_CASE("no text is cut and no widget leaves the screen at 320, 390, 768 and 1440 px",
          "[app][fit]") {
    for (gui::Theme theme : {gui::Theme::light, gui::Theme::dark})
        for (float w : {320.f, 390.f, 768.f, 1440.f}) {
            Harness h(w, 800);
            h.state().theme = theme;
            h.frames(2);
            h.resize(w, h.app().content_height() + 8); // everything on screen, as an embed
            h.frames(3);
            const std::vector<Cut> cuts = cut_glyphs(ImGui::GetDrawData(), w);
            std::ostringstream where;
            for (size_t i = 0; i < cuts.size() && i < 12; ++i)
                where << "'" << char(cuts[i].codepoint < 128 ? cuts[i].codepoint : '?') << "' at "
                      << cuts[i].x << "," << cuts[i].y << "; ";
            INFO("width " << w << ": " << cuts.size() << " cut glyphs: " << where.str());
            CHECK(cuts.empty());
            if (std::getenv("FIT_DEBUG"))
                for (const Cut& c : cuts)
                    for (const gui::test::Item& it : h.items())
                        if (c.x >= it.x0 && c.x <= it.x1 && c.y >= it.y0 - 8 && c.y <= it.y1 + 2)
                            std::printf("cut in item '%s' %.0f,%.0f..%.0f,%.0f\n", it.label.c_str(), it.x0, it.y0, it.x1, it.y1);
            // ImGui's implicit "Debug##Default" window is never shown: its items do not count.
            const ImGuiWindow* dbg = ImGui::FindWindowByName("Debug##Default");
            for (const gui::test::Item& it : h.items()) {
                if (it.x1 - it.x0 <= 0) continue;
                if (dbg && !dbg->Active && it.x0 >= dbg->Pos.x && it.x1 <= dbg->Pos.x + dbg->Size.x &&
                    it.y0 >= dbg->Pos.y && it.y1 <= dbg->Pos.y + dbg->Size.y)
                    continue;
                INFO("width " << w << ": item '" << it.label << "' " << it.x0 << ".." << it.x1);
                CHECK(it.x1 <= w + 0.5f);
            }
        }
}

// The page's build leaves ImGui's ProggyClean data out (gui/CMakeLists.txt): that is safe only
// while every face in the atlas is one of costlab's own, so Build() never falls back to it.
TEST_CASE("fonts: the atlas holds costlab's Inter faces only, never ImGui's default font", "[fit]") {
    Harness h(390, 844);
    h.frames(1);
    const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    REQUIRE(atlas->ConfigData.Size > 0);
    for (const ImFontConfig& c : atlas->ConfigData) {
        INFO(c.Name);
        CHECK(std::string(c.Name).rfind("costlab ", 0) == 0);
        CHECK(std::string(c.Name).find("ProggyClean") == std::string::npos);
    }
}
