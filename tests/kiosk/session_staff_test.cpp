// Staff mode of the session (kiosk/src/session_staff.cpp): the look-up with its reason,
// the citizen's records and prints, the print queue, and the audit events of each.
#include "session_rig.hpp"

using namespace kiosk;
using namespace std::chrono_literals;
using kiosk::test::k_fin;
using kiosk::test::k_staff_fin;
using kiosk::test::k_surname;
using kiosk::test::RecordingAudit;
using kiosk::test::Rig;

namespace {

void type(Rig& r, std::string_view text) {
    // One key per character (UTF-8 aware), as the on-screen keyboard sends them.
    for (std::size_t i = 0; i < text.size();) {
        std::size_t n = 1;
        while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80)
            ++n;
        r.session->staff_key(text.substr(i, n));
        i += n;
    }
}

// Signs in with the staff card and fills the look-up form.
void look_up(Rig& r, std::string_view fin, int reason, std::string_view note) {
    r.sign_in_with(4, "1357");
    ASSERT_EQ(r.screen(), ScreenId::StaffHome);
    r.session->staff_find_citizen();
    ASSERT_EQ(r.screen(), ScreenId::StaffLookup);
    r.session->staff_focus(StaffVM::Field::Fin);
    type(r, fin);
    if (reason >= 0) r.session->staff_set_reason(reason);
    r.session->staff_focus(StaffVM::Field::Note);
    type(r, note);
    r.session->staff_lookup();
    r.pump();
}

} // namespace

TEST(Staff, FindsACitizenByFinWithAReasonAndAuditsIt) {
    Rig r;
    look_up(r, k_fin, 0, "Vətəndaş kassada");
    ASSERT_EQ(r.screen(), ScreenId::Notifications);
    EXPECT_EQ(r.view().mode, Mode::Staff);
    EXPECT_TRUE(r.view().staff.has_subject);
    EXPECT_EQ(r.view().list.holder_name.rfind(k_surname, 0), 0u);
    EXPECT_FALSE(r.view().list.rows.empty());
    // The form is cleared once the citizen is found.
    EXPECT_TRUE(r.view().staff.fin_input.empty());
    EXPECT_TRUE(r.view().staff.note.empty());

    auto lookups = r.audit.of("staff.lookup");
    ASSERT_EQ(lookups.size(), 1u);
    const AuditEvent& e = *lookups[0];
    EXPECT_EQ(e.actor_fin, k_staff_fin);
    EXPECT_EQ(e.subject_fin, k_fin);
    EXPECT_EQ(RecordingAudit::text(e, "reason"), "citizen_at_desk");
    EXPECT_EQ(RecordingAudit::text(e, "note"), "Vətəndaş kassada");
    EXPECT_EQ(RecordingAudit::text(e, "found"), "true");
    EXPECT_EQ(RecordingAudit::text(e, "mode"), "staff");
}

TEST(Staff, TheLookupNeedsAValidFinAReasonAndANote) {
    Rig r;
    r.sign_in_with(4, "1357");
    r.session->staff_find_citizen();
    Session& s = *r.session;
    // The FIN field takes FIN characters only: no I, no O, no lower case, at most 7.
    type(r, "5ZX8");
    s.staff_key("I");
    s.staff_key("O");
    s.staff_key("k");
    s.staff_key("Ə");
    type(r, "K2P");
    s.staff_key("Q"); // an eighth
    EXPECT_EQ(r.view().staff.fin_input, k_fin);
    s.staff_erase();
    EXPECT_EQ(r.view().staff.fin_input, "5ZX8K2");
    s.staff_lookup();
    EXPECT_EQ(r.view().staff.lookup_error, "invalid_fin");
    s.staff_key("P");
    s.staff_lookup();
    EXPECT_EQ(r.view().staff.lookup_error, "reason_required");
    s.staff_set_reason(99);
    EXPECT_EQ(r.view().staff.reason, -1);
    s.staff_set_reason(4);
    s.staff_lookup();
    EXPECT_EQ(r.view().staff.lookup_error, "note_required");
    s.staff_focus(StaffVM::Field::Note);
    type(r, "  ab  ");
    s.staff_lookup();
    EXPECT_EQ(r.view().staff.lookup_error, "note_required"); // blanks do not count
    EXPECT_EQ(r.screen(), ScreenId::StaffLookup);
    EXPECT_TRUE(r.audit.of("staff.lookup").empty()); // nothing looked up yet
    type(r, "c");
    s.staff_lookup();
    r.pump();
    EXPECT_EQ(r.screen(), ScreenId::Notifications);
    ASSERT_EQ(r.audit.of("staff.lookup").size(), 1u);
    EXPECT_EQ(RecordingAudit::text(*r.audit.of("staff.lookup")[0], "reason"), "other");
    EXPECT_EQ(RecordingAudit::text(*r.audit.of("staff.lookup")[0], "note"), "ab  c");
}

