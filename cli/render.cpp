// `costlab render`: the comparison as a PNG, with no display. This file is compiled into the
// `costlab` executable and the wasm build's site CLI (costlab_cli_node, which draws
// costlab-default.png), not into costlab_cli_lib, so the library the tests link stays free of
// ImGui. main.cpp hands every
// `costlab render ...` call here. The picture is drawn by the GUI's own panel code and
// rasterized in software (gui/picture.h, gui/render_png.h): no X server, GL or GPU needed.
#include "cli.h"
#include "options.h"

#include "picture.h"

#include <cstdlib>

namespace costlab::cli {

namespace {
const char* const kRenderUsage = R"(costlab render: the comparison as a PNG picture (no display needed).

usage: costlab render --out FILE.png [picture flags] [scenario flags]

picture flags
  --out FILE.png        where to write the picture (required)
  --width PX            picture width, 64..4096 (default 1200)
  --height PX           picture height, 64..4096 (default 630; with only --width, the
                        same 1.91:1 proportion; with --roofline, as tall as the content)
  --scale X             with --roofline: pixels per layout unit, 1..4 (default 1; 2 for
                        HiDPI); the figure scales itself to its size
  --theme light|dark    (default light)
  --roofline            the Compare and Roofline panels as the app shows them, instead
                        of the figure (headline, both workloads, cost/energy/GPU-time bars)

scenario flags: as for `costlab compare` (--scenario FILE.json, --fragment '#v=2&...',
--catalog FILE.json, --model, --gpu, --set PATH=VALUE, ...). Here --width and --height are the
picture's size; set the image workload's size with --set image.width_px=N --set image.height_px=N.
)";

bool parse_int(const std::string& s, int& out) {
    char* end = nullptr;
    const long v = std::strtol(s.c_str(), &end, 10);
    if (s.empty() || !end || *end != '\0') return false;
    out = int(v);
    return true;
}
} // namespace

Output render(const std::vector<std::string>& args) {
    Output o;
    gui::PictureOptions pic;
    std::string out_path;
    std::vector<std::string> rest{"compare"};
    std::vector<std::string> errors;
    bool width_given = false, height_given = false;
    size_t i = args.empty() || args[0] != "render" ? 0 : 1;
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            o.out = kRenderUsage;
            return o;
        }
        if (a == "--roofline") {
            pic.roofline = true;
            continue;
        }
        std::string name = a, value;
        bool has_value = false;
        if (size_t eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
            name = a.substr(0, eq);
            value = a.substr(eq + 1);
            has_value = true;
        }
        const bool mine = name == "--out" || name == "--width" || name == "--height" ||
                          name == "--theme" || name == "--scale";
        if (!mine) {
            rest.push_back(a);
            continue;
        }
        if (!has_value) {
            if (i + 1 >= args.size()) {
                errors.push_back(name + " needs a value");
                continue;
            }
            value = args[++i];
        }
        if (name == "--out") {
            out_path = value;
        } else if (name == "--width" || name == "--height") {
            int v = 0;
            if (!parse_int(value, v) || v < gui::kPictureMinSide || v > gui::kPictureMaxSide)
                errors.push_back(name + ": \"" + value + "\" must be a whole number of pixels, " +
                                 std::to_string(gui::kPictureMinSide) + ".." +
                                 std::to_string(gui::kPictureMaxSide));
            else
                (name == "--width" ? pic.width : pic.height) = v;
            (name == "--width" ? width_given : height_given) = true;
        } else if (name == "--scale") {
            char* end = nullptr;
            const double v = std::strtod(value.c_str(), &end);
            if (value.empty() || *end != '\0' || !(v >= 1 && v <= 4))
                errors.push_back("--scale: \"" + value + "\" must be a number 1..4");
            else
                pic.scale = float(v);
        } else if (name == "--theme") {
            if (value == "light")
                pic.theme = gui::Theme::light;
            else if (value == "dark")
                pic.theme = gui::Theme::dark;
            else
                errors.push_back("--theme: \"" + value + "\" must be light or dark");
        }
    }
    if (out_path.empty() && errors.empty()) errors.push_back("render: --out FILE.png is required");
    if (!height_given && (width_given || pic.roofline)) pic.height = 0; // proportional / content
    Options opts;
    if (errors.empty()) errors = parse_options(rest, opts);
    if (errors.empty() && opts.command == "help") {
        o.out = kRenderUsage;
        return o;
    }
    if (!errors.empty()) {
        for (const auto& e : errors)
            o.err += "costlab render: " + e + "\n";
        o.exit_code = 2;
        return o;
    }
    gui::Image img;
    std::string error;
    if (!gui::render_picture(opts.scenario, opts.catalog, pic, img, &error)) {
        o.err = "costlab render: " + error + "\n";
        o.exit_code = 2;
        return o;
    }
    if (!gui::write_png(out_path, img, &error)) {
        o.err = "costlab render: " + error + "\n";
        o.exit_code = 1;
        return o;
    }
    o.out = "wrote " + out_path + " (" + std::to_string(img.width) + " x " +
            std::to_string(img.height) + " px)\n";
    return o;
}

} // namespace costlab::cli
