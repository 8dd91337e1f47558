// Staff mode of the session (kiosk/session.hpp, PRODUCT §2.8): find a citizen by FIN
// with a reason, the citizen's notifications (the citizen's own screens), the print queue.
//
// Sections: look-up form · the citizen found · print queue · names
#include "kiosk/session.hpp"
#include "kiosk/validate.hpp"

#include <algorithm>

namespace kiosk {
namespace {

bool fin_key(std::string_view k) {
    if (k.size() != 1) return false;
    char c = k[0];
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'O');
}

std::size_t utf8_chars(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void pop_utf8(std::string& s) {
    while (!s.empty()) {
        bool lead = (static_cast<unsigned char>(s.back()) & 0xC0) != 0x80;
        s.back() = '\0';
        s.pop_back();
        if (lead) break;
    }
}

std::string trimmed(std::string_view s) {
    auto b = s.find_first_not_of(' ');
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(' ');
    return std::string(s.substr(b, e - b + 1));
}

} // namespace

std::string_view job_action_name(JobAction action) {
    switch (action) {
    case JobAction::Resume:
        return "resume";
    case JobAction::Cancel:
        return "cancel";
    case JobAction::Reprint:
        return "reprint";
    }
    return "resume";
}

// --- look-up form ---------------------------------------------------------------------

void Session::staff_find_citizen() {
    touch();
    if (m_view.mode != Mode::Staff || m_view.screen != ScreenId::StaffHome) return;
    StaffVM& st = m_view.staff;
    st.fin_input.clear();
    st.note.clear();
    st.reason = -1;
    st.focus = StaffVM::Field::Fin;
    st.lookup_error.clear();
    go(ScreenId::StaffLookup);
}

void Session::staff_focus(StaffVM::Field field) {
    touch();
    if (m_view.mode != Mode::Staff || m_view.screen != ScreenId::StaffLookup) return;
    m_view.staff.focus = field;
    bump();
}

void Session::staff_key(std::string_view key) {
    touch();
    if (m_view.mode != Mode::Staff || m_view.screen != ScreenId::StaffLookup || m_view.staff.looking_up)
        return;
    StaffVM& st = m_view.staff;
    if (st.focus == StaffVM::Field::Fin) {
        if (!fin_key(key) || st.fin_input.size() >= 7) return;
        st.fin_input += key;
    } else {
        if (key.empty() || !is_valid_utf8(key) || utf8_chars(st.note) + utf8_chars(key) > k_max_note_chars)
            return;
        for (char c : key)
            if (static_cast<unsigned char>(c) < 0x20) return; // no control characters
        st.note += key;
    }
    st.lookup_error.clear();
    bump();
}

void Session::staff_erase() {
    touch();
    if (m_view.mode != Mode::Staff || m_view.screen != ScreenId::StaffLookup || m_view.staff.looking_up)
        return;
    StaffVM& st = m_view.staff;
    pop_utf8(st.focus == StaffVM::Field::Fin ? st.fin_input : st.note);
    bump();
}

void Session::staff_set_reason(int reason) {
    touch();
    if (m_view.mode != Mode::Staff || m_view.screen != ScreenId::StaffLookup) return;
    if (reason < 0 || reason >= static_cast<int>(k_lookup_reasons.size())) return;
    m_view.staff.reason = reason;
    m_view.staff.lookup_error.clear();
    bump();
}

void Session::staff_lookup() {
    touch();
    if (m_view.mode != Mode::Staff || m_view.screen != ScreenId::StaffLookup || m_view.staff.looking_up)
        return;
    StaffVM& st = m_view.staff;
    if (!is_valid_fin(st.fin_input)) {
        st.lookup_error = "invalid_fin";
    } else if (st.reason < 0) {
        st.lookup_error = "reason_required";
    } else if (utf8_chars(trimmed(st.note)) < k_min_note_chars) {
        st.lookup_error = "note_required";
    } else if (!m_services.people) {
        st.lookup_error = "lookup_unavailable";
    } else {
        st.lookup_error.clear();
        st.looking_up = true;
        m_lookup_ticket = next_ticket();
        m_services.people->lookup_person(m_lookup_ticket, st.fin_input);
    }
    bump();
}

// --- the citizen found ---------------------------------------------------------------------

void Session::on(const PersonLookedUp& e) {
    if (e.ticket != m_lookup_ticket || m_lookup_ticket == 0 || m_view.mode != Mode::Staff) return;
    m_lookup_ticket = 0;
    StaffVM& st = m_view.staff;
    st.looking_up = false;
    const bool found = e.person && e.person->has_value();
    // Every look-up is audited, found or not: who looked, for whom, and why.
    AuditEvent ev = person_event("staff.lookup");
    ev.subject_fin = st.fin_input;
    ev.with("reason", std::string(k_lookup_reasons[static_cast<std::size_t>(st.reason)]))
        .with("note", trimmed(st.note))
        .with("found", found);
    if (!e.person) ev.with("error", e.person.error().code);
    audit(std::move(ev));
    if (!found) {
        st.lookup_error = e.person ? "person_not_found" : e.person.error().code;
        bump();
        return;
    }
    m_subject = **e.person;
    std::fill(st.fin_input.begin(), st.fin_input.end(), '\0');
    std::fill(st.note.begin(), st.note.end(), '\0');
    st.fin_input.clear();
    st.note.clear();
    st.reason = -1;
    st.has_subject = true;
    st.subject_name = m_subject.full_name();
    m_view.list = {};
    m_view.list.holder_name = st.subject_name;
    m_view.list.tab = Tab::Contracts;
    m_filters = {};
    go(ScreenId::Notifications);
    load_overview();
    run_search(false);
}

void Session::wipe_subject() {
    m_subject.fin.assign(m_subject.fin.size(), '\0');
    m_subject.surname.assign(m_subject.surname.size(), '\0');
    m_subject.name.assign(m_subject.name.size(), '\0');
    m_subject.patronymic.assign(m_subject.patronymic.size(), '\0');
    m_subject = {};
    StaffVM& st = m_view.staff;
    std::fill(st.subject_name.begin(), st.subject_name.end(), '\0');
    st.subject_name.clear();
    st.has_subject = false;
    std::fill(m_view.list.holder_name.begin(), m_view.list.holder_name.end(), '\0');
    m_view.list = {};
    m_view.detail = {};
    m_view.print = {};
    m_filters = {};
    m_detail_id.clear();
    m_overview_ticket = m_search_ticket = m_detail_ticket = m_preview_ticket = m_print_ticket = 0;
}

void Session::staff_home() {
    touch();
    if (m_view.mode != Mode::Staff) return;
    const bool from_citizen = m_view.staff.has_subject;
    wipe_subject();
    if (from_citizen && m_services.printer) m_services.printer->forget_jobs();
    m_view.staff.lookup_error.clear();
    m_view.staff.looking_up = false;
    m_lookup_ticket = 0;
    go(ScreenId::StaffHome);
}

// --- print queue ---------------------------------------------------------------------------

void Session::staff_open_queue() {
    touch();
    if (m_view.mode != Mode::Staff || m_view.screen != ScreenId::StaffHome) return;
    m_view.staff.action_result.clear();
    m_view.staff.action_error.clear();
    m_view.staff.selected_job = 0;
    go(ScreenId::StaffQueue);
    staff_refresh_queue();
}

void Session::staff_refresh_queue() {
    if (m_view.mode != Mode::Staff || m_view.screen != ScreenId::StaffQueue) return;
    StaffVM& st = m_view.staff;
    if (!m_services.queue) {
        st.jobs_error = "printer_unavailable";
        bump();
        return;
    }
    st.jobs_loading = true;
    st.jobs_error.clear();
    m_jobs_ticket = next_ticket();
    bump();
    m_services.queue->list_jobs(m_jobs_ticket);
}

void Session::on(const JobsListed& e) {
    if (e.ticket != m_jobs_ticket || m_jobs_ticket == 0 || m_view.mode != Mode::Staff) return;
    StaffVM& st = m_view.staff;
    st.jobs_loading = false;
    if (!e.jobs) {
        st.jobs_error = e.jobs.error().code;
    } else {
        st.jobs = *e.jobs;
        auto still = std::find_if(st.jobs.begin(), st.jobs.end(),
                                  [&](const QueueJob& j) { return j.id == st.selected_job; });
        if (still == st.jobs.end()) st.selected_job = 0;
    }
    bump();
}

void Session::staff_select_job(std::int64_t job) {
    touch();
    if (m_view.mode != Mode::Staff || m_view.screen != ScreenId::StaffQueue) return;
    m_view.staff.selected_job = job;
    m_view.staff.action_result.clear();
    m_view.staff.action_error.clear();
    bump();
}

void Session::staff_job_action(JobAction action) {
    touch();
    StaffVM& st = m_view.staff;
    if (m_view.mode != Mode::Staff || m_view.screen != ScreenId::StaffQueue || st.action_running ||
        !m_services.queue)
        return;
    auto it = std::find_if(st.jobs.begin(), st.jobs.end(),
                           [&](const QueueJob& j) { return j.id == st.selected_job; });
    if (it == st.jobs.end()) return;
    // What each action applies to, as the queue itself decides (it refuses the rest too).
    bool applies = action == JobAction::Resume   ? it->state == JobState::Held
                   : action == JobAction::Cancel ? !is_final(it->state)
                                                 : is_final(it->state);
    if (!applies) return;
    st.action_running = true;
    st.action_result.clear();
    st.action_error.clear();
    m_action_ticket = next_ticket();
    bump();
    m_services.queue->job_action(m_action_ticket, action, it->id);
}

void Session::on(const JobActionDone& e) {
    if (e.ticket != m_action_ticket || m_action_ticket == 0 || m_view.mode != Mode::Staff) return;
    m_action_ticket = 0;
    StaffVM& st = m_view.staff;
    st.action_running = false;
    AuditEvent ev = person_event("print.queue_action");
    ev.with("action", std::string(job_action_name(e.action))).with("job", e.job);
    if (e.result) {
        st.action_result = "staff.queue.done." + std::string(job_action_name(e.action));
        if (e.action == JobAction::Reprint) {
            st.selected_job = *e.result;
            ev.with("new_job", *e.result);
        }
        ev.with("result", std::string("ok"));
    } else {
        st.action_error = e.result.error().code;
        ev.with("result", e.result.error().code);
    }
    audit(std::move(ev));
    bump();
    staff_refresh_queue();
}

} // namespace kiosk
