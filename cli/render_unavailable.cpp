// `costlab render` where the GUI's picture code is not linked: the CLI compiled for node
// (web/CMakeLists.txt: costlab_cli_node, which the site build runs for its build-time numbers).
// The native `costlab` links cli/render.cpp instead.
#include "cli.h"

namespace costlab::cli {

Output render(const std::vector<std::string>&) {
    Output o;
    o.err = "costlab: render is not available in this build (use the native costlab)\n";
    o.exit_code = 2;
    return o;
}

} // namespace costlab::cli
