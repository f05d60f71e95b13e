// The results JSON and summary for the HTML twin (see results.h). The JSON is assembled from the
// core's report_to_json / scenario_to_json and the formatted "display" strings, by hand, so the
// GUI does not need a JSON library of its own.
#include "results.h"

#include "costlab/report_io.h"
#include "format.h"

#include <cmath>

namespace costlab::gui {

namespace {

std::string quote(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            if (c < 0x20)
                out += fmt::printf("\\u%04x", c);
            else
                out += char(c);
        }
    }
    return out + "\"";
}

std::string display_of(const WorkloadReport& w) {
    // Same keys as web/wasm_api.cpp's display_of. What the canvas hatches is "not shown" here
    // too (and null in the report JSON), never a plain number.
    const bool ok = figures_trusted(w), usd = dollars_trusted(w);
    const std::string hidden = "not shown";
    auto or_hidden = [&](bool trusted, std::string s) { return trusted ? s : hidden; };
    const std::pair<const char*, std::string> items[] = {
        {"seconds_per_query", or_hidden(ok, fmt::seconds(w.seconds_per_query))},
        {"gpu_seconds_per_query", or_hidden(ok, fmt::seconds(w.gpu_seconds_per_query))},
        {"usd_per_query", or_hidden(usd, fmt::usd(w.usd_per_query))},
        {"gpu_energy_wh", or_hidden(ok, fmt::energy(w.gpu_energy_wh))},
        {"it_energy_wh", or_hidden(ok, fmt::energy(w.it_energy_wh))},
        {"facility_energy_wh", or_hidden(ok, fmt::energy(w.facility_energy_wh))},
        {"co2_g_per_query", or_hidden(ok, fmt::mass(w.co2_g_per_query))},
        {"water_l_per_query", or_hidden(ok, fmt::si(w.water_l_per_query, "L"))},
        {"embodied_co2_g_per_query", or_hidden(ok, fmt::mass(w.embodied_co2_g_per_query))},
        {"memory_needed", fmt::bytes(w.memory_gb_needed * 1e9)},
        {"memory_available", fmt::bytes(w.memory_gb_available * 1e9)},
        {"first_answer", or_hidden(ok, fmt::seconds(w.workload == Workload::text
                                                         ? w.time_to_first_token_s
                                                         : w.seconds_per_query))},
        {"untrusted", fmt::untrusted_reason(w, false)},
        {"untrusted_usd", fmt::untrusted_reason(w, true)},
    };
    std::string out = "{";
    for (const auto& [k, v] : items) {
        if (out.size() > 1) out += ",";
        out += quote(k) + ":" + quote(v);
    }
    return out + "}";
}

} // namespace

std::string replies_per_image(double r) {
    if (!std::isfinite(r) || r <= 0) return "no ratio (the reply's figure is zero)";
    if (r >= 1) return "one image = " + fmt::multiple(r) + (r < 1.05 ? " reply" : " replies");
    return "one reply = " + fmt::multiple(1 / r) + " images";
}

std::vector<std::string> device_sentences(const DeviceEstimate& e, const Catalog& c,
                                          const Scenario& s) {
    std::vector<std::string> out;
    const MeasuredDevice& d = s.serving.measured_device;
    if (!d.present()) return out;
    const std::string ref_name = "one H100";
    auto slower = [&](double x) {
        if (!(x > 0) || !std::isfinite(x)) return std::string(" (one H100 cannot hold it alone)");
        if (x < 1) return ", " + fmt::multiple(1 / x) + " times faster than " + ref_name;
        return ", " + fmt::multiple(x) + " times slower than " + ref_name;
    };
    if (e.image.found) {
        const ImageModel* m = c.image_model(e.image.model);
        const int steps = s.image.steps > 0 ? s.image.steps : m ? m->default_steps : 0;
        out.push_back("One " + std::to_string(s.image.width_px) + "x" +
                      std::to_string(s.image.height_px) + " image from " +
                      (m ? m->name : e.image.model) + " (" + to_string(e.image.precision) + ", " +
                      std::to_string(steps) + " steps) would take about " +
                      fmt::seconds(e.image.on_device.seconds_per_query) + " here" +
                      slower(e.image.times_slower) + ".");
    } else {
        out.push_back("No image model of the catalog fits in this device's " +
                      fmt::number(d.memory_gb) +
                      " GB: raise \"Memory a model may use\" if it "
                      "has more.");
    }
    if (e.text.found) {
        const TextModel* m = c.text_model(e.text.model);
        out.push_back("A " + fmt::count(double(s.text.output_tokens + s.text.reasoning_tokens)) +
                      "-token reply from " + (m ? m->name : e.text.model) + " (" +
                      to_string(e.text.precision) + ") would come at " +
                      fmt::number(e.text.on_device.output_tokens_per_second) +
                      " tokens per second here (" +
                      fmt::seconds(e.text.on_device.seconds_per_query) + " for the reply)" +
                      slower(e.text.times_slower) + ".");
    } else {
        out.push_back("No text model of the catalog fits in this device's " +
                      fmt::number(d.memory_gb) + " GB.");
    }
    if (e.flops_times_slower > 0 && std::isfinite(e.flops_times_slower)) {
        const Accelerator* ref = c.accelerator(e.reference);
        const double half = measured_accelerator(d).effective_peak_flops_per_s(Precision::bf16);
        out.push_back(
            "It multiplies matrices about " + fmt::count(e.flops_times_slower) +
            " times slower than " + ref_name + " at bf16 (" + fmt::si(half, "FLOP/s") +
            (d.gflops_f16 > 0 ? " here, its f16 figure," : " here, its fp32 figure,") + " vs " +
            fmt::si(ref ? ref->effective_peak_flops_per_s(Precision::bf16) : 0, "FLOP/s") +
            ") and reads memory at " + fmt::si(d.gbps * 1e9, "B/s") + ".");
    }
    return out;
}

