// costlab CLI entry point: forwards to cli::run (cli/commands.cpp) and prints its output.
#include "cli.h"

#include <cstdio>

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    costlab::cli::Output o = costlab::cli::run(args);
    std::fwrite(o.out.data(), 1, o.out.size(), stdout);
    std::fwrite(o.err.data(), 1, o.err.size(), stderr);
    return o.exit_code;
}
