// Screen 8b: find a citizen by FIN. The reason is required (a list) and so is a short
// note in the staff's own words; both go into the audit trail with the look-up.
#include "../screen.hpp"
#include "../widgets.hpp"
#include "keyboard.hpp"

namespace ui {
namespace {

class StaffLookupScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::StaffLookup}; }
    void draw(UiContext& ctx) override {
        const kiosk::StaffVM& st = ctx.view.staff;
        kiosk::Session& s = ctx.session;
        header(ctx, ctx.tr("staff.lookup.title"), true);
        ImGuiIO& io = ImGui::GetIO();
        const float margin = px(48);
        const float left_w = px(760);

        // Left: the three fields and the actions.
        ImGui::SetCursorPos(ImVec2(margin, px(140)));
        ImGui::BeginGroup();
        text(ctx.tr("staff.lookup.fin"), fonts().small, color::k_muted);
        const bool fin_focus = st.focus == kiosk::StaffVM::Field::Fin;
        std::string fin = st.fin_input;
        for (std::size_t i = fin.size(); i < 7; ++i)
            fin += i == fin.size() && fin_focus ? "_" : "·";
        ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0.0f, 0.5f));
        if (button(ctx, "staff.field.fin", fin, ImVec2(left_w, px(96)),
                   fin_focus ? ButtonStyle::Selected : ButtonStyle::Secondary, true, fonts().title))
            s.staff_focus(kiosk::StaffVM::Field::Fin);
        ImGui::Dummy(px(1, 16));

        std::vector<Choice> reasons;
        for (std::string_view r : kiosk::k_lookup_reasons)
            reasons.push_back({std::string(r), std::string(ctx.tr("staff.reason." + std::string(r)))});
        std::vector<Choice> with_none{{"", std::string(ctx.tr("staff.lookup.choose_reason"))}};
        with_none.insert(with_none.end(), reasons.begin(), reasons.end());
        std::size_t sel = st.reason < 0 ? 0 : static_cast<std::size_t>(st.reason) + 1;
        if (auto i = dropdown(ctx, "staff.reason", ctx.tr("staff.lookup.reason"), with_none, sel, left_w);
            i && *i > 0)
            s.staff_set_reason(static_cast<int>(*i) - 1);
        ImGui::Dummy(px(1, 16));

        text(ctx.tr("staff.lookup.note"), fonts().small, color::k_muted);
        const bool note_focus = !fin_focus;
        std::string note =
            st.note.empty() && !note_focus ? std::string(ctx.tr("staff.lookup.note_hint")) : st.note;
        if (note_focus) note += "_";
        note = ellipsize(note, fonts().body, left_w - px(40));
        if (button(ctx, "staff.field.note", note, ImVec2(left_w, px(96)),
                   note_focus ? ButtonStyle::Selected : ButtonStyle::Secondary, true, fonts().body))
            s.staff_focus(kiosk::StaffVM::Field::Note);
        ImGui::PopStyleVar();
        ImGui::Dummy(px(1, 20));

        if (!st.lookup_error.empty())
            text_wrapped(ctx.tr("error." + st.lookup_error), fonts().bold, color::k_warn, left_w);
        else if (st.looking_up)
            text(ctx.tr("staff.lookup.searching"), fonts().bold, color::k_muted);
        else
            text_wrapped(ctx.tr("staff.audit_note"), fonts().small, color::k_muted, left_w);
        ImGui::EndGroup();

        const float actions_y = io.DisplaySize.y - px(k_status_h) - px(130);
        ImGui::SetCursorPos(ImVec2(margin, actions_y));
        if (button(ctx, "staff.lookup.back", ctx.tr("action.back"), px(300, 96), ButtonStyle::Secondary))
            s.staff_home();
        ImGui::SameLine(0, px(24));
        // Once the FIN is whole: the session says what else is missing (the reason, the note).
        const bool ready = st.fin_input.size() == 7 && !st.looking_up;
        if (button(ctx, "staff.lookup.find", ctx.tr("staff.lookup.find"), px(436, 96), ButtonStyle::Ok, ready,
                   fonts().large))
            s.staff_lookup();

        // Right: the keyboard of the focused field.
        const float kb_x = margin + left_w + px(60);
        const float kb_w = io.DisplaySize.x - kb_x - margin;
        ImGui::SetCursorPos(ImVec2(kb_x, px(180)));
        KeyboardLayout layout = fin_focus ? KeyboardLayout::Fin : m_keyboard.text_layout;
        if (auto key = draw_keyboard(ctx, layout, m_keyboard, kb_w)) {
            if (key->kind == KeyPress::Kind::Erase)
                s.staff_erase();
            else
                s.staff_key(key->text);
        }
    }

  private:
    KeyboardState m_keyboard; // layout and shift only: nothing typed is kept here
};

} // namespace

std::unique_ptr<Screen> make_staff_lookup_screen() {
    return std::make_unique<StaffLookupScreen>();
}

} // namespace ui
