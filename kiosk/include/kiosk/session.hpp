// The session: the UI state machine of PRODUCT §2 (screens 1-9) and the view-models
// the screens draw. No SDL, no ImGui, no SQLite, no device library:
// the session talks to IdentitySource, PrintService and DataSource (all
// asynchronous) and is driven by three kinds of input, all on the UI thread:
//   - intents of the person at the screen (choose_language(), pin_digit(), ...),
//   - events from devices and the data worker (handle()),
//   - time (tick(), with an injected clock).
//
//   welcome ─card─> reading ─> PIN ─ok─> notifications ⇄ detail ─> preview ─> confirm ─> printing ─> result
//      │  └─ attract (no touch for a while; moves slowly)      every screen of a session:
//      └─ Asan İmza: phone → user id → code (confirm on the phone) ─confirmed─> notifications
//                                                                  finish / card removed / idle timeout
//   out of service: store unreadable, or neither card reader nor network.
//
// Roles (issue 8): the card's role decides the mode once the PIN and the certificate
// checks passed: citizen -> the citizen's own notifications; staff -> staff mode
// (find a citizen by FIN with a reason, then the same tabs, detail and printing; the
// print queue); technician -> technician mode (diagnostics). Every screen belongs to
// modes (screen_allowed()); go() refuses a screen of another mode and every intent
// checks its mode, so nothing of one mode is reachable from another. Staff and
// citizen sessions end when the card is removed; technician mode survives only the
// card read test's own removals (the technician's card must come back, or it ends).
// Technician mode can take the kiosk out of service for maintenance: then only a
// technician card is accepted, until a technician returns it to service.
// Audit events (kiosk/audit.hpp) record sessions, identification failures, look-ups,
// prints, queue actions, device faults and technician actions.
//
// Ending a session, by any path, wipes every personal field (identity, PIN digits,
// rows, summary, detail, print job, looked-up citizen, FIN and note typed by staff)
// and resets language and filters.
#pragma once

#include "kiosk/audit.hpp"
#include "kiosk/data_source.hpp"
#include "kiosk/devices.hpp"
#include "kiosk/i18n.hpp"
#include "kiosk/online.hpp"
#include "kiosk/records.hpp"
#include "kiosk/search.hpp"
#include "kiosk/staff.hpp"
#include "kiosk/technician.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

enum class ScreenId {
    OutOfService,
    Attract,
    Welcome,
    AsanImza,
    ReadingCard,
    CardError,
    Pin,
    Notifications,
    Detail,
    PrintPreview,
    PrintConfirm,
    Printing,
    PrintResult,
    TakeCard,
    // Staff mode.
    StaffHome,
    StaffLookup,
    StaffQueue,
    // Technician mode.
    TechDashboard,
    TechPrinter,
    TechCard,
    TechTouch,
    TechDisplay,
    TechNetwork,
    TechStorage,
    TechLog,
    TechConfig,
    // The kiosk taken out of service by a technician.
    Maintenance,
};
inline constexpr int k_screen_count = static_cast<int>(ScreenId::Maintenance) + 1;
// "out_of_service", "attract", "welcome", ... (stable: tests and logs).
std::string_view screen_name(ScreenId screen);
std::optional<ScreenId> parse_screen(std::string_view name);

enum class EndReason { None, Finished, CardRemoved, IdleTimeout, Error };
std::string_view end_reason_name(EndReason reason);

// Who is served: nobody yet (welcome, card, PIN), a citizen, staff or a technician.
enum class Mode { None, Citizen, Staff, Technician };
std::string_view mode_name(Mode mode); // "none" | "citizen" | "staff" | "technician"
// Whether `screen` may show in `mode`: the notifications, detail and print screens in
// citizen and staff modes (staff: once a citizen was looked up), the staff screens in
// staff mode, the technician screens in technician mode, the others with nobody served.
bool screen_allowed(ScreenId screen, Mode mode);

using Clock = std::function<std::chrono::steady_clock::time_point()>;

