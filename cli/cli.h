// costlab command line: `costlab compare|estimate|fleet|list|link [flags]`.
// run() is the whole tool minus the process (tests call it in-process); main.cpp wraps it.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace costlab::cli {

struct Output {
    std::string out;   // what goes to stdout
    std::string err;   // messages for stderr
    int exit_code = 0; // 0 ok, 2 bad input (names the field and the allowed range)
};

// `args` excludes the program name.
Output run(const std::vector<std::string>& args);

// Writes o.out to `out` and o.err to `err` and returns the process's exit status: o.exit_code,
// or 1 with a message on `err` when `out` could not take the whole output (a full disk, a
// closed pipe): a report cut short must never look like success.
int write_output(const Output& o, std::FILE* out, std::FILE* err);

struct Options;
// `costlab validate` (cli/validate.cpp).
Output validate_command(const Options& opts);

// `costlab render ...` (args may start with "render"): the comparison as a PNG. Native builds
// only (cli/render.cpp, linked into the `costlab` executable with the GUI's picture code).
Output render(const std::vector<std::string>& args);

} // namespace costlab::cli
