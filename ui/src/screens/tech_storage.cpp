// Screen 9g: storage: the database's size and row counts, PRAGMA integrity_check, free
// disk, and the audit trail's hash chain.
#include "../screen.hpp"
#include "../widgets.hpp"
#include "tech_common.hpp"

namespace ui {
namespace {

class TechStorageScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::TechStorage}; }
    void draw(UiContext& ctx) override {
        const kiosk::TechVM& t = ctx.view.tech;
        TechFrame f = tech_frame(ctx, kiosk::ScreenId::TechStorage, ctx.tr("tech.page.storage"));
        const float col = (f.size.x - px(40)) / 2;
        ImGui::BeginChild("store", ImVec2(col, f.size.y - px(120)), false);
        kinetic_scroll(ctx, "store");
        draw_check(ctx, t.report.find("store"), "store", col - px(20));
        ImGui::EndChild();
        ImGui::SetCursorPos(ImVec2(f.pos.x + col + px(40), f.pos.y));
        ImGui::BeginChild("integrity", ImVec2(col, f.size.y - px(120)), false);
        kinetic_scroll(ctx, "integrity");
        draw_check(ctx, t.report.find("integrity"), "integrity", col - px(20));
        draw_check(ctx, t.report.find("disk"), "disk", col - px(20));
        draw_check(ctx, t.report.find("audit"), "audit", col - px(20));
        ImGui::EndChild();
        ImGui::SetCursorPos(ImVec2(f.pos.x, f.pos.y + f.size.y - px(100)));
        if (button(ctx, "tech.refresh", ctx.tr("tech.run_checks"), px(330, 88), ButtonStyle::Primary,
                   !t.running))
            ctx.session.tech_run_checks();
        end_tech_frame();
    }
};

} // namespace

std::unique_ptr<Screen> make_tech_storage_screen() {
    return std::make_unique<TechStorageScreen>();
}

} // namespace ui
