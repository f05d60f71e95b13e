// costlab queueing model: how long a request waits before service on a fleet of servers, as
// pure functions of (servers, arrival rate, mean service time, service-time variability).
// Start at mgc_wait(); the fleet figures that use it are in src/model.cpp (fleet_for).
//
// Basis (README "Waiting under load", methodology page):
// - M/M/c, exact: Erlang's delay formula C(c, a) = P(wait > 0) with offered load a = lambda S,
//   and the FCFS wait tail P(W > t) = C e^{-(c mu - lambda) t} (Kleinrock, Queueing Systems
//   vol. 1, 1975, section 3.5; Gross & Harris, Fundamentals of Queueing Theory, section 2.3).
//   C comes from Erlang B. Up to 50 servers by its recursion B(k) = a B(k-1) / (k + a B(k-1)),
//   exact and at most 50 steps. Above, in O(1) for any load, from B = P(X = c) / P(X <= c)
//   for X ~ Poisson(a), with P(X <= c) = Q(c + 1, a) (the regularized upper incomplete gamma
//   function) by Temme's uniform asymptotic expansion, whose leading term is the normal
//   (Halfin-Whitt) limit and whose next two terms make it accurate to about 1e-9 here
//   (N. M. Temme, 'The asymptotic expansion of the incomplete gamma functions', SIAM J. Math.
//   Anal. 10(4), 1979; its coefficients as in A. R. DiDonato & A. H. Morris, ACM TOMS 12(4),
//   1986; S. Halfin & W. Whitt, Operations Research 29(3), 1981). tests/test_queue.cpp checks it
//   against the recursion. It also extends Erlang B and C to fractional server counts.
// - M/G/c, approximate: the M/M/c wait scaled by a two-moment factor in c_s^2, the squared
//   coefficient of variation of the service time. Allen-Cunneen's (c_a^2 + c_s^2) / 2 with
//   Poisson arrivals (c_a^2 = 1) (A. O. Allen, Probability, Statistics and Queueing Theory,
//   2nd ed., 1990), refined for many servers by Kimura's interpolation between M/M/c and M/D/c
//   (T. Kimura, 'Approximations for multi-server queues: system interpolations', Queueing
//   Systems 17, 1994) with Cosmetatos' M/D/c wait (G. P. Cosmetatos, Operational Research
//   Quarterly 27(3), 1976). P(wait > 0) stays C and the conditional wait stays exponential
//   (W. Whitt, 'Approximations for the GI/G/m queue', Production and Operations Management
//   2(2), 1993). Exact for the M/G/1 mean (Pollaczek-Khinchine). Less reliable for few servers
//   with heavy-tailed service (c_s^2 well above 1), and for the far tail when c_s^2 is near 0.
// - One batching replica: a birth-death chain whose service rate depends on how many requests
//   are in service, mu(n) = n / S(n) for n <= B (S(n) the batch latency at batch n), mu(B)
//   beyond (as in llm-inferno's queue-analysis and the M/M/1/K batching models it cites).
//   With S(n) = S for every n it is M/M/B exactly.
// A utilization at or above 1 has no steady state: every figure is then "unbounded" (stable =
// false), never inf or NaN.
#pragma once

#include <vector>

namespace costlab::queue {

// Waiting time before service starts (not counting the service itself), in seconds.
struct Wait {
    bool stable = true;     // utilization < 1; false: the queue grows without bound
    double utilization = 0; // lambda S / c
    double p_wait = 0;      // P(an arrival waits at all): Erlang C (M/M/c)
    double decay_per_s = 0; // P(W > t) = p_wait exp(-decay_per_s t)
    double mean_s = 0;      // 0 when not stable (see `stable`)
    double p50_s = 0;
    double p99_s = 0;
};

// Server counts are doubles: whole numbers are exact up to 2^53 (about 9e15, kMaxServers), and
// nothing overflows beyond. Up to 50 servers a fraction is dropped (the exact recursion); above,
// the formulas take fractional counts as they are.
constexpr double kMaxServers = 9007199254740992.0; // 2^53

// Erlang's loss formula B(c, a) for c servers offered a = lambda S erlangs; 1 for c = 0.
double erlang_b(double servers, double offered_erlangs);
// Erlang's delay formula C(c, a) = P(wait > 0) in M/M/c; 1 when a >= c.
double erlang_c(double servers, double offered_erlangs);

// The (1 + c_s^2) / 2 factor of the Allen-Cunneen approximation for Poisson arrivals.
double allen_cunneen_factor(double service_cv2);
// Cosmetatos' M/D/c correction: W(M/D/c) ~ 0.5 W(M/M/c) x this factor (1 for one server,
// where M/D/1 is exactly half of M/M/1; above 1 for more servers at moderate load).
double cosmetatos_md_factor(double servers, double utilization);
// The factor that scales the M/M/c wait to M/G/c: Kimura's two-moment interpolation between
// M/M/c (1) and M/D/c (0.5 x cosmetatos_md_factor); equals allen_cunneen_factor for c = 1.
double mgc_wait_factor(double servers, double utilization, double service_cv2);

// Wait in an M/G/c queue: `servers` identical servers, Poisson arrivals at `arrival_per_s`,
// mean service `service_s`, squared coefficient of variation `service_cv2` (1 = exponential:
// exact M/M/c; 0 = deterministic). Non-positive service or servers: not stable.
Wait mgc_wait(double servers, double arrival_per_s, double service_s, double service_cv2);

// The q-quantile (0 < q < 1) of a wait: 0 when P(wait) <= 1 - q.
double wait_quantile_s(const Wait& w, double q);

// Smallest number of units of `servers_per_unit` servers each (a replica of batch B is B
// servers) whose P99 wait is at most `p99_wait_s` at `arrival_per_s`: a whole number, at least
// the throughput minimum (the smallest stable fleet). 0 for no demand; -1 when the inputs make
// it impossible (negative target, no service) or it would take more than kMaxServers servers.
// An interpolation search on whole units (Illinois regula falsi on ln P(wait) - target x decay,
// which is nearly linear in the fleet), about 5 to 8 evaluations of the wait.
double units_for_p99(double arrival_per_s, double service_s, double service_cv2,
                     double servers_per_unit, double p99_wait_s);

// Largest arrival rate at which `servers` keep their P99 wait at most `p99_wait_s` (to 1e-7
// relative, far below the 3 digits shown; the wait there is within the target); 0 when none
// (negative target, no servers or no service). The same interpolation search on the utilization.
double max_arrival_for_p99(double servers, double service_s, double service_cv2, double p99_wait_s);

// One batching replica as a birth-death chain. service_s_at_batch[n-1] is the batch latency S(n)
// when n requests share the replica (n = 1..B); service rate mu(n) = n / S(n), and mu(B) for
// every state above B (requests beyond B wait). The wait tail is exact for the chain:
// P(W > t) = P(N >= B) e^{-(mu(B) - lambda) t}, then scaled by mgc_wait_factor(B, ...) like
// mgc_wait. An empty vector or a non-positive latency: not stable.
Wait batching_replica_wait(double arrival_per_s, const std::vector<double>& service_s_at_batch,
                           double service_cv2);

// Batch latency S(n), n = 1..B, linear between the unbatched S(1) and the full-batch S(B): the
// roofline's form for decode, where each step reads the weights once (fixed) plus one KV cache
// per sequence (grows with n). Used to build batching_replica_wait's input from two evaluations.
std::vector<double> linear_batch_latency(double s1, double s_batch, int batch);

} // namespace costlab::queue
