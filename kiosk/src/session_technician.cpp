// Technician mode of the session (kiosk/session.hpp, PRODUCT §2.9): the diagnostics
// dashboard and its pages, the interactive checks (touch grid, display patterns, card
// read test), the test page, "sync now", the printed report, maintenance.
//
// No personal data in this mode: a test card's identity is read and dropped at once
// (only its role and whether it is trusted are shown); the log lines come scrubbed.
//
// Sections: pages · automatic checks · interactive checks · the card read test ·
//           maintenance · dump
#include "kiosk/session.hpp"

#include <ctime>
#include <ostream>

namespace kiosk {
namespace {

using namespace std::chrono_literals;

constexpr auto k_card_test_timeout = 120s; // the technician's own card must be back by then
constexpr std::size_t k_card_events_kept = 12;

bool is_tech_page(ScreenId s) {
    switch (s) {
    case ScreenId::TechDashboard:
    case ScreenId::TechPrinter:
    case ScreenId::TechCard:
    case ScreenId::TechTouch:
    case ScreenId::TechDisplay:
    case ScreenId::TechNetwork:
    case ScreenId::TechStorage:
    case ScreenId::TechLog:
    case ScreenId::TechConfig:
        return true;
    default:
        return false;
    }
}

std::string clock_now() {
    std::time_t t = std::time(nullptr);
    std::tm lt{};
    localtime_r(&t, &lt);
    char buf[16];
    std::strftime(buf, sizeof buf, "%H:%M:%S", &lt);
    return buf;
}

} // namespace

int TouchTestVM::hits() const {
    int n = 0;
    for (bool h : hit)
        n += h ? 1 : 0;
    return n;
}

// --- pages ------------------------------------------------------------------------------

void Session::tech_open(ScreenId page) {
    touch();
    if (m_view.mode != Mode::Technician || !is_tech_page(page)) return;
    // While the card test runs, its page stays (the technician's card may be out).
    if (m_view.tech.card.step != CardTestVM::Step::Idle && page != ScreenId::TechCard) return;
    m_view.tech.display_pattern = -1;
    m_view.tech.confirm_maintenance = m_view.tech.confirm_stop = false;
    go(page);
    if (page == ScreenId::TechLog) tech_refresh_log();
}

void Session::tech_event(std::string what) {
    auto& events = m_view.tech.card.events;
    events.push_back(clock_now() + " " + std::move(what));
    while (events.size() > k_card_events_kept)
        events.erase(events.begin());
    bump();
}

// --- automatic checks -------------------------------------------------------------------------

void Session::tech_run_checks() {
    touch();
    if (m_view.mode != Mode::Technician || !m_services.technician || m_view.tech.running) return;
    m_view.tech.running = true;
    m_checks_ticket = next_ticket();
    bump();
    m_services.technician->run_checks(m_checks_ticket);
}

void Session::on(const DiagnosticsDone& e) {
    if (e.ticket != m_checks_ticket || m_checks_ticket == 0 || m_view.mode != Mode::Technician) return;
    m_checks_ticket = 0;
    m_view.tech.running = false;
    m_view.tech.report = e.report;
    refresh_tech_interactive();
    bump();
}

void Session::tech_print_test_page() {
    touch();
    TechVM& t = m_view.tech;
    if (m_view.mode != Mode::Technician || m_view.screen != ScreenId::TechPrinter || !m_services.technician ||
        t.test_page_running)
        return;
    t.test_page_running = true;
    m_test_page_ticket = next_ticket();
    bump();
    m_services.technician->print_test_page(m_test_page_ticket, m_view.lang);
}

void Session::on(const TestPageDone& e) {
    if (e.ticket != m_test_page_ticket || m_test_page_ticket == 0 || m_view.mode != Mode::Technician) return;
    m_test_page_ticket = 0;
    m_view.tech.test_page_running = false;
    m_view.tech.test_page = e.check;
    refresh_tech_interactive();
    AuditEvent ev = person_event("technician.action");
    ev.with("action", std::string("test_page")).with("result", std::string(verdict_name(e.check.verdict)));
    if (!e.check.reason.empty()) ev.with("reason", e.check.reason);
    audit(std::move(ev));
    bump();
}

void Session::tech_sync_now() {
    touch();
    if (m_view.mode != Mode::Technician || m_view.screen != ScreenId::TechNetwork || !m_services.technician)
        return;
    m_services.technician->sync_now();
    m_view.tech.sync_requested = true;
    AuditEvent ev = person_event("technician.action");
    ev.with("action", std::string("sync_now"));
    audit(std::move(ev));
    bump();
}

void Session::tech_print_report() {
    touch();
    TechVM& t = m_view.tech;
    if (m_view.mode != Mode::Technician || m_view.screen != ScreenId::TechDashboard ||
        !m_services.technician || t.report_printing || t.running)
        return;
    t.report_printing = true;
    t.report_printed.reset();
    m_report_ticket = next_ticket();
    bump();
    m_services.technician->print_report(m_report_ticket, t.report, m_view.lang);
}

void Session::on(const ReportPrinted& e) {
    if (e.ticket != m_report_ticket || m_report_ticket == 0 || m_view.mode != Mode::Technician) return;
    m_report_ticket = 0;
    m_view.tech.report_printing = false;
    m_view.tech.report_printed = e.check;
    AuditEvent ev = person_event("technician.action");
    ev.with("action", std::string("print_report")).with("result", std::string(verdict_name(e.check.verdict)));
    audit(std::move(ev));
    bump();
}

void Session::tech_refresh_log() {
    touch();
    if (m_view.mode != Mode::Technician) return;
    m_view.tech.log_lines = m_services.log_lines ? m_services.log_lines() : std::vector<std::string>{};
    bump();
}

// --- interactive checks ----------------------------------------------------------------------------

void Session::refresh_tech_interactive() {
    TechVM& t = m_view.tech;
    Check touch_check;
    touch_check.id = "touch";
    touch_check.facts.push_back({"cells", std::to_string(t.touch.hits()) + " / " +
                                              std::to_string(TouchTestVM::k_cols * TouchTestVM::k_rows)});
    if (t.touch.done())
        touch_check.verdict = Verdict::Pass;
    else
        touch_check.reason = "test_not_run";
    t.report.set(std::move(touch_check));
    auto outcome = [&](const std::optional<Check>& c, const char* id) {
        if (c) {
            t.report.set(*c);
            return;
        }
        Check none;
        none.id = id;
        none.reason = "test_not_run";
        t.report.set(std::move(none));
    };
    outcome(t.display, "display");
    outcome(t.card.result, "card_read_test");
    outcome(t.test_page, "printer_test_page");
}

void Session::tech_touch_cell(int cell) {
    if (m_view.mode != Mode::Technician || m_view.screen != ScreenId::TechTouch) return;
    touch();
    auto& hit = m_view.tech.touch.hit;
    if (cell < 0 || cell >= static_cast<int>(hit.size()) || hit[static_cast<std::size_t>(cell)]) return;
    hit[static_cast<std::size_t>(cell)] = true;
    refresh_tech_interactive();
    bump();
}

void Session::tech_touch_reset() {
    touch();
    if (m_view.mode != Mode::Technician || m_view.screen != ScreenId::TechTouch) return;
    m_view.tech.touch = {};
    refresh_tech_interactive();
    bump();
}

void Session::tech_display_start() {
    touch();
    if (m_view.mode != Mode::Technician || m_view.screen != ScreenId::TechDisplay) return;
    m_view.tech.display_pattern = 0;
    bump();
}

void Session::tech_display_next() {
    touch();
    TechVM& t = m_view.tech;
    if (m_view.mode != Mode::Technician || m_view.screen != ScreenId::TechDisplay || t.display_pattern < 0)
        return;
    if (++t.display_pattern >= k_display_patterns) t.display_pattern = -1;
    bump();
}

void Session::tech_display_verdict(bool ok) {
    touch();
    TechVM& t = m_view.tech;
    if (m_view.mode != Mode::Technician || m_view.screen != ScreenId::TechDisplay || t.display_pattern >= 0)
        return;
    Check c;
    c.id = "display";
    c.verdict = ok ? Verdict::Pass : Verdict::Fail;
    if (!ok) c.reason = "display_faulty";
    c.facts.push_back({"patterns", std::to_string(k_display_patterns)});
    t.display = std::move(c);
    refresh_tech_interactive();
    AuditEvent ev = person_event("technician.action");
    ev.with("action", std::string("display_test")).with("result", std::string(ok ? "pass" : "fail"));
    audit(std::move(ev));
    bump();
}

// --- the card read test -------------------------------------------------------------------------------
//
// The technician's card holds the session; to test the reader they take it out, insert
// any card (read and checked, nothing kept), take that out and put their own card back.
// Only their own card (same FIN, trusted, technician) continues the session; anything
// else, or no card within k_card_test_timeout, ends technician mode.

void Session::tech_card_test_start() {
    touch();
    TechVM& t = m_view.tech;
    if (m_view.mode != Mode::Technician || m_view.screen != ScreenId::TechCard ||
        t.card.step != CardTestVM::Step::Idle)
        return;
    t.card.step = m_view.card_present ? CardTestVM::Step::RemoveOwnCard : CardTestVM::Step::InsertTestCard;
    m_card_test_deadline = m_clock() + k_card_test_timeout;
    tech_event("test_started");
}

void Session::tech_card_test_cancel() {
    touch();
    TechVM& t = m_view.tech;
    if (m_view.mode != Mode::Technician || t.card.step == CardTestVM::Step::Idle) return;
    if (t.card.step == CardTestVM::Step::RemoveOwnCard) {
        // The technician's card never left: nothing to hand back.
        t.card.step = CardTestVM::Step::Idle;
        tech_event("test_canceled");
        return;
    }
    // Their card is out: without it the mode cannot go on.
    end_session(EndReason::Finished);
}

bool Session::tech_card_event(bool inserted) {
    using Step = CardTestVM::Step;
    CardTestVM& c = m_view.tech.card;
    if (c.step == Step::Idle && !inserted) return false; // the technician's card left: the mode ends
    touch();
    tech_event(inserted ? "card_inserted" : "card_removed");
    switch (c.step) {
    case Step::Idle:
        break;
    case Step::RemoveOwnCard:
        if (!inserted) c.step = Step::InsertTestCard;
        break;
    case Step::InsertTestCard:
        if (inserted) c.step = Step::Reading;
        break;
    case Step::Reading:
        if (!inserted) {
            Check r;
            r.id = "card_read_test";
            r.verdict = Verdict::Fail;
            r.reason = "card_removed";
            c.result = std::move(r);
            refresh_tech_interactive();
            c.step = Step::ReturnOwnCard;
        }
        break;
    case Step::RemoveTestCard:
        if (!inserted) c.step = Step::ReturnOwnCard;
        break;
    case Step::ReturnOwnCard:
        break; // the card is read next: IdentityRead decides
    }
    bump();
    return true;
}

void Session::tech_card_read(const IdentityRead& e) {
    using Step = CardTestVM::Step;
    CardTestVM& c = m_view.tech.card;
    if (c.step == Step::Reading) {
        Check r;
        r.id = "card_read_test";
        if (e.error || !e.identity) {
            r.verdict = Verdict::Fail;
            r.reason = e.error ? e.error->code : "card_unreadable";
        } else {
            // The role and the trust decision only: who it belongs to is none of this mode's business.
            r.facts.push_back({"role", std::string(role_name(e.identity->role))});
            r.facts.push_back({"trusted", e.trust_error ? "no" : "yes"});
            if (e.tries_left >= 0) r.facts.push_back({"tries_left", std::to_string(e.tries_left)});
            r.verdict = e.trust_error ? Verdict::Fail : Verdict::Pass;
            if (e.trust_error) r.reason = e.trust_error->code;
        }
        AuditEvent ev = person_event("technician.action");
        ev.with("action", std::string("card_read_test")).with("result", std::string(verdict_name(r.verdict)));
        if (!r.reason.empty()) ev.with("reason", r.reason);
        audit(std::move(ev));
        c.result = std::move(r);
        c.step = Step::RemoveTestCard;
        refresh_tech_interactive();
        tech_event(c.result->verdict == Verdict::Pass ? "card_read" : "card_read_failed");
        return;
    }
    if (c.step != Step::ReturnOwnCard) return;
    const bool own = e.identity && !e.error && !e.trust_error && e.identity->role == Role::Technician &&
                     e.identity->fin == m_identity.fin;
    if (own) {
        c.step = Step::Idle;
        tech_event("technician_card_back");
        return;
    }
    // Not the technician's card: technician mode ends; this card is to be taken out.
    end_session(EndReason::CardRemoved);
    m_view.card_error = "technician_card_expected";
    go(ScreenId::CardError);
}

// --- maintenance --------------------------------------------------------------------------------------

void Session::tech_confirm_maintenance(bool show) {
    touch();
    if (m_view.mode != Mode::Technician || m_view.screen != ScreenId::TechDashboard) return;
    m_view.tech.confirm_maintenance = show;
    bump();
}

void Session::tech_enter_maintenance() {
    touch();
    if (m_view.mode != Mode::Technician || m_view.screen != ScreenId::TechDashboard || m_view.maintenance ||
        !m_view.tech.confirm_maintenance)
        return;
    m_view.maintenance = true;
    m_view.tech.confirm_maintenance = false;
    audit(person_event("maintenance.started"));
    bump();
}

void Session::tech_leave_maintenance() {
    touch();
    if (m_view.mode != Mode::Technician || m_view.screen != ScreenId::TechDashboard || !m_view.maintenance)
        return;
    m_view.maintenance = false;
    audit(person_event("maintenance.ended"));
    bump();
}

void Session::tech_confirm_stop(bool show) {
    touch();
    if (m_view.mode != Mode::Technician || m_view.screen != ScreenId::TechDashboard) return;
    m_view.tech.confirm_stop = show;
    bump();
}

void Session::tech_stop_kiosk() {
    touch();
    if (m_view.mode != Mode::Technician || m_view.screen != ScreenId::TechDashboard ||
        !m_view.tech.confirm_stop)
        return;
    audit(person_event("kiosk.stop_requested"));
    m_view.stop_requested = true;
    end_session(EndReason::Finished);
}

// --- dump ---------------------------------------------------------------------------------------------

void Session::dump_modes(std::ostream& o) const {
    const StaffVM& st = m_view.staff;
    o << "staff_name=" << st.staff_name << "\nstaff_fin=" << st.fin_input << "\nstaff_reason=" << st.reason
      << "\nstaff_note=" << st.note << "\nstaff_error=" << st.lookup_error
      << "\nstaff_subject=" << st.has_subject << "\nstaff_looking_up=" << st.looking_up
      << "\nstaff_jobs=" << st.jobs.size() << "\nstaff_jobs_loading=" << st.jobs_loading
      << "\nstaff_jobs_error=" << st.jobs_error << "\nstaff_selected_job=" << st.selected_job
      << "\nstaff_action_result=" << st.action_result << "\nstaff_action_error=" << st.action_error << "\n";
    for (const QueueJob& j : st.jobs)
        o << "job=" << j.id << "|" << j.document << "|" << job_state_name(j.state) << "|" << j.pages_printed
          << "/" << j.pages << "|" << j.copy_number << "|" << j.error << "\n";
    const TechVM& t = m_view.tech;
    o << "tech_running=" << t.running
      << "\ntech_verdict=" << (t.report.checks.empty() ? "" : verdict_name(t.report.overall())) << "\n";
    for (const Check& c : t.report.checks)
        o << "check=" << c.id << "|" << verdict_name(c.verdict) << "|" << c.reason << "\n";
    for (const Check& c : t.report.checks)
        for (const Fact& f : c.facts)
            o << "fact=" << c.id << "." << f.key << "|" << f.value << "\n";
    o << "tech_touch_hits=" << t.touch.hits() << "\ntech_display_pattern=" << t.display_pattern
      << "\ntech_card_step=" << static_cast<int>(t.card.step)
      << "\ntech_card_result=" << (t.card.result ? verdict_name(t.card.result->verdict) : "") << "\n";
    for (const auto& e : t.card.events)
        o << "tech_event=" << e.substr(e.find(' ') + 1) << "\n";
    o << "tech_log_lines=" << t.log_lines.size() << "\n";
    for (const auto& l : t.log_lines)
        o << "log=" << l << "\n";
    o << "tech_test_page_running=" << t.test_page_running << "\ntech_report_printing=" << t.report_printing
      << "\ntech_report_printed=" << (t.report_printed ? verdict_name(t.report_printed->verdict) : "")
      << "\ntech_sync_requested=" << t.sync_requested << "\n";
}

} // namespace kiosk