TEST(Staff, TheNoteTakesAzerbaijaniAndCyrillicUpToItsLimit) {
    Rig r;
    r.sign_in_with(4, "1357");
    r.session->staff_find_citizen();
    r.session->staff_focus(StaffVM::Field::Note);
    type(r, "Şəxsən, İş");
    type(r, " Щёлк");
    EXPECT_EQ(r.view().staff.note, "Şəxsən, İş Щёлк");
    r.session->staff_erase(); // a whole character, not a byte
    EXPECT_EQ(r.view().staff.note, "Şəxsən, İş Щёл");
    r.session->staff_key("\x07"); // no control characters
    r.session->staff_key("\xff"); // nor broken UTF-8
    EXPECT_EQ(r.view().staff.note, "Şəxsən, İş Щёл");
    for (int i = 0; i < 200; ++i)
        r.session->staff_key("ə");
    std::size_t chars = 0;
    for (unsigned char c : r.view().staff.note)
        chars += (c & 0xC0) != 0x80;
    EXPECT_EQ(chars, k_max_note_chars);
}

TEST(Staff, AnUnknownFinIsSaidAndAuditedToo) {
    Rig r;
    look_up(r, "2AB3CD4", 2, "sorğu 15/3");
    EXPECT_EQ(r.screen(), ScreenId::StaffLookup);
    EXPECT_EQ(r.view().staff.lookup_error, "person_not_found");
    EXPECT_FALSE(r.view().staff.has_subject);
    auto lookups = r.audit.of("staff.lookup");
    ASSERT_EQ(lookups.size(), 1u);
    EXPECT_EQ(lookups[0]->subject_fin, "2AB3CD4");
    EXPECT_EQ(RecordingAudit::text(*lookups[0], "found"), "false");
    EXPECT_EQ(RecordingAudit::text(*lookups[0], "reason"), "official_request");
}

TEST(Staff, PrintsForTheCitizenAreAuditedWithBothPeople) {
    Rig r;
    look_up(r, k_fin, 0, "desk");
    r.session->open_detail(0);
    r.pump();
    ASSERT_EQ(r.screen(), ScreenId::Detail);
    ASSERT_TRUE(r.view().detail.detail);
    const std::string id = r.view().detail.detail->id;
    r.session->request_print(DocumentKind::Notification);
    r.pump();
    r.session->print_continue();
    r.session->print_confirm();
    r.pump();
    EXPECT_EQ(r.screen(), ScreenId::PrintResult);
    EXPECT_EQ(r.view().print.state, JobState::Completed);
    auto submitted = r.audit.of("print.submitted");
    ASSERT_EQ(submitted.size(), 1u);
    EXPECT_EQ(submitted[0]->actor_fin, k_staff_fin);
    EXPECT_EQ(submitted[0]->subject_fin, k_fin);
    EXPECT_EQ(RecordingAudit::text(*submitted[0], "document"), "notification");
    EXPECT_EQ(RecordingAudit::text(*submitted[0], "notification_id"), id);
    EXPECT_EQ(RecordingAudit::text(*submitted[0], "mode"), "staff");
    auto ended = r.audit.of("print.ended");
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(RecordingAudit::text(*ended[0], "state"), "completed");
    EXPECT_EQ(ended[0]->subject_fin, k_fin);
}

