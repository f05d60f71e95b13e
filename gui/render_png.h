// Pictures without a screen: a software rasterizer of ImGui draw data and a PNG encoder and
// decoder. No platform code: used by `costlab render` (cli/render.cpp), by the native app's
// "save as PNG" and screenshots (main_native.cpp), and by the tests, which decode the PNGs back.
//
// Why a software rasterizer rather than offscreen OpenGL: `costlab render` then needs no
// display, no X server, no GL driver and no GPU (CI, servers, containers), and its pictures are
// the same bytes on every machine. ImGui's draw data is simple (textured, vertex-coloured
// triangles with clip rectangles over one font atlas), so the rasterizer is ~60 lines.
#pragma once

#include "imgui.h"

#include <cstdint>
#include <string>
#include <vector>

namespace costlab::gui {

struct Image {
    int width = 0, height = 0;
    std::vector<uint8_t> rgba; // width * height * 4, rows top to bottom, straight alpha (opaque)
};

// Rasterizes `data` into a `width` x `height` image cleared to `clear` (ImGui display units =
// pixels x `scale`; DisplayPos is the top left). `atlas` is the font atlas as RGBA32 (GetTexDataAsRGBA32),
// the only texture ImGui draws with here. Per triangle: coverage at pixel centres, vertex colour
// interpolated, times the atlas texel (nearest), blended source-over.
Image rasterize(const ImDrawData* data, const unsigned char* atlas, int atlas_w, int atlas_h,
                int width, int height, ImVec4 clear, float scale = 1.0f);

// PNG (8-bit RGBA, non-interlaced). zlib-compressed where zlib was found at build time, else
// stored (uncompressed) deflate blocks: both are valid PNGs.
std::string encode_png(const Image& img);
bool write_png(const std::string& path, const Image& img, std::string* error = nullptr);

// Decodes what encode_png writes (and other 8-bit RGB/RGBA non-interlaced PNGs): checks the
// signature and every chunk's CRC. False + *error when it is not such a PNG. Used by the tests.
bool decode_png(const std::string& bytes, Image& out, std::string* error = nullptr);

// Crops a rectangle (clamped to the image).
Image crop(const Image& img, int x, int y, int w, int h);

} // namespace costlab::gui
