// Screen 9f: network and sync: online, lag, cursor, queue depths, last errors, and
// "sync now". Without a sync module it says so and shows what the store knows.
#include "../screen.hpp"
#include "../widgets.hpp"
#include "tech_common.hpp"

namespace ui {
namespace {

class TechNetworkScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::TechNetwork}; }
    void draw(UiContext& ctx) override {
        const kiosk::TechVM& t = ctx.view.tech;
        TechFrame f = tech_frame(ctx, kiosk::ScreenId::TechNetwork, ctx.tr("tech.page.network"));
        ImGui::BeginChild("network", ImVec2(f.size.x, f.size.y - px(120)), false);
        kinetic_scroll(ctx, "network");
        draw_check(ctx, t.report.find("network"), "network", f.size.x - px(20));
        draw_check(ctx, t.report.find("sync"), "sync", f.size.x - px(20));
        ImGui::EndChild();
        ImGui::SetCursorPos(ImVec2(f.pos.x, f.pos.y + f.size.y - px(100)));
        const kiosk::Check* sync = t.report.find("sync");
        const bool configured = sync && sync->reason != "sync_not_configured";
        if (button(ctx, "tech.sync_now", ctx.tr("tech.sync_now"), px(400, 88), ButtonStyle::Primary,
                   configured))
            ctx.session.tech_sync_now();
        ImGui::SameLine(0, px(24));
        if (button(ctx, "tech.refresh", ctx.tr("tech.run_checks"), px(330, 88), ButtonStyle::Secondary,
                   !t.running))
            ctx.session.tech_run_checks();
        ImGui::SameLine(0, px(24));
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + px(26));
        if (!configured)
            text(ctx.tr("error.sync_not_configured"), fonts().bold, color::k_muted);
        else if (t.sync_requested)
            text(ctx.tr("tech.sync_requested"), fonts().bold, color::k_ok);
        end_tech_frame();
    }
};

} // namespace

std::unique_ptr<Screen> make_tech_network_screen() {
    return std::make_unique<TechNetworkScreen>();
}

} // namespace ui
