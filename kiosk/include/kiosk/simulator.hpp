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
// card and an unreadable card. The same replica always gives the same cards.
// Errors: store errors; demo_no_people when the replica holds nobody.
[[nodiscard]] Result<std::vector<DemoCard>> demo_cards(Store& store);

struct SimTiming {
    std::chrono::milliseconds read{350};  // card inserted -> identity read
    std::chrono::milliseconds pin{250};   // VERIFY
    std::chrono::milliseconds page{1200}; // one printed page
};

class SimIdentitySource final : public IdentitySource {
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

  private:
    void post_read(std::uint64_t generation);
    mutable std::mutex m_mutex;
    std::vector<DemoCard> m_cards;
    std::vector<int> m_initial_tries;
    std::optional<std::size_t> m_inserted;
    std::uint64_t m_generation = 0; // bumps on every insert and removal: late answers are dropped
    bool m_reader_available = true;
    DeviceEvents m_events;
    SimTiming m_timing;
    Worker m_worker; // last: joined first
};

// Events are emitted under the printer's lock (so they keep their order): the sink must
// not call back into the simulator.
class SimPrintService final : public PrintService {
  public:
    SimPrintService(DeviceEvents events, SimTiming timing, WorkerMode mode);
    ~SimPrintService() override;
    void preview(std::uint64_t ticket, const PrintRequest& request) override;
    void submit(std::uint64_t ticket, const PrintRequest& request) override;
    void forget_jobs() override;

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
    };
    static int pages_of(const PrintRequest& request);
    // One step of the printer: holds or releases the first job, prints one page.
    // Returns true when something changed. Caller holds m_mutex; events are collected.
    bool step_locked(std::vector<DeviceEvent>& out);
    PrinterInfo printer_locked() const;
    void emit(std::vector<DeviceEvent>& events);
    void loop();

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<Job> m_jobs;             // not final, oldest first
    std::map<std::string, int> m_copies; // document key -> copies printed or queued
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
