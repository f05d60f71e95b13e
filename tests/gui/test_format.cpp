// The GUI's number formatting and the on-screen NaN check itself (it must be able to fail).
#include "format.h"
#include "harness.h"
#include "screen_text.h"

#include <catch2/catch.hpp>

#include <limits>

using namespace costlab::gui;

TEST_CASE("formatters turn non-finite numbers into words", "[format]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    for (double v : {nan, inf, -inf}) {
        CHECK(fmt::usd(v) == "n/a");
        CHECK(fmt::energy(v) == "n/a");
        CHECK(fmt::seconds(v) == "n/a");
        CHECK(fmt::mass(v) == "n/a");
        CHECK(fmt::si(v, "FLOP/s") == "n/a");
        CHECK(fmt::number(v) == "n/a");
        CHECK(fmt::count(v) == "n/a");
        CHECK(fmt::ratio(v) == "n/a");
        CHECK(fmt::percent(v) == "n/a");
        CHECK(fmt::usd_per_query(v, "reply", "replies") == "n/a");
    }
}

TEST_CASE("formatters write readable units", "[format]") {
    CHECK(fmt::usd_per_query(0.0012, "query", "queries") ==
          "$0.0012 per query, $1.20 per 1,000 queries");
    CHECK(fmt::count(1234567) == "1.23 million");
    CHECK(fmt::count(123456) == "123,456");
    CHECK(fmt::count(1000) == "1,000");
    CHECK(fmt::count(999) == "999");
    CHECK(fmt::count(2.5e9) == "2.5 billion");
    CHECK(fmt::ratio(18.4) == "18x");
    CHECK(fmt::ratio(1.5) == "1.5x");
    CHECK(fmt::ratio(0.25) == "0.25x");
    CHECK(fmt::ratio(2400) == "2,400x");
    CHECK(fmt::percent(0.853) == "85%");
    CHECK(fmt::percent(-1.2) == "-120%");
    CHECK(fmt::percent(0.003) == "0.30%");
    CHECK(fmt::number(0.00012) == "0.00012");
}

TEST_CASE("the on-screen check finds printed NaN and infinity", "[format][screen]") {
    using test::find_non_numbers;
    CHECK(find_non_numbers({"cost $0.0012"}).empty());
    CHECK(find_non_numbers({"information about infrastructure", "nano banana"}).empty());
    CHECK(find_non_numbers({"n/a"}).empty());
    CHECK(find_non_numbers({"cost nan"}).size() == 1);
    CHECK(find_non_numbers({"-nan Wh"}).size() == 1);
    CHECK(find_non_numbers({"$inf"}).size() == 1);
    CHECK(find_non_numbers({"infx"}).size() == 1);
    CHECK(find_non_numbers({"3 infWh"}).size() == 1);
    CHECK(find_non_numbers({"INF %"}).size() == 1);
    CHECK(find_non_numbers({"Infinity"}).size() == 1);
}

TEST_CASE("the draw-list reader sees text drawn by any code path", "[screen]") {
    test::Harness h(800, 600);
    h.frames(3);
    // Something every frame shows, read back from the vertices.
    CHECK(h.drawn_joined().find("One chat reply") != std::string::npos);
    // Draw a bad number the way a careless panel would, on top of the app (two frames: a new
    // window is hidden on its first).
    for (int i = 0; i < 2; ++i) {
        ImGui::NewFrame();
        h.app().frame();
        ImGui::Begin("careless");
        ImGui::Text("energy %f Wh, ratio %gx", std::numeric_limits<double>::quiet_NaN(),
                    std::numeric_limits<double>::infinity());
        ImGui::End();
        ImGui::Render();
    }
    const auto runs = test::decode_draw_data(ImGui::GetDrawData(), ImGui::GetFont());
    const auto bad = test::find_non_numbers(runs);
    REQUIRE(bad.size() >= 1);
    CHECK(bad.front().find("energy") != std::string::npos);
}


#include "soft_render.h"

#include <cstdlib>

// Not run by default: writes screenshots of the default comparison at several widths, laid out
// at full content height, to $COSTLAB_GUI_SHOTS (a folder) for eyeballing the layout.
TEST_CASE("screenshots", "[.screenshots]") {
    const char* dir = std::getenv("COSTLAB_GUI_SHOTS");
    REQUIRE(dir);
    const char* fragment = std::getenv("COSTLAB_GUI_SHOT_FRAGMENT"); // optional scenario
    for (float w : {360.f, 900.f, 1600.f}) {
        for (int dark = 0; dark < 2; ++dark) {
            test::Harness h(w, 800, fragment ? fragment : "");
            h.state().theme = dark ? Theme::dark : Theme::light;
            h.frames(3);
            h.resize(w, h.app().content_height() + 8);
            h.frames(3);
            int iw = 0, ih = 0;
            const auto rgb = test::rasterize(ImGui::GetDrawData(), iw, ih);
            char name[256];
            std::snprintf(name, sizeof name, "%s/gui-%d%s.ppm", dir, int(w), dark ? "-dark" : "");
            CHECK(test::write_ppm(name, rgb, iw, ih));
        }
    }
}

TEST_CASE("the layout settles in two frames after a resize (render on demand draws 3)",
          "[app][layout]") {
    for (float w : {360.f, 700.f, 1000.f, 1600.f}) {
        test::Harness h(w, 800);
        h.frames(2);
        h.resize(w, h.app().content_height() + 8); // an embed sized to its content
        h.frames(2);
        const float settled = h.app().content_height();
        h.frames(4);
        INFO("width " << w);
        CHECK(h.app().content_height() == settled);
    }
}

TEST_CASE("core messages are shown without printed NaN or infinity", "[format]") {
    CHECK(fmt::message("overloaded at peak (inf% of its capacity): 100% refused") ==
          "overloaded at peak (n/a of its capacity): 100% refused");
    CHECK(fmt::message("value -nan is out of range") == "value n/a is out of range");
    CHECK(fmt::message("information about infrastructure") == "information about infrastructure");
    CHECK(test::find_non_numbers({fmt::message("x inf y NaN z -inf Wh")}).empty());
}

#include <chrono>
// Not run by default: frame time of the app alone and of the on-screen text reader.
TEST_CASE("frame timing", "[.timing]") {
    test::Harness h(1280, 800);
    h.frames(2);
    h.resize(1280, h.app().content_height() + 8);
    h.frames(2);
    using clock = std::chrono::steady_clock;
    for (int round = 0; round < 3; ++round) {
    auto t0 = clock::now();
    const int n = 100;
    for (int i = 0; i < n; ++i) {
        ImGui::NewFrame();
        h.app().frame();
        ImGui::Render();
    }
    auto t1 = clock::now();
    size_t chars = 0;
    for (int i = 0; i < n; ++i)
        chars += test::decode_draw_data(ImGui::GetDrawData(), ImGui::GetFont()).size();
    auto t2 = clock::now();
    int vtx = ImGui::GetDrawData()->TotalVtxCount;
    std::printf("frame %.3f ms, decode %.3f ms, %d vertices, %zu runs\n",
                std::chrono::duration<double, std::milli>(t1 - t0).count() / n,
                std::chrono::duration<double, std::milli>(t2 - t1).count() / n, vtx, chars / n);
    }
}
