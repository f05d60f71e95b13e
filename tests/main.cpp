// Catch2 main for every Catch2 binary (costlab_catch2_main, tests/CMakeLists.txt): the one TU
// that expands Catch2's implementation.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
