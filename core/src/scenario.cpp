// Scenario <-> JSON and URL fragment, and validation. Everything is driven by kFields: one
// row per input with its JSON path, URL key, range, unit and (for assumptions) the source
// of its default. Adding an input = adding a member to scenario.h and a row here.
#include "costlab/scenario.h"

#include "costlab/device.h"
#include "costlab/engine.h"
#include "costlab/input.h"
#include "costlab/limits.h"

#include "detail/json_util.h"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>

namespace costlab {

using detail::json;

const char* to_string(Guidance g) {
    switch (g) {
    case Guidance::on:
        return "on";
    case Guidance::off:
        return "off";
    default:
        return "model_default";
    }
}
const char* to_string(Ownership o) {
    return o == Ownership::owned ? "owned" : "cloud";
}

namespace {

enum class Kind { i32, i64, f64, opt_f64, str, precision, guidance, ownership, device };

struct Field {
    FieldInfo info;
    Kind kind;
    void* (*ptr)(Scenario&);
    const void* cptr(const Scenario& s) const { return ptr(const_cast<Scenario&>(s)); }
};

#define P(member) [](Scenario& s) -> void* { return &s.member; }

// Sources of defaults. Inputs the user describes (model, tokens...) have none.
constexpr const char* kSrcFitted =
    "fitted by `costlab validate --fit` on the public validation set tests/validation/"
    "measurements.json (MLPerf Inference, ML.ENERGY and others; leave-one-out error in the "
    "methodology page), 2026-12";
constexpr const char* kSrcGoogle2025 =
    "Elsworth et al., 'Measuring the environmental impact of delivering AI at Google Scale', "
    "arXiv:2508.15734 (2025-08): median Gemini text prompt = 58% accelerator, 25% host CPU+DRAM, "
    "10% idle machines, 8% facility overhead";

const Field kFields[] = {
    // text workload
    {{"text.model", "tm", "Text model", "catalog id", 0, 0, ""}, Kind::str, P(text.model)},
    {{"text.precision", "tp", "Text precision", "format", 0, 0, ""},
     Kind::precision,
     P(text.precision)},
    {{"text.input_tokens", "ti", "Input tokens", "tokens", 1, double(limits::kMaxInputTokens), ""},
     Kind::i64,
     P(text.input_tokens)},
    {{"text.output_tokens", "to", "Output tokens", "tokens", 1, double(limits::kMaxOutputTokens),
      ""},
     Kind::i64,
     P(text.output_tokens)},
    {{"text.reasoning_tokens", "tr", "Reasoning tokens", "tokens", 0,
      double(limits::kMaxOutputTokens), ""},
     Kind::i64,
     P(text.reasoning_tokens)},
    {{"text.gpus", "tg", "GPUs per text replica", "GPUs", 1, limits::kMaxGpusPerReplica, ""},
     Kind::i32,
     P(text.gpus)},
    {{"text.batch", "tb", "Text batch", "sequences", 1, limits::kMaxTextBatch, ""},
     Kind::i32,
     P(text.batch)},
    {{"text.engine", "te", "Text serving engine", "vllm|sglang|trtllm", 0, 0, ""},
     Kind::str,
     P(text.engine)},
    {{"text.min_tokens_per_s_per_user", "tu", "Per-user speed the max batch keeps", "tokens/s", 0,
      10000,
      "MLCommons, MLPerf Inference v5.0 Llama-2-70B Interactive scenario: time per output token "
      "<= 40 ms (25 tokens/s per user), 2025-04"},
     Kind::f64,
     P(text.min_tokens_per_s_per_user)},
    {{"text.speculative", "tsd", "Speculative decoding / MTP", "model_default|on|off", 0, 0, ""},
     Kind::guidance,
     P(text.speculative)},
    {{"text.spec_draft_tokens", "tsk", "Drafted tokens per step", "tokens", 1, 16,
      "DeepSeek-AI, DeepSeek-V3 Technical Report, arXiv:2412.19437, sec. 2.2 and 5.4.3: one MTP "
      "module (depth 1), 2024-12"},
     Kind::i32,
     P(text.spec_draft_tokens)},
    {{"text.spec_acceptance", "tsa", "Draft acceptance rate", "probability", 0, 0.99,
      "DeepSeek-V3 Technical Report, arXiv:2412.19437, sec. 5.4.3: the second token's acceptance "
      "rate is 85-90% across generation topics, 2024-12"},
     Kind::f64,
     P(text.spec_acceptance)},
    // image workload
    {{"image.model", "im", "Image model", "catalog id", 0, 0, ""}, Kind::str, P(image.model)},
    {{"image.precision", "ip", "Image precision", "format", 0, 0, ""},
     Kind::precision,
     P(image.precision)},
    {{"image.width_px", "iw", "Width", "px", limits::kMinImageSidePx, limits::kMaxImageSidePx, ""},
     Kind::i32,
     P(image.width_px)},
    {{"image.height_px", "ih", "Height", "px", limits::kMinImageSidePx, limits::kMaxImageSidePx,
      ""},
     Kind::i32,
     P(image.height_px)},
    {{"image.steps", "is", "Denoising steps", "steps", 1, limits::kMaxSteps, ""},
     Kind::i32,
     P(image.steps)},
    {{"image.guidance", "ig", "Classifier-free guidance", "model_default|on|off", 0, 0, ""},
     Kind::guidance,
     P(image.guidance)},
    {{"image.prompt_tokens", "it", "Prompt tokens (autoregressive)", "tokens", 1,
      double(limits::kMaxPromptTokens), ""},
     Kind::i64,
     P(image.prompt_tokens)},
    {{"image.gpus", "igp", "GPUs for images", "GPUs", 1, limits::kMaxGpusPerReplica, ""},
     Kind::i32,
     P(image.gpus)},
    {{"image.batch", "ib", "Images per GPU batch", "images", 1, limits::kMaxImageBatch, ""},
     Kind::i32,
     P(image.batch)},
    {{"image.engine", "ie", "Image serving engine", "diffusers|compiled|tensorrt|xdit", 0, 0, ""},
     Kind::str,
     P(image.engine)},
    {{"image.offload", "io", "CPU offload (image)", "model_default|on|off", 0, 0, ""},
     Kind::guidance,
     P(image.offload)},
    // video workload (appended after image: field order is the URL/JSON order)
    {{"video.enabled", "ve", "Video in Compare", "0 off, 1 on", 0, 1, ""},
     Kind::i32,
     P(video.enabled)},
    {{"video.model", "vm", "Video model", "catalog id", 0, 0, ""}, Kind::str, P(video.model)},
    {{"video.precision", "vp", "Video precision", "format", 0, 0, ""},
     Kind::precision,
     P(video.precision)},
    {{"video.width_px", "vw", "Video width", "px", limits::kMinVideoSidePx, limits::kMaxVideoSidePx,
      ""},
     Kind::i32,
     P(video.width_px)},
    {{"video.height_px", "vh", "Video height", "px", limits::kMinVideoSidePx,
      limits::kMaxVideoSidePx, ""},
     Kind::i32,
     P(video.height_px)},
    {{"video.frames", "vf", "Frames", "frames", 1, limits::kMaxVideoFrames, ""},
     Kind::i32,
     P(video.frames)},
    {{"video.fps", "vr", "Frames per second", "fps", limits::kMinVideoFps, limits::kMaxVideoFps,
      ""},
     Kind::i32,
     P(video.fps)},
    {{"video.steps", "vs", "Video denoising steps", "steps", 1, limits::kMaxSteps, ""},
     Kind::i32,
     P(video.steps)},
    {{"video.guidance", "vg", "Video classifier-free guidance", "model_default|on|off", 0, 0, ""},
     Kind::guidance,
     P(video.guidance)},
    {{"video.gpus", "vgp", "GPUs per video (sequence parallel)", "GPUs", 1, limits::kMaxVideoGpus,
      ""},
     Kind::i32,
     P(video.gpus)},
    {{"video.batch", "vb", "Videos per batch", "videos", 1, limits::kMaxVideoBatch, ""},
     Kind::i32,
     P(video.batch)},
    {{"video.offload", "vo", "CPU offload (video)", "model_default|on|off", 0, 0, ""},
     Kind::guidance,
     P(video.offload)},
    // serving
    {{"serving.accelerator", "g", "Accelerator", "catalog id", 0, 0, ""},
     Kind::str,
     P(serving.accelerator)},
    {{"serving.measured_device", "md", "Measured device (time my hardware)",
      "label~GFLOP/s~GB/s~GB~W[~f16 GFLOP/s]", 0, 0,
      "measured in the browser of whoever made the link (web/hw/benchmark.js)"},
     Kind::device,
     P(serving.measured_device)},
    {{"serving.ownership", "own", "Cloud or owned", "cloud|owned", 0, 0, ""},
     Kind::ownership,
     P(serving.ownership)},
    {{"serving.usd_per_gpu_hour", "usd", "Price per GPU-hour (unset = catalog)", "USD/h", 0, 1000,
      "catalog: the accelerator's usd_per_gpu_hour"},
     Kind::opt_f64,
     P(serving.usd_per_gpu_hour)},
    {{"serving.purchase_usd", "buy", "Purchase price per GPU (unset = catalog)", "USD", 0, 1e7,
      "catalog: the accelerator's purchase_usd"},
     Kind::opt_f64,
     P(serving.purchase_usd)},
    {{"serving.amortization_years", "amy", "Amortization period", "years", 0.25, 20,
      "costlab default: 4 years, the short end of the 4-6 years hyperscalers and GPU clouds "
      "depreciate servers over (company 10-K filings, 2024)"},
     Kind::f64,
     P(serving.amortization_years)},
    {{"serving.usd_per_kwh", "kwh", "Electricity price", "USD/kWh", 0, 10,
      "US EIA Electric Power Monthly table 5.6.A: average US industrial price 2024, about 8.2 "
      "cents/kWh"},
     Kind::f64,
     P(serving.usd_per_kwh)},
    {{"serving.pue", "pue", "PUE (facility / IT energy)", "ratio", 1, 5,
      "Uptime Institute Global Data Center Survey 2024: industry mean 1.56; hyperscale and GPU "
      "cloud sites report 1.1-1.2 (Google fleet 1.09, 2024). costlab uses 1.2"},
     Kind::f64,
     P(serving.pue)},
    {{"serving.grid_gco2_per_kwh", "co2", "Grid carbon intensity", "gCO2/kWh", 0, 2000,
      "US EIA FAQ 'How much carbon dioxide is produced per kilowatthour of U.S. electricity "
      "generation?': 0.81 lb/kWh in 2023 = 367 g/kWh"},
     Kind::f64,
     P(serving.grid_gco2_per_kwh)},
    {{"serving.wue_l_per_kwh", "wue", "On-site water (WUE) per kWh of IT energy", "L/kWh", 0, 20,
      "Li, Yang, Islam and Ren, 'Making AI Less \"Thirsty\"', arXiv:2304.03271 (2023): 0.55 "
      "L/kWh, Microsoft's U.S. fleet average; The Green Grid WUE = site water / IT energy. Sites "
      "range from ~0 (dry or closed-loop cooling) past 1.8 L/kWh (evaporative, hot climates)"},
     Kind::f64,
     P(serving.wue_l_per_kwh)},
    {{"serving.electricity_water_l_per_kwh", "ewf", "Off-site water per kWh of electricity",
      "L/kWh", 0, 100,
      "Li et al. 2023 (see WUE): 3.142 L/kWh, the U.S. average electricity water intensity "
      "factor (EWIF: water consumed by power plants per kWh); it varies several-fold by grid"},
     Kind::f64,
     P(serving.electricity_water_l_per_kwh)},
    {{"serving.embodied_gpu_kgco2e", "egp", "Embodied carbon of one GPU", "kgCO2e", 0, 1e5,
      "Luccioni, Viguier and Ligozat, 'Estimating the Carbon Footprint of BLOOM', JMLR 24 "
      "(2023): 150 kgCO2e to manufacture one NVIDIA A100 (no published LCA for newer "
      "GPUs; NVIDIA's HGX H100 and B200 product carbon footprints give only intensities, 0.66 "
      "and 0.50 gCO2e per exaFLOP, NVIDIA developer blog 2025)"},
     Kind::f64,
     P(serving.embodied_gpu_kgco2e)},
    {{"serving.embodied_server_kgco2e_per_gpu", "esv", "Embodied carbon of the server, per GPU",
      "kgCO2e", 0, 1e5,
      "Luccioni et al. 2023 (see GPU): 2500 kgCO2e for the rest of an HPE Apollo 6500 Gen10 Plus "
      "server without its GPUs, shared by its 8 GPUs (48 servers, 384 A100) = 312.5 kg each; "
      "Chien et al., HotCarbon 2023, estimate 318 kg per GPU for GPU plus server share"},
     Kind::f64,
     P(serving.embodied_server_kgco2e_per_gpu)},
    {{"serving.hardware_utilization", "hwu", "Share of the hardware's life spent serving",
      "fraction", 0.01, 1,
      "costlab default 0.5: a fleet provisioned for its peak at a peak-to-average of 2 "
      "(fleet.peak_to_average) is busy half the time on average; Scope3's AI methodology (2025) "
      "assumes 95% for training clusters, the low end of embodied carbon per query. The life is "
      "serving.amortization_years"},
     Kind::f64,
     P(serving.hardware_utilization)},
    // assumptions
    {{"assumptions.prefill_compute_utilization", "upc", "Prefill compute utilization (large work)",
      "fraction", 0.01, 1, kSrcFitted},
     Kind::f64,
     P(assumptions.prefill_compute_utilization)},
    {{"assumptions.decode_compute_utilization", "udc", "Decode compute utilization (large batch)",
      "fraction", 0.01, 1, kSrcFitted},
     Kind::f64,
     P(assumptions.decode_compute_utilization)},
    {{"assumptions.memory_bw_utilization", "umb", "Memory bandwidth utilization", "fraction", 0.01,
      1,
      "costlab default 0.8: memory-bound decode kernels reach 70-90% of HBM peak (FlashDecoding, "
      "Dao et al. 2023; vLLM/TensorRT-LLM profiles); calibrated in tests/test_calibration.cpp"},
     Kind::f64,
     P(assumptions.memory_bw_utilization)},
    {{"assumptions.kv_bw_utilization", "ukv", "KV-cache read bandwidth utilization", "fraction",
      0.01, 1,
      "fitted (see above) on the large-batch decode points; PagedAttention gathers the KV cache "
      "in 16-token blocks below streaming bandwidth (Kwon et al., SOSP 2023, fig. 18: the paged "
      "kernel is 20-26% slower than a contiguous one; FlashInfer, Ye et al. 2025)"},
     Kind::f64,
     P(assumptions.kv_bw_utilization)},
    {{"assumptions.diffusion_compute_utilization", "udf",
      "Diffusion compute utilization (large work)", "fraction", 0.01, 1, kSrcFitted},
     Kind::f64,
     P(assumptions.diffusion_compute_utilization)},
    {{"assumptions.video_compute_utilization", "uvd", "Video DiT compute utilization (large work)",
      "fraction", 0.01, 1,
      "fitted (see above) on the ML.ENERGY v3 text-to-video points; prior 0.5 = the image "
      "denoiser's prior. A video pass is mostly full 3D attention over 10^4-10^5 tokens "
      "(model_video.cpp), run by FlashAttention kernels that reach 50-75% of H100 peak in the "
      "forward pass (Shah et al., 'FlashAttention-3', arXiv:2407.08608, 2024), above the "
      "GEMM mix of an image pass"},
     Kind::f64,
     P(assumptions.video_compute_utilization)},
    {{"assumptions.compute_half_tokens", "cht", "Work for half the compute utilization",
      "tokens per pass on a 989 TFLOP/s GPU", 1, 1e6,
      "fitted (see above) on the small-batch points; the mechanism: achieved GEMM throughput "
      "rises with the rows of work until every SM has tiles (wave quantization; NVIDIA "
      "'Matrix Multiplication Background User's Guide', 2023) and scales with the GPU's peak"},
     Kind::f64,
     P(assumptions.compute_half_tokens)},
    {{"assumptions.interconnect_utilization", "uic", "Interconnect utilization", "fraction", 0.01,
      1,
      "costlab default 0.7: NCCL all-reduce bus bandwidth in nccl-tests reaches about 70-80% of "
      "NVLink peak on 8-GPU nodes"},
     Kind::f64,
     P(assumptions.interconnect_utilization)},
    {{"assumptions.allreduce_latency_s", "arl", "All-reduce fixed latency", "s", 0, 1,
      "costlab default 10 us: small-message NCCL all-reduce latency inside one NVLink node is "
      "on the order of 10 us (nccl-tests)"},
     Kind::f64,
     P(assumptions.allreduce_latency_s)},
    {{"assumptions.decode_step_overhead_s", "dso", "Overhead per decode step", "s", 0, 10,
      "costlab default 2 ms: scheduling, sampling and launch overhead per decode iteration "
      "(vLLM v0.6.0 release blog, 2024-09: CPU overhead was a large share of each step)"},
     Kind::f64,
     P(assumptions.decode_step_overhead_s)},
    {{"assumptions.decode_overhead_per_sequence_s", "dsq", "Overhead per decode step per sequence",
      "s", 0, 1,
      "fitted (see above); sampling, detokenization and scheduling grow with the sequences in a "
      "step (vLLM v0.6.0 release blog, 2024-09; Kwon et al. SOSP 2023)"},
     Kind::f64,
     P(assumptions.decode_overhead_per_sequence_s)},
    {{"assumptions.diffusion_step_overhead_s", "dfo", "Overhead per denoiser pass", "s", 0, 10,
      "fitted (see above); scheduler step and kernel launches per denoiser call in diffusers"},
     Kind::f64,
     P(assumptions.diffusion_step_overhead_s)},
    {{"assumptions.moe_imbalance", "moi", "MoE load on the busiest expert / mean", "ratio", 1, 10,
      "fitted (see above); routing is uneven even with load balancing: DeepSeek-V3 report "
      "(arXiv:2412.19437) sec. 3.4 replicates hot experts to even it out; Mixtral's router "
      "shows per-expert loads far from uniform (Jiang et al. 2024, sec. 5)"},
     Kind::f64,
     P(assumptions.moe_imbalance)},
    {{"assumptions.moe_layer_overhead_s", "mlo", "Overhead per MoE layer per pass", "s", 0, 0.1,
      "fitted (see above); gating, token permutation and grouped-GEMM launches per MoE layer "
      "(MegaBlocks, Gale et al. MLSys 2023)"},
     Kind::f64,
     P(assumptions.moe_layer_overhead_s)},
    {{"assumptions.memory_usable_fraction", "muf", "Usable share of GPU memory", "fraction", 0.1, 1,
      "vLLM engine argument gpu_memory_utilization, default 0.9 (vLLM docs)"},
     Kind::f64,
     P(assumptions.memory_usable_fraction)},
    {{"assumptions.prefill_chunk_tokens", "pct", "Prefill chunk", "tokens", 64, 1000000,
      "TensorRT-LLM max_num_tokens default 8192 (tokens in flight per forward pass; vLLM's "
      "chunked-prefill max_num_batched_tokens plays the same role): bounds activation memory"},
     Kind::i64,
     P(assumptions.prefill_chunk_tokens)},
    {{"assumptions.gpu_power_fraction_compute_bound", "pfc", "GPU power per unit of compute use",
      "share of idle-to-board power", 0, 5,
      "fitted (see above) on ML.ENERGY energy points; power = idle + (board - idle) x min(1, pfc "
      "x compute use + pfm x memory use); Patel et al., ASPLOS 2024: compute-heavy prompt "
      "phases draw close to TDP"},
     Kind::f64,
     P(assumptions.gpu_power_fraction_compute_bound)},
    {{"assumptions.gpu_power_fraction_memory_bound", "pfm", "GPU power per unit of memory use",
      "share of idle-to-board power", 0, 5,
      "fitted (see above); Patel et al., ASPLOS 2024: memory-bound token phases at small batch "
      "draw well below TDP"},
     Kind::f64,
     P(assumptions.gpu_power_fraction_memory_bound)},
    {{"assumptions.host_energy_fraction", "hef", "Host energy per GPU energy", "ratio", 0, 10,
      kSrcGoogle2025},
     Kind::f64,
     P(assumptions.host_energy_fraction)},
    {{"assumptions.idle_capacity_fraction", "icf", "Idle provisioned energy per GPU energy",
      "ratio", 0, 10, kSrcGoogle2025},
     Kind::f64,
     P(assumptions.idle_capacity_fraction)},
    {{"assumptions.request_overhead_s", "aro", "Per-request overhead before the prefill", "s", 0,
      10, kSrcFitted},
     Kind::f64,
     P(assumptions.request_overhead_s)},
    {{"assumptions.sglang_speed", "asg", "SGLang speed relative to vLLM", "ratio", 0.25, 4,
      kSrcFitted},
     Kind::f64,
     P(assumptions.sglang_speed)},
    {{"assumptions.trtllm_speed", "atr", "TensorRT-LLM speed relative to vLLM", "ratio", 0.25, 4,
      kSrcFitted},
     Kind::f64,
     P(assumptions.trtllm_speed)},
    {{"assumptions.compiled_speed", "acm", "Compiled diffusers speed relative to eager", "ratio",
      0.25, 4, kSrcFitted},
     Kind::f64,
     P(assumptions.compiled_speed)},
    {{"assumptions.tensorrt_speed", "atn", "TensorRT diffusion speed relative to eager", "ratio",
      0.25, 4, kSrcFitted},
     Kind::f64,
     P(assumptions.tensorrt_speed)},
    {{"assumptions.sglang_overhead", "aso", "SGLang per-step overhead relative to the reference",
      "ratio", 0.01, 10, kSrcFitted},
     Kind::f64,
     P(assumptions.sglang_overhead)},
    {{"assumptions.trtllm_overhead", "ato",
      "TensorRT-LLM per-step overhead relative to the reference", "ratio", 0.01, 10, kSrcFitted},
     Kind::f64,
     P(assumptions.trtllm_overhead)},
    {{"assumptions.compiled_overhead", "aco",
      "Compiled diffusers per-step overhead relative to the reference", "ratio", 0.01, 10,
      kSrcFitted},
     Kind::f64,
     P(assumptions.compiled_overhead)},
    {{"assumptions.tensorrt_overhead", "ano",
      "TensorRT diffusion per-step overhead relative to the reference", "ratio", 0.01, 10,
      kSrcFitted},
     Kind::f64,
     P(assumptions.tensorrt_overhead)},
    // fleet
    {{"fleet.text_queries_per_day", "fq", "Chat replies per day", "queries/day", 0, 1e13,
      "OpenAI, reported by Axios 2025-07-21: ChatGPT receives about 2.5 billion prompts a day; "
      "costlab default 1 billion"},
     Kind::f64,
     P(fleet.text_queries_per_day)},
    {{"fleet.images_per_day", "fi", "Images per day", "images/day", 0, 1e13,
      "OpenAI COO B. Lightcap, 2025-04: over 700 million images in the first week of GPT-4o "
      "image generation (about 100 million a day)"},
     Kind::f64,
     P(fleet.images_per_day)},
    {{"fleet.videos_per_day", "fv", "Videos per day", "videos/day", 0, 1e13,
      "costlab default: 10 million a day, an assumption: no provider publishes its video "
      "volume (OpenAI's Sora app passed 1 million downloads in under 5 days, Bill Peebles, "
      "2025-10-09)"},
     Kind::f64,
     P(fleet.videos_per_day)},
    {{"fleet.peak_to_average", "fp", "Peak-to-average demand", "ratio", 1, 100,
      "costlab default 2: diurnal peak of a global consumer service over its daily mean"},
     Kind::f64,
     P(fleet.peak_to_average)},
    {{"fleet.fixed_fleet_gpus", "fg", "Fixed fleet size", "GPUs", 1, double(limits::kMaxFleetGpus),
      "costlab default: 50,000 GPUs"},
     Kind::i64,
     P(fleet.fixed_fleet_gpus)},
    {{"fleet.users", "fu", "Daily users sharing the fleet", "users", 1, 1e11,
      "costlab default: 100 million daily users"},
     Kind::f64,
     P(fleet.users)},
    {{"fleet.text_slo_p99_s", "fst", "Target: P99 time to first token (0 = none)", "s", 0, 86400,
      "MLPerf Inference (MLCommons inference_rules.adoc), Llama 2 70B server scenario: P99 time "
      "to first token at most 2000 ms (with 200 ms per output token)"},
     Kind::f64,
     P(fleet.text_slo_p99_s)},
    {{"fleet.image_slo_p99_s", "fsi", "Target: P99 time to the image (0 = none)", "s", 0, 86400,
      "costlab default 30 s: a visitor's wait for one image; not a published figure, set your own"},
     Kind::f64,
     P(fleet.image_slo_p99_s)},
    {{"fleet.text_reply_length_cv", "fcv", "Variation of reply lengths (std / mean)", "ratio", 0,
      10,
      "Yan et al., 'ShareChat: A Dataset of Chatbot Conversations in the Wild', arXiv:2512.17843 "
      "(2025), table 1: chatbot reply lengths in public chat datasets have a standard deviation "
      "about equal to their mean (Alpaca 64.5 +- 64.9 tokens): 1.0"},
     Kind::f64,
     P(fleet.text_reply_length_cv)},
    {{"fleet.text_cap_per_user_per_day", "fct", "Cap: chat replies per user per day (0 = none)",
      "queries", 0, 1e6, ""},
     Kind::f64,
     P(fleet.text_cap_per_user_per_day)},
    {{"fleet.image_cap_per_user_per_day", "fci", "Cap: images per user per day (0 = none)",
      "images", 0, 1e6, ""},
     Kind::f64,
     P(fleet.image_cap_per_user_per_day)},
    {{"fleet.share_users_at_cap", "fsc", "Share of users who reach the cap", "fraction", 0, 1,
      "costlab default 1: every user at the cap, the upper bound of capped demand"},
     Kind::f64,
     P(fleet.share_users_at_cap)},
    // business
    {{"business.usd_price_per_text_query", "bt", "Price per chat reply", "USD", 0, 1e6,
      "about 800 tokens at ~$1 per million tokens, a 2025 API price for a 70B open model "
      "(e.g. Together AI Llama 3.1 70B Turbo, $0.88/M)"},
     Kind::f64,
     P(business.usd_price_per_text_query)},
    {{"business.usd_price_per_image", "bi", "Price per image", "USD", 0, 1e6,
      "FLUX.1 [dev] API price per megapixel image, about $0.025 (fal.ai / Replicate, 2025)"},
     Kind::f64,
     P(business.usd_price_per_image)},
    {{"business.usd_subscription_per_month", "bs", "Subscription per month", "USD", 0, 1e6,
      "ChatGPT Plus / Google AI Pro list price, $20 per month (2025)"},
     Kind::f64,
     P(business.usd_subscription_per_month)},
    {{"business.text_queries_per_user_per_day", "bqt",
      "Chat replies per user per day (0 = fleet demand / users)", "queries", 0, 1e6,
      "costlab default 0: the Fleet panel's chat replies per day over its daily users"},
     Kind::f64,
     P(business.text_queries_per_user_per_day)},
    {{"business.images_per_user_per_day", "bqi",
      "Images per user per day (0 = fleet demand / users)", "images", 0, 1e6,
      "costlab default 0: the Fleet panel's images per day over its daily users"},
     Kind::f64,
     P(business.images_per_user_per_day)},
};
#undef P

// Counts where the scenario stores 0 for "let the model decide"; written as the word. Only
// integer fields appear here.
struct AutoWord {
    const char* json_path;
    const char* word;
    const char* meaning;
};
const AutoWord kAutoWords[] = {
    {"text.gpus", "auto", "the smallest group that fits"},
    {"text.batch", "max",
     "the largest that fits and keeps text.min_tokens_per_s_per_user per user"},
    {"image.steps", "default", "the model's default"},
    {"image.gpus", "auto", "1 for diffusion, the smallest group that fits for autoregressive"},
    {"image.batch", "max", "the largest that fits"},
    {"video.width_px", "default", "the model's default"},
    {"video.height_px", "default", "the model's default"},
    {"video.frames", "default", "the model's default"},
    {"video.fps", "default", "the model's default"},
    {"video.steps", "default", "the model's default"},
    {"video.gpus", "auto", "the smallest sequence-parallel group that fits"},
};

const AutoWord* auto_of(const Field& f) {
    for (const auto& a : kAutoWords)
        if (std::strcmp(a.json_path, f.info.json_path) == 0) return &a;
    return nullptr;
}

// Whether a field has an auto word: auto_of's string scan done once per field, since
// validate() asks for every 0 it meets on every evaluation.
bool has_auto_word(const Field& f) {
    static const auto has = [] {
        std::array<bool, std::size(kFields)> out{};
        for (size_t i = 0; i < out.size(); ++i)
            out[i] = auto_of(kFields[i]) != nullptr;
        return out;
    }();
    return has[size_t(&f - kFields)];
}

template <class T> const T& at(const Field& f, const Scenario& s) {
    return *static_cast<const T*>(f.cptr(s));
}
template <class T> T& at(const Field& f, Scenario& s) {
    return *static_cast<T*>(f.ptr(s));
}

std::string fmt_range(const Field& f) {
    const FieldInfo& i = f.info;
    char buf[256];
    if (const AutoWord* a = auto_of(f))
        std::snprintf(buf, sizeof buf, "allowed %.15g to %.15g %s, or \"%s\" (%s)", i.min, i.max,
                      i.unit, a->word, a->meaning);
    else
        std::snprintf(buf, sizeof buf, "allowed %.15g to %.15g %s", i.min, i.max, i.unit);
    return buf;
}

// Shortest decimal that reads back to exactly the same double, without an exponent unless
// the number is huge or tiny ("9000", not "9e+03": links and messages stay readable).
std::string fmt_double(double v) {
    char buf[40];
    const double a = std::fabs(v);
    const bool plain = a == 0 || (a >= 1e-4 && a < 1e15);
    for (int prec = 1; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (std::strtod(buf, nullptr) == v && (!plain || !std::strchr(buf, 'e'))) break;
    }
    return buf;
}

constexpr double kTiniestInput = 1e-9;

// Sets a numeric field from a double, checking integrality and range. `legacy_zero`: the
// text is version 1, where 0 was the spelling of the field's auto word.
bool set_number(const Field& f, Scenario& s, double v, const std::string& shown,
                std::vector<FieldError>& errors, bool legacy_zero = false) {
    const FieldInfo& i = f.info;
    if (!std::isfinite(v)) {
        errors.push_back({i.json_path, shown + " is not a finite number; " + fmt_range(f)});
        return false;
    }
    // A nonzero value under 1e-9 (a denormal price, a nanosecond latency) means nothing in any
    // field's unit, and its products underflow to "$0.000000000000" or overflow to inf.
    if (v != 0 && std::fabs(v) < kTiniestInput) {
        errors.push_back({i.json_path, shown + " is too small to mean anything (under 1e-9): "
                                               "use 0 or a larger value; " + fmt_range(f)});
        return false;
    }
    if (v == 0 && legacy_zero && auto_of(f)) {
        at<int>(f, s) = 0;
        return true;
    }
    if (v < i.min || v > i.max) {
        errors.push_back({i.json_path, shown + " is out of range: " + fmt_range(f)});
        return false;
    }
    bool integral = f.kind == Kind::i32 || f.kind == Kind::i64;
    if (integral && v != std::floor(v)) {
        errors.push_back({i.json_path, shown + " must be a whole number; " + fmt_range(f)});
        return false;
    }
    switch (f.kind) {
    case Kind::i32:
        at<int>(f, s) = static_cast<int>(v);
        break;
    case Kind::i64:
        at<int64_t>(f, s) = static_cast<int64_t>(v);
        break;
    case Kind::f64:
        at<double>(f, s) = v;
        break;
    case Kind::opt_f64:
        at<std::optional<double>>(f, s) = v;
        break;
    default:
        break;
    }
    return true;
}

// Catalog ids are short lowercase names (the catalog loader enforces the same): anything else
// cannot name an entry, and must not reach a link or JSON (control bytes, invalid UTF-8).
bool is_catalog_id(const std::string& v) {
    if (v.empty() || v.size() > 64) return false;
    for (char c : v)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'))
            return false;
    return true;
}

// Sets a text-valued field (ids and enums).
bool set_text(const Field& f, Scenario& s, const std::string& v, std::vector<FieldError>& errors) {
    const FieldInfo& i = f.info;
    switch (f.kind) {
    case Kind::str:
        if (!is_catalog_id(v)) {
            errors.push_back({i.json_path, "must be a catalog id: 1-64 characters from a-z 0-9 "
                                           ". - _ (see `costlab list`)"});
            return false;
        }
        at<std::string>(f, s) = v;
        return true;
    case Kind::precision:
        if (auto p = parse_precision(v)) {
            at<Precision>(f, s) = *p;
            return true;
        }
        errors.push_back({i.json_path, "\"" + quote_input(v) +
                                           "\" is not a precision: use fp32, tf32, bf16, fp16, "
                                           "fp8, int8, int4 or fp4"});
        return false;
    case Kind::guidance:
        if (v == "model_default" || v == "on" || v == "off") {
            at<Guidance>(f, s) = v == "on"    ? Guidance::on
                                 : v == "off" ? Guidance::off
                                              : Guidance::model_default;
            return true;
        }
        errors.push_back({i.json_path, "\"" + quote_input(v) + "\" must be model_default, on or off"});
        return false;
    case Kind::ownership:
        if (v == "cloud" || v == "owned") {
            at<Ownership>(f, s) = v == "owned" ? Ownership::owned : Ownership::cloud;
            return true;
        }
        errors.push_back({i.json_path, "\"" + quote_input(v) + "\" must be cloud or owned"});
        return false;
    case Kind::device: {
        MeasuredDevice d;
        std::string why;
        if (!v.empty() && !parse_measured_device(v, d, why)) {
            errors.push_back({i.json_path, why});
            return false;
        }
        at<MeasuredDevice>(f, s) = d;
        return true;
    }
    default:
        return false;
    }
}

bool is_text_kind(Kind k) {
    return k == Kind::str || k == Kind::precision || k == Kind::guidance || k == Kind::ownership ||
           k == Kind::device;
}

// Value of a field as it appears in JSON/URL text (enums by name, numbers shortest).
std::string field_text(const Field& f, const Scenario& s) {
    switch (f.kind) {
    case Kind::i32:
        if (const AutoWord* a = auto_of(f); a && at<int>(f, s) == 0) return a->word;
        return std::to_string(at<int>(f, s));
    case Kind::i64:
        return std::to_string(at<int64_t>(f, s));
    case Kind::f64:
        return fmt_double(at<double>(f, s));
    case Kind::opt_f64: {
        const auto& o = at<std::optional<double>>(f, s);
        return o ? fmt_double(*o) : std::string();
    }
    case Kind::str:
        return at<std::string>(f, s);
    case Kind::precision:
        return to_string(at<Precision>(f, s));
    case Kind::guidance:
        return to_string(at<Guidance>(f, s));
    case Kind::ownership:
        return to_string(at<Ownership>(f, s));
    case Kind::device:
        return measured_device_to_text(at<MeasuredDevice>(f, s));
    }
    return {};
}

bool field_equal(const Field& f, const Scenario& a, const Scenario& b) {
    switch (f.kind) {
    case Kind::i32:
        return at<int>(f, a) == at<int>(f, b);
    case Kind::i64:
        return at<int64_t>(f, a) == at<int64_t>(f, b);
    case Kind::f64:
        return at<double>(f, a) == at<double>(f, b);
    case Kind::opt_f64:
        return at<std::optional<double>>(f, a) == at<std::optional<double>>(f, b);
    case Kind::str:
        return at<std::string>(f, a) == at<std::string>(f, b);
    case Kind::precision:
        return at<Precision>(f, a) == at<Precision>(f, b);
    case Kind::guidance:
        return at<Guidance>(f, a) == at<Guidance>(f, b);
    case Kind::ownership:
        return at<Ownership>(f, a) == at<Ownership>(f, b);
    case Kind::device:
        return at<MeasuredDevice>(f, a) == at<MeasuredDevice>(f, b);
    }
    return false;
}

// Limits of a measured device in a link: far beyond any chip of 2026 (a B200 is ~2.5 PFLOP/s
// dense bf16, 8 TB/s, 192 GB, 1 kW), so only nonsense is refused.
// Below 1 MFLOP/s or 1 MB/s a figure is no measurement (a 1980s PC did more) and its products
// run off the end of every unit (1e-300 GFLOP/s: an image in 1e300 years), so it is refused.
constexpr double kMinDeviceGflops = 1e-3, kMaxDeviceGflops = 1e7;
constexpr double kMinDeviceGbps = 1e-3, kMaxDeviceGbps = 1e5;
constexpr double kMinDeviceMemoryGb = 0.1, kMaxDeviceMemoryGb = 4096;
constexpr double kMinDevicePowerW = 1, kMaxDevicePowerW = 1e4;
constexpr size_t kMaxDeviceLabel = 48;
// A link with more bad fields than this is refused whole (parse_scenario_fragment).
constexpr size_t kMaxFragmentErrors = 20;

const Field* field_by_path(const std::string& path) {
    for (const auto& f : kFields)
        if (path == f.info.json_path) return &f;
    return nullptr;
}

const Field* field_by_key(const std::string& key) {
    for (const auto& f : kFields)
        if (key == f.info.url_key) return &f;
    return nullptr;
}

std::string url_decode(const std::string& in, bool& ok) {
    std::string out;
    ok = true;
    for (size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '+')
            out += ' ';
        else if (c == '%') {
            if (i + 2 >= in.size() || !std::isxdigit((unsigned char)in[i + 1]) ||
                !std::isxdigit((unsigned char)in[i + 2])) {
                ok = false;
                return out;
            }
            out += static_cast<char>(std::strtol(in.substr(i + 1, 2).c_str(), nullptr, 16));
            i += 2;
        } else
            out += c;
    }
    return out;
}

std::string url_encode(const std::string& in) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : in) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out += char(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

} // namespace

