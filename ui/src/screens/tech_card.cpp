// Screen 9c: the card reader: the readers and the service, its counters, the live
// insert/remove events, and the read test. The technician's own card holds the session;
// the test walks them through taking it out, reading any card (nothing of its holder is
// kept or shown: its role and whether it is trusted), and putting their card back.
#include "../screen.hpp"
#include "../widgets.hpp"
#include "tech_common.hpp"

namespace ui {
namespace {

const char* step_key(kiosk::CardTestVM::Step s) {
    using Step = kiosk::CardTestVM::Step;
    switch (s) {
    case Step::Idle:
        return "tech.card.step.idle";
    case Step::RemoveOwnCard:
        return "tech.card.step.remove_own";
    case Step::InsertTestCard:
        return "tech.card.step.insert_test";
    case Step::Reading:
        return "tech.card.step.reading";
    case Step::RemoveTestCard:
        return "tech.card.step.remove_test";
    case Step::ReturnOwnCard:
        return "tech.card.step.return_own";
    }
    return "tech.card.step.idle";
}

class TechCardScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::TechCard}; }
    void draw(UiContext& ctx) override {
        const kiosk::TechVM& t = ctx.view.tech;
        kiosk::Session& s = ctx.session;
        TechFrame f = tech_frame(ctx, kiosk::ScreenId::TechCard, ctx.tr("tech.page.card"));
        const float col = (f.size.x - px(40)) / 2;

        ImGui::BeginChild("reader", ImVec2(col, f.size.y - px(120)), false);
        kinetic_scroll(ctx, "reader");
        draw_check(ctx, t.report.find("card_reader"), "card_reader", col - px(20));
        draw_check(ctx, t.report.find("card_read_test"), "card_read_test", col - px(20));
        ImGui::EndChild();

        ImGui::SetCursorPos(ImVec2(f.pos.x + col + px(40), f.pos.y));
        ImGui::BeginGroup();
        text(ctx.tr("tech.card.test"), fonts().large);
        text_wrapped(ctx.tr(step_key(t.card.step)), fonts().large,
                     t.card.step == kiosk::CardTestVM::Step::Idle ? color::k_muted : color::k_warn, col);
        ImGui::Dummy(px(1, 20));
        text(ctx.tr("tech.card.events"), fonts().bold);
        if (t.card.events.empty()) text(ctx.tr("tech.card.no_events"), fonts().small, color::k_muted);
        for (auto it = t.card.events.rbegin(); it != t.card.events.rend(); ++it) {
            auto space = it->find(' ');
            std::string when = it->substr(0, space);
            std::string what = space == std::string::npos ? std::string() : it->substr(space + 1);
            text(when + "  " + std::string(ctx.tr("tech.event." + what)), fonts().small);
        }
        ImGui::EndGroup();

        ImGui::SetCursorPos(ImVec2(f.pos.x, f.pos.y + f.size.y - px(100)));
        if (t.card.step == kiosk::CardTestVM::Step::Idle) {
            if (button(ctx, "tech.card.start", ctx.tr("tech.card.start"), px(480, 88), ButtonStyle::Primary))
                s.tech_card_test_start();
        } else if (button(ctx, "tech.card.cancel", ctx.tr("tech.card.cancel"), px(480, 88),
                          ButtonStyle::Danger)) {
            s.tech_card_test_cancel();
        }
        ImGui::SameLine(0, px(24));
        if (button(ctx, "tech.refresh", ctx.tr("tech.run_checks"), px(330, 88), ButtonStyle::Secondary,
                   !t.running && t.card.step == kiosk::CardTestVM::Step::Idle))
            s.tech_run_checks();
        end_tech_frame();
    }
};

} // namespace

std::unique_ptr<Screen> make_tech_card_screen() {
    return std::make_unique<TechCardScreen>();
}

} // namespace ui
