// The session state machine (kiosk/session.hpp): the citizen's journey and what all
// modes share. Staff mode is in session_staff.cpp, technician mode in session_technician.cpp.
//
// Sections: names and modes · construction and time · device events · data events · intents ·
//           audit · wipe and dump
#include "kiosk/session.hpp"

#include "kiosk/log.hpp"

#include <algorithm>
#include <array>
#include <sstream>

namespace kiosk {
namespace {

constexpr std::array<std::string_view, k_screen_count> k_screen_names = {
    "out_of_service", "attract",      "welcome",        "asan_imza",    "reading_card",
    "card_error",     "pin",          "notifications",  "detail",       "print_preview",
    "print_confirm",  "printing",     "print_result",   "take_card",    "staff_home",
    "staff_lookup",   "staff_queue",  "tech_dashboard", "tech_printer", "tech_card",
    "tech_touch",     "tech_display", "tech_network",   "tech_storage", "tech_log",
    "tech_config",    "maintenance",
};

template <class... Ts> struct Overloaded : Ts... { using Ts::operator()...; };

} // namespace

// --- names ----------------------------------------------------------------------

std::string_view screen_name(ScreenId screen) {
    return k_screen_names.at(static_cast<std::size_t>(screen));
}

std::optional<ScreenId> parse_screen(std::string_view name) {
    for (std::size_t i = 0; i < k_screen_names.size(); ++i)
        if (k_screen_names[i] == name) return static_cast<ScreenId>(i);
    return std::nullopt;
}

std::string_view end_reason_name(EndReason reason) {
    switch (reason) {
    case EndReason::None:
        return "none";
    case EndReason::Finished:
        return "finished";
    case EndReason::CardRemoved:
        return "card_removed";
    case EndReason::IdleTimeout:
        return "idle_timeout";
    case EndReason::Error:
        return "error";
    }
    return "none";
}

std::string_view mode_name(Mode mode) {
    switch (mode) {
    case Mode::None:
        return "none";
    case Mode::Citizen:
        return "citizen";
    case Mode::Staff:
        return "staff";
    case Mode::Technician:
        return "technician";
    }
    return "none";
}

bool screen_allowed(ScreenId screen, Mode mode) {
    switch (screen) {
    case ScreenId::OutOfService:
    case ScreenId::Attract:
    case ScreenId::Welcome:
    case ScreenId::AsanImza:
    case ScreenId::ReadingCard:
    case ScreenId::CardError:
    case ScreenId::Pin:
    case ScreenId::TakeCard:
    case ScreenId::Maintenance:
        return mode == Mode::None;
    case ScreenId::Notifications:
    case ScreenId::Detail:
    case ScreenId::PrintPreview:
    case ScreenId::PrintConfirm:
    case ScreenId::Printing:
    case ScreenId::PrintResult:
        return mode == Mode::Citizen || mode == Mode::Staff;
    case ScreenId::StaffHome:
    case ScreenId::StaffLookup:
    case ScreenId::StaffQueue:
        return mode == Mode::Staff;
    case ScreenId::TechDashboard:
    case ScreenId::TechPrinter:
    case ScreenId::TechCard:
    case ScreenId::TechTouch:
    case ScreenId::TechDisplay:
    case ScreenId::TechNetwork:
    case ScreenId::TechStorage:
    case ScreenId::TechLog:
    case ScreenId::TechConfig:
        return mode == Mode::Technician;
    }
    return false;
}

// --- construction and time --------------------------------------------------------

Session::Session(SessionConfig config, SessionServices services, Clock clock)
    : m_config(std::move(config)), m_services(services), m_clock(std::move(clock)) {
    m_view.lang = m_config.default_lang;
    m_view.status.kiosk_id = m_config.kiosk_id;
    m_last_touch = m_screen_since = m_clock();
}

Session::~Session() {
    m_services = {}; // the devices may be gone already; only our own memory is wiped
    wipe();
}

bool Session::in_session() const {
    switch (m_view.screen) {
    case ScreenId::OutOfService:
    case ScreenId::Attract:
    case ScreenId::Welcome:
    case ScreenId::TakeCard:
    case ScreenId::Maintenance:
        return false;
    default:
        return true;
    }
}

bool Session::go(ScreenId screen) {
    // The one gate between modes: a screen of another mode is never shown, whatever asked for it.
    if (!screen_allowed(screen, m_view.mode)) return false;
    // The staff's citizen screens only once a citizen was looked up.
    if (m_view.mode == Mode::Staff && !m_view.staff.has_subject && screen_allowed(screen, Mode::Citizen))
        return false;
    if (m_view.screen != screen) m_screen_since = m_clock();
    m_view.screen = screen;
    bump();
    return true;
}

void Session::go_home() {
    m_view.mode = Mode::None;
    m_last_touch = m_clock();
    go(home_screen());
    refresh_out_of_service();
}

// Idle time counts on every screen of a session except while a job is printing
// (the person is waiting at the printer) and while the card is being read.
static bool idle_counts(const View& v) {
    if (v.screen == ScreenId::ReadingCard) return false;
    if (v.screen == ScreenId::Printing && v.print.state != JobState::Held) return false;
    if (v.screen == ScreenId::Pin && v.pin.verifying) return false;
    return true;
}

void Session::tick() {
    const TimePoint now = m_clock();
    if (in_session() && idle_counts(m_view)) {
        auto idle = now - m_last_touch;
        if (idle >= m_config.idle_end) {
            end_session(EndReason::IdleTimeout);
            return;
        }
        if (idle >= m_config.idle_warning) {
            auto left = std::chrono::ceil<std::chrono::seconds>(m_config.idle_end - idle).count();
            if (m_view.idle_warning_seconds != static_cast<int>(left)) {
                m_view.idle_warning_seconds = static_cast<int>(left);
                bump();
            }
        } else if (m_view.idle_warning_seconds) {
            m_view.idle_warning_seconds.reset();
            bump();
        }
    }
    if (m_view.screen == ScreenId::Welcome && now - m_last_touch >= m_config.attract_after) {
        // Nobody is here: the next person starts in the default language.
        m_view.lang = m_config.default_lang;
        go(ScreenId::Attract);
    }
    if (m_view.screen == ScreenId::TakeCard && now - m_screen_since >= m_config.take_card_timeout) go_home();
    if (m_view.mode == Mode::Technician && m_view.tech.card.step != CardTestVM::Step::Idle &&
        now >= m_card_test_deadline) {
        // The card test took too long: whoever left, the technician's mode ends.
        end_session(EndReason::IdleTimeout);
        return;
    }
    // Asan İmza and share-link countdowns.
    if (m_view.screen == ScreenId::AsanImza && m_view.asan.step == AsanStep::Waiting) {
        auto left = std::max<std::int64_t>(0, std::chrono::ceil<std::chrono::seconds>(m_asan_expires - now).count());
        if (left != m_view.asan.seconds_left) {
            m_view.asan.seconds_left = static_cast<int>(left);
            bump();
        }
        // The registry reports the expiry; if it cannot be heard, the kiosk gives up on its own.
        if (now >= m_asan_expires + std::chrono::seconds(5)) {
            if (m_services.online) m_services.online->cancel_mobile_id();
            m_asan_ticket = 0;
            m_view.asan.step = AsanStep::Failed;
            m_view.asan.message_key = "asan.expired";
            m_view.asan.code.clear();
            bump();
        }
    }
    if (m_view.share.open && !m_view.share.url.empty()) {
        auto left = std::max<std::int64_t>(0, std::chrono::ceil<std::chrono::seconds>(m_share_expires - now).count());
        if (left != m_view.share.seconds_left) {
            m_view.share.seconds_left = static_cast<int>(left);
            if (left == 0) { // the link is dead: nothing left to scan
                m_view.share.url.clear();
                m_view.share.message_key = "share.expired";
            }
            bump();
        }
    }
    if (m_view.screen == ScreenId::Pin && m_view.pin.wait_seconds > 0) {
        auto left = std::chrono::ceil<std::chrono::seconds>(m_pin_wait_until - now).count();
        left = std::max<std::int64_t>(left, 0);
        if (left != m_view.pin.wait_seconds) {
            m_view.pin.wait_seconds = left;
            if (left == 0) m_view.pin.message_key.clear();
            bump();
        }
    }
}

std::optional<std::chrono::steady_clock::time_point> Session::next_deadline() const {
    std::optional<TimePoint> best;
    auto consider = [&](TimePoint t) {
        if (!best || t < *best) best = t;
    };
    const TimePoint now = m_clock();
    if (in_session() && idle_counts(m_view)) {
        if (now - m_last_touch < m_config.idle_warning) {
            consider(m_last_touch + m_config.idle_warning);
        } else {
            // Each second of the countdown, then the end.
            auto idle = now - m_last_touch;
            auto into = std::chrono::duration_cast<std::chrono::milliseconds>(idle - m_config.idle_warning) %
                        std::chrono::seconds(1);
            consider(now + (std::chrono::milliseconds(1000) - into));
            consider(m_last_touch + m_config.idle_end);
        }
    }
    auto each_second_until = [&](TimePoint end) {
        auto into = std::chrono::duration_cast<std::chrono::milliseconds>(end - now) % std::chrono::seconds(1);
        consider(now + (into.count() > 0 ? into : std::chrono::milliseconds(1000)));
    };
    if (m_view.screen == ScreenId::AsanImza && m_view.asan.step == AsanStep::Waiting)
        each_second_until(m_asan_expires);
    if (m_view.share.open && !m_view.share.url.empty()) each_second_until(m_share_expires);
    if (m_view.screen == ScreenId::Welcome) consider(m_last_touch + m_config.attract_after);
    if (m_view.screen == ScreenId::TakeCard) consider(m_screen_since + m_config.take_card_timeout);
    if (m_view.mode == Mode::Technician && m_view.tech.card.step != CardTestVM::Step::Idle)
        consider(m_card_test_deadline);
    if (m_view.screen == ScreenId::Pin && m_view.pin.wait_seconds > 0) {
        auto left = m_pin_wait_until - now;
        auto into = std::chrono::duration_cast<std::chrono::milliseconds>(left) % std::chrono::seconds(1);
        consider(now + (into.count() > 0 ? into : std::chrono::milliseconds(1000)));
    }
    return best;
}

void Session::refresh_out_of_service() {
    const StatusVM& s = m_view.status;
    const bool can_serve = s.store_ok && (s.reader_available || s.online);
    if (!can_serve && (m_view.screen == ScreenId::Welcome || m_view.screen == ScreenId::Attract)) {
        go(ScreenId::OutOfService);
    } else if (can_serve && m_view.screen == ScreenId::OutOfService) {
        m_last_touch = m_clock();
        go(home_screen());
    }
}

// --- device events -----------------------------------------------------------------

void Session::handle(const DeviceEvent& event) {
    std::visit([this](const auto& e) { on(e); }, event);
}

void Session::handle(const DataEvent& event) {
    std::visit([this](const auto& e) { on(e); }, event);
}

void Session::handle(const ModeEvent& event) {
    std::visit([this](const auto& e) { on(e); }, event);
}

void Session::handle(const OnlineEvent& event) {
    std::visit([this](const auto& e) { on(e); }, event);
}

void Session::on(const CardInserted&) {
    m_view.card_present = true;
    bump();
    if (m_view.mode == Mode::Technician && tech_card_event(true)) return;
    if (m_view.screen == ScreenId::Welcome || m_view.screen == ScreenId::Attract ||
        m_view.screen == ScreenId::Maintenance) {
        touch();
        m_view.pin = {};
        go(ScreenId::ReadingCard);
    }
}

void Session::on(const CardRemoved&) {
    m_view.card_present = false;
    bump();
    if (m_view.mode == Mode::Technician && tech_card_event(false)) return;
    if (in_session()) {
        end_session(EndReason::CardRemoved);
        // Removal ends at once: no "take your card" (it is taken).
        go_home();
    } else if (m_view.screen == ScreenId::TakeCard) {
        go_home();
    }
}

void Session::on(const IdentityRead& e) {
    if (m_view.mode == Mode::Technician) {
        tech_card_read(e);
        return;
    }
    if (m_view.screen != ScreenId::ReadingCard) return;
    touch();
    auto refuse = [&](std::string code) {
        AuditEvent ev{"identification.failed", {}, {}, {}};
        ev.with("stage", std::string("read")).with("reason", code);
        if (e.identity) ev.actor_fin = e.identity->fin;
        audit(std::move(ev));
        m_view.card_error = std::move(code);
        go(ScreenId::CardError);
    };
    if (e.error || !e.identity) return refuse(e.error ? e.error->code : "card_unreadable");
    if (e.trust_error) return refuse("card_untrusted");
    if (e.tries_left == 0) return refuse("card_blocked");
    // Out of service for maintenance: only a technician may sign in (to return it to service).
    if (m_view.maintenance && e.identity->role != Role::Technician) return refuse("kiosk_maintenance");
    m_identity = *e.identity;
    m_view.pin = {};
    m_view.pin.tries_left = e.tries_left;
    go(ScreenId::Pin);
}

void Session::on(const PinChecked& e) {
    if (m_view.screen != ScreenId::Pin || !m_view.pin.verifying) return;
    touch();
    PinVM& pin = m_view.pin;
    pin.verifying = false;
    pin.digits = 0;
    pin.message_key.clear();
    pin.wait_seconds = 0;
    switch (e.outcome) {
    case PinOutcome::Verified: {
        switch (m_identity.role) {
        case Role::Citizen:
            begin_citizen_session("card");
            break;
        case Role::Staff:
            m_identified = true;
            enter_mode(Mode::Staff, "card");
            m_view.staff = {};
            m_view.staff.staff_name = m_identity.full_name();
            go(ScreenId::StaffHome);
            break;
        case Role::Technician:
            m_identified = true;
            enter_mode(Mode::Technician, "card");
            m_view.tech = {};
            m_view.tech.report.kiosk_id = m_config.kiosk_id;
            go(ScreenId::TechDashboard);
            tech_run_checks();
            break;
        }
        return;
    }
    case PinOutcome::Wrong: {
        pin.tries_left = e.tries_left;
        AuditEvent ev = person_event("identification.failed");
        ev.with("stage", std::string("pin"))
            .with("reason", std::string(e.tries_left == 0 ? "card_blocked" : "wrong_pin"));
        audit(std::move(ev));
        if (e.tries_left == 0) {
            m_view.card_error = "card_blocked";
            go(ScreenId::CardError);
            return;
        }
        pin.message_key = "pin.wrong";
        break;
    }
    case PinOutcome::Blocked: {
        pin.tries_left = 0;
        AuditEvent ev = person_event("identification.failed");
        ev.with("stage", std::string("pin")).with("reason", std::string("card_blocked"));
        audit(std::move(ev));
        m_view.card_error = "card_blocked";
        go(ScreenId::CardError);
        return;
    }
    case PinOutcome::Delayed:
        pin.message_key = "pin.wait";
        m_pin_wait_until = m_clock() + std::chrono::milliseconds(e.wait_ms);
        pin.wait_seconds = std::max<std::int64_t>(1, (e.wait_ms + 999) / 1000);
        break;
    case PinOutcome::Untrusted:
    case PinOutcome::Failed: {
        std::string code = e.outcome == PinOutcome::Untrusted ? "card_untrusted"
                           : e.reason.empty()                 ? "card_unreadable"
                                                              : e.reason;
        AuditEvent ev = person_event("identification.failed");
        ev.with("stage", std::string("pin")).with("reason", code);
        audit(std::move(ev));
        m_view.card_error = std::move(code);
        go(ScreenId::CardError);
        return;
    }
    }
    bump();
}

void Session::begin_citizen_session(std::string_view method) {
    m_identified = true;
    m_identity.role = Role::Citizen; // whatever identified them, citizens see their own records only
    enter_mode(Mode::Citizen, method);
    m_view.list = {};
    m_view.list.holder_name = m_identity.full_name();
    m_view.list.tab = Tab::Contracts;
    m_filters = {};
    go(ScreenId::Notifications);
    load_overview();
    run_search(false);
}

void Session::on(const ReaderAvailability& e) {
    m_view.status.reader_available = e.available;
    bump();
    if (!e.available && !m_reader_fault)
        audit(AuditEvent{"device.fault", {}, {}, {}}
                  .with("device", std::string("card_reader"))
                  .with("reason", std::string("no_reader")));
    else if (e.available && m_reader_fault)
        audit(AuditEvent{"device.recovered", {}, {}, {}}.with("device", std::string("card_reader")));
    m_reader_fault = !e.available;
    if (m_view.mode == Mode::Technician) tech_event(e.available ? "reader_available" : "reader_unavailable");
    refresh_out_of_service();
}

void Session::on(const PreviewReady& e) {
    if (e.ticket != m_preview_ticket || m_view.screen != ScreenId::PrintPreview) return;
    m_view.print.preview_loading = false;
    if (e.preview) {
        m_view.print.preview = *e.preview;
    } else {
        m_view.print.preview_error = e.preview.error().code;
    }
    bump();
}

void Session::on(const PrintJobUpdated& e) {
    if (e.ticket != m_print_ticket || m_print_ticket == 0) return;
    PrintVM& p = m_view.print;
    if (is_final(e.state) && !is_final(p.state)) {
        AuditEvent ev = person_event("print.ended");
        ev.with("job", e.job).with("state", std::string(job_state_name(e.state))).with("error", e.error);
        audit(std::move(ev));
    }
    p.job = e.job;
    p.state = e.state;
    p.pages = e.pages;
    p.pages_printed = e.pages_printed;
    p.copy_number = e.copy_number;
    p.reasons = e.reasons;
    p.job_error = e.error;
    bump();
    if (is_final(e.state) && m_view.screen == ScreenId::Printing) {
        touch();
        go(ScreenId::PrintResult);
    }
}

void Session::on(const PrinterStatusChanged& e) {
    m_view.status.printer = e.printer;
    bump();
    // Staff watching the queue see the printer's progress without tapping Refresh.
    if (m_view.screen == ScreenId::StaffQueue && !m_view.staff.jobs_loading) staff_refresh_queue();
    // Faults are audited when they appear and when the printer recovers (toner low is a warning).
    const std::uint32_t blocking =
        e.printer.known ? (e.printer.reasons & ~static_cast<std::uint32_t>(PrinterReason::TonerLow)) : 0;
    for (PrinterReason r : k_all_printer_reasons) {
        auto bit = static_cast<std::uint32_t>(r);
        if ((blocking & bit) && !(m_printer_faults & bit))
            audit(AuditEvent{"device.fault", {}, {}, {}}
                      .with("device", std::string("printer"))
                      .with("reason", std::string(reason_name(r))));
    }
    if (m_printer_faults && !blocking)
        audit(AuditEvent{"device.recovered", {}, {}, {}}.with("device", std::string("printer")));
    m_printer_faults = blocking;
}

void Session::on(const ConnectivityChanged& e) {
    m_view.status.online = e.online;
    bump();
    refresh_out_of_service();
}

// --- online events (kiosk/online.hpp) ----------------------------------------------------

void Session::on(const MobileIdUpdated& e) {
    if (e.ticket != m_asan_ticket || m_asan_ticket == 0 || m_view.screen != ScreenId::AsanImza) return;
    AsanVM& a = m_view.asan;
    a.starting = false;
    switch (e.state) {
    case MobileIdState::Pending:
        a.step = AsanStep::Waiting;
        a.code = e.code;
        m_asan_expires = m_clock() + std::chrono::milliseconds(std::max<std::int64_t>(0, e.expires_in_ms));
        a.seconds_left = static_cast<int>((std::max<std::int64_t>(0, e.expires_in_ms) + 999) / 1000);
        bump();
        return;
    case MobileIdState::Confirmed:
        if (!e.identity || e.identity->fin.empty()) break;
        touch();
        m_asan_ticket = 0;
        m_identity = *e.identity;
        m_proof = CitizenProof{CitizenProof::Kind::MobileId, e.proof};
        std::fill(a.phone.begin(), a.phone.end(), '\0');
        std::fill(a.user_id.begin(), a.user_id.end(), '\0');
        a = {};
        begin_citizen_session("asan_imza");
        return;
    case MobileIdState::Rejected:
        a.message_key = "asan.rejected";
        break;
    case MobileIdState::Expired:
        a.message_key = "asan.expired";
        break;
    case MobileIdState::Failed:
        a.message_key = e.error.starts_with("net_") || e.error == "offline" ? "asan.offline"
                        : e.error == "mobile_id_unknown_user"              ? "asan.unknown_user"
                                                                           : "asan.failed";
        break;
    }
    if (a.message_key.empty()) a.message_key = "asan.failed";
    m_asan_ticket = 0;
    a.step = AsanStep::Failed;
    a.code.clear();
    bump();
}

void Session::on(const ShareLinkReady& e) {
    if (e.ticket != m_share_ticket || m_share_ticket == 0 || !m_view.share.open) return;
    ShareVM& sh = m_view.share;
    sh.loading = false;
    m_share_ticket = 0;
    if (e.link) {
        sh.url = e.link->url;
        m_share_expires = m_clock() + std::chrono::milliseconds(std::max<std::int64_t>(0, e.link->expires_in_ms));
        sh.seconds_left = static_cast<int>((std::max<std::int64_t>(0, e.link->expires_in_ms) + 999) / 1000);
    } else {
        const std::string& code = e.link.error().code;
        sh.message_key = code.starts_with("net_") ? "share.offline" : code == "not_signed" ? "share.not_signed" : "share.failed";
    }
    bump();
}

void Session::on(const LinkStatusChanged& e) {
    StatusVM& s = m_view.status;
    s.online = e.online;
    s.link_known = true;
    s.sync_lag = e.lag;
    s.last_sync = e.last_success_at;
    s.link_error = e.error;
    bump();
    refresh_out_of_service();
}

// --- data events ---------------------------------------------------------------------

void Session::on(const SearchDone& e) {
    if (e.ticket != m_search_ticket || !m_identified) return;
    NotificationsVM& l = m_view.list;
    l.loading = false;
    if (!e.page) {
        l.error = e.page.error().code;
    } else {
        l.error.clear();
        if (e.page->offset == 0) l.rows.clear();
        if (e.page->offset == static_cast<std::int64_t>(l.rows.size()))
            l.rows.insert(l.rows.end(), e.page->rows.begin(), e.page->rows.end());
        l.total = e.page->total;
    }
    bump();
}

void Session::on(const OverviewDone& e) {
    if (e.ticket != m_overview_ticket || !m_identified) return;
    NotificationsVM& l = m_view.list;
    l.overview_loading = false;
    if (!e.overview) {
        l.error = e.overview.error().code;
    } else {
        l.employment = e.overview->employment;
        l.employers = e.overview->employers;
        l.kinds.clear();
        for (const auto& k : e.overview->kinds)
            if (k.code != "termination") l.kinds.push_back(k);
        l.reasons = e.overview->reasons;
        l.data_as_of = e.overview->data_as_of;
    }
    bump();
}

void Session::on(const DetailDone& e) {
    if (e.ticket != m_detail_ticket || !m_identified) return;
    m_view.detail.loading = false;
    if (e.detail)
        m_view.detail.detail = *e.detail;
    else
        m_view.detail.error = e.detail.error().code;
    bump();
}

void Session::on(const StoreHealth& e) {
    m_view.status.store_ok = e.ok;
    bump();
    refresh_out_of_service();
}

// --- intents ---------------------------------------------------------------------------

void Session::touch() {
    m_last_touch = m_clock();
    if (m_view.idle_warning_seconds) {
        m_view.idle_warning_seconds.reset();
        bump();
    }
}

void Session::wake() {
    touch();
    if (m_view.screen == ScreenId::Attract) go(ScreenId::Welcome);
}

void Session::choose_language(Lang lang) {
    touch();
    if (m_view.lang == lang) return;
    m_view.lang = lang;
    bump();
    // Labels from the replica follow the language.
    if (m_identified && (m_view.screen == ScreenId::Notifications || m_view.screen == ScreenId::Detail)) {
        load_overview();
        run_search(false);
        if (m_view.screen == ScreenId::Detail && !m_detail_id.empty()) {
            m_view.detail.loading = true;
            m_detail_ticket = next_ticket();
            m_services.data->detail(m_detail_ticket, subject_fin(), m_detail_id, m_view.lang);
        }
    }
}

void Session::start_asan_imza() {
    touch();
    if (m_view.screen != ScreenId::Welcome && m_view.screen != ScreenId::Attract) return;
    m_view.asan = {};
    m_view.asan.available = m_services.online != nullptr;
    go(ScreenId::AsanImza);
}

void Session::asan_digit(int digit) {
    touch();
    AsanVM& a = m_view.asan;
    if (m_view.screen != ScreenId::AsanImza || a.starting || digit < 0 || digit > 9) return;
    std::string* field = a.step == AsanStep::Phone ? &a.phone : a.step == AsanStep::UserId ? &a.user_id : nullptr;
    if (!field || field->size() >= (a.step == AsanStep::Phone ? 9u : 6u)) return;
    field->push_back(static_cast<char>('0' + digit));
    bump();
}

void Session::asan_erase() {
    touch();
    AsanVM& a = m_view.asan;
    if (m_view.screen != ScreenId::AsanImza || a.starting) return;
    std::string* field = a.step == AsanStep::Phone ? &a.phone : a.step == AsanStep::UserId ? &a.user_id : nullptr;
    if (!field || field->empty()) return;
    field->pop_back();
    bump();
}

void Session::asan_next() {
    touch();
    AsanVM& a = m_view.asan;
    if (m_view.screen != ScreenId::AsanImza || a.starting || !a.available) return;
    if (a.step == AsanStep::Phone && a.phone.size() == 9) {
        a.step = AsanStep::UserId;
        bump();
        return;
    }
    if (a.step != AsanStep::UserId || a.user_id.size() != 6) return;
    if (!m_view.status.online) {
        a.step = AsanStep::Failed;
        a.message_key = "asan.offline";
        bump();
        return;
    }
    a.starting = true;
    a.message_key.clear();
    m_asan_ticket = next_ticket();
    bump();
    m_services.online->start_mobile_id(m_asan_ticket, "+994" + a.phone, a.user_id);
}

void Session::asan_retry() {
    touch();
    AsanVM& a = m_view.asan;
    if (m_view.screen != ScreenId::AsanImza || a.step != AsanStep::Failed) return;
    a.step = AsanStep::Phone;
    a.message_key.clear();
    bump();
}

void Session::request_share() {
    touch();
    if (m_view.screen != ScreenId::Detail || !m_view.detail.detail) return;
    ShareVM& sh = m_view.share;
    sh = {};
    sh.open = true;
    if (!m_services.online)
        sh.message_key = "share.unavailable";
    else if (!m_view.status.online)
        sh.message_key = "share.offline";
    else if (!m_view.detail.detail->has_signed_document)
        sh.message_key = "share.not_signed";
    else if (m_proof.kind == CitizenProof::Kind::None)
        sh.message_key = "share.card_unsupported";
    if (!sh.message_key.empty()) {
        bump();
        return;
    }
    sh.loading = true;
    m_share_ticket = next_ticket();
    bump();
    m_services.online->share(m_share_ticket, m_view.detail.detail->id, m_proof);
}

void Session::close_share() {
    touch();
    if (!m_view.share.open) return;
    std::fill(m_view.share.url.begin(), m_view.share.url.end(), '\0');
    m_view.share = {};
    m_share_ticket = 0;
    bump();
}

void Session::end_online_actions() {
    if (m_asan_ticket != 0 && m_services.online) m_services.online->cancel_mobile_id();
    m_asan_ticket = 0;
    m_share_ticket = 0;
    AsanVM& a = m_view.asan;
    std::fill(a.phone.begin(), a.phone.end(), '\0');
    std::fill(a.user_id.begin(), a.user_id.end(), '\0');
    std::fill(m_view.share.url.begin(), m_view.share.url.end(), '\0');
    std::fill(m_proof.session.begin(), m_proof.session.end(), '\0');
    m_view.asan = {};
    m_view.share = {};
    m_proof = {};
}

void Session::pin_digit(int digit) {
    touch();
    if (m_view.screen != ScreenId::Pin || m_view.pin.verifying || digit < 0 || digit > 9) return;
    if (m_pin.size() >= 8) return;
    m_pin.push_back(static_cast<char>('0' + digit));
    m_view.pin.digits = static_cast<int>(m_pin.size());
    if (m_view.pin.message_key == "pin.too_short" || m_view.pin.message_key == "pin.wrong")
        m_view.pin.message_key.clear();
    bump();
}

void Session::pin_erase() {
    touch();
    if (m_view.screen != ScreenId::Pin || m_view.pin.verifying || m_pin.empty()) return;
    m_pin.back() = '\0';
    m_pin.pop_back();
    m_view.pin.digits = static_cast<int>(m_pin.size());
    bump();
}

void Session::pin_submit() {
    touch();
    if (m_view.screen != ScreenId::Pin || m_view.pin.verifying) return;
    if (m_view.pin.wait_seconds > 0) return;
    if (m_pin.size() < 4) {
        m_view.pin.message_key = "pin.too_short";
        bump();
        return;
    }
    m_view.pin.verifying = true;
    m_view.pin.message_key.clear();
    bump();
    std::string pin = std::move(m_pin);
    m_pin.clear();
    if (m_services.identity) m_services.identity->verify_pin(pin); // wipes its argument
    std::fill(pin.begin(), pin.end(), '\0');
}

void Session::select_tab(Tab tab) {
    touch();
    if (m_view.screen != ScreenId::Notifications || m_view.list.tab == tab) return;
    m_view.list.tab = tab;
    m_view.list.filters = filters();
    run_search(false);
}

void Session::set_employer(std::optional<std::string> sun) {
    touch();
    if (m_view.screen != ScreenId::Notifications) return;
    filters().employer_sun = std::move(sun);
    run_search(false);
}

void Session::set_period(std::optional<std::string> from, std::optional<std::string> to) {
    touch();
    if (m_view.screen != ScreenId::Notifications) return;
    // A reversed period is a slip of the finger: swap rather than refuse.
    if (from && to && *from > *to) std::swap(from, to);
    filters().from = std::move(from);
    filters().to = std::move(to);
    run_search(false);
}

void Session::set_contract_status(ContractStatusFilter status) {
    touch();
    if (m_view.screen != ScreenId::Notifications) return;
    filters().contract_status = status;
    run_search(false);
}

void Session::set_kind(std::optional<std::string> kind) {
    touch();
    if (m_view.screen != ScreenId::Notifications || m_view.list.tab != Tab::Contracts) return;
    filters().kind = std::move(kind);
    run_search(false);
}

void Session::set_reason(std::optional<std::string> reason) {
    touch();
    if (m_view.screen != ScreenId::Notifications || m_view.list.tab != Tab::Termination) return;
    filters().reason = std::move(reason);
    run_search(false);
}

void Session::clear_filters() {
    touch();
    if (m_view.screen != ScreenId::Notifications) return;
    filters() = {};
    run_search(false);
}

void Session::load_more() {
    const NotificationsVM& l = m_view.list;
    if (m_view.screen != ScreenId::Notifications || l.loading) return;
    if (static_cast<std::int64_t>(l.rows.size()) >= l.total) return;
    run_search(true);
}

void Session::run_search(bool append) {
    NotificationsVM& l = m_view.list;
    l.filters = filters();
    SearchQuery q;
    q.fin = subject_fin();
    q.tab = l.tab;
    q.employer_sun = l.filters.employer_sun;
    q.from = l.filters.from;
    q.to = l.filters.to;
    q.contract_status = l.filters.contract_status;
    q.kind = l.tab == Tab::Contracts ? l.filters.kind : std::nullopt;
    q.reason = l.tab == Tab::Termination ? l.filters.reason : std::nullopt;
    q.lang = m_view.lang;
    q.limit = m_config.page_size;
    q.offset = append ? static_cast<std::int64_t>(l.rows.size()) : 0;
    if (!append) {
        l.rows.clear();
        l.total = 0;
    }
    l.loading = true;
    l.error.clear();
    if (auto ok = validate(q); !ok) {
        l.loading = false;
        l.error = ok.error().code;
        bump();
        return;
    }
    m_search_ticket = next_ticket();
    bump();
    m_services.data->search(m_search_ticket, q);
}

void Session::load_overview() {
    m_view.list.overview_loading = true;
    m_overview_ticket = next_ticket();
    bump();
    m_services.data->overview(m_overview_ticket, subject_fin(), m_view.lang);
}

void Session::open_detail(std::size_t row) {
    touch();
    if (m_view.screen != ScreenId::Notifications || row >= m_view.list.rows.size()) return;
    m_detail_id = m_view.list.rows[row].id;
    m_view.detail = {};
    m_view.detail.loading = true;
    m_detail_ticket = next_ticket();
    go(ScreenId::Detail);
    m_services.data->detail(m_detail_ticket, subject_fin(), m_detail_id, m_view.lang);
}

void Session::back() {
    touch();
    switch (m_view.screen) {
    case ScreenId::Notifications:
        if (m_view.mode == Mode::Staff) staff_home();
        break;
    case ScreenId::Detail:
        close_share();
        m_view.detail = {};
        m_detail_id.clear();
        m_detail_ticket = 0;
        go(ScreenId::Notifications);
        break;
    case ScreenId::PrintPreview:
    case ScreenId::PrintConfirm:
    case ScreenId::PrintResult:
        m_preview_ticket = 0;
        go(ScreenId::Detail);
        break;
    case ScreenId::Printing:
        // The job goes on (it is durable); the person may browse meanwhile.
        if (m_view.print.state == JobState::Held) go(ScreenId::Detail);
        break;
    case ScreenId::AsanImza:
        // One step back: the user id to the phone number, the phone number (or a
        // login waiting for the phone) to the welcome screen.
        if (m_view.asan.step == AsanStep::UserId && !m_view.asan.starting) {
            m_view.asan.step = AsanStep::Phone;
            bump();
            break;
        }
        end_online_actions();
        go(ScreenId::Welcome);
        refresh_out_of_service();
        break;
    default:
        break;
    }
}

void Session::request_print(DocumentKind document) {
    touch();
    if (m_view.screen != ScreenId::Detail || !m_view.detail.detail || !m_services.printer) return;
    if (document == DocumentKind::Registration && !m_view.detail.detail->registered) return;
    m_view.print = {};
    m_view.print.document = document;
    m_view.print.preview_loading = true;
    m_preview_ticket = next_ticket();
    go(ScreenId::PrintPreview);
    m_services.printer->preview(m_preview_ticket,
                                PrintRequest{document, m_view.detail.detail->id, m_view.lang});
}

void Session::print_continue() {
    touch();
    if (m_view.screen != ScreenId::PrintPreview || m_view.print.preview_loading ||
        !m_view.print.preview_error.empty())
        return;
    go(ScreenId::PrintConfirm);
}

void Session::print_confirm() {
    touch();
    if (m_view.screen != ScreenId::PrintConfirm || !m_view.detail.detail) return;
    m_view.print.submitted = true;
    m_view.print.state = JobState::Queued;
    m_view.print.pages = m_view.print.preview.pages;
    m_view.print.copy_number = m_view.print.preview.copy_number;
    m_print_ticket = next_ticket();
    go(ScreenId::Printing);
    AuditEvent ev = person_event("print.submitted");
    ev.with("document", std::string(document_name(m_view.print.document)))
        .with("notification_id", m_view.detail.detail->id)
        .with("copy", static_cast<std::int64_t>(m_view.print.copy_number));
    audit(std::move(ev));
    m_services.printer->submit(m_print_ticket,
                               PrintRequest{m_view.print.document, m_view.detail.detail->id, m_view.lang});
}

void Session::finish() {
    if (!in_session()) return;
    // The technician's card test in progress: the card in the reader is not theirs, "take your card" stays.
    end_session(EndReason::Finished);
}

void Session::recover_from_error() {
    end_session(EndReason::Error);
    go_home();
}

void Session::end_session(EndReason reason) {
    m_last_end = reason;
    ++m_sessions_ended;
    if (m_view.mode != Mode::None) {
        AuditEvent ev = person_event("session.ended");
        auto seconds =
            std::chrono::duration_cast<std::chrono::seconds>(m_clock() - m_session_started).count();
        ev.subject_fin.clear();
        ev.with("reason", std::string(end_reason_name(reason)))
            .with("seconds", static_cast<std::int64_t>(seconds));
        audit(std::move(ev));
    }
    wipe();
    m_view.mode = Mode::None;
    m_last_touch = m_clock();
    if (m_view.card_present && reason != EndReason::CardRemoved) {
        go(ScreenId::TakeCard);
    } else {
        go_home();
    }
}

void Session::enter_mode(Mode mode, std::string_view method) {
    m_view.mode = mode;
    m_session_started = m_clock();
    AuditEvent ev = person_event("session.started"); // with the mode
    ev.with("method", std::string(method));
    audit(std::move(ev));
    bump();
}

const std::string& Session::subject_fin() const {
    // Staff see the citizen they looked up; everybody else only themself.
    return m_view.mode == Mode::Staff ? m_subject.fin : m_identity.fin;
}

// --- audit ---------------------------------------------------------------------------------

void Session::audit(AuditEvent event) {
    // The technician's log gets the event too, without its people and without the staff's free text.
    std::string line = event.type;
    for (const auto& [key, value] : event.fields) {
        if (key == "note") continue;
        line += " " + key + "=";
        if (auto t = std::get_if<std::string>(&value)) line += *t;
        if (auto i = std::get_if<std::int64_t>(&value)) line += std::to_string(*i);
        if (auto b = std::get_if<bool>(&value)) line += *b ? "true" : "false";
    }
    log_line("session", line);
    if (m_services.audit) m_services.audit->record(std::move(event));
}

AuditEvent Session::person_event(std::string type) const {
    AuditEvent ev;
    ev.type = std::move(type);
    ev.actor_fin = m_identity.fin;
    if (m_view.mode == Mode::Staff && m_view.staff.has_subject) ev.subject_fin = m_subject.fin;
    if (m_view.mode != Mode::None) ev.with("mode", std::string(mode_name(m_view.mode)));
    return ev;
}

// --- wipe and dump -----------------------------------------------------------------

void Session::wipe() {
    m_identity.wipe();
    m_identified = false;
    wipe_subject();
    for (std::string* p : {&m_view.staff.fin_input, &m_view.staff.note, &m_view.staff.staff_name})
        std::fill(p->begin(), p->end(), '\0');
    m_view.staff = {};
    m_view.tech = {};
    m_lookup_ticket = m_jobs_ticket = m_action_ticket = m_checks_ticket = m_test_page_ticket =
        m_report_ticket = 0;
    std::fill(m_pin.begin(), m_pin.end(), '\0');
    m_pin.clear();
    std::fill(m_view.list.holder_name.begin(), m_view.list.holder_name.end(), '\0');
    m_view.list = {};
    m_view.detail = {};
    m_view.print = {};
    m_view.pin = {};
    m_view.card_error.clear();
    m_view.idle_warning_seconds.reset();
    m_view.lang = m_config.default_lang;
    m_filters = {};
    m_detail_id.clear();
    end_online_actions();
    // Answers still on their way belong to nobody now.
    m_overview_ticket = m_search_ticket = m_detail_ticket = m_preview_ticket = m_print_ticket = 0;
    if (m_services.identity) m_services.identity->end();
    if (m_services.printer) m_services.printer->forget_jobs();
    bump();
}

bool Session::holds_personal_data() const {
    const NotificationsVM& l = m_view.list;
    const StaffVM& st = m_view.staff;
    if (!m_subject.fin.empty() || !st.fin_input.empty() || !st.note.empty() || !st.staff_name.empty() ||
        !st.subject_name.empty() || st.has_subject)
        return true;
    return m_identified || !m_identity.fin.empty() || !m_pin.empty() || !l.holder_name.empty() ||
           !l.rows.empty() || !l.employment.empty() || !l.employers.empty() ||
           m_view.detail.detail.has_value() || !m_detail_id.empty() || m_view.print.submitted ||
           m_view.pin.digits > 0 || l.filters.any() || m_filters[0].any() || m_filters[1].any() ||
           !m_view.asan.phone.empty() || !m_view.asan.user_id.empty() || !m_view.asan.code.empty() ||
           !m_view.share.url.empty() || m_proof.kind != CitizenProof::Kind::None;
}

std::string Session::dump() const {
    std::ostringstream o;
    const View& v = m_view;
    o << "screen=" << screen_name(v.screen) << "\n";
    o << "mode=" << mode_name(v.mode) << "\nmaintenance=" << v.maintenance
      << "\nstop_requested=" << v.stop_requested << "\n";
    o << "lang=" << lang_code(v.lang) << "\n";
    o << "kiosk_id=" << v.status.kiosk_id << "\n";
    o << "online=" << v.status.online << "\nreader=" << v.status.reader_available
      << "\nstore=" << v.status.store_ok << "\n";
    o << "printer_ready=" << v.status.printer.ready() << "\nprinter_reasons=" << v.status.printer.reasons
      << "\n";
    o << "card_present=" << v.card_present << "\n";
    o << "card_error=" << v.card_error << "\n";
    o << "pin_digits=" << v.pin.digits << "\npin_tries_left=" << v.pin.tries_left
      << "\npin_message=" << v.pin.message_key << "\npin_verifying=" << v.pin.verifying << "\n";
    o << "idle_warning=" << (v.idle_warning_seconds ? std::to_string(*v.idle_warning_seconds) : "") << "\n";
    o << "holder=" << v.list.holder_name << "\n";
    o << "tab=" << (v.list.tab == Tab::Contracts ? "contracts" : "termination") << "\n";
    o << "filter_employer=" << v.list.filters.employer_sun.value_or("") << "\n";
    o << "filter_from=" << v.list.filters.from.value_or("")
      << "\nfilter_to=" << v.list.filters.to.value_or("") << "\n";
    o << "filter_status=" << static_cast<int>(v.list.filters.contract_status) << "\n";
    o << "filter_kind=" << v.list.filters.kind.value_or("")
      << "\nfilter_reason=" << v.list.filters.reason.value_or("") << "\n";
    o << "rows=" << v.list.rows.size() << "\ntotal=" << v.list.total << "\nloading=" << v.list.loading
      << "\n";
    o << "list_error=" << v.list.error << "\n";
    for (const auto& r : v.list.rows)
        o << "row=" << r.number << "|" << r.employer_name << "|" << r.date << "\n";
    for (const auto& e : v.list.employment)
        o << "employment=" << e.employer_name << "|" << e.position << "\n";
    for (const auto& e : v.list.employers)
        o << "employer=" << e.sun << "|" << e.name << "\n";
    o << "data_as_of=" << v.list.data_as_of << "\n";
    if (v.detail.detail) {
        o << "detail=" << v.detail.detail->number << "\n";
        for (const auto& s : v.detail.detail->sections)
            for (const auto& f : s.fields)
                o << "field=" << f.label_key << f.label << "|" << f.value << "\n";
    }
    o << "detail_error=" << v.detail.error << "\n";
    o << "print_document=" << document_name(v.print.document) << "\nprint_pages=" << v.print.preview.pages
      << "\nprint_copy=" << v.print.preview.copy_number << "\nprint_submitted=" << v.print.submitted
      << "\nprint_state=" << (v.print.submitted ? job_state_name(v.print.state) : "")
      << "\nprint_printed=" << v.print.pages_printed << "\nprint_reasons=" << v.print.reasons
      << "\nprint_error=" << v.print.job_error << v.print.preview_error << "\n";
    o << "link_known=" << v.status.link_known << "\nsync_lag=" << v.status.sync_lag
      << "\nlink_error=" << v.status.link_error << "\n";
    static constexpr const char* k_steps[] = {"phone", "user_id", "waiting", "failed"};
    o << "asan_step=" << k_steps[static_cast<int>(v.asan.step)] << "\nasan_phone=" << v.asan.phone
      << "\nasan_user_id=" << v.asan.user_id << "\nasan_starting=" << v.asan.starting
      << "\nasan_code=" << v.asan.code << "\nasan_seconds=" << v.asan.seconds_left
      << "\nasan_message=" << v.asan.message_key << "\nasan_available=" << v.asan.available << "\n";
    o << "share_open=" << v.share.open << "\nshare_loading=" << v.share.loading << "\nshare_url=" << v.share.url
      << "\nshare_seconds=" << v.share.seconds_left << "\nshare_message=" << v.share.message_key << "\n";
    dump_modes(o);
    o << "last_end=" << end_reason_name(m_last_end) << "\nsessions_ended=" << m_sessions_ended << "\n";
    o << "personal=" << holds_personal_data() << "\n";
    return o.str();
}

std::vector<std::string> Session::translation_keys() {
    std::vector<std::string> keys = {"pin.wrong", "pin.wait", "pin.too_short"};
    for (std::string_view code :
         {"card_blocked", "card_untrusted", "card_unreadable", "card_mute", "card_removed", "not_an_id_card",
          "notification_not_found", "invalid_period", "invalid_date", "printer_offline",
          "printer_unavailable", "printer_job_rejected", "job_aborted",
          // the kiosk's signature verdicts (detail: "@error.<reason>"), sync/signature.hpp
          "signature_missing", "document_missing", "document_malformed", "signature_malformed", "signer_unknown",
          "signer_untrusted", "signer_expired", "signature_mismatch", "document_mismatch"})
        keys.push_back("error." + std::string(code));
    for (PrinterReason r : k_all_printer_reasons)
        keys.push_back("printer.reason." + std::string(reason_name(r)));
    for (JobState s : {JobState::Queued, JobState::Printing, JobState::Held, JobState::Completed,
                       JobState::Failed, JobState::Canceled})
        keys.push_back("print.job." + std::string(job_state_name(s)));
    for (std::string_view k : {"signature.present", "signature.absent", "signature.valid", "signature.invalid"})
        keys.emplace_back(k);
    for (std::string_view k : {"asan.rejected", "asan.expired", "asan.offline", "asan.unknown_user", "asan.failed",
                               "share.offline", "share.unavailable", "share.not_signed", "share.card_unsupported",
                               "share.failed", "share.expired"})
        keys.emplace_back(k);
    // Staff and technician modes.
    for (std::string_view code :
         {"invalid_fin", "reason_required", "note_required", "person_not_found", "kiosk_maintenance",
          "technician_card_expected", "display_faulty", "test_not_run", "print_job_not_found",
          "print_job_not_resumable", "print_job_ended", "print_job_busy", "printer_cancel_failed",
          "card_removed", "lookup_unavailable", "audit_chain_broken"})
        keys.push_back("error." + std::string(code));
    for (std::string_view r : k_lookup_reasons)
        keys.push_back("staff.reason." + std::string(r));
    for (JobAction a : {JobAction::Resume, JobAction::Cancel, JobAction::Reprint}) {
        keys.push_back("staff.queue.done." + std::string(job_action_name(a)));
        keys.push_back("staff.queue." + std::string(job_action_name(a)));
    }
    for (std::string_view doc : {"notification", "registration", "test_page", "diagnostics"})
        keys.push_back("staff.queue.document." + std::string(doc));
    for (std::string_view e :
         {"test_started", "test_canceled", "card_inserted", "card_removed", "card_read", "card_read_failed",
          "technician_card_back", "reader_available", "reader_unavailable"})
        keys.push_back("tech.event." + std::string(e));
    for (Role r : {Role::Citizen, Role::Staff, Role::Technician})
        keys.push_back("role." + std::string(role_name(r)));
    for (const std::string& k : diagnostics_translation_keys())
        keys.push_back(k);
    return keys;
}

} // namespace kiosk
