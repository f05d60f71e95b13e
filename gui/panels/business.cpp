// Business panel (see business.h): edits scenario.business; reads report.business.
#include "panels/business.h"

#include "format.h"
#include "theme.h"
#include "widgets.h"

#include <cmath>

namespace costlab::gui {

namespace {

// "85% margin", "loss: -120%", or why there is no figure.
void margin_row(const char* label, double margin, double price, const std::string& why) {
    if (!why.empty()) {
        ui::value_row_colored(label, "not shown: the cost " + why, palette().muted_v);
    } else if (!(price > 0) || !std::isfinite(margin)) {
        ui::value_row_colored(label, "no price set", palette().muted_v);
    } else if (margin >= 0) {
        ui::value_row_colored(label, fmt::percent(margin) + " margin", palette().good_v);
    } else {
        ui::value_row_colored(label, "a loss: " + fmt::percent(margin) + " of the price",
                              palette().error_v);
    }
}

} // namespace

void BusinessPanel::draw(AppState& state) {
    bool changed = false;
    ui::SliderOptions price;
    price.logarithmic = true;
    price.min = 0;
    price.max = 1;
    price.format = "$%.4f";
    changed |= ui::field_slider(state, "business.usd_price_per_text_query", price);
    changed |= ui::field_slider(state, "business.usd_price_per_image", price);
    ui::SliderOptions sub;
    sub.min = 0;
    sub.max = 250;
    sub.format = "$%.0f per month";
    changed |= ui::field_slider(state, "business.usd_subscription_per_month", sub);
    ui::SliderOptions use;
    use.logarithmic = true;
    use.min = 0;
    use.max = 1000;
    use.format = "%.1f a day";
    changed |= ui::field_slider(state, "business.text_queries_per_user_per_day", use);
    changed |= ui::field_slider(state, "business.images_per_user_per_day", use);
    if (changed) state.changed();

    const Report& r = state.report;
    if (!r.ok()) return;
    const Business& b = state.last_good.business;
    const std::string text_why = fmt::untrusted_reason(r.text, true);
    const std::string image_why = fmt::untrusted_reason(r.image, true);
    ImGui::SeparatorText("Per query");
    margin_row("Chat reply", r.business.text_margin, b.usd_price_per_text_query, text_why);
    ui::value_row("Break-even price per reply",
                  text_why.empty() ? fmt::usd(r.business.text_break_even_usd) : "not shown");
    margin_row("Image", r.business.image_margin, b.usd_price_per_image, image_why);
    ui::value_row("Break-even price per image",
                  image_why.empty() ? fmt::usd(r.business.image_break_even_usd) : "not shown");
    ImGui::SeparatorText("Per subscriber");
    // One demand figure: say where the usage per user comes from.
    const bool text_from_fleet = !(b.text_queries_per_user_per_day > 0);
    const bool image_from_fleet = !(b.images_per_user_per_day > 0);
    ui::value_row("Usage per user per day",
                  fmt::number(r.business.text_queries_per_user_per_day) + " replies" +
                      (text_from_fleet ? " (fleet demand / users)" : "") + ", " +
                      fmt::number(r.business.images_per_user_per_day) + " images" +
                      (image_from_fleet ? " (fleet demand / users)" : ""));
    const std::string why = !text_why.empty() ? text_why : image_why;
    ui::value_row("Serving cost per month",
                  why.empty() ? fmt::usd(r.business.usd_cost_per_user_per_month) : "not shown");
    margin_row("Subscription", r.business.subscription_margin, b.usd_subscription_per_month, why);
}

} // namespace costlab::gui
