// Many random valid scenarios at random display widths (360..1920), then random input (clicks,
// drags, wheel, keys) over the whole layout: no IM_ASSERT, no NaN or infinity on screen, the
// report always valid, and the scenario equal to the last good one whenever no error shows.
#include "fields.h"
#include "harness.h"
#include "screen_text.h"

#include "costlab/report_io.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#ifndef COSTLAB_GUI_FUZZ_STEPS
#define COSTLAB_GUI_FUZZ_STEPS 400
#endif

using namespace costlab;
using namespace costlab::gui;
using test::Harness;

namespace {

// A random scenario with every field inside its range (log-uniform over wide ranges), ids from
// the catalog. Only valid ones are returned (retries otherwise).
Scenario random_scenario(std::mt19937& rng, const Catalog& catalog) {
    std::uniform_real_distribution<double> u(0, 1);
    for (int attempt = 0; attempt < 100; ++attempt) {
        Scenario s;
        for (const FieldRef& f : field_refs()) {
            const FieldInfo& info = *f.info;
            if (u(rng) < 0.4) continue; // keep some defaults: mixes realistic and extreme
            switch (f.kind) {
            case FieldKind::str: {
                if (std::string(info.json_path) == "text.model")
                    s.text.model = catalog.text_models()[rng() % catalog.text_models().size()].id;
                else if (std::string(info.json_path) == "image.model")
                    s.image.model =
                        catalog.image_models()[rng() % catalog.image_models().size()].id;
                else
                    s.serving.accelerator =
                        catalog.accelerators()[rng() % catalog.accelerators().size()].id;
                break;
            }
            case FieldKind::precision:
                (info.json_path[0] == 't' ? s.text.precision : s.image.precision) =
                    Precision(rng() % kPrecisionCount);
                break;
            case FieldKind::guidance:
                s.image.guidance = Guidance(rng() % 3);
                break;
            case FieldKind::ownership:
                s.serving.ownership = Ownership(rng() % 2);
                break;
            default: {
                if (f.kind == FieldKind::opt_f64 && u(rng) < 0.5) {
                    f.reset(s);
                    break;
                }
                double v;
                if (info.min > 0 && info.max / info.min > 100)
                    v = info.min * std::pow(info.max / info.min, u(rng));
                else if (info.min == 0 && info.max > 100)
                    v = u(rng) < 0.1 ? 0 : std::pow(info.max, u(rng));
                else
                    v = info.min + (info.max - info.min) * u(rng);
                v = std::fmin(info.max, std::fmax(info.min, v));
                if (f.integral()) v = std::floor(v);
                f.set(s, v);
            }
            }
        }
        // Keep pathological sizes rarer so most scenarios exercise the ordinary panels
        // (huge values still appear in about one scenario in five).
        if (u(rng) < 0.8) {
            s.text.input_tokens = std::min<int64_t>(s.text.input_tokens, 100000);
            s.text.output_tokens = std::min<int64_t>(s.text.output_tokens, 20000);
            s.text.reasoning_tokens = std::min<int64_t>(s.text.reasoning_tokens, 20000);
            s.image.width_px = std::min(s.image.width_px, 2048);
            s.image.height_px = std::min(s.image.height_px, 2048);
            s.image.steps = std::min(s.image.steps, 100);
        }
        if (validate(s, catalog).empty()) return s;
    }
    return Scenario{};
}

void check_frame(const Harness& h, const char* what) {
    INFO(what << "; first assert: " << Harness::first_assert());
    REQUIRE(Harness::assert_failures() == 0);
    const auto bad = test::find_non_numbers(h.drawn_text());
    INFO("scenario: " << scenario_to_fragment(h.state().scenario) << "\ndrawn: "
                      << (bad.empty() ? std::string() : bad.front()));
    REQUIRE(bad.empty());
    REQUIRE(h.state().report.ok());
    REQUIRE(validate(h.state().last_good, h.state().catalog).empty());
    if (h.state().errors.empty() && !h.state().dirty) {
        // Applied edits are exactly what the report was computed from.
        REQUIRE(h.state().scenario == h.state().last_good);
    }
}

} // namespace