TEST(Staff, BackToTheMenuWipesTheCitizen) {
    Rig r;
    look_up(r, k_fin, 0, "desk");
    r.session->open_detail(0);
    r.pump();
    r.session->back(); // detail -> list
    EXPECT_EQ(r.screen(), ScreenId::Notifications);
    r.session->back(); // list -> staff menu
    EXPECT_EQ(r.screen(), ScreenId::StaffHome);
    EXPECT_FALSE(r.view().staff.has_subject);
    EXPECT_TRUE(r.view().list.rows.empty());
    EXPECT_TRUE(r.view().list.holder_name.empty());
    std::string d = r.session->dump();
    EXPECT_EQ(d.find(k_fin), std::string::npos);
    EXPECT_EQ(d.find(k_surname), std::string::npos);
    // A late answer for the citizen finds nobody to show it to.
    r.session->open_detail(0);
    r.pump();
    EXPECT_EQ(r.screen(), ScreenId::StaffHome);
}

TEST(Staff, RemovingTheStaffCardWipesEverythingTyped) {
    Rig r;
    r.sign_in_with(4, "1357");
    r.session->staff_find_citizen();
    type(r, k_fin);
    r.session->staff_set_reason(1);
    r.session->staff_focus(StaffVM::Field::Note);
    type(r, "Hüseynov etibarnamə");
    r.card->remove();
    r.pump();
    EXPECT_EQ(r.screen(), ScreenId::Welcome);
    EXPECT_EQ(r.view().mode, Mode::None);
    r.expect_wiped();
    std::string d = r.session->dump();
    EXPECT_EQ(d.find("etibarnamə"), std::string::npos);
    EXPECT_EQ(d.find(k_staff_fin), std::string::npos);
    auto ended = r.audit.of("session.ended");
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(RecordingAudit::text(*ended[0], "reason"), "card_removed");
    EXPECT_EQ(RecordingAudit::text(*ended[0], "mode"), "staff");
}

TEST(Staff, TheIdleTimeoutEndsStaffModeToo) {
    Rig r;
    look_up(r, k_fin, 0, "desk");
    r.advance(91s);
    EXPECT_EQ(r.screen(), ScreenId::TakeCard);
    EXPECT_EQ(r.session->last_end_reason(), EndReason::IdleTimeout);
    EXPECT_FALSE(r.session->holds_personal_data());
}

