// costlab references: what providers have published per query (energy, emissions, water) and
// their list prices, from core/data/references.json (compiled in), each beside costlab's
// matching estimate for a scenario. Start at compare_references(); evaluate() fills
// Report::references with it.
#pragma once

#include "costlab/catalog.h"
#include "costlab/model.h"
#include "costlab/scenario.h"

#include <cstdint>
#include <string>
#include <vector>

namespace costlab {

struct Reference {
    std::string id, provider, label;
    std::string metric; // the costlab figure it matches: "text.facility_energy_wh", ...
    double value = 0;
    std::string unit, boundary, boundary_difference, source, url, date;
    // Scenario inputs the matching estimate overrides (empty / 0: the scenario's own).
    std::string text_model, image_model;
    int64_t output_tokens = 0;
    int width_px = 0, height_px = 0;
};

// The built-in list (core/data/references.json), parsed once. A defect in the file aborts, like
// the built-in catalog (tests/test_references.cpp guards it).
const std::vector<Reference>& builtin_references();

// Each reference beside costlab's estimate for `s` (with the reference's overrides), the ratio
// costlab / published, and for list prices the implied gross margin and break-even price.
// `base` is evaluate(s)'s report, reused when no override applies.
std::vector<ReferenceComparison> compare_references(const Scenario& s, const Catalog& catalog,
                                                    const Report& base);

} // namespace costlab
