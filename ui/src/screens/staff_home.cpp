// Screen 8a: staff mode's menu (a staff card and its PIN): find a citizen by FIN, or
// the print queue. Everything a member of staff does from here is audited.
#include "../screen.hpp"
#include "../widgets.hpp"

namespace ui {
namespace {

class StaffHomeScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::StaffHome}; }
    void draw(UiContext& ctx) override {
        const kiosk::StaffVM& st = ctx.view.staff;
        header(ctx, ctx.tr("staff.title"), true);
        ImGuiIO& io = ImGui::GetIO();
        ImGui::SetCursorPosY(px(190));
        text_centered(ctx.tr("staff.home.title"), fonts().title);
        ImGui::Spacing();
        text_centered(std::string(ctx.tr("staff.signed_in_as")) + ": " + st.staff_name, fonts().body,
                      color::k_muted);
        const float bw = px(760), bh = px(150);
        ImGui::SetCursorPos(ImVec2((io.DisplaySize.x - bw) / 2, px(400)));
        if (button(ctx, "staff.find", ctx.tr("staff.find_citizen"), ImVec2(bw, bh), ButtonStyle::Primary,
                   true, fonts().large))
            ctx.session.staff_find_citizen();
        ImGui::SetCursorPos(ImVec2((io.DisplaySize.x - bw) / 2, px(580)));
        if (button(ctx, "staff.queue", ctx.tr("staff.print_queue"), ImVec2(bw, bh), ButtonStyle::Secondary,
                   true, fonts().large))
            ctx.session.staff_open_queue();
        ImGui::SetCursorPosY(px(780));
        text_centered(ctx.tr("staff.audit_note"), fonts().body, color::k_muted);
    }
};

} // namespace

std::unique_ptr<Screen> make_staff_home_screen() {
    return std::make_unique<StaffHomeScreen>();
}

} // namespace ui
