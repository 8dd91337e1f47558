// Screen 6b: printing — "page 1 of 2" and the printer's real state. A fault (paper out,
// jam, door open, offline) is explained; the job is kept and prints by itself once the
// printer is ready again.
#include "../screen.hpp"
#include "../widgets.hpp"

namespace ui {
namespace {

class PrintingScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::Printing}; }
    void draw(UiContext& ctx) override {
        const kiosk::PrintVM& p = ctx.view.print;
        header(ctx, ctx.tr("print.progress_title"), true);
        ImGuiIO& io = ImGui::GetIO();
        const bool held = p.state == kiosk::JobState::Held;
        ImGui::SetCursorPosY(px(200));
        text_centered(ctx.tr("print.job." + std::string(kiosk::job_state_name(p.state))), fonts().title,
                      held ? color::k_warn : color::k_text);
        ImGui::Dummy(px(1, 20));
        int page = std::min(p.pages, p.pages_printed + (p.state == kiosk::JobState::Printing ? 1 : 0));
        std::string progress = std::string(ctx.tr("print.page")) + " " + std::to_string(std::max(page, 1)) +
                               " " + std::string(ctx.tr("print.of")) + " " +
                               std::to_string(std::max(p.pages, 1));
        text_centered(progress, fonts().large);

        // The bar: printed pages of all.
        float bw = px(900), bh = px(36);
        ImVec2 o = ImGui::GetWindowPos();
        ImVec2 a(o.x + (io.DisplaySize.x - bw) / 2, o.y + px(420));
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(a, ImVec2(a.x + bw, a.y + bh), color::k_panel, px(18));
        float frac = p.pages > 0 ? static_cast<float>(p.pages_printed) / static_cast<float>(p.pages) : 0.0f;
        if (frac > 0)
            dl->AddRectFilled(a, ImVec2(a.x + bw * frac, a.y + bh), held ? color::k_warn : color::k_ok,
                              px(18));
        if (!held) spinner(ctx, ImVec2(io.DisplaySize.x / 2, px(560)), px(44));

        if (held) {
            ImGui::SetCursorPosY(px(500));
            for (kiosk::PrinterReason r : kiosk::k_all_printer_reasons)
                if ((p.reasons & static_cast<std::uint32_t>(r)) != 0 && r != kiosk::PrinterReason::TonerLow)
                    text_centered(ctx.tr("print.fault." + std::string(kiosk::reason_name(r))), fonts().large,
                                  color::k_warn);
            ImGui::Dummy(px(1, 10));
            text_centered(ctx.tr("print.job_kept"), fonts().body);
            text_centered(ctx.tr("oos.ask_staff"), fonts().body, color::k_muted);
            ImGui::SetCursorPos(ImVec2((io.DisplaySize.x - px(880)) / 2, px(760)));
            if (button(ctx, "printing.back", ctx.tr("print.back_to_document"), px(520, 96),
                       ButtonStyle::Secondary))
                ctx.session.back();
            ImGui::SameLine(0, px(40));
            if (button(ctx, "printing.finish", ctx.tr("action.finish"), px(320, 96), ButtonStyle::Danger))
                ctx.session.finish();
        } else {
            ImGui::SetCursorPosY(px(640));
            text_centered(ctx.tr("print.wait"), fonts().body, color::k_muted);
        }
    }
};

} // namespace

std::unique_ptr<Screen> make_printing_screen() {
    return std::make_unique<PrintingScreen>();
}

} // namespace ui