TEST_CASE("random scenarios at random widths draw without assert or NaN", "[fuzz]") {
    std::mt19937 rng(20261122);
    Harness h(1280, 800);
    int frames = 0;
    const int scenarios = 150;
    for (int i = 0; i < scenarios; ++i) {
        const float width = 360 + float(rng() % 1561);
        h.state().scenario = random_scenario(rng, h.state().catalog);
        h.state().theme = rng() % 2 ? Theme::dark : Theme::light;
        h.state().changed();
        // Every panel on screen: size the display to the content, as an embed does.
        h.resize(width, 800);
        h.frames(2);
        h.resize(width, h.app().content_height() + 8);
        h.frames(2);
        frames += 4;
        INFO("scenario " << i << " at width " << width);
        check_frame(h, "random scenario");
        REQUIRE(h.state().errors.empty());
        REQUIRE(h.state().last_good == h.state().scenario);
    }
    CHECK(frames == scenarios * 4);
}

TEST_CASE("random input over the whole layout", "[fuzz][input]") {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(0, 1);
    for (float width : {360.f, 820.f, 1440.f}) {
        Harness h(width, 800);
        h.frames(2);
        h.resize(width, h.app().content_height() + 8);
        h.frames(2);
        const ImGuiKey keys[] = {ImGuiKey_Enter,     ImGuiKey_Tab,       ImGuiKey_Backspace,
                                 ImGuiKey_LeftArrow, ImGuiKey_RightArrow, ImGuiKey_UpArrow,
                                 ImGuiKey_DownArrow, ImGuiKey_Escape,    ImGuiKey_Space};
        for (int step = 0; step < COSTLAB_GUI_FUZZ_STEPS; ++step) {
            const ImVec2 size = ImGui::GetIO().DisplaySize;
            float x = u(rng) * size.x, y = u(rng) * size.y;
            // Half the time aim at a widget ImGui registered last frame (else anywhere).
            const auto& items = h.items();
            if (!items.empty() && u(rng) < 0.5f) {
                const test::Item& it = items[rng() % items.size()];
                x = it.x0 + (it.x1 - it.x0) * u(rng);
                y = it.y0 + (it.y1 - it.y0) * u(rng);
            }
            const unsigned action = rng() % 10;
            if (action < 4) { // click
                h.click(x, y);
            } else if (action < 6) { // drag (sliders, scrolling)
                h.mouse_move(x, y);
                h.frame();
                h.mouse_button(true);
                h.frame();
                h.mouse_move(x + (u(rng) - 0.5f) * 300, y + (u(rng) - 0.5f) * 40);
                h.frame();
                h.mouse_button(false);
                h.frame();
            } else if (action < 7) {
                h.wheel(u(rng) < 0.5f ? -1.0f : 1.0f);
                h.frame();
            } else if (action < 9) {
                h.key(keys[rng() % (sizeof keys / sizeof keys[0])]);
            } else {
                static const char* texts[] = {"5", "0", "-1", "1e9", "0.5", "12", "abc", "1e400"};
                h.type(texts[rng() % 8]);
            }
            INFO("width " << width << ", step " << step);
            check_frame(h, "random input");
            // Keep the whole layout on screen as panels fold, unfold and grow.
            if (step % 20 == 19) {
                h.key(ImGuiKey_Escape);
                if (!h.state().errors.empty()) { // as a user would: take the bad edit back
                    h.resize(width, h.app().content_height() + 8);
                    h.frames(2);
                    REQUIRE(h.click_item("Undo the change"));
                    REQUIRE(h.state().errors.empty());
                }
                h.resize(width, h.app().content_height() + 8);
                h.frames(2);
            }
        }
        // The input reached widgets: edits were applied along the way.
        CHECK(h.state().evaluations > COSTLAB_GUI_FUZZ_STEPS / 40);
        // Whatever happened, the app ends in a state where a valid edit applies again.
        h.state().scenario = h.state().last_good;
        h.state().scenario.text.output_tokens = 123;
        h.state().changed();
        h.frames(2);
        CHECK(h.state().errors.empty());
        CHECK(h.state().last_good.text.output_tokens == 123);
    }
}
