// Screen 9b: the printer: state, reasons, the printer's own message, its counters, and
// the test page (the external health check: printed and followed to its end).
#include "../screen.hpp"
#include "../widgets.hpp"
#include "tech_common.hpp"

namespace ui {
namespace {

class TechPrinterScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::TechPrinter}; }
    void draw(UiContext& ctx) override {
        const kiosk::TechVM& t = ctx.view.tech;
        TechFrame f = tech_frame(ctx, kiosk::ScreenId::TechPrinter, ctx.tr("tech.page.printer"));
        ImGui::BeginChild("printer", ImVec2(f.size.x, f.size.y - px(120)), false);
        kinetic_scroll(ctx, "printer");
        draw_check(ctx, t.report.find("printer"), "printer", f.size.x - px(20));
        draw_check(ctx, t.report.find("printer_test_page"), "printer_test_page", f.size.x - px(20));
        ImGui::EndChild();
        ImGui::SetCursorPos(ImVec2(f.pos.x, f.pos.y + f.size.y - px(100)));
        if (button(ctx, "tech.test_page",
                   ctx.tr(t.test_page_running ? "tech.test_page_running" : "tech.test_page"), px(480, 88),
                   ButtonStyle::Primary, !t.test_page_running))
            ctx.session.tech_print_test_page();
        ImGui::SameLine(0, px(24));
        if (button(ctx, "tech.refresh", ctx.tr("tech.run_checks"), px(330, 88), ButtonStyle::Secondary,
                   !t.running))
            ctx.session.tech_run_checks();
        if (t.test_page_running)
            spinner(ctx,
                    ImVec2(ImGui::GetWindowPos().x + f.pos.x + px(900),
                           ImGui::GetWindowPos().y + f.pos.y + f.size.y - px(56)),
                    px(26));
        end_tech_frame();
    }
};

} // namespace

std::unique_ptr<Screen> make_tech_printer_screen() {
    return std::make_unique<TechPrinterScreen>();
}

} // namespace ui
