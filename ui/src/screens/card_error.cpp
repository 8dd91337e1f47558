// Screen 2c: the card cannot be used: blocked (no PIN tries left), untrusted
// (certificate), unreadable. Says what happened and what to do.
#include "../screen.hpp"
#include "../widgets.hpp"

namespace ui {
namespace {

class CardErrorScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::CardError}; }
    void draw(UiContext& ctx) override {
        header(ctx, ctx.tr("card.title"), false);
        ImGuiIO& io = ImGui::GetIO();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        ImVec2 c(io.DisplaySize.x / 2, px(360));
        dl->AddCircleFilled(c, px(80), color::k_error);
        ImVec2 ts = text_size("!", fonts().title);
        dl->AddText(fonts().title, fonts().title->FontSize, ImVec2(c.x - ts.x / 2, c.y - ts.y / 2),
                    color::k_text, "!");
        ImGui::SetCursorPosY(px(480));
        const std::string& code = ctx.view.card_error;
        text_centered(ctx.tr("error." + code), fonts().title);
        ImGui::Spacing();
        std::string hint = "card.hint." + code;
        std::string_view hint_text = ctx.tr(hint);
        text_centered(hint_text == hint ? ctx.tr("card.hint.default") : hint_text, fonts().body,
                      color::k_muted);
        ImGui::SetCursorPos(ImVec2((io.DisplaySize.x - px(420)) / 2, px(720)));
        if (button(ctx, "card_error.ok", ctx.tr("action.ok"), px(420, 96))) ctx.session.finish();
    }
};

} // namespace

std::unique_ptr<Screen> make_card_error_screen() {
    return std::make_unique<CardErrorScreen>();
}

} // namespace ui
