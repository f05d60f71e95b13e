// Many random valid scenarios, display widths and random input: no assert, no NaN on screen.
#include "harness.h"

#include <catch2/catch.hpp>
