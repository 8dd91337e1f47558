// Screen 5: "Ətraflı baxış" — every field of the notification form (conclusion,
// amendment, termination), the signer, signing date and signature state; actions:
// print the notification, print the registration information, get the signed
// document (QR code, share_dialog.cpp), back.
#include "../screen.hpp"
#include "../widgets.hpp"
#include "kiosk/records.hpp"

namespace ui {
namespace {

class DetailScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::Detail}; }

    void draw(UiContext& ctx) override {
        const kiosk::DetailVM& d = ctx.view.detail;
        std::string title =
            d.detail ? d.detail->kind_label + " № " + d.detail->number : std::string(ctx.tr("detail.title"));
        header(ctx, title, true);
        ImGuiIO& io = ImGui::GetIO();
        const float margin = px(32);
        const float width = io.DisplaySize.x - 2 * margin;
        const float actions_h = px(120);
        const float body_top = px(k_header_h + 16);
        const float body_h = io.DisplaySize.y - body_top - px(k_status_h) - actions_h;

        ImGui::SetCursorPos(ImVec2(margin, body_top));
        ImGui::BeginChild("detail", ImVec2(width, body_h), false);
        kinetic_scroll(ctx, "detail");
        if (d.loading) {
            spinner(ctx, ImVec2(ImGui::GetWindowPos().x + width / 2, ImGui::GetWindowPos().y + body_h / 2),
                    px(50));
        } else if (!d.error.empty() || !d.detail) {
            ImGui::SetCursorPosY(body_h / 2 - px(40));
            text_centered(
                ctx.tr("error." + (d.error.empty() ? std::string("notification_not_found") : d.error)),
                fonts().large, color::k_warn);
        } else {
            draw_sections(ctx, *d.detail, width - px(40));
        }
        ImGui::EndChild();

        // Actions.
        const float actions_y = io.DisplaySize.y - px(k_status_h) - actions_h + px(16);
        const bool ready = d.detail.has_value();
        const bool registered = ready && d.detail->registered;
        // Why an action is unavailable, above the row of actions.
        std::string_view note = ready && !registered                     ? ctx.tr("detail.not_registered")
                                : ready && !d.detail->has_signed_document ? ctx.tr("detail.no_signed_document")
                                                                          : std::string_view();
        if (!note.empty()) {
            ImVec2 ns = text_size(note, fonts().small);
            ImGui::SetCursorPos(ImVec2(io.DisplaySize.x - margin - ns.x, actions_y - px(36)));
            text(note, fonts().small, color::k_muted);
        }
        ImGui::SetCursorPos(ImVec2(margin, actions_y));
        if (button(ctx, "detail.back", ctx.tr("action.back"), px(260, 88), ButtonStyle::Secondary))
            ctx.session.back();
        const bool can_print = ready && ctx.view.status.printer.known;
        ImGui::SameLine(0, px(24));
        if (button(ctx, "detail.print", ctx.tr("detail.print_notification"), px(440, 88),
                   ButtonStyle::Primary, can_print))
            ctx.session.request_print(kiosk::DocumentKind::Notification);
        ImGui::SameLine(0, px(24));
        if (button(ctx, "detail.print_registration", ctx.tr("detail.print_registration"), px(520, 88),
                   ButtonStyle::Primary, can_print && registered))
            ctx.session.request_print(kiosk::DocumentKind::Registration);
        ImGui::SameLine(0, px(24));
        // The signed document as a QR code (share_dialog.cpp); the dialog says why when it cannot.
        if (button(ctx, "detail.share", ctx.tr("detail.get_signed_document"), px(560, 88), ButtonStyle::Primary,
                   ready && d.detail->has_signed_document))
            ctx.session.request_share();
        draw_share_dialog(ctx);
    }

  private:
    void draw_sections(UiContext& ctx, const kiosk::DetailView& d, float width) {
        // Two columns of sections: the notification and the contract on the left.
        const float col_w = (width - px(32)) / 2;
        const float label_w = col_w * 0.42f;
        auto section = [&](const kiosk::DetailSection& s) {
            ImGui::BeginGroup();
            text(ctx.tr(s.title_key), fonts().large, color::k_text);
            ImVec2 p = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddLine(p, ImVec2(p.x + col_w, p.y), color::k_panel_light, px(2));
            ImGui::Dummy(px(1, 8));
            for (const kiosk::DetailField& f : s.fields) {
                std::string label = f.label_key.empty() ? f.label : std::string(ctx.tr(f.label_key));
                std::string value =
                    !f.value.empty() && f.value[0] == '@' ? std::string(ctx.tr(f.value.substr(1))) : f.value;
                if (value.empty()) value = "—";
                float y = ImGui::GetCursorPosY();
                float x = ImGui::GetCursorPosX();
                text_wrapped(label, fonts().small, color::k_muted, label_w - px(12));
                float y1 = ImGui::GetCursorPosY();
                ImGui::SetCursorPos(ImVec2(x + label_w, y));
                text_wrapped(value, fonts().body, color::k_text, col_w - label_w);
                ImGui::SetCursorPos(ImVec2(x, std::max(y1, ImGui::GetCursorPosY()) + px(4)));
            }
            ImGui::Dummy(ImVec2(col_w, px(20)));
            ImGui::EndGroup();
        };
        const auto& s = d.sections;
        float top = ImGui::GetCursorPosY();
        float x0 = ImGui::GetCursorPosX();
        // Left: notification, employee, signature; right: employer, contract, amendment/termination.
        float left_end = top, right_end = top;
        for (std::size_t i = 0; i < s.size(); ++i) {
            bool left = s[i].title_key == "detail.section.notification" ||
                        s[i].title_key == "detail.section.employee" ||
                        s[i].title_key == "detail.section.signature";
            float& end = left ? left_end : right_end;
            ImGui::SetCursorPos(ImVec2(left ? x0 : x0 + col_w + px(32), end));
            section(s[i]);
            end = ImGui::GetCursorPosY();
        }
        ImGui::SetCursorPos(ImVec2(x0, std::max(left_end, right_end)));
        // How fresh the replica is, on the record itself.
        const std::string& as_of = ctx.view.list.data_as_of;
        text(std::string(ctx.tr("list.data_as_of")) + ": " +
                 (as_of.empty() ? std::string("—") : kiosk::display_instant(as_of)),
             fonts().small, color::k_muted);
    }
};

} // namespace

std::unique_ptr<Screen> make_detail_screen() {
    return std::make_unique<DetailScreen>();
}

} // namespace ui
