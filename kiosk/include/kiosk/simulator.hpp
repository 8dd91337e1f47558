// The device simulator: a product feature, not a test fake. With `devices = "sim"`
// in the configuration the kiosk runs on simulated devices and shows a simulator
// panel where a person inserts and removes the demo cards and causes printer faults
// (PRODUCT §5 "Simulator: scripted cards and faults", issue 5 item 6). Never shown
// with real devices.
//
// The demo cards are people of the replica (so the journey shows real data), chosen
// by demo_cards(): their PINs are listed in README.md.
#pragma once

#include "kiosk/devices.hpp"
#include "kiosk/staff.hpp"
#include "kiosk/technician.hpp"
#include "kiosk/worker.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace kiosk {

class Store;

struct DemoCard {
    std::string label_key; // what the panel calls it (translation key "sim.card.<...>")
    Identity identity;
    std::string pin;         // 4-8 digits
    int tries_left = 3;      // 0: blocked
    std::string read_error;  // non-empty: the card cannot be read (e.g. "card_mute")
    std::string trust_error; // non-empty: read, but not trusted (e.g. "untrusted_ca")
};

// The demo cards for a replica: two citizens with rich histories (one with a contract
// in force, one without), one with a single PIN try left, a blocked card, an untrusted
// card, an unreadable card, a member of staff and a technician (in this order: tests
// insert them by index). The same replica always gives the same cards.
// Errors: store errors; demo_no_people when the replica holds nobody.
[[nodiscard]] Result<std::vector<DemoCard>> demo_cards(Store& store);

struct SimTiming {
    std::chrono::milliseconds read{350};  // card inserted -> identity read
    std::chrono::milliseconds pin{250};   // VERIFY
    std::chrono::milliseconds page{1200}; // one printed page
};

class SimIdentitySource final : public IdentitySource, public ReaderProbe {
  public:
    SimIdentitySource(std::vector<DemoCard> cards, DeviceEvents events, SimTiming timing, WorkerMode mode);
    ~SimIdentitySource() override;
    void verify_pin(std::string& pin) override;
    void end() override;

    // --- the simulator panel (UI thread) ---
    std::size_t card_count() const;
    DemoCard card(std::size_t index) const; // a copy (the panel shows label and PIN)
    void insert(std::size_t index);         // removes the card in the reader first, if any
    void remove();
    std::optional<std::size_t> inserted() const;
    void set_reader_available(bool available);
    bool reader_available() const;
    void reset_cards(); // every card back to 3 tries (except the blocked demo card)

    // ReaderProbe (technician mode): one simulated reader while plugged in, and the simulator's counters.
    ReaderFacts reader_facts() override;

  private:
    void post_read(std::uint64_t generation);
    mutable std::mutex m_mutex;
    std::vector<DemoCard> m_cards;
    std::vector<int> m_initial_tries;
    std::optional<std::size_t> m_inserted;
    std::uint64_t m_generation = 0; // bumps on every insert and removal: late answers are dropped
    bool m_reader_available = true;
    std::int64_t m_cards_read = 0, m_read_errors = 0, m_pin_failures = 0;
    DeviceEvents m_events;
    SimTiming m_timing;
    Worker m_worker; // last: joined first
};

// Events are emitted under the printer's lock (so they keep their order): the sink must
// not call back into the simulator.
// It is also the simulated print queue for staff (list, resume, cancel, reprint) and the
// printer technicians probe (state, counters, test page, the printed report).
class SimPrintService final : public PrintService, public PrintQueueControl, public PrinterProbe {
  public:
    SimPrintService(DeviceEvents events, SimTiming timing, WorkerMode mode);
    ~SimPrintService() override;
    void preview(std::uint64_t ticket, const PrintRequest& request) override;
    void submit(std::uint64_t ticket, const PrintRequest& request) override;
    void forget_jobs() override;

    // PrintQueueControl: the outcome comes through `mode_events` (set_mode_events).
    void set_mode_events(ModeEvents events);
    void list_jobs(std::uint64_t ticket) override;
    void job_action(std::uint64_t ticket, JobAction action, std::int64_t job) override;

    // PrinterProbe (blocking: the technician's worker thread).
    PrinterFacts printer_facts() override;
    Check print_test_page(Lang lang, std::chrono::milliseconds timeout) override;
    Check print_report(const DiagnosticsReport& report, Lang lang,
                       std::chrono::milliseconds timeout) override;

    // --- the simulator panel ---
    void set_fault(PrinterReason reason, bool on);
    std::uint32_t faults() const;
    // Jobs printed so far (completed), and each job's pages (for tests and the panel).
    int jobs_completed() const;
    PrinterInfo printer() const;

  private:
    struct Job {
        std::uint64_t ticket;
        std::int64_t id;
        int pages;
        int printed = 0;
        int copy;
        JobState state = JobState::Queued;
        std::string document = "notification"; // or registration, test_page, diagnostics
        std::string notification_id;
        std::string created_at;
    };
    static int pages_of(const PrintRequest& request);
    QueueJob queue_job(const Job& job) const;
    // Queues a technician's document and follows it (blocking, not under the lock).
    Check print_own(std::string document, int pages, std::string check_id, std::chrono::milliseconds timeout);
    std::int64_t add_job_locked(std::uint64_t ticket, std::string document, std::string notification_id,
                                int pages, int copy, std::vector<DeviceEvent>& out);
    // One step of the printer: holds or releases the first job, prints one page.
    // Returns true when something changed. Caller holds m_mutex; events are collected.
    bool step_locked(std::vector<DeviceEvent>& out);
    PrinterInfo printer_locked() const;
    void emit(std::vector<DeviceEvent>& events);
    void loop();

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<Job> m_jobs;                        // not final, oldest first
    std::vector<Job> m_ended;                       // final, newest last (the latest 50)
    std::map<std::string, int> m_copies;            // document key -> copies printed or queued
    std::map<std::string, std::int64_t> m_counters; // pages_printed, jobs_completed, ... (as the queue's)
    ModeEvents m_mode_events;
    std::int64_t m_next_id = 1;
    std::uint32_t m_faults = 0;
    int m_completed = 0;
    bool m_stop = false;
    bool m_kick = false; // jobs or faults changed: the printer thread looks again
    DeviceEvents m_events;
    SimTiming m_timing;
    WorkerMode m_mode;
    std::thread m_thread;
};

} // namespace kiosk
