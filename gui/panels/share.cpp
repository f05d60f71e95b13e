// Share panel (see share.h): the link and embed snippet of the last valid scenario, exports of
// the report, and the comparison as a PNG. All platform work goes through state.requests.
#include "panels/share.h"

#include "costlab/report_io.h"
#include "format.h"
#include "embed_script_sri.h" // generated: COSTLAB_EMBED_SCRIPT_SRI (gui/CMakeLists.txt)
#include "widgets.h"

#include <cctype>
#include <cmath>
#include <cstdint>

namespace costlab::gui {

namespace {

// The site's folder (with the trailing '/') and the page's file name, from page_url (which
// may carry a ?query): "https://x/costlab/embed.html?theme=dark" -> "https://x/costlab/", "embed.html".
std::string site_dir(const AppState& state) {
    const std::string url = state.page_url.substr(0, state.page_url.find('?'));
    const size_t slash = url.rfind('/');
    return slash == std::string::npos ? std::string() : url.substr(0, slash + 1);
}

bool in_embed(const AppState& state) {
    const std::string url = state.page_url.substr(0, state.page_url.find('?'));
    return state.embed || (url.size() >= 10 && url.compare(url.size() - 10, 10, "embed.html") == 0);
}

// The full calculator with this scenario (from an embed: its index page beside it).
std::string link(const AppState& state) {
    return (in_embed(state) ? site_dir(state) : state.page_url) + "#" + state.fragment;
}

} // namespace

std::string SharePanel::embed_id(const AppState& state) {
    uint32_t h = 2166136261u; // FNV-1a of the fragment: the same scenario, the same id
    for (unsigned char c : state.fragment)
        h = (h ^ c) * 16777619u;
    static const char* hex = "0123456789abcdef";
    std::string id = "costlab-";
    for (int shift = 28; shift >= 8; shift -= 4)
        id += hex[(h >> shift) & 15];
    return id;
}

namespace {
// Not core's fragment encoder (scenario.cpp), which leaves '~' as RFC 3986 allows: here '~'
// separates the parts of ?ph=, so a '~' inside a figure must be escaped.
std::string url_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_')
            out += char(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}
} // namespace

std::string SharePanel::placeholder_query(const AppState& state) {
    // The strings the twin shows (results.cpp display_of), "not shown" where the canvas hatches.
    const Report& r = state.report;
    if (!r.ok()) return {};
    auto shown = [](bool ok, std::string s) { return ok ? s : std::string("not shown"); };
    auto part = [&](const WorkloadReport& w) {
        const bool ok = fmt::untrusted_reason(w, false).empty();
        const bool usd = fmt::untrusted_reason(w, true).empty();
        return url_encode(shown(usd, fmt::usd(w.usd_per_query))) + "~" +
               url_encode(shown(ok, fmt::energy(w.facility_energy_wh))) + "~" +
               url_encode(shown(ok, fmt::mass(w.co2_g_per_query)));
    };
    const double n = ratio(r, Workload::image, Workload::text, Metric::usd);
    const std::string ratio = !std::isfinite(n) || n <= 0 ? "n/a"
                              : n >= 10                 ? fmt::count(std::round(n))
                                                        : fmt::multiple(n);
    return "&ph=" + url_encode(ratio) + "~" + part(r.image) + "~" + part(r.text);
}

std::string SharePanel::embed_url(const AppState& state) {
    // The theme on screen goes with it (the embed follows ?theme=), and the figures for its
    // click-to-load placeholder (placeholder_query).
    return site_dir(state) + "embed.html?id=" + embed_id(state) +
           "&theme=" + (state.theme == Theme::dark ? "dark" : "light") + placeholder_query(state) +
           "#" + state.fragment;
}

// With Subresource Integrity: the host page's browser refuses the script if its bytes are not
// the ones built here, so a blogger pins exactly this version (crossorigin: the site serves it
// with Access-Control-Allow-Origin: *, which integrity checks on another origin need).
std::string SharePanel::host_script_tag(const AppState& state) {
    return "<script src=\"" + site_dir(state) + "costlab-embed.js\" integrity=\"" +
           COSTLAB_EMBED_SCRIPT_SRI + "\" crossorigin=\"anonymous\" async></script>";
}

std::string SharePanel::embed_snippet(const AppState& state) {
    // One line. Fixed height 640 (the embed scrolls inside) unless the host page loads
    // costlab-embed.js, which sizes it to its content; loading=lazy: nothing loads far away.
    return "<iframe id=\"" + embed_id(state) + "\" src=\"" + embed_url(state) +
           "\" width=\"100%\" height=\"640\" style=\"border:0;max-width:800px\" loading=\"lazy\" "
           "title=\"costlab: AI image vs chat reply cost\"></iframe>";
}

void SharePanel::draw(AppState& state) {
    PlatformRequests& req = state.requests;
    if (state.custom_catalog)
        ui::warning("The link holds the inputs, not the catalog you merged: whoever opens it "
                    "sees the built-in figures. Send the catalog with it (Assumptions and "
                    "sources, \"Save accelerators JSON\") to reopen these numbers.");
    else if (state.last_good.serving.measured_device.present())
        ui::note("The link carries the measured device: whoever opens it sees these numbers, "
                 "labelled as measured on the sender's device.");
    else
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
    // Said here because a blogger decides on it here: the script touches nothing but our frames.
    ui::note("Optional, once per page: this script sizes the embed to its content (only "
             "iframes from this site, 100 to 20,000 px; it ignores every other message):");
    ui::text(host_script_tag(state));
    if (ImGui::Button("Copy host script tag")) {
        req.copy_to_clipboard = host_script_tag(state);
        req.copied_what = "Host script tag";
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
