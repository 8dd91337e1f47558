// Screen 8c: the print queue for staff: every job not ended and the latest ended ones,
// with resume (a held job), cancel (a job not ended) and reprint (an ended job: the
// copy is marked "COPY n"). Each action is audited.
#include "../screen.hpp"
#include "../widgets.hpp"
#include "kiosk/records.hpp"

#include <algorithm>

namespace ui {
namespace {

class StaffQueueScreen final : public Screen {
  public:
    std::vector<kiosk::ScreenId> ids() const override { return {kiosk::ScreenId::StaffQueue}; }
    void draw(UiContext& ctx) override {
        const kiosk::StaffVM& st = ctx.view.staff;
        kiosk::Session& s = ctx.session;
        header(ctx, ctx.tr("staff.queue.title"), true);
        ImGuiIO& io = ImGui::GetIO();
        const float margin = px(32);
        const float width = io.DisplaySize.x - 2 * margin;
        const float actions_h = px(130);
        const float top = px(k_header_h + 16);
        const float list_h = io.DisplaySize.y - top - px(k_status_h) - actions_h - px(60);

        // Column headers.
        static const struct {
            const char* key;
            float weight;
        } cols[] = {{"staff.queue.col.job", 90},    {"staff.queue.col.document", 300},
                    {"staff.queue.col.state", 330}, {"staff.queue.col.pages", 150},
                    {"staff.queue.col.copy", 120},  {"staff.queue.col.created", 250},
                    {"staff.queue.col.reason", 600}};
        float total = 0;
        for (const auto& c : cols)
            total += c.weight;
        auto col_x = [&](int i) {
            float x = 0;
            for (int k = 0; k < i; ++k)
                x += cols[k].weight;
            return margin + px(16) + (width - px(32)) * x / total;
        };
        for (int i = 0; i < 7; ++i) {
            ImGui::SetCursorPos(ImVec2(col_x(i), top));
            text(ctx.tr(cols[i].key), fonts().small, color::k_muted);
        }

        ImGui::SetCursorPos(ImVec2(margin, top + px(44)));
        ImGui::BeginChild("jobs", ImVec2(width, list_h), false);
        kinetic_scroll(ctx, "jobs");
        if (st.jobs.empty()) {
            ImGui::SetCursorPosY(list_h / 2 - px(30));
            if (st.jobs_loading)
                text_centered(ctx.tr("list.loading"), fonts().large, color::k_muted);
            else if (!st.jobs_error.empty())
                text_centered(ctx.tr("error." + st.jobs_error), fonts().large, color::k_warn);
            else
                text_centered(ctx.tr("staff.queue.empty"), fonts().large, color::k_muted);
        }
        const float row_h = px(84);
        for (std::size_t i = 0; i < st.jobs.size(); ++i) {
            const kiosk::QueueJob& j = st.jobs[i];
            const bool selected = j.id == st.selected_job;
            ImVec2 row_pos = ImGui::GetCursorPos();
            ImVec2 screen = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddRectFilled(
                screen, ImVec2(screen.x + width, screen.y + row_h),
                selected ? color::k_accent : (i % 2 ? color::k_row_alt : color::k_panel), px(8));
            ImGui::PushID(static_cast<int>(j.id));
            if (ImGui::InvisibleButton("##job", ImVec2(width, row_h))) s.staff_select_job(j.id);
            record_hit(ctx, "job." + std::to_string(j.id));
            ImGui::PopID();
            const bool problem = j.state == kiosk::JobState::Held || j.state == kiosk::JobState::Failed;
            const std::string cells[] = {
                "#" + std::to_string(j.id),
                std::string(ctx.tr("staff.queue.document." + j.document)),
                std::string(ctx.tr("print.job." + std::string(kiosk::job_state_name(j.state)))),
                std::to_string(j.pages_printed) + " / " + std::to_string(j.pages),
                j.copy_number > 1 ? std::to_string(j.copy_number) : std::string("1"),
                kiosk::display_instant(j.created_at),
                j.error.empty() ? std::string("—") : std::string(ctx.tr("error." + j.error)),
            };
            for (int c = 0; c < 7; ++c) {
                ImGui::SetCursorPos(ImVec2(col_x(c) - margin, row_pos.y + px(24)));
                float w = (width - px(32)) * cols[c].weight / total - px(12);
                text(ellipsize(cells[c], fonts().body, w), fonts().body,
                     c == 2 && problem ? color::k_warn : color::k_text);
            }
            ImGui::SetCursorPos(ImVec2(row_pos.x, row_pos.y + row_h + px(8)));
        }
        ImGui::EndChild();

        // What was done last.
        ImGui::SetCursorPos(ImVec2(margin, io.DisplaySize.y - px(k_status_h) - actions_h - px(8)));
        if (!st.action_error.empty())
            text(ctx.tr("error." + st.action_error), fonts().bold, color::k_warn);
        else if (!st.action_result.empty())
            text(ctx.tr(st.action_result), fonts().bold, color::k_ok);
        else
            text(ctx.tr(st.selected_job ? "staff.queue.choose_action" : "staff.queue.select_job"),
                 fonts().small, color::k_muted);

        // Actions on the selected job.
        const kiosk::QueueJob* sel = nullptr;
        for (const auto& j : st.jobs)
            if (j.id == st.selected_job) sel = &j;
        const bool idle = !st.action_running;
        ImGui::SetCursorPos(ImVec2(margin, io.DisplaySize.y - px(k_status_h) - actions_h + px(30)));
        if (button(ctx, "staff.queue.back", ctx.tr("action.back"), px(260, 88), ButtonStyle::Secondary))
            s.staff_home();
        ImGui::SameLine(0, px(24));
        if (button(ctx, "staff.queue.refresh", ctx.tr("staff.queue.refresh"), px(300, 88),
                   ButtonStyle::Secondary, !st.jobs_loading))
            s.staff_refresh_queue();
        ImGui::SameLine(0, px(60));
        if (button(ctx, "staff.queue.resume", ctx.tr("staff.queue.resume"), px(340, 88), ButtonStyle::Ok,
                   idle && sel && sel->state == kiosk::JobState::Held))
            s.staff_job_action(kiosk::JobAction::Resume);
        ImGui::SameLine(0, px(24));
        if (button(ctx, "staff.queue.cancel", ctx.tr("staff.queue.cancel"), px(340, 88), ButtonStyle::Danger,
                   idle && sel && !kiosk::is_final(sel->state)))
            s.staff_job_action(kiosk::JobAction::Cancel);
        ImGui::SameLine(0, px(24));
        if (button(ctx, "staff.queue.reprint", ctx.tr("staff.queue.reprint"), px(340, 88),
                   ButtonStyle::Primary, idle && sel && kiosk::is_final(sel->state)))
            s.staff_job_action(kiosk::JobAction::Reprint);
    }
};

} // namespace

std::unique_ptr<Screen> make_staff_queue_screen() {
    return std::make_unique<StaffQueueScreen>();
}

} // namespace ui
