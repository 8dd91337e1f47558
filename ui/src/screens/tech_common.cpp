#include "tech_common.hpp"

#include "../widgets.hpp"

namespace ui {
namespace {

struct NavItem {
    kiosk::ScreenId page;
    const char* key;
    std::initializer_list<std::string_view> checks;
};

const NavItem k_nav[] = {
    {kiosk::ScreenId::TechDashboard, "tech.page.dashboard", {}},
    {kiosk::ScreenId::TechPrinter, "tech.page.printer", {"printer", "printer_test_page"}},
    {kiosk::ScreenId::TechCard, "tech.page.card", {"card_reader", "card_read_test"}},
    {kiosk::ScreenId::TechTouch, "tech.page.touch", {"touch"}},
    {kiosk::ScreenId::TechDisplay, "tech.page.display", {"display"}},
    {kiosk::ScreenId::TechNetwork, "tech.page.network", {"network", "sync"}},
    {kiosk::ScreenId::TechStorage, "tech.page.storage", {"store", "integrity", "disk", "audit"}},
    {kiosk::ScreenId::TechLog, "tech.page.log", {}},
    {kiosk::ScreenId::TechConfig, "tech.page.config", {"kiosk", "config"}},
};

} // namespace

ImU32 verdict_color(kiosk::Verdict v) {
    switch (v) {
    case kiosk::Verdict::Pass:
        return color::k_ok;
    case kiosk::Verdict::Fail:
        return color::k_error;
    case kiosk::Verdict::NotRun:
        return color::rgb(0x5A, 0x6A, 0x80);
    }
    return color::k_muted;
}

kiosk::Verdict worst(const kiosk::DiagnosticsReport& report, std::initializer_list<std::string_view> ids) {
    kiosk::Verdict v = kiosk::Verdict::NotRun;
    for (std::string_view id : ids)
        if (const kiosk::Check* c = report.find(id)) {
            if (c->verdict == kiosk::Verdict::Fail) return kiosk::Verdict::Fail;
            if (c->verdict == kiosk::Verdict::Pass) v = kiosk::Verdict::Pass;
        }
    return v;
}

TechFrame tech_frame(UiContext& ctx, kiosk::ScreenId page, std::string_view title) {
    const kiosk::TechVM& t = ctx.view.tech;
    std::string heading = std::string(ctx.tr("tech.title"));
    if (!title.empty()) heading += " · " + std::string(title);
    header(ctx, heading, true);
    ImGuiIO& io = ImGui::GetIO();
    const float nav_w = px(360);
    const float top = px(k_header_h + 16);
    const float bottom = io.DisplaySize.y - px(k_status_h) - px(16);
    const float item_h = (bottom - top - 8 * px(8)) / 9;
    const bool locked = t.card.step != kiosk::CardTestVM::Step::Idle;
    float y = top;
    for (const NavItem& item : k_nav) {
        ImGui::SetCursorPos(ImVec2(px(24), y));
        std::string id = "tech.nav." + std::string(kiosk::screen_name(item.page));
        bool current = item.page == page;
        ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0.0f, 0.5f));
        if (button(ctx, id, std::string("      ") + std::string(ctx.tr(item.key)), ImVec2(nav_w, item_h),
                   current ? ButtonStyle::Selected : ButtonStyle::Secondary, !locked || current,
                   fonts().bold))
            ctx.session.tech_open(item.page);
        ImGui::PopStyleVar();
        kiosk::Verdict v = item.page == kiosk::ScreenId::TechDashboard
                               ? (t.report.checks.empty() ? kiosk::Verdict::NotRun : t.report.overall())
                               : worst(t.report, item.checks);
        ImVec2 min = ImGui::GetItemRectMin();
        if (item.page != kiosk::ScreenId::TechLog)
            ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(min.x + px(28), min.y + item_h / 2), px(11),
                                                        verdict_color(v));
        y += item_h + px(8);
    }
    TechFrame f;
    f.pos = ImVec2(px(24) + nav_w + px(32), top);
    f.size = ImVec2(io.DisplaySize.x - f.pos.x - px(32), bottom - top);
    ImGui::SetCursorPos(f.pos);
    ImGui::BeginGroup(); // new lines start at the content's left edge
    return f;
}

void end_tech_frame() {
    ImGui::EndGroup();
}

void verdict_badge(UiContext& ctx, kiosk::Verdict v) {
    std::string label(ctx.tr("diag.verdict." + std::string(kiosk::verdict_name(v))));
    ImVec2 size = text_size(label, fonts().bold);
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImVec2 box(size.x + px(28), size.y + px(10));
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + box.x, p.y + box.y), verdict_color(v), px(8));
    ImGui::GetWindowDrawList()->AddText(fonts().bold, fonts().bold->FontSize,
                                        ImVec2(p.x + px(14), p.y + px(5)), color::k_text, label.data(),
                                        label.data() + label.size());
    ImGui::Dummy(box);
}

void draw_check(UiContext& ctx, const kiosk::Check* check, std::string_view id, float width) {
    ImGui::BeginGroup();
    text(ctx.tr("diag.check." + std::string(id)), fonts().large);
    ImGui::SameLine(0, px(20));
    verdict_badge(ctx, check ? check->verdict : kiosk::Verdict::NotRun);
    if (check && !check->reason.empty()) {
        ImGui::SameLine(0, px(20));
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + px(4));
        text(ellipsize(ctx.tr("error." + check->reason), fonts().bold, width / 2), fonts().bold,
             check->verdict == kiosk::Verdict::Fail ? color::k_warn : color::k_muted);
    }
    if (check)
        for (const std::string& w : check->warnings)
            text("• " + std::string(ctx.tr("error." + w)), fonts().small, color::k_warn);
    if (check) {
        const float label_w = width * 0.38f;
        for (const kiosk::Fact& f : check->facts) {
            float y = ImGui::GetCursorPosY();
            float x = ImGui::GetCursorPosX();
            text(ellipsize(kiosk::fact_label(f.key, ctx.lang()), fonts().small, label_w - px(12)),
                 fonts().small, color::k_muted);
            ImGui::SetCursorPos(ImVec2(x + label_w, y));
            text_wrapped(f.value, fonts().small, color::k_text, width - label_w);
        }
    }
    ImGui::Dummy(ImVec2(width, px(18)));
    ImGui::EndGroup();
}

} // namespace ui
