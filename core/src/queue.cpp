// The queueing model (see costlab/queue.h for the formulas and their sources). Everything here
// is a pure function of numbers; results never hold inf or NaN (an unstable queue says so with
// Wait::stable = false).
#include "costlab/queue.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace costlab::queue {

namespace {

constexpr double kPi = 3.14159265358979323846;
// Erlang B by its exact recursion up to this many servers (at most 50 steps); the asymptotic
// expansion above, where its error (about 1e-3 / s^2.5 on Q) is below 1e-7 relative.
constexpr double kExactUpToServers = 50;

bool positive_finite(double v) {
    return v > 0 && std::isfinite(v);
}

// t - ln(1 + t), without the cancellation of the two for small t.
double t_minus_log1p(double t) {
    if (std::fabs(t) < 1e-3) return t * t * (0.5 - t * (1.0 / 3 - t * (0.25 - t * (0.2 - t / 6))));
    return t - std::log1p(t);
}

// ln Gamma(s) - ((s - 1/2) ln s - s + ln(2 pi) / 2): Stirling's series, for s > 50 far
// more accurate than double (next term 1/(1188 s^9)).
double stirling_correction(double s) {
    const double r = 1 / s, r2 = r * r;
    return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 / 1680)));
}

// Polynomial in eta by Horner's rule.
template <size_t N> double poly(const double (&c)[N], double eta) {
    double v = 0;
    for (size_t i = N; i-- > 0;)
        v = v * eta + c[i];
    return v;
}

// Temme's coefficient functions c0(eta), c1(eta) with lambda = x / s (DiDonato & Morris 1986,
// the D0 and D1 series). Near eta = 0 the closed forms cancel, so the Taylor series is used
// there (it converges for |eta| < 2 sqrt(pi); at |eta| < 0.1 ten terms leave < 1e-16).
double temme_c0(double eta, double lambda) {
    static constexpr double d0[] = {
        -1.0 / 3,        1.0 / 12,    -2.0 / 135,         1.0 / 864,          1.0 / 2835,
        -139.0 / 777600, 1.0 / 25515, -571.0 / 261273600, -281.0 / 151559100, 8.29671134095309e-7};
    if (std::fabs(eta) < 0.1) return poly(d0, eta);
    return 1 / (lambda - 1) - 1 / eta;
}
double temme_c1(double eta, double lambda) {
    static constexpr double d1[] = {-1.0 / 540,           -1.0 / 288,          1.0 / 378,
                                    -9.90226337448560e-4, 2.05761316872428e-4, -4.01877572016461e-7,
                                    -1.80985503344900e-5, 7.64916091608111e-6, -1.61209008945634e-6,
                                    4.64712780280743e-9};
    if (std::fabs(eta) < 0.1) return poly(d1, eta);
    const double u = 1 / (lambda - 1);
    return 1 / (eta * eta * eta) - u * u * u - u * u - u / 12;
}

// e^{z^2} erfc(z) for z >= 0: directly while erfc does not underflow, then its asymptotic
// series (relative error below 105 / (16 z^8) < 2e-11 from z = 25).
double erfcx(double z) {
    if (z < 25) return std::exp(z * z) * std::erfc(z);
    const double r = 1 / (2 * z * z);
    return (1 - r * (1 - 3 * r * (1 - 5 * r))) / (z * std::sqrt(kPi));
}

