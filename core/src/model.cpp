// The cost model's entry point evaluate(): validate, run both workloads (model_text.cpp,
// model_image.cpp), then money, energy, carbon, fleet and business figures from them.
#include "costlab/model.h"

#include "costlab/device.h"
#include "costlab/engine.h"
#include "costlab/queue.h"
#include "costlab/references.h"

#include "detail/model_detail.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace costlab {

const char* to_string(Bound b) {
    switch (b) {
    case Bound::memory:
        return "memory";
    case Bound::interconnect:
        return "interconnect";
    default:
        return "compute";
    }
}
const char* to_string(Workload w) {
    return info(w).name;
}
const char* to_string(Metric m) {
    return m == Metric::usd ? "usd" : m == Metric::energy ? "energy" : "gpu_seconds";
}

namespace detail {

constexpr double kSecondsPerHour = 3600;
constexpr double kHoursPerYear = 8766; // 365.25 days
constexpr double kSecondsPerDay = 86400;
constexpr double kDaysPerMonth = 365.25 / 12;

PhaseReport make_phase(const char* name, double flops, double bytes, double compute_seconds,
                       double memory_seconds, double comm_seconds, double idle_overhead_seconds,
                       double busy_overhead_seconds, const Roof& peak) {
    const double overhead_seconds = idle_overhead_seconds + busy_overhead_seconds;
    PhaseReport p;
    p.name = name;
    p.flops = flops;
    p.bytes = bytes;
    p.compute_seconds = compute_seconds;
    p.memory_seconds = memory_seconds;
    p.comm_seconds = comm_seconds;
    p.overhead_seconds = overhead_seconds;
    const double roof = std::max(compute_seconds, memory_seconds);
    p.seconds = roof + comm_seconds + overhead_seconds;
    p.bound = compute_seconds >= memory_seconds ? Bound::compute : Bound::memory;
    if (comm_seconds > roof) p.bound = Bound::interconnect;
    p.flops_per_byte = bytes > 0 ? flops / bytes : 0;
    if (p.seconds > 0) {
        p.compute_use = peak.flops_per_s > 0 ? flops / (p.seconds * peak.flops_per_s) : 0;
        p.memory_use = peak.bytes_per_s > 0 ? bytes / (p.seconds * peak.bytes_per_s) : 0;
        p.memory_use = std::min(1.0, p.memory_use + busy_overhead_seconds / p.seconds);
    }
    return p;
}

// Reference peak for compute_half_tokens: H100 SXM dense BF16, 989 TFLOP/s (NVIDIA H100
// datasheet, dense = half the sparse figure; core/data/accelerators.json).
constexpr double kEfficiencyReferenceFlopsPerS = 989e12;

double compute_efficiency(double tokens, double peak_flops_per_s_per_gpu, double u_max,
                          const Assumptions& a) {
    if (!(tokens > 0)) return u_max;
    double n_half =
        a.compute_half_tokens * peak_flops_per_s_per_gpu / kEfficiencyReferenceFlopsPerS;
    return u_max * tokens / (tokens + n_half);
}

double allreduce_seconds(double message_bytes, int gpus, const Accelerator& acc,
                         const Assumptions& a) {
    if (gpus <= 1) return 0;
    double link = acc.interconnect_bytes_per_s * a.interconnect_utilization;
    return a.allreduce_latency_s + 2.0 * (gpus - 1) / gpus * message_bytes / link;
}

double kv_bytes_per_value(Precision p) {
    double b = bytes_per_param(p);
    return b >= 4 ? 4 : b >= 2 ? 2 : 1;
}

// Power follows load: a GPU draws its idle power plus a share of the range up to its board
// power that grows with the achieved compute and memory use, capped at board power (power
// limit). Linear utilization-to-power models of this form fit measured GPU power well
// (Kandiah et al., 'AccelWattch', MICRO 2021; ML.ENERGY leaderboard, Chung et al. 2025:
// decode at large batch draws close to TDP on H100).
double phase_power_w(const PhaseReport& p, const Accelerator& acc, const Assumptions& a) {
    double load = a.gpu_power_fraction_compute_bound * p.compute_use +
                  a.gpu_power_fraction_memory_bound * p.memory_use;
    load = std::clamp(load, 0.0, 1.0);
    double idle = std::min(acc.idle_power_w, acc.board_power_w);
    return idle + (acc.board_power_w - idle) * load;
}

namespace {
double owned_usd_per_gpu_hour(const Scenario& s, const Accelerator& acc) {
    double purchase = s.serving.purchase_usd.value_or(acc.purchase_usd);
    return purchase / (s.serving.amortization_years * kHoursPerYear);
}
} // namespace

OffloadPlan plan_offload(Guidance setting, double denoiser_bytes, double text_encoder_bytes,
                         double vae_bytes, double activation_bytes, double usable_bytes,
                         double denoiser_blocks, double passes_streamed, const Accelerator& acc,
                         const Assumptions& a) {
    OffloadPlan p;
    const double all = denoiser_bytes + text_encoder_bytes + vae_bytes;
    p.resident_bytes = all + activation_bytes;
    if (setting == Guidance::off) return p;
    if (setting == Guidance::model_default && p.resident_bytes <= usable_bytes) return p;
    const double link = acc.host_link_or_default_bytes_per_s() * a.interconnect_utilization;
    // Model offload: the largest component and the activations at a time; every component in
    // and out once per batch.
    const double model_resident =
        std::max({denoiser_bytes, text_encoder_bytes, vae_bytes}) + activation_bytes;
    if (model_resident <= usable_bytes) {
        p.mode = "model";
        p.resident_bytes = model_resident;
        p.seconds = 2 * all / link;
        return p;
    }
    // Sequential: two blocks (the one computing, the next arriving) and the activations; the
    // denoiser crosses the link once per pass, the encoder and the VAE once.
    const double block = denoiser_bytes / std::max(1.0, denoiser_blocks);
    const double seq_resident = 2 * block + activation_bytes;
    if (seq_resident <= usable_bytes) {
        p.mode = "sequential";
        p.resident_bytes = seq_resident;
        p.seconds = (passes_streamed * denoiser_bytes + text_encoder_bytes + vae_bytes) / link;
    }
    return p;
}

std::string offload_warning(const std::string& model, const OffloadPlan& p, double weights_bytes,
                            bool weights_fit, const Accelerator& acc, double usable_bytes,
                            const char* per) {
    char buf[360];
    std::snprintf(buf, sizeof buf,
                  "CPU offload (%s): %s's weights (%.1f GB) wait in host memory and cross the "
                  "host link as they are needed, %.3g s per %s%s%s (%.1f GB usable)",
                  p.mode, model.c_str(), weights_bytes / 1e9, p.seconds, per,
                  weights_fit ? ", as asked: they would fit beside the work on "
                              : "; they do not fit beside the work on ",
                  acc.name.c_str(), usable_bytes / 1e9);
    return buf;
}

BackboneRange backbone_range(const std::string& smaller_model, const std::string& larger_model,
                             const WorkloadReport& smaller, const WorkloadReport& larger) {
    BackboneRange g;
    g.present = true;
    g.smaller_model = smaller_model;
    g.larger_model = larger_model;
    g.fits = smaller.fits && larger.fits;
    g.usd_per_query_smaller = smaller.usd_per_query;
    g.usd_per_query_larger = larger.usd_per_query;
    g.seconds_per_query_smaller = smaller.seconds_per_query;
    g.seconds_per_query_larger = larger.seconds_per_query;
    g.gpu_seconds_per_query_smaller = smaller.gpu_seconds_per_query;
    g.gpu_seconds_per_query_larger = larger.gpu_seconds_per_query;
    g.facility_energy_wh_smaller = smaller.facility_energy_wh;
    g.facility_energy_wh_larger = larger.facility_energy_wh;
    return g;
}

void add_water_and_embodied(WorkloadReport& w, const Serving& sv) {
    // Li, Yang, Islam and Ren, 'Making AI Less "Thirsty"' (arXiv:2304.03271): on-site WUE
    // applies to the server (IT) energy, the electricity's water intensity to the energy the
    // facility draws (IT x PUE).
    w.water_onsite_l_per_query = w.it_energy_wh / 1000 * sv.wue_l_per_kwh;
    w.water_offsite_l_per_query = w.facility_energy_wh / 1000 * sv.electricity_water_l_per_kwh;
    w.water_l_per_query = w.water_onsite_l_per_query + w.water_offsite_l_per_query;
    // A GPU's manufacturing emissions are used up over the seconds of its life it serves:
    // life x utilization. A query takes gpu_seconds_per_query of them.
    const double kg_per_gpu = sv.embodied_gpu_kgco2e + sv.embodied_server_kgco2e_per_gpu;
    const double serving_s_per_gpu =
        sv.amortization_years * kHoursPerYear * kSecondsPerHour * sv.hardware_utilization;
    w.embodied_co2_g_per_query =
        serving_s_per_gpu > 0 ? kg_per_gpu * 1000 / serving_s_per_gpu * w.gpu_seconds_per_query : 0;
}

void finish_workload(WorkloadReport& w, const Scenario& s, const Accelerator& acc,
                     int gpus_per_replica, int replicas, double batch_seconds,
                     double queries_per_batch) {
    const Assumptions& a = s.assumptions;
    const double replica_seconds_per_query = batch_seconds / queries_per_batch;
    w.gpu_seconds_per_query = gpus_per_replica * replica_seconds_per_query;
    w.queries_per_second = replicas / replica_seconds_per_query;

    double joules_per_gpu = 0, busy = 0, bound_seconds[3] = {0, 0, 0};
    for (const auto& p : w.phases) {
        joules_per_gpu += p.seconds * phase_power_w(p, acc, a);
        busy += p.seconds;
        bound_seconds[static_cast<int>(p.bound)] += p.seconds;
    }
    w.gpu_power_w = busy > 0 ? joules_per_gpu / busy : 0;
    w.bound =
        static_cast<Bound>(std::max_element(bound_seconds, bound_seconds + 3) - bound_seconds);

    w.gpu_energy_wh = joules_per_gpu * gpus_per_replica / queries_per_batch / kSecondsPerHour;
    w.it_energy_wh = w.gpu_energy_wh * (1 + a.host_energy_fraction + a.idle_capacity_fraction);
    w.facility_energy_wh = w.it_energy_wh * s.serving.pue;
    w.co2_g_per_query = w.facility_energy_wh / 1000 * s.serving.grid_gco2_per_kwh;
    add_water_and_embodied(w, s.serving);

    if (s.serving.ownership == Ownership::cloud) {
        double price = s.serving.usd_per_gpu_hour.value_or(acc.usd_per_gpu_hour);
        w.usd_per_query = w.gpu_seconds_per_query / kSecondsPerHour * price;
        if (price <= 0) {
            w.usd_trusted = false;
            w.warnings.push_back("the price per GPU-hour is $0: dollar figures are not meaningful");
        }
    } else {
        // Owned: the purchase spread over its life, plus the facility's electricity.
        w.usd_per_query =
            w.gpu_seconds_per_query / kSecondsPerHour * owned_usd_per_gpu_hour(s, acc) +
            w.facility_energy_wh / 1000 * s.serving.usd_per_kwh;
    }
}

namespace {

// What the queue needs to know about a workload beyond its WorkloadReport.
struct QueueSetup {
    double unloaded_s = 0;     // text: the prefill phase; image: the whole image
    double service_cv2 = 0;    // squared coefficient of variation of the service time
    double batch1_seconds = 0; // the replica's latency at batch 1 (for the batching chain)
    double slo_p99_s = 0;      // target on unloaded + wait at P99; 0 = none
    double cap_per_user_per_day = 0;
    double queries_per_user_per_day = 0; // uncapped usage per user (Business, or demand/users)
    const char* unloaded_name = "";      // "time to first token" / "time to the image"
};

// Utilizations of the melting curve: steps of 0.1 to 0.9, then ever closer to 1 in quarter
// decades (a fleet of many servers only bends within about 1 / sqrt(servers) of full load).
std::vector<double> curve_utilizations(double servers) {
    std::vector<double> u;
    for (int i = 1; i <= 9; ++i)
        u.push_back(0.1 * i);
    const double decades = std::clamp(std::log10(std::max(servers, 1.0)) / 2 + 1.5, 1.5, 6.0);
    for (double k = 1.25; k <= decades + 1e-9; k += 0.25)
        u.push_back(1 - std::pow(10.0, -k));
    return u;
}

// A count of GPUs for the report: whole, and saturated where a double exceeds int64 (an absurd
// demand on a slow model; the figures computed from it stay exact doubles).
int64_t gpu_count(double gpus) {
    return gpus < 9.2e18 ? int64_t(gpus) : std::numeric_limits<int64_t>::max();
}

std::string whole_number_text(double v) {
    // nearbyint rounds as printf's "%.0f" does (to nearest, ties to even, on the exact value).
    if (std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(std::nearbyint(v)));
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
}

std::string seconds_text(double s) {
    char buf[48];
    std::snprintf(buf, sizeof buf, s >= 100 ? "%.0f s" : "%.3g s", s);
    return buf;
}

FleetWorkloadReport fleet_for(const WorkloadReport& w, double per_day, const Scenario& s,
                              const Accelerator& acc, int gpus_per_replica, const QueueSetup& q,
                              bool wait_curves) {
    FleetWorkloadReport f;
    const Fleet& fl = s.fleet;
    if (w.queries_per_second <= 0) return f;
    const double replicas_in_report = w.gpus / double(gpus_per_replica);
    const double qps_per_replica = w.queries_per_second / replicas_in_report;
    f.peak_queries_per_second = per_day / kSecondsPerDay * fl.peak_to_average;
    const double replicas = std::ceil(f.peak_queries_per_second / qps_per_replica);
    // In double: an absurd demand on a slow model needs more GPUs than an int64 holds (the
    // soak test found 10^13 images a day at hours each overflowing `gpus * 24`); the count
    // saturates and every figure below is computed from the exact double.
    const double gpus = replicas * gpus_per_replica;
    f.gpus_needed = gpu_count(gpus);
    const double host =
        1 + s.assumptions.host_energy_fraction + s.assumptions.idle_capacity_fraction;
    f.facility_mw = gpus * w.gpu_power_w * host * s.serving.pue / 1e6;
    f.energy_mwh_per_day = per_day * w.facility_energy_wh / 1e6;
    f.co2_t_per_day = f.energy_mwh_per_day * s.serving.grid_gco2_per_kwh / 1000;
    // The fleet is provisioned for the peak and paid for all day.
    auto usd_per_day = [&](double n_gpus, double energy_mwh_per_day) {
        if (s.serving.ownership == Ownership::cloud)
            return n_gpus * 24 * s.serving.usd_per_gpu_hour.value_or(acc.usd_per_gpu_hour);
        return n_gpus * 24 * owned_usd_per_gpu_hour(s, acc) +
               energy_mwh_per_day * 1000 * s.serving.usd_per_kwh;
    };
    f.usd_per_day = usd_per_day(gpus, f.energy_mwh_per_day);

    const double fixed_replicas = std::floor(double(fl.fixed_fleet_gpus) / gpus_per_replica);
    const double capacity_peak_qps = fixed_replicas * qps_per_replica;
    // Served per day if demand keeps the same peak-to-average shape and peaks at capacity.
    f.queries_per_user_per_day = capacity_peak_qps * kSecondsPerDay / fl.peak_to_average / fl.users;
    f.utilization = capacity_peak_qps > 0 ? f.peak_queries_per_second / capacity_peak_qps
                                          : std::numeric_limits<double>::infinity();
    f.overloaded = f.utilization > 1;
    f.refused_fraction = f.overloaded ? 1 - 1 / f.utilization : 0;

    // ---- waiting under load: a replica of batch B = B servers of service time S. Server and
    // GPU counts are doubles (exact whole numbers up to 2^53, no overflow beyond).
    const double slots = std::max(1, w.batch);
    const double S = w.seconds_per_query;
    const double cv2 = q.service_cv2;
    const double lambda = f.peak_queries_per_second;
    f.service_cv2 = cv2;
    f.unloaded_s = q.unloaded_s;
    const double fixed_servers = fixed_replicas * slots; // <= 1e8 GPUs x 65536: exact
    f.fixed_fleet_slots = int64_t(fixed_servers);
    // Two-moment approximations lose accuracy for highly variable service on few servers
    // (Whitt 1993); say so rather than imply the same precision as elsewhere.
    if (cv2 > 2 && fixed_servers > 0 && fixed_servers < 16)
        f.queue_note = "highly variable service on few servers: the M/G/c waits are rough here";
    const queue::Wait fixed = queue::mgc_wait(fixed_servers, lambda, S, cv2);
    f.wait_stable = fixed.stable;
    if (fixed.stable) {
        f.wait_p50_s = fixed.p50_s;
        f.wait_p99_s = fixed.p99_s;
        f.wait_mean_s = fixed.mean_s;
        f.*info(w.workload).latency_p99_s = q.unloaded_s + fixed.p99_s;
    }
    const queue::Wait sized = queue::mgc_wait(replicas * slots, lambda, S, cv2);
    f.throughput_fleet_wait_stable = sized.stable;
    f.throughput_fleet_wait_p99_s = sized.stable ? sized.p99_s : 0;

    // Melting curves (only when asked: EvaluateOptions::wait_curves): the fixed fleet, and one
    // replica whose service rate grows with its batch.
    if (wait_curves && fixed_servers > 0)
        for (double u : curve_utilizations(fixed_servers)) {
            const queue::Wait pt = queue::mgc_wait(fixed_servers, u * fixed_servers / S, S, cv2);
            if (pt.stable) f.wait_curve.push_back({u, pt.p50_s, pt.p99_s});
        }
    if (wait_curves) {
        const double s1 = q.batch1_seconds > 0 && q.batch1_seconds <= S ? q.batch1_seconds : S;
        const std::vector<double> latency = queue::linear_batch_latency(s1, S, int(slots));
        for (double u : curve_utilizations(slots)) {
            const queue::Wait pt = queue::batching_replica_wait(u * slots / S, latency, cv2);
            if (pt.stable) f.one_replica_curve.push_back({u, pt.p50_s, pt.p99_s});
        }
    }

    // ---- the fleet for a P99 target, and what a cap buys
    const double energy_per_query_mwh = w.facility_energy_wh / 1e6;
    double budget = -1; // P99 wait the target leaves after the unloaded time
    if (q.slo_p99_s > 0) {
        f.slo_p99_s = q.slo_p99_s;
        budget = q.slo_p99_s - q.unloaded_s;
        if (budget < 0) {
            f.slo_problem = "the target of " + seconds_text(q.slo_p99_s) +
                            " is below the unloaded " + q.unloaded_name + " (" +
                            seconds_text(q.unloaded_s) + "): no fleet meets it";
        } else {
            const double units = queue::units_for_p99(lambda, S, cv2, slots, budget);
            if (units < 0) {
                f.slo_problem = "over the limit: meeting the target takes more than 9e15 "
                                "servers (replicas x batch), beyond what costlab counts";
            } else {
                f.slo_met = true;
                const double slo_gpus = std::max(units * gpus_per_replica, gpus);
                f.gpus_for_slo = gpu_count(slo_gpus);
                f.usd_per_day_for_slo = usd_per_day(slo_gpus, f.energy_mwh_per_day);
                f.extra_usd_per_day_for_slo = f.usd_per_day_for_slo - f.usd_per_day;
            }
            // The other way round: what the fixed fleet carries within the target.
            const double top = queue::max_arrival_for_p99(fixed_servers, S, cv2, budget);
            f.fixed_fleet_queries_per_day_at_slo = top * kSecondsPerDay / fl.peak_to_average;
            const double all_at = f.fixed_fleet_queries_per_day_at_slo / fl.users;
            const double m = q.queries_per_user_per_day, share = fl.share_users_at_cap;
            if (all_at <= m)
                f.affordable_cap_per_user_per_day = all_at; // everyone must be capped
            else if (share > 0)
                f.affordable_cap_per_user_per_day = m + (all_at - m) / share;
            else
                f.cap_unneeded = true;
        }
    }
    if (q.cap_per_user_per_day > 0) {
        f.capped = true;
        f.cap_per_user_per_day = q.cap_per_user_per_day;
        const double share = fl.share_users_at_cap;
        f.capped_queries_per_day =
            fl.users * (share * q.cap_per_user_per_day +
                        (1 - share) * std::min(q.queries_per_user_per_day, q.cap_per_user_per_day));
        const double capped_peak = f.capped_queries_per_day / kSecondsPerDay * fl.peak_to_average;
        const double capped_gpus = std::ceil(capped_peak / qps_per_replica) * gpus_per_replica;
        f.capped_gpus_needed = gpu_count(capped_gpus);
        double paid = capped_gpus;
        if (budget >= 0) {
            const double units = queue::units_for_p99(capped_peak, S, cv2, slots, budget);
            if (units >= 0) {
                paid = std::max(units * gpus_per_replica, capped_gpus);
                f.capped_gpus_for_slo = gpu_count(paid);
            }
        }
        f.capped_usd_per_day = usd_per_day(paid, f.capped_queries_per_day * energy_per_query_mwh);
    }
    return f;
}

double ratio(double num, double den) {
    return den > 0 ? num / den : std::numeric_limits<double>::infinity();
}

double margin(double price, double cost) {
    return price > 0 ? (price - cost) / price : -std::numeric_limits<double>::infinity();
}

} // namespace
} // namespace detail

