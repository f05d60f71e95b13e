// Pictures (native only): `costlab render`'s software rasterizer and PNG writer, checked by
// decoding the PNG back (chunks, CRCs, size) and looking at its pixels; and the desktop app
// costlab-gui run under Xvfb, taking a screenshot of itself (skipped, with a note, when Xvfb
// or the app is missing).
#include "cli.h"
#include "format.h"
#include "picture.h"
#include "render_png.h"

#include "costlab/catalog.h"
#include "costlab/model.h"
#include "costlab/scenario.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace costlab;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir() {
    const fs::path d = fs::temp_directory_path() / ("costlab_render_test_" + std::to_string(getpid()));
    fs::create_directories(d);
    return d;
}

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

uint32_t pixel(const gui::Image& img, int x, int y) {
    const uint8_t* p = &img.rgba[(size_t(y) * img.width + x) * 4];
    return uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2];
}

// Distinct RGB colours in a rectangle.
size_t colours(const gui::Image& img, int x0, int y0, int x1, int y1) {
    std::set<uint32_t> seen;
    for (int y = y0; y < std::min(y1, img.height); ++y)
        for (int x = x0; x < std::min(x1, img.width); ++x)
            seen.insert(pixel(img, x, y));
    return seen.size();
}

// Not blank: many colours overall and in the top third (the headline).
void check_not_blank(const gui::Image& img) {
    REQUIRE(img.width > 0);
    REQUIRE(img.height > 0);
    CHECK(colours(img, 0, 0, img.width, img.height) >= 8);
    CHECK(colours(img, 0, 0, img.width, img.height / 3) >= 4);
}

gui::Image decode_file(const fs::path& p) {
    gui::Image img;
    std::string error;
    const bool ok = gui::decode_png(read_bytes(p), img, &error);
    INFO(p.string() << ": " << error);
    REQUIRE(ok);
    return img;
}

// The headline's ratio as the picture words it: "as much as 18 chat replies".
std::string fmt_ratio_words(const Report& r) {
    return "as much as " +
           gui::fmt::multiple(ratio(r, Workload::image, Workload::text, Metric::usd)) +
           " chat replies";
}

} // namespace