const char* auto_word(const char* json_path, const char** meaning) {
    for (const auto& a : kAutoWords)
        if (json_path && std::strcmp(a.json_path, json_path) == 0) {
            if (meaning) *meaning = a.meaning;
            return a.word;
        }
    return nullptr;
}

bool copy_field(const std::string& json_path, const Scenario& from, Scenario& to) {
    const Field* f = field_by_path(json_path);
    if (!f) return false;
    switch (f->kind) {
    case Kind::i32:
        at<int>(*f, to) = at<int>(*f, from);
        break;
    case Kind::i64:
        at<int64_t>(*f, to) = at<int64_t>(*f, from);
        break;
    case Kind::f64:
        at<double>(*f, to) = at<double>(*f, from);
        break;
    case Kind::opt_f64:
        at<std::optional<double>>(*f, to) = at<std::optional<double>>(*f, from);
        break;
    case Kind::str:
        at<std::string>(*f, to) = at<std::string>(*f, from);
        break;
    case Kind::precision:
        at<Precision>(*f, to) = at<Precision>(*f, from);
        break;
    case Kind::guidance:
        at<Guidance>(*f, to) = at<Guidance>(*f, from);
        break;
    case Kind::ownership:
        at<Ownership>(*f, to) = at<Ownership>(*f, from);
        break;
    case Kind::device:
        at<MeasuredDevice>(*f, to) = at<MeasuredDevice>(*f, from);
        break;
    }
    return true;
}