// Erlang B above kExactUpToServers: B(c, a) = P(X = c) / P(X <= c), X ~ Poisson(a), and
// P(X <= c) = Q(s, a) with s = c + 1. Temme: Q(s, x) = erfc(z) / 2 + e^{-z^2} / sqrt(2 pi s)
// (c0 + c1 / s + ...), lambda = x / s, eta = sign(lambda - 1) sqrt(2 (lambda - 1 - ln lambda)),
// z = eta sqrt(s / 2). Stirling's formula for Gamma(s) gives
// P(X = c) = a^c e^{-a} / Gamma(s) = sqrt(s / (2 pi)) / a e^{-z^2 - stirling_correction(s)}.
// Both carry e^{-z^2}: on the overloaded side (z > 0) it is divided out, so a deep overload
// (B near 1 - c / a) neither underflows nor divides 0 by 0.
double erlang_b_asymptotic(double c, double a) {
    const double s = c + 1, lambda = a / s, t = (a - s) / s, root_s = std::sqrt(s);
    const double eta = std::copysign(std::sqrt(2 * t_minus_log1p(t)), t);
    const double z = eta * root_s * std::sqrt(0.5);
    // Far below the load (e^{-z^2} < 1e-316): B is zero to every digit, and skipping the rest
    // also avoids 0 x inf when the load is tiny.
    if (z < -27) return 0;
    const double inv_root_2pi = 1 / std::sqrt(2 * kPi);
    const double tail = (temme_c0(eta, lambda) + temme_c1(eta, lambda) / s) * inv_root_2pi / root_s;
    // e^{-g} for the small g = stirling_correction(s) < 1 / 600: three terms leave g^4 / 24.
    const double g = stirling_correction(s);
    const double pmf_over_ez2 = root_s * inv_root_2pi / a * (1 - g * (1 - g * (0.5 - g / 6)));
    if (z <= 0) { // c >= a - 1: Q is between about 1/2 and 1
        const double ez2 = std::exp(-z * z);
        const double half_erfc = z < -6 ? 1 : 0.5 * std::erfc(z); // erfc(-6) = 2 - 2e-17
        return std::clamp(pmf_over_ez2 * ez2 / (half_erfc + ez2 * tail), 0.0, 1.0);
    }
    return std::clamp(pmf_over_ez2 / (0.5 * erfcx(z) + tail), 0.0, 1.0);
}

} // namespace

double erlang_b(double servers, double a) {
    if (!(servers >= 1)) return 1;
    if (!(a > 0)) return 0;
    if (!std::isfinite(a) || !std::isfinite(servers)) return std::isfinite(a) ? 0 : 1;
    if (servers > kExactUpToServers) return erlang_b_asymptotic(servers, a);
    // B(k) = a B(k-1) / (k + a B(k-1)), B(0) = 1: stays in [0, 1], no factorials.
    const int n = int(servers);
    double b = 1;
    for (int k = 1; k <= n; ++k)
        b = a * b / (double(k) + a * b);
    return b;
}

double erlang_c(double servers, double a) {
    if (!(servers >= 1)) return 1;
    if (!(a > 0)) return 0;
    const double c = servers > kExactUpToServers ? servers : std::floor(servers);
    const double rho = a / c;
    if (rho >= 1) return 1;
    const double b = erlang_b(c, a);
    return std::clamp(b / (1 - rho * (1 - b)), 0.0, 1.0);
}

double allen_cunneen_factor(double service_cv2) {
    return (1 + std::max(0.0, service_cv2)) / 2;
}

double cosmetatos_md_factor(double servers, double utilization) {
    if (servers <= 1 || !(utilization > 0) || utilization >= 1) return 1;
    const double c = double(servers), rho = utilization;
    return 1 + (1 - rho) * (c - 1) * (std::sqrt(4 + 5 * c) - 2) / (16 * rho * c);
}

double mgc_wait_factor(double servers, double utilization, double service_cv2) {
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

// mgc_wait without its quantiles: stable, utilization, p_wait and decay_per_s only (what the
// searches below need; they take one logarithm of their own).
Wait mgc_tail(double servers, double arrival_per_s, double service_s, double service_cv2) {
    if (!(servers >= 1) || !(servers <= kMaxServers) || !positive_finite(service_s) ||
        !(arrival_per_s >= 0) || !std::isfinite(arrival_per_s))
        return unstable(0);
    Wait w;
    const double c = servers > kExactUpToServers ? servers : std::floor(servers);
    const double a = arrival_per_s * service_s;
    w.utilization = a / c;
    if (arrival_per_s == 0) return w;
    if (w.utilization >= 1) return unstable(w.utilization);
    // M/M/c: P(W > t) = C exp(-(c mu - lambda) t). For general service the time axis is
    // stretched by mgc_wait_factor (Allen-Cunneen with Kimura's correction), which scales the
    // mean wait by that factor and keeps P(wait > 0) = C.
    w.decay_per_s =
        (c / service_s - arrival_per_s) / mgc_wait_factor(c, w.utilization, service_cv2);
    w.p_wait = erlang_c(c, a);
    return w;
}

} // namespace