// ---- The workloads: one row each (see WorkloadInfo in model.h). What differs between them
// beyond these rows lives in their own model_*.cpp.
namespace {

// Text under continuous batching (model_text.cpp): a request's own wait before it streams is
// its time to first token; the rest of its service is one token per step. Reply lengths vary
// with coefficient of variation fleet.text_reply_length_cv, so the service time varies with the
// streaming share of it (the first token is fixed for a fixed prompt).
double text_first_token_s(const WorkloadReport& w) {
    return w.time_to_first_token_s;
}
double text_service_cv2(const Scenario& s, const WorkloadReport& w) {
    const double streaming_s = std::max(0.0, w.seconds_per_query - w.time_to_first_token_s);
    const double share = w.seconds_per_query > 0 ? streaming_s / w.seconds_per_query : 0;
    return std::pow(s.fleet.text_reply_length_cv * share, 2);
}
// Images and videos: the same steps at the same size every time, so the service time is fixed
// (M/D/c: cs^2 = 0; the queue model is conservative there, see tests/test_queue.cpp), and the
// whole image (or video) comes at once.
double fixed_service_cv2(const Scenario&, const WorkloadReport&) {
    return 0;
}
double whole_query_s(const WorkloadReport& w) {
    return w.seconds_per_query;
}

} // namespace

