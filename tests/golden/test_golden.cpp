// Golden outputs: every report format (CLI JSON, CSV and table of compare / fleet / estimate,
// the share link, the HTML twin's results JSON, the embed placeholder's query and the PNG
// picture) for a handful of scenarios, compared byte for byte with the files in this folder.
// A change that means to alter an output regenerates them on purpose:
//   COSTLAB_UPDATE_GOLDEN=1 build/native/tests/costlab_golden_tests
// and the diff of tests/golden/ shows what changed for a reviewer.
#include "app_state.h"
#include "cli.h"
#include "panels/share.h"
#include "results.h"

#include "costlab/scenario.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace {

using costlab::cli::run;

struct GoldenScenario {
    const char* name; // file stem in tests/golden/
    std::vector<std::string> flags;
    bool picture; // also the PNG (slower: a software-rendered 1200 x 630 frame)
};

// Defaults; video on; other models and GPU; owned hardware with a P99 target and a cap; a fixed
// fleet smaller than one text replica; figures that cannot be trusted ($0, does not fit).
const GoldenScenario kScenarios[] = {
    {"default", {}, true},
    {"video", {"--with-video"}, true},
    {"models",
     {"--with-video", "--set", "text.model=llama-3.1-405b", "--set",
      "image.model=gpt-image-1-medium", "--set", "video.model=wan-2.1-14b", "--gpu", "h200"},
     false},
    {"owned_slo_cap",
     {"--with-video", "--owned", "--slo-p99-s", "5", "--cap-per-user-per-day", "20", "--fleet-gpus",
      "64", "--reply-length-cv", "0.8"},
     false},
    {"tiny_fleet",
     {"--with-video", "--set", "text.model=llama-3.1-405b", "--fleet-gpus", "1"},
     false},
    {"untrusted",
     {"--with-video", "--usd-per-gpu-hour", "0", "--set", "text.gpus=1", "--set",
      "text.model=llama-3.1-405b"},
     true},
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

std::vector<std::string> with(std::vector<std::string> head, const std::vector<std::string>& tail) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
}

// Every text output of one scenario, each under a header line naming the command.
std::string text_outputs(const GoldenScenario& g) {
    std::string out;
    auto section = [&](const std::vector<std::string>& args) {
        const costlab::cli::Output o = run(args);
        std::string title = "=== costlab";
        for (const auto& a : args)
            title += " " + a;
        out += title + " (exit " + std::to_string(o.exit_code) + ")\n" + o.out + o.err;
    };
    for (const char* format : {"table", "json", "csv"}) {
        section(with({"compare", "--format", format}, g.flags));
        section(with({"fleet", "--format", format}, g.flags));
        for (const char* w : {"text", "image", "video"})
            section(with({"estimate", "--workload", w, "--format", format}, g.flags));
    }
    const costlab::cli::Output link = run(with({"link"}, g.flags));
    out += "=== link\n" + link.out;
    // The HTML twin's JSON and the embed placeholder, from the scenario the link carries.
    std::string fragment = link.out;
    while (!fragment.empty() && (fragment.back() == '\n'))
        fragment.pop_back();
    const costlab::ParseResult parsed = costlab::parse_scenario_fragment(fragment);
    REQUIRE(parsed.ok());
    costlab::gui::AppState state;
    state.scenario = state.last_good = parsed.scenario;
    state.report =
        costlab::evaluate(parsed.scenario, state.catalog, costlab::EvaluateOptions::everything());
    out += "=== results_json\n" + costlab::gui::results_json(parsed.scenario, state.report) + "\n";
    out += "=== results_summary\n" + costlab::gui::results_summary(state.report) + "\n";
    out += "=== placeholder_query\n" + costlab::gui::SharePanel::placeholder_query(state) + "\n";
    return out;
}

} // namespace

TEST_CASE("every output format is byte-for-byte the golden file", "[golden]") {
    const bool update = std::getenv("COSTLAB_UPDATE_GOLDEN") != nullptr;
    const std::string dir = COSTLAB_GOLDEN_DIR;
    for (const GoldenScenario& g : kScenarios) {
        SECTION(g.name) {
            const std::string path = dir + "/" + g.name + ".txt";
            const std::string got = text_outputs(g);
            if (update) write_file(path, got);
            const std::string want = read_file(path);
            CHECK(!want.empty());
            CHECK(got == want);
            if (g.picture) {
                const std::string png = dir + "/" + g.name + ".png";
                const std::string tmp = std::string("costlab_golden_") + g.name + ".png";
                const costlab::cli::Output o =
                    costlab::cli::render(with({"render", "--out", tmp}, g.flags));
                REQUIRE(o.exit_code == 0);
                if (update) write_file(png, read_file(tmp));
                CHECK(read_file(tmp) == read_file(png));
                std::remove(tmp.c_str());
            }
        }
    }
}