std::vector<FieldError> keep_good_fields(const ParseResult& parsed, const Scenario& fallback,
                                         const Catalog& catalog, Scenario& out) {
    std::vector<FieldError> errors = parsed.errors;
    out = parsed.scenario;
    for (const auto& e : errors)
        if (!copy_field(e.field, fallback, out)) { // "", "version", an unknown key
            if (e.field.empty() || e.field == "version") {
                out = fallback;
                return errors;
            }
        }
    // A field put back can still clash with the rest (the fallback's precision on the link's
    // accelerator): a few rounds, then the fallback as a whole.
    for (int round = 0; round < 3; ++round) {
        const std::vector<FieldError> invalid = validate(out, catalog);
        if (invalid.empty()) return errors;
        for (const auto& e : invalid) {
            errors.push_back(e);
            if (!copy_field(e.field, fallback, out)) break;
        }
    }
    if (!validate(out, catalog).empty()) out = fallback;
    return errors;
}

bool operator==(const MeasuredDevice& a, const MeasuredDevice& b) {
    return a.label == b.label && a.gflops == b.gflops && a.gflops_f16 == b.gflops_f16 &&
           a.gbps == b.gbps && a.memory_gb == b.memory_gb && a.board_power_w == b.board_power_w;
}

std::string measured_device_to_text(const MeasuredDevice& d) {
    if (!d.present()) return {};
    return d.label + "~" + fmt_double(d.gflops) + "~" + fmt_double(d.gbps) + "~" +
           fmt_double(d.memory_gb) + "~" + fmt_double(d.board_power_w) +
           (d.gflops_f16 > 0 ? "~" + fmt_double(d.gflops_f16) : std::string());
}