struct SessionConfig {
    std::string kiosk_id = "kiosk";
    Lang default_lang = k_default_lang;
    std::chrono::milliseconds idle_warning{60'000};      // no touch this long: the warning with a countdown
    std::chrono::milliseconds idle_end{90'000};          // no touch this long: the session ends
    std::chrono::milliseconds attract_after{45'000};     // welcome untouched this long: the attract screen
    std::chrono::milliseconds take_card_timeout{20'000}; // "take your card" shown at most this long
    int page_size = 50;                                  // rows fetched at a time
};

struct SessionServices {
    IdentitySource* identity = nullptr;                  // required
    PrintService* printer = nullptr;                     // optional: printing unavailable without
    DataSource* data = nullptr;                          // required
    OnlineService* online = nullptr;                     // optional: without it Asan İmza and share links are unavailable
    PersonDirectory* people = nullptr;                   // optional: staff look-ups
    PrintQueueControl* queue = nullptr;                  // optional: staff's print queue
    TechnicianService* technician = nullptr;             // optional: technician mode's checks
    AuditSink* audit = nullptr;                          // optional: the audit trail
    std::function<std::vector<std::string>()> log_lines; // optional: recent log lines (technician)
};

// --- view-models -----------------------------------------------------------------

struct StatusVM {
    std::string kiosk_id;
    bool online = false;
    bool reader_available = true;
    bool store_ok = true;
    PrinterInfo printer;
    // The link to the registry (LinkStatusChanged; unknown with the simulated link).
    bool link_known = false;
    std::int64_t sync_lag = -1;   // changes not yet in the replica (-1 unknown)
    std::string last_sync;        // RFC 3339 of the last exchange with the registry
    std::string link_error;       // the last failure's code
};

// The Asan İmza login (PRODUCT §2.3): phone (+994 fixed) and user id on the keypad, then
// the verification code the phone also shows, until confirmed, rejected or expired.
enum class AsanStep { Phone, UserId, Waiting, Failed };
struct AsanVM {
    AsanStep step = AsanStep::Phone;
    std::string phone;        // the 9 digits after +994 typed so far (personal)
    std::string user_id;      // the 6 digits typed so far (personal)
    bool starting = false;    // the request is on its way
    std::string code;         // Waiting: the verification code
    int seconds_left = 0;     // Waiting: until the registry gives up
    std::string message_key;  // Failed: "asan.rejected", "asan.expired", "asan.offline", "asan.unknown_user", "asan.failed"
    bool available = false;   // an online service exists (else: "use your ID card")
};

// "Get signed document": a QR code with a short-lived link to the edoc.
struct ShareVM {
    bool open = false;        // the dialog shows
    bool loading = false;
    std::string url;          // personal (a link to the citizen's document)
    int seconds_left = 0;
    std::string message_key;  // "share.offline", "share.card_unsupported", "share.failed", ...
};

struct PinVM {
    int digits = 0;      // how many digits are typed (the digits themselves never leave the session)
    int tries_left = -1; // -1: not known yet
    bool verifying = false;
    std::string message_key; // "pin.wrong", "pin.wait", "pin.too_short" or ""
    std::int64_t wait_seconds = 0;
};

struct Filters {
    std::optional<std::string> employer_sun;
    std::optional<std::string> from,
        to; // YYYY-MM-DD; notification date (contracts) / order date (termination)
    ContractStatusFilter contract_status = ContractStatusFilter::All;
    std::optional<std::string> kind;   // contracts tab
    std::optional<std::string> reason; // termination tab
    bool any() const {
        return employer_sun || from || to || contract_status != ContractStatusFilter::All || kind || reason;
    }
};

struct NotificationsVM {
    std::string holder_name; // personal
    Tab tab = Tab::Contracts;
    Filters filters; // of the current tab
    std::vector<Employment> employment;
    std::vector<EmployerOption> employers;
    std::vector<ReferenceItem> kinds, reasons;
    std::string data_as_of;
    std::vector<NotificationRow> rows;
    std::int64_t total = 0;
    bool loading = false;
    bool overview_loading = false;
    std::string error; // an error code
};

struct DetailVM {
    bool loading = false;
    std::optional<DetailView> detail;
    std::string error;
};

struct PrintVM {
    DocumentKind document = DocumentKind::Notification;
    bool preview_loading = false;
    PrintPreview preview;
    std::string preview_error;
    bool submitted = false;
    std::int64_t job = 0;
    JobState state = JobState::Queued;
    int pages = 0, pages_printed = 0, copy_number = 1;
    std::uint32_t reasons = 0; // while held
    std::string job_error;
};

// Staff mode.
struct StaffVM {
    std::string staff_name; // the member of staff (their own name)
    // The look-up form.
    std::string fin_input; // personal: the FIN being typed
    int reason = -1;       // index into k_lookup_reasons, -1: none chosen
    std::string note;      // free text (UTF-8)
    enum class Field { Fin, Note } focus = Field::Fin;
    bool looking_up = false;
    std::string lookup_error; // an error code: invalid_fin, reason_required, note_required, person_not_found
    bool has_subject = false; // a citizen was found: the notifications screens are theirs
    std::string subject_name; // personal
    // The print queue.
    std::vector<QueueJob> jobs;
    bool jobs_loading = false;
    std::string jobs_error;
    std::int64_t selected_job = 0;
    bool action_running = false;
    std::string action_result; // "" | the translation key of the last action's outcome
    std::string action_error;  // an error code
};

// Technician mode.
struct TouchTestVM {
    static constexpr int k_cols = 8, k_rows = 5;
    std::vector<bool> hit = std::vector<bool>(k_cols * k_rows, false);
    int hits() const;
    bool done() const { return hits() == k_cols * k_rows; }
};
struct CardTestVM {
    // Idle -> RemoveOwnCard -> InsertTestCard -> Reading -> RemoveTestCard -> ReturnOwnCard -> Idle
    enum class Step { Idle, RemoveOwnCard, InsertTestCard, Reading, RemoveTestCard, ReturnOwnCard };
    Step step = Step::Idle;
    std::optional<Check> result;     // "card_read_test": the last test card's outcome (no personal data)
    std::vector<std::string> events; // "HH:MM:SS card_inserted", ... (live, newest last)
};
inline constexpr int k_display_patterns = 6; // red, green, blue, white, black, gradient + grid
struct TechVM {
    DiagnosticsReport report; // the last run, with the interactive checks merged in
    bool running = false;
    bool test_page_running = false;
    bool report_printing = false;
    std::optional<Check> report_printed;
    std::optional<Check> test_page, display; // the last outcomes (kept across runs of the checks)
    TouchTestVM touch;
    int display_pattern = -1; // the pattern shown (full screen), -1: none
    CardTestVM card;
    std::vector<std::string> log_lines;
    bool sync_requested = false;
    bool confirm_maintenance = false, confirm_stop = false;
};

struct View {
    ScreenId screen = ScreenId::Welcome;
    Mode mode = Mode::None;
    Lang lang = k_default_lang;
    StatusVM status;
    PinVM pin;
    std::string card_error; // an error code on CardError
    NotificationsVM list;
    DetailVM detail;
    PrintVM print;
    std::optional<int> idle_warning_seconds; // the countdown, while the idle warning shows
    bool card_present = false;
    StaffVM staff;
    TechVM tech;
    bool maintenance = false;    // out of service for maintenance: only technician cards
    bool stop_requested = false; // a technician asked the kiosk program to stop (exit status 4)
    AsanVM asan;
    ShareVM share;
};

class Session {
  public:
    Session(SessionConfig config, SessionServices services, Clock clock);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // --- events (UI thread) ---
    void handle(const DeviceEvent& event);
    void handle(const DataEvent& event);
    void handle(const ModeEvent& event);
    void handle(const OnlineEvent& event);
    // Timeouts: call when next_deadline() passes (calling more often is harmless).
    void tick();
    // When tick() next has something to do; nullopt: nothing timed is pending.
    std::optional<std::chrono::steady_clock::time_point> next_deadline() const;

    // --- intents ---
    void touch(); // any touch or click: the person is still there
    void choose_language(Lang lang);
    void start_asan_imza();
    void pin_digit(int digit);
    void pin_erase();
    void pin_submit();
    void select_tab(Tab tab);
    void set_employer(std::optional<std::string> sun);
    void set_period(std::optional<std::string> from, std::optional<std::string> to);
    void set_contract_status(ContractStatusFilter status);
    void set_kind(std::optional<std::string> kind);
    void set_reason(std::optional<std::string> reason);
    void clear_filters();
    void load_more(); // the next page, when the list is scrolled near its end
    void open_detail(std::size_t row);
    void back(); // detail -> list, preview/confirm/result -> detail, Asan İmza -> welcome
    void request_print(DocumentKind document);
    void print_continue(); // preview -> confirm
    void print_confirm();  // confirm -> the job is submitted
    void finish();         // ends the session (also: "cancel" on PIN and card errors)
    void wake();           // attract -> welcome
    // Asan İmza: digits go to the phone number, then to the user id.
    void asan_digit(int digit);
    void asan_erase();
    void asan_next();  // phone -> user id -> the login starts
    void asan_retry(); // after a failure: start again from the phone number (kept)
    // Detail: "Get signed document" opens the QR dialog; close_share() closes it.
    void request_share();
    void close_share();

    // --- staff intents (staff mode only; ignored anywhere else) ---
    void staff_find_citizen(); // staff home -> the look-up form
    void staff_focus(StaffVM::Field field);
    void staff_key(std::string_view key); // a key of the on-screen keyboard into the focused field
    void staff_erase();                   // the last character of the focused field
    void staff_set_reason(int reason);    // index into k_lookup_reasons
    void staff_lookup();                  // FIN + reason + note -> the citizen's notifications
    void staff_home();                    // back to the staff menu (the citizen's data is wiped)
    void staff_open_queue();
    void staff_refresh_queue();
    void staff_select_job(std::int64_t job);
    void staff_job_action(JobAction action); // on the selected job

    // --- technician intents (technician mode only) ---
    void tech_open(ScreenId page); // a technician page (TechDashboard ... TechConfig)
    void tech_run_checks();
    void tech_print_test_page();
    void tech_touch_cell(int cell);
    void tech_touch_reset();
    void tech_display_start();
    void tech_display_next();           // the next pattern; after the last, back to the page
    void tech_display_verdict(bool ok); // the technician saw every pattern right (or not)
    void tech_card_test_start();
    void tech_card_test_cancel();
    void tech_sync_now();
    void tech_print_report();
    void tech_refresh_log();
    void tech_confirm_maintenance(bool show);
    void tech_enter_maintenance(); // out of service until a technician returns it
    void tech_leave_maintenance(); // back in service
    void tech_confirm_stop(bool show);
    void tech_stop_kiosk(); // the program ends (exit status 4) for maintenance

    // The UI caught an exception from a screen: wipe and return to the welcome screen.
    void recover_from_error();

    const View& view() const { return m_view; }
    // Changes whenever anything visible changes (the UI redraws only then).
    std::uint64_t version() const { return m_version; }
    EndReason last_end_reason() const { return m_last_end; }
    std::uint64_t sessions_ended() const { return m_sessions_ended; }
    // True while anything personal is held (identity, PIN digits, rows, detail, print job).
    bool holds_personal_data() const;
    // Every field of the view as "name=value" lines (UI test hook, diagnostics in tests).
    // Contains personal data while a session runs: never log it.
    std::string dump() const;
    // Translation keys the session may put in a view-model (the i18n completeness test).
    static std::vector<std::string> translation_keys();

  private:
    using TimePoint = std::chrono::steady_clock::time_point;
    bool in_session() const;
    bool go(ScreenId screen);
    ScreenId home_screen() const { return m_view.maintenance ? ScreenId::Maintenance : ScreenId::Welcome; }
    void go_home();
    void enter_mode(Mode mode, std::string_view method);
    const std::string& subject_fin() const;
    void audit(AuditEvent event);
    AuditEvent person_event(std::string type) const; // actor (+ subject in staff mode) set
    void wipe_subject();
    void tech_event(std::string what);
    bool tech_card_event(bool inserted);
    void tech_card_read(const IdentityRead& e);
    void refresh_tech_interactive();
    void dump_modes(std::ostream& o) const;
    void bump() { ++m_version; }
    void end_session(EndReason reason);
    void wipe();
    void run_search(bool append);
    void load_overview();
    std::uint64_t next_ticket() { return ++m_ticket; }
    void refresh_out_of_service();
    Filters& filters() { return m_filters[m_view.list.tab == Tab::Contracts ? 0 : 1]; }
    void on(const CardInserted&);
    void on(const CardRemoved&);
    void on(const IdentityRead&);
    void on(const PinChecked&);
    void on(const ReaderAvailability&);
    void on(const PreviewReady&);
    void on(const PrintJobUpdated&);
    void on(const PrinterStatusChanged&);
    void on(const ConnectivityChanged&);
    void on(const SearchDone&);
    void on(const OverviewDone&);
    void on(const DetailDone&);
    void on(const StoreHealth&);
    void on(const PersonLookedUp&);
    void on(const JobsListed&);
    void on(const JobActionDone&);
    void on(const DiagnosticsDone&);
    void on(const TestPageDone&);
    void on(const ReportPrinted&);
    void on(const MobileIdUpdated&);
    void on(const ShareLinkReady&);
    void on(const LinkStatusChanged&);
    void begin_citizen_session(std::string_view method); // identified ("card", "asan_imza"): the notifications screen
    void end_online_actions();     // cancels the login in progress, closes the share dialog

    SessionConfig m_config;
    SessionServices m_services;
    Clock m_clock;
    View m_view;
    std::uint64_t m_version = 1;
    Identity m_identity; // personal: the card's holder
    bool m_identified = false;
    PersonSummary m_subject; // personal: the citizen staff looked up
    std::uint64_t m_lookup_ticket = 0, m_jobs_ticket = 0, m_action_ticket = 0, m_checks_ticket = 0,
                  m_test_page_ticket = 0, m_report_ticket = 0;
    TimePoint m_session_started{};
    TimePoint m_card_test_deadline{};
    std::uint32_t m_printer_faults = 0; // printer reasons already audited as faults
    bool m_reader_fault = false;
    std::string m_pin; // the digits typed; wiped on submit and at the end
    std::array<Filters, 2> m_filters;
    std::string m_detail_id;
    std::uint64_t m_ticket = 0;
    std::uint64_t m_overview_ticket = 0, m_search_ticket = 0, m_detail_ticket = 0, m_preview_ticket = 0,
                  m_print_ticket = 0, m_asan_ticket = 0, m_share_ticket = 0;
    CitizenProof m_proof; // how this citizen proves themself to the registry (personal)
    TimePoint m_asan_expires{}, m_share_expires{};
    TimePoint m_last_touch{};
    TimePoint m_screen_since{};
    TimePoint m_pin_wait_until{};
    EndReason m_last_end = EndReason::None;
    std::uint64_t m_sessions_ended = 0;
};

} // namespace kiosk
