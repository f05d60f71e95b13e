// The PNG holds the same truth as the canvas: a figure the Compare panel hatches (a workload
// that does not fit, a $0 price) is not in the picture as a number. The picture's text is
// read back from its draw data (screen_text.h) just before it is rasterized.
#include "format.h"
#include "picture.h"
#include "screen_text.h"

#include "costlab/report_io.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace costlab;

namespace {

void collect(const ImDrawData* data, const ImFont* font, void* user) {
    *static_cast<std::vector<std::string>*>(user) = gui::test::decode_draw_data(data, font);
}

std::vector<std::string> picture_runs(const Scenario& s) {
    std::vector<std::string> runs;
    gui::PictureOptions o;
    o.inspect = collect;
    o.inspect_user = &runs;
    gui::Image img;
    std::string error;
    REQUIRE(gui::render_picture(s, Catalog::builtin(), o, img, &error));
    return runs;
}

std::string picture_text(const Scenario& s) {
    const std::vector<std::string> runs = picture_runs(s);
    std::string all;
    for (const auto& r : runs)
        all += r + "\n";
    return all;
}

} // namespace

TEST_CASE("the PNG shows no hatched figure as a number", "[render][trust]") {
    Scenario s;
    s.text.model = "llama-3.1-405b";
    s.text.precision = Precision::bf16;
    s.text.gpus = 1;                // does not fit
    s.serving.usd_per_gpu_hour = 0; // no price
    const Report r = evaluate(s);
    REQUIRE_FALSE(r.text.fits);
    const std::string text = picture_text(s);
    INFO(text);
    CHECK(text.find("Not shown") != std::string::npos);
    // The reply's figures as the panels would print them, and the $0 price per image, are
    // never a value of their own (a sentence may say "$0 per GPU-hour" in words).
    const std::vector<std::string> runs = picture_runs(s);
    for (const std::string& figure : {gui::fmt::seconds(r.text.gpu_seconds_per_query),
                                      gui::fmt::energy(r.text.facility_energy_wh),
                                      gui::fmt::usd(r.image.usd_per_query), std::string("$0")}) {
        INFO(figure);
        for (const std::string& run : runs)
            CHECK(run != figure);
    }
    // The image fits: its energy is shown.
    CHECK(text.find(gui::fmt::energy(r.image.facility_energy_wh)) != std::string::npos);

    // The default comparison shows its dollars (the check above can fail).
    const Report d = evaluate(Scenario{});
    CHECK(picture_text(Scenario{}).find(gui::fmt::usd(d.image.usd_per_query)) != std::string::npos);
}
