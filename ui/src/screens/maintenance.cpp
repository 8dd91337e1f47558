// The kiosk out of service for maintenance (a technician took it out): said in all three
// languages; only a technician card is accepted, to return it to service.
#include "../screen.hpp"
#include "../widgets.hpp"

namespace ui {
namespace {

class MaintenanceScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::Maintenance}; }
    void draw(UiContext& ctx) override {
        ImGui::SetCursorPosY(px(190));
        for (kiosk::Lang lang : {kiosk::Lang::Az, kiosk::Lang::Ru, kiosk::Lang::En}) {
            bool main = lang == ctx.lang();
            text_centered(kiosk::tr("maintenance.title", lang), main ? fonts().title : fonts().large,
                          main ? color::k_text : color::k_muted);
            text_centered(kiosk::tr("maintenance.explain", lang), fonts().body, color::k_muted);
            ImGui::Dummy(px(1, 50));
        }
    }
};

} // namespace

std::unique_ptr<Screen> make_maintenance_screen() {
    return std::make_unique<MaintenanceScreen>();
}

} // namespace ui
