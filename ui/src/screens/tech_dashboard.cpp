// Screen 9a: the technician's dashboard: every check's verdict at a glance, run them
// again, print the report, take the kiosk out of service (and back), stop the kiosk.
#include "../screen.hpp"
#include "../widgets.hpp"
#include "kiosk/records.hpp"
#include "tech_common.hpp"

namespace ui {
namespace {

class TechDashboardScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::TechDashboard}; }
    void draw(UiContext& ctx) override {
        const kiosk::TechVM& t = ctx.view.tech;
        kiosk::Session& s = ctx.session;
        TechFrame f = tech_frame(ctx, kiosk::ScreenId::TechDashboard, ctx.tr("tech.page.dashboard"));

        // The overall verdict.
        int failed = 0;
        for (const auto& c : t.report.checks)
            failed += c.verdict == kiosk::Verdict::Fail ? 1 : 0;
        if (t.running) {
            text(ctx.tr("tech.running"), fonts().title, color::k_muted);
            spinner(ctx,
                    ImVec2(ImGui::GetWindowPos().x + f.pos.x + f.size.x - px(60),
                           ImGui::GetWindowPos().y + f.pos.y + px(40)),
                    px(30));
        } else if (t.report.checks.empty()) {
            text(ctx.tr("tech.no_report"), fonts().title, color::k_muted);
        } else {
            std::string line = failed == 0
                                   ? std::string(ctx.tr("tech.all_passed"))
                                   : std::string(ctx.tr("tech.failed_count")) + ": " + std::to_string(failed);
            text(line, fonts().title, failed == 0 ? color::k_text : color::k_warn);
        }
        if (!t.report.generated_at.empty())
            text(std::string(ctx.tr("tech.generated_at")) + ": " +
                     kiosk::display_instant(t.report.generated_at) + " UTC",
                 fonts().small, color::k_muted);
        if (ctx.view.maintenance) text(ctx.tr("tech.maintenance_on"), fonts().bold, color::k_warn);

        // One tile per check.
        const float tile_gap = px(14);
        const int cols = 3;
        const float tile_w = (f.size.x - (cols - 1) * tile_gap) / cols;
        const float tile_h = px(96);
        const float grid_top = f.pos.y + px(150);
        int i = 0;
        for (const kiosk::Check& c : t.report.checks) {
            float x = f.pos.x + static_cast<float>(i % cols) * (tile_w + tile_gap);
            float y = grid_top + static_cast<float>(i / cols) * (tile_h + tile_gap);
            ImVec2 o = ImGui::GetWindowPos();
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->AddRectFilled(ImVec2(o.x + x, o.y + y), ImVec2(o.x + x + tile_w, o.y + y + tile_h),
                              color::k_panel, px(10));
            dl->AddRectFilled(ImVec2(o.x + x, o.y + y), ImVec2(o.x + x + px(12), o.y + y + tile_h),
                              verdict_color(c.verdict), px(10));
            ImGui::SetCursorPos(ImVec2(x + px(28), y + px(10)));
            text(ellipsize(ctx.tr("diag.check." + c.id), fonts().bold, tile_w - px(40)), fonts().bold);
            ImGui::SetCursorPos(ImVec2(x + px(28), y + px(52)));
            std::string sub(ctx.tr("diag.verdict." + std::string(kiosk::verdict_name(c.verdict))));
            if (!c.reason.empty()) sub += " · " + std::string(ctx.tr("error." + c.reason));
            text(ellipsize(sub, fonts().small, tile_w - px(40)), fonts().small,
                 c.verdict == kiosk::Verdict::Fail ? color::k_warn : color::k_muted);
            ++i;
        }

        // Actions.
        const float ay = f.pos.y + f.size.y - px(100);
        if (t.report_printed) {
            ImGui::SetCursorPos(ImVec2(f.pos.x, ay - px(44)));
            bool ok = t.report_printed->verdict == kiosk::Verdict::Pass;
            std::string msg(ctx.tr(ok ? "tech.report_printed" : "tech.report_not_printed"));
            if (!ok && !t.report_printed->reason.empty())
                msg += ": " + std::string(ctx.tr("error." + t.report_printed->reason));
            text(msg, fonts().bold, ok ? color::k_ok : color::k_warn);
        }
        ImGui::SetCursorPos(ImVec2(f.pos.x, ay));
        if (button(ctx, "tech.run_checks", ctx.tr("tech.run_checks"), px(330, 88), ButtonStyle::Primary,
                   !t.running))
            s.tech_run_checks();
        ImGui::SameLine(0, px(18));
        if (button(ctx, "tech.print_report",
                   ctx.tr(t.report_printing ? "tech.printing_report" : "tech.print_report"), px(330, 88),
                   ButtonStyle::Secondary, !t.running && !t.report_printing && !t.report.checks.empty()))
            s.tech_print_report();
        ImGui::SameLine(0, px(18));
        if (!ctx.view.maintenance) {
            if (button(ctx, "tech.maintenance", ctx.tr("tech.maintenance.enter"), px(380, 88),
                       ButtonStyle::Secondary))
                s.tech_confirm_maintenance(true);
        } else if (button(ctx, "tech.maintenance_end", ctx.tr("tech.maintenance.leave"), px(380, 88),
                          ButtonStyle::Ok)) {
            s.tech_leave_maintenance();
        }
        ImGui::SameLine(0, px(18));
        if (button(ctx, "tech.stop", ctx.tr("tech.stop"), px(280, 88), ButtonStyle::Danger))
            s.tech_confirm_stop(true);

        if (t.confirm_maintenance && begin_dialog("##maintenance", ImVec2(1100, 420))) {
            text(ctx.tr("tech.maintenance.enter"), fonts().large);
            text_wrapped(ctx.tr("tech.maintenance.explain"), fonts().body, color::k_muted, px(1040));
            ImGui::SetCursorPosY(px(300));
            if (button(ctx, "tech.maintenance.confirm", ctx.tr("action.ok"), px(300, 88), ButtonStyle::Ok))
                s.tech_enter_maintenance();
            ImGui::SameLine(0, px(24));
            if (button(ctx, "tech.maintenance.cancel", ctx.tr("action.cancel"), px(300, 88),
                       ButtonStyle::Secondary))
                s.tech_confirm_maintenance(false);
            end_dialog();
        }
        if (t.confirm_stop && begin_dialog("##stop", ImVec2(1100, 420))) {
            text(ctx.tr("tech.stop"), fonts().large);
            text_wrapped(ctx.tr("tech.stop.explain"), fonts().body, color::k_muted, px(1040));
            ImGui::SetCursorPosY(px(300));
            if (button(ctx, "tech.stop.confirm", ctx.tr("tech.stop"), px(300, 88), ButtonStyle::Danger))
                s.tech_stop_kiosk();
            ImGui::SameLine(0, px(24));
            if (button(ctx, "tech.stop.cancel", ctx.tr("action.cancel"), px(300, 88), ButtonStyle::Secondary))
                s.tech_confirm_stop(false);
            end_dialog();
        }
        end_tech_frame();
    }
};

} // namespace

std::unique_ptr<Screen> make_tech_dashboard_screen() {
    return std::make_unique<TechDashboardScreen>();
}

} // namespace ui
