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

#include <memory>
#include <string>

namespace ui {

struct PrintQueueOptions {
    std::string store_path;  // the replica (its print_job table is the queue)
    std::string printer_uri; // ipp://HOST[:PORT]/PATH, ipps://..., dir:PATH
    std::string spool_dir;   // rendered documents while their job lives
    std::string kiosk_id;
};

class QueuePrintService final : public kiosk::PrintService {
  public:
    // Opens the store, the printer and the queue on the worker thread and waits for the outcome.
    // Errors: store errors, printer_uri_invalid, spool_failed.
    [[nodiscard]] static kiosk::Result<std::unique_ptr<QueuePrintService>>
    open(const PrintQueueOptions& options, kiosk::DeviceEvents events);
    ~QueuePrintService() override;
    void preview(std::uint64_t ticket, const kiosk::PrintRequest& request) override;
    void submit(std::uint64_t ticket, const kiosk::PrintRequest& request) override;
    void forget_jobs() override;

    struct Impl;

  private:
    explicit QueuePrintService(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace ui
