// Measured devices (device.h) and the trust of every exported figure: a link carries the
// measured device and reopens the same numbers on a catalog that never saw it; the estimate
// picks models that fit; a chip without fp8 units says so; a hatched figure is null in JSON
// and an empty cell in CSV. Start at the first TEST_CASE.
#include "costlab/device.h"
#include "costlab/report_io.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace costlab;

namespace {

// A laptop-class device: 200 GFLOP/s, 50 GB/s, 16 GB, 30 W.
MeasuredDevice laptop() {
    return make_measured_device("GPU (test adapter)", 200, 50, 16, 30);
}

bool has_warning(const WorkloadReport& w, const std::string& part) {
    for (const auto& m : w.warnings)
        if (m.find(part) != std::string::npos) return true;
    return false;
}

} // namespace

TEST_CASE("a measured device round-trips through the link and JSON, within limits", "[device]") {
    Scenario s;
    s.serving.accelerator = kMeasuredDeviceId;
    s.serving.measured_device =
        make_measured_device("8 CPU threads (wasm~simd)", 123.456789, 20.2, 15.8, 45);
    CHECK(s.serving.measured_device.gflops == 123.5);                     // 4 significant digits
    CHECK(s.serving.measured_device.label == "8 CPU threads (wasmsimd)"); // no '~'
    const std::string frag = scenario_to_fragment(s);
    CHECK(frag.find("md=") != std::string::npos);
    ParseResult back = parse_scenario_fragment(frag);
    REQUIRE(back.ok());
    CHECK(back.scenario == s);
    ParseResult json_back = parse_scenario_json(scenario_to_json(s));
    REQUIRE(json_back.ok());
    CHECK(json_back.scenario == s);
    CHECK(validate(s, Catalog::builtin()).empty()); // no catalog entry needed

    for (const char* bad : {"md=x~1~1~16", "md=x~0~1~16~30", "md=x~abc~1~16~30", "md=x~1e9~1~16~30",
                            "md=x~10~1~16~0", "md=~10~1~16~30", "md=x~10~1~99999~30"}) {
        INFO(bad);
        ParseResult r = parse_scenario_fragment(std::string("v=1&") + bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.errors.front().field == "serving.measured_device");
    }
}

TEST_CASE("the f16 figure rides in the link as a sixth part; older five-part links still read",
          "[device]") {
    Scenario s;
    s.serving.accelerator = kMeasuredDeviceId;
    s.serving.measured_device = make_measured_device("GPU, nvidia", 9000, 800, 24, 300, 17123.4);
    CHECK(s.serving.measured_device.gflops_f16 == 17120); // 4 significant digits
    CHECK(measured_device_to_text(s.serving.measured_device) ==
          "GPU, nvidia~9000~800~24~300~17120");
    ParseResult back = parse_scenario_fragment(scenario_to_fragment(s));
    REQUIRE(back.ok());
    CHECK(back.scenario == s);
    CHECK(back.scenario.serving.measured_device.gflops_f16 == 17120);
    ParseResult json_back = parse_scenario_json(scenario_to_json(s));
    REQUIRE(json_back.ok());
    CHECK(json_back.scenario == s);

    // Without one: five parts, as before, and a five-part link has no f16 figure.
    const MeasuredDevice plain = make_measured_device("GPU, swiftshader", 0.2, 0.1, 8, 30);
    CHECK(measured_device_to_text(plain) == "GPU, swiftshader~0.2~0.1~8~30");
    ParseResult old = parse_scenario_fragment("v=1&g=your-device&md=GPU~200~50~16~30");
    REQUIRE(old.ok());
    CHECK(old.scenario.serving.measured_device.gflops == 200);
    CHECK(old.scenario.serving.measured_device.gflops_f16 == 0);

    // No f16 figure without an fp32 one (no usable device); a bad sixth part is named.
    CHECK(make_measured_device("x", 10, 0, 8, 30, 20).gflops_f16 == 0);
    for (const char* bad : {"md=x~10~1~16~30~0", "md=x~10~1~16~30~abc", "md=x~10~1~16~30~1e9",
                            "md=x~10~1~16~30~", "md=x~10~1~16~30~20~1"}) {
        INFO(bad);
        ParseResult r = parse_scenario_fragment(std::string("v=1&") + bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.errors.front().field == "serving.measured_device");
    }
    ParseResult r = parse_scenario_fragment("v=1&md=x~10~1~16~30~abc");
    CHECK(r.errors.front().message.find("f16 GFLOP/s") != std::string::npos);
}

