// Screen 9i: the configuration as loaded (secrets hidden) and the software version.
#include "../screen.hpp"
#include "../widgets.hpp"
#include "tech_common.hpp"

namespace ui {
namespace {

class TechConfigScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::TechConfig}; }
    void draw(UiContext& ctx) override {
        const kiosk::TechVM& t = ctx.view.tech;
        TechFrame f = tech_frame(ctx, kiosk::ScreenId::TechConfig, ctx.tr("tech.page.config"));
        ImGui::BeginChild("config", ImVec2(f.size.x, f.size.y), false);
        kinetic_scroll(ctx, "config");
        draw_check(ctx, t.report.find("kiosk"), "kiosk", f.size.x - px(20));
        draw_check(ctx, t.report.find("config"), "config", f.size.x - px(20));
        ImGui::EndChild();
        end_tech_frame();
    }
};

} // namespace

std::unique_ptr<Screen> make_tech_config_screen() {
    return std::make_unique<TechConfigScreen>();
}

} // namespace ui
