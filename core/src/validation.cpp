// The model against published measurements: parse the validation set, predict each row,
// fit the mechanisms' parameters (bounded pattern search on the sum of squared log errors)
// and report in-sample and leave-one-out error factors. See costlab/validation.h.
#include "costlab/validation.h"

#include "costlab/model.h"

#include "detail/json_util.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace costlab {

using detail::json;

namespace {

// The parameters the fit moves, with the box it searches. The boxes are the physically
// plausible ranges (a utilization between a poor and a near-perfect kernel, overheads from
// a CUDA-graph launch to a slow Python scheduler), narrower than the input ranges so a fit
// on few points cannot run off to a meaningless corner. `log`: searched in log space.
struct FitParam {
    const char* path;
    double Assumptions::*member;
    double lo, hi;
    bool log;
    bool engine = false; // an engine preset's factor: pulled towards the reference (1)
};

// An engine's factors start at the reference engine's (1) and move only as far as the rows run
// on that engine outweigh a prior (a Gaussian in log space, MAP estimation): with few rows of
// an engine, often from one publisher and one model, an unpenalized factor also absorbs what
// the model misses for that model or GPU and carries it to every other use of the engine.
// The prior weighs as much as kEnginePriorRows rows that miss by a factor of e. Chosen on
// held-out publishers, not on any one row (tests/validation/README.md).
constexpr double kEnginePriorRows = 3;

const FitParam kFitParams[] = {
    {"assumptions.prefill_compute_utilization", &Assumptions::prefill_compute_utilization, 0.2,
     0.95, false},
    {"assumptions.decode_compute_utilization", &Assumptions::decode_compute_utilization, 0.1, 0.95,
     false},
    {"assumptions.diffusion_compute_utilization", &Assumptions::diffusion_compute_utilization, 0.1,
     0.95, false},
    {"assumptions.video_compute_utilization", &Assumptions::video_compute_utilization, 0.1, 0.95,
     false},
    {"assumptions.compute_half_tokens", &Assumptions::compute_half_tokens, 16, 65536, true},
    {"assumptions.memory_bw_utilization", &Assumptions::memory_bw_utilization, 0.4, 0.95, false},
    {"assumptions.kv_bw_utilization", &Assumptions::kv_bw_utilization, 0.1, 0.95, false},
    {"assumptions.decode_step_overhead_s", &Assumptions::decode_step_overhead_s, 1e-4, 0.05, true},
    {"assumptions.decode_overhead_per_sequence_s", &Assumptions::decode_overhead_per_sequence_s,
     1e-7, 1e-3, true},
    {"assumptions.diffusion_step_overhead_s", &Assumptions::diffusion_step_overhead_s, 1e-5, 0.1,
     true},
    {"assumptions.moe_imbalance", &Assumptions::moe_imbalance, 1, 4, false},
    {"assumptions.moe_layer_overhead_s", &Assumptions::moe_layer_overhead_s, 1e-6, 1e-3, true},
    {"assumptions.gpu_power_fraction_compute_bound", &Assumptions::gpu_power_fraction_compute_bound,
     0.05, 5, false},
    {"assumptions.gpu_power_fraction_memory_bound", &Assumptions::gpu_power_fraction_memory_bound,
     0.05, 5, false},
    {"assumptions.request_overhead_s", &Assumptions::request_overhead_s, 1e-4, 0.2, true},
    {"assumptions.sglang_speed", &Assumptions::sglang_speed, 0.5, 2.5, true, true},
    {"assumptions.trtllm_speed", &Assumptions::trtllm_speed, 0.5, 3, true, true},
    {"assumptions.compiled_speed", &Assumptions::compiled_speed, 0.8, 3, true, true},
    {"assumptions.tensorrt_speed", &Assumptions::tensorrt_speed, 0.8, 3, true, true},
    {"assumptions.sglang_overhead", &Assumptions::sglang_overhead, 0.02, 2, true, true},
    {"assumptions.trtllm_overhead", &Assumptions::trtllm_overhead, 0.02, 2, true, true},
    {"assumptions.compiled_overhead", &Assumptions::compiled_overhead, 0.02, 2, true, true},
    {"assumptions.tensorrt_overhead", &Assumptions::tensorrt_overhead, 0.02, 2, true, true},
};
constexpr size_t kParamCount = sizeof(kFitParams) / sizeof(kFitParams[0]);

} // namespace

