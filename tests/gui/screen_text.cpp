// Text read back from ImGui's draw lists (see screen_text.h).
#include "screen_text.h"

#include <cctype>
#include <cmath>
#include <cstring>
#include <cstdint>
#include <unordered_map>

namespace costlab::gui::test {

namespace {

void append_utf8(std::string& out, unsigned c) {
    if (c < 0x80) {
        out += char(c);
    } else if (c < 0x800) {
        out += char(0xC0 | (c >> 6));
        out += char(0x80 | (c & 0x3F));
    } else {
        out += char(0xE0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    }
}

} // namespace

std::vector<std::string> decode_draw_data(const ImDrawData* data, const ImFont* font) {
    std::vector<std::string> runs;
    if (!data || !font) return runs;
    // UV of a glyph's top-left corner -> glyph. Glyphs cut by a clip rectangle have other
    // UVs; they end a run.
    std::unordered_map<uint64_t, const ImFontGlyph*> by_uv;
    auto key = [](float u, float v) {
        uint32_t a, b;
        std::memcpy(&a, &u, 4);
        std::memcpy(&b, &v, 4);
        return (uint64_t(a) << 32) | b;
    };
    // Every face of the atlas (fonts.h: body, strong, figure, headline share one texture).
    std::vector<const ImFont*> faces;
    if (font->ContainerAtlas)
        for (const ImFont* f : font->ContainerAtlas->Fonts)
            faces.push_back(f);
    if (faces.empty()) faces.push_back(font);
    for (const ImFont* f : faces)
        for (const ImFontGlyph& g : f->Glyphs)
            if (g.Visible) by_uv.emplace(key(g.U0, g.V0), &g);
    // Shapes use the atlas' white pixel: the common case, rejected without a lookup.
    const ImVec2 white = font->ContainerAtlas ? font->ContainerAtlas->TexUvWhitePixel : ImVec2(-1, -1);
    const ImFontGlyph* space = font->FindGlyphNoFallback(' ');
    const float space_advance = space ? space->AdvanceX : font->FontSize * 0.5f;

    for (int l = 0; l < data->CmdListsCount; ++l) {
        const ImDrawList* dl = data->CmdLists[l];
        const ImVector<ImDrawVert>& v = dl->VtxBuffer;
        std::string run;
        float next_pen = 0, top = 0, scale = 1;
        bool in_run = false;
        auto end_run = [&] {
            if (in_run && !run.empty()) runs.push_back(run);
            run.clear();
            in_run = false;
        };
        for (int i = 0; i + 3 < v.Size;) {
            const ImFontGlyph* g = nullptr;
            if (v[i].uv.x != white.x || v[i].uv.y != white.y) {
                auto it = by_uv.find(key(v[i].uv.x, v[i].uv.y));
                if (it != by_uv.end()) g = it->second;
            }
            if (!g || v[i + 1].uv.x != g->U1 || v[i + 1].uv.y != g->V0 || v[i + 2].uv.x != g->U1 ||
                v[i + 2].uv.y != g->V1 || v[i + 3].uv.x != g->U0 || v[i + 3].uv.y != g->V1) {
                // Not a glyph quad (a shape, or a glyph cut by clipping): ends any run
                end_run();
                ++i;
                continue;
            }
            const float w = g->X1 - g->X0;
            const float s = w > 0 ? (v[i + 2].pos.x - v[i].pos.x) / w : scale;
            const float pen = v[i].pos.x - g->X0 * s;
            const float glyph_top = v[i].pos.y - g->Y0 * s;
            if (in_run) {
                const bool same_line = std::fabs(glyph_top - top) < 0.75f;
                const float gap = pen - next_pen;
                if (same_line && std::fabs(gap) < 0.75f) {
                    // next letter of the same word
                } else if (same_line && gap > 0 && gap < 4 * space_advance * s + 0.75f) {
                    run += ' '; // a space (spaces draw nothing) or a small layout gap
                } else {
                    end_run();
                }
            }
            if (!in_run) in_run = true;
            append_utf8(run, g->Codepoint);
            next_pen = pen + g->AdvanceX * s;
            top = glyph_top;
            scale = s;
            i += 4;
        }
        end_run();
    }
    return runs;
}

std::vector<std::string> find_non_numbers(const std::vector<std::string>& runs) {
    static const char* units[] = {"",   "x",  "%",  "wh", "mwh", "kwh", "g",  "mg",
                                  "kg", "t",  "s",  "ms", "us",  "b",   "gb", "w",
                                  "kw", "mw", "h",  "flop", "flops"};
    std::vector<std::string> bad;
    for (const std::string& run : runs) {
        std::string lower;
        for (char c : run)
            lower += char(std::tolower((unsigned char)c));
        bool flagged = false;
        size_t i = 0;
        while (i < lower.size() && !flagged) {
            if (!std::isalnum((unsigned char)lower[i])) {
                ++i;
                continue;
            }
            size_t j = i;
            while (j < lower.size() && (std::isalnum((unsigned char)lower[j]) || lower[j] == '%'))
                ++j;
            const std::string tok = lower.substr(i, j - i);
            i = j;
            // AMD's interconnect (catalog text), not a number: "Infinity Fabric", also when the
            // line wraps after "Infinity" (a capitalised word at the end of the run).
            const bool after_word = j > 9 && std::isalpha((unsigned char)lower[j - 10]) &&
                                    lower[j - 9] == ' ';
            if (tok == "infinity" &&
                (lower.compare(j, 7, " fabric") == 0 ||
                 (j == lower.size() && after_word && run.compare(j - 8, 8, "Infinity") == 0)))
                continue;
            for (const char* stem : {"nan", "infinity", "inf"}) {
                const size_t n = std::strlen(stem);
                if (tok.compare(0, n, stem) != 0) continue;
                const std::string rest = tok.substr(n);
                for (const char* u : units)
                    if (rest == u) flagged = true;
                if (flagged) break;
            }
        }
        if (flagged) bad.push_back(run);
    }
    return bad;
}

} // namespace costlab::gui::test
