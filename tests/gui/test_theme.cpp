// Contrast of every text colour and chart mark in both themes (WCAG 2.1 AA), read from the
// theme's own table (gui/theme.h contrast_pairs), plus the ratio function on known values.
#include "theme.h"

#include <catch2/catch.hpp>

#include <cstdio>

using namespace costlab;

TEST_CASE("contrast ratio: WCAG's black on white and equal colours", "[theme]") {
    CHECK(gui::contrast_ratio(ImVec4(0, 0, 0, 1), ImVec4(1, 1, 1, 1)) == Approx(21.0));
    CHECK(gui::contrast_ratio(ImVec4(0.5f, 0.5f, 0.5f, 1), ImVec4(0.5f, 0.5f, 0.5f, 1)) ==
          Approx(1.0));
    // #999 on white, the old notes: 2.85:1 (fails 4.5).
    CHECK(gui::contrast_ratio(ImVec4(0.6f, 0.6f, 0.6f, 1), ImVec4(1, 1, 1, 1)) ==
          Approx(2.85).epsilon(0.01));
    // Translucent black at 50% over white is mid grey.
    const ImVec4 g = gui::blend_over(ImVec4(0, 0, 0, 0.5f), ImVec4(1, 1, 1, 1));
    CHECK(g.x == Approx(0.5f));
}

TEST_CASE("every text colour and chart mark passes WCAG AA in both themes", "[theme]") {
    for (gui::Theme t : {gui::Theme::light, gui::Theme::dark}) {
        const auto pairs = gui::contrast_pairs(t);
        CHECK(pairs.size() >= 20);
        for (const gui::ContrastPair& p : pairs) {
            const double r = gui::contrast_ratio(gui::blend_over(p.fg, p.bg), p.bg);
            std::printf("contrast %-5s %-30s %5.2f:1 (needs %.1f)\n",
                        t == gui::Theme::dark ? "dark" : "light", p.what, r, p.min_ratio);
            INFO((t == gui::Theme::dark ? "dark: " : "light: ") << p.what << " " << r << ":1");
            CHECK(r >= p.min_ratio);
        }
    }
}
