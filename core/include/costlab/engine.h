// costlab serving engines: the software that runs a model (vLLM, SGLang, TensorRT-LLM for text;
// eager diffusers, compiled pipelines, TensorRT, xDiT for images) as one table of presets.
// Start at engines(): each row names the engine, what it supports and the fitted speed factor
// that scales the mechanisms' utilizations and per-step overheads (model_text.cpp,
// model_image.cpp).
#pragma once

#include "costlab/scenario.h"

#include <string>
#include <vector>

namespace costlab {

enum class EngineWorkload { text, image };

struct Engine {
    const char* id;    // scenario value: text.engine / image.engine
    const char* label; // "vLLM"
    EngineWorkload workload;
    // Speed relative to the reference engine of its workload (vLLM, eager diffusers): achieved
    // compute and bandwidth utilizations are multiplied by it (capped at kMaxUtilization) and
    // per-step CPU overheads divided by it. nullptr: the reference (1). A member of Assumptions
    // so it is fitted, shown and edited like every other mechanism parameter.
    double Assumptions::*speed;
    // Its per-step CPU and launch overheads relative to the reference (scheduler, Python,
    // CUDA graphs): they are multiplied by it. nullptr: 1.
    double Assumptions::*overhead;
    bool speculative;       // text: runs speculative decoding / multi-token prediction
    bool sequence_parallel; // image: splits one image's tokens over several GPUs
    const char* source;     // what the preset rests on
};

// Highest utilization an engine's speed factor may push a mechanism to.
constexpr double kMaxUtilization = 0.98;

// Every engine, text ones first; the first of each workload is the default.
const std::vector<Engine>& engines();
// The engine of that id for the workload, or nullptr.
const Engine* find_engine(const std::string& id, EngineWorkload w);
// "vllm, sglang, trtllm": for messages.
std::string engine_ids(EngineWorkload w);
// The engine's speed and overhead factors in `a` (1 for the reference engine).
double engine_speed(const Engine& e, const Assumptions& a);
double engine_overhead(const Engine& e, const Assumptions& a);
// Assumptions as the engine runs them: utilizations x speed (capped), overheads x overhead.
Assumptions engine_assumptions(const Engine& e, const Assumptions& a);

} // namespace costlab
