// What the GUI hands to the platform's HTML twin (Platform::publish_results): the same JSON
// object the wasm API's costlab_evaluate_json returns ({"ok":true,"scenario","fragment",
// "report","display"}), so web/app.js renders either, and a one-line summary for aria-live.
#pragma once

#include "costlab/device.h"
#include "costlab/model.h"
#include "costlab/scenario.h"

#include <string>
#include <vector>

namespace costlab::gui {

// `device`: the words of device_sentences() for a scenario that carries a measured device
// (an extra "device" object: {"label", "sentences", "gflops", "gbps"}), empty otherwise.
std::string results_json(const Scenario& s, const Report& r,
                         const std::vector<std::string>& device = {});
// What a measured device would take, in words: one image and one reply from the largest
// models that fit (seconds or minutes, tokens per second), how many times slower than one
// H100, and the measured rate against the H100's. From core's estimate_device(); the Your
// hardware panel and the HTML twin show the same sentences.
std::vector<std::string> device_sentences(const DeviceEstimate& e, const Catalog& c,
                                          const Scenario& s);
// "One image costs as much as 18 chat replies ($0.0050 vs $0.00027) and uses as much energy
// as 24 replies." Untrusted figures are named in words.
std::string results_summary(const Report& r);
// "one image = 18 replies" on one metric, or why not in words.
std::string replies_per_image(double ratio);
// A workload's setup in a line: "Llama 3.1 70B, 500 tokens out, 2 GPUs x batch 64",
// "FLUX.1 [dev], 1024x1024, 28 steps, batch 1" (the Compare panel and the picture).
std::string text_caption(const Scenario& s, const Catalog& c, const WorkloadReport& w);
std::string image_caption(const Scenario& s, const Catalog& c, const WorkloadReport& w);
std::string video_caption(const Scenario& s, const Catalog& c, const WorkloadReport& w);
// The caption of w's workload (one of the three above).
std::string caption(const Scenario& s, const Catalog& c, const WorkloadReport& w);

} // namespace costlab::gui
