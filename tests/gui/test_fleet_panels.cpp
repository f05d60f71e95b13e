// The Fleet panel's waiting-under-load section (targets, caps, the melting curve) and the
// References panel, drawn headless; and the page's published report agreeing with the CLI's
// `costlab fleet` / `costlab list references` for the same link.
#include "cli.h"
#include "harness.h"
#include "screen_text.h"

#include "costlab/report_io.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace costlab;
using namespace costlab::gui;
using nlohmann::json;
using test::Harness;

namespace {

void full_height(Harness& h, float width) {
    h.resize(width, 800);
    h.frames(2);
    h.resize(width, h.app().content_height() + 8);
    h.frames(3);
}

// Drawn text with wrapped lines joined again (ImGui wraps at spaces, which it drops).
bool drawn(const Harness& h, const std::string& text) {
    std::string all = h.drawn_joined();
    for (char& c : all)
        if (c == '\n') c = ' ';
    return all.find(text) != std::string::npos;
}

void require_clean(const Harness& h) {
    INFO("first assert: " << Harness::first_assert());
    REQUIRE(Harness::assert_failures() == 0);
    const auto bad = test::find_non_numbers(h.drawn_text());
    INFO("drawn: " << (bad.empty() ? std::string() : bad.front()));
    REQUIRE(bad.empty());
}

} // namespace

TEST_CASE("the Fleet panel draws waits, targets, caps and the melting curve", "[app][fleet]") {
    for (float w : {360.f, 900.f, 1600.f}) {
        Harness h(w, 800, "v=1&fci=3");
        full_height(h, w);
        INFO("width " << w);
        require_clean(h);
        CHECK(drawn(h, "Waiting under load"));
        CHECK(drawn(h, "P99 time to first token"));
        CHECK(drawn(h, "P99 time to the image"));
        CHECK(drawn(h, "GPUs for the target"));
        CHECK(drawn(h, "With the cap"));
        CHECK(drawn(h, "utilization of the fixed fleet at peak"));
        CHECK(drawn(h, "now "));
        CHECK(drawn(h, "judged as if it had the whole fixed fleet"));
        CHECK(drawn(h, "fleet demand / users"));
    }
}

TEST_CASE("an overloaded fixed fleet says unbounded; a target below the unloaded time says so",
          "[app][fleet]") {
    Harness h(1600, 800, "v=1&fg=10&fsi=0.5");
    full_height(h, 1600);
    require_clean(h);
    CHECK(drawn(h, "unbounded"));
    CHECK(drawn(h, "no fleet meets it"));
}

TEST_CASE("the preset caps free users at 3 images a day", "[app][fleet]") {
    Harness h(1600, 800);
    full_height(h, 1600);
    REQUIRE(h.click_item("Free users get 3 images a day"));
    h.frames(3);
    CHECK(h.state().last_good.fleet.image_cap_per_user_per_day == 3);
    CHECK(h.state().report.fleet_image.capped);
    CHECK(h.state().fragment.find("fci=3") != std::string::npos);
}

TEST_CASE("the References panel sets each disclosure beside its estimate", "[app][references]") {
    Harness h(1600, 800);
    full_height(h, 1600);
    require_clean(h);
    CHECK(drawn(h, "What providers published"));
    for (const char* provider : {"Google", "OpenAI", "Mistral AI", "DeepSeek"})
        CHECK(drawn(h, provider));
    CHECK(drawn(h, "the published figure"));
    CHECK(drawn(h, "Implied gross margin"));
    CHECK(drawn(h, "costlab has no estimate of this"));
    REQUIRE(h.click_item("Boundary and source"));
    h.frames(2);
    CHECK(drawn(h, "Their boundary"));
}

TEST_CASE("the page's report and the CLI agree on fleet and references", "[app][cli]") {
    const std::string fragment = "v=1&fst=3&fci=3&fg=20000";
    Harness h(1280, 800, fragment);
    h.frames(3);
    const json page = json::parse(h.platform.published_json, nullptr, false);
    REQUIRE(!page.is_discarded());
    const auto fleet = cli::run({"fleet", "--fragment", "#" + fragment, "--format", "json"});
    REQUIRE(fleet.exit_code == 0);
    CHECK((json::parse(fleet.out) == page["report"]["fleet"]));
    const auto refs =
        cli::run({"list", "references", "--fragment", "#" + fragment, "--format", "json"});
    REQUIRE(refs.exit_code == 0);
    CHECK((json::parse(refs.out) == page["report"]["references"]));
    CHECK(page["report"]["fleet"]["image"]["rate_limit"]["capped"].get<bool>());
}
