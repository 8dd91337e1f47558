// The device simulator (kiosk/simulator.hpp): demo cards, a card reader and a printer.
//
// Sections: demo cards · identity source · print service
#include "kiosk/simulator.hpp"

#include "kiosk/sqlite.hpp"
#include "kiosk/store.hpp"

#include <algorithm>
#include <ctime>
#include <thread>

namespace kiosk {
namespace {

// People are chosen among the first notifications of the replica, so that choosing
// stays fast on a replica of millions.
constexpr std::string_view k_people_sql = R"sql(
WITH n AS (SELECT employee_fin, kind FROM notification WHERE status <> 'entered' ORDER BY rowid LIMIT 6000),
p AS (
  SELECT employee_fin AS fin, count(*) AS total, sum(kind = 'termination') AS terminations,
         sum(kind = 'amendment') AS amendments,
         (SELECT count(*) FROM contract c WHERE c.employee_fin = n.employee_fin AND c.status = 'in_force') AS in_force
  FROM n GROUP BY employee_fin
)
SELECT p.fin, pe.surname, pe.name, pe.patronymic, pe.birth_date, p.total, p.terminations, p.amendments, p.in_force
FROM p JOIN person pe ON pe.fin = p.fin
ORDER BY p.total DESC, p.fin
)sql";

struct Candidate {
    Identity identity;
    std::int64_t total, terminations, amendments, in_force;
};

std::string document_number_for(std::size_t i) {
    return "AZE" + std::to_string(10000000 + i * 7919);
}

} // namespace

// --- demo cards -----------------------------------------------------------------------

Result<std::vector<DemoCard>> demo_cards(Store& store) {
    auto stmt = sql::Stmt::prepare(store.handle(), k_people_sql);
    if (!stmt) return std::unexpected(stmt.error());
    std::vector<Candidate> people;
    while (true) {
        auto has = stmt->step();
        if (!has) return std::unexpected(has.error());
        if (!*has) break;
        Candidate c;
        c.identity.fin = stmt->column_text(0);
        c.identity.surname = stmt->column_text(1);
        c.identity.name = stmt->column_text(2);
        c.identity.patronymic = stmt->column_text(3);
        c.identity.birth_date = stmt->column_text(4);
        c.total = stmt->column_int(5);
        c.terminations = stmt->column_int(6);
        c.amendments = stmt->column_int(7);
        c.in_force = stmt->column_int(8);
        people.push_back(std::move(c));
    }
    if (people.empty()) return fail("demo_no_people", "the replica holds no notifications");

    std::vector<bool> used(people.size(), false);
    auto pick = [&](auto&& pred) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < people.size(); ++i)
            if (!used[i] && pred(people[i])) {
                used[i] = true;
                return i;
            }
        for (std::size_t i = 0; i < people.size(); ++i) // anyone left
            if (!used[i]) {
                used[i] = true;
                return i;
            }
        return std::nullopt;
    };
    struct Spec {
        std::string_view key, pin;
        int tries;
        std::string_view read_error, trust_error;
        bool (*pred)(const Candidate&);
        Role role = Role::Citizen;
    };
    const Spec specs[] = {
        {"sim.card.citizen_employed", "1234", 3, "", "",
         [](const Candidate& c) { return c.in_force > 0 && c.terminations > 0 && c.amendments > 0; }},
        {"sim.card.citizen_former", "5678", 3, "", "",
         [](const Candidate& c) { return c.in_force == 0 && c.terminations > 0 && c.total >= 3; }},
        {"sim.card.last_try", "2468", 1, "", "", [](const Candidate& c) { return c.in_force > 0; }},
        {"sim.card.blocked", "0000", 0, "", "", [](const Candidate&) { return true; }},
        {"sim.card.untrusted", "1111", 3, "", "untrusted_ca", [](const Candidate&) { return true; }},
        {"sim.card.unreadable", "", 3, "card_mute", "", [](const Candidate&) { return true; }},
        // Service-centre staff and a field technician: their cards carry the role (EF.ID).
        {"sim.card.staff", "1357", 3, "", "", [](const Candidate&) { return true; }, Role::Staff},
        {"sim.card.technician", "2580", 3, "", "", [](const Candidate&) { return true; }, Role::Technician},
    };
    std::vector<DemoCard> cards;
    for (const Spec& s : specs) {
        auto i = pick(s.pred);
        if (!i) break;
        DemoCard card;
        card.label_key = s.key;
        card.identity = people[*i].identity;
        card.identity.document_number = document_number_for(cards.size());
        card.identity.role = s.role;
        card.pin = s.pin;
        card.tries_left = s.tries;
        card.read_error = s.read_error;
        card.trust_error = s.trust_error;
        cards.push_back(std::move(card));
    }
    return cards;
}

