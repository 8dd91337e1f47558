// "Get signed document" (PRODUCT §2.5, seed 001 §2.4.2): a dialog over the detail screen
// with a QR code of the short-lived link to the edoc, and its countdown; or why there is
// none (offline, no link to the registry, not signed, ...).
#include "../screen.hpp"
#include "../widgets.hpp"

#ifdef KIOSK_HAVE_QR
#include "printer/qr.hpp"
#endif

namespace ui {
namespace {

void draw_qr(const std::string& url, ImVec2 top_left, float side) {
#ifdef KIOSK_HAVE_QR
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(top_left, ImVec2(top_left.x + side, top_left.y + side), color::k_paper);
    auto qr = printer::qr_encode(url);
    if (!qr) return;
    // A 4-module quiet zone on each side; whole pixels per module so scanners see sharp edges.
    const float module = std::floor(side / static_cast<float>(qr->size + 8));
    const float offset = (side - module * static_cast<float>(qr->size)) / 2;
    for (int y = 0; y < qr->size; ++y)
        for (int x = 0; x < qr->size; ++x)
            if (qr->at(x, y)) {
                ImVec2 a(std::floor(top_left.x + offset + x * module), std::floor(top_left.y + offset + y * module));
                dl->AddRectFilled(a, ImVec2(a.x + module, a.y + module), color::k_ink);
            }
#else
    (void)url;
    (void)top_left;
    (void)side;
#endif
}

} // namespace

void draw_share_dialog(UiContext& ctx) {
    const kiosk::ShareVM& s = ctx.view.share;
    if (!s.open) return;
    if (!begin_dialog("share", ImVec2(900, 940))) return;
    const float w = ImGui::GetWindowWidth();
    ImGui::SetCursorPosY(px(30));
    text_centered(ctx.tr("share.title"), fonts().large);
    if (s.loading) {
        ImGui::SetCursorPosY(px(380));
        text_centered(ctx.tr("share.loading"), fonts().body, color::k_muted);
        spinner(ctx, ImVec2(ImGui::GetWindowPos().x + w / 2, ImGui::GetWindowPos().y + px(500)), px(40));
        ctx.animating = true;
    } else if (!s.url.empty()) {
        ImGui::SetCursorPosY(px(90));
        text_centered(ctx.tr("share.scan"), fonts().body, color::k_muted);
        const float side = px(600);
        ImVec2 origin = ImGui::GetWindowPos();
        draw_qr(s.url, ImVec2(origin.x + (w - side) / 2, origin.y + px(150)), side);
        ImGui::SetCursorPosY(px(770));
        text_centered(std::string(ctx.tr("share.expires_in")) + ": " + std::to_string(s.seconds_left / 60) + ":" +
                          (s.seconds_left % 60 < 10 ? "0" : "") + std::to_string(s.seconds_left % 60),
                      fonts().body, s.seconds_left <= 60 ? color::k_warn : color::k_muted);
    } else {
        ImGui::SetCursorPosY(px(330));
        ImGui::SetCursorPosX(px(60));
        text_wrapped(ctx.tr(s.message_key.empty() ? "share.failed" : s.message_key), fonts().large, color::k_warn,
                     w - px(120));
    }
    ImGui::SetCursorPos(ImVec2((w - px(400)) / 2, px(830)));
    if (button(ctx, "share.close", ctx.tr("share.close"), px(400, 88), ButtonStyle::Secondary)) ctx.session.close_share();
    end_dialog();
}

} // namespace ui
