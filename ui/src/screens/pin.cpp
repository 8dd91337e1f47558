// Screen 2b: the PIN on an on-screen keypad: masked, tries left, wrong PIN, the wait
// after repeated failures. The digits never leave the session (PinVM has only a count).
#include "../screen.hpp"
#include "../widgets.hpp"

#include <cstdio>

namespace ui {
namespace {

class PinScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::Pin}; }
    void draw(UiContext& ctx) override {
        const kiosk::PinVM& pin = ctx.view.pin;
        header(ctx, ctx.tr("pin.title"), false);
        ImGuiIO& io = ImGui::GetIO();
        ImGui::SetCursorPosY(px(150));
        text_centered(ctx.tr("pin.enter"), fonts().title);

        // Eight places; the typed ones filled.
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const int slots = 8;
        float r = px(20), gap = px(30);
        float total = slots * 2 * r + (slots - 1) * gap;
        float x0 = (io.DisplaySize.x - total) / 2 + r;
        for (int i = 0; i < slots; ++i) {
            ImVec2 c(x0 + i * (2 * r + gap), px(275));
            if (i < pin.digits)
                dl->AddCircleFilled(c, r, color::k_text);
            else
                dl->AddCircle(c, r, i < 4 ? color::k_muted : color::k_panel_light, 24, px(3));
        }
        ImGui::SetCursorPosY(px(315));
        if (!pin.message_key.empty()) {
            std::string msg(ctx.tr(pin.message_key));
            if (pin.message_key == "pin.wait")
                msg += " " + std::to_string(pin.wait_seconds) + " " + std::string(ctx.tr("unit.seconds"));
            text_centered(msg, fonts().large,
                          pin.message_key == "pin.wrong" ? color::k_warn : color::k_muted);
        } else {
            ImGui::Dummy(px(1, 54));
        }
        if (pin.tries_left >= 0) {
            std::string tries = std::string(ctx.tr("pin.tries_left")) + ": " + std::to_string(pin.tries_left);
            text_centered(tries, fonts().body, pin.tries_left == 1 ? color::k_warn : color::k_muted);
        }

        // The keypad: 3 × 4 keys of 200 × 96.
        const float kw = px(200), kh = px(96), kg = px(14);
        float left = (io.DisplaySize.x - (3 * kw + 2 * kg)) / 2;
        float top = px(430);
        const bool busy = pin.verifying || pin.wait_seconds > 0;
        for (int row = 0; row < 4; ++row) {
            ImGui::SetCursorPos(ImVec2(left, top + row * (kh + kg)));
            for (int col = 0; col < 3; ++col) {
                if (col) ImGui::SameLine(0, kg);
                if (row < 3) {
                    int d = row * 3 + col + 1;
                    if (button(ctx, "pin.key." + std::to_string(d), std::to_string(d), ImVec2(kw, kh),
                               ButtonStyle::Secondary, !busy, fonts().title))
                        ctx.session.pin_digit(d);
                } else if (col == 0) {
                    if (button(ctx, "pin.erase", ctx.tr("pin.erase"), ImVec2(kw, kh), ButtonStyle::Secondary,
                               !busy && pin.digits > 0, fonts().large))
                        ctx.session.pin_erase();
                } else if (col == 1) {
                    if (button(ctx, "pin.key.0", "0", ImVec2(kw, kh), ButtonStyle::Secondary, !busy,
                               fonts().title))
                        ctx.session.pin_digit(0);
                } else {
                    if (button(ctx, "pin.ok", ctx.tr("pin.ok"), ImVec2(kw, kh), ButtonStyle::Ok,
                               !busy && pin.digits >= 4, fonts().large))
                        ctx.session.pin_submit();
                }
            }
        }
        if (pin.verifying) spinner(ctx, ImVec2(left + 3 * kw + 2 * kg + px(90), top + px(60)), px(36));
        ImGui::SetCursorPos(ImVec2(left, top + 4 * (kh + kg) + px(10)));
        if (button(ctx, "pin.cancel", ctx.tr("action.cancel"), ImVec2(3 * kw + 2 * kg, px(80)),
                   ButtonStyle::Danger, !pin.verifying))
            ctx.session.finish();
    }
};

} // namespace

std::unique_ptr<Screen> make_pin_screen() {
    return std::make_unique<PinScreen>();
}

} // namespace ui