// --- identity source --------------------------------------------------------------------

SimIdentitySource::SimIdentitySource(std::vector<DemoCard> cards, DeviceEvents events, SimTiming timing,
                                     WorkerMode mode)
    : m_cards(std::move(cards)), m_events(std::move(events)), m_timing(timing), m_worker(mode) {
    for (const auto& c : m_cards)
        m_initial_tries.push_back(c.tries_left);
    m_events(ReaderAvailability{true});
}

SimIdentitySource::~SimIdentitySource() = default;

std::size_t SimIdentitySource::card_count() const {
    std::lock_guard lock(m_mutex);
    return m_cards.size();
}

DemoCard SimIdentitySource::card(std::size_t index) const {
    std::lock_guard lock(m_mutex);
    return m_cards.at(index);
}

std::optional<std::size_t> SimIdentitySource::inserted() const {
    std::lock_guard lock(m_mutex);
    return m_inserted;
}

bool SimIdentitySource::reader_available() const {
    std::lock_guard lock(m_mutex);
    return m_reader_available;
}

void SimIdentitySource::insert(std::size_t index) {
    std::uint64_t generation;
    {
        std::lock_guard lock(m_mutex);
        if (index >= m_cards.size() || !m_reader_available) return;
        if (m_inserted == index) return;
        if (m_inserted) {
            m_inserted.reset();
            ++m_generation;
            m_events(CardRemoved{});
        }
        m_inserted = index;
        generation = ++m_generation;
    }
    m_events(CardInserted{});
    post_read(generation);
}

void SimIdentitySource::post_read(std::uint64_t generation) {
    m_worker.post([this, generation] {
        if (m_worker.mode() == WorkerMode::Thread) std::this_thread::sleep_for(m_timing.read);
        IdentityRead read;
        {
            std::lock_guard lock(m_mutex);
            if (generation != m_generation || !m_inserted) return; // removed meanwhile
            const DemoCard& c = m_cards[*m_inserted];
            if (!c.read_error.empty()) {
                ++m_read_errors;
                read.error = Error{c.read_error, "simulated card"};
            } else {
                ++m_cards_read;
                read.identity = c.identity;
                read.tries_left = c.tries_left;
                if (!c.trust_error.empty()) read.trust_error = Error{c.trust_error, "simulated card"};
            }
        }
        m_events(std::move(read));
    });
}

void SimIdentitySource::remove() {
    {
        std::lock_guard lock(m_mutex);
        if (!m_inserted) return;
        m_inserted.reset();
        ++m_generation;
    }
    m_events(CardRemoved{});
}

void SimIdentitySource::set_reader_available(bool available) {
    {
        std::lock_guard lock(m_mutex);
        if (m_reader_available == available) return;
        m_reader_available = available;
    }
    if (!available) remove();
    m_events(ReaderAvailability{available});
}

void SimIdentitySource::reset_cards() {
    std::lock_guard lock(m_mutex);
    for (std::size_t i = 0; i < m_cards.size(); ++i)
        m_cards[i].tries_left = m_initial_tries[i] == 0 ? 0 : 3;
}

void SimIdentitySource::verify_pin(std::string& pin) {
    // The card compares; the PIN is copied only into the task and wiped there.
    std::string copy = pin;
    std::fill(pin.begin(), pin.end(), '\0');
    pin.clear();
    std::uint64_t generation;
    {
        std::lock_guard lock(m_mutex);
        generation = m_generation;
    }
    m_worker.post([this, generation, copy = std::move(copy)]() mutable {
        if (m_worker.mode() == WorkerMode::Thread) std::this_thread::sleep_for(m_timing.pin);
        PinChecked result;
        {
            std::lock_guard lock(m_mutex);
            if (generation != m_generation || !m_inserted) {
                std::fill(copy.begin(), copy.end(), '\0');
                return;
            }
            DemoCard& c = m_cards[*m_inserted];
            if (!c.trust_error.empty()) {
                result.outcome = PinOutcome::Untrusted;
                result.reason = c.trust_error;
            } else if (c.tries_left <= 0) {
                result.outcome = PinOutcome::Blocked;
                result.tries_left = 0;
                result.reason = "card_blocked";
            } else if (copy == c.pin) {
                c.tries_left = 3;
                result.outcome = PinOutcome::Verified;
                result.tries_left = 3;
            } else {
                --c.tries_left;
                ++m_pin_failures;
                result.outcome = PinOutcome::Wrong;
                result.tries_left = c.tries_left;
            }
        }
        std::fill(copy.begin(), copy.end(), '\0');
        m_events(result);
    });
}