const WorkloadInfo kWorkloads[kWorkloadCount] = {
    {Workload::text,
     "text",
     "chat reply",
     "reply",
     "chat replies",
     "replies",
     &Report::text,
     &Report::fleet_text,
     nullptr,
     nullptr,
     evaluate_text,
     [](const Scenario& s) { return s.text.precision; },
     [](const Scenario&, const Catalog&, const WorkloadReport& w) { return w.gpus; },
     &Fleet::text_queries_per_day,
     &Fleet::text_slo_p99_s,
     &Fleet::text_cap_per_user_per_day,
     text_service_cv2,
     text_first_token_s,
     "time to first token",
     [](Scenario& one, const WorkloadReport& w) {
         one.text.batch = 1;
         one.text.gpus = w.gpus;
     },
     &FleetWorkloadReport::time_to_first_token_p99_s,
     "time_to_first_token_p99_s",
     "time to first token",
     &Business::text_queries_per_user_per_day,
     &BusinessReport::text_queries_per_user_per_day,
     &Business::usd_price_per_text_query,
     &BusinessReport::text_margin,
     &BusinessReport::text_break_even_usd},
    {Workload::image, "image", "image", "image", "images", "images", &Report::image,
     &Report::fleet_image, nullptr, nullptr, evaluate_image,
     [](const Scenario& s) { return s.image.precision; },
     // Diffusion: one GPU per image (more GPUs are more replicas), or the sequence-parallel
     // group of an engine that splits one image (xDiT); autoregressive: the text replica's
     // tensor-parallel group.
     [](const Scenario& s, const Catalog& c, const WorkloadReport& w) {
         const Engine* e = find_engine(s.image.engine, EngineWorkload::image);
         return c.image_model(s.image.model)->family == ImageFamily::autoregressive ||
                        (e && e->sequence_parallel)
                    ? w.gpus
                    : 1;
     },
     &Fleet::images_per_day, &Fleet::image_slo_p99_s, &Fleet::image_cap_per_user_per_day,
     fixed_service_cv2, whole_query_s, "time to the image",
     [](Scenario& one, const WorkloadReport& w) {
         one.image.batch = 1;
         one.image.gpus = w.gpus;
     },
     &FleetWorkloadReport::time_to_image_p99_s, "time_to_image_p99_s", "time to the image",
     &Business::images_per_user_per_day, &BusinessReport::images_per_user_per_day,
     &Business::usd_price_per_image, &BusinessReport::image_margin,
     &BusinessReport::image_break_even_usd},
    // Off unless the scenario turns it on (computed always: its panel shows the clip). One video
    // is made by one sequence-parallel group, so the replica is the whole group. No target, cap
    // or price of its own yet, and its curve keeps the batch's latency throughout: the waits are
    // reported, the fleet for a target is not sought.
    {Workload::video,
     "video",
     "video",
     "video",
     "videos",
     "videos",
     &Report::video,
     &Report::fleet_video,
     [](const Scenario& s) { return s.video.enabled != 0; },
     &Report::video_enabled,
     evaluate_video,
     [](const Scenario& s) { return s.video.precision; },
     [](const Scenario&, const Catalog&, const WorkloadReport& w) { return std::max(1, w.gpus); },
     &Fleet::videos_per_day,
     nullptr,
     nullptr,
     fixed_service_cv2,
     whole_query_s,
     "time to the video",
     nullptr,
     &FleetWorkloadReport::time_to_image_p99_s,
     "time_to_video_p99_s",
     "time to the image", // what `costlab fleet` has always printed for video (kept as is)
     nullptr,
     nullptr,
     nullptr,
     nullptr,
     nullptr},
};