bool parse_measured_device(const std::string& text, MeasuredDevice& out, std::string& error) {
    const size_t tilde = text.find('~');
    const std::string label = text.substr(0, tilde);
    bool label_ok = !label.empty() && label.size() <= kMaxDeviceLabel;
    for (char c : label)
        label_ok = label_ok && c >= 0x20 && c < 0x7f;
    if (!label_ok) {
        error = "the measured device's label must be 1-" + std::to_string(kMaxDeviceLabel) +
                " printable ASCII characters";
        return false;
    }
    struct Part {
        const char* what;
        double lo, hi;
        double* to;
    };
    MeasuredDevice d;
    d.label = label;
    const Part nums[] = {{"GFLOP/s", kMinDeviceGflops, kMaxDeviceGflops, &d.gflops},
                         {"GB/s", kMinDeviceGbps, kMaxDeviceGbps, &d.gbps},
                         {"memory GB", kMinDeviceMemoryGb, kMaxDeviceMemoryGb, &d.memory_gb},
                         {"watts", kMinDevicePowerW, kMaxDevicePowerW, &d.board_power_w},
                         {"f16 GFLOP/s", kMinDeviceGflops, kMaxDeviceGflops, &d.gflops_f16}};
    const char* p = tilde == std::string::npos ? nullptr : text.c_str() + tilde + 1;
    // Five parts, or six with the f16 figure (links made before it existed have five).
    int parts = 1;
    for (const char* q = p; q; q = std::strchr(q, '~'), q = q ? q + 1 : nullptr)
        ++parts;
    if (parts != 5 && parts != 6) {
        error = "a measured device is label~GFLOP/s~GB/s~memory GB~watts, optionally ~f16 "
                "GFLOP/s (5 or 6 parts)";
        return false;
    }
    for (int i = 0; i < parts - 1; ++i) {
        const Part& part = nums[i];
        // Each number runs to the next '~' (the last to the end); the whole of it must parse.
        const char* stop = std::strchr(p, '~');
        const std::string t(p, stop ? size_t(stop - p) : std::strlen(p));
        p = stop ? stop + 1 : nullptr;
        char* end = nullptr;
        const double v = std::strtod(t.c_str(), &end);
        const std::string range = std::string("allowed ") + (part.lo == 0 ? "above " : "") +
                                  fmt_double(part.lo) + " to " + fmt_double(part.hi);
        if (t.empty() || *end != '\0' || !std::isfinite(v)) {
            error = std::string("the measured device's ") + part.what + " \"" + quote_input(t) +
                    "\" is not a number; " + range;
            return false;
        }
        if (!(part.lo == 0 ? v > 0 : v >= part.lo) || v > part.hi) {
            error = std::string("the measured device's ") + part.what + " " + quote_input(t) +
                    " is out of range: " + range;
            return false;
        }
        *part.to = v;
    }
    out = d;
    return true;
}

