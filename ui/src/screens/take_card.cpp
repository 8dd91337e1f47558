// Screen 7b: the session has ended (everything personal is already wiped); the card is
// still in the reader.
#include "../screen.hpp"
#include "../widgets.hpp"

namespace ui {
namespace {

class TakeCardScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::TakeCard}; }
    void draw(UiContext& ctx) override {
        header(ctx, {}, false);
        ImGui::SetCursorPosY(px(330));
        text_centered(ctx.tr("end.take_card"), fonts().title);
        ImGui::Spacing();
        text_centered(ctx.tr("end.thanks"), fonts().large, color::k_muted);
        if (ctx.session.last_end_reason() == kiosk::EndReason::IdleTimeout) {
            ImGui::Spacing();
            text_centered(ctx.tr("end.timed_out"), fonts().body, color::k_muted);
        }
    }
};

} // namespace

std::unique_ptr<Screen> make_take_card_screen() {
    return std::make_unique<TakeCardScreen>();
}

} // namespace ui