// Where every fit starts: the values chosen from the literature before any fitting (the
// sources are those of scenario_fields(): utilizations from MLPerf-class kernels, overheads
// from vLLM's 2024 profile, power from Patel et al. ASPLOS 2024). Starting each
// leave-one-out fit here, not at the full fit, keeps the held-out row out of its own fit.
Assumptions prior_assumptions() {
    Assumptions a;
    a.prefill_compute_utilization = 0.6;
    a.decode_compute_utilization = 0.5;
    a.diffusion_compute_utilization = 0.5;
    a.video_compute_utilization = 0.5; // the image denoiser's prior (scenario_fields() source)
    a.compute_half_tokens = 1024;
    a.memory_bw_utilization = 0.8;
    a.kv_bw_utilization = 0.5;
    a.decode_step_overhead_s = 2e-3;
    a.decode_overhead_per_sequence_s = 5e-6;
    a.diffusion_step_overhead_s = 2e-3;
    a.moe_imbalance = 1.3;
    a.moe_layer_overhead_s = 30e-6;
    // Compute-bound phases (prefill, diffusion) draw close to board power (Patel et al.,
    // 'Characterizing Power Management Opportunities for LLMs in the Cloud', ASPLOS 2024, fig. 5)
    // while reaching about half of the datasheet's FLOP/s (catalog ceilings x utilization):
    // a load of 1 at a compute use of 0.5.
    a.gpu_power_fraction_compute_bound = 2.0;
    a.gpu_power_fraction_memory_bound = 0.6;
    // vLLM's 2024 serving profile: a few ms of HTTP, tokenization and scheduling per request.
    a.request_overhead_s = 5e-3;
    // Engines start equal to the reference; only rows run on them move them.
    a.sglang_speed = a.trtllm_speed = a.compiled_speed = a.tensorrt_speed = 1.0;
    a.sglang_overhead = a.trtllm_overhead = a.compiled_overhead = a.tensorrt_overhead = 1.0;
    return a;
}

namespace {

double to_unit(const FitParam& p, double v) {
    v = std::clamp(v, p.lo, p.hi);
    return p.log ? std::log(v / p.lo) / std::log(p.hi / p.lo) : (v - p.lo) / (p.hi - p.lo);
}
double from_unit(const FitParam& p, double u) {
    u = std::clamp(u, 0.0, 1.0);
    return p.log ? p.lo * std::exp(u * std::log(p.hi / p.lo)) : p.lo + u * (p.hi - p.lo);
}

// A prediction that is missing, zero or for a deployment that does not fit counts as a
// factor-of-e^3 miss (~20x): bad enough to steer the fit away, finite so it stays comparable.
constexpr double kMissLog = 3.0;

double objective(const std::vector<const ValidationRow*>& rows, const Assumptions& a,
                 const Catalog& catalog) {
    double sum = 0;
    for (const ValidationRow* r : rows) {
        bool fits = true;
        double p = predict(*r, a, catalog, &fits);
        double e = (p > 0 && std::isfinite(p) && fits) ? std::log(p / r->measured) : kMissLog;
        sum += e * e;
    }
    for (const FitParam& p : kFitParams)
        if (p.engine) {
            const double l = std::log(a.*p.member);
            sum += kEnginePriorRows * l * l;
        }
    return sum;
}

std::string string_field(const json& row, const char* key) {
    return detail::string_or(row, key, "");
}

ValidationSummary summarize(const std::vector<ValidationResultRow>& rows, bool held_out) {
    ValidationSummary s;
    std::vector<double> errors;
    for (const auto& r : rows) {
        double e = held_out ? r.held_out_error : r.error;
        errors.push_back(e);
        if (e > s.worst_error) {
            s.worst_error = e;
            s.worst_id = r.row->id;
        }
    }
    s.count = errors.size();
    if (errors.empty()) return s;
    std::sort(errors.begin(), errors.end());
    size_t n = errors.size();
    s.median_error = n % 2 ? errors[n / 2] : 0.5 * (errors[n / 2 - 1] + errors[n / 2]);
    s.share_within_1_5 =
        double(std::count_if(errors.begin(), errors.end(), [](double e) { return e <= 1.5; })) / n;
    s.share_within_2 =
        double(std::count_if(errors.begin(), errors.end(), [](double e) { return e <= 2.0; })) / n;
    return s;
}

} // namespace

