// The queueing model (see costlab/queue.h for the formulas and their sources). Everything here
// is a pure function of numbers; results never hold inf or NaN (an unstable queue says so with
// Wait::stable = false).
#include "costlab/queue.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace costlab::queue {

namespace {

// Above this offered load the Erlang B recursion would take more than ~150,000 steps; the
// Halfin-Whitt / Jagerman limit is within about 1e-3 relative there (its error falls like
// 1/sqrt(a)), so it takes over.
constexpr double kAsymptoticFromErlangs = 1e7;
constexpr double kPi = 3.14159265358979323846;

// phi(beta) / Phi(beta) for the standard normal, stable for any beta: for very negative beta
// both underflow, and the ratio tends to -beta (Mills' ratio).
double normal_pdf_over_cdf(double beta) {
    if (beta < -30) return -beta - 1 / beta;
    const double pdf = std::exp(-0.5 * beta * beta) / std::sqrt(2 * kPi);
    const double cdf = 0.5 * std::erfc(-beta / std::sqrt(2.0));
    return cdf > 0 ? pdf / cdf : 0;
}

bool positive_finite(double v) {
    return v > 0 && std::isfinite(v);
}

} // namespace

double erlang_b(int64_t servers, double a) {
    if (servers <= 0) return 1;
    if (!(a > 0)) return 0;
    if (!std::isfinite(a)) return 1;
    const double c = double(servers);
    if (a > kAsymptoticFromErlangs) {
        // Jagerman (1974) / Halfin-Whitt (1981): B ~ phi(beta) / (sqrt(a) Phi(beta)),
        // beta = (c - a) / sqrt(a). Consistent with C ~ 1 / (1 + beta Phi / phi).
        const double beta = (c - a) / std::sqrt(a);
        return std::clamp(normal_pdf_over_cdf(beta) / std::sqrt(a), 0.0, 1.0);
    }
    // B(k) = a B(k-1) / (k + a B(k-1)), B(0) = 1. The map contracts by about k / a per step
    // below the load and a / k above it, so a start 12 sqrt(a) + 30 steps below min(c, a) with
    // the overload value 1 - k0 / a is forgotten to better than e^-70 by the time it matters.
    // Above the load B falls like exp(-(k - a)^2 / 2a): once it is below 1e-250 the delay
    // probability is zero to every digit shown, and the loop stops.
    const double start = std::min(c, a) - 12 * std::sqrt(a) - 30;
    int64_t k = start > 0 ? int64_t(start) : 0;
    double b = k == 0 ? 1.0 : std::max(1e-300, 1.0 - double(k) / a);
    for (++k; k <= servers; ++k) {
        b = a * b / (double(k) + a * b);
        if (b < 1e-250 && double(k) > a) return 0;
    }
    return b;
}

double erlang_c(int64_t servers, double a) {
    if (servers <= 0) return 1;
    if (!(a > 0)) return 0;
    const double rho = a / double(servers);
    if (rho >= 1) return 1;
    const double b = erlang_b(servers, a);
    return std::clamp(b / (1 - rho * (1 - b)), 0.0, 1.0);
}

double allen_cunneen_factor(double service_cv2) {
    return (1 + std::max(0.0, service_cv2)) / 2;
}

double cosmetatos_md_factor(int64_t servers, double utilization) {
    if (servers <= 1 || !(utilization > 0) || utilization >= 1) return 1;
    const double c = double(servers), rho = utilization;
    return 1 + (1 - rho) * (c - 1) * (std::sqrt(4 + 5 * c) - 2) / (16 * rho * c);
}

double mgc_wait_factor(int64_t servers, double utilization, double service_cv2) {
    const double cv2 = std::max(0.0, service_cv2);
    // Kimura's interpolation between M/M/c (factor 1) and M/D/c (factor md = Cosmetatos' M/D/c
    // wait over the M/M/c wait): W_G = (1 + cs^2) / (2 cs^2 / W_M + (1 - cs^2) / W_D). With
    // md = 1/2 (one server: Pollaczek-Khinchine) this is exactly Allen-Cunneen's (1 + cs^2)/2.
    // The denominator stays positive for any cs^2 since md >= 1/2.
    const double md = 0.5 * cosmetatos_md_factor(servers, utilization);
    return (1 + cv2) / (2 * cv2 + (1 - cv2) / md);
}

double wait_quantile_s(const Wait& w, double q) {
    if (!w.stable) return 0; // callers check `stable` first; never an inf
    const double tail = 1 - q;
    if (w.p_wait <= tail || !(w.decay_per_s > 0)) return 0;
    return std::log(w.p_wait / tail) / w.decay_per_s;
}

namespace {
Wait finish(Wait w, double p_wait, double decay_per_s) {
    w.p_wait = p_wait;
    w.decay_per_s = decay_per_s;
    w.mean_s = decay_per_s > 0 ? p_wait / decay_per_s : 0;
    w.p50_s = wait_quantile_s(w, 0.5);
    w.p99_s = wait_quantile_s(w, 0.99);
    return w;
}
Wait unstable(double utilization) {
    Wait w;
    w.stable = false;
    w.utilization = std::isfinite(utilization) ? utilization : 0;
    w.p_wait = 1;
    return w;
}
} // namespace

