// Software rasterizer of ImGui draw data and a small PNG writer/reader (see render_png.h).
#include "render_png.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#ifdef COSTLAB_HAVE_ZLIB
#include <zlib.h>
#endif

namespace costlab::gui {

namespace {
// A coordinate as a pixel index clamped to 0..limit, in float first (ImGui may hand over
// FLT_MAX clip rectangles; converting those to int directly is undefined behaviour).
int to_pixel(float v, int limit) {
    if (!(v > 0)) return 0; // NaN too
    return v >= float(limit) ? limit : int(v);
}
} // namespace

Image rasterize(const ImDrawData* data, const unsigned char* atlas, int atlas_w, int atlas_h,
                int width, int height, ImVec4 clear, float scale) {
    Image img;
    img.width = std::max(1, width);
    img.height = std::max(1, height);
    width = img.width;
    height = img.height;
    // 8 bits per channel, blended in float per write (as a GPU's RGBA8 target does).
    img.rgba.resize(size_t(width) * height * 4);
    auto to8 = [](float f) { return (uint8_t)std::clamp(int(f * 255 + 0.5f), 0, 255); };
    for (size_t i = 0; i < img.rgba.size(); i += 4) {
        img.rgba[i] = to8(clear.x);
        img.rgba[i + 1] = to8(clear.y);
        img.rgba[i + 2] = to8(clear.z);
        img.rgba[i + 3] = 255;
    }
    const ImVec2 origin = data ? data->DisplayPos : ImVec2(0, 0);
    for (int l = 0; data && l < data->CmdListsCount; ++l) {
        const ImDrawList* dl = data->CmdLists[l];
        for (const ImDrawCmd& cmd : dl->CmdBuffer) {
            if (cmd.UserCallback) continue;
            const int cx0 = to_pixel(std::floor((cmd.ClipRect.x - origin.x) * scale), width);
            const int cy0 = to_pixel(std::floor((cmd.ClipRect.y - origin.y) * scale), height);
            const int cx1 = to_pixel(std::ceil((cmd.ClipRect.z - origin.x) * scale), width);
            const int cy1 = to_pixel(std::ceil((cmd.ClipRect.w - origin.y) * scale), height);
            if (cx0 >= cx1 || cy0 >= cy1) continue;
            for (unsigned e = 0; e + 2 < cmd.ElemCount; e += 3) {
                const ImDrawVert* v[3];
                for (int k = 0; k < 3; ++k)
                    v[k] = &dl->VtxBuffer[int(cmd.VtxOffset + dl->IdxBuffer[int(cmd.IdxOffset + e + k)])];
                ImVec2 p[3];
                for (int k = 0; k < 3; ++k)
                    p[k] = ImVec2((v[k]->pos.x - origin.x) * scale, (v[k]->pos.y - origin.y) * scale);
                const float area = (p[1].x - p[0].x) * (p[2].y - p[0].y) - (p[1].y - p[0].y) * (p[2].x - p[0].x);
                if (std::fabs(area) < 1e-8f) continue;
                const int x0 = std::max(cx0, to_pixel(std::floor(std::min({p[0].x, p[1].x, p[2].x})), width));
                const int x1 = std::min(cx1, to_pixel(std::ceil(std::max({p[0].x, p[1].x, p[2].x})), width));
                const int y0 = std::max(cy0, to_pixel(std::floor(std::min({p[0].y, p[1].y, p[2].y})), height));
                const int y1 = std::min(cy1, to_pixel(std::ceil(std::max({p[0].y, p[1].y, p[2].y})), height));
                float col[3][4];
                for (int k = 0; k < 3; ++k) {
                    const ImU32 c = v[k]->col;
                    col[k][0] = ((c >> IM_COL32_R_SHIFT) & 255) / 255.0f;
                    col[k][1] = ((c >> IM_COL32_G_SHIFT) & 255) / 255.0f;
                    col[k][2] = ((c >> IM_COL32_B_SHIFT) & 255) / 255.0f;
                    col[k][3] = ((c >> IM_COL32_A_SHIFT) & 255) / 255.0f;
                }
                for (int y = y0; y < y1; ++y)
                    for (int x = x0; x < x1; ++x) {
                        const float px = x + 0.5f, py = y + 0.5f;
                        const float w0 = ((p[1].x - px) * (p[2].y - py) - (p[1].y - py) * (p[2].x - px)) / area;
                        const float w1 = ((p[2].x - px) * (p[0].y - py) - (p[2].y - py) * (p[0].x - px)) / area;
                        const float w2 = 1 - w0 - w1;
                        if (w0 < 0 || w1 < 0 || w2 < 0) continue;
                        const float u = w0 * v[0]->uv.x + w1 * v[1]->uv.x + w2 * v[2]->uv.x;
                        const float t = w0 * v[0]->uv.y + w1 * v[1]->uv.y + w2 * v[2]->uv.y;
                        float texel[4] = {1, 1, 1, 1};
                        if (atlas && atlas_w > 0 && atlas_h > 0) {
                            const int tx = std::min(to_pixel(u * atlas_w, atlas_w), atlas_w - 1);
                            const int ty = std::min(to_pixel(t * atlas_h, atlas_h), atlas_h - 1);
                            const unsigned char* s = atlas + (size_t(ty) * atlas_w + tx) * 4;
                            for (int k = 0; k < 4; ++k)
                                texel[k] = s[k] / 255.0f;
                        }
                        const float a = (w0 * col[0][3] + w1 * col[1][3] + w2 * col[2][3]) * texel[3];
                        if (a <= 0) continue;
                        uint8_t* d = &img.rgba[(size_t(y) * width + x) * 4];
                        for (int k = 0; k < 3; ++k) {
                            const float c = (w0 * col[0][k] + w1 * col[1][k] + w2 * col[2][k]) * texel[k];
                            d[k] = to8(d[k] / 255.0f * (1 - a) + c * a);
                        }
                    }
            }
        }
    }
    return img;
}

Image crop(const Image& img, int x, int y, int w, int h) {
    x = std::clamp(x, 0, img.width);
    y = std::clamp(y, 0, img.height);
    w = std::clamp(w, 0, img.width - x);
    h = std::clamp(h, 0, img.height - y);
    Image out;
    out.width = w;
    out.height = h;
    out.rgba.resize(size_t(w) * h * 4);
    for (int r = 0; r < h; ++r)
        std::memcpy(&out.rgba[size_t(r) * w * 4], &img.rgba[(size_t(y + r) * img.width + x) * 4],
                    size_t(w) * 4);
    return out;
}

namespace {

uint32_t crc32_of(const uint8_t* p, size_t n, uint32_t crc = 0) {
    static uint32_t table[256];
    static bool ready = false;
    if (!ready) {
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        ready = true;
    }
    crc = ~crc;
    for (size_t i = 0; i < n; ++i)
        crc = table[(crc ^ p[i]) & 255] ^ (crc >> 8);
    return ~crc;
}

void put32(std::string& s, uint32_t v) {
    s += char(v >> 24);
    s += char(v >> 16);
    s += char(v >> 8);
    s += char(v);
}

uint32_t get32(const std::string& s, size_t at) {
    return (uint32_t(uint8_t(s[at])) << 24) | (uint32_t(uint8_t(s[at + 1])) << 16) |
           (uint32_t(uint8_t(s[at + 2])) << 8) | uint32_t(uint8_t(s[at + 3]));
}

void chunk(std::string& out, const char* type, const std::string& data) {
    put32(out, uint32_t(data.size()));
    std::string body = std::string(type, 4) + data;
    out += body;
    put32(out, crc32_of(reinterpret_cast<const uint8_t*>(body.data()), body.size()));
}

// A zlib stream of stored deflate blocks (no compression), for builds without zlib.
std::string zlib_stored(const std::string& raw) {
    std::string z = "\x78\x01";
    size_t pos = 0;
    do {
        const size_t n = std::min<size_t>(65535, raw.size() - pos);
        const bool last = pos + n == raw.size();
        z += char(last ? 1 : 0);
        z += char(n & 255);
        z += char(n >> 8);
        z += char(~n & 255);
        z += char((~n >> 8) & 255);
        z.append(raw, pos, n);
        pos += n;
    } while (pos < raw.size());
    uint32_t a = 1, b = 0;
    for (unsigned char c : raw) {
        a = (a + c) % 65521;
        b = (b + a) % 65521;
    }
    put32(z, (b << 16) | a);
    return z;
}

bool inflate_all(const std::string& z, size_t expected, std::string& out, std::string* error) {
#ifdef COSTLAB_HAVE_ZLIB
    out.assign(expected, '\0');
    uLongf n = uLongf(expected);
    const int rc = uncompress(reinterpret_cast<Bytef*>(out.data()), &n,
                              reinterpret_cast<const Bytef*>(z.data()), uLong(z.size()));
    if (rc != Z_OK || n != expected) {
        if (error) *error = "image data does not inflate to the expected size";
        return false;
    }
    return true;
#else // stored blocks only
    out.clear();
    size_t pos = 2;
    for (;;) {
        if (pos + 5 > z.size()) break;
        const int hdr = uint8_t(z[pos]);
        if ((hdr >> 1) != 0) {
            if (error) *error = "compressed PNG data needs zlib (this build has none)";
            return false;
        }
        const size_t n = uint8_t(z[pos + 1]) | (size_t(uint8_t(z[pos + 2])) << 8);
        pos += 5;
        if (pos + n > z.size()) break;
        out.append(z, pos, n);
        pos += n;
        if (hdr & 1) break;
    }
    if (out.size() != expected) {
        if (error) *error = "image data does not inflate to the expected size";
        return false;
    }
    return true;
#endif
}

} // namespace

std::string encode_png(const Image& img) {
    std::string raw;
    raw.reserve(size_t(img.width * 4 + 1) * img.height);
    for (int y = 0; y < img.height; ++y) {
        raw += '\0'; // filter: none
        raw.append(reinterpret_cast<const char*>(&img.rgba[size_t(y) * img.width * 4]),
                   size_t(img.width) * 4);
    }
    std::string z;
#ifdef COSTLAB_HAVE_ZLIB
    uLongf n = compressBound(uLong(raw.size()));
    z.resize(n);
    if (compress2(reinterpret_cast<Bytef*>(z.data()), &n,
                  reinterpret_cast<const Bytef*>(raw.data()), uLong(raw.size()), 9) == Z_OK)
        z.resize(n);
    else
        z = zlib_stored(raw);
#else
    z = zlib_stored(raw);
#endif
    std::string out = "\x89PNG\r\n\x1a\n";
    std::string ihdr;
    put32(ihdr, uint32_t(img.width));
    put32(ihdr, uint32_t(img.height));
    ihdr += char(8); // bit depth
    ihdr += char(6); // RGBA
    ihdr += std::string(3, '\0'); // deflate, adaptive filters, no interlace
    chunk(out, "IHDR", ihdr);
    chunk(out, "tEXt", std::string("Software") + '\0' + "costlab");
    chunk(out, "IDAT", z);
    chunk(out, "IEND", "");
    return out;
}

bool write_png(const std::string& path, const Image& img, std::string* error) {
    const std::string bytes = encode_png(img);
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
        if (error) *error = "cannot write " + path;
        return false;
    }
    const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    if (std::fclose(f) != 0 || !ok) {
        if (error) *error = "cannot write " + path;
        return false;
    }
    return true;
}