const std::vector<std::string>& validation_metrics() {
    static const std::vector<std::string> m = {"output_tokens_per_second_per_gpu",
                                               "images_per_second_per_gpu",
                                               "seconds_per_query",
                                               "gpu_energy_wh",
                                               "gpu_energy_j_per_output_token",
                                               "gpu_power_w",
                                               "time_to_first_token_s",
                                               "time_per_output_token_s",
                                               "static_batch_latency_s",
                                               "static_batch_time_to_first_token_s"};
    return m;
}

const std::vector<std::string>& fitted_parameters() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (const auto& p : kFitParams)
            v.push_back(p.path);
        return v;
    }();
    return names;
}

double fitted_parameter_value(const Assumptions& a, const std::string& path) {
    for (const auto& p : kFitParams)
        if (path == p.path) return a.*p.member;
    return std::numeric_limits<double>::quiet_NaN();
}

ValidationSet parse_validation_set(const std::string& json_text, const Catalog& catalog) {
    ValidationSet set;
    json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) {
        set.errors.push_back("the validation set is not a JSON object");
        return set;
    }
    if (detail::string_or(doc, "schema", "") != "costlab-validation/1")
        set.errors.push_back("schema must be \"costlab-validation/1\"");
    const json* rows = detail::find(doc, "rows");
    if (!rows || !rows->is_array()) {
        set.errors.push_back("\"rows\" must be an array");
        return set;
    }
    const auto& metrics = validation_metrics();
    for (size_t i = 0; i < rows->size(); ++i) {
        const json& r = (*rows)[i];
        std::string where = "rows[" + std::to_string(i) + "]";
        if (!r.is_object()) {
            set.errors.push_back(where + ": must be an object");
            continue;
        }
        ValidationRow row;
        row.id = string_field(r, "id");
        if (!row.id.empty()) where += " (" + row.id + ")";
        row.workload = string_field(r, "workload");
        row.metric = string_field(r, "metric");
        row.unit = string_field(r, "unit");
        row.boundary = string_field(r, "boundary");
        row.source = string_field(r, "source");
        row.source_group = string_field(r, "source_group");
        row.date = string_field(r, "date");
        row.note = string_field(r, "note");
        row.publisher = string_field(r, "publisher");
        row.engine = string_field(r, "engine");
        if (row.publisher.empty()) set.errors.push_back(where + ": missing \"publisher\"");
        const json* m = detail::find(r, "measured");
        if (row.id.empty()) set.errors.push_back(where + ": missing \"id\"");
        if (row.workload != "text" && row.workload != "image" && row.workload != "video")
            set.errors.push_back(where + ": \"workload\" must be \"text\", \"image\" or \"video\"");
        if (std::find(metrics.begin(), metrics.end(), row.metric) == metrics.end())
            set.errors.push_back(where + ": unknown metric \"" + row.metric + "\"");
        if (!m || !m->is_number() || !(m->get<double>() > 0) || !std::isfinite(m->get<double>()))
            set.errors.push_back(where + ": \"measured\" must be a positive number");
        else
            row.measured = m->get<double>();
        if (row.source.empty() || row.date.empty())
            set.errors.push_back(where + ": every row needs its \"source\" and \"date\"");
        const json* sc = detail::find(r, "scenario");
        if (!sc || !sc->is_object()) {
            set.errors.push_back(where + ": missing \"scenario\" object");
            continue;
        }
        ParseResult pr = parse_scenario_json(detail::dump(*sc, false));
        for (const auto& e : pr.errors)
            set.errors.push_back(where + ": scenario " + e.field + ": " + e.message);
        if (!pr.ok()) continue;
        for (const auto& e : validate(pr.scenario, catalog))
            set.errors.push_back(where + ": scenario " + e.field + ": " + e.message);
        row.scenario = pr.scenario;
        set.rows.push_back(std::move(row));
    }
    return set;
}

