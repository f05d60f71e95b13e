// Share panel (see share.h): the link and embed snippet of the last valid scenario, exports of
// the report, and the comparison as a PNG. All platform work goes through state.requests.
#include "panels/share.h"

#include "costlab/report_io.h"
#include "widgets.h"

namespace costlab::gui {

namespace {

std::string link(const AppState& state) {
    return state.page_url + "#" + state.fragment;
}

} // namespace

std::string SharePanel::embed_snippet(const AppState& state) {
    return "<iframe src=\"" + link(state) +
           "\" width=\"100%\" height=\"640\" style=\"border:0\" loading=\"lazy\" "
           "title=\"costlab: AI image vs chat reply cost\"></iframe>";
}

void SharePanel::draw(AppState& state) {
    PlatformRequests& req = state.requests;
    ui::note("The link reopens exactly these inputs.");
    ui::text(link(state));
    if (ImGui::Button("Copy link")) {
        req.copy_to_clipboard = link(state);
        req.copied_what = "Link";
    }
    ui::flow("Copy embed snippet");
    if (ImGui::Button("Copy embed snippet")) {
        req.copy_to_clipboard = embed_snippet(state);
        req.copied_what = "Embed snippet";
    }
    ImGui::Spacing();
    ui::note("Download the figures:");
    const bool ok = state.report.ok();
    ImGui::BeginDisabled(!ok);
    if (ImGui::Button("Report JSON"))
        req.save.push_back({"costlab-report.json", "application/json",
                            report_to_json(state.report) + "\n"});
    ui::flow("Report CSV");
    if (ImGui::Button("Report CSV"))
        req.save.push_back({"costlab-report.csv", "text/csv", report_to_csv(state.report)});
    ui::flow("Scenario JSON");
    if (ImGui::Button("Scenario JSON"))
        req.save.push_back({"costlab-scenario.json", "application/json",
                            scenario_to_json(state.last_good) + "\n"});
    ui::flow("Comparison PNG");
    if (ImGui::Button("Comparison PNG")) req.save_png = true;
    ImGui::EndDisabled();
}

} // namespace costlab::gui