void SimIdentitySource::end() {
    // The simulated card holds no verified state beyond the session: nothing to reset.
}

ReaderFacts SimIdentitySource::reader_facts() {
    std::lock_guard lock(m_mutex);
    ReaderFacts f;
    f.configured = true;
    f.backend = "simulator";
    f.service_up = true;
    if (m_reader_available) f.readers.push_back({"Simulator reader", m_inserted.has_value()});
    f.counters = {{"cards_read", std::to_string(m_cards_read)},
                  {"read_errors", std::to_string(m_read_errors)},
                  {"pin_failures", std::to_string(m_pin_failures)}};
    return f;
}

// --- print service ---------------------------------------------------------------------

SimPrintService::SimPrintService(DeviceEvents events, SimTiming timing, WorkerMode mode)
    : m_events(std::move(events)), m_timing(timing), m_mode(mode) {
    m_events(PrinterStatusChanged{printer()});
    if (m_mode == WorkerMode::Thread) m_thread = std::thread([this] { loop(); });
}

SimPrintService::~SimPrintService() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

int SimPrintService::pages_of(const PrintRequest& request) {
    // The notification form takes two pages (form + registration block), the registration information one.
    return request.document == DocumentKind::Notification ? 2 : 1;
}

static std::string document_key(const PrintRequest& r) {
    return std::string(document_name(r.document)) + ":" + r.notification_id;
}

void SimPrintService::preview(std::uint64_t ticket, const PrintRequest& request) {
    PrintPreview p;
    p.pages = pages_of(request);
    {
        std::lock_guard lock(m_mutex);
        auto it = m_copies.find(document_key(request));
        p.copy_number = it == m_copies.end() ? 1 : it->second + 1;
    }
    m_events(PreviewReady{ticket, p});
}

static std::string utc_now() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::int64_t SimPrintService::add_job_locked(std::uint64_t ticket, std::string document,
                                             std::string notification_id, int pages, int copy,
                                             std::vector<DeviceEvent>& out) {
    Job job{ticket, m_next_id++, pages, 0, copy};
    job.document = std::move(document);
    job.notification_id = std::move(notification_id);
    job.created_at = utc_now();
    m_jobs.push_back(job);
    out.push_back(PrintJobUpdated{ticket, job.id, JobState::Queued, job.pages, 0, job.copy, 0, {}});
    if (m_mode == WorkerMode::Inline)
        while (step_locked(out)) {
        }
    m_kick = true;
    return job.id;
}

void SimPrintService::submit(std::uint64_t ticket, const PrintRequest& request) {
    std::vector<DeviceEvent> out;
    {
        std::lock_guard lock(m_mutex);
        add_job_locked(ticket, std::string(document_name(request.document)), request.notification_id,
                       pages_of(request), ++m_copies[document_key(request)], out);
        // Emitted under the lock: the printer thread's next update cannot overtake this one.
        emit(out);
    }
    m_cv.notify_all();
}

void SimPrintService::forget_jobs() {
    // Jobs go on printing; the session drops updates of earlier tickets itself.
}

void SimPrintService::set_fault(PrinterReason reason, bool on) {
    std::vector<DeviceEvent> out;
    {
        std::lock_guard lock(m_mutex);
        auto bit = static_cast<std::uint32_t>(reason);
        std::uint32_t before = m_faults;
        m_faults = on ? (m_faults | bit) : (m_faults & ~bit);
        if (before == m_faults) return;
        out.push_back(PrinterStatusChanged{printer_locked()});
        if (m_mode == WorkerMode::Inline)
            while (step_locked(out)) {
            }
        m_kick = true;
        emit(out);
    }
    m_cv.notify_all();
}

std::uint32_t SimPrintService::faults() const {
    std::lock_guard lock(m_mutex);
    return m_faults;
}

int SimPrintService::jobs_completed() const {
    std::lock_guard lock(m_mutex);
    return m_completed;
}

PrinterInfo SimPrintService::printer() const {
    std::lock_guard lock(m_mutex);
    return printer_locked();
}

PrinterInfo SimPrintService::printer_locked() const {
    PrinterInfo p;
    p.known = true;
    p.reasons = m_faults;
    p.printing = !m_jobs.empty() && m_jobs.front().state == JobState::Printing;
    return p;
}