TEST(Staff, QueueResumeCancelReprintAudited) {
    Rig r;
    // A citizen's print held by a printer out of paper.
    r.printer->set_fault(PrinterReason::MediaEmpty, true);
    r.sign_in();
    r.print_notification(0, true);
    ASSERT_EQ(r.view().print.state, JobState::Held);
    r.card->remove();
    r.pump();

    r.sign_in_with(4, "1357");
    r.session->staff_open_queue();
    r.pump();
    ASSERT_EQ(r.screen(), ScreenId::StaffQueue);
    const StaffVM& st = r.view().staff;
    ASSERT_EQ(st.jobs.size(), 1u);
    EXPECT_EQ(st.jobs[0].state, JobState::Held);
    EXPECT_EQ(st.jobs[0].error, "printer_media_empty");
    const std::int64_t held = st.jobs[0].id;

    // Actions that do not apply are not even asked for.
    r.session->staff_job_action(JobAction::Resume); // nothing selected
    r.session->staff_select_job(held);
    r.session->staff_job_action(JobAction::Reprint); // not ended
    r.pump();
    EXPECT_TRUE(r.audit.of("print.queue_action").empty());

    // Resume while the printer is still out of paper: back in line, held again.
    r.session->staff_job_action(JobAction::Resume);
    r.pump();
    EXPECT_EQ(st.action_result, "staff.queue.done.resume");
    ASSERT_EQ(st.jobs.size(), 1u);
    EXPECT_EQ(st.jobs[0].state, JobState::Held);
    // Paper in: it prints.
    r.printer->set_fault(PrinterReason::MediaEmpty, false);
    r.pump();
    r.session->staff_refresh_queue();
    r.pump();
    EXPECT_EQ(st.jobs[0].state, JobState::Completed);

    // Reprint the printed job: a new job, the next copy.
    r.session->staff_select_job(held);
    r.session->staff_job_action(JobAction::Reprint);
    r.pump();
    EXPECT_EQ(st.action_result, "staff.queue.done.reprint");
    ASSERT_EQ(st.jobs.size(), 2u);
    const QueueJob copy = st.jobs[0].id == held ? st.jobs[1] : st.jobs[0];
    EXPECT_EQ(copy.copy_number, 2);
    EXPECT_EQ(st.selected_job, copy.id);

    // Cancel a held job.
    r.printer->set_fault(PrinterReason::MediaJam, true);
    r.session->staff_select_job(held);
    r.session->staff_job_action(JobAction::Reprint);
    r.pump();
    const std::int64_t third = st.selected_job;
    auto state_of = [&](std::int64_t id) {
        for (const auto& j : st.jobs)
            if (j.id == id) return j.state;
        return JobState::Failed;
    };
    ASSERT_EQ(state_of(third), JobState::Held);
    r.session->staff_job_action(JobAction::Cancel);
    r.pump();
    EXPECT_EQ(st.action_result, "staff.queue.done.cancel");
    EXPECT_EQ(state_of(third), JobState::Canceled);

    auto actions = r.audit.of("print.queue_action");
    ASSERT_EQ(actions.size(), 4u);
    EXPECT_EQ(RecordingAudit::text(*actions[0], "action"), "resume");
    EXPECT_EQ(RecordingAudit::text(*actions[1], "action"), "reprint");
    EXPECT_EQ(RecordingAudit::text(*actions[1], "new_job"), std::to_string(copy.id));
    EXPECT_EQ(RecordingAudit::text(*actions[3], "action"), "cancel");
    EXPECT_EQ(RecordingAudit::text(*actions[3], "result"), "ok");
    for (const AuditEvent* a : actions)
        EXPECT_EQ(a->actor_fin, k_staff_fin);
}

TEST(Staff, AQueueActionTheQueueRefusesShowsWhy) {
    Rig r;
    r.printer->set_fault(PrinterReason::DoorOpen, true);
    r.sign_in();
    r.session->open_detail(0);
    r.pump();
    r.session->request_print(DocumentKind::Registration);
    r.pump();
    r.session->print_continue();
    r.session->print_confirm();
    r.pump();
    r.card->remove();
    r.pump();
    r.sign_in_with(4, "1357");
    r.session->staff_open_queue();
    r.pump();
    ASSERT_EQ(r.view().staff.jobs.size(), 1u);
    const std::int64_t id = r.view().staff.jobs[0].id;
    EXPECT_EQ(r.view().staff.jobs[0].document, "registration");
    EXPECT_EQ(r.view().staff.jobs[0].error, "printer_door_open");
    r.session->staff_select_job(id);
    // Someone else cancels it meanwhile; the list on screen still says held.
    r.printer->job_action(0, JobAction::Cancel, id);
    r.pump();
    r.session->staff_job_action(JobAction::Cancel);
    r.pump();
    EXPECT_EQ(r.view().staff.action_error, "print_job_ended");
    EXPECT_TRUE(r.view().staff.action_result.empty());
    EXPECT_EQ(r.view().staff.jobs[0].state, JobState::Canceled); // refreshed after the action
    auto actions = r.audit.of("print.queue_action");
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(RecordingAudit::text(*actions[0], "result"), "print_job_ended");
}
