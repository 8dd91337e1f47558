// The session's test rig (tests/kiosk/session*_test.cpp): the real data worker on the
// sample replica, the simulator's devices, the diagnostics worker over their probes,
// all inline (deterministic), a manual clock, and a recording audit sink.
#pragma once

#include "kiosk/change.hpp"
#include "kiosk/data_source.hpp"
#include "kiosk/session.hpp"
#include "kiosk/simulator.hpp"
#include "kiosk/store.hpp"
#include "kiosk/technician.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>
#include <variant>

namespace kiosk::test {

using namespace std::chrono_literals;

inline constexpr const char* k_staff_fin = "8STF4A2";
inline constexpr const char* k_tech_fin = "9TCH5B3";

inline constexpr const char* k_fin = "5ZX8K2P"; // Məmmədova: 6 visible notifications, one termination
inline constexpr const char* k_surname = "Məmmədova";

using AnyEvent = std::variant<DeviceEvent, DataEvent, ModeEvent>;

inline std::string sample_store() {
    static std::string path = [] {
        auto p =
            std::filesystem::temp_directory_path() / ("session_test_" + std::to_string(::getpid()) + ".db");
        std::filesystem::remove(p);
        auto store = Store::open(p.string());
        EXPECT_TRUE(store.has_value());
        auto counts = import_ndjson(**store, KIOSK_SAMPLE_FEED);
        EXPECT_TRUE(counts.has_value());
        return p.string();
    }();
    return path;
}

inline std::vector<DemoCard> cards() {
    auto card = [](std::string key, std::string fin, std::string surname, std::string pin, int tries) {
        DemoCard c;
        c.label_key = std::move(key);
        c.identity.fin = std::move(fin);
        c.identity.surname = std::move(surname);
        c.identity.name = "Aynur";
        c.identity.patronymic = "Rauf qızı";
        c.pin = std::move(pin);
        c.tries_left = tries;
        return c;
    };
    std::vector<DemoCard> v;
    v.push_back(card("sim.card.citizen_employed", k_fin, k_surname, "1234", 3));
    v.push_back(card("sim.card.blocked", "7QW3E9R", "Hüseynov", "0000", 0));
    DemoCard untrusted = card("sim.card.untrusted", "7QW3E9R", "Hüseynov", "1111", 3);
    untrusted.trust_error = "untrusted_ca";
    v.push_back(untrusted);
    DemoCard mute = card("sim.card.unreadable", "7QW3E9R", "Hüseynov", "", 3);
    mute.read_error = "card_mute";
    v.push_back(mute);
    // 4: a member of staff, 5: a technician (people outside the replica).
    DemoCard staff = card("sim.card.staff", k_staff_fin, "Quliyeva", "1357", 3);
    staff.identity.role = Role::Staff;
    v.push_back(staff);
    DemoCard tech = card("sim.card.technician", k_tech_fin, "Nəsirov", "2580", 3);
    tech.identity.role = Role::Technician;
    v.push_back(tech);
    // 6: another technician's card.
    DemoCard other = card("sim.card.technician", "3JK9L2M", "Babayev", "2580", 3);
    other.identity.role = Role::Technician;
    v.push_back(other);
    return v;
}

// The audit events the session recorded.
struct RecordingAudit final : AuditSink {
    std::vector<AuditEvent> events;
    void record(AuditEvent e) override { events.push_back(std::move(e)); }
    std::vector<const AuditEvent*> of(std::string_view type) const {
        std::vector<const AuditEvent*> out;
        for (const auto& e : events)
            if (e.type == type) out.push_back(&e);
        return out;
    }
    static std::string text(const AuditEvent& e, std::string_view key) {
        for (const auto& [k, v] : e.fields)
            if (k == key) {
                if (auto s = std::get_if<std::string>(&v)) return *s;
                if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
                if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
            }
        return "<absent>";
    }
};

// A link probe for technician mode: the registry's state as the test sets it.
struct FakeLink final : LinkProbe {
    LinkFacts facts;
    int sync_requests = 0;
    LinkFacts link_facts() override { return facts; }
    void sync_now() override { ++sync_requests; }
};

struct Rig {
    std::vector<AnyEvent> events;
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::time_point{} + 1000h;
    std::unique_ptr<StoreDataSource> data;
    std::unique_ptr<SimIdentitySource> card;
    std::unique_ptr<SimPrintService> printer;
    RecordingAudit audit;
    FakeLink link;
    std::vector<std::string> log{"10:00:00 kiosk: started", "10:00:01 diagnostics: checks run"};
    std::unique_ptr<DiagnosticsWorker> technician;
    std::unique_ptr<Session> session;

