// The printer: one small interface, backends side by side in hal/src/printer/
// (ipp.cpp: IPP Everywhere through libcups; dir.cpp: a directory of PDFs;
// sim.cpp: a simulator with fault injection), one factory choosing by URI.
//
// A print is a job with a lifecycle, not a call: submit a PDF -> job id -> job
// states with reasons -> completed / aborted / canceled. A job is printed only
// when the printer reports it completed; sent is not printed.
//
// Version 1 (k_printer_api_version). Breaking changes:
//   v1: first version.
#pragma once

#include "kiosk/error.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hal {

using kiosk::Error;
using kiosk::Result;
using kiosk::Status;

inline constexpr int k_printer_api_version = 1;

enum class PrinterState { Idle, Processing, Stopped };

// Why a printer is not simply idle or printing (a set, as IPP printer-state-reasons).
enum class PrinterReason : std::uint32_t {
    MediaEmpty = 1u << 0, // out of paper (IPP media-empty, media-needed)
    MediaJam = 1u << 1,
    DoorOpen = 1u << 2,   // cover or door open
    TonerLow = 1u << 3,   // a warning: the printer still prints
    Offline = 1u << 4,    // unreachable, or reports itself offline / paused
};

inline constexpr PrinterReason k_all_printer_reasons[] = {PrinterReason::MediaEmpty, PrinterReason::MediaJam,
                                                          PrinterReason::DoorOpen, PrinterReason::TonerLow,
                                                          PrinterReason::Offline};

struct PrinterStatus {
    PrinterState state = PrinterState::Idle;
    std::uint32_t reasons = 0; // PrinterReason bits
    std::string message;       // the printer's own words (printer-state-message), for technicians

    bool has(PrinterReason r) const { return (reasons & static_cast<std::uint32_t>(r)) != 0; }
    void add(PrinterReason r) { reasons |= static_cast<std::uint32_t>(r); }
    // True when a job sent now would print: not stopped and no reason that blocks printing.
    bool ready() const;
};

// "idle" | "processing" | "stopped"; "media-empty" | "media-jam" | "door-open" | "toner-low" | "offline".
std::string_view state_name(PrinterState state);
std::string_view reason_name(PrinterReason reason);
// The reasons of a status as names, in the order of k_all_printer_reasons.
std::vector<std::string_view> reason_names(const PrinterStatus& status);

// The states of IPP (RFC 8011 §5.3.7), which every backend reports.
enum class JobState { Pending, Held, Processing, Stopped, Canceled, Aborted, Completed };
std::string_view job_state_name(JobState state);
// Canceled, Aborted or Completed: the printer is done with the job.
bool is_final(JobState state);

using JobId = std::int64_t;

struct JobStatus {
    JobState state = JobState::Pending;
    std::int64_t pages_completed = -1; // -1 when the printer does not say
    std::string reason;                // the printer's job-state-reasons, for technicians
};

enum class HealthLevel {
    Internal,    // ask the printer for its state; nothing is printed
    External,    // print the test page and follow the job to its end
    Interactive, // as External; then the technician confirms what came out (the UI asks)
};

struct HealthReport {
    bool ok = false;
    HealthLevel level = HealthLevel::Internal;
    PrinterStatus status;
    std::optional<JobId> test_job;
    std::optional<JobStatus> test_job_status;
    bool needs_confirmation = false; // Interactive: ok only once the technician confirms
    std::string detail;
};

class Printer {
public:
    virtual ~Printer() = default;

    // The device name for counters and logs, e.g. "printer:ipp://127.0.0.1:8631/ipp/print" (no credentials).
    virtual std::string device_id() const = 0;
    // The printer's state and reasons. An unreachable printer is a status (Stopped, Offline), not an error.
    [[nodiscard]] virtual Result<PrinterStatus> status() = 0;
    // Hands a PDF file to the printer. `job_name` identifies the job at the printer (find_job); it must
    // carry no personal data. Errors: printer_offline, printer_busy (printing another job: try
    // later), printer_job_rejected, printer_io_failed.
    [[nodiscard]] virtual Result<JobId> submit(const std::filesystem::path& pdf, std::string_view job_name) = 0;
    // The state of a job. Errors: printer_job_not_found (the printer lost it), printer_offline.
    [[nodiscard]] virtual Result<JobStatus> job(JobId id) = 0;
    // The job the printer holds under `job_name`, if any (recovery after a crash between submit and the
    // record of its id). Errors: printer_offline.
    [[nodiscard]] virtual Result<std::optional<JobId>> find_job(std::string_view job_name) = 0;
    // Cancels a job that is not final. Errors: printer_job_not_found, printer_offline, printer_cancel_failed.
    [[nodiscard]] virtual Status cancel(JobId id) = 0;

protected:
    Printer() = default;
};

// The backend named by `uri`:
//   ipp://HOST[:PORT]/PATH, ipps://...   IPP Everywhere printer or CUPS queue (libcups)
//   dir:PATH                             writes each job as PATH/<id>-<job name>.pdf (development, demo)
//   sim:[OPTION[,OPTION...]]             the simulator (see printer_sim.hpp for the options)
// Errors: printer_uri_invalid.
[[nodiscard]] Result<std::unique_ptr<Printer>> open_printer(std::string_view uri);

// Health check at one of three levels. External and Interactive print `test_page` (a PDF) and wait
// up to `timeout` for the job to end.
[[nodiscard]] Result<HealthReport> check_health(Printer& printer, HealthLevel level,
                                                const std::filesystem::path& test_page = {},
                                                std::chrono::milliseconds timeout = std::chrono::seconds(60));

} // namespace hal
