// Screen 2a: the card is being read (before the PIN). Nothing to tap: do not remove the card.
#include "../screen.hpp"
#include "../widgets.hpp"

namespace ui {
namespace {

class ReadingCardScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::ReadingCard}; }
    void draw(UiContext& ctx) override {
        header(ctx, ctx.tr("card.title"), false);
        ImGuiIO& io = ImGui::GetIO();
        spinner(ctx, ImVec2(io.DisplaySize.x / 2, px(420)), px(70));
        ImGui::SetCursorPosY(px(560));
        text_centered(ctx.tr("card.reading"), fonts().title);
        ImGui::Spacing();
        text_centered(ctx.tr("card.do_not_remove"), fonts().body, color::k_muted);
    }
};

} // namespace

std::unique_ptr<Screen> make_reading_card_screen() {
    return std::make_unique<ReadingCardScreen>();
}

} // namespace ui
