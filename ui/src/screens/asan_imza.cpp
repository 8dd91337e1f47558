// Screen 3: Asan İmza (PRODUCT §2.3, seed 000 §2.3-2.4): the phone number (+994 fixed)
// and the user id on a keypad → the verification code that the phone also shows, with a
// countdown → the citizen confirms with PIN1 on the phone → their notifications.
// Says clearly when the kiosk is offline or has no link to the registry.
#include "../screen.hpp"
#include "../widgets.hpp"

namespace ui {
namespace {

// "50 123 45 67" with the digits typed so far and underscores for the rest.
std::string phone_text(const std::string& digits) {
    static constexpr int k_groups[] = {2, 3, 2, 2};
    std::string out;
    std::size_t i = 0;
    for (int g : k_groups) {
        if (!out.empty()) out += ' ';
        for (int k = 0; k < g; ++k, ++i) out += i < digits.size() ? digits[i] : '_';
    }
    return out;
}

std::string slots(const std::string& digits, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        if (i) out += ' ';
        out += i < digits.size() ? digits[i] : '_';
    }
    return out;
}

class AsanImzaScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::AsanImza}; }

    void draw(UiContext& ctx) override {
        const kiosk::AsanVM& a = ctx.view.asan;
        header(ctx, ctx.tr("asan.title"), false);
        if (!a.available || (!ctx.view.status.online && a.step != kiosk::AsanStep::Waiting &&
                             a.step != kiosk::AsanStep::Failed)) {
            unavailable(ctx, a.available ? "asan.offline" : "asan.unavailable");
            return;
        }
        switch (a.step) {
        case kiosk::AsanStep::Phone:
            entry(ctx, ctx.tr("asan.enter_phone"), "+994  " + phone_text(a.phone), a.phone.size() == 9,
                  ctx.tr("action.next"));
            break;
        case kiosk::AsanStep::UserId:
            entry(ctx, ctx.tr("asan.enter_user_id"), slots(a.user_id, 6), a.user_id.size() == 6 && !a.starting,
                  ctx.tr("asan.sign_in"));
            break;
        case kiosk::AsanStep::Waiting:
            waiting(ctx, a);
            break;
        case kiosk::AsanStep::Failed:
            failed(ctx, a);
            break;
        }
    }

  private:
    static float center_x(float w) { return (ImGui::GetIO().DisplaySize.x - w) / 2; }

    void back_button(UiContext& ctx, float y, std::string_view label_key = "action.back") {
        ImGui::SetCursorPos(ImVec2(center_x(px(420)), y));
        if (button(ctx, "asan.back", ctx.tr(label_key), px(420, 88), ButtonStyle::Secondary)) ctx.session.back();
    }

    void unavailable(UiContext& ctx, std::string_view key) {
        ImGui::SetCursorPosY(px(300));
        text_centered(ctx.tr(key), fonts().title, color::k_warn);
        ImGui::Spacing();
        text_centered(ctx.tr("asan.use_card"), fonts().large, color::k_muted);
        back_button(ctx, px(620));
    }

    void entry(UiContext& ctx, std::string_view title, const std::string& value, bool can_go, std::string_view go_label) {
        const kiosk::AsanVM& a = ctx.view.asan;
        ImGui::SetCursorPosY(px(140));
        text_centered(title, fonts().large);
        // The field: what is typed, in a panel.
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float fw = px(760), fh = px(110);
        ImVec2 origin = ImGui::GetWindowPos();
        ImVec2 f0(origin.x + center_x(fw), origin.y + px(210));
        dl->AddRectFilled(f0, ImVec2(f0.x + fw, f0.y + fh), color::k_panel, px(14));
        ImVec2 ts = text_size(value, fonts().title);
        dl->AddText(fonts().title, fonts().title->FontSize, ImVec2(f0.x + (fw - ts.x) / 2, f0.y + (fh - ts.y) / 2),
                    color::k_text, value.c_str());

        // The keypad: 3 × 4 keys.
        const float kw = px(200), kh = px(92), kg = px(14);
        const float left = center_x(3 * kw + 2 * kg), top = px(350);
        const bool busy = a.starting;
        for (int row = 0; row < 4; ++row) {
            ImGui::SetCursorPos(ImVec2(left, top + row * (kh + kg)));
            for (int col = 0; col < 3; ++col) {
                if (col) ImGui::SameLine(0, kg);
                if (row < 3) {
                    const int d = row * 3 + col + 1;
                    if (button(ctx, "asan.key." + std::to_string(d), std::to_string(d), ImVec2(kw, kh),
                               ButtonStyle::Secondary, !busy, fonts().title))
                        ctx.session.asan_digit(d);
                } else if (col == 0) {
                    if (button(ctx, "asan.erase", ctx.tr("pin.erase"), ImVec2(kw, kh), ButtonStyle::Secondary, !busy,
                               fonts().large))
                        ctx.session.asan_erase();
                } else if (col == 1) {
                    if (button(ctx, "asan.key.0", "0", ImVec2(kw, kh), ButtonStyle::Secondary, !busy, fonts().title))
                        ctx.session.asan_digit(0);
                } else {
                    if (button(ctx, "asan.next", go_label, ImVec2(kw, kh), ButtonStyle::Ok, can_go, fonts().large))
                        ctx.session.asan_next();
                }
            }
        }
        if (busy) {
            spinner(ctx, ImVec2(ImGui::GetWindowPos().x + left + 3 * kw + 2 * kg + px(90), ImGui::GetWindowPos().y + top + px(60)),
                    px(36));
            ctx.animating = true;
        }
        back_button(ctx, top + 4 * (kh + kg) + px(10));
    }

    void waiting(UiContext& ctx, const kiosk::AsanVM& a) {
        ImGui::SetCursorPosY(px(170));
        text_centered(ctx.tr("asan.code_title"), fonts().large, color::k_muted);
        // The code, large, on a light panel: the person compares it with the phone's.
        ImDrawList* dl = ImGui::GetWindowDrawList();
        ImVec2 origin = ImGui::GetWindowPos();
        const float w = px(520), h = px(200);
        ImVec2 p0(origin.x + center_x(w), origin.y + px(240));
        dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), color::k_paper, px(18));
        ImFont* big = fonts().title;
        const float scale = 2.0f;
        ImVec2 ts = big->CalcTextSizeA(big->FontSize * scale, FLT_MAX, 0, a.code.c_str());
        dl->AddText(big, big->FontSize * scale, ImVec2(p0.x + (w - ts.x) / 2, p0.y + (h - ts.y) / 2), color::k_ink,
                    a.code.c_str());
        ImGui::SetCursorPosY(px(480));
        text_centered(ctx.tr("asan.confirm_on_phone"), fonts().large);
        ImGui::Spacing();
        text_centered(std::string(ctx.tr("asan.seconds_left")) + ": " + std::to_string(a.seconds_left) + " " +
                          std::string(ctx.tr("unit.seconds")),
                      fonts().body, a.seconds_left <= 15 ? color::k_warn : color::k_muted);
        spinner(ctx, ImVec2(origin.x + ImGui::GetIO().DisplaySize.x / 2, origin.y + px(680)), px(34));
        ctx.animating = true;
        ImGui::SetCursorPos(ImVec2(center_x(px(420)), px(780)));
        if (button(ctx, "asan.cancel", ctx.tr("action.cancel"), px(420, 88), ButtonStyle::Danger)) ctx.session.back();
    }

    void failed(UiContext& ctx, const kiosk::AsanVM& a) {
        ImGui::SetCursorPosY(px(300));
        text_centered(ctx.tr(a.message_key.empty() ? "asan.failed" : a.message_key), fonts().title, color::k_warn);
        ImGui::Spacing();
        text_centered(ctx.tr("asan.use_card"), fonts().large, color::k_muted);
        ImGui::SetCursorPos(ImVec2(center_x(px(420)), px(560)));
        if (button(ctx, "asan.retry", ctx.tr("asan.retry"), px(420, 96), ButtonStyle::Primary, true, fonts().large))
            ctx.session.asan_retry();
        back_button(ctx, px(680));
    }
};

} // namespace

std::unique_ptr<Screen> make_asan_imza_screen() {
    return std::make_unique<AsanImzaScreen>();
}

} // namespace ui