bool SimPrintService::step_locked(std::vector<DeviceEvent>& out) {
    if (m_jobs.empty()) return false;
    Job& job = m_jobs.front();
    PrinterInfo p = printer_locked();
    auto update = [&] {
        std::uint32_t reasons = job.state == JobState::Held ? m_faults : 0;
        out.push_back(
            PrintJobUpdated{job.ticket, job.id, job.state, job.pages, job.printed, job.copy, reasons, {}});
    };
    if (!p.ready()) {
        if (job.state == JobState::Held) return false;
        job.state = JobState::Held; // kept: it prints once the printer is ready again
        ++m_counters["jobs_held"];
        update();
        out.push_back(PrinterStatusChanged{printer_locked()});
        return false;
    }
    if (job.state != JobState::Printing) {
        job.state = JobState::Printing;
        update();
        out.push_back(PrinterStatusChanged{printer_locked()});
        return true;
    }
    ++job.printed;
    ++m_counters["pages_printed"];
    if (job.printed >= job.pages) {
        job.state = JobState::Completed;
        ++m_completed;
        ++m_counters["jobs_completed"];
        update();
        m_ended.push_back(job);
        if (m_ended.size() > 50) m_ended.erase(m_ended.begin());
        m_jobs.erase(m_jobs.begin());
        out.push_back(PrinterStatusChanged{printer_locked()});
    } else {
        update();
    }
    return true;
}

// --- the simulated print queue (staff) ---------------------------------------------------

void SimPrintService::set_mode_events(ModeEvents events) {
    std::lock_guard lock(m_mutex);
    m_mode_events = std::move(events);
}

QueueJob SimPrintService::queue_job(const Job& j) const {
    QueueJob q;
    q.id = j.id;
    q.document = j.document;
    q.notification_id = j.notification_id;
    q.state = j.state;
    q.pages = j.pages;
    q.pages_printed = j.printed;
    q.copy_number = j.copy;
    q.created_at = j.created_at;
    if (j.state == JobState::Held) {
        PrinterInfo p = printer_locked();
        if (p.has(PrinterReason::Offline))
            q.error = "printer_offline";
        else if (p.has(PrinterReason::MediaJam))
            q.error = "printer_media_jam";
        else if (p.has(PrinterReason::DoorOpen))
            q.error = "printer_door_open";
        else if (p.has(PrinterReason::MediaEmpty))
            q.error = "printer_media_empty";
        else
            q.error = "printer_not_ready";
    }
    return q;
}

void SimPrintService::list_jobs(std::uint64_t ticket) {
    ModeEvents sink;
    std::vector<QueueJob> jobs;
    {
        std::lock_guard lock(m_mutex);
        sink = m_mode_events;
        for (const Job& j : m_jobs)
            jobs.push_back(queue_job(j));
        for (auto it = m_ended.rbegin(); it != m_ended.rend(); ++it)
            jobs.push_back(queue_job(*it));
    }
    if (sink) sink(JobsListed{ticket, std::move(jobs)});
}

void SimPrintService::job_action(std::uint64_t ticket, JobAction action, std::int64_t id) {
    ModeEvents sink;
    Result<std::int64_t> result = fail("print_job_not_found", "job " + std::to_string(id));
    std::vector<DeviceEvent> out;
    {
        std::lock_guard lock(m_mutex);
        sink = m_mode_events;
        auto active = std::find_if(m_jobs.begin(), m_jobs.end(), [&](const Job& j) { return j.id == id; });
        auto ended = std::find_if(m_ended.begin(), m_ended.end(), [&](const Job& j) { return j.id == id; });
        switch (action) {
        case JobAction::Resume:
            if (active != m_jobs.end() && active->state == JobState::Held) {
                // Back in line at once: the printer takes it if it is ready, or holds it again.
                active->state = JobState::Queued;
                if (m_mode == WorkerMode::Inline)
                    while (step_locked(out)) {
                    }
                m_kick = true;
                result = id;
            } else if (active != m_jobs.end() || ended != m_ended.end()) {
                result = fail("print_job_not_resumable", "not held");
            }
            break;
        case JobAction::Cancel:
            if (active != m_jobs.end()) {
                Job j = *active;
                j.state = JobState::Canceled;
                ++m_counters["jobs_canceled"];
                m_jobs.erase(active);
                out.push_back(
                    PrintJobUpdated{j.ticket, j.id, JobState::Canceled, j.pages, j.printed, j.copy, 0, {}});
                m_ended.push_back(j);
                if (m_mode == WorkerMode::Inline)
                    while (step_locked(out)) {
                    }
                m_kick = true;
                result = id;
            } else if (ended != m_ended.end()) {
                result = fail("print_job_ended", std::string(job_state_name(ended->state)));
            }
            break;
        case JobAction::Reprint: {
            const Job* from = active != m_jobs.end() ? &*active : ended != m_ended.end() ? &*ended : nullptr;
            if (from) {
                Job src = *from;
                int copy = ++m_copies[src.document + ":" + src.notification_id];
                result = add_job_locked(0, src.document, src.notification_id, src.pages, copy, out);
            }
            break;
        }
        }
        emit(out);
    }
    m_cv.notify_all();
    if (sink) sink(JobActionDone{ticket, action, id, std::move(result)});
}

