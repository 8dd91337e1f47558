// What the citizen's session needs from the devices, as two small interfaces the
// session consumes (PRODUCT §2.2, §2.6). They are deliberately narrower than the
// HAL (hal/card_reader.hpp + hal/card_session.hpp, hal/printer.hpp + printer/queue.hpp):
// the session never sees APDUs, IPP or the durable queue, only what a screen shows.
//
// Contract shared by both: every request returns at once and never blocks the
// caller (the UI thread); its outcome arrives later as an event through the
// DeviceEvents sink, possibly from another thread. Events carry no PIN, ever.
//
// How they map onto the HAL (implemented in ui/adapters/card_identity_source.cpp and
// ui/adapters/print_queue_service.cpp; the simulator is kiosk/simulator.hpp):
//   IdentitySource <- a thread in wait_event() of hal::CardReader:
//     CardEventKind::CardInserted -> CardInserted, then hal::CardSession::open():
//       ok -> IdentityRead{identity, trust = certificate_status() code, tries_left}
//       error -> IdentityRead{error = its code (card_mute, not_an_id_card, ...)}
//     CardEventKind::CardRemoved -> CardRemoved (and the CardSession is destroyed)
//     verify_pin(pin) -> CardSession::authenticate(pin) on that thread:
//       ok -> Verified; wrong_pin -> Wrong + tries_left(); card_blocked -> Blocked;
//       pin_delay -> Delayed (wait_ms from the detail); a certificate error -> Untrusted;
//       anything else -> Failed with the code.
//     end() -> destroy the CardSession (resets the card: no verified PIN outlives it).
//     ServiceLost / ReaderRemoved / ReaderAlertRaised -> ReaderAvailability{false}.
//   PrintService <- printer::PrintQueue over hal::Printer, driven by one worker thread:
//     preview() -> PrintQueue::render() (page count) + the next copy number;
//     submit() -> PrintQueue::enqueue(), then poll() and report PrintJobUpdated on each change
//       (printer::JobState Queued/Submitting -> Queued, Printing -> Printing, Held -> Held
//       with the printer's reasons, Completed/Failed/Canceled likewise);
//     hal::Printer::status() -> PrinterStatusChanged (hal::PrinterReason bits are the same bits).
//
// Version 2. Breaking changes:
//   v1: first version.
//   v2: Identity carries the card's role (hal::Role, the same values); non-citizen cards are
//       reported as read (the session decides the mode), no longer as card_role_unsupported.
#pragma once

#include "kiosk/error.hpp"
#include "kiosk/i18n.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kiosk {

inline constexpr int k_devices_api_version = 2;

// --- identity -------------------------------------------------------------------

// The role on the card (EF.ID, hal::Role: the same values). It decides the mode after the
// PIN: citizen -> the citizen's own records, staff -> staff mode, technician -> technician mode.
// Asan İmza identifies citizens only.
enum class Role { Citizen = 0, Staff = 1, Technician = 2 };
std::string_view role_name(Role role); // "citizen" | "staff" | "technician"

// What a card (or, later, Asan İmza) tells about its holder. Personal data:
// never logged; wipe() at the end of every session.
struct Identity {
    std::string fin;
    std::string surname, name, patronymic;
    std::string birth_date; // YYYY-MM-DD
    std::string document_number;
    Role role = Role::Citizen;

    void wipe(); // overwrites and clears every field
    std::string full_name() const;
};

struct CardInserted {};
struct CardRemoved {};
// The card was read (or could not be). `error` is set when nothing usable was read;
// `trust_error` when the card was read but cannot be trusted whatever the PIN
// (untrusted_ca, expired, bad_certificate, ...).
struct IdentityRead {
    std::optional<Identity> identity;
    std::optional<Error> error;
    std::optional<Error> trust_error;
    int tries_left = -1; // -1: unknown until the first VERIFY
};
enum class PinOutcome { Verified, Wrong, Blocked, Delayed, Untrusted, Failed };
struct PinChecked {
    PinOutcome outcome = PinOutcome::Failed;
    int tries_left = -1;
    std::int64_t wait_ms = 0; // Delayed: try again after this long
    std::string reason;       // an error code for Untrusted / Failed / Blocked
};
// The card reader (or its service) came or went.
struct ReaderAvailability {
    bool available = false;
};