TEST_CASE("a 16-bit model on the measured GPU uses the f16 figure, a 32-bit one the fp32 figure",
          "[device]") {
    const MeasuredDevice with_f16 = make_measured_device("GPU (test)", 200, 50, 16, 30, 500);
    const MeasuredDevice without = make_measured_device("GPU (test)", 200, 50, 16, 30);
    const Accelerator a = measured_accelerator(with_f16), b = measured_accelerator(without);
    for (Precision p : {Precision::bf16, Precision::fp16, Precision::fp8, Precision::int8,
                        Precision::int4, Precision::fp4}) {
        INFO(to_string(p));
        CHECK(uses_f16_figure(with_f16, p));
        CHECK(a.effective_peak_flops_per_s(p) == 500e9);
        CHECK_FALSE(uses_f16_figure(without, p));
        CHECK(b.effective_peak_flops_per_s(p) == 200e9);
    }
    for (Precision p : {Precision::fp32, Precision::tf32, Precision::fp32_default}) {
        INFO(to_string(p));
        CHECK_FALSE(uses_f16_figure(with_f16, p));
        CHECK(a.effective_peak_flops_per_s(p) == 200e9);
    }
    CHECK(a.sources.at("peak_tflops.bf16").source.find("f16 matrix multiply") != std::string::npos);
    CHECK(b.sources.at("peak_tflops.bf16").source.find("no f16 figure") != std::string::npos);

    // The model follows: a compute-bound bf16 image is faster with the f16 figure, an fp32 one
    // is not; the estimate's "times slower" compares 16-bit with 16-bit.
    Scenario s;
    s.serving.accelerator = kMeasuredDeviceId;
    s.image.model = "sd-1.5";
    for (Precision p : {Precision::bf16, Precision::fp32}) {
        INFO(to_string(p));
        s.image.precision = p;
        s.serving.measured_device = with_f16;
        const Report fast = evaluate(s);
        s.serving.measured_device = without;
        const Report slow = evaluate(s);
        REQUIRE(fast.ok());
        REQUIRE(slow.ok());
        if (p == Precision::bf16)
            CHECK(fast.image.seconds_per_query < 0.6 * slow.image.seconds_per_query);
        else
            CHECK(fast.image.seconds_per_query == slow.image.seconds_per_query);
    }
    const DeviceEstimate e = estimate_device(with_f16, Scenario{}, Catalog::builtin());
    CHECK(e.flops_times_slower == Approx(989.4e12 / 500e9).epsilon(0.01));
}

TEST_CASE("a link with the measured device reopens the same figures anywhere", "[device]") {
    const MeasuredDevice d = laptop();
    const DeviceEstimate e = estimate_device(d, Scenario{}, Catalog::builtin());
    const Scenario sender = scenario_on_device(Scenario{}, d, e);
    // The sender's catalog holds the device; the recipient's does not.
    Catalog with_device = Catalog::builtin();
    with_device.put(measured_accelerator(d));
    const Report a = evaluate(sender, with_device);
    const Report b = evaluate(parse_scenario_fragment(scenario_to_fragment(sender)).scenario);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(report_to_json(a) == report_to_json(b));
    // A stale catalog entry under the same id does not replace the link's device.
    Catalog stale = Catalog::builtin();
    stale.put(measured_accelerator(make_measured_device("other", 5, 5, 4, 10)));
    CHECK(report_to_json(evaluate(sender, stale)) == report_to_json(a));
}

TEST_CASE("the device estimate picks the largest models that fit and compares with an H100",
          "[device]") {
    const MeasuredDevice d = laptop();
    const DeviceEstimate e = estimate_device(d, Scenario{}, Catalog::builtin());
    REQUIRE(e.image.found);
    REQUIRE(e.text.found);
    CHECK(e.image.on_device.fits);
    CHECK(e.text.on_device.fits);
    CHECK(e.image.on_device.memory_gb_needed <= 16 * 0.9 + 1e-9);
    // Nothing larger of the catalog would fit: FLUX.1 (12B) in fp8 needs ~12 GB of 14.4.
    const ImageModel* im = Catalog::builtin().image_model(e.image.model);
    for (const ImageModel& m : Catalog::builtin().image_models())
        if (m.family != ImageFamily::autoregressive && m.denoiser_params > im->denoiser_params) {
            Scenario s = scenario_on_device(Scenario{}, d, e);
            s.image.model = m.id;
            s.image.precision = Precision::fp8;
            CHECK_FALSE(evaluate(s).image.fits);
        }
    CHECK(e.text.on_device.output_tokens_per_second > 0);
    CHECK(e.image.times_slower > 10); // a 200 GFLOP/s device vs an H100
    CHECK(e.text.times_slower > 10);
    CHECK(e.flops_times_slower == Approx(989.4e12 / 200e9).epsilon(0.01));

    // The comparison on the device: one device, batch 1, no fleet warnings, all shown.
    const Scenario s = scenario_on_device(Scenario{}, d, e);
    CHECK(s.serving.accelerator == kMeasuredDeviceId);
    CHECK(s.text.batch == 1);
    CHECK(s.image.gpus == 1);
    const Report r = evaluate(s);
    REQUIRE(r.ok());
    CHECK(figures_trusted(r.text));
    CHECK(figures_trusted(r.image));
    CHECK_FALSE(dollars_trusted(r.image)); // no price: "$0" is not a figure
    CHECK_FALSE(has_warning(r.text, "fixed fleet"));
    CHECK_FALSE(has_warning(r.image, "fixed fleet"));

    // A device too small for anything: nothing found, said by the caller.
    const DeviceEstimate none =
        estimate_device(make_measured_device("tiny", 1, 1, 0.1, 5), Scenario{}, Catalog::builtin());
    CHECK_FALSE(none.text.found);
    CHECK_FALSE(none.image.found);
}

