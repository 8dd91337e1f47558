// Screen 9e: display test patterns, full screen: red, green, blue, white, black, then a
// grey ramp with a grid (stuck pixels, uneven backlight, geometry). A tap shows the next;
// afterwards the technician says whether every pattern looked right.
#include "../screen.hpp"
#include "../widgets.hpp"
#include "tech_common.hpp"

namespace ui {
namespace {

class TechDisplayScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::TechDisplay}; }
    bool fullbleed() const override { return m_full; }
    void draw(UiContext& ctx) override {
        const kiosk::TechVM& t = ctx.view.tech;
        m_full = t.display_pattern >= 0;
        if (m_full) {
            draw_pattern(ctx, t.display_pattern);
            return;
        }
        TechFrame f = tech_frame(ctx, kiosk::ScreenId::TechDisplay, ctx.tr("tech.page.display"));
        draw_check(ctx, t.report.find("display"), "display", f.size.x);
        text_wrapped(ctx.tr("tech.display.instruction"), fonts().body, color::k_muted, f.size.x);
        ImGui::Dummy(px(1, 20));
        if (button(ctx, "tech.display.start", ctx.tr("tech.display.start"), px(480, 96),
                   ButtonStyle::Primary))
            ctx.session.tech_display_start();
        ImGui::Dummy(px(1, 30));
        text(ctx.tr("tech.display.question"), fonts().large);
        if (button(ctx, "tech.display.ok", ctx.tr("tech.display.ok"), px(480, 96), ButtonStyle::Ok))
            ctx.session.tech_display_verdict(true);
        ImGui::SameLine(0, px(24));
        if (button(ctx, "tech.display.faulty", ctx.tr("tech.display.faulty"), px(480, 96),
                   ButtonStyle::Danger))
            ctx.session.tech_display_verdict(false);
        end_tech_frame();
    }

  private:
    void draw_pattern(UiContext& ctx, int pattern) {
        ImGuiIO& io = ImGui::GetIO();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 size = io.DisplaySize;
        static const ImU32 solid[] = {color::rgb(255, 0, 0), color::rgb(0, 255, 0), color::rgb(0, 0, 255),
                                      color::rgb(255, 255, 255), color::rgb(0, 0, 0)};
        dl->PushClipRectFullScreen();
        if (pattern < 5) {
            dl->AddRectFilled(ImVec2(0, 0), size, solid[pattern]);
        } else {
            // A horizontal grey ramp under a 10 % grid and a border one pixel inside the edge.
            const int steps = 32;
            for (int i = 0; i < steps; ++i) {
                unsigned v = static_cast<unsigned>(i * 255 / (steps - 1));
                float x0 = size.x * i / steps, x1 = size.x * (i + 1) / steps;
                dl->AddRectFilled(ImVec2(x0, 0), ImVec2(x1, size.y), color::rgb(v, v, v));
            }
            for (int i = 1; i < 10; ++i) {
                dl->AddLine(ImVec2(size.x * i / 10, 0), ImVec2(size.x * i / 10, size.y),
                            color::rgb(255, 0, 255), 1);
                dl->AddLine(ImVec2(0, size.y * i / 10), ImVec2(size.x, size.y * i / 10),
                            color::rgb(255, 0, 255), 1);
            }
            dl->AddRect(ImVec2(0.5f, 0.5f), ImVec2(size.x - 0.5f, size.y - 0.5f), color::rgb(255, 0, 255), 0,
                        0, 1);
        }
        dl->PopClipRect();
        ImGui::SetCursorPos(ImVec2(0, 0));
        if (ImGui::InvisibleButton("##next", size)) ctx.session.tech_display_next();
        record_hit(ctx, "tech.display.next");
    }
    bool m_full = false;
};

} // namespace

std::unique_ptr<Screen> make_tech_display_screen() {
    return std::make_unique<TechDisplayScreen>();
}

} // namespace ui
