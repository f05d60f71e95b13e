// The serving engines' table (costlab/engine.h). Adding an engine is a row here plus, if it has
// a speed of its own, one Assumptions member with its field-table row (scenario.cpp) and its
// fit box (validation.cpp).
#include "costlab/engine.h"

#include <algorithm>

namespace costlab {

const std::vector<Engine>& engines() {
    static const std::vector<Engine> table = {
        {"vllm", "vLLM", EngineWorkload::text, nullptr, nullptr, true, false,
         "reference engine: vLLM (Kwon et al., 'Efficient Memory Management for Large Language "
         "Model Serving with PagedAttention', SOSP 2023), continuous batching with chunked "
         "prefill; speculative decoding and DeepSeek MTP in vLLM >= 0.8 (docs.vllm.ai, "
         "features/spec_decode)"},
        {"sglang", "SGLang", EngineWorkload::text, &Assumptions::sglang_speed,
         &Assumptions::sglang_overhead, true, false,
         "SGLang (Zheng et al., NeurIPS 2024, arXiv:2312.07104): RadixAttention, overlap "
         "scheduler, EAGLE/MTP speculative decoding (docs.sglang.ai); speed fitted on rows "
         "run with SGLang"},
        {"trtllm", "TensorRT-LLM", EngineWorkload::text, &Assumptions::trtllm_speed,
         &Assumptions::trtllm_overhead, true, false,
         "NVIDIA TensorRT-LLM (github.com/NVIDIA/TensorRT-LLM): C++ runtime, in-flight batching, "
         "FP8/FP4 kernels, MTP for DeepSeek-R1 (docs/source/performance/perf-overview.md); "
         "speed fitted on rows run with TensorRT-LLM"},
        {"diffusers", "diffusers (eager)", EngineWorkload::image, nullptr, nullptr, false, false,
         "reference engine: Hugging Face diffusers pipelines in eager PyTorch, one image's "
         "denoiser on one GPU (github.com/huggingface/diffusers)"},
        {"compiled", "compiled (torch.compile)", EngineWorkload::image,
         &Assumptions::compiled_speed, &Assumptions::compiled_overhead, false, false,
         "diffusers with torch.compile, fused attention and dynamic fp8 quantization "
         "(Hugging Face, 'torch.compile and diffusers', and pytorch-labs/flux-fast, 2025); "
         "speed fitted on rows run compiled"},
        {"tensorrt", "TensorRT", EngineWorkload::image, &Assumptions::tensorrt_speed,
         &Assumptions::tensorrt_overhead, false, false,
         "NVIDIA TensorRT diffusion pipelines (TensorRT demo/Diffusion, 2024-2025); speed "
         "fitted on rows run with TensorRT"},
        {"xdit", "xDiT (sequence parallel)", EngineWorkload::image, nullptr, nullptr, false, true,
         "xDiT (Fang et al., arXiv:2411.01738, 2024): diffusers kernels with Ulysses / ring "
         "sequence parallelism, one image's tokens over image.gpus GPUs"},
    };
    return table;
}

const Engine* find_engine(const std::string& id, EngineWorkload w) {
    // Called several times per evaluation: compare in place, no strlen or string temporaries.
    for (const Engine& e : engines()) {
        if (e.workload != w) continue;
        size_t i = 0;
        while (i < id.size() && e.id[i] != '\0' && e.id[i] == id[i])
            ++i;
        if (i == id.size() && e.id[i] == '\0') return &e;
    }
    return nullptr;
}

std::string engine_ids(EngineWorkload w) {
    std::string ids;
    for (const Engine& e : engines())
        if (e.workload == w) ids += (ids.empty() ? "" : ", ") + std::string(e.id);
    return ids;
}

double engine_speed(const Engine& e, const Assumptions& a) {
    return e.speed ? a.*e.speed : 1.0;
}

double engine_overhead(const Engine& e, const Assumptions& a) {
    return e.overhead ? a.*e.overhead : 1.0;
}

Assumptions engine_assumptions(const Engine& e, const Assumptions& a) {
    const double k = engine_speed(e, a), o = engine_overhead(e, a);
    if (k == 1.0 && o == 1.0) return a;
    Assumptions r = a;
    // A faster engine reaches a higher share of the ceilings (fused kernels, FP8 attention) and
    // spends less CPU time per step (C++ runtime, CUDA graphs, overlap scheduling).
    for (double* u :
         {&r.prefill_compute_utilization, &r.decode_compute_utilization,
          &r.diffusion_compute_utilization, &r.memory_bw_utilization, &r.kv_bw_utilization})
        *u = std::min(kMaxUtilization, *u * k);
    for (double* t : {&r.decode_step_overhead_s, &r.decode_overhead_per_sequence_s,
                      &r.diffusion_step_overhead_s, &r.moe_layer_overhead_s, &r.request_overhead_s})
        *t *= o;
    return r;
}

} // namespace costlab
