// The App headless: panels present, recompute only on change, invalid edits kept out, links,
// exports, the hardware flow, catalog merge, every labelled widget reachable and clickable.
#include "fields.h"
#include "format.h"
#include "fonts.h"
#include "harness.h"
#include "panels/assumptions.h"
#include "panels/hardware.h"
#include "screen_text.h"

#include "imgui_internal.h"

#include "costlab/report_io.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>

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

// Whether `text` is on screen, wherever its lines break (runs joined by spaces).
bool drawn(const Harness& h, const std::string& text) {
    std::string all = h.drawn_joined();
    std::replace(all.begin(), all.end(), '\n', ' ');
    return all.find(text) != std::string::npos;
}

// Lays the app out at its full height so every panel is on screen (as an auto-height embed).
void full_height(Harness& h, float width) {
    h.resize(width, 800);
    h.frames(2);
    h.resize(width, h.app().content_height() + 8);
    h.frames(3);
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
        // Breakpoints at 54 and 90 body font sizes (app.cpp): 810 and 1350 px at 15 px.
        CHECK(h.state().columns == (w < 54 * gui::kBodyPx ? 1 : w < 90 * gui::kBodyPx ? 2 : 3));
        require_clean(h);
    }
}

TEST_CASE("the GUI's field map covers every scenario field", "[app][fields]") {
    REQUIRE(field_refs().size() == scenario_fields().size());
    for (const FieldRef& f : field_refs()) {
        INFO(f.info->json_path);
        REQUIRE(f.ptr != nullptr);
        if (!f.numeric()) {
            Scenario with_device; // the measured device is empty by default
            with_device.serving.measured_device = make_measured_device("x", 1, 1, 1, 1);
            CHECK(!f.text(with_device).empty());
            continue;
        }
        // Writing through the map changes exactly the field of that JSON path.
        Scenario s;
        const double v = f.info->max;
        f.set(s, v);
        CHECK(f.get(s).value() == Approx(f.integral() ? std::round(v) : v));
        const std::string path = f.info->json_path;
        const std::string section = path.substr(0, path.find('.'));
        const std::string key = path.substr(path.find('.') + 1);
        const ParseResult parsed = parse_scenario_json(
            "{\"" + section + "\": {\"" + key + "\": " + fmt::printf("%.17g", v) + "}}");
        REQUIRE(parsed.ok());
        CHECK(parsed.scenario == s);
    }
}

TEST_CASE("recompute happens only when a widget changed something", "[app][recompute]") {
    Harness h(1280, 900);
    full_height(h, 1280);
    const uint64_t evals = h.state().evaluations;
    const int fragments = h.platform.fragment_replacements;
    const int published = h.platform.publish_count;
    const uint64_t chart_evals = h.state().chart_evaluations;
    REQUIRE(evals == 1); // at start
    REQUIRE(published == 1);

    // Idle frames and hovering every widget change nothing.
    h.frames(10);
    for (const test::Item& it : std::vector<test::Item>(h.items())) {
        h.mouse_move((it.x0 + it.x1) / 2, (it.y0 + it.y1) / 2);
        h.frame();
    }
    h.mouse_move(-100, -100);
    h.frames(2);
    CHECK(h.state().evaluations == evals);
    CHECK(h.platform.fragment_replacements == fragments);
    CHECK(h.platform.publish_count == published);
    CHECK(h.state().chart_evaluations == chart_evals); // sweeps are cached per report
    require_clean(h);

    // A preset that changes the accelerator: exactly one evaluation, link and twin updated.
    REQUIRE(h.click_item("Cloud H200"));
    h.frames(2);
    CHECK(h.state().scenario.serving.accelerator == "h200");
    CHECK(h.state().last_good.serving.accelerator == "h200");
    CHECK(h.state().evaluations == evals + 1);
    CHECK(h.platform.fragment.find("g=h200") != std::string::npos);
    CHECK(h.platform.publish_count == published + 1);
    CHECK(h.platform.published_json.find("\"accelerator\":\"h200\"") != std::string::npos);

    // The same preset again: the widget fires, the scenario is unchanged, nothing reruns.
    REQUIRE(h.click_item("Cloud H200"));
    h.frames(2);
    CHECK(h.state().evaluations == evals + 1);
    require_clean(h);
}