double predict(const ValidationRow& row, const Assumptions& a, const Catalog& catalog, bool* fits) {
    Scenario s = row.scenario;
    s.assumptions = a;
    WorkloadReport w = row.workload == "image"   ? evaluate_image(s, catalog)
                       : row.workload == "video" ? evaluate_video(s, catalog)
                                                 : evaluate_text(s, catalog);
    if (fits) *fits = w.fits;
    const double gpus = std::max(1, w.gpus);
    const std::string& m = row.metric;
    if (m == "output_tokens_per_second_per_gpu") return w.output_tokens_per_second / gpus;
    if (m == "images_per_second_per_gpu") return w.images_per_second / gpus;
    if (m == "seconds_per_query") return w.seconds_per_query;
    if (m == "gpu_energy_wh") return w.gpu_energy_wh;
    if (m == "gpu_power_w") return w.gpu_power_w;
    if (m == "time_to_first_token_s") return w.time_to_first_token_s;
    if (m == "time_per_output_token_s") return w.time_per_output_token_s;
    // A static batch (every sequence starts together: vLLM's benchmark_latency, TensorRT-LLM's
    // gptSessionBenchmark): the replica's time for the whole batch.
    if (m == "static_batch_latency_s") return w.gpu_seconds_per_query * w.batch / gpus;
    // Its first token: every prompt of the batch is prefilled before the first decode step
    // (LMDeploy's profile_generation starts all streams together), so the batch's prefill phase.
    if (m == "static_batch_time_to_first_token_s") {
        for (const PhaseReport& p : w.phases)
            if (p.name == "prefill") return s.assumptions.request_overhead_s + p.seconds;
        return 0;
    }
    if (m == "gpu_energy_j_per_output_token") {
        double tokens = double(s.text.output_tokens + s.text.reasoning_tokens);
        return tokens > 0 ? w.gpu_energy_wh * 3600 / tokens : 0;
    }
    return 0;
}

Assumptions fit(const std::vector<const ValidationRow*>& rows, const Assumptions& start,
                const Catalog& catalog) {
    Assumptions best = start;
    if (rows.empty()) return best;
    double u[kParamCount], step[kParamCount];
    for (size_t i = 0; i < kParamCount; ++i) {
        u[i] = to_unit(kFitParams[i], best.*kFitParams[i].member);
        best.*kFitParams[i].member = from_unit(kFitParams[i], u[i]);
        step[i] = 0.125;
    }
    double f_best = objective(rows, best, catalog);
    // Pattern search: try +-step on each coordinate, keep improvements, halve steps that
    // found none, stop when every step is below 1/1024 of the box. Then restart the steps from
    // the optimum found (a cheap guard against stalling in a narrow valley), until a restart
    // improves nothing.
    for (int restart = 0; restart < 4; ++restart) {
        const double f_start = f_best;
        for (size_t i = 0; i < kParamCount; ++i)
            step[i] = 0.125;
        for (int sweep = 0; sweep < 200; ++sweep) {
            bool any_step_left = false;
            for (size_t i = 0; i < kParamCount; ++i) {
                if (step[i] < 1.0 / 1024) continue;
                any_step_left = true;
                bool improved = false;
                for (double dir : {+1.0, -1.0}) {
                    double cand = std::clamp(u[i] + dir * step[i], 0.0, 1.0);
                    if (cand == u[i]) continue;
                    Assumptions trial = best;
                    trial.*kFitParams[i].member = from_unit(kFitParams[i], cand);
                    double f = objective(rows, trial, catalog);
                    if (f < f_best) {
                        f_best = f;
                        best = trial;
                        u[i] = cand;
                        improved = true;
                        break;
                    }
                }
                if (!improved) step[i] *= 0.5;
            }
            if (!any_step_left) break;
        }
        if (!(f_best < f_start * (1 - 1e-6))) break;
    }
    return best;
}

