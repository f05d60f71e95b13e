// Typed numbers and default boxes, headless: a typed text is applied only whole and valid (on
// Enter, on leaving the field, after the pause), never keystroke by keystroke; an invalid one
// stays in its box with its message while the figures and the link keep the last valid value;
// unticking an automatic box starts from the value it stood for. Start at the first TEST_CASE.
#include "harness.h"
#include "widgets.h"

#include "costlab/report_io.h"

#include <catch2/catch.hpp>

#include <string>

using namespace costlab;
using namespace costlab::gui;
using test::Harness;

namespace {

bool drawn(const Harness& h, const std::string& text) {
    return h.drawn_joined().find(text) != std::string::npos;
}

void full_height(Harness& h, float width) {
    h.resize(width, 800);
    h.frames(2);
    h.resize(width, h.app().content_height() + 8);
    h.frames(3);
}

// The n-th (0-based) item of the last frame labelled exactly `label`.
const test::Item* nth(const Harness& h, const std::string& label, int n) {
    for (const test::Item& it : h.items())
        if (it.label == label && n-- == 0) return &it;
    return nullptr;
}

void click_on(Harness& h, const test::Item& it) {
    h.click((it.x0 + it.x1) / 2, (it.y0 + it.y1) / 2);
}

// Clicks the box (which selects all its text), types `text`, and presses Enter.
void type_into(Harness& h, const std::string& box, const std::string& text) {
    const test::Item* it = h.find(box);
    REQUIRE(it);
    click_on(h, *it);
    h.type(text);
    h.key(ImGuiKey_Enter);
    h.frames(2);
}

} // namespace

TEST_CASE("typed numbers apply only whole and valid", "[app][typed]") {
    Harness h(1280, 900);
    full_height(h, 1280);
    const Scenario good = h.state().last_good;
    const std::string report = report_to_json(h.state().report);
    const std::string fragment = h.platform.fragment;
    const std::string box = "##text.output_tokens typed";

    // Too large, beyond any double's range, negative, not a number: nothing changes.
    for (const char* bad : {"2e13", "1e308", "-5", "abc"}) {
        INFO("typed " << bad);
        type_into(h, box, bad);
        CHECK(h.state().scenario == good);
        CHECK(h.state().last_good == good);
        CHECK(report_to_json(h.state().report) == report);
        CHECK(h.platform.fragment == fragment);
        CHECK(drawn(h, "Not applied"));
        REQUIRE(h.state().typing.count("text.output_tokens"));
        CHECK(h.state().typing.at("text.output_tokens").text == bad); // stays in the box
        CHECK(h.state().errors.empty()); // the message is under the box, not a global error
    }
    CHECK(drawn(h, "is not a number"));

    // A whole number in exponent form applies.
    type_into(h, box, "1e3");
    CHECK(h.state().scenario.text.output_tokens == 1000);
    CHECK(h.state().last_good.text.output_tokens == 1000);
    CHECK(h.platform.fragment.find("to=1000") != std::string::npos);
    CHECK_FALSE(drawn(h, "Not applied"));
    CHECK(h.state().typing.count("text.output_tokens") == 0);
}

TEST_CASE("no half-typed text is applied; a pause applies a whole one", "[app][typed]") {
    Harness h(1280, 900);
    full_height(h, 1280);
    const Scenario good = h.state().last_good;
    const test::Item* it = h.find("##fleet.images_per_day typed");
    REQUIRE(it);
    click_on(h, *it);
    // "2e13" key by key, a tenth of a second apart: "2", "2e", "2e1" are never applied.
    for (char c : std::string("2e13")) {
        h.type(std::string(1, c));
        for (int i = 0; i < 6; ++i)
            h.frame(0.1f / 6);
        CHECK(h.state().scenario.fleet.images_per_day == good.fleet.images_per_day);
        CHECK(h.state().typing_waiting);
    }
    // The pause passes: 2e13 is out of range (1e12 at most), so it is marked, not applied.
    for (int i = 0; i < 10; ++i)
        h.frame(0.1f);
    CHECK(h.state().scenario == good);
    CHECK(drawn(h, "out of range"));
    CHECK_FALSE(h.state().typing_waiting); // checked: no more frames needed

    // Replace it with 1e7 and wait: applied after the pause, with no Enter.
    h.key(ImGuiKey_Backspace);
    h.key(ImGuiKey_Backspace);
    h.key(ImGuiKey_Backspace);
    h.key(ImGuiKey_Backspace);
    h.type("1e7");
    h.frame(0.1f);
    CHECK(h.state().scenario.fleet.images_per_day == good.fleet.images_per_day);
    for (int i = 0; i < 10; ++i)
        h.frame(0.1f);
    CHECK(h.state().scenario.fleet.images_per_day == 1e7);
    CHECK(h.state().last_good.fleet.images_per_day == 1e7);
    CHECK(h.platform.fragment.find("fi=10000000") != std::string::npos);
}

