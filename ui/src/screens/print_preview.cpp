// Screen 6a: print preview (what will print, page count, "COPY n" on a second print)
// and its confirmation dialog (ScreenId::PrintConfirm).
#include "../screen.hpp"
#include "../widgets.hpp"

namespace ui {
namespace {

// A sheet of A4 proportions with the document's content, as it will come out.
void draw_sheet(UiContext& ctx, ImVec2 pos, ImVec2 size) {
    const kiosk::View& v = ctx.view;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(pos.x + px(10), pos.y + px(10)),
                      ImVec2(pos.x + size.x + px(10), pos.y + size.y + px(10)), color::rgb(0, 0, 0, 120),
                      px(4));
    dl->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), color::k_paper, px(4));
    if (!v.detail.detail) return;
    const kiosk::DetailView& d = *v.detail.detail;
    ImFont* f = fonts().small;
    ImFont* b = fonts().bold;
    float x = pos.x + px(40), y = pos.y + px(36), w = size.x - px(80);
    ImVec4 clip(pos.x, pos.y, pos.x + size.x, pos.y + size.y);
    auto line = [&](ImFont* font, const std::string& s, ImU32 c = color::k_ink) {
        dl->AddText(font, font->FontSize, ImVec2(x, y), c, s.data(), s.data() + s.size(), w, &clip);
        y += font->CalcTextSizeA(font->FontSize, FLT_MAX, w, s.data(), s.data() + s.size()).y + px(6);
    };
    const bool registration = v.print.document == kiosk::DocumentKind::Registration;
    line(b, std::string(ctx.tr(registration ? "print.doc.registration" : "print.doc.notification")));
    line(f, d.kind_label + " № " + d.number);
    if (v.print.preview.copy_number > 1)
        line(b, std::string(ctx.tr("print.copy")) + " " + std::to_string(v.print.preview.copy_number),
             color::k_error);
    y += px(10);
    for (const auto& s : d.sections) {
        if (y > pos.y + size.y - px(60)) break;
        if (registration && s.title_key != "detail.section.notification" &&
            s.title_key != "detail.section.employer" && s.title_key != "detail.section.employee")
            continue;
        line(b, std::string(ctx.tr(s.title_key)));
        for (const auto& fld : s.fields) {
            std::string label = fld.label_key.empty() ? fld.label : std::string(ctx.tr(fld.label_key));
            std::string value = !fld.value.empty() && fld.value[0] == '@'
                                    ? std::string(ctx.tr(fld.value.substr(1)))
                                    : fld.value;
            line(f, label + ": " + value);
            if (y > pos.y + size.y - px(60)) break;
        }
        y += px(6);
    }
    std::string footer =
        std::string(ctx.tr("status.kiosk")) + " " + v.status.kiosk_id + " · " + ctx.date_text;
    dl->AddText(f, f->FontSize, ImVec2(x, pos.y + size.y - px(44)), color::rgb(0x55, 0x55, 0x55),
                footer.c_str());
}

class PrintPreviewScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override {
        return {kiosk::ScreenId::PrintPreview, kiosk::ScreenId::PrintConfirm};
    }
    void draw(UiContext& ctx) override {
        const kiosk::PrintVM& p = ctx.view.print;
        header(ctx, ctx.tr("print.preview_title"), true);
        ImGuiIO& io = ImGui::GetIO();
        const float top = px(k_header_h + 24);
        const float sheet_h = io.DisplaySize.y - top - px(k_status_h) - px(30);
        const float sheet_w = sheet_h / 1.414f;
        draw_sheet(ctx, ImVec2(px(80), top), ImVec2(sheet_w, sheet_h));

        float x = px(80) + sheet_w + px(80);
        float w = io.DisplaySize.x - x - px(60);
        ImGui::SetCursorPos(ImVec2(x, top + px(20)));
        ImGui::BeginGroup();
        const bool registration = p.document == kiosk::DocumentKind::Registration;
        text_wrapped(ctx.tr(registration ? "print.doc.registration" : "print.doc.notification"),
                     fonts().title, color::k_text, w);
        ImGui::Dummy(px(1, 20));
        if (p.preview_loading) {
            spinner(ctx,
                    ImVec2(ImGui::GetCursorScreenPos().x + px(50), ImGui::GetCursorScreenPos().y + px(50)),
                    px(40));
            ImGui::Dummy(px(1, 120));
        } else if (!p.preview_error.empty()) {
            text_wrapped(ctx.tr("error." + p.preview_error), fonts().large, color::k_warn, w);
        } else {
            text(std::string(ctx.tr("print.pages")) + ": " + std::to_string(p.preview.pages), fonts().large);
            if (p.preview.copy_number > 1)
                text_wrapped(std::string(ctx.tr("print.copy_note")) + " " +
                                 std::to_string(p.preview.copy_number),
                             fonts().body, color::k_warn, w);
        }
        ImGui::Dummy(px(1, 20));
        const kiosk::PrinterInfo& printer = ctx.view.status.printer;
        if (!printer.ready()) text_wrapped(ctx.tr("print.printer_not_ready"), fonts().body, color::k_warn, w);
        ImGui::Dummy(px(1, 30));
        bool ok = !p.preview_loading && p.preview_error.empty();
        if (button(ctx, "print.continue", ctx.tr("print.print"), ImVec2(std::min(w, px(560)), px(100)),
                   ButtonStyle::Ok, ok, fonts().large))
            ctx.session.print_continue();
        ImGui::Dummy(px(1, 10));
        if (button(ctx, "print.back", ctx.tr("action.back"), ImVec2(std::min(w, px(560)), px(88)),
                   ButtonStyle::Secondary))
            ctx.session.back();
        ImGui::EndGroup();

        if (ctx.view.screen == kiosk::ScreenId::PrintConfirm) draw_confirm(ctx);
    }

  private:
    void draw_confirm(UiContext& ctx) {
        const kiosk::PrintVM& p = ctx.view.print;
        if (begin_dialog("##print_confirm", ImVec2(1000, 460))) {
            ImGui::Dummy(px(1, 20));
            text_centered(ctx.tr("print.confirm_title"), fonts().title);
            ImGui::Dummy(px(1, 10));
            std::string what = std::string(ctx.tr(p.document == kiosk::DocumentKind::Registration
                                                      ? "print.doc.registration"
                                                      : "print.doc.notification")) +
                               " — " + std::to_string(p.preview.pages) + " " +
                               std::string(ctx.tr("print.pages_short"));
            text_centered(what, fonts().body, color::k_muted);
            ImGui::Dummy(px(1, 40));
            ImGui::SetCursorPosX(px(60));
            if (button(ctx, "print.confirm", ctx.tr("print.confirm_yes"), px(420, 110), ButtonStyle::Ok, true,
                       fonts().large))
                ctx.session.print_confirm();
            ImGui::SameLine(0, px(40));
            if (button(ctx, "print.cancel", ctx.tr("action.cancel"), px(420, 110), ButtonStyle::Secondary,
                       true, fonts().large))
                ctx.session.back();
            end_dialog();
        }
    }
};

} // namespace

std::unique_ptr<Screen> make_print_preview_screen() {
    return std::make_unique<PrintPreviewScreen>();
}

} // namespace ui
