// Small building blocks every panel uses: the panel frame (a bordered, auto-height child window
// with a collapsing title), label/value rows that stack on phones, editors for scenario fields
// (driven by the core's field table: label, unit, range), catalog pickers, and coloured notes.
// Editors return true when the user changed the value; the panel then calls state.changed().
#pragma once

#include "app_state.h"
#include "costlab/engine.h"
#include "imgui.h"

#include <cfloat>
#include <string>

namespace costlab::gui::ui {

// A panel: child window `title` of the given width whose height follows its content.
// Returns whether its body is open (collapsed panels show only the title). Always call
// end_panel(), open or not.
bool begin_panel(const char* title, float width, bool default_open = true);
void end_panel();

// Label column + widget column when there is room (panel >= 26 font sizes), else the label on
// its own line above a full-width widget. Call before the widget; it sets the next item width.
void row_label(const char* label, const char* help = nullptr);
// A read-only row: label and value ("Cost per reply   $0.00027").
void value_row(const char* label, const std::string& value);
void value_row_colored(const char* label, const std::string& value, const ImVec4& color);
// A headline figure of a card: the value in the larger figure face (fonts.h).
void figure_row(const char* label, const std::string& value);

struct SliderOptions {
    bool logarithmic = false; // also on by itself for ranges of more than two decades
    double min = 0, max = 0; // 0,0 = the field's own range
    const char* format = nullptr; // nullptr: "%g" (or "%d" for whole numbers), plus the unit
    const char* label = nullptr;  // nullptr: the field's label
    const char* help = nullptr;
    // Shows the value in words instead of printf ("1 billion a day").
    std::string (*describe)(double) = nullptr;
};
// A slider over one numeric field, clamped to its range, with a small typed-number box beside
// it (typed_number: the whole range of the field, applied only when valid). Dragging never
// opens ImGui's own Ctrl+click text entry, which applied every keystroke.
bool field_slider(AppState& state, const char* json_path, const SliderOptions& options = {});
// A typed-number box for one numeric field (typed_number). Optional fields get a "catalog
// value" checkbox; unticking it starts from `catalog_value` (the value it stood for).
bool field_input(AppState& state, const char* json_path, const char* label = nullptr,
                 const char* help = nullptr, double catalog_value = 0);
// "0 = automatic" integer fields (batch 0 = largest that fits, gpus 0 = smallest that fits,
// steps 0 = the model's default): a checkbox with `auto_label` and, when off, a slider from 1
// to `max` and a typed box. Unticking starts from `auto_value`, what the automatic choice
// stood for (the report's group or batch, the model's steps), never from 1.
bool field_auto_int(AppState& state, const char* json_path, const char* auto_label, int max,
                    const char* label = nullptr, int auto_value = 1);

// What an optional field's "catalog" box stands for: the accelerator's catalog price or
// purchase price for serving.usd_per_gpu_hour / serving.purchase_usd; 0 otherwise.
double catalog_value(const AppState& state, const char* json_path);

// Seconds without a keystroke after which a typed number is checked and, if valid, applied.
constexpr double kTypingPauseS = 0.8;
// What a typed number must be: the whole text one number, finite, in [min, max], whole when
// `integral`. An empty string means valid.
std::string check_typed_number(const std::string& text, double min, double max, bool integral,
                               const char* unit, double* value);
// A text box for a number. Applied (returns true with *out) on Enter, on leaving the field,
// or kTypingPauseS after the last keystroke, and only when the whole text passes
// check_typed_number and `accept` (if given: an empty string accepts, else the message). An
// invalid text stays in the box with a red frame and its message under it; nothing else
// changes. `key` names the box (unique per field); width < 0 fills the row.
bool typed_number(AppState& state, const char* key, double current, double min, double max,
                  bool integral, const char* unit, double* out, float width = -FLT_MIN,
                  std::string (*accept)(AppState&, const char* key, double) = nullptr);
// The text a number field shows when it is not being typed in: "1000", "0.083", "1e+12".
std::string typed_text(double v, bool integral);

// The field's validation error, if any, in red under the widget.
void field_error(const AppState& state, const char* json_path);

bool precision_combo(const char* label, const char* id, Precision& p);
bool text_model_combo(AppState& state);
bool image_model_combo(AppState& state);
bool video_model_combo(AppState& state);
bool accelerator_combo(AppState& state);
// The serving engine of a workload (costlab/engine.h's table): shows labels, stores ids.
bool engine_combo(AppState& state, EngineWorkload workload);

// The phases of one workload: time, what bounds it, arithmetic intensity.
void phase_table(const WorkloadReport& w);

// Wrapped text, plain or coloured: lines break at spaces only, never inside a number or
// between a number and the words beside it (wrap_for_width).
void text(const std::string& s);
// `s` with newlines where it should break to fit `width` in the current font.
std::string wrap_for_width(const std::string& s, float width);
void note(const std::string& s);    // muted
void warning(const std::string& s); // amber
void error(const std::string& s);   // red
// "(?)" with a tooltip.
void help_marker(const char* text);

// Before the second and later buttons of a row: stays on the line when `next_label` fits,
// wraps to the next line when it does not (phones).
void flow(const char* next_label);
// The same for a piece of text.
void flow_text(const char* next_text);

} // namespace costlab::gui::ui
