// Flag parsing for the CLI. Flags become one JSON patch applied with parse_scenario_json, so
// the CLI, the page and scenario files share one set of field names, ranges and messages.
#include "options.h"

#include "costlab/engine.h"

#include "costlab/input.h"
#include "costlab/limits.h"
#include "costlab/scenario.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

namespace costlab::cli {

const char* const kUsage = R"(costlab: what one AI image (or video) costs next to one chat reply.

usage: costlab [compare|estimate|fleet|list gpus|models|fields|references|link|validate|
               render] [flags]

commands
  compare            image vs chat reply side by side (default); --with-video adds a video
  estimate           one workload: --workload text|image|video
  fleet              GPUs, $/day and MW for a daily demand; what a fixed fleet can serve;
                     P50/P99 waits, the fleet for a P99 target, what a cap per user buys
  list gpus|models   the catalog (ids to use with --gpu / --model)
  list fields        every scenario field: path, label, unit, range, default, source
  list references    providers' published per-query figures and prices beside costlab's
  link               the scenario as a share-link fragment (#v=2&...)
  validate           the model against published measurements: measured, predicted, error
                     factor in-sample and held out (leave-one-out refits); --in-sample to skip
                     the refits, --by-publisher to hold out each publisher's figures together,
                     --data FILE.json for another set (tests/validation/README.md)
  render             the comparison as a PNG, no display needed (native only; render --help)

scenario flags (apply to --workload, or for compare to the workload the model belongs to)
  --workload text|image|video --model ID       --precision fp32|fp32-default|tf32|bf16|fp16|fp8|int8|int4|fp4
  --gpu ID                   --gpus N|auto     --batch N|max (max: the operating point)
  --input-tokens N           --output-tokens N --reasoning-tokens N
  --engine ID                text vllm|sglang|trtllm, image diffusers|compiled|tensorrt|xdit
  --min-tokens-per-s-per-user X  per-user speed --batch max keeps (0 = largest that fits)
  --speculative on|off|default   --spec-draft-tokens N   --spec-acceptance X (0..0.99)
  --width PX --height PX     --steps N|default --guidance on|off|default
  --frames N|default         --fps N|default   (video; --width/--height/--steps/--gpus/--batch
                             apply to the video with --workload video; video defaults follow the model)
  --with-video               compare/fleet: the video workload beside text and image
  --usd-per-gpu-hour X       --owned           --purchase-usd X     --usd-per-kwh X
  --pue X                    --grid-gco2-per-kwh X
  --text-queries-per-day X   --images-per-day X --videos-per-day X
  --peak-to-average X        --fleet-gpus N    --users N
  --slo-p99-s X              target on the P99 time to first token (text) / to the image
  --cap-per-user-per-day N   a rate limit (0 = none)  --share-at-cap X (0..1)
  --reply-length-cv X        variation of reply lengths (queueing)
  --set PATH=VALUE           any scenario field by JSON path, e.g. --set assumptions.pue=1.1

input and output
  --scenario FILE.json       start from a scenario file (see `costlab link` / README)
  --fragment '#v=2&...'      start from a share link's fragment
  --catalog FILE.json        add or override catalog entries
  --format table|json|csv    output format (default table)

Exit status: 0 ok, 2 bad input (the message names the field and the allowed range).
)";

namespace {

using nlohmann::json;

bool parse_number(const std::string& text, double& out) {
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return !text.empty() && end && *end == '\0';
}

// Which workload a flag applies to when --workload is not given.
enum class Target { text, image, both, none };

struct FieldFlag {
    const char* flag;
    const char* text_path;  // nullptr: not for text
    const char* image_path; // nullptr: not for image
    const char* other_path; // serving/fleet fields
    bool is_text;           // value is a string
    const char* video_path; // nullptr: not for video
};

const FieldFlag kFlags[] = {
    {"--precision", "text.precision", "image.precision", nullptr, true, "video.precision"},
    {"--gpus", "text.gpus", "image.gpus", nullptr, false, "video.gpus"},
    {"--batch", "text.batch", "image.batch", nullptr, false, "video.batch"},
    {"--input-tokens", "text.input_tokens", nullptr, nullptr, false, nullptr},
    {"--output-tokens", "text.output_tokens", nullptr, nullptr, false, nullptr},
    {"--reasoning-tokens", "text.reasoning_tokens", nullptr, nullptr, false, nullptr},
    {"--width", nullptr, "image.width_px", nullptr, false, "video.width_px"},
    {"--height", nullptr, "image.height_px", nullptr, false, "video.height_px"},
    {"--steps", nullptr, "image.steps", nullptr, false, "video.steps"},
    {"--guidance", nullptr, "image.guidance", nullptr, true, "video.guidance"},
    {"--frames", nullptr, nullptr, nullptr, false, "video.frames"},
    {"--fps", nullptr, nullptr, nullptr, false, "video.fps"},
    {"--prompt-tokens", nullptr, "image.prompt_tokens", nullptr, false, nullptr},
    {"--engine", "text.engine", "image.engine", nullptr, true, nullptr},
    {"--min-tokens-per-s-per-user", "text.min_tokens_per_s_per_user", nullptr, nullptr, false,
     nullptr},
    {"--speculative", "text.speculative", nullptr, nullptr, true, nullptr},
    {"--spec-draft-tokens", "text.spec_draft_tokens", nullptr, nullptr, false, nullptr},
    {"--spec-acceptance", "text.spec_acceptance", nullptr, nullptr, false, nullptr},
    {"--gpu", nullptr, nullptr, "serving.accelerator", true, nullptr},
    {"--usd-per-gpu-hour", nullptr, nullptr, "serving.usd_per_gpu_hour", false, nullptr},
    {"--purchase-usd", nullptr, nullptr, "serving.purchase_usd", false, nullptr},
    {"--usd-per-kwh", nullptr, nullptr, "serving.usd_per_kwh", false, nullptr},
    {"--pue", nullptr, nullptr, "serving.pue", false, nullptr},
    {"--grid-gco2-per-kwh", nullptr, nullptr, "serving.grid_gco2_per_kwh", false, nullptr},
    {"--text-queries-per-day", nullptr, nullptr, "fleet.text_queries_per_day", false, nullptr},
    {"--images-per-day", nullptr, nullptr, "fleet.images_per_day", false, nullptr},
    {"--videos-per-day", nullptr, nullptr, "fleet.videos_per_day", false, nullptr},
    {"--peak-to-average", nullptr, nullptr, "fleet.peak_to_average", false, nullptr},
    {"--fleet-gpus", nullptr, nullptr, "fleet.fixed_fleet_gpus", false, nullptr},
    {"--users", nullptr, nullptr, "fleet.users", false, nullptr},
    {"--slo-p99-s", "fleet.text_slo_p99_s", "fleet.image_slo_p99_s", nullptr, false, nullptr},
    {"--cap-per-user-per-day", "fleet.text_cap_per_user_per_day",
     "fleet.image_cap_per_user_per_day", nullptr, false, nullptr},
    {"--share-at-cap", nullptr, nullptr, "fleet.share_users_at_cap", false, nullptr},
    {"--reply-length-cv", nullptr, nullptr, "fleet.text_reply_length_cv", false, nullptr},
};

const FieldFlag* find_flag(const std::string& name) {
    for (const auto& f : kFlags)
        if (name == f.flag) return &f;
    return nullptr;
}

// Flags handled in parse_options itself (the field flags are kFlags).
const char* const kOtherValueFlags[] = {"--scenario", "--fragment", "--catalog", "--set",
                                        "--format",   "--workload", "--model",   "--data"};
const char* const kSwitches[] = {"--help", "--owned", "--with-video", "--in-sample",
                                 "--by-publisher"};

bool known_flag(const std::string& name) {
    if (find_flag(name)) return true;
    for (const char* f : kOtherValueFlags)
        if (name == f) return true;
    for (const char* f : kSwitches)
        if (name == f) return true;
    return false;
}

// Levenshtein distance: the number of single-character edits from a to b.
size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1] ? 1 : 0)});
            diag = up;
        }
    }
    return row[b.size()];
}

