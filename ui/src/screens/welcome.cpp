// Screen 1: welcome. Language, "insert your ID card", "sign in with Asan İmza", and
// a warning before anyone starts when printing is unavailable.
#include "../screen.hpp"
#include "../widgets.hpp"

namespace ui {
namespace {

// An ID card going into a reader: drawn, so it scales and needs no image files.
// Still: the welcome screen draws nothing when nothing changes (PRODUCT §9 idle CPU);
// the attract screen is the one that moves.
void draw_card_art(ImDrawList* dl, ImVec2 c) {
    float w = px(340), h = px(214);
    ImVec2 a(c.x - w / 2, c.y - h / 2 - px(30));
    dl->AddRectFilled(ImVec2(c.x - px(230), c.y + px(70)), ImVec2(c.x + px(230), c.y + px(120)),
                      color::k_panel_light, px(12));
    dl->AddRectFilled(a, ImVec2(a.x + w, a.y + h), color::rgb(0xE8, 0xF0, 0xFA), px(18));
    dl->AddRectFilled(ImVec2(a.x + px(34), a.y + px(70)), ImVec2(a.x + px(104), a.y + px(124)),
                      color::rgb(0xD4, 0xAF, 0x37), px(8));
    for (int i = 0; i < 3; ++i)
        dl->AddRectFilled(ImVec2(a.x + px(140), a.y + px(70 + 30 * i)),
                          ImVec2(a.x + px(300), a.y + px(84 + 30 * i)), color::rgb(0x9F, 0xB3, 0xC8), px(4));
}

class WelcomeScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::Welcome}; }
    void draw(UiContext& ctx) override {
        header(ctx, {}, false);
        ImGuiIO& io = ImGui::GetIO();
        ImGui::SetCursorPosY(px(190));
        text_centered(ctx.tr("welcome.title"), fonts().title);
        ImGui::Spacing();
        text_centered(ctx.tr("welcome.service"), fonts().body, color::k_muted);

        ImDrawList* dl = ImGui::GetWindowDrawList();
        draw_card_art(dl, ImVec2(io.DisplaySize.x / 2, px(500)));
        ImGui::SetCursorPosY(px(660));
        text_centered(ctx.tr("welcome.insert_card"), fonts().large);

        const kiosk::PrinterInfo& p = ctx.view.status.printer;
        if (p.known && !p.ready()) {
            ImGui::SetCursorPosY(px(730));
            text_centered(ctx.tr("welcome.printing_unavailable"), fonts().body, color::k_warn);
        }
        float bw = px(640);
        ImGui::SetCursorPos(ImVec2((io.DisplaySize.x - bw) / 2, px(800)));
        if (button(ctx, "welcome.asan_imza", ctx.tr("welcome.asan_imza"), ImVec2(bw, px(96)),
                   ButtonStyle::Secondary, true, fonts().large))
            ctx.session.start_asan_imza();
    }
};

} // namespace

std::unique_ptr<Screen> make_welcome_screen() {
    return std::make_unique<WelcomeScreen>();
}

} // namespace ui