    explicit Rig(std::string store = sample_store()) {
        auto dev = [this](DeviceEvent e) { events.emplace_back(std::move(e)); };
        auto dat = [this](DataEvent e) { events.emplace_back(std::move(e)); };
        auto mode = [this](ModeEvent e) { events.emplace_back(std::move(e)); };
        SimTiming timing{0ms, 0ms, 0ms};
        data = std::make_unique<StoreDataSource>(store, dat, WorkerMode::Inline);
        card = std::make_unique<SimIdentitySource>(cards(), dev, timing, WorkerMode::Inline);
        printer = std::make_unique<SimPrintService>(dev, timing, WorkerMode::Inline);
        printer->set_mode_events(mode);
        DiagnosticsSettings diag;
        diag.kiosk_id = "TEST-01";
        diag.version = "9.9.9";
        diag.store_path = store;
        diag.integrity = IntegrityLevel::Quick;
        diag.config_lines = {{"kiosk_id", "TEST-01"}, {"registry.client_key", "(hidden)"}};
        diag.print_timeout = 0ms;
        Probes probes;
        probes.printer = printer.get();
        probes.reader = card.get();
        probes.link = &link;
        technician = std::make_unique<DiagnosticsWorker>(diag, probes, mode, WorkerMode::Inline);
        SessionConfig config;
        config.kiosk_id = "TEST-01";
        session = std::make_unique<Session>(config, services(), [this] { return now; });
        pump();
    }
    SessionServices services() {
        SessionServices s;
        s.identity = card.get();
        s.printer = printer.get();
        s.data = data.get();
        s.people = data.get();
        s.queue = printer.get();
        s.technician = technician.get();
        s.audit = &audit;
        s.log_lines = [this] { return log; };
        return s;
    }
    ~Rig() {
        session.reset();
        technician.reset();
        printer.reset();
        card.reset();
        data.reset();
    }
    // Delivers every pending event (answers may cause more requests, hence the loop).
    void pump() {
        for (int round = 0; round < 20 && !events.empty(); ++round) {
            auto batch = std::move(events);
            events.clear();
            for (auto& e : batch)
                std::visit([this](auto& inner) { session->handle(inner); }, e);
        }
    }
    void pump_one() {
        ASSERT_FALSE(events.empty());
        AnyEvent e = std::move(events.front());
        events.erase(events.begin());
        std::visit([this](auto& inner) { session->handle(inner); }, e);
    }
    void advance(std::chrono::milliseconds d) {
        now += d;
        session->tick();
        pump();
    }
    const View& view() const { return session->view(); }
    ScreenId screen() const { return session->view().screen; }
    void type_pin(const std::string& pin) {
        for (char c : pin)
            session->pin_digit(c - '0');
        session->pin_submit();
        pump();
    }
    // Inserts card `index` and types its PIN.
    void sign_in_with(std::size_t index, const std::string& pin) {
        card->insert(index);
        pump();
        type_pin(pin);
    }
    void sign_in() {
        card->insert(0);
        pump();
        ASSERT_EQ(screen(), ScreenId::Pin);
        type_pin("1234");
        ASSERT_EQ(screen(), ScreenId::Notifications);
    }
    // Opens row `row`'s detail and asks to print its notification: up to the confirmation
    // (the preview), or through it (`confirm`: the job submitted).
    void print_notification(std::size_t row, bool confirm) {
        session->open_detail(row);
        pump();
        session->request_print(DocumentKind::Notification);
        pump();
        session->print_continue();
        if (!confirm) return;
        session->print_confirm();
        pump();
    }
    // Nothing personal anywhere in the view or the session.
    void expect_wiped() {
        EXPECT_FALSE(session->holds_personal_data());
        std::string d = session->dump();
        EXPECT_EQ(d.find(k_fin), std::string::npos) << d;
        EXPECT_EQ(d.find(k_surname), std::string::npos) << d;
        EXPECT_TRUE(view().list.rows.empty());
        EXPECT_TRUE(view().list.employment.empty());
        EXPECT_TRUE(view().list.employers.empty());
        EXPECT_TRUE(view().list.holder_name.empty());
        EXPECT_FALSE(view().detail.detail.has_value());
        EXPECT_FALSE(view().print.submitted);
        EXPECT_EQ(view().pin.digits, 0);
        EXPECT_FALSE(view().list.filters.any());
        EXPECT_EQ(view().lang, k_default_lang);
        EXPECT_FALSE(view().idle_warning_seconds.has_value());
    }
};

} // namespace kiosk::test