TEST_CASE("an invalid edit keeps the last good report and says why", "[app][invalid]") {
    Harness h(1280, 900);
    full_height(h, 1280);
    const Report before = h.state().report;
    const Scenario good = h.state().last_good;

    SECTION("typed into an assumption's box") {
        // An invalid typed value never reaches the scenario: it stays in its box, marked,
        // with the message under it; the figures and the link keep the last valid value.
        const test::Item* box = h.find("##assumptions.allreduce_latency_s typed");
        REQUIRE(box);
        const std::string fragment = h.platform.fragment;
        h.click((box->x0 + box->x1) / 2, (box->y0 + box->y1) / 2);
        h.key(ImGuiKey_Backspace);
        h.type("5"); // allowed 0 to 1 s
        h.key(ImGuiKey_Enter);
        h.frames(2);
        CHECK(h.state().scenario == good);
        CHECK(h.state().last_good == good);
        CHECK(h.state().errors.empty());
        CHECK(report_to_json(h.state().report) == report_to_json(before));
        CHECK(h.platform.fragment == fragment);
        CHECK(drawn(h, "Not applied"));
        CHECK(drawn(h, "out of range"));
        REQUIRE(h.state().typing.count("assumptions.allreduce_latency_s"));
        CHECK(h.state().typing.at("assumptions.allreduce_latency_s").text == "5");
        require_clean(h);
    }
    SECTION("set by code") {
        h.state().scenario.text.batch = -3;
        h.state().scenario.image.width_px = 10;
        h.state().changed();
        h.frames(2);
        CHECK(h.state().errors.size() == 2);
        CHECK(h.state().last_good == good);
        CHECK(report_to_json(h.state().report) == report_to_json(before));
        CHECK(drawn(h, "out of range"));
        // The link still holds the last good scenario.
        CHECK(h.platform.fragment == scenario_to_fragment(good));
        require_clean(h);
    }
}

TEST_CASE("a share link reopens the same numbers; a broken one shows defaults and a message",
          "[app][share]") {
    Harness a(1280, 900);
    full_height(a, 1280);
    REQUIRE(a.click_item("Cloud H200"));
    a.state().scenario.image.model = "sdxl";
    a.state().scenario.text.output_tokens = 900;
    a.state().changed();
    full_height(a, 1280);
    REQUIRE(a.click_item("Copy link"));
    const std::string link = a.platform.clipboard_text;
    REQUIRE(link.rfind("https://example.test/costlab/#", 0) == 0);
    CHECK(drawn(a, "Link copied"));

    Harness b(800, 600, link.substr(link.find('#') + 1));
    b.frames(2);
    CHECK(b.state().scenario == a.state().last_good);
    CHECK(report_to_json(b.state().report) == report_to_json(a.state().report));
    CHECK(b.state().notice.empty());

    // A link with some bad fields keeps its good ones and names the bad (issue 10).
    Harness broken(800, 600, "v=2&to=banana&zz=1&is=30&g=no-such-gpu&tm=llama-3.1-8b");
    broken.frames(3);
    Scenario expected;
    expected.image.steps = 30;
    expected.text.model = "llama-3.1-8b";
    CHECK(broken.state().scenario == expected);
    CHECK(broken.state().report.ok());
    const std::string& notice = broken.state().notice;
    CHECK(notice.find("could not be used") != std::string::npos);
    CHECK(notice.find("text.output_tokens") != std::string::npos);
    CHECK(notice.find("zz") != std::string::npos);
    CHECK(notice.find("serving.accelerator") != std::string::npos);
    CHECK(drawn(broken, "could not be used"));
    require_clean(broken);

    Harness unknown(800, 600, "v=1&g=no-such-gpu");
    unknown.frames(2);
    CHECK(unknown.state().scenario == Scenario{});
    CHECK(unknown.state().notice.find("serving.accelerator") != std::string::npos);

    Harness not_link(800, 600, "utm_source=x");
    not_link.frames(2);
    CHECK(not_link.state().scenario == Scenario{});
    CHECK(not_link.state().notice.find("could not be read") != std::string::npos);
}