const WorkloadInfo& info(Workload w) {
    return kWorkloads[size_t(w)];
}

bool workload_from_name(const std::string& name, Workload& out) {
    for (const WorkloadInfo& wi : kWorkloads)
        if (name == wi.name) {
            out = wi.id;
            return true;
        }
    return false;
}

WorkloadReport& Report::workload(Workload w) {
    return this->*info(w).report;
}
const WorkloadReport& Report::workload(Workload w) const {
    return this->*info(w).report;
}
FleetWorkloadReport& Report::fleet(Workload w) {
    return this->*info(w).fleet;
}
const FleetWorkloadReport& Report::fleet(Workload w) const {
    return this->*info(w).fleet;
}
bool Report::enabled(Workload w) const {
    const WorkloadInfo& wi = info(w);
    return !wi.report_enabled || this->*wi.report_enabled;
}
std::vector<Workload> Report::enabled_workloads() const {
    std::vector<Workload> out;
    for (const WorkloadInfo& wi : kWorkloads)
        if (enabled(wi.id)) out.push_back(wi.id);
    return out;
}

double metric_value(const WorkloadReport& w, Metric m) {
    return m == Metric::usd      ? w.usd_per_query
           : m == Metric::energy ? w.facility_energy_wh
                                 : w.gpu_seconds_per_query;
}