Wait mgc_wait(int64_t servers, double arrival_per_s, double service_s, double service_cv2) {
    if (servers <= 0 || !positive_finite(service_s) || !(arrival_per_s >= 0) ||
        !std::isfinite(arrival_per_s))
        return unstable(0);
    Wait w;
    const double c = double(servers);
    const double a = arrival_per_s * service_s;
    w.utilization = a / c;
    if (arrival_per_s == 0) return w;
    if (w.utilization >= 1) return unstable(w.utilization);
    // M/M/c: P(W > t) = C exp(-(c mu - lambda) t). For general service the time axis is
    // stretched by mgc_wait_factor (Allen-Cunneen with Kimura's correction), which scales the
    // mean wait by that factor and keeps P(wait > 0) = C.
    const double decay =
        (c / service_s - arrival_per_s) / mgc_wait_factor(servers, w.utilization, service_cv2);
    return finish(w, erlang_c(servers, a), decay);
}

int64_t units_for_p99(double arrival_per_s, double service_s, double service_cv2,
                      int64_t servers_per_unit, double p99_wait_s) {
    if (!(p99_wait_s >= 0) || !positive_finite(service_s) || servers_per_unit <= 0 ||
        !(arrival_per_s >= 0) || !std::isfinite(arrival_per_s))
        return -1;
    if (arrival_per_s == 0) return 0;
    const double unit = double(servers_per_unit);
    auto ok = [&](int64_t units) {
        const Wait w = mgc_wait(units * servers_per_unit, arrival_per_s, service_s, service_cv2);
        return w.stable && w.p99_s <= p99_wait_s;
    };
    const double min_units = std::ceil(arrival_per_s * service_s / unit);
    if (!(min_units < 9e15 / unit)) return -1;                  // beyond int64 server counts
    int64_t bad = std::max<int64_t>(0, int64_t(min_units) - 1); // cannot keep up
    int64_t step = 1;
    int64_t good = bad + step;
    while (!ok(good)) { // doubling search for a fleet that meets the target
        bad = good;
        step *= 2;
        good = bad + step;
        if (good > int64_t(9e15 / unit)) return -1;
    }
    while (good - bad > 1) { // the wait falls with every unit added: bisect
        const int64_t mid = bad + (good - bad) / 2;
        (ok(mid) ? good : bad) = mid;
    }
    return good;
}

double max_arrival_for_p99(int64_t servers, double service_s, double service_cv2,
                           double p99_wait_s) {
    if (!(p99_wait_s >= 0) || servers <= 0 || !positive_finite(service_s)) return 0;
    double lo = 0, hi = double(servers) / service_s; // hi: utilization 1, never feasible
    for (int i = 0; i < 100 && hi - lo > 1e-12 * hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        const Wait w = mgc_wait(servers, mid, service_s, service_cv2);
        (w.stable && w.p99_s <= p99_wait_s ? lo : hi) = mid;
    }
    return lo;
}

Wait batching_replica_wait(double arrival_per_s, const std::vector<double>& service_s_at_batch,
                           double service_cv2) {
    const int batch = int(service_s_at_batch.size());
    if (batch == 0 || !(arrival_per_s >= 0) || !std::isfinite(arrival_per_s)) return unstable(0);
    for (double s : service_s_at_batch)
        if (!positive_finite(s)) return unstable(0);
    const double mu_full = batch / service_s_at_batch.back();
    Wait w;
    w.utilization = arrival_per_s / mu_full;
    if (arrival_per_s == 0) return w;
    if (w.utilization >= 1) return unstable(w.utilization);
    // Stationary distribution of the chain: pi(n) ~ prod_{k<=n} lambda / mu(k), in logs (B can
    // be tens of thousands), then a geometric tail of ratio r = lambda / mu(B) above B.
    std::vector<double> log_pi(size_t(batch) + 1, 0.0);
    for (int n = 1; n <= batch; ++n) {
        const double mu_n = n / service_s_at_batch[size_t(n - 1)];
        log_pi[size_t(n)] = log_pi[size_t(n - 1)] + std::log(arrival_per_s / mu_n);
    }
    const double r = w.utilization;
    const double log_tail = log_pi[size_t(batch)] - std::log1p(-r); // sum over n >= B
    double top = log_tail;
    for (int n = 0; n < batch; ++n)
        top = std::max(top, log_pi[size_t(n)]);
    double total = std::exp(log_tail - top);
    for (int n = 0; n < batch; ++n)
        total += std::exp(log_pi[size_t(n)] - top);
    const double p_full = std::exp(log_tail - top) / total; // P(N >= B): an arrival waits
    const double decay =
        (mu_full - arrival_per_s) / mgc_wait_factor(batch, w.utilization, service_cv2);
    return finish(w, std::clamp(p_full, 0.0, 1.0), decay);
}

std::vector<double> linear_batch_latency(double s1, double s_batch, int batch) {
    std::vector<double> s;
    if (batch <= 0) return s;
    s.reserve(size_t(batch));
    for (int n = 1; n <= batch; ++n)
        s.push_back(batch == 1 ? s_batch : s1 + (s_batch - s1) * (n - 1) / double(batch - 1));
    return s;
}

} // namespace costlab::queue
