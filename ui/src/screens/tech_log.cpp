// Screen 9h: the kiosk's recent log lines (kiosk/log.hpp: scrubbed of anything shaped
// like personal data before they are kept), newest last.
#include "../screen.hpp"
#include "../widgets.hpp"
#include "tech_common.hpp"

namespace ui {
namespace {

class TechLogScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::TechLog}; }
    void draw(UiContext& ctx) override {
        const kiosk::TechVM& t = ctx.view.tech;
        TechFrame f = tech_frame(ctx, kiosk::ScreenId::TechLog, ctx.tr("tech.page.log"));
        ImGui::PushStyleColor(ImGuiCol_ChildBg, color::k_panel);
        ImGui::BeginChild("log", ImVec2(f.size.x, f.size.y - px(120)), false);
        kinetic_scroll(ctx, "log");
        if (t.log_lines.empty()) text(ctx.tr("tech.log.empty"), fonts().body, color::k_muted);
        for (const std::string& line : t.log_lines)
            text_wrapped(line, fonts().small, color::k_text, f.size.x - px(30));
        ImGui::EndChild();
        ImGui::PopStyleColor();
        ImGui::SetCursorPos(ImVec2(f.pos.x, f.pos.y + f.size.y - px(100)));
        if (button(ctx, "tech.log.refresh", ctx.tr("tech.log.refresh"), px(330, 88), ButtonStyle::Primary))
            ctx.session.tech_refresh_log();
        end_tech_frame();
    }
};

} // namespace

std::unique_ptr<Screen> make_tech_log_screen() {
    return std::make_unique<TechLogScreen>();
}

} // namespace ui
