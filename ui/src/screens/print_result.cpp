// Screen 6c: the job ended. Completed (the printer said so): "take your document".
// Failed or canceled: what happened.
#include "../screen.hpp"
#include "../widgets.hpp"

namespace ui {
namespace {

class PrintResultScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::PrintResult}; }
    void draw(UiContext& ctx) override {
        const kiosk::PrintVM& p = ctx.view.print;
        header(ctx, ctx.tr("print.progress_title"), true);
        ImGuiIO& io = ImGui::GetIO();
        const bool ok = p.state == kiosk::JobState::Completed;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        ImVec2 c(io.DisplaySize.x / 2, px(330));
        dl->AddCircleFilled(c, px(90), ok ? color::k_ok : color::k_error);
        if (ok) {
            dl->AddLine(ImVec2(c.x - px(40), c.y), ImVec2(c.x - px(10), c.y + px(32)), color::k_text, px(14));
            dl->AddLine(ImVec2(c.x - px(12), c.y + px(32)), ImVec2(c.x + px(44), c.y - px(34)), color::k_text,
                        px(14));
        } else {
            ImVec2 ts = text_size("!", fonts().title);
            dl->AddText(fonts().title, fonts().title->FontSize, ImVec2(c.x - ts.x / 2, c.y - ts.y / 2),
                        color::k_text, "!");
        }
        ImGui::SetCursorPosY(px(460));
        text_centered(ctx.tr(ok ? "print.take_document" : "print.failed"), fonts().title);
        ImGui::Dummy(px(1, 10));
        if (ok) {
            std::string pages =
                std::to_string(p.pages_printed) + " " + std::string(ctx.tr("print.pages_short"));
            if (p.copy_number > 1)
                pages += " · " + std::string(ctx.tr("print.copy")) + " " + std::to_string(p.copy_number);
            text_centered(pages, fonts().large, color::k_muted);
        } else if (!p.job_error.empty()) {
            text_centered(ctx.tr("error." + p.job_error), fonts().large, color::k_warn);
        }
        ImGui::SetCursorPos(ImVec2((io.DisplaySize.x - px(900)) / 2, px(700)));
        if (button(ctx, "result.back", ctx.tr("print.back_to_document"), px(520, 100),
                   ButtonStyle::Secondary))
            ctx.session.back();
        ImGui::SameLine(0, px(40));
        if (button(ctx, "result.finish", ctx.tr("action.finish"), px(340, 100), ButtonStyle::Danger))
            ctx.session.finish();
    }
};

} // namespace

std::unique_ptr<Screen> make_print_result_screen() {
    return std::make_unique<PrintResultScreen>();
}

} // namespace ui
