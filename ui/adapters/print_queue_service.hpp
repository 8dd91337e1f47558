// The session's PrintService (kiosk/devices.hpp) over the durable print queue
// (printer/queue.hpp) and a real printer (hal/printer.hpp: ipp://, ipps://, dir:PATH).
// A device adapter of the kiosk program: no SDL or ImGui here, and nothing of the
// session's state machine; the screens never see it.
//
// One worker thread owns the store connection (read-write: the queue's print_job
// table), the printer and the queue (PrintQueue is driven from one thread); it answers
// requests, polls the queue while jobs are under way, and reports the printer's state
// every couple of seconds.
#pragma once

#include "kiosk/devices.hpp"
#include "kiosk/staff.hpp"
#include "kiosk/technician.hpp"

#include <memory>
#include <string>

namespace ui {

struct PrintQueueOptions {
    std::string store_path;  // the replica (its print_job table is the queue)
    std::string printer_uri; // ipp://HOST[:PORT]/PATH, ipps://..., dir:PATH
    std::string spool_dir;   // rendered documents while their job lives
    std::string kiosk_id;
    std::string version = "0";
};

// Also staff's print queue (list, resume, cancel, reprint; outcomes through `mode_events`) and
// the printer technicians probe (state, counters, test page, the report): the probe calls
// block their caller (the technician's worker thread) while the worker does the work.
class QueuePrintService final : public kiosk::PrintService,
                                public kiosk::PrintQueueControl,
                                public kiosk::PrinterProbe {
  public:
    // Opens the store, the printer and the queue on the worker thread and waits for the outcome.
    // Errors: store errors, printer_uri_invalid, spool_failed.
    [[nodiscard]] static kiosk::Result<std::unique_ptr<QueuePrintService>>
    open(const PrintQueueOptions& options, kiosk::DeviceEvents events, kiosk::ModeEvents mode_events = {});
    ~QueuePrintService() override;
    void preview(std::uint64_t ticket, const kiosk::PrintRequest& request) override;
    void submit(std::uint64_t ticket, const kiosk::PrintRequest& request) override;
    void forget_jobs() override;

    void list_jobs(std::uint64_t ticket) override;
    void job_action(std::uint64_t ticket, kiosk::JobAction action, std::int64_t job) override;

    kiosk::PrinterFacts printer_facts() override;
    kiosk::Check print_test_page(kiosk::Lang lang, std::chrono::milliseconds timeout) override;
    kiosk::Check print_report(const kiosk::DiagnosticsReport& report, kiosk::Lang lang,
                              std::chrono::milliseconds timeout) override;

    struct Impl;

  private:
    explicit QueuePrintService(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace ui
