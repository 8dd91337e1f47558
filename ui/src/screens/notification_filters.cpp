#include "notification_filters.hpp"

#include "../widgets.hpp"

namespace ui {

void draw_filter_bar(UiContext& ctx, float width) {
    const kiosk::NotificationsVM& l = ctx.view.list;
    const kiosk::Filters& f = l.filters;
    kiosk::Session& s = ctx.session;
    const bool contracts = l.tab == kiosk::Tab::Contracts;
    const float gap = px(16);
    // Design widths of the six fields; scaled to the available width together.
    const float design[] = {400, 240, 240, 300, 390, 230};
    float sum = 0;
    for (float d : design)
        sum += px(d);
    float k = (width - 5 * gap) / sum;
    auto w = [&](int i) { return px(design[i]) * k; };
    // Each field at its own place on one line (SameLine would align baselines, not tops).
    const ImVec2 origin = ImGui::GetCursorPos();
    float x = origin.x;
    auto place = [&](int i) {
        ImGui::SetCursorPos(ImVec2(x, origin.y));
        x += w(i) + gap;
    };
    place(0);

    // Employer.
    std::vector<Choice> employers{{"", std::string(ctx.tr("filter.all_employers"))}};
    std::size_t sel = 0;
    for (const auto& e : l.employers) {
        employers.push_back({e.sun, e.name + " (" + e.sun + ")"});
        if (f.employer_sun == e.sun) sel = employers.size() - 1;
    }
    if (auto i = dropdown(ctx, "filter.employer", ctx.tr("filter.employer"), employers, sel, w(0)))
        s.set_employer(*i == 0 ? std::nullopt : std::optional<std::string>(employers[*i].value));
    place(1);

    // Period: the notification's date (contracts) or the termination order's date.
    const char* from_caption = contracts ? "filter.period_from" : "filter.order_from";
    const char* to_caption = contracts ? "filter.period_to" : "filter.order_to";
    if (auto d = date_field(ctx, "filter.from", ctx.tr(from_caption), f.from.value_or(""), w(1)))
        s.set_period(d->empty() ? std::nullopt : std::optional<std::string>(*d), f.to);
    place(2);
    if (auto d = date_field(ctx, "filter.to", ctx.tr(to_caption), f.to.value_or(""), w(2)))
        s.set_period(f.from, d->empty() ? std::nullopt : std::optional<std::string>(*d));
    place(3);

    // Contract status.
    std::vector<Choice> statuses{{"all", std::string(ctx.tr("filter.status_all"))},
                                 {"in_force", std::string(ctx.tr("filter.status_in_force"))},
                                 {"ended", std::string(ctx.tr("filter.status_ended"))}};
    std::size_t status_sel = static_cast<std::size_t>(f.contract_status);
    if (auto i = dropdown(ctx, "filter.status", ctx.tr("filter.contract_status"), statuses, status_sel, w(3)))
        s.set_contract_status(static_cast<kiosk::ContractStatusFilter>(*i));
    place(4);

    // Notification type (contracts) or termination reason (termination).
    if (contracts) {
        std::vector<Choice> kinds{{"", std::string(ctx.tr("filter.all_kinds"))}};
        std::size_t ksel = 0;
        for (const auto& k2 : l.kinds) {
            kinds.push_back({k2.code, k2.label});
            if (f.kind == k2.code) ksel = kinds.size() - 1;
        }
        if (auto i = dropdown(ctx, "filter.kind", ctx.tr("filter.kind"), kinds, ksel, w(4)))
            s.set_kind(*i == 0 ? std::nullopt : std::optional<std::string>(kinds[*i].value));
    } else {
        std::vector<Choice> reasons{{"", std::string(ctx.tr("filter.all_reasons"))}};
        std::size_t rsel = 0;
        for (const auto& r : l.reasons) {
            reasons.push_back({r.code, r.label});
            if (f.reason == r.code) rsel = reasons.size() - 1;
        }
        if (auto i = dropdown(ctx, "filter.reason", ctx.tr("filter.reason"), reasons, rsel, w(4)))
            s.set_reason(*i == 0 ? std::nullopt : std::optional<std::string>(reasons[*i].value));
    }
    place(5);
    ImGui::BeginGroup();
    text(" ", fonts().small);
    if (button(ctx, "filter.clear", ctx.tr("filter.clear"), ImVec2(w(5), px(72)), ButtonStyle::Secondary,
               f.any(), fonts().body))
        s.clear_filters();
    ImGui::EndGroup();
}

} // namespace ui