std::string results_json(const Scenario& s, const Report& r,
                         const std::vector<std::string>& device) {
    std::string out = "{\"ok\":true,\"scenario\":";
    out += scenario_to_json(s, false);
    out += ",\"fragment\":" + quote(scenario_to_fragment(s));
    out += ",\"report\":" + report_to_json(r, false);
    out += ",\"display\":{";
    for (Workload w : r.enabled_workloads()) // the twin's columns
        out += std::string(w == Workload::text ? "" : ",") + quote(info(w).name) + ":" +
               display_of(r.workload(w));
    out += ",\"summary\":" + quote(results_summary(r)) + "}";
    const MeasuredDevice& d = s.serving.measured_device;
    if (d.present() && !device.empty()) {
        out += ",\"device\":{\"label\":" + quote(d.label) +
               ",\"gflops\":" + fmt::printf("%.10g", d.gflops) +
               ",\"gflops_f16\":" + fmt::printf("%.10g", d.gflops_f16) +
               ",\"gbps\":" + fmt::printf("%.10g", d.gbps) + ",\"sentences\":[";
        for (size_t i = 0; i < device.size(); ++i)
            out += (i ? "," : "") + quote(device[i]);
        out += "]}";
    }
    return out + "}";
}

std::string results_summary(const Report& r) {
    const std::string text_why = fmt::untrusted_reason(r.text, true);
    const std::string image_why = fmt::untrusted_reason(r.image, true);
    if (!text_why.empty()) return "The chat reply " + text_why + ".";
    if (!image_why.empty()) return "The image " + image_why + ".";
    const double usd = ratio(r, Workload::image, Workload::text, Metric::usd);
    const double energy = ratio(r, Workload::image, Workload::text, Metric::energy);
    std::string s = "One image costs as much as " + fmt::count(usd) + " chat replies (" +
                    fmt::usd(r.image.usd_per_query) + " vs " + fmt::usd(r.text.usd_per_query) + ")";
    if (std::isfinite(energy))
        s += " and uses as much energy as " + fmt::count(energy) + " replies (" +
             fmt::energy(r.image.facility_energy_wh) + " vs " +
             fmt::energy(r.text.facility_energy_wh) + ")";
    return s + ".";
}

std::string text_caption(const Scenario& s, const Catalog& c, const WorkloadReport& w) {
    const TextModel* m = c.text_model(s.text.model);
    std::string out = (m ? m->name : s.text.model) + ", " +
                      fmt::count(double(s.text.output_tokens)) + " tokens out";
    if (s.text.reasoning_tokens > 0)
        out += " + " + fmt::count(double(s.text.reasoning_tokens)) + " reasoning";
    return out + ", " + fmt::count(w.gpus) + " GPU" + (w.gpus == 1 ? "" : "s") + " x batch " +
           fmt::count(w.batch);
}

std::string video_caption(const Scenario& s, const Catalog& c, const WorkloadReport& w) {
    const VideoModel* m = c.video_model(s.video.model);
    const VideoDetail& d = w.video;
    return (m ? m->name : s.video.model) + ", " + std::to_string(d.width_px) + "x" +
           std::to_string(d.height_px) + ", " + std::to_string(d.frames) + " frames (" +
           fmt::number(d.clip_seconds, 2) + " s), " + std::to_string(d.steps) + " steps, " +
           fmt::count(w.gpus) + " GPU" + (w.gpus == 1 ? "" : "s");
}

std::string image_caption(const Scenario& s, const Catalog& c, const WorkloadReport& w) {
    const ImageModel* m = c.image_model(s.image.model);
    std::string out = (m ? m->name : s.image.model) + ", " + std::to_string(s.image.width_px) +
                      "x" + std::to_string(s.image.height_px);
    if (m && m->family != ImageFamily::autoregressive) {
        const int steps = s.image.steps > 0 ? s.image.steps : m->default_steps;
        out += ", " + std::to_string(steps) + " steps";
    }
    return out + ", batch " + fmt::count(w.batch);
}

std::string caption(const Scenario& s, const Catalog& c, const WorkloadReport& w) {
    return w.workload == Workload::text    ? text_caption(s, c, w)
           : w.workload == Workload::image ? image_caption(s, c, w)
                                           : video_caption(s, c, w);
}

} // namespace costlab::gui
