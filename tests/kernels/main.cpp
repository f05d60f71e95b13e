// Catch2 main for costlab_kernel_tests (native, wasm SIMD128 under node, wasm relaxed-SIMD).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
