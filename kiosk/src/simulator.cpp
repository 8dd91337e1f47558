// The device simulator (kiosk/simulator.hpp): demo cards, a card reader and a printer.
//
// Sections: demo cards · identity source · print service
#include "kiosk/simulator.hpp"

#include "kiosk/sqlite.hpp"
#include "kiosk/store.hpp"

#include <algorithm>
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
    };
    std::vector<DemoCard> cards;
    for (const Spec& s : specs) {
        auto i = pick(s.pred);
        if (!i) break;
        DemoCard card;
        card.label_key = s.key;
        card.identity = people[*i].identity;
        card.identity.document_number = document_number_for(cards.size());
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
                read.error = Error{c.read_error, "simulated card"};
            } else {
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

void SimPrintService::submit(std::uint64_t ticket, const PrintRequest& request) {
    std::vector<DeviceEvent> out;
    {
        std::lock_guard lock(m_mutex);
        Job job{ticket, m_next_id++, pages_of(request), 0, ++m_copies[document_key(request)]};
        m_jobs.push_back(job);
        out.push_back(PrintJobUpdated{ticket, job.id, JobState::Queued, job.pages, 0, job.copy, 0, {}});
        if (m_mode == WorkerMode::Inline)
            while (step_locked(out)) {
            }
        m_kick = true;
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
    if (job.printed >= job.pages) {
        job.state = JobState::Completed;
        ++m_completed;
        update();
        m_jobs.erase(m_jobs.begin());
        out.push_back(PrinterStatusChanged{printer_locked()});
    } else {
        update();
    }
    return true;
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
