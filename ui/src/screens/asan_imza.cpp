// Screen 3: Asan İmza. Mobile ID needs the registry's online service (sync/, a later
// issue): until it lands this screen says so and leads back.
#include "../screen.hpp"
#include "../widgets.hpp"

namespace ui {
namespace {

class AsanImzaScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::AsanImza}; }
    void draw(UiContext& ctx) override {
        header(ctx, ctx.tr("asan.title"), false);
        ImGui::SetCursorPosY(px(300));
        text_centered(ctx.tr("asan.coming_soon"), fonts().title);
        ImGui::Spacing();
        text_centered(ctx.tr("asan.use_card"), fonts().body, color::k_muted);
        ImGuiIO& io = ImGui::GetIO();
        ImGui::SetCursorPos(ImVec2((io.DisplaySize.x - px(420)) / 2, px(600)));
        if (button(ctx, "asan.back", ctx.tr("action.back"), px(420, 96))) ctx.session.back();
    }
};

} // namespace

std::unique_ptr<Screen> make_asan_imza_screen() {
    return std::make_unique<AsanImzaScreen>();
}

} // namespace ui
