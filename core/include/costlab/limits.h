// Every input limit of costlab, in one place. Parsers and validation (scenario.cpp's field
// table), the model (batch = max, gpus = auto) and the kernels' size checks use these, and
// each error message names the limit it hit ("allowed 64 to 8192 px").
#pragma once

#include <cstdint>

namespace costlab::limits {

// Serving
constexpr int kMaxGpusPerReplica = 1024;     // text.gpus, image.gpus (a tensor-parallel group)
constexpr int kMaxTextBatch = 65536;         // text.batch (sequences in flight per replica)
constexpr int kMaxImageBatch = 1024;         // image.batch (images denoised together per GPU)
constexpr int64_t kMaxFleetGpus = 100000000; // fleet.fixed_fleet_gpus

// Text
constexpr int64_t kMaxInputTokens = 2000000;  // text.input_tokens (longest published contexts)
constexpr int64_t kMaxOutputTokens = 1000000; // text.output_tokens, text.reasoning_tokens
constexpr int64_t kMaxPromptTokens = 100000;  // image.prompt_tokens (autoregressive images)

// Image
constexpr int kMinImageSidePx = 64; // image.width_px, image.height_px
constexpr int kMaxImageSidePx = 8192;
constexpr int kMaxSteps = 1000; // image.steps

// Kernels (core/kernels): matrix sizes are limited by bytes, not by a side length: A, B and C
// together must fit the buffer limit (kernels::default_buffer_limit_bytes(): 1 GiB in wasm,
// 8 GiB native), so M = N = K = 100000 is refused with a message, not attempted.

// Pictures (costlab render, PNG export): see gui/picture.h, 64..4096 px a side.

} // namespace costlab::limits