const std::vector<FieldInfo>& scenario_fields() {
    static const std::vector<FieldInfo> infos = [] {
        std::vector<FieldInfo> v;
        for (const auto& f : kFields)
            v.push_back(f.info);
        return v;
    }();
    return infos;
}

bool operator==(const Scenario& a, const Scenario& b) {
    if (a.version != b.version) return false;
    for (const auto& f : kFields)
        if (!field_equal(f, a, b)) return false;
    return true;
}

// ---------------------------------------------------------------------------- JSON
ParseResult parse_scenario_json(const std::string& json_text, const Scenario& base) {
    ParseResult r{base, {}};
    if (json_text.size() > limits::kMaxScenarioBytes) {
        r.errors.push_back({"", over_limit_message(json_text.size(), limits::kMaxScenarioBytes,
                                                   "scenario", false)});
        return r;
    }
    std::string syntax_error;
    json doc = detail::parse(json_text, syntax_error);
    if (doc.is_discarded()) {
        r.errors.push_back({"", "not valid JSON: " + syntax_error});
        return r;
    }
    if (!doc.is_object()) {
        r.errors.push_back({"", "a scenario must be a JSON object like {\"version\": " +
                                    std::to_string(kScenarioVersion) +
                                    ", \"text\": {...}, \"image\": {...}}"});
        return r;
    }
    // The version decides what a 0 in a count means, so read it before the sections (the
    // object's keys come sorted, "version" last). No version: the current one.
    bool legacy_zero = false;
    if (auto v = doc.find("version"); v != doc.end()) {
        if (v->is_number_integer() && v->get<int64_t>() == 1)
            legacy_zero = true;
        else if (!v->is_number_integer() || v->get<int64_t>() != kScenarioVersion)
            r.errors.push_back({"version", "must be " + std::to_string(kScenarioVersion) +
                                               " (or 1, read with its meaning of 0 as "
                                               "\"max\"/\"auto\"/\"default\")"});
    }
    for (auto sec = doc.begin(); sec != doc.end(); ++sec) {
        const std::string& name = sec.key();
        if (name == "version") continue;
        if (!sec->is_object()) {
            bool known = false;
            for (const auto& f : kFields)
                known = known ||
                        std::strncmp(f.info.json_path, (name + ".").c_str(), name.size() + 1) == 0;
            r.errors.push_back({quote_input(name), known ? "must be an object" : "unknown section"});
            continue;
        }
        for (auto it = sec->begin(); it != sec->end(); ++it) {
            std::string path = name + "." + it.key();
            const Field* f = field_by_path(path);
            if (!f) {
                r.errors.push_back({quote_input(path), "unknown field"});
                continue;
            }
            const json& v = *it;
            const AutoWord* aw = auto_of(*f);
            if (f->kind == Kind::opt_f64 && v.is_null()) {
                at<std::optional<double>>(*f, r.scenario).reset();
            } else if (is_text_kind(f->kind)) {
                if (v.is_string())
                    set_text(*f, r.scenario, v.get<std::string>(), r.errors);
                else
                    r.errors.push_back({path, "must be a string"});
            } else if (v.is_number()) {
                set_number(*f, r.scenario, v.get<double>(), fmt_double(v.get<double>()), r.errors,
                           legacy_zero);
            } else if (aw && v.is_string() && v.get<std::string>() == aw->word) {
                at<int>(*f, r.scenario) = 0;
            } else if (aw && v.is_string()) {
                r.errors.push_back({path, "\"" + quote_input(v.get<std::string>()) + "\" is not a number or \"" +
                                              aw->word + "\"; " + fmt_range(*f)});
            } else {
                r.errors.push_back({path, "must be a number; " + fmt_range(*f)});
            }
        }
    }
    return r;
}

