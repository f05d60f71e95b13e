// The App headless: panels present, recompute only on change, invalid edits kept out, links,
// exports, the hardware flow.
#include "fields.h"
#include "harness.h"
#include "screen_text.h"

#include "costlab/report_io.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace costlab;
using namespace costlab::gui;
using test::Harness;

namespace {
void require_clean(const Harness& h) {
    INFO("first assert: " << Harness::first_assert());
    REQUIRE(Harness::assert_failures() == 0);
    const auto bad = test::find_non_numbers(h.drawn_text());
    INFO("drawn: " << (bad.empty() ? std::string() : bad.front()));
    REQUIRE(bad.empty());
}
} // namespace

TEST_CASE("every panel window is drawn at every width", "[app]") {
    for (float w : {360.f, 600.f, 800.f, 1280.f, 1920.f}) {
        Harness h(w, 900);
        h.frames(3);
        const auto panels = h.active_panels();
        for (const char* title : App::panel_titles()) {
            INFO("width " << w << ", panel " << title);
            CHECK(std::find(panels.begin(), panels.end(), title) != panels.end());
        }
        CHECK(h.state().columns == (w < 702 ? 1 : w < 1170 ? 2 : 3));
        require_clean(h);
    }
}