TEST_CASE("share panel: embed snippet, exports, PNG", "[app][share]") {
    Harness h(1280, 900);
    full_height(h, 1280);
    REQUIRE(h.click_item("Copy embed snippet"));
    CHECK(h.platform.clipboard_text.rfind("<iframe id=\"costlab-", 0) == 0);
    CHECK(h.platform.clipboard_text.find("src=\"https://example.test/costlab/embed.html?id=costlab-") != std::string::npos);
    // The host script line pins the script by its Subresource Integrity hash (built in).
    REQUIRE(h.click_item("Copy host script tag"));
    CHECK(h.platform.clipboard_text.rfind("<script src=\"https://example.test/costlab/costlab-embed.js\" "
                                          "integrity=\"sha384-", 0) == 0);
    CHECK(h.platform.clipboard_text.find("\" crossorigin=\"anonymous\" async></script>") !=
          std::string::npos);
    REQUIRE(h.click_item("Report JSON"));
    REQUIRE(h.click_item("Report CSV"));
    REQUIRE(h.click_item("Scenario JSON"));
    REQUIRE(h.click_item("Comparison PNG"));
    REQUIRE(h.platform.saved.size() == 3);
    CHECK(h.platform.saved[0].name == "costlab-report.json");
    CHECK(h.platform.saved[0].bytes.find("\"usd_per_query\"") != std::string::npos);
    CHECK(h.platform.saved[1].mime == "text/csv");
    CHECK(parse_scenario_json(h.platform.saved[2].bytes).ok());
    REQUIRE(h.platform.pngs.size() == 1);
    CHECK(h.platform.pngs[0].w > 300);
    CHECK(h.platform.pngs[0].h > 100);
    require_clean(h);
}

TEST_CASE("embed: ?panels= filter, compact header, full page unchanged", "[app][embed]") {
    Harness h(760, 900);
    h.state().embed = true;
    h.state().panels = {"compare", "fleet"};
    h.frames(3);
    const auto panels = h.active_panels();
    CHECK(panels == std::vector<std::string>{"Compare", "Fleet"});
    CHECK(h.state().columns == 1);
    CHECK_FALSE(drawn(h, "Dark theme"));
    const float filtered = h.app().content_height();
    h.state().panels.clear();
    h.frames(3);
    CHECK(h.active_panels().size() == App::panel_titles().size());
    CHECK(h.app().content_height() > filtered);
    require_clean(h);
}