TEST_CASE("check_typed_number reads the whole text", "[typed]") {
    double v = -1;
    CHECK(ui::check_typed_number("1e3", 1, 10000, true, "tokens", &v).empty());
    CHECK(v == 1000);
    CHECK(ui::check_typed_number(" 0.25 ", 0, 1, false, "", &v).empty());
    CHECK(v == 0.25);
    CHECK(ui::check_typed_number("2e1x", 0, 100, false, "", &v).find("not a number") !=
          std::string::npos);
    CHECK(ui::check_typed_number("1e999", 0, 100, false, "", &v).find("too large") !=
          std::string::npos);
    CHECK(ui::check_typed_number("1.5", 0, 100, true, "", &v).find("whole number") !=
          std::string::npos);
    CHECK(ui::check_typed_number("", 0, 100, true, "", &v).find("enter a number") !=
          std::string::npos);
    CHECK(ui::check_typed_number("-5", 1, 100, true, "tokens", &v) ==
          "-5 is out of range: allowed 1 to 100 tokens");
}

TEST_CASE("unticking a default box starts from the value it stood for", "[app][defaults]") {
    Harness h(1280, 900);
    Scenario& s = h.state().scenario;
    s.text.precision = Precision::bf16; // 140 GB of weights: more than one H100
    s.text.gpus = 0;                    // smallest that fits
    s.text.batch = 0;                   // largest that fits
    s.image.batch = 0;                  // largest that fits
    h.state().changed();
    full_height(h, 1280);
    const Report r = h.state().report;
    REQUIRE(r.ok());
    REQUIRE(r.text.gpus > 1);
    REQUIRE(r.text.batch > 1);

    SECTION("steps: the model's default") {
        const int steps = h.state().catalog.image_model(s.image.model)->default_steps;
        REQUIRE(steps > 1);
        REQUIRE(h.click_item("model default"));
        CHECK(h.state().scenario.image.steps == steps);
    }
    SECTION("text GPUs: the group that fits") {
        REQUIRE(h.click_item("smallest that fits"));
        CHECK(h.state().scenario.text.gpus == r.text.gpus);
    }
    SECTION("text batch: the batch that fits") {
        const test::Item* box = nth(h, "max at the speed below", 0);
        REQUIRE(box);
        click_on(h, *box);
        CHECK(h.state().scenario.text.batch == r.text.batch);
    }
    SECTION("image batch: the batch that fits") {
        const test::Item* box = nth(h, "max that fits", 0);
        REQUIRE(box);
        click_on(h, *box);
        CHECK(h.state().scenario.image.batch == r.image.batch);
    }
    SECTION("image GPUs: what auto chose") {
        REQUIRE(h.click_item("auto"));
        CHECK(h.state().scenario.image.gpus == r.image.gpus);
    }
    SECTION("price: the catalog's") {
        REQUIRE(h.click_item("catalog"));
        const double price = h.state().catalog.accelerator(s.serving.accelerator)->usd_per_gpu_hour;
        REQUIRE(h.state().scenario.serving.usd_per_gpu_hour.has_value());
        CHECK(*h.state().scenario.serving.usd_per_gpu_hour == price);
        // The figures did not move.
        h.frames(2);
        CHECK(report_to_json(h.state().report) == report_to_json(r));
    }
}

TEST_CASE("Ctrl+click on a slider types into its box, without moving the handle", "[app][typed]") {
    Harness h(1280, 900);
    full_height(h, 1280);
    const Scenario good = h.state().last_good;
    const test::Item* slider = h.find("##text.output_tokens");
    REQUIRE(slider);
    ImGui::GetIO().AddKeyEvent(ImGuiMod_Ctrl, true);
    h.click(slider->x0 + 0.9f * (slider->x1 - slider->x0), (slider->y0 + slider->y1) / 2);
    ImGui::GetIO().AddKeyEvent(ImGuiMod_Ctrl, false);
    h.frames(2);
    CHECK(h.state().scenario == good);   // the handle did not jump to the click
    CHECK(ImGui::GetIO().WantTextInput); // the box beside it took the keyboard
    h.key(ImGuiKey_Backspace);
    h.type("1e3");
    h.key(ImGuiKey_Enter);
    h.frames(2);
    CHECK(h.state().last_good.text.output_tokens == 1000);
}