// The known flag closest to a mistyped one (ties: the first in kFlags order, then the rest).
std::string closest_flag(const std::string& name) {
    std::string best;
    size_t best_d = size_t(-1);
    auto consider = [&](const char* f) {
        const size_t d = edit_distance(name, f);
        if (d < best_d) {
            best_d = d;
            best = f;
        }
    };
    for (const auto& f : kFlags)
        consider(f.flag);
    for (const char* f : kOtherValueFlags)
        consider(f);
    for (const char* f : kSwitches)
        consider(f);
    return best;
}

// Reads a --scenario / --catalog file within its limit (costlab/limits.h).
std::string read_input(const std::string& path, size_t max_bytes, const char* what,
                       std::string& error) {
    TextRead r = read_text_file(path, max_bytes, what);
    error = r.error;
    return r.text;
}

// Sets patch[section][field] = value, parsing numbers; records which flag set the path.
bool put(json& patch, const std::string& path, const std::string& value, bool is_text,
         const std::string& flag, std::map<std::string, std::string>& flag_of,
         std::vector<std::string>& errors) {
    size_t dot = path.find('.');
    if (dot == std::string::npos) {
        errors.push_back(flag + ": \"" + quote_input(path) + "\" is not a field path like text.batch");
        return false;
    }
    json& slot = patch[path.substr(0, dot)][path.substr(dot + 1)];
    flag_of[path] = flag;
    if (is_text) {
        slot = value;
        return true;
    }
    double v = 0;
    if (!parse_number(value, v)) {
        if (const char* word = auto_word(path.c_str()); word && value == word) {
            slot = value; // "max", "auto", "default": parse_scenario_json reads the word
            return true;
        }
        errors.push_back(flag + ": \"" + quote_input(value) + "\" is not a number");
        return false;
    }
    if (!std::isfinite(v)) { // JSON cannot carry NaN/inf: say so here, naming the flag
        errors.push_back(flag + " (" + path + "): " + quote_input(value) + " is not a finite number");
        return false;
    }
    slot = v; // range and integrality are checked by parse_scenario_json
    return true;
}

} // namespace

