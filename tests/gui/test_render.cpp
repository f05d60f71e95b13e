// Pictures (native only): `costlab render`'s software rasterizer and PNG writer, checked by
// decoding the PNG back (chunks, CRCs, size) and looking at its pixels; and the desktop app
// costlab-gui run under Xvfb, taking a screenshot of itself (skipped, with a note, when Xvfb
// or the app is missing).
#include "cli.h"
#include "picture.h"
#include "render_png.h"

#include "costlab/catalog.h"
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

// Not blank: many colours overall and in the top band (the panel title and the headline
// "In dollars, one image = N replies"), and both series colours' bars somewhere.
void check_not_blank(const gui::Image& img) {
    REQUIRE(img.width > 0);
    REQUIRE(img.height > 0);
    CHECK(colours(img, 0, 0, img.width, img.height) >= 8);
    CHECK(colours(img, 0, 0, img.width, std::min(img.height, 60)) >= 4);
}

gui::Image decode_file(const fs::path& p) {
    gui::Image img;
    std::string error;
    const bool ok = gui::decode_png(read_bytes(p), img, &error);
    INFO(p.string() << ": " << error);
    REQUIRE(ok);
    return img;
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

TEST_CASE("render_picture: height follows the content; themes and the roofline change it") {
    gui::PictureOptions o;
    o.width = 900;
    gui::Image light, dark, roof, twice;
    std::string error;
    REQUIRE(gui::render_picture(Scenario{}, Catalog::builtin(), o, light, &error));
    CHECK(light.width == 900);
    CHECK(light.height >= 200);
    CHECK(light.height < 1000);
    o.theme = gui::Theme::dark;
    REQUIRE(gui::render_picture(Scenario{}, Catalog::builtin(), o, dark, &error));
    CHECK(pixel(dark, 2, dark.height - 2) != pixel(light, 2, light.height - 2)); // background
    o.roofline = true;
    REQUIRE(gui::render_picture(Scenario{}, Catalog::builtin(), o, roof, &error));
    CHECK(roof.height > dark.height + 150);
    check_not_blank(roof);
    o.roofline = false;
    o.theme = gui::Theme::light;
    o.scale = 2;
    o.width = 1800;
    REQUIRE(gui::render_picture(Scenario{}, Catalog::builtin(), o, twice, &error));
    CHECK(std::abs(twice.height - 2 * light.height) <= 4);
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
