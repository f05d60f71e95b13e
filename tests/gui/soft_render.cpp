// Software rasterizer for ImGui draw data (see soft_render.h): per triangle, barycentric
// coverage at pixel centres, vertex colour x atlas texel (nearest), alpha blending.
#include "soft_render.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace costlab::gui::test {

std::vector<unsigned char> rasterize(const ImDrawData* data, int& width, int& height) {
    width = int(data->DisplaySize.x);
    height = int(data->DisplaySize.y);
    std::vector<float> fb(size_t(width) * height * 3, 0.0f);
    unsigned char* tex = nullptr;
    int tw = 0, th = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&tex, &tw, &th);
    for (int l = 0; l < data->CmdListsCount; ++l) {
        const ImDrawList* dl = data->CmdLists[l];
        for (const ImDrawCmd& cmd : dl->CmdBuffer) {
            if (cmd.UserCallback) continue;
            const int cx0 = std::max(0, int(cmd.ClipRect.x)), cy0 = std::max(0, int(cmd.ClipRect.y));
            const int cx1 = std::min(width, int(cmd.ClipRect.z)),
                      cy1 = std::min(height, int(cmd.ClipRect.w));
            for (unsigned e = 0; e + 2 < cmd.ElemCount; e += 3) {
                const ImDrawVert& a = dl->VtxBuffer[cmd.VtxOffset + dl->IdxBuffer[cmd.IdxOffset + e]];
                const ImDrawVert& b = dl->VtxBuffer[cmd.VtxOffset + dl->IdxBuffer[cmd.IdxOffset + e + 1]];
                const ImDrawVert& c = dl->VtxBuffer[cmd.VtxOffset + dl->IdxBuffer[cmd.IdxOffset + e + 2]];
                const float area = (b.pos.x - a.pos.x) * (c.pos.y - a.pos.y) -
                                   (b.pos.y - a.pos.y) * (c.pos.x - a.pos.x);
                if (std::fabs(area) < 1e-6f) continue;
                const int x0 = std::max(cx0, int(std::floor(std::min({a.pos.x, b.pos.x, c.pos.x}))));
                const int x1 = std::min(cx1, int(std::ceil(std::max({a.pos.x, b.pos.x, c.pos.x}))));
                const int y0 = std::max(cy0, int(std::floor(std::min({a.pos.y, b.pos.y, c.pos.y}))));
                const int y1 = std::min(cy1, int(std::ceil(std::max({a.pos.y, b.pos.y, c.pos.y}))));
                for (int y = y0; y < y1; ++y)
                    for (int x = x0; x < x1; ++x) {
                        const float px = x + 0.5f, py = y + 0.5f;
                        float w0 = ((b.pos.x - px) * (c.pos.y - py) - (b.pos.y - py) * (c.pos.x - px)) / area;
                        float w1 = ((c.pos.x - px) * (a.pos.y - py) - (c.pos.y - py) * (a.pos.x - px)) / area;
                        float w2 = 1 - w0 - w1;
                        if (w0 < 0 || w1 < 0 || w2 < 0) continue;
                        auto lerp_col = [&](int shift) {
                            return (w0 * ((a.col >> shift) & 255) + w1 * ((b.col >> shift) & 255) +
                                    w2 * ((c.col >> shift) & 255)) / 255.0f;
                        };
                        const float u = w0 * a.uv.x + w1 * b.uv.x + w2 * c.uv.x;
                        const float v = w0 * a.uv.y + w1 * b.uv.y + w2 * c.uv.y;
                        const int tx = std::clamp(int(u * tw), 0, tw - 1);
                        const int ty = std::clamp(int(v * th), 0, th - 1);
                        const unsigned char* t = tex + (size_t(ty) * tw + tx) * 4;
                        const float alpha = lerp_col(IM_COL32_A_SHIFT) * t[3] / 255.0f;
                        float* p = &fb[(size_t(y) * width + x) * 3];
                        const int shifts[3] = {IM_COL32_R_SHIFT, IM_COL32_G_SHIFT, IM_COL32_B_SHIFT};
                        for (int k = 0; k < 3; ++k)
                            p[k] = p[k] * (1 - alpha) + lerp_col(shifts[k]) * t[k] / 255.0f * alpha;
                    }
            }
        }
    }
    std::vector<unsigned char> out(fb.size());
    for (size_t i = 0; i < fb.size(); ++i)
        out[i] = (unsigned char)std::clamp(int(fb[i] * 255 + 0.5f), 0, 255);
    return out;
}

bool write_ppm(const std::string& path, const std::vector<unsigned char>& rgb, int w, int h) {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    std::fprintf(f, "P6\n%d %d\n255\n", w, h);
    std::fwrite(rgb.data(), 1, rgb.size(), f);
    std::fclose(f);
    return true;
}

} // namespace costlab::gui::test
