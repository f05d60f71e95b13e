// Path -> member map for the scenario (see fields.h). Labels, units and ranges come from the
// core's scenario_fields(); only the member each path names is written here.
#include "fields.h"

#include <cmath>
#include <cstring>

namespace costlab::gui {

namespace {

struct Member {
    const char* path;
    FieldKind kind;
    void* (*ptr)(Scenario&);
};

#define M(path, kind, member)                                                                     \
    {                                                                                              \
        path, FieldKind::kind, [](Scenario& s) -> void* { return &s.member; }                     \
    }

const Member kMembers[] = {
    M("text.model", str, text.model),
    M("text.precision", precision, text.precision),
    M("text.input_tokens", i64, text.input_tokens),
    M("text.output_tokens", i64, text.output_tokens),
    M("text.reasoning_tokens", i64, text.reasoning_tokens),
    M("text.gpus", i32, text.gpus),
    M("text.batch", i32, text.batch),
    M("text.engine", str, text.engine),
    M("text.min_tokens_per_s_per_user", f64, text.min_tokens_per_s_per_user),
    M("text.speculative", guidance, text.speculative),
    M("text.spec_draft_tokens", i32, text.spec_draft_tokens),
    M("text.spec_acceptance", f64, text.spec_acceptance),
    M("image.model", str, image.model),
    M("image.precision", precision, image.precision),
    M("image.width_px", i32, image.width_px),
    M("image.height_px", i32, image.height_px),
    M("image.steps", i32, image.steps),
    M("image.guidance", guidance, image.guidance),
    M("image.prompt_tokens", i64, image.prompt_tokens),
    M("image.gpus", i32, image.gpus),
    M("image.batch", i32, image.batch),
    M("image.engine", str, image.engine),
    M("image.offload", guidance, image.offload),
    M("video.enabled", i32, video.enabled),
    M("video.model", str, video.model),
    M("video.precision", precision, video.precision),
    M("video.width_px", i32, video.width_px),
    M("video.height_px", i32, video.height_px),
    M("video.frames", i32, video.frames),
    M("video.fps", i32, video.fps),
    M("video.steps", i32, video.steps),
    M("video.guidance", guidance, video.guidance),
    M("video.gpus", i32, video.gpus),
    M("video.batch", i32, video.batch),
    M("video.offload", guidance, video.offload),
    M("serving.accelerator", str, serving.accelerator),
    M("serving.measured_device", device, serving.measured_device),
    M("serving.ownership", ownership, serving.ownership),
    M("serving.usd_per_gpu_hour", opt_f64, serving.usd_per_gpu_hour),
    M("serving.purchase_usd", opt_f64, serving.purchase_usd),
    M("serving.amortization_years", f64, serving.amortization_years),
    M("serving.usd_per_kwh", f64, serving.usd_per_kwh),
    M("serving.pue", f64, serving.pue),
    M("serving.grid_gco2_per_kwh", f64, serving.grid_gco2_per_kwh),
    M("serving.wue_l_per_kwh", f64, serving.wue_l_per_kwh),
    M("serving.electricity_water_l_per_kwh", f64, serving.electricity_water_l_per_kwh),
    M("serving.embodied_gpu_kgco2e", f64, serving.embodied_gpu_kgco2e),
    M("serving.embodied_server_kgco2e_per_gpu", f64, serving.embodied_server_kgco2e_per_gpu),
    M("serving.hardware_utilization", f64, serving.hardware_utilization),
    M("assumptions.prefill_compute_utilization", f64, assumptions.prefill_compute_utilization),
    M("assumptions.decode_compute_utilization", f64, assumptions.decode_compute_utilization),
    M("assumptions.memory_bw_utilization", f64, assumptions.memory_bw_utilization),
    M("assumptions.diffusion_compute_utilization", f64, assumptions.diffusion_compute_utilization),
    M("assumptions.video_compute_utilization", f64, assumptions.video_compute_utilization),
    M("assumptions.interconnect_utilization", f64, assumptions.interconnect_utilization),
    M("assumptions.allreduce_latency_s", f64, assumptions.allreduce_latency_s),
    M("assumptions.decode_step_overhead_s", f64, assumptions.decode_step_overhead_s),
    M("assumptions.decode_overhead_per_sequence_s", f64,
      assumptions.decode_overhead_per_sequence_s),
    M("assumptions.diffusion_step_overhead_s", f64, assumptions.diffusion_step_overhead_s),
    M("assumptions.moe_imbalance", f64, assumptions.moe_imbalance),
    M("assumptions.moe_layer_overhead_s", f64, assumptions.moe_layer_overhead_s),
    M("assumptions.compute_half_tokens", f64, assumptions.compute_half_tokens),
    M("assumptions.kv_bw_utilization", f64, assumptions.kv_bw_utilization),
    M("assumptions.memory_usable_fraction", f64, assumptions.memory_usable_fraction),
    M("assumptions.prefill_chunk_tokens", i64, assumptions.prefill_chunk_tokens),
    M("assumptions.gpu_power_fraction_compute_bound", f64,
      assumptions.gpu_power_fraction_compute_bound),
    M("assumptions.gpu_power_fraction_memory_bound", f64,
      assumptions.gpu_power_fraction_memory_bound),
    M("assumptions.host_energy_fraction", f64, assumptions.host_energy_fraction),
    M("assumptions.idle_capacity_fraction", f64, assumptions.idle_capacity_fraction),
    M("assumptions.request_overhead_s", f64, assumptions.request_overhead_s),
    M("assumptions.sglang_speed", f64, assumptions.sglang_speed),
    M("assumptions.trtllm_speed", f64, assumptions.trtllm_speed),
    M("assumptions.compiled_speed", f64, assumptions.compiled_speed),
    M("assumptions.tensorrt_speed", f64, assumptions.tensorrt_speed),
    M("assumptions.sglang_overhead", f64, assumptions.sglang_overhead),
    M("assumptions.trtllm_overhead", f64, assumptions.trtllm_overhead),
    M("assumptions.compiled_overhead", f64, assumptions.compiled_overhead),
    M("assumptions.tensorrt_overhead", f64, assumptions.tensorrt_overhead),
    M("fleet.text_queries_per_day", f64, fleet.text_queries_per_day),
    M("fleet.images_per_day", f64, fleet.images_per_day),
    M("fleet.videos_per_day", f64, fleet.videos_per_day),
    M("fleet.peak_to_average", f64, fleet.peak_to_average),
    M("fleet.fixed_fleet_gpus", i64, fleet.fixed_fleet_gpus),
    M("fleet.users", f64, fleet.users),
    M("fleet.text_slo_p99_s", f64, fleet.text_slo_p99_s),
    M("fleet.image_slo_p99_s", f64, fleet.image_slo_p99_s),
    M("fleet.text_reply_length_cv", f64, fleet.text_reply_length_cv),
    M("fleet.text_cap_per_user_per_day", f64, fleet.text_cap_per_user_per_day),
    M("fleet.image_cap_per_user_per_day", f64, fleet.image_cap_per_user_per_day),
    M("fleet.share_users_at_cap", f64, fleet.share_users_at_cap),
    M("business.usd_price_per_text_query", f64, business.usd_price_per_text_query),
    M("business.usd_price_per_image", f64, business.usd_price_per_image),
    M("business.usd_subscription_per_month", f64, business.usd_subscription_per_month),
    M("business.text_queries_per_user_per_day", f64, business.text_queries_per_user_per_day),
    M("business.images_per_user_per_day", f64, business.images_per_user_per_day),
};
#undef M

template <class T> T& at(const FieldRef& f, Scenario& s) {
    return *static_cast<T*>(f.ptr(s));
}
template <class T> const T& at(const FieldRef& f, const Scenario& s) {
    return *static_cast<const T*>(f.ptr(const_cast<Scenario&>(s)));
}

} // namespace

std::optional<double> FieldRef::get(const Scenario& s) const {
    if (!ptr) return std::nullopt;
    switch (kind) {
    case FieldKind::i32:
        return double(at<int>(*this, s));
    case FieldKind::i64:
        return double(at<int64_t>(*this, s));
    case FieldKind::f64:
        return at<double>(*this, s);
    case FieldKind::opt_f64:
        return at<std::optional<double>>(*this, s);
    default:
        return std::nullopt;
    }
}

void FieldRef::set(Scenario& s, double v) const {
    if (!ptr || !std::isfinite(v)) return; // never store NaN: validation could not name it
    switch (kind) {
    case FieldKind::i32:
        at<int>(*this, s) = int(std::llround(std::fmax(-2e9, std::fmin(2e9, v))));
        break;
    case FieldKind::i64:
        at<int64_t>(*this, s) = int64_t(std::llround(std::fmax(-9e18, std::fmin(9e18, v))));
        break;
    case FieldKind::f64:
        at<double>(*this, s) = v;
        break;
    case FieldKind::opt_f64:
        at<std::optional<double>>(*this, s) = v;
        break;
    default:
        break;
    }
}

void FieldRef::reset(Scenario& s) const {
    if (ptr && kind == FieldKind::opt_f64) at<std::optional<double>>(*this, s).reset();
}

std::string FieldRef::text(const Scenario& s) const {
    if (!ptr) return {};
    switch (kind) {
    case FieldKind::str:
        return at<std::string>(*this, s);
    case FieldKind::precision:
        return to_string(at<Precision>(*this, s));
    case FieldKind::guidance:
        return to_string(at<Guidance>(*this, s));
    case FieldKind::ownership:
        return to_string(at<Ownership>(*this, s));
    case FieldKind::device:
        return measured_device_to_text(at<MeasuredDevice>(*this, s));
    default:
        return {};
    }
}

const std::vector<FieldRef>& field_refs() {
    static const std::vector<FieldRef> refs = [] {
        std::vector<FieldRef> out;
        for (const FieldInfo& info : scenario_fields()) {
            FieldRef r;
            r.info = &info;
            for (const Member& m : kMembers)
                if (std::strcmp(m.path, info.json_path) == 0) {
                    r.kind = m.kind;
                    r.ptr = m.ptr;
                }
            out.push_back(r);
        }
        return out;
    }();
    return refs;
}

const FieldRef* field_ref(const char* json_path) {
    for (const FieldRef& r : field_refs())
        if (std::strcmp(r.info->json_path, json_path) == 0) return &r;
    return nullptr;
}

} // namespace costlab::gui
