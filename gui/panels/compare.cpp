// Compare panel (see compare.h). Reads state.report only. Figures the model cannot stand behind
// (does not fit, no price) are replaced by the reason in words, in the cards and the bars.
#include "panels/compare.h"

#include "charts.h"
#include "fonts.h"
#include "format.h"
#include "results.h"
#include "theme.h"
#include "widgets.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace costlab::gui {

namespace {

// One card: a workload's headline figures, or why they cannot be shown.
void card(const char* title, const std::string& caption, const WorkloadReport& w, ImU32 color,
          const char* one, const char* many) {
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    {
        FaceScope strong(Face::strong);
        ImGui::TextUnformatted(title);
    }
    ImGui::PopStyleColor();
    ui::note(caption);
    const std::string why = fmt::untrusted_reason(w, false);
    if (!why.empty()) {
        ui::warning("Not shown: this workload " + why + ".");
        return;
    }
    const std::string why_usd = fmt::untrusted_reason(w, true);
    if (why_usd.empty())
        ui::figure_row("Cost", fmt::usd_per_query(w.usd_per_query, one, many));
    else
        ui::value_row("Cost", "no price set: dollar figures are not meaningful");
    ui::figure_row("Energy (facility)", fmt::energy(w.facility_energy_wh));
    ui::value_row("CO2", fmt::mass(w.co2_g_per_query));
    // Issue 12: water and embodied carbon beside energy and CO2, each its own line.
    ui::value_row("Water", fmt::si(w.water_l_per_query, "L"));
    ui::value_row("Embodied CO2", fmt::mass(w.embodied_co2_g_per_query));
    ui::value_row("GPU time", fmt::seconds(w.gpu_seconds_per_query));
    // A reply streams: its first token, then its pace, then the whole reply. An image or a video
    // arrives whole. Side by side these answer "how long until I see something".
    if (w.workload == Workload::text) {
        ui::value_row("First token", fmt::seconds(w.time_to_first_token_s));
        ui::value_row("Then", fmt::number(1 / w.time_per_output_token_s) + " tokens/s");
        ui::value_row("Whole reply", fmt::seconds(w.seconds_per_query));
    } else {
        ui::value_row(w.workload == Workload::video ? "Time to the video" : "Time to the image",
                      fmt::seconds(w.seconds_per_query));
    }
    ui::value_row("Bound by",
                  std::string(to_string(w.bound)) + (w.bound == Bound::memory ? " bandwidth" : ""));
}

} // namespace

