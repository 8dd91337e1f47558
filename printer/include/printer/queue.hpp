// The durable print queue: every print is a row of the store's print_job table
// (schema v3) from the tap on "Print" to its end, so a crash or power loss loses
// no job and prints none twice.
//
// Life of a job:
//   queued -> submitting -> printing -> completed
//                                    -> failed    (the printer aborted or lost it: sent is not printed)
//                                    -> canceled
//   queued -> held (printer not ready) -> queued again by itself once the printer reports ready,
//   or by resume(); held and queued jobs can be canceled; an ended job can be reprinted.
// Before a document goes to the printer the job is marked `submitting` under a job name unique to
// the attempt ("emek-<job>-<attempt>"); a worker that finds a job still `submitting` (the process
// died in between) asks the printer for that name and follows the printer's job if there is one,
// or submits again if there is none.
//
// A second print of the same document is marked "COPY n". Citizen documents are rendered into the
// spool directory only while their job lives; the file is deleted when the job ends.
//
// One PrintQueue per store, driven from one thread (poll() or wait()).
#pragma once

#include "hal/printer.hpp"
#include "kiosk/store.hpp"
#include "printer/documents.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace printer {

enum class JobState { Queued, Submitting, Printing, Held, Completed, Failed, Canceled };

std::string_view job_state_name(JobState state); // "queued", ... (translation key "printer.job.<name>")
std::optional<JobState> parse_job_state(std::string_view name);
bool is_final(JobState state);

struct PrintRequest {
    DocumentKind document = DocumentKind::Notification;
    std::string notification; // id or number; citizen documents only
    Lang lang = kiosk::k_default_lang;
};

struct PrintJob {
    std::int64_t id = 0;
    DocumentKind document = DocumentKind::Notification;
    std::string notification_id;
    Lang lang = kiosk::k_default_lang;
    int copy_number = 1;
    JobState state = JobState::Queued;
    std::int64_t pages = 0;
    std::int64_t pages_printed = 0;
    std::int64_t attempts = 0;
    std::string last_error; // an error code; "error.<code>" translates it
    std::string printer;    // device id
    std::optional<hal::JobId> printer_job_id;
    std::string printer_job_name;
    std::string spool_path;
    std::string created_at, updated_at, ended_at;
};

struct QueueOptions {
    std::filesystem::path spool_dir; // made if missing (mode 0700)
    std::string kiosk_id = "kiosk";
    std::string verify_base_url = std::string(k_default_verify_base_url);
    std::string version = "0";
    // Called at named points of the work ("render", "submit", "submitted": the printer accepted a job
    // whose id is not recorded yet). Tests use it to kill the process at the worst moments.
    std::function<void(std::string_view point, const PrintJob& job)> on_step;
    // What a Diagnostics job prints: the technician's last report (printer/diagnostics.hpp,
    // report_document()). Unset, or nullopt: the printer and store summary of collect_diagnostics().
    std::function<std::optional<DiagnosticsReport>(Lang)> diagnostics;
};

enum class WaitFor { End, EndOrHeld };

class PrintQueue {
public:
    // Errors: spool_failed, store errors.
    [[nodiscard]] static Result<std::unique_ptr<PrintQueue>> open(kiosk::Store& store, hal::Printer& printer,
                                                                  QueueOptions options);
    ~PrintQueue();
    PrintQueue(const PrintQueue&) = delete;
    PrintQueue& operator=(const PrintQueue&) = delete;

    // Adds a job. Errors: notification_not_found, bad_argument, store errors.
    [[nodiscard]] Result<PrintJob> enqueue(const PrintRequest& request);
    // One round of work: follows the jobs at the printer, releases held jobs when the printer is ready,
    // sends the next queued job when none is at the printer. Printer faults are job states, not errors.
    [[nodiscard]] kiosk::Status poll();
    // Polls until the job ends (or is held, with EndOrHeld) or `timeout` passes; returns the job as it is then.
    [[nodiscard]] Result<PrintJob> wait(std::int64_t id, std::chrono::milliseconds timeout,
                                        WaitFor until = WaitFor::End,
                                        std::chrono::milliseconds interval = std::chrono::milliseconds(25));

    // Errors: print_job_not_found.
    [[nodiscard]] Result<PrintJob> job(std::int64_t id);
    // Jobs not ended (oldest first), or the latest `limit` jobs of any state (newest first).
    [[nodiscard]] Result<std::vector<PrintJob>> active_jobs();
    [[nodiscard]] Result<std::vector<PrintJob>> recent_jobs(int limit);

    // A held job goes back in the queue now. Errors: print_job_not_found, print_job_not_resumable.
    [[nodiscard]] kiosk::Status resume(std::int64_t id);
    // Errors: print_job_not_found, print_job_ended, print_job_busy, printer_offline, printer_cancel_failed.
    [[nodiscard]] kiosk::Status cancel(std::int64_t id);
    // A new job for the same document, marked as the next copy.
    [[nodiscard]] Result<PrintJob> reprint(std::int64_t id);

    // Renders a job's document as it would print now (preview, `kiosk render`). Errors: as enqueue, document_failed.
    [[nodiscard]] Result<Document> render(const PrintJob& job);

private:
    struct Impl;
    explicit PrintQueue(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// Renders one document from the store (no queue): what `kiosk render` writes and the preview shows.
[[nodiscard]] Result<Document> render_document(kiosk::Store& store, DocumentKind kind, std::string_view notification,
                                               const RenderContext& ctx, const TestPageInfo& test_page = {});

} // namespace printer
