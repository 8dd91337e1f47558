// Staff mode (PRODUCT §2.8): what the session needs beyond the citizen's devices.
//   - the look-up reasons (a list; a free-text note is asked too),
//   - PrintQueueControl: the durable print queue's staff actions (list, resume, cancel,
//     reprint), implemented by the simulator and by the print queue adapter
//     (ui/adapters/print_queue_service.cpp over printer/queue.hpp).
// Like devices.hpp: requests return at once, outcomes come back as events.
#pragma once

#include "kiosk/devices.hpp"
#include "kiosk/error.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// Why a member of staff looks a citizen up ("staff.reason.<code>").
inline constexpr std::array<std::string_view, 5> k_lookup_reasons = {
    "citizen_at_desk",  // the citizen asks at the desk, with an identity document
    "representative",   // a representative with a power of attorney
    "official_request", // a written request of an authority
    "card_problem",     // the citizen's card or PIN does not work at the kiosk
    "other",
};
inline constexpr std::size_t k_min_note_chars = 3; // the free-text note (characters, not bytes)
inline constexpr std::size_t k_max_note_chars = 120;

// A job of the print queue as staff see it (no personal data: the notification's id only).
struct QueueJob {
    std::int64_t id = 0;
    std::string document; // notification | registration | test_page | diagnostics
    std::string notification_id;
    JobState state = JobState::Queued;
    int pages = 0, pages_printed = 0, copy_number = 1;
    std::string error;      // an error code (held: why; failed: what)
    std::string created_at; // RFC 3339 UTC
};

enum class JobAction { Resume, Cancel, Reprint };
std::string_view job_action_name(JobAction action); // "resume" | "cancel" | "reprint"

struct JobsListed {
    std::uint64_t ticket = 0;
    Result<std::vector<QueueJob>> jobs;
};
struct JobActionDone {
    std::uint64_t ticket = 0;
    JobAction action = JobAction::Resume;
    std::int64_t job = 0;
    Result<std::int64_t> result; // the job acted on, or the new job of a reprint
};

class PrintQueueControl {
  public:
    virtual ~PrintQueueControl() = default;
    // Jobs not ended (oldest first), then the latest ended ones. Outcome: JobsListed.
    virtual void list_jobs(std::uint64_t ticket) = 0;
    // Outcome: JobActionDone. Errors: print_job_not_found, print_job_not_resumable, print_job_ended,
    // print_job_busy, printer_offline, printer_cancel_failed.
    virtual void job_action(std::uint64_t ticket, JobAction action, std::int64_t job) = 0;
};

} // namespace kiosk