std::vector<std::string> parse_options(const std::vector<std::string>& args, Options& o) {
    std::vector<std::string> errors;
    std::string scenario_file, fragment, catalog_file, data_file;
    std::vector<std::pair<std::string, std::string>> flags; // in order
    std::vector<std::string> sets;
    bool owned = false, with_video = false;
    size_t i = 0;
    if (i < args.size() && args[i].rfind("--", 0) != 0) {
        o.command = args[i++];
        if (o.command == "list") {
            if (i < args.size() && args[i].rfind("--", 0) != 0) o.list_what = args[i++];
            if (o.list_what != "gpus" && o.list_what != "models" && o.list_what != "fields" &&
                o.list_what != "references")
                errors.push_back("list: say what to list: `costlab list gpus`, `costlab list "
                                 "models`, `costlab list fields` or `costlab list references`");
        }
    }
    static const char* kCommands[] = {"compare", "estimate", "fleet",   "list",
                                      "link",    "validate", "help"};
    bool known = false;
    for (const char* c : kCommands)
        known = known || o.command == c;
    if (!known) errors.push_back("unknown command \"" + quote_input(o.command) + "\" (try `costlab help`)");

    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            o.command = "help";
            continue;
        }
        if (a == "--owned") {
            owned = true;
            continue;
        }
        if (a == "--with-video") {
            with_video = true;
            continue;
        }
        if (a == "--in-sample") {
            o.validation_in_sample = true;
            continue;
        }
        if (a == "--by-publisher") {
            o.validation_by_publisher = true;
            continue;
        }
        if (a.rfind("--", 0) != 0) {
            errors.push_back("unexpected argument \"" + quote_input(a) + "\"");
            continue;
        }
        std::string name = a, value;
        const size_t eq = a.find('=');
        if (eq != std::string::npos) name = a.substr(0, eq);
        if (!known_flag(name)) {
            // Named as unknown whether or not a value follows; a following value is taken as
            // the unknown flag's, so it does not add a second, confusing message.
            // (No suggestion for a name longer than any flag: it is not a typo of one.)
            errors.push_back("unknown flag " + quote_input(name) +
                             (name.size() <= 64 ? "; did you mean " + closest_flag(name) + "?"
                                                : std::string()) +
                             " (see `costlab help`)");
            if (eq == std::string::npos && i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0)
                ++i;
            continue;
        }
        if (name == "--help" || name == "--owned" || name == "--with-video") {
            errors.push_back(name + " takes no value");
            continue;
        }
        if (eq != std::string::npos) {
            name = a.substr(0, eq);
            value = a.substr(eq + 1);
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            errors.push_back(name + " needs a value");
            continue;
        }
        if (name == "--scenario")
            scenario_file = value;
        else if (name == "--fragment")
            fragment = value;
        else if (name == "--catalog")
            catalog_file = value;
        else if (name == "--data")
            data_file = value;
        else if (name == "--set")
            sets.push_back(value);
        else if (name == "--format") {
            if (value == "table")
                o.format = Format::table;
            else if (value == "json")
                o.format = Format::json;
            else if (value == "csv")
                o.format = Format::csv;
            else
                errors.push_back("--format: \"" + quote_input(value) + "\" must be table, json or csv");
        } else if (name == "--workload") {
            if (value != "text" && value != "image" && value != "video")
                errors.push_back("--workload: \"" + quote_input(value) + "\" must be text, image or video");
            o.workload = value;
        } else { // --model or a field flag (known_flag() checked it)
            flags.emplace_back(name, value);
        }
    }
    if (!errors.empty() || o.command == "help") return errors;

    // 1. catalog, so models named by flags and files can be user entries
    if (!catalog_file.empty()) {
        std::string err;
        std::string text = read_input(catalog_file, limits::kMaxCatalogBytes, "catalog file", err);
        if (!err.empty()) return {"--catalog " + err};
        for (const auto& e : o.catalog.merge_json(text))
            errors.push_back("--catalog " + quote_input(catalog_file, 200) + ": " +
                             (e.path.empty() ? "" : e.path + ": ") + e.message);
        if (!errors.empty()) return errors;
    }
    if (!data_file.empty()) {
        std::string err;
        o.validation_data = read_input(data_file, limits::kMaxCatalogBytes, "validation set", err);
        if (!err.empty()) return {"--data " + err};
        // The validation set's parser builds the whole document: check its shape first.
        if (std::string shape = json_shape_error(o.validation_data); !shape.empty())
            return {"--data " + quote_input(data_file, 200) + ": not a validation set: " + shape};
    }
    // 2. base scenario
    if (!scenario_file.empty() && !fragment.empty())
        return {"--scenario and --fragment both given: use one"};
    if (!scenario_file.empty()) {
        std::string err;
        std::string text =
            read_input(scenario_file, limits::kMaxScenarioBytes, "scenario file", err);
        if (!err.empty()) return {"--scenario " + err};
        ParseResult r = parse_scenario_json(text);
        for (const auto& e : r.errors)
            errors.push_back("--scenario " + quote_input(scenario_file, 200) + ": " +
                             (e.field.empty() ? "" : e.field + ": ") + e.message);
        o.scenario = r.scenario;
    } else if (!fragment.empty()) {
        ParseResult r = parse_scenario_fragment(fragment);
        for (const auto& e : r.errors)
            errors.push_back("--fragment: " + (e.field.empty() ? "" : e.field + ": ") + e.message);
        o.scenario = r.scenario;
    }
    if (!errors.empty()) return errors;

    // 3. flags as one JSON patch
    json patch = json::object();
    std::map<std::string, std::string> flag_of;
    for (const auto& [name, value] : flags) {
        const bool any = o.workload.empty();
        bool to_text = any || o.workload == "text", to_image = any || o.workload == "image";
        bool to_video = o.workload == "video";
        if (name == "--model") {
            if (o.workload.empty()) { // compare/fleet: the catalog says which workload it is
                to_text = o.catalog.text_model(value) != nullptr;
                to_image = o.catalog.image_model(value) != nullptr;
                to_video = o.catalog.video_model(value) != nullptr;
                if (!to_text && !to_image && !to_video) {
                    errors.push_back("--model: unknown model \"" + quote_input(value) +
                                     "\" (see `costlab list models`)");
                    continue;
                }
            }
            if (to_text) put(patch, "text.model", value, true, name, flag_of, errors);
            if (to_image) put(patch, "image.model", value, true, name, flag_of, errors);
            if (to_video) put(patch, "video.model", value, true, name, flag_of, errors);
            continue;
        }
        if (name == "--engine" && o.workload.empty()) { // compare/fleet: the id says which
            const bool text = find_engine(value, EngineWorkload::text) != nullptr;
            const bool image = find_engine(value, EngineWorkload::image) != nullptr;
            if (!text && !image) {
                errors.push_back("--engine: unknown engine \"" + value.substr(0, 40) +
                                 "\"; text: " + engine_ids(EngineWorkload::text) +
                                 "; image: " + engine_ids(EngineWorkload::image));
                continue;
            }
            put(patch, text ? "text.engine" : "image.engine", value, true, name, flag_of, errors);
            continue;
        }
        const FieldFlag* f = find_flag(name);
        std::string v = value;
        if ((name == "--guidance" || name == "--speculative") && v == "default")
            v = "model_default";
        if (f->other_path) {
            put(patch, f->other_path, v, f->is_text, name, flag_of, errors);
            continue;
        }
        const char* own = o.workload == "text"    ? f->text_path
                          : o.workload == "image" ? f->image_path
                                                  : f->video_path;
        if (!o.workload.empty() && !own) {
            errors.push_back(name + " does not apply to --workload " + o.workload);
            continue;
        }
        // Without --workload a flag goes to the text and image workloads it names; a video-only
        // flag (--frames, --fps) to the video.
        if (any && !f->text_path && !f->image_path) to_video = true;
        if (to_text && f->text_path) put(patch, f->text_path, v, f->is_text, name, flag_of, errors);
        if (to_image && f->image_path)
            put(patch, f->image_path, v, f->is_text, name, flag_of, errors);
        if (to_video && f->video_path)
            put(patch, f->video_path, v, f->is_text, name, flag_of, errors);
    }
    if (with_video || o.workload == "video")
        put(patch, "video.enabled", "1", false, with_video ? "--with-video" : "--workload",
            flag_of, errors);
    if (owned) put(patch, "serving.ownership", "owned", true, "--owned", flag_of, errors);
    for (const auto& s : sets) {
        size_t eq = s.find('=');
        if (eq == std::string::npos) {
            errors.push_back("--set: \"" + quote_input(s) +
                             "\" must look like PATH=VALUE, e.g. "
                             "assumptions.pue=1.1");
            continue;
        }
        std::string path = s.substr(0, eq), value = s.substr(eq + 1);
        double num = 0;
        bool numeric = parse_number(value, num);
        put(patch, path, value, !numeric, "--set " + quote_input(path), flag_of, errors);
    }
    if (!errors.empty()) return errors;

    ParseResult r =
        parse_scenario_json(patch.dump(-1, ' ', false, json::error_handler_t::replace), o.scenario);
    for (const auto& e : r.errors) {
        auto it = flag_of.find(e.field);
        std::string who = it != flag_of.end() ? it->second + " (" + e.field + ")" : e.field;
        errors.push_back(who + ": " + e.message);
    }
    if (!errors.empty()) return errors;
    o.scenario = r.scenario;
    for (const auto& e : validate(o.scenario, o.catalog)) {
        auto it = flag_of.find(e.field);
        std::string who = it != flag_of.end() ? it->second + " (" + e.field + ")" : e.field;
        errors.push_back(who + ": " + e.message);
    }
    return errors;
}

} // namespace costlab::cli