double ratio(const Report& r, Workload a, Workload b, Metric m) {
    return detail::ratio(metric_value(r.workload(a), m), metric_value(r.workload(b), m));
}

bool ratio_trusted(const Report& r, Workload a, Workload b, Metric m) {
    const WorkloadReport &wa = r.workload(a), &wb = r.workload(b);
    return m == Metric::usd ? dollars_trusted(wa) && dollars_trusted(wb)
                            : figures_trusted(wa) && figures_trusted(wb);
}

bool figures_trusted(const WorkloadReport& w) {
    return w.fits && std::isfinite(w.seconds_per_query) && std::isfinite(w.gpu_seconds_per_query) &&
           std::isfinite(w.facility_energy_wh) && w.gpu_seconds_per_query > 0;
}

bool dollars_trusted(const WorkloadReport& w) {
    return figures_trusted(w) && w.usd_trusted && std::isfinite(w.usd_per_query) &&
           w.usd_per_query > 0;
}

namespace {

// The same figures the model reads: a catalog entry that differs from the scenario's measured
// device must not be used in its place.
bool same_device(const Accelerator& a, const Accelerator& b) {
    return a.name == b.name && a.peak_flops_per_s == b.peak_flops_per_s &&
           a.memory_bytes_per_s == b.memory_bytes_per_s && a.memory_bytes == b.memory_bytes &&
           a.board_power_w == b.board_power_w && a.usd_per_gpu_hour == b.usd_per_gpu_hour;
}

// "The A100 has no fp8 units": work stored in a format the chip lacks runs on wider units, at
// their speed; only memory and bandwidth gain. int4 is weight-only by design (computed in
// 16-bit, see effective_peak_flops_per_s), so it gets no word.
void warn_missing_units(WorkloadReport& w, const Accelerator& acc, Precision p) {
    if (p == Precision::int4 || acc.peak_flops_per_s[int(p)] > 0) return;
    const double used = acc.effective_peak_flops_per_s(p);
    if (!(used > 0)) return; // validate() refused it already
    const char* on = "a wider format";
    for (Precision q : {Precision::fp8, Precision::bf16, Precision::fp16, Precision::fp32})
        if (acc.peak_flops_per_s[int(q)] == used) {
            on = to_string(q);
            break;
        }
    char buf[240];
    std::snprintf(buf, sizeof buf,
                  "%s has no %s units: %s work runs on its %s units at %.3g TFLOP/s; only "
                  "memory and bandwidth gain from %s",
                  acc.name.c_str(), to_string(p), to_string(p), on, used / 1e12, to_string(p));
    w.warnings.push_back(buf);
}

// evaluate() on a catalog that holds the scenario's device. One Report, returned by name from
// every return, so it is built in the caller's place (a Report is large: moving it cost more
// than validating the scenario).
Report evaluate_here(const Scenario& s, const Catalog& catalog, const EvaluateOptions& options) {
    Report r;
    r.errors = validate(s, catalog);
    if (!r.errors.empty()) return r;
    const Accelerator& acc = *catalog.accelerator(s.serving.accelerator);
    for (const WorkloadInfo& wi : kWorkloads) {
        r.*wi.report = wi.evaluate(s, catalog);
        if (wi.report_enabled) r.*wi.report_enabled = wi.enabled(s);
        warn_missing_units(r.*wi.report, acc, wi.precision(s));
    }
    // Usage per user per day: Business's figure, or (when it is 0 or the workload has none) the
    // fleet's demand divided by its users, so one demand figure feeds both panels.
    const Business& b = s.business;
    const Fleet& fl = s.fleet;
    double usage[kWorkloadCount];
    for (const WorkloadInfo& wi : kWorkloads) {
        const double stated = wi.usage_per_user ? b.*wi.usage_per_user : 0;
        usage[int(wi.id)] = stated > 0 ? stated : fl.*wi.queries_per_day / fl.users;
        if (wi.usage_per_user_used) r.business.*wi.usage_per_user_used = usage[int(wi.id)];
    }

    r.has_wait_curves = options.wait_curves;
    for (const WorkloadInfo& wi : kWorkloads) {
        // No fleet for a workload nobody shows (every fleet view and writer, and the mix, read
        // the enabled ones): its queue searches are a fifth of an evaluation. Its own report
        // stays, for its panel.
        if (!r.enabled(wi.id)) continue;
        const WorkloadReport& w = r.*wi.report;
        const bool curves = options.wait_curves;
        detail::QueueSetup q;
        q.unloaded_s = wi.unloaded_s(w);
        q.service_cv2 = wi.service_cv2(s, w);
        q.slo_p99_s = wi.slo_p99_s ? fl.*wi.slo_p99_s : 0;
        q.cap_per_user_per_day = wi.cap_per_user_per_day ? fl.*wi.cap_per_user_per_day : 0;
        q.queries_per_user_per_day = usage[int(wi.id)];
        q.unloaded_name = wi.unloaded_name;
        // The batching chain of the curves needs the latency at batch 1 as well as at the
        // configured batch: one more evaluation of the workload, so only for the curves.
        if (curves && wi.at_batch_one && w.batch > 1) {
            Scenario one = s;
            wi.at_batch_one(one, w);
            q.batch1_seconds = wi.evaluate(one, catalog).seconds_per_query;
        }
        r.*wi.fleet = detail::fleet_for(w, fl.*wi.queries_per_day, s, acc,
                                        wi.gpus_per_replica(s, catalog, w), q, curves);
    }

    // The fixed fleet serving every enabled workload at once: the sum of their shares. An
    // always-on workload that the fixed fleet cannot run at all (fewer GPUs than one replica)
    // leaves the mix uncomputed (0, overloaded); an optional one makes it infinite.
    double mix = 0;
    bool mix_known = true;
    for (const WorkloadInfo& wi : kWorkloads) {
        if (!r.enabled(wi.id)) continue; // (not enabled_workloads(): no vector per evaluation)
        const Workload id = wi.id;
        const double u = r.fleet(id).utilization;
        if (std::isfinite(u))
            mix += u;
        else if (info(id).enabled)
            mix = std::numeric_limits<double>::infinity();
        else
            mix_known = false;
    }
    r.fleet_mix_utilization = mix_known ? mix : 0;
    r.fleet_mix_overloaded = !mix_known || !(mix <= 1);

    // Fleet warnings, only for the workloads shown (no warning about one nobody asked for).
    for (const WorkloadInfo& wi : kWorkloads) {
        if (!r.enabled(wi.id)) continue;
        const Workload id = wi.id;
        const FleetWorkloadReport& f = r.fleet(id);
        WorkloadReport& w = r.workload(id);
        if (!f.slo_problem.empty()) w.warnings.push_back(f.slo_problem);
        // A fixed fleet of a visitor's measured device means nothing: no fleet warning.
        if (!f.overloaded || acc.measured) continue;
        // Built from whole numbers, not printf: a sweep meets this warning at every overloaded
        // point, and the wasm build's printf formats doubles through software long doubles.
        const std::string fleet =
            "the fixed fleet of " + std::to_string(s.fleet.fixed_fleet_gpus) + " GPUs is ";
        if (std::isfinite(f.utilization))
            // Past ten times its capacity a percentage stops meaning anything to a reader.
            w.warnings.push_back(
                fleet + "overloaded at peak (" +
                (f.utilization < 10
                     ? detail::whole_number_text(f.utilization * 100) + "% of its capacity"
                     : "it needs " + detail::whole_number_text(f.utilization) +
                           " times its capacity") +
                "): " + detail::whole_number_text(f.refused_fraction * 100) +
                "% of peak requests queue or are refused");
        else // fewer GPUs than one replica needs
            w.warnings.push_back(fleet + "smaller than one replica (" + std::to_string(w.gpus) +
                                 " GPUs): it cannot serve this workload at all");
    }

    // Business: margin and break-even per priced workload; cost per user per month over them.
    double usd_per_user_per_day = 0;
    for (const WorkloadInfo& wi : kWorkloads) {
        if (!wi.usd_price) continue;
        const double usd = (r.*wi.report).usd_per_query;
        r.business.*wi.break_even_usd = usd;
        r.business.*wi.margin = detail::margin(b.*wi.usd_price, usd);
        usd_per_user_per_day += usage[int(wi.id)] * usd;
    }
    r.business.usd_cost_per_user_per_month = detail::kDaysPerMonth * usd_per_user_per_day;
    r.business.subscription_margin =
        detail::margin(b.usd_subscription_per_month, r.business.usd_cost_per_user_per_month);
    // Each reference re-evaluates its matching deployment: only when asked.
    r.has_references = options.references;
    if (options.references) r.references = compare_references(s, catalog, r);
    return r;
}

} // namespace

Report evaluate(const Scenario& s, const Catalog& catalog, const EvaluateOptions& options) {
    // A scenario that carries its measured device (a shared link) runs on that device.
    if (s.serving.accelerator == kMeasuredDeviceId && s.serving.measured_device.present()) {
        const Accelerator device = measured_accelerator(s.serving.measured_device);
        const Accelerator* have = catalog.accelerator(kMeasuredDeviceId);
        if (!have || !same_device(*have, device)) {
            Catalog with_device = catalog;
            with_device.put(device);
            return evaluate_here(s, with_device, options);
        }
    }
    return evaluate_here(s, catalog, options);
}

} // namespace costlab