Wait mgc_wait(double servers, double arrival_per_s, double service_s, double service_cv2) {
    const Wait w = mgc_tail(servers, arrival_per_s, service_s, service_cv2);
    return w.stable && arrival_per_s > 0 ? finish(w, w.p_wait, w.decay_per_s) : w;
}

namespace {

// One probe of a search: whether the P99 wait is within the target, and a signed measure of
// how far it is, h = ln(P(wait) / 0.01) - target x decay, which is <= 0 exactly when
// P99 = ln(P(wait) / 0.01) / decay <= target, and nearly linear in the servers and the load
// (the log of Erlang C is close to linear there, the decay exactly so). The P99 is computed
// as wait_quantile_s computes it, so a probe agrees with mgc_wait to the last bit.
struct Probe {
    bool ok = false;
    double h = 0;
};
Probe probe(const Wait& w, double p99_wait_s) {
    Probe p;
    if (!w.stable) {
        p.h = std::numeric_limits<double>::infinity();
        return p;
    }
    const double tail = 1 - 0.99;
    const double log_ratio = std::log(std::max(w.p_wait, 1e-300) / tail);
    const double p99_s = w.p_wait <= tail || !(w.decay_per_s > 0) ? 0 : log_ratio / w.decay_per_s;
    p.ok = p99_s <= p99_wait_s;
    p.h = log_ratio - p99_wait_s * w.decay_per_s;
    return p;
}

// Illinois regula falsi between `lo` (fails) and `hi` (meets; on either side of lo), with
// h(lo) > 0 >= h(hi) (h(lo) may be +inf: then it bisects). `next` rounds a trial point into the
// open bracket (whole units) or nudges it off an end; the search stops when `done(lo, hi)`.
// Halving the kept end's value whenever the same end moves twice keeps the convergence
// superlinear (M. Dowell & P. Jarratt, BIT 11, 1971), and the bracket always holds the answer.
template <class Eval, class Next, class Done>
void illinois(double& lo, double h_lo, double& hi, double h_hi, Eval eval, Next next, Done done) {
    int side = 0;
    for (int i = 0; i < 200 && !done(lo, hi); ++i) {
        const bool bisect = !std::isfinite(h_lo);
        double x = bisect ? 0.5 * (lo + hi) : hi - h_hi * (hi - lo) / (h_hi - h_lo);
        x = next(x, lo, hi);
        const Probe p = eval(x);
        if (p.ok) {
            hi = x;
            h_hi = p.h;
            if (side == 1) h_lo *= 0.5; // Illinois: the kept end's value is halved
            side = 1;
        } else {
            lo = x;
            h_lo = p.h;
            if (side == -1) h_hi *= 0.5;
            side = -1;
        }
    }
}

} // namespace