// --- the printer as technicians probe it ------------------------------------------------------

PrinterFacts SimPrintService::printer_facts() {
    std::lock_guard lock(m_mutex);
    PrinterFacts f;
    f.configured = true;
    f.device = "simulator";
    PrinterInfo p = printer_locked();
    f.state = !p.ready() ? "stopped" : p.printing ? "processing" : "idle";
    for (PrinterReason r : k_all_printer_reasons)
        if (p.has(r)) f.reasons.emplace_back(reason_name(r));
    for (std::string_view name :
         {"pages_printed", "jobs_completed", "jobs_failed", "jobs_canceled", "jobs_held"}) {
        auto it = m_counters.find(std::string(name));
        f.counters.push_back({std::string(name), std::to_string(it == m_counters.end() ? 0 : it->second)});
    }
    return f;
}

Check SimPrintService::print_own(std::string document, int pages, std::string check_id,
                                 std::chrono::milliseconds timeout) {
    Check c;
    c.id = std::move(check_id);
    std::int64_t id;
    {
        std::vector<DeviceEvent> out;
        std::unique_lock lock(m_mutex);
        id = add_job_locked(0, document, {}, pages, 1, out);
        emit(out);
    }
    m_cv.notify_all();
    c.facts.push_back({"job", std::to_string(id)});
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock lock(m_mutex);
    while (true) {
        auto ended = std::find_if(m_ended.begin(), m_ended.end(), [&](const Job& j) { return j.id == id; });
        if (ended != m_ended.end()) {
            c.verdict = ended->state == JobState::Completed ? Verdict::Pass : Verdict::Fail;
            if (c.verdict == Verdict::Fail) c.reason = "job_" + std::string(job_state_name(ended->state));
            return c;
        }
        auto active = std::find_if(m_jobs.begin(), m_jobs.end(), [&](const Job& j) { return j.id == id; });
        // A technician's page does not wait in the queue for a printer that is not ready: it fails
        // with the printer's reason (and is taken out of the queue).
        if (active != m_jobs.end() &&
            (active->state == JobState::Held || std::chrono::steady_clock::now() >= deadline)) {
            c.verdict = Verdict::Fail;
            c.reason = active->state == JobState::Held ? queue_job(*active).error : "print_timeout";
            Job j = *active;
            j.state = JobState::Canceled;
            m_jobs.erase(active);
            m_ended.push_back(j);
            ++m_counters["jobs_canceled"];
            m_kick = true;
            lock.unlock();
            m_cv.notify_all();
            return c;
        }
        if (active == m_jobs.end()) { // vanished (canceled by staff meanwhile)
            c.verdict = Verdict::Fail;
            c.reason = "job_canceled";
            return c;
        }
        m_cv.wait_for(lock, std::chrono::milliseconds(20));
    }
}

Check SimPrintService::print_test_page(Lang, std::chrono::milliseconds timeout) {
    return print_own("test_page", 1, "printer_test_page", timeout);
}

Check SimPrintService::print_report(const DiagnosticsReport&, Lang, std::chrono::milliseconds timeout) {
    return print_own("diagnostics", 2, "report", timeout);
}

void SimPrintService::emit(std::vector<DeviceEvent>& events) {
    for (auto& e : events)
        m_events(std::move(e));
    events.clear();
}

void SimPrintService::loop() {
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        if (m_jobs.empty()) {
            m_cv.wait(lock, [&] { return m_stop || !m_jobs.empty(); });
            m_kick = false;
            continue;
        }
        std::vector<DeviceEvent> out;
        bool progressed = step_locked(out);
        emit(out); // under the lock: ordered with submit() and set_fault()
        // A page takes its time; a held job waits for a change of faults.
        if (progressed)
            m_cv.wait_for(lock, m_timing.page, [&] { return m_stop; });
        else
            m_cv.wait_for(lock, std::chrono::milliseconds(500), [&] { return m_stop || m_kick; });
        m_kick = false;
    }
}

} // namespace kiosk