std::string scenario_to_json(const Scenario& s, bool pretty) {
    json doc = json::object();
    doc["version"] = s.version;
    for (const auto& f : kFields) {
        std::string path = f.info.json_path;
        size_t dot = path.find('.');
        json& v = doc[path.substr(0, dot)][path.substr(dot + 1)];
        switch (f.kind) {
        case Kind::i32:
            if (const AutoWord* a = auto_of(f); a && at<int>(f, s) == 0)
                v = a->word;
            else
                v = at<int>(f, s);
            break;
        case Kind::i64:
            v = at<int64_t>(f, s);
            break;
        case Kind::f64:
            v = at<double>(f, s);
            break;
        case Kind::opt_f64: {
            const auto& o = at<std::optional<double>>(f, s);
            v = o ? json(*o) : json(nullptr);
            break;
        }
        default:
            v = field_text(f, s);
            break;
        }
    }
    return detail::dump(doc, pretty);
}

// ---------------------------------------------------------------------------- URL fragment
ParseResult parse_scenario_fragment(const std::string& fragment, const Scenario& base) {
    ParseResult r{base, {}};
    if (fragment.size() > limits::kMaxFragmentBytes) {
        r.errors.push_back({"", over_limit_message(fragment.size(), limits::kMaxFragmentBytes,
                                                   "link fragment", false)});
        return r;
    }
    std::string text = fragment;
    if (!text.empty() && text[0] == '#') text.erase(0, 1);
    if (text.rfind("v=", 0) != 0) {
        r.errors.push_back({"version", "not a costlab scenario link: it must start with v=" +
                                           std::to_string(kScenarioVersion)});
        return r;
    }
    // v=1 links (made before version 2) wrote 0 for "max", "auto" and "default".
    const bool legacy_zero = text.rfind("v=1&", 0) == 0 || text == "v=1";
    std::vector<std::string> seen;
    size_t pos = 0;
    while (pos <= text.size()) {
        // A real link has one error or two; past this many it is not a costlab link, and
        // listing thousands of "unknown" keys would only make a message larger than the link.
        if (r.errors.size() >= kMaxFragmentErrors) {
            r.errors.resize(3); // the first few say what kind of garbage it is
            r.errors.push_back({"", "more than " + std::to_string(kMaxFragmentErrors) +
                                        " bad fields: not a costlab link"});
            return r;
        }
        size_t amp = text.find('&', pos);
        if (amp == std::string::npos) amp = text.size();
        std::string part = text.substr(pos, amp - pos);
        pos = amp + 1;
        if (part.empty()) continue;
        size_t eq = part.find('=');
        std::string key = part.substr(0, eq);
        bool ok = true;
        std::string value = eq == std::string::npos ? "" : url_decode(part.substr(eq + 1), ok);
        const Field* f = key == "v" ? nullptr : field_by_key(key);
        if (key != "v" && !f) {
            r.errors.push_back({quote_input(key, 24),
                                "unknown link parameter \"" + quote_input(key) + "\""});
            continue;
        }
        // Every key at most once, v included: with two values the link means nothing certain.
        const std::string path = f ? f->info.json_path : "version";
        bool twice = false;
        for (const auto& k : seen)
            twice = twice || k == key;
        if (twice) { // ambiguous: the field keeps its base value (v: the link is refused)
            r.errors.push_back({path, key + " appears twice"});
            if (f) copy_field(path, base, r.scenario);
            continue;
        }
        seen.push_back(key);
        if (!ok) {
            r.errors.push_back({path, key + ": bad %-escape in the value"});
            continue;
        }
        // An encoded NUL or other control byte would cut or disguise the value (800%00garbage
        // read as 800): no field's value holds one.
        bool control = false;
        for (unsigned char c : value)
            control = control || c < 0x20 || c == 0x7f;
        if (control) {
            r.errors.push_back({path, key + ": a control character (such as %00) in the value"});
            continue;
        }
        if (eq == std::string::npos || value.empty()) {
            // Named, never silently dropped: a link carries only what differs from the
            // defaults, so an empty value is a cut or edited link, not a reset.
            r.errors.push_back({path, key + " has no value (truncated link?)"});
            continue;
        }
        if (key == "v") {
            if (value != std::to_string(kScenarioVersion) && value != "1")
                r.errors.push_back({"version", "v=" + quote_input(value) +
                                                   " is not supported: this is "
                                                   "version " +
                                                   std::to_string(kScenarioVersion) +
                                                   " (v=1 links open too)"});
            continue;
        }
        const AutoWord* aw = auto_of(*f);
        if (is_text_kind(f->kind)) {
            set_text(*f, r.scenario, value, r.errors);
        } else if (aw && value == aw->word) {
            at<int>(*f, r.scenario) = 0;
        } else {
            char* end = nullptr;
            double v = std::strtod(value.c_str(), &end);
            const std::string shown = key + "=" + quote_input(value);
            if (end == value.c_str() || *end != '\0')
                r.errors.push_back({path, shown + " is not a number; " + fmt_range(*f)});
            else
                set_number(*f, r.scenario, v, shown, r.errors, legacy_zero);
        }
    }
    return r;
}