double units_for_p99(double arrival_per_s, double service_s, double service_cv2,
                     double servers_per_unit, double p99_wait_s) {
    if (!(p99_wait_s >= 0) || !positive_finite(service_s) || !positive_finite(servers_per_unit) ||
        !(arrival_per_s >= 0) || !std::isfinite(arrival_per_s))
        return -1;
    if (arrival_per_s == 0) return 0;
    const double unit = servers_per_unit, a = arrival_per_s * service_s;
    const double max_units = std::floor(kMaxServers / unit);
    auto eval = [&](double units) {
        return probe(mgc_tail(units * unit, arrival_per_s, service_s, service_cv2), p99_wait_s);
    };
    // Every fleet of `bad` units or fewer cannot keep up (utilization >= 1).
    double bad = std::floor(a / unit);
    if (bad * unit > a) bad -= 1;
    if (!(bad + 1 <= max_units)) return -1;
    Probe at = eval(bad + 1); // the throughput minimum: a generous target is met there
    if (at.ok) return bad + 1;
    double h_bad = at.h;
    bad += 1;
    // An upper end: square-root staffing, c = a + 3 sqrt(a), keeps P(wait) near 0.001 for large
    // fleets (Halfin-Whitt), so its P99 wait is 0, within any target; doubled until it is.
    double step = std::max(1.0, std::ceil((3 * std::sqrt(a) + 2) / unit));
    double good = std::min(bad + step, max_units);
    for (at = eval(good); !at.ok; at = eval(good)) {
        if (good >= max_units) return -1;
        bad = good;
        h_bad = at.h;
        step *= 2;
        good = std::min(bad + step, max_units);
    }
    illinois(
        bad, h_bad, good, at.h, eval,
        [](double x, double lo, double hi) { return std::clamp(std::ceil(x), lo + 1, hi - 1); },
        [](double lo, double hi) { return hi - lo <= 1; });
    return good;
}

double max_arrival_for_p99(double servers, double service_s, double service_cv2,
                           double p99_wait_s) {
    if (!(p99_wait_s >= 0) || !(servers >= 1) || !(servers <= kMaxServers) ||
        !positive_finite(service_s))
        return 0;
    const double capacity = servers / service_s; // arrivals per second at utilization 1
    auto eval = [&](double rho) {
        return probe(mgc_tail(servers, rho * capacity, service_s, service_cv2), p99_wait_s);
    };
    // Search the utilization. Near full load the wait grows without bound, so 1 - 1e-7 fails
    // unless the target is enormous next to the service time (then: that, capacity to 1e-7).
    double hi = 1 - 1e-7;
    Probe at_hi = eval(hi);
    if (at_hi.ok) return hi * capacity;
    // A lower end: P(wait) is about 0.01 at 1 - 2.6 / sqrt(c) for large c (Halfin-Whitt); the
    // target only moves the answer up from there. Halved until it meets the target.
    double lo = std::clamp(1 - 2.6 / std::sqrt(servers), 0.5, hi);
    Probe at_lo = eval(lo);
    for (int i = 0; i < 1100 && !at_lo.ok; ++i) {
        hi = lo;
        at_hi = at_lo;
        lo *= 0.5;
        at_lo = eval(lo);
    }
    if (!at_lo.ok) return 0;
    illinois(
        hi, at_hi.h, lo, at_lo.h, eval,
        [](double x, double fails, double meets) {
            // A trial point within the tolerance of an end moves the tolerance away from it:
            // once one end sits at the answer, the next probe lands just across it.
            const double tol = 4e-8 * std::max(fails, meets), dir = meets > fails ? 1 : -1;
            if (std::fabs(x - fails) < tol) x = fails + dir * tol;
            if (std::fabs(x - meets) < tol) x = meets - dir * tol;
            return x;
        },
        [](double a, double b) { return std::fabs(a - b) <= 1e-7 * std::max(a, b); });
    return lo * capacity;
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
    // A term under e^-38 (< 2^-54) added to a total >= 1 is below half the total's last place,
    // so the sum is the same to the last bit without it: its exp is skipped (the curves call
    // this for every point, and most of a large batch's states are that unlikely).
    double total = std::exp(log_tail - top);
    for (int n = 0; n < batch; ++n) {
        const double x = log_pi[size_t(n)] - top;
        if (x < -38 && total >= 1) continue;
        total += std::exp(x);
    }
    const double p_full = std::exp(log_tail - top) / total; // P(N >= B): an arrival waits
    const double decay =
        (mu_full - arrival_per_s) / mgc_wait_factor(double(batch), w.utilization, service_cv2);
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
