// Assumptions and sources panel: every scenario field with its unit, range and source,
// editable; catalog entries with their citations; a user catalog JSON pasted in and merged
// (Catalog::merge_json, errors shown), and the accelerators saved as a user catalog.
#pragma once

#include "app_state.h"

#include <cstdint>
#include <string>
#include <vector>

namespace costlab::gui {

struct AssumptionsPanel {
    static constexpr const char* kTitle = "Assumptions and sources";
    void draw(AppState& state);

    // The catalog's accelerators as a user-catalog JSON (bare numbers) that merge_json reads.
    static std::string accelerators_json(const Catalog& catalog);

    std::string catalog_text; // the JSON box
    std::vector<CatalogError> catalog_errors;
    std::string catalog_result; // "Merged: ..." after a good merge

private:
    void fields(AppState& state);
    void catalog(AppState& state);
    uint64_t pasted_seen_ = 0;
};

} // namespace costlab::gui
