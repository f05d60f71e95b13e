// The video workload (core/src/model_video.cpp): latent token count, how cost scales with
// frames, resolution and steps, sequence parallelism trading energy for latency, memory fit
// and its advice, presets, limits, the scenario round trips, JSON/CSV and the CLI.
#include "cli.h"
#include "costlab/limits.h"
#include "costlab/model.h"
#include "costlab/report_io.h"
#include "costlab/validation.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string_view>
#include <tuple>

namespace costlab::validation_data {
std::string_view embedded_file(std::string_view name);
}

using namespace costlab;
using Catch::Matchers::WithinRel;

namespace {

Scenario video(const std::string& model, int w, int h, int frames, int gpus = 1) {
    Scenario s;
    s.video.enabled = 1;
    s.video.model = model;
    s.video.width_px = w;
    s.video.height_px = h;
    s.video.frames = frames;
    s.video.gpus = gpus;
    return s;
}

WorkloadReport run_video(const Scenario& s) {
    REQUIRE(validate(s, Catalog::builtin()).empty());
    return evaluate_video(s, Catalog::builtin());
}

double phase_flops(const WorkloadReport& w, const std::string& name) {
    for (const auto& p : w.phases)
        if (p.name == name) return p.flops;
    return 0;
}

bool has_error(const std::vector<FieldError>& errors, const std::string& field,
               const std::string& part) {
    for (const auto& e : errors)
        if (e.field == field && e.message.find(part) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("video: the catalog holds the open models and the labelled presets") {
    const Catalog& c = Catalog::builtin();
    for (const char* id :
         {"wan-2.1-1.3b", "wan-2.1-14b", "wan-2.2-a14b", "cogvideox-2b", "cogvideox-1.5-5b",
          "hunyuanvideo", "ltx-video", "sora-2-class", "veo-3-class"}) {
        INFO(id);
        const VideoModel* m = c.video_model(id);
        REQUIRE(m);
        CHECK(!m->sources.empty());
        for (const auto& [key, cite] : m->sources) {
            INFO(key);
            CHECK(!cite.source.empty());
            CHECK(!cite.date.empty());
        }
        if (m->family == VideoFamily::preset) {
            CHECK(c.video_model(m->stand_in_model));
            CHECK(m->name.find("assumption") != std::string::npos);
        }
    }
    // Wan 2.2 A14B: two 14B experts in memory, one per step.
    const VideoModel* moe = c.video_model("wan-2.2-a14b");
    CHECK(moe->params_total > 1.9 * moe->params_active);
}

TEST_CASE("video: latent tokens from the VAE compression and the patch size") {
    // Wan 2.1: VAE 4 x 8 x 8, patch 1 x 2 x 2; 832x480, 81 frames -> 21 x 30 x 52.
    WorkloadReport w = run_video(video("wan-2.1-14b", 832, 480, 81));
    CHECK(w.video.latent_frames == 21);
    CHECK(w.video.tokens == 21 * 30 * 52);
    // CogVideoX 1.5: patch_t 2 -> ceil(21 / 2) = 11 temporal tokens; 1360x768 -> 48 x 85.
    WorkloadReport c = run_video(video("cogvideox-1.5-5b", 1360, 768, 81));
    CHECK(c.video.tokens == 11 * 48 * 85);
    // LTX-Video: VAE 8 x 32 x 32, patch 1: 161 frames at 704x512 -> 21 x 16 x 22.
    WorkloadReport l = run_video(video("ltx-video", 704, 512, 161));
    CHECK(l.video.tokens == 21 * 16 * 22);
    // "default" (0) takes the model's format.
    Scenario d;
    d.video.model = "hunyuanvideo";
    WorkloadReport h = run_video(d);
    CHECK(h.video.width_px == 1280);
    CHECK(h.video.frames == 129);
    CHECK(h.video.fps == 24);
    CHECK_FALSE(h.video.cfg); // embedded guidance: one pass per step
}

TEST_CASE("video: attention is quadratic in the tokens, linear layers linear, steps linear") {
    const WorkloadReport a = run_video(video("wan-2.1-14b", 832, 480, 41));
    const WorkloadReport b = run_video(video("wan-2.1-14b", 832, 480, 81));
    const double ta = double(a.video.tokens), tb = double(b.video.tokens);
    REQUIRE(tb > 1.9 * ta);
    // Denoise FLOPs grow faster than the tokens (quadratic attention), slower than their square.
    const double ratio = phase_flops(b, "denoise") / phase_flops(a, "denoise");
    CHECK(ratio > tb / ta * 1.05);
    CHECK(ratio < (tb / ta) * (tb / ta));
    CHECK(b.video.attention_share > a.video.attention_share);
    CHECK(b.seconds_per_query > a.seconds_per_query);
    // Resolution: 4x the pixels, more than 4x the denoise work.
    const WorkloadReport big = run_video(video("wan-2.1-14b", 1664, 960, 41));
    CHECK(phase_flops(big, "denoise") > 4 * phase_flops(a, "denoise"));
    // Steps: linear in the denoise FLOPs.
    Scenario s = video("wan-2.1-1.3b", 832, 480, 81);
    s.video.steps = 25;
    const WorkloadReport half = run_video(s);
    s.video.steps = 50;
    const WorkloadReport full = run_video(s);
    CHECK_THAT(phase_flops(full, "denoise"), WithinRel(2 * phase_flops(half, "denoise"), 1e-12));
    // Guidance off halves the denoise work of a CFG model.
    s.video.guidance = Guidance::off;
    const WorkloadReport off = run_video(s);
    CHECK_THAT(phase_flops(full, "denoise"), WithinRel(2 * phase_flops(off, "denoise"), 1e-12));
    CHECK(full.fits);
    CHECK(full.gpu_energy_wh > off.gpu_energy_wh);
}

TEST_CASE("video: sequence parallel cuts latency and costs communication and energy") {
    const WorkloadReport one = run_video(video("wan-2.1-14b", 832, 480, 81, 1));
    const WorkloadReport eight = run_video(video("wan-2.1-14b", 832, 480, 81, 8));
    CHECK(eight.video.sequence_parallel == 8);
    CHECK(eight.video.ulysses); // 40 heads / 8
    CHECK(eight.seconds_per_query < one.seconds_per_query / 4);
    CHECK(eight.gpu_seconds_per_query > one.gpu_seconds_per_query); // pays for the all-to-alls
    CHECK(eight.gpu_energy_wh > one.gpu_energy_wh);
    double comm = 0;
    for (const auto& p : eight.phases)
        comm += p.comm_seconds;
    CHECK(comm > 0);
    for (const auto& p : one.phases)
        CHECK(p.comm_seconds == 0);
    // 12 heads do not split over 8 GPUs: ring attention, named in a warning.
    const WorkloadReport ring = run_video(video("wan-2.1-1.3b", 832, 480, 81, 8));
    CHECK_FALSE(ring.video.ulysses);
    bool said = false;
    for (const auto& w : ring.warnings)
        said = said || w.find("ring attention") != std::string::npos;
    CHECK(said);
}

TEST_CASE("video: a clip that does not fit says why and what would") {
    // Wan 2.2 A14B keeps both experts: 8 s at 720p on one H100 does not fit.
    Scenario s = video("wan-2.2-a14b", 1280, 720, 193, 1);
    const WorkloadReport w = run_video(s);
    CHECK_FALSE(w.fits);
    CHECK_FALSE(figures_trusted(w));
    REQUIRE(!w.warnings.empty());
    const std::string& why = w.warnings.front();
    CHECK(why.find("does not fit") != std::string::npos);
    CHECK(why.find("frames would fit") != std::string::npos);
    CHECK(why.find("GPUs in sequence parallel") != std::string::npos);
    // "auto" takes the smallest group that fits.
    s.video.gpus = 0;
    const WorkloadReport a = run_video(s);
    CHECK(a.fits);
    CHECK(a.gpus == w.min_gpus_to_fit);
    CHECK(a.gpus > 1);
    // Weights that cannot fit: more GPUs cannot help, and the message says so.
    Scenario l4 = video("wan-2.2-a14b", 832, 480, 81, 4);
    l4.serving.accelerator = "l4";
    const WorkloadReport small = run_video(l4);
    CHECK_FALSE(small.fits);
    CHECK(small.warnings.front().find("not the weights") != std::string::npos);
}

TEST_CASE("video: presets run a stand-in with a range and show the vendor price") {
    Scenario s;
    s.video.model = "veo-3-class";
    s.video.gpus = 0;
    const WorkloadReport w = run_video(s);
    CHECK(w.video.stand_in == "Wan 2.2 T2V A14B (MoE)");
    CHECK(w.video.frames == 193);
    CHECK_THAT(w.video.list_price_usd, WithinRel(0.40 * 193.0 / 24, 1e-9));
    REQUIRE(w.backbone_range.present);
    CHECK(w.backbone_range.gpu_seconds_per_query_smaller < w.gpu_seconds_per_query);
    CHECK(w.backbone_range.gpu_seconds_per_query_larger > w.gpu_seconds_per_query);
}

TEST_CASE("video: water and embodied carbon follow the same equations as text and image") {
    Scenario s;
    s.video.enabled = 1;
    Report r = evaluate(s);
    REQUIRE(r.ok());
    const WorkloadReport& v = r.video;
    CHECK_THAT(v.water_onsite_l_per_query,
               WithinRel(v.it_energy_wh / 1000 * s.serving.wue_l_per_kwh, 1e-12));
    CHECK_THAT(
        v.water_offsite_l_per_query,
        WithinRel(v.facility_energy_wh / 1000 * s.serving.electricity_water_l_per_kwh, 1e-12));
    CHECK(v.embodied_co2_g_per_query > 0);
    CHECK_THAT(v.embodied_co2_g_per_query / r.image.embodied_co2_g_per_query,
               WithinRel(v.gpu_seconds_per_query / r.image.gpu_seconds_per_query, 1e-9));
    // A video costs many images and very many replies.
    CHECK(ratio(r, Workload::video, Workload::image, Metric::usd) > 10);
    CHECK(ratio(r, Workload::video, Workload::text, Metric::usd) >
          ratio(r, Workload::video, Workload::image, Metric::usd));
    CHECK(r.fleet_video.gpus_needed > 0);
    CHECK(v.videos_per_second > 0);
}

TEST_CASE("video: limits refuse bad input with the range, and keep the last good value") {
    Scenario base;
    for (auto [json, field, part] :
         {std::tuple{R"({"video":{"frames":5000}})", "video.frames", "1 to 1025"},
          std::tuple{R"({"video":{"fps":0.5}})", "video.fps", "1 to 120"},
          std::tuple{R"({"video":{"width_px":10}})", "video.width_px", "64 to 4096"},
          std::tuple{R"({"video":{"steps":-1}})", "video.steps", "1 to 1000"},
          std::tuple{R"({"video":{"gpus":65}})", "video.gpus", "1 to 64"},
          std::tuple{R"({"video":{"guidance":"maybe"}})", "video.guidance", "model_default"}}) {
        INFO(json);
        ParseResult r = parse_scenario_json(json, base);
        CHECK(has_error(r.errors, field, part));
        CHECK(r.scenario == base);
    }
    Scenario s;
    s.video.model = "no-such-video";
    CHECK(has_error(validate(s, Catalog::builtin()), "video.model", "wan-2.1-14b"));
    CHECK(limits::kMaxVideoFrames == 1025);
}

TEST_CASE("video: scenario JSON and link fragment round-trip exactly") {
    Scenario s = video("cogvideox-1.5-5b", 1360, 768, 81, 4);
    s.video.fps = 16;
    s.video.steps = 30;
    s.video.batch = 2;
    s.video.guidance = Guidance::off;
    s.video.precision = Precision::fp8;
    s.fleet.videos_per_day = 123456.5;
    ParseResult j = parse_scenario_json(scenario_to_json(s, true));
    REQUIRE(j.ok());
    CHECK(j.scenario == s);
    const std::string frag = scenario_to_fragment(s);
    CHECK(frag.find("vm=cogvideox-1.5-5b") != std::string::npos);
    ParseResult f = parse_scenario_fragment(frag);
    REQUIRE(f.ok());
    CHECK(f.scenario == s);
    // The words: "default" frames, "auto" GPUs.
    ParseResult w = parse_scenario_fragment("v=2&vf=default&vgp=auto&vw=default");
    REQUIRE(w.ok());
    CHECK(w.scenario.video.frames == 0);
    CHECK(w.scenario.video.gpus == 0);
    CHECK(scenario_to_json(Scenario{}, false).find("\"frames\":\"default\"") != std::string::npos);
}

TEST_CASE("video: report JSON and CSV carry the video, only when it is enabled") {
    Scenario s;
    Report off = evaluate(s);
    auto j0 = nlohmann::json::parse(report_to_json(off, false));
    CHECK_FALSE(j0.contains("video"));
    CHECK(report_to_csv(off).find("\nvideo,") == std::string::npos);
    s.video.enabled = 1;
    Report on = evaluate(s);
    auto j = nlohmann::json::parse(report_to_json(on, false));
    REQUIRE(j.contains("video"));
    for (const char* k : {"seconds_per_query", "gpu_seconds_per_query", "videos_per_second",
                          "usd_per_query", "gpu_energy_wh", "it_energy_wh", "facility_energy_wh",
                          "co2_g_per_query", "water_l_per_query", "water_onsite_l_per_query",
                          "water_offsite_l_per_query", "embodied_co2_g_per_query"}) {
        INFO(k);
        CHECK(j["video"][k].is_number());
    }
    CHECK(j["video"]["video"]["tokens"] == on.video.video.tokens);
    CHECK(j["ratios"]["video_to_image_usd"].is_number());
    CHECK(j["fleet"]["video"]["gpus_needed"].is_number());
    CHECK(report_to_csv(on).find("\nvideo,wan-2.1-14b,") != std::string::npos);
    // A clip that does not fit hides its figures.
    Scenario big = video("wan-2.2-a14b", 1280, 720, 193, 1);
    auto jb = nlohmann::json::parse(workload_to_json(evaluate_video(big, Catalog::builtin())));
    CHECK(jb["seconds_per_query"].is_null());
    CHECK(jb["water_l_per_query"].is_null());
    CHECK(jb["fits"] == false);
}

TEST_CASE("video: the CLI estimates, compares and fleets videos") {
    auto e = cli::run({"estimate", "--workload", "video", "--model", "cogvideox-2b", "--frames",
                       "49", "--width", "720", "--height", "480", "--format", "json"});
    REQUIRE(e.exit_code == 0);
    auto j = nlohmann::json::parse(e.out);
    CHECK(j["workload"] == "video");
    CHECK(j["model"] == "cogvideox-2b");
    CHECK(j["video"]["frames"] == 49);
    CHECK(j["videos_per_second"].is_number());
    // compare leaves video out unless asked.
    CHECK(cli::run({"compare"}).out.find("video") == std::string::npos);
    auto c = cli::run({"compare", "--with-video"});
    REQUIRE(c.exit_code == 0);
    CHECK(c.out.find("One video = ") != std::string::npos);
    // A video model by id goes to the video workload; --fps only to the video.
    auto m = cli::run(
        {"compare", "--with-video", "--model", "ltx-video", "--fps", "30", "--format", "json"});
    REQUIRE(m.exit_code == 0);
    auto jm = nlohmann::json::parse(m.out);
    CHECK(jm["video"]["model"] == "ltx-video");
    CHECK(jm["video"]["video"]["fps"] == 30);
    auto f = cli::run({"fleet", "--workload", "video", "--videos-per-day", "1000000"});
    REQUIRE(f.exit_code == 0);
    CHECK(f.out.find("videos: 1e+06 per day") != std::string::npos);
    // Bad input: the flag, the field and the range.
    auto bad = cli::run({"estimate", "--workload", "video", "--frames", "2000"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("--frames (video.frames)") != std::string::npos);
    CHECK(bad.err.find("1 to 1025") != std::string::npos);
    auto wrong = cli::run({"estimate", "--workload", "text", "--frames", "10"});
    CHECK(wrong.exit_code == 2);
    CHECK(wrong.err.find("does not apply") != std::string::npos);
}

TEST_CASE("video: published text-to-video measurements are in the validation set, within 2.5x") {
    ValidationSet set =
        parse_validation_set(std::string(validation_data::embedded_file("measurements.json")));
    REQUIRE(set.errors.empty());
    int video_rows = 0;
    for (const auto& row : set.rows) {
        if (row.workload != "video") continue;
        ++video_rows;
        INFO(row.id);
        CHECK(!row.source.empty());
        bool fits = false;
        const double p = predict(row, row.scenario.assumptions, Catalog::builtin(), &fits);
        CHECK(fits);
        // In-sample; 8 RTX 4090s on PCIe (Wan 1.3B) are the loosest (sequence parallel over a
        // slow link).
        CHECK(error_factor(p, row.measured) < 2.5);
    }
    CHECK(video_rows >= 20);
}
