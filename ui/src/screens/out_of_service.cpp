// The out-of-service screen: the kiosk cannot serve (store unreadable, or neither card
// reader nor network). Said in all three languages at once: nobody can choose one here.
#include "../screen.hpp"
#include "../widgets.hpp"

namespace ui {
namespace {

class OutOfServiceScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::OutOfService}; }
    void draw(UiContext& ctx) override {
        const kiosk::StatusVM& s = ctx.view.status;
        const char* reason_key = !s.store_ok ? "oos.reason_store" : "oos.reason_devices";
        if (ctx.fallback) reason_key = "oos.reason_fault"; // the crash-loop fallback
        ImGui::SetCursorPosY(px(170));
        for (kiosk::Lang lang : {kiosk::Lang::Az, kiosk::Lang::Ru, kiosk::Lang::En}) {
            bool main = lang == ctx.lang();
            text_centered(kiosk::tr("oos.title", lang), main ? fonts().title : fonts().large,
                          main ? color::k_text : color::k_muted);
            text_centered(kiosk::tr(reason_key, lang), fonts().body, color::k_muted);
            text_centered(kiosk::tr("oos.ask_staff", lang), fonts().body, color::k_muted);
            ImGui::Dummy(px(1, 50));
        }
    }
};

} // namespace

std::unique_ptr<Screen> make_out_of_service_screen() {
    return std::make_unique<OutOfServiceScreen>();
}

} // namespace ui