std::string scenario_to_fragment(const Scenario& s) {
    static const Scenario defaults{};
    std::string out = "v=" + std::to_string(kScenarioVersion);
    for (const auto& f : kFields) {
        if (field_equal(f, s, defaults)) continue;
        out += '&';
        out += f.info.url_key;
        out += '=';
        out += url_encode(field_text(f, s));
    }
    return out;
}

// ---------------------------------------------------------------------------- validate
std::vector<FieldError> validate(const Scenario& s, const Catalog& catalog) {
    std::vector<FieldError> errors;
    // Fast path first (this runs on every evaluation: sweeps evaluate thousands of
    // scenarios); messages are only formatted for a value that fails.
    for (const auto& f : kFields) {
        if (is_text_kind(f.kind)) continue;
        double v = 0;
        switch (f.kind) {
        case Kind::i32:
            v = at<int>(f, s);
            break;
        case Kind::i64:
            v = double(at<int64_t>(f, s));
            break;
        case Kind::f64:
            v = at<double>(f, s);
            break;
        case Kind::opt_f64: {
            const auto& o = at<std::optional<double>>(f, s);
            if (!o) continue;
            v = *o;
            break;
        }
        default:
            break;
        }
        if (v >= f.info.min && v <= f.info.max) continue; // false for NaN too
        if (v == 0 && has_auto_word(f)) continue;         // "max" / "auto" / "default"
        Scenario scratch;
        set_number(f, scratch, v, fmt_double(v), errors);
    }
    auto list = [](const auto& entries) {
        std::string ids;
        for (const auto& e : entries)
            ids += (ids.empty() ? "" : ", ") + e.id;
        return ids;
    };
    const Accelerator* acc = catalog.accelerator(s.serving.accelerator);
    if (s.serving.measured_device.present()) { // set by code: the same limits as a link
        MeasuredDevice d;
        std::string why;
        if (!parse_measured_device(measured_device_to_text(s.serving.measured_device), d, why))
            errors.push_back({"serving.measured_device", why});
    }
    // A scenario that carries its measured device runs on it, whatever the catalog holds (built
    // only then: an Accelerator is large, and this runs on every evaluation).
    std::optional<Accelerator> measured;
    if (s.serving.accelerator == kMeasuredDeviceId && s.serving.measured_device.present()) {
        measured = measured_accelerator(s.serving.measured_device);
        acc = &*measured;
    }
    if (!acc)
        errors.push_back({"serving.accelerator", "unknown accelerator \"" + s.serving.accelerator +
                                                     "\"; known: " + list(catalog.accelerators())});
    const TextModel* tm = catalog.text_model(s.text.model);
    if (!tm)
        errors.push_back({"text.model", "unknown text model \"" + s.text.model +
                                            "\"; known: " + list(catalog.text_models())});
    if (!find_engine(s.text.engine, EngineWorkload::text))
        errors.push_back({"text.engine", "unknown text engine \"" + s.text.engine.substr(0, 40) +
                                             "\"; known: " + engine_ids(EngineWorkload::text)});
    if (const Engine* ie = find_engine(s.image.engine, EngineWorkload::image);
        ie && ie->sequence_parallel && s.image.gpus > 1) {
        const ImageModel* sm = catalog.image_model(s.image.model);
        if (sm && (sm->family != ImageFamily::dit || sm->dit_layers <= 0))
            errors.push_back({"image.engine", std::string(ie->id) +
                                                  " splits one image of a "
                                                  "diffusion transformer over image.gpus GPUs; " +
                                                  sm->name +
                                                  " is not one costlab can split (a UNet, "
                                                  "an autoregressive model, or no dit_layers)"});
    }
    if (!find_engine(s.image.engine, EngineWorkload::image))
        errors.push_back({"image.engine", "unknown image engine \"" + s.image.engine.substr(0, 40) +
                                              "\"; known: " + engine_ids(EngineWorkload::image)});
    const ImageModel* im = catalog.image_model(s.image.model);
    if (!im)
        errors.push_back({"image.model", "unknown image model \"" + s.image.model +
                                             "\"; known: " + list(catalog.image_models())});
    if (!catalog.video_model(s.video.model))
        errors.push_back({"video.model", "unknown video model \"" + s.video.model +
                                             "\"; known: " + list(catalog.video_models())});
    if (acc) {
        for (auto [path, p] : {std::pair{"text.precision", s.text.precision},
                               std::pair{"image.precision", s.image.precision},
                               std::pair{"video.precision", s.video.precision}}) {
            if (acc->effective_peak_flops_per_s(p) <= 0)
                errors.push_back({path, std::string(acc->name) + " has no " + to_string(p) +
                                            " mode (nor a wider one to run it on)"});
        }
    }
    if (tm) {
        int64_t total = s.text.input_tokens + s.text.output_tokens + s.text.reasoning_tokens;
        if (total > tm->context_max_tokens)
            errors.push_back(
                {"text.output_tokens", "input + reasoning + output = " + std::to_string(total) +
                                           " tokens exceeds " + tm->name + "'s context of " +
                                           std::to_string(tm->context_max_tokens)});
    }
    if (s.serving.ownership == Ownership::owned && acc && !s.serving.purchase_usd &&
        acc->purchase_usd <= 0)
        errors.push_back({"serving.purchase_usd", "the catalog has no purchase price for " +
                                                      acc->name +
                                                      ": enter one to price owned "
                                                      "GPUs"});
    return errors;
}

} // namespace costlab