class IdentitySource {
  public:
    virtual ~IdentitySource() = default;
    // Sends `pin` to the card in the reader (one try). The caller's copy is wiped here.
    // Outcome: PinChecked.
    virtual void verify_pin(std::string& pin) = 0;
    // Ends the card session (the card stays in the reader until taken): nothing verified survives.
    virtual void end() = 0;
};

// --- printing -------------------------------------------------------------------

enum class DocumentKind { Notification, Registration };
std::string_view document_name(DocumentKind kind); // "notification" | "registration"

// hal::PrinterReason bits, the same values.
enum class PrinterReason : std::uint32_t {
    MediaEmpty = 1u << 0,
    MediaJam = 1u << 1,
    DoorOpen = 1u << 2,
    TonerLow = 1u << 3, // a warning: still prints
    Offline = 1u << 4,
};
inline constexpr PrinterReason k_all_printer_reasons[] = {PrinterReason::MediaEmpty, PrinterReason::MediaJam,
                                                          PrinterReason::DoorOpen, PrinterReason::TonerLow,
                                                          PrinterReason::Offline};
// "media_empty", "media_jam", "door_open", "toner_low", "offline" (translation key "printer.reason.<name>").
std::string_view reason_name(PrinterReason reason);
std::optional<PrinterReason> parse_reason(std::string_view name);

struct PrinterInfo {
    bool known = false;        // false until the first status arrived
    bool printing = false;     // a job is at the printer
    std::uint32_t reasons = 0; // PrinterReason bits
    bool has(PrinterReason r) const { return (reasons & static_cast<std::uint32_t>(r)) != 0; }
    // A job sent now would print (toner low is only a warning).
    bool ready() const {
        return known && (reasons & ~static_cast<std::uint32_t>(PrinterReason::TonerLow)) == 0;
    }
};

struct PrintRequest {
    DocumentKind document = DocumentKind::Notification;
    std::string notification_id;
    Lang lang = k_default_lang;
};

struct PrintPreview {
    int pages = 1;
    int copy_number = 1; // > 1: the document will carry "COPY n"
};
struct PreviewReady {
    std::uint64_t ticket = 0;
    Result<PrintPreview> preview;
};

enum class JobState { Queued, Printing, Held, Completed, Failed, Canceled };
std::string_view job_state_name(JobState state); // "queued", ... (translation key "print.job.<name>")
bool is_final(JobState state);

struct PrintJobUpdated {
    std::uint64_t ticket = 0; // the submit() this job came from
    std::int64_t job = 0;
    JobState state = JobState::Queued;
    int pages = 0;
    int pages_printed = 0;
    int copy_number = 1;
    std::uint32_t reasons = 0; // the printer's reasons while Held (PrinterReason bits)
    std::string error;         // Failed: an error code
};
struct PrinterStatusChanged {
    PrinterInfo printer;
};

class PrintService {
  public:
    virtual ~PrintService() = default;
    // What would print for `request`. Outcome: PreviewReady with the same ticket.
    virtual void preview(std::uint64_t ticket, const PrintRequest& request) = 0;
    // Queues a print. The job is durable: it survives the session (staff can resume or cancel it).
    // Outcome: PrintJobUpdated events with the same ticket until a final state.
    virtual void submit(std::uint64_t ticket, const PrintRequest& request) = 0;
    // Stops reporting on the jobs of earlier tickets to this session (they go on printing).
    virtual void forget_jobs() = 0;
};

// --- connectivity -----------------------------------------------------------------

// The link to the central registry (sync/, a later issue; the simulator can toggle it).
struct ConnectivityChanged {
    bool online = false;
};

using DeviceEvent = std::variant<CardInserted, CardRemoved, IdentityRead, PinChecked, ReaderAvailability,
                                 PreviewReady, PrintJobUpdated, PrinterStatusChanged, ConnectivityChanged>;
// Where devices post their events; must be safe to call from any thread.
using DeviceEvents = std::function<void(DeviceEvent)>;

} // namespace kiosk