bool decode_png(const std::string& s, Image& out, std::string* error) {
    auto fail = [&](const std::string& m) {
        if (error) *error = m;
        return false;
    };
    if (s.size() < 8 || s.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return fail("not a PNG signature");
    size_t pos = 8;
    int w = 0, h = 0, channels = 0;
    std::string idat;
    bool seen_end = false;
    while (pos + 12 <= s.size()) {
        const uint32_t len = get32(s, pos);
        if (len > s.size() - pos - 12) return fail("chunk runs past the end of the file");
        const std::string type = s.substr(pos + 4, 4);
        const uint32_t crc = get32(s, pos + 8 + len);
        if (crc != crc32_of(reinterpret_cast<const uint8_t*>(s.data() + pos + 4), len + 4))
            return fail("bad CRC in chunk " + type);
        const std::string data = s.substr(pos + 8, len);
        if (type == "IHDR") {
            if (len != 13) return fail("bad IHDR");
            w = int(get32(data, 0));
            h = int(get32(data, 4));
            if (data[8] != 8 || (data[9] != 6 && data[9] != 2) || data[12] != 0)
                return fail("only 8-bit RGB/RGBA non-interlaced PNGs are read here");
            channels = data[9] == 6 ? 4 : 3;
        } else if (type == "IDAT") {
            idat += data;
        } else if (type == "IEND") {
            seen_end = true;
            break;
        }
        pos += 12 + len;
    }
    if (!seen_end) return fail("no IEND chunk");
    if (w <= 0 || h <= 0 || w > 16384 || h > 16384 || size_t(w) * h > (size_t(1) << 26))
        return fail("bad image size (this reader takes up to 16384 px a side, 64 Mpixels)");
    const size_t stride = size_t(w) * channels;
    std::string raw;
    if (!inflate_all(idat, (stride + 1) * h, raw, error)) return false;
    out.width = w;
    out.height = h;
    out.rgba.assign(size_t(w) * h * 4, 255);
    std::vector<uint8_t> prev(stride, 0), cur(stride);
    for (int y = 0; y < h; ++y) {
        const uint8_t* line = reinterpret_cast<const uint8_t*>(raw.data()) + (stride + 1) * y;
        const int filter = line[0];
        for (size_t i = 0; i < stride; ++i) {
            const int a = i >= size_t(channels) ? cur[i - channels] : 0;
            const int b = prev[i];
            const int c = i >= size_t(channels) ? prev[i - channels] : 0;
            int pred = 0;
            switch (filter) {
            case 0: pred = 0; break;
            case 1: pred = a; break;
            case 2: pred = b; break;
            case 3: pred = (a + b) / 2; break;
            case 4: {
                const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
                pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
                break;
            }
            default: return fail("bad filter type");
            }
            cur[i] = uint8_t(line[1 + i] + pred);
        }
        for (int x = 0; x < w; ++x)
            for (int k = 0; k < channels; ++k)
                out.rgba[(size_t(y) * w + x) * 4 + k] = cur[size_t(x) * channels + k];
        std::swap(prev, cur);
    }
    return true;
}

} // namespace costlab::gui
