// What the GUI hands to the platform's HTML twin (Platform::publish_results): the same JSON
// object the wasm API's costlab_evaluate_json returns ({"ok":true,"scenario","fragment",
// "report","display"}), so web/app.js renders either, and a one-line summary for aria-live.
#pragma once

#include "costlab/model.h"
#include "costlab/scenario.h"

#include <string>

namespace costlab::gui {

std::string results_json(const Scenario& s, const Report& r);
// "One image costs as much as 18 chat replies ($0.0050 vs $0.00027) and uses as much energy
// as 24 replies." Untrusted figures are named in words.
std::string results_summary(const Report& r);
// "one image = 18 replies" on one metric, or why not in words.
std::string replies_per_image(double ratio);

} // namespace costlab::gui