TEST_CASE("your hardware: progress, cancel, result in words, the comparison on the device",
          "[app][hardware]") {
    Harness h(1280, 900);
    full_height(h, 1280);
    const Scenario before = h.state().last_good;
    h.platform.benchmark_polls = 8;
    REQUIRE(h.click_item("Time my hardware"));
    CHECK(h.platform.benchmark_starts == 1);
    CHECK(h.state().hardware.running);
    CHECK(drawn(h, "SIMD matrix multiply"));
    REQUIRE(h.click_item("Cancel"));
    CHECK(h.platform.benchmark_cancels == 1);
    CHECK(drawn(h, "Cancelled"));
    CHECK(h.state().last_good == before); // a cancelled run changes nothing

    REQUIRE(h.click_item("Time my hardware"));
    h.frames(12);
    REQUIRE(h.state().hardware.has_result);
    full_height(h, 1280);
    // The comparison moved onto the device by itself, with models that fit in its memory.
    const Scenario& s = h.state().last_good;
    CHECK(s.serving.accelerator == "your-device");
    CHECK(s.serving.measured_device.present());
    CHECK(s.serving.measured_device.gflops == Approx(900));
    CHECK(s.text.gpus == 1);
    CHECK(s.text.batch == 1);
    CHECK(h.state().report.text.fits);
    CHECK(h.state().report.image.fits);
    const Accelerator* dev = h.state().catalog.accelerator("your-device");
    REQUIRE(dev);
    CHECK(dev->measured);
    CHECK(dev->effective_peak_flops_per_s(Precision::bf16) == Approx(900e9));
    CHECK(dev->usd_per_gpu_hour == 0);
    // The simulated GPU has no f16 figure: said, and 16-bit work runs at the fp32 one.
    CHECK(s.serving.measured_device.gflops_f16 == 0);
    CHECK(drawn(h, "Matrix multiply (f16)"));
    // (Short pieces: the panel wraps its words at this width.)
    CHECK(drawn(h, "shader-f16"));
    CHECK(drawn(h, "at the fp32 figure"));
    CHECK_FALSE(drawn(h, "at the f16 figure"));
    // In words, in the canvas and in the twin.
    CHECK(drawn(h, "What this device would take"));
    CHECK(drawn(h, "would take about"));
    CHECK(drawn(h, "tokens per second here"));
    CHECK(drawn(h, "times slower than one H100"));
    CHECK(h.platform.published_json.find("\"sentences\":[\"One 1024x1024 image") !=
          std::string::npos);
    // No fleet warnings for one device; the link carries it.
    for (const auto* w : {&h.state().report.text, &h.state().report.image})
        for (const std::string& m : w->warnings)
            CHECK(m.find("fixed fleet") == std::string::npos);
    CHECK(drawn(h, "fleet figures are for data-centre accelerators"));
    CHECK(h.platform.fragment.find("md=") != std::string::npos);
    CHECK(drawn(h, "The link carries the measured device"));
    require_clean(h);

    // Less memory: the models are picked again (or none fits, said in words).
    h.state().device.memory_gb = 0.5;
    h.state().device_edit = true;
    full_height(h, 1280);
    CHECK(h.state().last_good.serving.measured_device.memory_gb == 0.5);
    CHECK(drawn(h, "No image model of the catalog fits"));
    require_clean(h);

    // Back to the comparison as it was.
    REQUIRE(h.click_item("Back to the previous comparison"));
    full_height(h, 1280);
    CHECK(h.state().last_good == before);
    // The measured device's own ceilings appear in the roofline once another GPU is chosen.
    CHECK(drawn(h, "your device (measured)"));
    CHECK(h.find("Your device") != nullptr); // the preset is enabled now
    // And onto the device again.
    REQUIRE(h.click_item("Use this device in the comparison"));
    full_height(h, 1280);
    CHECK(h.state().last_good.serving.accelerator == "your-device");
    require_clean(h);
}

TEST_CASE("a link with a measured device reopens its figures, labelled as the sender's",
          "[app][hardware][share]") {
    Harness a(1280, 900);
    full_height(a, 1280);
    a.platform.benchmark_polls = 2;
    REQUIRE(a.click_item("Time my hardware"));
    a.frames(6);
    full_height(a, 1280);
    REQUIRE(a.state().last_good.serving.accelerator == "your-device");
    Harness b(1280, 900, "#" + a.platform.fragment);
    full_height(b, 1280);
    CHECK(b.state().last_good == a.state().last_good);
    CHECK(report_to_json(b.state().report) == report_to_json(a.state().report));
    CHECK(drawn(b, "What the sender's device would take"));
    CHECK(drawn(b, "Measured on the sender's device"));
    CHECK(b.platform.published_json == a.platform.published_json);
    require_clean(b);
}

