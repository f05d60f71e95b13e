// Every input limit of costlab, in one place. Parsers and validation (scenario.cpp's field
// table), the model (batch = max, gpus = auto) and the kernels' size checks use these, and
// each error message names the limit it hit ("allowed 64 to 8192 px").
#pragma once

#include <cstddef>
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

// Video (video.*): a side of 64-4096 px (4K UHD is 3840), 1-1025 frames (about 40 s at
// 25 fps; the open models of 2025 make 49-193), 1-120 fps, up to 64 GPUs in one
// sequence-parallel group (8 nodes of 8), up to 64 videos per batch.
constexpr int kMinVideoSidePx = 64;
constexpr int kMaxVideoSidePx = 4096;
constexpr int kMaxVideoFrames = 1025;
constexpr int kMinVideoFps = 1;
constexpr int kMaxVideoFps = 120;
constexpr int kMaxVideoGpus = 64;
constexpr int kMaxVideoBatch = 64;

// Kernels (core/kernels): matrix sizes are limited by bytes, not by a side length: A, B and C
// together must fit the buffer limit (kernels::default_buffer_limit_bytes(): 1 GiB in wasm,
// 8 GiB native), so M = N = K = 100000 is refused with a message, not attempted.

// Inputs read as text, checked before parsing and, for files, while reading (a stream that
// never ends, like /dev/zero, is cut at the limit; costlab/input.h reads files). The built-in
// catalog (core/data/*.json, every entry with its sources) is 113 KB and a user catalog that
// overrides a few entries a few KB; a pretty-printed scenario with every field is about
// 2.5 KB. 1 MiB is 9x the whole built-in catalog, so no real file comes near it, while a
// hostile or mistaken input (a 300 MB file, a device) is refused after 1 MiB of memory
// instead of gigabytes.
constexpr size_t kMaxCatalogBytes = size_t(1) << 20;  // --catalog files, catalogs pasted in the page
constexpr size_t kMaxScenarioBytes = size_t(1) << 20; // --scenario files, scenario JSON
// A share-link fragment with every field changed from its default and at its longest
// spelling is about 1 KB (tests/test_scenario.cpp writes one); 16 KiB leaves 16x room and stays
// far below what browsers keep in a URL (Chromium: 2 MB).
constexpr size_t kMaxFragmentBytes = size_t(16) << 10;

// The shape of any JSON input (catalog, scenario, validation set), checked while it is read:
// 1 MiB of "[[[[..." would otherwise build half a million nested arrays (over 80 MB) before
// failing at its missing end. The built-in catalog files nest at most 6 deep and hold at most
// about 1,000 values each.
constexpr size_t kMaxJsonDepth = 32;
constexpr size_t kMaxJsonValues = 100000;

// Pictures (costlab render, PNG export): see gui/picture.h, 64..4096 px a side.

} // namespace costlab::limits
