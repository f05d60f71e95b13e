// costlab CLI entry point: forwards to cli::run (cli/commands.cpp), or for `costlab render` to
// cli::render (cli/render.cpp), and prints the output.
#include "cli.h"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    costlab::cli::Output o = !args.empty() && args[0] == "render" ? costlab::cli::render(args)
                                                                : costlab::cli::run(args);
    return costlab::cli::write_output(o, stdout, stderr);
}
