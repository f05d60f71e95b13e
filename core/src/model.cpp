// The cost model's entry point evaluate(): validate, run both workloads (model_text.cpp,
// model_image.cpp), then money, energy, carbon, fleet and business figures from them.
#include "costlab/model.h"

#include "costlab/device.h"
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
    return w == Workload::image ? "image" : w == Workload::video ? "video" : "text";
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

FleetWorkloadReport fleet_for(const WorkloadReport& w, double per_day, const Scenario& s,
                              const Accelerator& acc, int gpus_per_replica) {
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
    f.gpus_needed = gpus < 9.2e18 ? int64_t(gpus) : std::numeric_limits<int64_t>::max();
    const double host =
        1 + s.assumptions.host_energy_fraction + s.assumptions.idle_capacity_fraction;
    f.facility_mw = gpus * w.gpu_power_w * host * s.serving.pue / 1e6;
    f.energy_mwh_per_day = per_day * w.facility_energy_wh / 1e6;
    f.co2_t_per_day = f.energy_mwh_per_day * s.serving.grid_gco2_per_kwh / 1000;
    // The fleet is provisioned for the peak and paid for all day.
    if (s.serving.ownership == Ownership::cloud)
        f.usd_per_day = gpus * 24 * s.serving.usd_per_gpu_hour.value_or(acc.usd_per_gpu_hour);
    else
        f.usd_per_day = gpus * 24 * owned_usd_per_gpu_hour(s, acc) +
                        f.energy_mwh_per_day * 1000 * s.serving.usd_per_kwh;

    const double fixed_replicas = std::floor(double(fl.fixed_fleet_gpus) / gpus_per_replica);
    const double capacity_peak_qps = fixed_replicas * qps_per_replica;
    // Served per day if demand keeps the same peak-to-average shape and peaks at capacity.
    f.queries_per_user_per_day = capacity_peak_qps * kSecondsPerDay / fl.peak_to_average / fl.users;
    f.utilization = capacity_peak_qps > 0 ? f.peak_queries_per_second / capacity_peak_qps
                                          : std::numeric_limits<double>::infinity();
    f.overloaded = f.utilization > 1;
    f.refused_fraction = f.overloaded ? 1 - 1 / f.utilization : 0;
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

} // namespace

Report evaluate(const Scenario& s, const Catalog& catalog) {
    // A scenario that carries its measured device (a shared link) runs on that device.
    if (s.serving.accelerator == kMeasuredDeviceId && s.serving.measured_device.present()) {
        const Accelerator device = measured_accelerator(s.serving.measured_device);
        const Accelerator* have = catalog.accelerator(kMeasuredDeviceId);
        if (!have || !same_device(*have, device)) {
            Catalog with_device = catalog;
            with_device.put(device);
            return evaluate(s, with_device);
        }
    }
    Report r;
    r.errors = validate(s, catalog);
    if (!r.errors.empty()) return r;
    const Accelerator& acc = *catalog.accelerator(s.serving.accelerator);
    r.text = evaluate_text(s, catalog);
    r.image = evaluate_image(s, catalog);
    r.video = evaluate_video(s, catalog);
    r.video_enabled = s.video.enabled != 0;
    warn_missing_units(r.text, acc, s.text.precision);
    warn_missing_units(r.image, acc, s.image.precision);
    warn_missing_units(r.video, acc, s.video.precision);

    r.image_to_text_usd = detail::ratio(r.image.usd_per_query, r.text.usd_per_query);
    r.image_to_text_energy = detail::ratio(r.image.facility_energy_wh, r.text.facility_energy_wh);
    r.image_to_text_gpu_seconds =
        detail::ratio(r.image.gpu_seconds_per_query, r.text.gpu_seconds_per_query);

    r.video_to_image_usd = detail::ratio(r.video.usd_per_query, r.image.usd_per_query);
    r.video_to_text_usd = detail::ratio(r.video.usd_per_query, r.text.usd_per_query);
    r.video_to_image_energy = detail::ratio(r.video.facility_energy_wh, r.image.facility_energy_wh);
    r.video_to_text_energy = detail::ratio(r.video.facility_energy_wh, r.text.facility_energy_wh);
    r.video_to_image_gpu_seconds =
        detail::ratio(r.video.gpu_seconds_per_query, r.image.gpu_seconds_per_query);
    r.video_to_text_gpu_seconds =
        detail::ratio(r.video.gpu_seconds_per_query, r.text.gpu_seconds_per_query);

    // gpus as resolved by the model (0 in the scenario = smallest group that fits)
    const ImageModel& im = *catalog.image_model(s.image.model);
    const int image_gpus_per_replica = im.family == ImageFamily::autoregressive ? r.image.gpus : 1;
    r.fleet_text = detail::fleet_for(r.text, s.fleet.text_queries_per_day, s, acc, r.text.gpus);
    r.fleet_image =
        detail::fleet_for(r.image, s.fleet.images_per_day, s, acc, image_gpus_per_replica);
    // A video is made by one sequence-parallel group: the replica is the whole group.
    r.fleet_video =
        detail::fleet_for(r.video, s.fleet.videos_per_day, s, acc, std::max(1, r.video.gpus));
    for (auto* f : {&r.fleet_text, &r.fleet_image, &r.fleet_video}) {
        // A fixed fleet of a visitor's measured device means nothing: no fleet warning.
        if (!f->overloaded || acc.measured) continue;
        // Video is off unless enabled: no fleet warning about a workload nobody asked for.
        if (f == &r.fleet_video && !s.video.enabled) continue;
        WorkloadReport& w = f == &r.fleet_text ? r.text : f == &r.fleet_image ? r.image : r.video;
        char buf[240];
        if (std::isfinite(f->utilization))
            std::snprintf(buf, sizeof buf,
                          "the fixed fleet of %lld GPUs is overloaded at peak (%.0f%% of its "
                          "capacity): %.0f%% of peak requests queue or are refused",
                          (long long)s.fleet.fixed_fleet_gpus, f->utilization * 100,
                          f->refused_fraction * 100);
        else // fewer GPUs than one replica needs
            std::snprintf(buf, sizeof buf,
                          "the fixed fleet of %lld GPUs is smaller than one replica (%d GPUs): "
                          "it cannot serve this workload at all",
                          (long long)s.fleet.fixed_fleet_gpus, w.gpus);
        w.warnings.push_back(buf);
    }

    const Business& b = s.business;
    r.business.text_break_even_usd = r.text.usd_per_query;
    r.business.image_break_even_usd = r.image.usd_per_query;
    r.business.text_margin = detail::margin(b.usd_price_per_text_query, r.text.usd_per_query);
    r.business.image_margin = detail::margin(b.usd_price_per_image, r.image.usd_per_query);
    r.business.usd_cost_per_user_per_month =
        detail::kDaysPerMonth * (b.text_queries_per_user_per_day * r.text.usd_per_query +
                                 b.images_per_user_per_day * r.image.usd_per_query);
    r.business.subscription_margin =
        detail::margin(b.usd_subscription_per_month, r.business.usd_cost_per_user_per_month);
    return r;
}

} // namespace costlab
