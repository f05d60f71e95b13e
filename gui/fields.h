// Typed access to a scenario's inputs by JSON path ("serving.pue"), paired with the core's field
// table (scenario_fields(): label, unit, range, source). The core keeps its member pointers
// private, so the GUI has its own path -> member map; a test checks it covers every field.
#pragma once

#include "costlab/scenario.h"

#include <optional>
#include <string>
#include <vector>

namespace costlab::gui {

enum class FieldKind { i32, i64, f64, opt_f64, str, precision, guidance, ownership, device };

struct FieldRef {
    const FieldInfo* info = nullptr; // the core's row: label, unit, range, source
    FieldKind kind = FieldKind::f64;
    void* (*ptr)(Scenario&) = nullptr;

    bool numeric() const {
        return kind == FieldKind::i32 || kind == FieldKind::i64 || kind == FieldKind::f64 ||
               kind == FieldKind::opt_f64;
    }
    bool integral() const { return kind == FieldKind::i32 || kind == FieldKind::i64; }
    // Numeric value; nullopt for an unset optional or a text field.
    std::optional<double> get(const Scenario& s) const;
    // Sets a numeric field (rounding integers); no range check (validate() does that).
    void set(Scenario& s, double v) const;
    void reset(Scenario& s) const; // optional fields: back to "unset" (the catalog value)
    std::string text(const Scenario& s) const; // text fields: the value as in JSON
};

// Every field of scenario_fields(), in its order. A path the GUI does not know yields a row
// with ptr == nullptr (the test for full coverage fails on it).
const std::vector<FieldRef>& field_refs();
const FieldRef* field_ref(const char* json_path);

} // namespace costlab::gui