TEST_CASE("a precision the chip has no units for gets a word", "[device][model]") {
    Scenario s;
    s.serving.accelerator = "a100-sxm-80gb";
    s.text.precision = Precision::fp8;
    Report r = evaluate(s);
    REQUIRE(r.ok());
    CHECK(has_warning(r.text, "has no fp8 units"));
    CHECK(has_warning(r.text, "bf16"));
    s.serving.accelerator = "h100-sxm"; // has fp8 units
    CHECK_FALSE(has_warning(evaluate(s).text, "units"));
    s.serving.accelerator = "a100-sxm-80gb";
    s.text.precision = Precision::int4; // weight-only by design: no word
    CHECK_FALSE(has_warning(evaluate(s).text, "units"));
}

TEST_CASE("hatched figures are null in JSON and empty in CSV", "[report_io][trust]") {
    Scenario s;
    s.text.model = "llama-3.1-405b";
    s.text.precision = Precision::bf16;
    s.text.gpus = 1;                // 810 GB of weights on one 80 GB GPU: does not fit
    s.serving.usd_per_gpu_hour = 0; // and no price: the image's dollars mean nothing
    const Report r = evaluate(s);
    REQUIRE(r.ok());
    REQUIRE_FALSE(r.text.fits);
    auto j = nlohmann::json::parse(report_to_json(r, false));
    for (const char* k : {"seconds_per_query", "gpu_seconds_per_query", "usd_per_query",
                          "facility_energy_wh", "co2_g_per_query", "output_tokens_per_second"}) {
        INFO(k);
        CHECK(j["text"][k].is_null());
    }
    CHECK(j["text"]["figures_trusted"] == false);
    CHECK(j["text"]["phases"].empty());
    CHECK(j["image"]["usd_per_query"].is_null());        // $0 is not a figure
    CHECK(j["image"]["facility_energy_wh"].is_number()); // energy is
    CHECK(j["image"]["usd_trusted"] == false);
    CHECK(j["ratios"]["image_to_text_usd"].is_null());
    CHECK(j["ratios"]["image_to_text_energy"].is_null());
    CHECK(j["fleet"]["text"]["gpus_needed"].is_null());
    CHECK(j["business"]["image_margin"].is_null());

    std::istringstream csv(report_to_csv(r));
    std::string header, text_row, image_row;
    std::getline(csv, header);
    std::getline(csv, text_row);
    std::getline(csv, image_row);
    auto cells = [](const std::string& line) {
        std::vector<std::string> out;
        std::string cell;
        std::istringstream in(line);
        while (std::getline(in, cell, ','))
            out.push_back(cell);
        if (!line.empty() && line.back() == ',') out.push_back("");
        return out;
    };
    const auto names = cells(header), t = cells(text_row), i = cells(image_row);
    REQUIRE(t.size() == names.size());
    REQUIRE(i.size() == names.size());
    for (size_t c = 0; c < names.size(); ++c) {
        INFO(names[c]);
        if (names[c] == "seconds_per_query" || names[c] == "usd_per_query" ||
            names[c] == "facility_energy_wh")
            CHECK(t[c].empty());
        if (names[c] == "usd_per_query") CHECK(i[c].empty());
        if (names[c] == "facility_energy_wh") CHECK_FALSE(i[c].empty());
        if (names[c] == "usd_trusted") CHECK(i[c] == "false");
        if (names[c] == "figures_trusted") CHECK(t[c] == "false");
    }
}
