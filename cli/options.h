// Command-line parsing: argv -> Options (command, output format) + a Scenario built from
// --scenario / --fragment, --catalog and the per-field flags, validated with messages that
// name the flag, the field and the allowed range.
#pragma once

#include "costlab/catalog.h"
#include "costlab/scenario.h"

#include <string>
#include <vector>

namespace costlab::cli {

enum class Format { table, json, csv };

struct Options {
    std::string command = "compare"; // compare | estimate | fleet | list | link | validate | help
    std::string list_what;           // for `list`: gpus | models | fields | references
    std::string workload;            // "", "text", "image" or "video"
    Format format = Format::table;
    std::string validation_data;  // validate: the set's JSON text (--data FILE; "" = built in)
    bool validation_in_sample = false; // validate --in-sample: skip the leave-one-out refits
    bool validation_by_publisher = false; // validate --by-publisher: hold out whole publishers
    Scenario scenario;
    Catalog catalog = Catalog::builtin();
};

// Returns the errors (one line each); empty when `opts` is ready to use.
std::vector<std::string> parse_options(const std::vector<std::string>& args, Options& opts);

extern const char* const kUsage;

} // namespace costlab::cli