TEST_CASE("a GPU's f16 figure reaches the model, the words and the link",
          "[app][hardware][share]") {
    Harness a(1280, 900);
    full_height(a, 1280);
    a.platform.benchmark_polls = 2;
    a.platform.result.gpu_f16_gflops = 2345.67;
    REQUIRE(a.click_item("Time my hardware"));
    a.frames(6);
    full_height(a, 1280);
    const Scenario& s = a.state().last_good;
    REQUIRE(s.serving.accelerator == "your-device");
    CHECK(s.serving.measured_device.gflops_f16 == 2346); // 4 significant digits
    CHECK(a.platform.fragment.find("~2346") != std::string::npos);
    const Accelerator* dev = a.state().catalog.accelerator("your-device");
    REQUIRE(dev);
    CHECK(dev->effective_peak_flops_per_s(Precision::bf16) == Approx(2346e9));
    CHECK(dev->effective_peak_flops_per_s(Precision::fp32) == Approx(900e9));
    CHECK(drawn(a, "accumulation)"));
    CHECK(drawn(a, "at the f16 figure"));
    CHECK(drawn(a, "its f16 figure"));
    // The link reopens the same figures elsewhere.
    Harness b(1280, 900, "#" + a.platform.fragment);
    full_height(b, 1280);
    CHECK(b.state().last_good == a.state().last_good);
    CHECK(report_to_json(b.state().report) == report_to_json(a.state().report));
    require_clean(a);
    require_clean(b);
}

TEST_CASE("after merging a catalog the Share panel says the link does not carry it",
          "[app][share][catalog]") {
    Harness h(1280, 900);
    full_height(h, 1280);
    CHECK(drawn(h, "The link reopens exactly these inputs"));
    h.platform.clipboard_text = R"({"accelerators": [{"id": "h100-sxm", "usd_per_gpu_hour": 1.5}]})";
    REQUIRE(h.click_item("Paste"));
    h.frames(2);
    REQUIRE(h.click_item("Merge into the catalog"));
    full_height(h, 1280);
    CHECK_FALSE(drawn(h, "The link reopens exactly these inputs"));
    CHECK(drawn(h, "not the catalog you merged"));
}

TEST_CASE("catalog JSON: merge, errors in words, saved accelerators merge back", "[app][catalog]") {
    Harness h(1280, 900);
    full_height(h, 1280);
    const double usd_before = h.state().report.text.usd_per_query;
    h.platform.clipboard_text = R"({"accelerators": [{"id": "h100-sxm", "usd_per_gpu_hour": 1.5}]})";
    REQUIRE(h.click_item("Paste"));
    h.frames(2);
    REQUIRE(h.click_item("Merge into the catalog"));
    h.frames(2);
    CHECK(h.state().catalog.accelerator("h100-sxm")->usd_per_gpu_hour == 1.5);
    CHECK(h.state().report.text.usd_per_query == Approx(usd_before * 1.5 / 2.99));
    CHECK(drawn(h, "Merged"));

    h.platform.clipboard_text = R"({"accelerators": [{"id": "h100-sxm", "memory_gb": -4}]})";
    REQUIRE(h.click_item("Paste"));
    h.frames(2);
    REQUIRE(h.click_item("Merge into the catalog"));
    full_height(h, 1280);
    CHECK(drawn(h, "memory_gb"));
    CHECK(h.state().catalog.accelerator("h100-sxm")->memory_bytes == Approx(80e9));
    require_clean(h);

    REQUIRE(h.click_item("Save accelerators JSON"));
    REQUIRE(h.platform.saved.size() == 1);
    Catalog copy = Catalog::builtin();
    const auto errors = copy.merge_json(h.platform.saved[0].bytes);
    INFO((errors.empty() ? std::string() : errors.front().path + ": " + errors.front().message));
    CHECK(errors.empty());
    CHECK(copy.accelerator("h100-sxm")->usd_per_gpu_hour == 1.5);
}

TEST_CASE("theme switch", "[app][theme]") {
    Harness h(800, 600);
    h.frames(2);
    REQUIRE(h.click_item("Dark theme"));
    CHECK(h.state().theme == Theme::dark);
    REQUIRE(h.click_item("Light theme"));
    CHECK(h.state().theme == Theme::light);
}

