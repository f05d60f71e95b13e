// costlab CLI entry point: forwards to cli::run (cli/commands.cpp), or for `costlab render` to
// cli::render (cli/render.cpp), and prints the output.
#include "cli.h"

#include <cstdio>

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    costlab::cli::Output o = !args.empty() && args[0] == "render" ? costlab::cli::render(args)
                                                                : costlab::cli::run(args);
    std::fwrite(o.out.data(), 1, o.out.size(), stdout);
    std::fwrite(o.err.data(), 1, o.err.size(), stderr);
    return o.exit_code;
}