void ComparePanel::draw(AppState& state) {
    const Report& r = state.report;
    const Scenario& s = state.last_good;
    const Palette& pal = palette();
    const float fs = ImGui::GetFontSize();
    if (!r.ok()) {
        ui::error("No figures yet: the inputs are not valid.");
        return;
    }
    const std::string text_why = fmt::untrusted_reason(r.text, true);
    const std::string image_why = fmt::untrusted_reason(r.image, true);
    const bool text_ok = fmt::untrusted_reason(r.text, false).empty();
    const bool image_ok = fmt::untrusted_reason(r.image, false).empty();
    const bool both_ok = text_ok && image_ok;
    const bool usd_ok = text_why.empty() && image_why.empty();

    // Headline: the ratio in words, on the metric people ask about first, in the largest face:
    // the answer is what the eye lands on first.
    if (usd_ok || both_ok) {
        FaceScope headline(Face::headline);
        if (usd_ok)
            ui::text(
                "In dollars, " +
                replies_per_image(ratio(r, Workload::image, Workload::text, costlab::Metric::usd)) +
                ".");
        else
            ui::text("In GPU time, " +
                     replies_per_image(
                         ratio(r, Workload::image, Workload::text, costlab::Metric::gpu_seconds)) +
                     " (no price set, so no dollar ratio).");
    } else
        ui::warning("No ratio: " + std::string(!text_ok ? "the chat reply " : "the image ") +
                    fmt::untrusted_reason(!text_ok ? r.text : r.image, false) + ".");
    if (both_ok) {
        ui::note(
            "In energy, " +
            replies_per_image(ratio(r, Workload::image, Workload::text, costlab::Metric::energy)) +
            "; in GPU time, " +
            replies_per_image(
                ratio(r, Workload::image, Workload::text, costlab::Metric::gpu_seconds)) +
            ".");
    }
    // The third workload, when the reader turned it on (Video workload panel).
    const bool video = r.video_enabled;
    const bool video_ok = video && fmt::untrusted_reason(r.video, false).empty();
    if (video_ok && both_ok) {
        const bool vusd = fmt::untrusted_reason(r.video, true).empty() && usd_ok;
        ui::text(
            "One video = " +
            fmt::multiple(
                vusd ? ratio(r, Workload::video, Workload::image, costlab::Metric::usd)
                     : ratio(r, Workload::video, Workload::image, costlab::Metric::gpu_seconds)) +
            " images = " +
            fmt::multiple(
                vusd ? ratio(r, Workload::video, Workload::text, costlab::Metric::usd)
                     : ratio(r, Workload::video, Workload::text, costlab::Metric::gpu_seconds)) +
            " chat replies" + (vusd ? " in dollars" : " in GPU time") + ".");
        ui::note(
            "In energy, one video = " +
            fmt::multiple(ratio(r, Workload::video, Workload::image, costlab::Metric::energy)) +
            " images = " +
            fmt::multiple(ratio(r, Workload::video, Workload::text, costlab::Metric::energy)) +
            " replies.");
    } else if (video && !video_ok) {
        ui::warning("No video ratio: the video " + fmt::untrusted_reason(r.video, false) + ".");
    }
    ImGui::Spacing();

    // Cards side by side when there is room, stacked on phones (three need more room).
    const std::vector<Workload> on = r.enabled_workloads(); // a card each
    const float need = 15 * fs * float(on.size());
    const bool side = ImGui::GetContentRegionAvail().x >= need;
    if (ImGui::BeginTable("cards", side ? int(on.size()) : 1, ImGuiTableFlags_SizingStretchSame)) {
        for (Workload id : on) {
            const WorkloadInfo& wi = info(id);
            ImGui::TableNextColumn();
            if (!side && id != on.front()) ImGui::Spacing();
            card((std::string("One ") + wi.label).c_str(),
                 caption(s, state.catalog, r.workload(id)), r.workload(id), series_color(pal, id),
                 wi.short_label, wi.short_plural);
        }
        ImGui::EndTable();
    }
    // How the waits are computed, in one line (README "How the model works").
    if (text_ok)
        ui::note("A reply joins " + fmt::count(std::max(0, r.text.batch - 1)) +
                 " others on its replica (continuous batching): its first token comes after its "
                 "own prompt, then one token per step; an image comes whole at the end of its "
                 "denoising steps. No queue for a free replica here: see Fleet.");
    ImGui::Spacing();

    // One bar pair per metric. Lengths are linear on purpose: the gap is the story.
    struct Metric {
        const char* title;
        double text, image;
        std::string (*format)(double);
        bool dollars;
    };
    const Metric metrics[] = {
        {"Dollars per query", r.text.usd_per_query, r.image.usd_per_query, fmt::usd, true},
        {"Energy per query (facility)", r.text.facility_energy_wh, r.image.facility_energy_wh,
         fmt::energy, false},
        {"CO2 per query", r.text.co2_g_per_query, r.image.co2_g_per_query, fmt::mass, false},
        {"GPU-seconds per query", r.text.gpu_seconds_per_query, r.image.gpu_seconds_per_query,
         fmt::seconds, false},
    };
    const bool two = ImGui::GetContentRegionAvail().x >= 44 * fs;
    if (ImGui::BeginTable("bars", two ? 2 : 1, ImGuiTableFlags_SizingStretchSame)) {
        for (const Metric& m : metrics) {
            ImGui::TableNextColumn();
            const std::string tw = fmt::untrusted_reason(r.text, m.dollars);
            const std::string iw = fmt::untrusted_reason(r.image, m.dollars);
            chart::Bar a{m.text, tw.empty() ? m.format(m.text) : "not shown", tw.empty(),
                         pal.text_series, "reply"};
            chart::Bar b{m.image, iw.empty() ? m.format(m.image) : "not shown", iw.empty(),
                         pal.image_series, "image"};
            chart::bar_pair(m.title, a, b);
        }
        ImGui::EndTable();
    }

    // Everything the model flagged, in words.
    for (Workload w : r.enabled_workloads()) {
        std::string label = info(w).label; // "Chat reply: ..."
        label[0] = char(std::toupper(static_cast<unsigned char>(label[0])));
        for (const std::string& msg : r.workload(w).warnings)
            ui::warning(label + ": " + fmt::message(msg));
    }
    if (!text_why.empty() && text_ok) ui::warning("Chat reply: " + text_why + ".");
    if (!image_why.empty() && image_ok) ui::warning("Image: " + image_why + ".");
}

} // namespace costlab::gui