TEST_CASE("every labelled widget is on screen and can be clicked", "[app][reach]") {
    for (float w : {360.f, 1280.f}) {
        Harness h(w, 800);
        full_height(h, w);
        const float height = ImGui::GetIO().DisplaySize.y;
        // Labels of widgets (windows register too: skip their names).
        std::vector<std::pair<std::string, int>> labels; // label, status flags
        for (const test::Item& it : h.items()) {
            if (it.label.empty() || it.label.rfind("costlab", 0) == 0 ||
                it.label == "Debug##Default")
                continue;
            INFO("width " << w << ": " << it.label);
            CHECK(it.x1 > it.x0);
            CHECK(it.y1 > it.y0);
            CHECK(it.x0 >= -0.5f);
            CHECK(it.x1 <= w + 0.5f);
            CHECK(it.y0 >= -0.5f);
            CHECK(it.y1 <= height + 0.5f);
            labels.push_back({it.label, it.status_flags});
        }
        CHECK(labels.size() > 50);
        // Timing the hardware moves the comparison onto the measured device, which hides the
        // fleet inputs (a fleet of one visitor's device means nothing): click it last, so the
        // walk reaches every other widget first.
        std::stable_partition(labels.begin(), labels.end(), [](const auto& l) {
            return l.first != "Time my hardware" && l.first != "Time it again";
        });
        int clicked = 0, missing = 0;
        const auto& titles = App::panel_titles();
        for (const auto& [label, flags] : labels) {
            full_height(h, w);
            // A panel title or an open tree node folds what is under it: unfold it again.
            const bool fold = std::find(titles.begin(), titles.end(), label) != titles.end() ||
                              ((flags & ImGuiItemStatusFlags_Openable) &&
                               (flags & ImGuiItemStatusFlags_Opened));
            if (h.click_item(label)) {
                ++clicked;
            } else {
                ++missing; // gone after an earlier click (a tree node closed, a label changed)
                UNSCOPED_INFO("not found after earlier clicks: " << label);
            }
            if (fold) {
                full_height(h, w);
                REQUIRE(h.click_item(label));
            }
            h.key(ImGuiKey_Escape); // close a combo or leave a text box
            INFO("after clicking " << label);
            require_clean(h);
            REQUIRE(h.state().report.ok());
        }
        CHECK(clicked > 50);
        CHECK(missing <= 3);
    }
}

TEST_CASE("video: the Video panel embeds alone; Compare adds the video card when enabled",
          "[app][video]") {
    // ?panels=video shows only the Video workload panel.
    Harness e(760, 900);
    e.state().embed = true;
    e.state().panels = {"video"};
    e.frames(3);
    CHECK(e.active_panels() == std::vector<std::string>{"Video workload"});
    CHECK(drawn(e, "Latent tokens"));
    require_clean(e);

    for (float w : {360.f, 1280.f}) {
        INFO("width " << w);
        Harness h(w, 900);
        full_height(h, w);
        CHECK_FALSE(drawn(h, "One video ="));
        CHECK(drawn(h, "Water"));        // every card: water and embodied CO2 beside CO2
        CHECK(drawn(h, "Embodied CO2"));
        REQUIRE(h.click_item("Show the video in Compare"));
        h.frames(2);
        full_height(h, w);
        CHECK(h.state().scenario.video.enabled == 1);
        CHECK(drawn(h, "One video ="));
        CHECK(drawn(h, "One video"));
        CHECK(ratio(h.state().report, Workload::video, Workload::image, Metric::usd) > 1);
        require_clean(h);
    }

    // A clip that does not fit: the reason in words, no figures.
    Harness b(1280, 900);
    b.state().scenario.video.enabled = 1;
    b.state().scenario.video.model = "wan-2.2-a14b";
    b.state().scenario.video.frames = 193;
    b.state().scenario.video.gpus = 1;
    b.state().changed();
    full_height(b, 1280);
    CHECK(drawn(b, "No video ratio"));
    CHECK(drawn(b, "frames would fit"));
    require_clean(b);
}
