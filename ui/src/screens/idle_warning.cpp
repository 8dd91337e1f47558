// Overlay: nobody has touched the screen for a while (60 s by default): a countdown
// to the end of the session (90 s) and one big button to stay.
#include "../screen.hpp"
#include "../widgets.hpp"

namespace ui {

void draw_idle_warning(UiContext& ctx) {
    if (!ctx.view.idle_warning_seconds) return;
    if (begin_dialog("##idle_warning", ImVec2(1100, 560))) {
        ImGui::Dummy(px(1, 20));
        text_centered(ctx.tr("idle.title"), fonts().title);
        ImGui::Dummy(px(1, 10));
        std::string left = std::string(ctx.tr("idle.ends_in")) + " " +
                           std::to_string(*ctx.view.idle_warning_seconds) + " " +
                           std::string(ctx.tr("unit.seconds"));
        text_centered(left, fonts().large, color::k_warn);
        ImGui::Dummy(px(1, 10));
        text_centered(ctx.tr("idle.wipe_note"), fonts().body, color::k_muted);
        ImGui::Dummy(px(1, 30));
        ImGui::SetCursorPosX(px(70));
        if (button(ctx, "idle.continue", ctx.tr("idle.continue"), px(520, 120), ButtonStyle::Ok, true,
                   fonts().large))
            ctx.session.touch();
        ImGui::SameLine(0, px(30));
        if (button(ctx, "idle.finish", ctx.tr("action.finish"), px(380, 120), ButtonStyle::Danger, true,
                   fonts().large))
            ctx.session.finish();
        end_dialog();
    }
}

} // namespace ui
