// The timing protocol as a state machine (see kernels.h): it decides what to run, the caller
// runs it and reports wall time. No clock in here, so the tests drive it with a fake one and
// web/hw/ drives it from the page while the work runs in Web Workers.
#include "costlab/kernels.h"

#include <algorithm>
#include <cmath>

namespace costlab::kernels {

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t h = v.size() / 2;
    return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

double sgemm_flops(int64_t n) { return 2.0 * double(n) * double(n) * double(n); }

namespace {
constexpr double kMaxCalls = 1e6;

// More calls for a batch that took `seconds` (maybe 0 on a coarse clock) to reach `target`.
int grow_calls(int calls, double target, double seconds) {
    const double grow = std::clamp(target / std::max(seconds, 1e-12), 2.0, 64.0);
    return int(std::min(kMaxCalls, std::ceil(calls * grow)));
}
} // namespace

RateProtocol::RateProtocol(ProtocolOptions options, WorkFn work_per_call)
    : opt_(std::move(options)), work_(std::move(work_per_call)) {
    if (opt_.reps < 1) opt_.reps = 1;
    if (opt_.parallel < 1) opt_.parallel = 1;
    if (opt_.warmup_window < 1) opt_.warmup_window = 1;
    if (opt_.warmup_min_calls < opt_.warmup_window) opt_.warmup_min_calls = opt_.warmup_window;
    opt_.ladder.erase(std::remove_if(opt_.ladder.begin(), opt_.ladder.end(),
                                     [](int64_t s) { return s < 1; }),
                      opt_.ladder.end());
    if (opt_.ladder.empty()) phase_ = Phase::finished;
    else if (opt_.warmup_size < 1 || opt_.warmup_max_s <= 0) phase_ = Phase::probe;
    if (phase_ == Phase::finished) result_.complete = true;
}

Action RateProtocol::next() const {
    Action a;
    switch (phase_) {
    case Phase::warmup:
        a.kind = Action::warmup;
        a.size = opt_.warmup_size;
        a.calls = calls_;
        break;
    case Phase::probe:
        a.kind = Action::probe;
        a.size = opt_.ladder[ladder_index_];
        a.calls = probe_calls_;
        break;
    case Phase::measure:
        a.kind = Action::measure;
        a.size = opt_.ladder[ladder_index_];
        a.calls = current_.calls_per_batch;
        break;
    case Phase::finished:
        a.kind = Action::done;
        break;
    }
    return a;
}

bool RateProtocol::done() const { return phase_ == Phase::finished; }

double RateProtocol::progress() const {
    if (done()) return 1.0;
    if (opt_.budget_s <= 0) return 0.0;
    return std::min(0.99, result_.elapsed_s / opt_.budget_s);
}

void RateProtocol::cancel() {
    if (phase_ == Phase::finished) return;
    phase_ = Phase::finished;
    result_.cancelled = true;
}

bool RateProtocol::fits_budget(int64_t size, double seconds_per_call_at_prev,
                               int64_t prev_size) const {
    if (result_.sizes.empty()) return true; // always measure one size
    const double scale = work_(size) / std::max(1e-300, work_(prev_size));
    const double per_call = seconds_per_call_at_prev * scale;
    const double batch = std::max(opt_.min_batch_s, per_call);
    const double predicted = per_call + opt_.reps * batch;
    return result_.elapsed_s + predicted <= opt_.budget_s;
}

void RateProtocol::record(double seconds) {
    if (phase_ == Phase::finished) return;
    seconds = std::max(seconds, 1e-9);
    result_.elapsed_s += seconds;
    const Action a = next();
    const double rate = work_(a.size) * opt_.parallel * a.calls / seconds;

    switch (phase_) {
    case Phase::warmup: {
        result_.warmup_calls += a.calls;
        if (result_.warmup_first_rate == 0) result_.warmup_first_rate = rate;
        // Batches too short for the clock (browsers round to 0.1 ms or coarser) say nothing:
        // grow them toward min_batch / 4 and judge only batches of at least half that.
        const double target = opt_.min_batch_s / 4;
        if (seconds < target) calls_ = grow_calls(calls_, target, seconds);
        if (seconds >= target / 2 || a.calls >= kMaxCalls) {
            warmup_rates_.push_back(rate);
            result_.warmup_last_rate = rate;
        }
        bool stable = false;
        const int w = opt_.warmup_window;
        if (int(warmup_rates_.size()) >= std::max(opt_.warmup_min_calls, w)) {
            const double best = *std::max_element(warmup_rates_.begin(), warmup_rates_.end());
            stable = true;
            for (size_t i = warmup_rates_.size() - w; i < warmup_rates_.size(); ++i)
                if (warmup_rates_[i] < (1.0 - opt_.warmup_tolerance) * best) stable = false;
        }
        if (stable || result_.elapsed_s >= std::min(opt_.warmup_max_s, opt_.budget_s)) {
            phase_ = Phase::probe; // the first size is always measured
            probe_calls_ = 1;
        }
        break;
    }
    case Phase::probe: {
        // The probe sizes the batches: it must itself be long enough for the clock.
        const double target = opt_.min_batch_s / 4;
        if (seconds < target && result_.elapsed_s < opt_.budget_s && probe_calls_ < kMaxCalls) {
            probe_calls_ = grow_calls(probe_calls_, target, seconds);
            break;
        }
        last_seconds_per_call_ = seconds / a.calls;
        last_size_ = a.size;
        current_ = SizeResult{};
        current_.size = a.size;
        current_.calls_per_batch =
            int(std::clamp(std::ceil(opt_.min_batch_s / last_seconds_per_call_), 1.0, kMaxCalls));
        phase_ = Phase::measure;
        break;
    }
    case Phase::measure: {
        current_.rates.push_back(rate);
        last_seconds_per_call_ = seconds / a.calls;
        // Past the budget (a first size slower than predicted): keep what was measured.
        const bool over_budget = result_.elapsed_s > opt_.budget_s;
        if (int(current_.rates.size()) >= opt_.reps || over_budget)
            finish_size();
        break;
    }
    case Phase::finished: break;
    }
}

void RateProtocol::finish_size() {
    SizeResult& s = current_;
    s.median = median(s.rates);
    s.min = *std::min_element(s.rates.begin(), s.rates.end());
    s.max = *std::max_element(s.rates.begin(), s.rates.end());
    s.spread = s.median > 0 ? (s.max - s.min) / s.median : 0;
    result_.sizes.push_back(s);
    if (s.median > result_.best_rate) {
        result_.best_rate = s.median;
        result_.best_size = s.size;
    }
    advance_to_next_size();
}

void RateProtocol::advance_to_next_size() {
    ++ladder_index_;
    if (ladder_index_ >= opt_.ladder.size() || result_.elapsed_s >= opt_.budget_s ||
        !fits_budget(opt_.ladder[ladder_index_], last_seconds_per_call_, last_size_)) {
        phase_ = Phase::finished;
        result_.complete = true;
        return;
    }
    // Start the next probe near min_batch / 4, predicted from this size's time per call.
    const double scale = work_(opt_.ladder[ladder_index_]) / std::max(1e-300, work_(last_size_));
    const double predicted = last_seconds_per_call_ * scale;
    probe_calls_ = int(std::clamp(std::floor(opt_.min_batch_s / 4 / std::max(predicted, 1e-12)),
                                  1.0, kMaxCalls));
    phase_ = Phase::probe;
}

RateResult run_protocol(RateProtocol& protocol, const std::function<double()>& now_s,
                        const std::function<bool(int64_t size, int calls)>& run,
                        const std::function<bool(double progress)>& on_progress) {
    while (!protocol.done()) {
        const Action a = protocol.next();
        const double t0 = now_s();
        const bool ok = run(a.size, a.calls);
        const double t1 = now_s();
        if (!ok) {
            protocol.cancel();
            break;
        }
        protocol.record(t1 - t0);
        if (on_progress && !on_progress(protocol.progress())) protocol.cancel();
    }
    if (on_progress && !protocol.result().cancelled) on_progress(1.0);
    return protocol.result();
}

} // namespace costlab::kernels
