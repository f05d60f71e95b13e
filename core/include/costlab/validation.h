// costlab validation: the cost model against published measurements, with honest fitting.
// Start at validate_model(): it predicts every row of a validation set (JSON, schema
// "costlab-validation/1", tests/validation/measurements.json), and refits the mechanisms'
// parameters once per row with that row left out (leave-one-out), so each held-out error is
// the error of a model that never saw the figure. fit() is what set the defaults in
// scenario.h. Pure functions, no I/O: the CLI (`costlab validate`) brings the data.
#pragma once

#include "costlab/catalog.h"
#include "costlab/scenario.h"

#include <string>
#include <vector>

namespace costlab {

// One published measured figure and the scenario that reproduces its setup.
struct ValidationRow {
    std::string id;
    std::string workload; // "text", "image" or "video"
    std::string metric;   // see validation_metrics()
    double measured = 0;
    std::string unit, boundary, source, source_group, date, note;
    // The organisation that published the figure (held out as a whole by
    // HoldOut::publisher) and the engine that ran it (text.engine / image.engine, or another
    // engine's name, kept for the record).
    std::string publisher, engine;
    Scenario scenario;
};

struct ValidationSet {
    std::vector<ValidationRow> rows;
    std::vector<std::string> errors; // non-empty: the document is not usable; each names the row
};

// The metrics a row may use, each a figure the model reports:
// output_tokens_per_second_per_gpu, images_per_second_per_gpu, seconds_per_query,
// gpu_energy_wh (per query), gpu_energy_j_per_output_token, gpu_power_w.
const std::vector<std::string>& validation_metrics();

// Parses and checks the set against `catalog` (every scenario valid, metrics known).
ValidationSet parse_validation_set(const std::string& json_text,
                                   const Catalog& catalog = Catalog::builtin());

// The model's figure for a row's metric with the row's scenario and assumptions `a`.
// `fits` (optional) says whether the deployment fits in memory.
double predict(const ValidationRow& row, const Assumptions& a, const Catalog& catalog,
               bool* fits = nullptr);

// The assumptions the fit may move, by JSON path ("assumptions.kv_bw_utilization"), within
// the ranges of scenario_fields().
const std::vector<std::string>& fitted_parameters();
// The value of one of them in `a` (NaN for a path that is not a fitted parameter).
double fitted_parameter_value(const Assumptions& a, const std::string& path);

// The starting point of every fit: literature values chosen before any fitting.
Assumptions prior_assumptions();

// Minimizes the sum of squared log errors of `rows` over fitted_parameters(), starting at
// `start` (bounded coordinate search in log space; deterministic).
Assumptions fit(const std::vector<const ValidationRow*>& rows, const Assumptions& start,
                const Catalog& catalog);

// error factor = max(predicted / measured, measured / predicted) >= 1; infinite when the
// prediction is 0 or not finite.
double error_factor(double predicted, double measured);

struct ValidationSummary {
    size_t count = 0;
    double median_error = 0;
    double share_within_1_5 = 0;
    double share_within_2 = 0;
    double worst_error = 0;
    std::string worst_id;
};

struct ValidationResultRow {
    const ValidationRow* row = nullptr;
    double predicted = 0;          // with the assumptions given (the defaults): in-sample
    double held_out_predicted = 0; // with parameters fitted on every other row
    double error = 0, held_out_error = 0;
    bool fits = true;
};

// One publisher's rows held out together: the error of a model fitted on everyone else.
struct PublisherSummary {
    std::string publisher;
    ValidationSummary held_out;
};

struct ValidationReport {
    std::vector<ValidationResultRow> rows;
    ValidationSummary in_sample, held_out;
    std::vector<PublisherSummary> publishers; // HoldOut::publisher only, by name
    Assumptions fitted; // fit on all rows from prior_assumptions() (what the defaults should be)
};

// How held-out errors are made: none (in-sample only, fast: held-out figures equal the
// in-sample ones), one row at a time, or one publisher's rows at a time (each fit on every
// other publisher: what a user bringing a new engine or lab meets).
enum class HoldOut { none, row, publisher };

ValidationReport validate_model(const ValidationSet& set, const Catalog& catalog,
                                const Assumptions& assumptions, HoldOut hold_out = HoldOut::row);

} // namespace costlab
