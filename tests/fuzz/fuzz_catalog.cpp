// libFuzzer target: the user-catalog loader. Any input is merged all-or-nothing or rejected
// with errors naming fields; a merged catalog must still evaluate every entry it touched
// without a crash, undefined behaviour (UBSan) or a non-finite per-query figure.
#include "costlab/catalog.h"
#include "costlab/model.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace costlab;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Catalog c = Catalog::builtin();
    const size_t before = c.accelerators().size() + c.text_models().size() + c.image_models().size();
    auto errors = c.merge_json(std::string(reinterpret_cast<const char*>(data), size));
    if (!errors.empty()) {
        const size_t after =
            c.accelerators().size() + c.text_models().size() + c.image_models().size();
        if (after != before) {
            std::fprintf(stderr, "fuzz_catalog: a rejected merge changed the catalog\n");
            std::abort();
        }
        return 0;
    }
    // Evaluate the default scenario with each accelerator and model of the merged catalog
    // (bounded so one input stays fast).
    Scenario s;
    s.text.gpus = 0; // smallest group that fits
    s.text.batch = 0;
    int budget = 40;
    for (const auto& a : c.accelerators()) {
        for (const auto& m : c.text_models()) {
            if (--budget < 0) return 0;
            s.serving.accelerator = a.id;
            s.text.model = m.id;
            s.image.model = c.image_models()[budget % c.image_models().size()].id;
            Report r = evaluate(s, c, EvaluateOptions::everything());
            if (!r.ok()) continue; // e.g. a precision the accelerator lacks: a message
            for (double v : {r.text.usd_per_query, r.text.gpu_energy_wh, r.image.usd_per_query,
                             r.image.gpu_energy_wh})
                if (!std::isfinite(v) || v < 0) {
                    std::fprintf(stderr, "fuzz_catalog: non-finite figure for %s / %s\n",
                                 a.id.c_str(), m.id.c_str());
                    std::abort();
                }
        }
    }
    return 0;
}