double error_factor(double predicted, double measured) {
    if (!(predicted > 0) || !std::isfinite(predicted) || !(measured > 0))
        return std::numeric_limits<double>::infinity();
    return std::max(predicted / measured, measured / predicted);
}

ValidationReport validate_model(const ValidationSet& set, const Catalog& catalog,
                                const Assumptions& assumptions, HoldOut hold_out) {
    ValidationReport rep;
    std::vector<const ValidationRow*> all;
    for (const auto& r : set.rows)
        all.push_back(&r);
    for (const ValidationRow* r : all) {
        ValidationResultRow out;
        out.row = r;
        out.predicted = predict(*r, assumptions, catalog, &out.fits);
        out.error = out.fits ? error_factor(out.predicted, r->measured)
                             : std::numeric_limits<double>::infinity();
        out.held_out_predicted = out.predicted;
        out.held_out_error = out.error;
        rep.rows.push_back(out);
    }
    // Every fit starts from the prior with the non-fitted inputs (host share, PUE...) of the
    // assumptions given.
    Assumptions start = assumptions;
    Assumptions prior = prior_assumptions();
    for (const auto& p : kFitParams)
        start.*p.member = prior.*p.member;
    rep.fitted = hold_out != HoldOut::none ? fit(all, start, catalog) : assumptions;
    // Held out: the rows of one group (a row, or a publisher's rows) predicted by parameters
    // fitted on every other group.
    auto hold = [&](const std::vector<size_t>& group) {
        std::vector<const ValidationRow*> rest;
        for (size_t j = 0; j < all.size(); ++j)
            if (std::find(group.begin(), group.end(), j) == group.end()) rest.push_back(all[j]);
        Assumptions a = fit(rest, start, catalog);
        for (size_t i : group) {
            bool fits = true;
            ValidationResultRow& out = rep.rows[i];
            out.held_out_predicted = predict(*all[i], a, catalog, &fits);
            out.held_out_error = fits ? error_factor(out.held_out_predicted, all[i]->measured)
                                      : std::numeric_limits<double>::infinity();
        }
    };
    if (hold_out == HoldOut::row)
        for (size_t i = 0; i < all.size(); ++i)
            hold({i});
    if (hold_out == HoldOut::publisher) {
        std::vector<std::string> names;
        for (const ValidationRow* r : all)
            if (std::find(names.begin(), names.end(), r->publisher) == names.end())
                names.push_back(r->publisher);
        std::sort(names.begin(), names.end());
        for (const std::string& name : names) {
            std::vector<size_t> group;
            for (size_t j = 0; j < all.size(); ++j)
                if (all[j]->publisher == name) group.push_back(j);
            hold(group);
            std::vector<ValidationResultRow> mine;
            for (size_t j : group)
                mine.push_back(rep.rows[j]);
            rep.publishers.push_back({name, summarize(mine, true)});
        }
    }
    rep.in_sample = summarize(rep.rows, false);
    rep.held_out = summarize(rep.rows, true);
    return rep;
}

} // namespace costlab
