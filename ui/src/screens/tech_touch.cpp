// Screen 9d: the touch test grid: the panel divided into cells, each turning green when
// touched (a tap or a finger drawn across); the check passes once every cell was hit.
#include "../screen.hpp"
#include "../widgets.hpp"
#include "tech_common.hpp"

namespace ui {
namespace {

class TechTouchScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::TechTouch}; }
    bool fullbleed() const override { return true; } // the grid reaches the panel's edges
    void draw(UiContext& ctx) override {
        const kiosk::TouchTestVM& g = ctx.view.tech.touch;
        kiosk::Session& s = ctx.session;
        ImGuiIO& io = ImGui::GetIO();
        const float bar_h = px(k_header_h);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(ImVec2(0, 0), ImVec2(io.DisplaySize.x, bar_h), color::k_panel);
        ImGui::SetCursorPos(ImVec2(px(24), px(20)));
        if (button(ctx, "tech.touch.back", ctx.tr("action.back"), px(240, 72), ButtonStyle::Secondary))
            s.tech_open(kiosk::ScreenId::TechDashboard);
        ImGui::SameLine(0, px(16));
        if (button(ctx, "tech.touch.reset", ctx.tr("tech.touch.reset"), px(280, 72), ButtonStyle::Secondary))
            s.tech_touch_reset();
        ImGui::SameLine(0, px(40));
        ImGui::SetCursorPosY(px(34));
        std::string progress = std::string(ctx.tr(g.done() ? "tech.touch.done" : "tech.touch.instruction")) +
                               "  " + std::to_string(g.hits()) + " / " + std::to_string(g.hit.size());
        text(progress, fonts().large, g.done() ? color::k_ok : color::k_text);

        const int cols = kiosk::TouchTestVM::k_cols, rows = kiosk::TouchTestVM::k_rows;
        const float cw = io.DisplaySize.x / cols, ch = (io.DisplaySize.y - bar_h) / rows;
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) {
                int i = r * cols + c;
                ImVec2 a(c * cw, bar_h + r * ch), b(a.x + cw, a.y + ch);
                bool hit = g.hit[static_cast<std::size_t>(i)];
                dl->AddRectFilled(ImVec2(a.x + 2, a.y + 2), ImVec2(b.x - 2, b.y - 2),
                                  hit ? color::k_ok : color::k_panel_light);
                ImGui::SetCursorPos(a);
                ImGui::PushID(i);
                bool pressed = ImGui::InvisibleButton("##cell", ImVec2(cw, ch));
                ImGui::PopID();
                record_hit(ctx, "touch.cell." + std::to_string(i));
                // A finger drawn across the panel marks every cell it passes.
                if (pressed ||
                    (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) && io.MouseDown[0]))
                    if (!hit) s.tech_touch_cell(i);
            }
    }
};

} // namespace

std::unique_ptr<Screen> make_tech_touch_screen() {
    return std::make_unique<TechTouchScreen>();
}

} // namespace ui
