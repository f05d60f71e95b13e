// Catch2 main for costlab_tests (the one TU that expands Catch2's implementation).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