TEST_CASE("render_picture draws the comparison at the asked size, and the PNG decodes back") {
    gui::PictureOptions o;
    o.width = 800;
    o.height = 500;
    gui::Image img;
    std::string error;
    REQUIRE(gui::render_picture(Scenario{}, Catalog::builtin(), o, img, &error));
    CHECK(img.width == 800);
    CHECK(img.height == 500);
    check_not_blank(img);

    const std::string png = gui::encode_png(img);
    REQUIRE(png.size() > 8);
    CHECK(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
    gui::Image back;
    REQUIRE(gui::decode_png(png, back, &error));
    CHECK(back.width == 800);
    CHECK(back.height == 500);
    CHECK(back.rgba == img.rgba);

    // A flipped bit anywhere in a chunk is caught by its CRC.
    std::string bad = png;
    bad[bad.size() / 2] = char(bad[bad.size() / 2] ^ 0x10);
    gui::Image junk;
    CHECK_FALSE(gui::decode_png(bad, junk, &error));
    CHECK_FALSE(gui::decode_png("not a png", junk, &error));
}

TEST_CASE("render_picture: the figure keeps 1.91:1 and fills its frame; themes; the roofline") {
    gui::PictureOptions o;
    gui::Image light, dark, roof, wide, small;
    std::string error;
    REQUIRE(gui::render_picture(Scenario{}, Catalog::builtin(), o, light, &error));
    CHECK(light.width == 1200);
    CHECK(light.height == 630);
    check_not_blank(light);
    // Fills the frame: ink (pixels off the background) in every fifth of the height but the
    // margins, and from the left margin past 80% of the width.
    const uint32_t bg = pixel(light, 1, 1);
    auto ink_rows = [&](const gui::Image& img, int y0, int y1) {
        size_t n = 0;
        for (int y = y0; y < y1; ++y)
            for (int x = 0; x < img.width; ++x)
                n += pixel(img, x, y) != bg;
        return n;
    };
    for (int band = 1; band < 4; ++band) {
        INFO("band " << band);
        CHECK(ink_rows(light, band * 126, (band + 1) * 126) > 2000);
    }
    int right = 0;
    for (int y = 0; y < light.height; ++y)
        for (int x = light.width - 1; x > right; --x)
            if (pixel(light, x, y) != bg) right = x;
    CHECK(right > 0.8 * light.width);

    o.theme = gui::Theme::dark;
    REQUIRE(gui::render_picture(Scenario{}, Catalog::builtin(), o, dark, &error));
    CHECK(pixel(dark, 2, dark.height - 2) != pixel(light, 2, light.height - 2)); // background
    // Other sizes lay out anew: a 2400-wide picture at the same proportion is the same
    // figure twice as big (as many rows of ink, doubled), not a crop.
    o.theme = gui::Theme::light;
    o.width = 2400;
    o.height = 0;
    REQUIRE(gui::render_picture(Scenario{}, Catalog::builtin(), o, wide, &error));
    CHECK(wide.height == 1260);
    const double ratio = double(ink_rows(wide, 0, wide.height)) / double(ink_rows(light, 0, 630));
    CHECK(ratio == Approx(4.0).epsilon(0.15));
    o.width = 400;
    o.height = 600; // a tall one stacks what does not fit side by side
    REQUIRE(gui::render_picture(Scenario{}, Catalog::builtin(), o, small, &error));
    CHECK(small.height == 600);
    check_not_blank(small);
    o.roofline = true;
    o.width = 900;
    o.height = 0;
    REQUIRE(gui::render_picture(Scenario{}, Catalog::builtin(), o, roof, &error));
    CHECK(roof.height > 600); // the panels, as tall as their content
    check_not_blank(roof);
}

namespace {
// Area-average downscale by an integer factor (1200 -> 600: what a feed shows).
gui::Image shrink(const gui::Image& img, int f) {
    gui::Image out;
    out.width = img.width / f;
    out.height = img.height / f;
    out.rgba.assign(size_t(out.width) * out.height * 4, 255);
    for (int y = 0; y < out.height; ++y)
        for (int x = 0; x < out.width; ++x)
            for (int c = 0; c < 3; ++c) {
                int sum = 0;
                for (int dy = 0; dy < f; ++dy)
                    for (int dx = 0; dx < f; ++dx)
                        sum += img.rgba[(size_t(y * f + dy) * img.width + (x * f + dx)) * 4 + c];
                out.rgba[(size_t(y) * out.width + x) * 4 + c] = uint8_t(sum / (f * f));
            }
    return out;
}
} // namespace

TEST_CASE("OCR reads the headline ratio and both dollar figures from the picture at 600 px",
          "[render][ocr]") {
    // tesseract-ocr (Debian; scripts/deps.sh installs it): a cheap legibility test. A feed
    // shows the 1200 x 630 picture at 600 px wide; the default picture, light and dark.
    REQUIRE(std::system("tesseract --version >/dev/null 2>&1") == 0);
    const Report r = evaluate(Scenario{});
    const std::string want[] = {fmt_ratio_words(r), gui::fmt::usd(r.text.usd_per_query),
                                gui::fmt::usd(r.image.usd_per_query)};
    const fs::path dir = temp_dir();
    for (gui::Theme t : {gui::Theme::light, gui::Theme::dark}) {
        gui::PictureOptions o;
        o.theme = t;
        gui::Image img;
        std::string error;
        REQUIRE(gui::render_picture(Scenario{}, Catalog::builtin(), o, img, &error));
        const fs::path png = dir / "ocr.png", txt = dir / "ocr";
        REQUIRE(gui::write_png(png.string(), shrink(img, 2), &error));
        const std::string cmd =
            "tesseract '" + png.string() + "' '" + txt.string() + "' >/dev/null 2>&1";
        REQUIRE(std::system(cmd.c_str()) == 0);
        const std::string read = read_bytes(dir / "ocr.txt");
        for (const std::string& w : want) {
            INFO((t == gui::Theme::dark ? "dark" : "light") << ": looking for \"" << w
                                                            << "\" in:\n" << read);
            CHECK(read.find(w) != std::string::npos);
        }
    }
    fs::remove_all(dir);
}

TEST_CASE("the picture with the video workload on: a third workload, its dollar figure read back",
          "[render][ocr]") {
    REQUIRE(std::system("tesseract --version >/dev/null 2>&1") == 0);
    Scenario s;
    s.video.enabled = 1;
    s.video.model = "wan-2.1-1.3b";
    const Report r = evaluate(s);
    REQUIRE(r.ok());
    REQUIRE(r.video_enabled);
    REQUIRE(figures_trusted(r.video));
    gui::PictureOptions o;
    gui::Image img;
    std::string error;
    REQUIRE(gui::render_picture(s, Catalog::builtin(), o, img, &error));
    const fs::path dir = temp_dir();
    const fs::path png = dir / "ocr.png", txt = dir / "ocr";
    // Read at the picture's own 1200 x 630: halved, tesseract took the video's "$0.065" for
    // "$0.066" (the picture draws it right; tests/golden/video.png is the byte-exact check).
    REQUIRE(gui::write_png(png.string(), img, &error));
    const std::string cmd = "tesseract '" + png.string() + "' '" + txt.string() + "' >/dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    const std::string read = read_bytes(dir / "ocr.txt");
    INFO(read);
    CHECK(read.find("video") != std::string::npos);
    CHECK(read.find(gui::fmt::usd(r.video.usd_per_query)) != std::string::npos);
    CHECK(read.find(gui::fmt::usd(r.image.usd_per_query)) != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("render_picture refuses sizes outside the limits and invalid scenarios, in words") {
    gui::PictureOptions o;
    gui::Image img;
    std::string error;
    o.width = 10;
    CHECK_FALSE(gui::render_picture(Scenario{}, Catalog::builtin(), o, img, &error));
    CHECK(error.find("64..4096") != std::string::npos);
    o.width = 800;
    Scenario s;
    s.text.model = "no-such-model";
    CHECK_FALSE(gui::render_picture(s, Catalog::builtin(), o, img, &error));
    CHECK_FALSE(error.empty());
}

TEST_CASE("costlab render writes the PNG; bad flags exit 2 with a message") {
    const fs::path dir = temp_dir();
    const fs::path out = dir / "compare.png";
    const fs::path scenario = dir / "s.json";
    {
        std::ofstream f(scenario);
        f << scenario_to_json(Scenario{});
    }
    cli::Output o = cli::render({"render", "--scenario", scenario.string(), "--out", out.string(),
                                 "--width", "640", "--height", "400", "--theme", "dark"});
    INFO(o.err);
    REQUIRE(o.exit_code == 0);
    const gui::Image img = decode_file(out);
    CHECK(img.width == 640);
    CHECK(img.height == 400);
    check_not_blank(img);

    // Without --height the figure keeps 1.91:1.
    o = cli::render({"render", "--out", (dir / "p.png").string(), "--width", "600"});
    REQUIRE(o.exit_code == 0);
    CHECK(decode_file(dir / "p.png").height == 315);
    // Scenario flags pass through to the compare options; --roofline makes it taller.
    o = cli::render({"render", "--out", (dir / "r.png").string(), "--roofline", "--gpu", "h200",
                     "--width=700"});
    INFO(o.err);
    REQUIRE(o.exit_code == 0);
    const gui::Image roof = decode_file(dir / "r.png");
    CHECK(roof.width == 700);
    CHECK(roof.height > 400);
    o = cli::render({"render", "--out", (dir / "x.png").string(), "--gpu", "no-such-gpu"});
    CHECK(o.exit_code == 2);

    o = cli::render({"render", "--out", (dir / "x.png").string(), "--width", "9"});
    CHECK(o.exit_code == 2);
    CHECK(o.err.find("--width") != std::string::npos);
    o = cli::render({"render", "--out", (dir / "x.png").string(), "--theme", "pink"});
    CHECK(o.exit_code == 2);
    o = cli::render({"render"});
    CHECK(o.exit_code == 2);
    CHECK(o.err.find("--out") != std::string::npos);
    o = cli::render({"render", "--help"});
    CHECK(o.exit_code == 0);
    CHECK(o.out.find("--roofline") != std::string::npos);
    fs::remove_all(dir);
}

#ifdef COSTLAB_GUI_EXE
TEST_CASE("costlab-gui runs under Xvfb and its screenshot is not blank") {
    if (std::system("command -v xvfb-run >/dev/null 2>&1") != 0) {
        WARN("SKIPPED: xvfb-run is not installed (Debian: xvfb xauth), so costlab-gui was not "
             "run; scripts/deps.sh installs it");
        return;
    }
    const fs::path dir = temp_dir();
    const fs::path shot = dir / "screenshot.png";
    const fs::path log = dir / "gui.log";
    // (Leak checks off for the app in sanitizer builds: the X and GL drivers' allocations are
    // not ours.)
    const std::string cmd = "ASAN_OPTIONS=detect_leaks=0 XDG_CONFIG_HOME='" + (dir / "config").string() +
                            "' timeout 120 xvfb-run -a -s '-screen 0 1280x1024x24' '" +
                            std::string(COSTLAB_GUI_EXE) + "' --size 1000x700 --theme dark " +
                            "--fragment '#v=1&is=20' --screenshot '" + shot.string() + "' >'" +
                            log.string() + "' 2>&1";
    const int rc = std::system(cmd.c_str());
    INFO("command: " << cmd << "\noutput:\n" << read_bytes(log));
    REQUIRE(rc == 0);
    const gui::Image img = decode_file(shot);
    CHECK(img.width == 1000);
    CHECK(img.height == 700);
    check_not_blank(img);

    // Bad input: a catalog that does not parse is refused with exit status 2, before any window.
    {
        std::ofstream f(dir / "bad.json");
        f << "{ not json";
    }
    const std::string bad = "'" + std::string(COSTLAB_GUI_EXE) + "' --catalog '" +
                            (dir / "bad.json").string() + "' >/dev/null 2>&1";
    const int brc = std::system(bad.c_str());
    CHECK(WIFEXITED(brc));
    CHECK(WEXITSTATUS(brc) == 2);
    fs::remove_all(dir);
}
#else
TEST_CASE("costlab-gui under Xvfb") {
    WARN("SKIPPED: costlab-gui was not built (GLFW or OpenGL not found at configure time)");
}
#endif
