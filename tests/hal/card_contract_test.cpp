// The card reader contract: one suite, run on every backend. Built twice:
// card_contract_sim_test (CARD_BACKEND_SIM) and card_contract_pcsc_test
// (CARD_BACKEND_PCSC: pcscd + vpcd + the virtual card; label pcsc, serial).
#include "card_fixture.hpp"
#include "hal/card_reader.hpp"
#include "hal/card_session.hpp"
#include "hal/card_sim.hpp"
#include "hal/id_card.hpp"
#include "kiosk/store.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <thread>

using namespace std::chrono_literals;
using namespace card_test;
using hal::CardEventKind;

namespace {

// What a test needs from a backend, beyond the CardReader interface.
class Backend {
  public:
    virtual ~Backend() = default;
    virtual hal::CardReader& reader() = 0;
    virtual std::string reader_name(int slot) const = 0;
    virtual void insert(int slot, const std::string& card_dir) = 0;
    virtual void remove(int slot) = 0;
    virtual void stop_service() = 0;
    virtual void start_service() = 0;
    // How long a change may take to show (the virtual card needs up to ~0.5 s).
    virtual std::chrono::milliseconds patience() const = 0;
};

hal::CardReaderConfig test_config() {
    hal::CardReaderConfig c;
    c.alert_after = 400ms;
    c.retry_interval = 50ms;
    return c;
}

class SimBackend final : public Backend {
  public:
    SimBackend() : m_reader({"Sim Reader 0", "Sim Reader 1"}, test_config()) {}
    hal::CardReader& reader() override { return m_reader; }
    std::string reader_name(int slot) const override { return "Sim Reader " + std::to_string(slot); }
    void insert(int slot, const std::string& dir) override {
        auto card = hal::SimCard::from_dir(dir);
        ASSERT_TRUE(card) << card.error().detail;
        m_reader.insert(reader_name(slot), *card);
    }
    void remove(int slot) override { m_reader.remove(reader_name(slot)); }
    void stop_service() override { m_reader.stop_service(); }
    void start_service() override { m_reader.start_service(); }
    std::chrono::milliseconds patience() const override { return 500ms; }
    hal::SimCardReader& sim() { return m_reader; }

  private:
    hal::SimCardReader m_reader;
};

#ifdef CARD_BACKEND_PCSC
// One pcscd for the whole executable (CTest runs it under RESOURCE_LOCK pcscd).
PcscStack& stack() {
    static TempDir logs;
    static PcscStack s(logs.path());
    return s;
}

class PcscBackend final : public Backend {
  public:
    PcscBackend() {
        auto r = hal::open_card_reader(test_config());
        m_reader = std::move(*r);
    }
    ~PcscBackend() override {
        stack().remove(0);
        stack().remove(1);
    }
    hal::CardReader& reader() override { return *m_reader; }
    std::string reader_name(int slot) const override {
        return slot == 0 ? PcscStack::k_reader0 : PcscStack::k_reader1;
    }
    void insert(int slot, const std::string& dir) override { ASSERT_TRUE(stack().insert(slot, dir)); }
    void remove(int slot) override { stack().remove(slot); }
    void stop_service() override { stack().stop_pcscd(); }
    void start_service() override { ASSERT_TRUE(stack().start_pcscd()); }
    std::chrono::milliseconds patience() const override { return 5000ms; }

  private:
    std::unique_ptr<hal::CardReader> m_reader;
};
#endif

class CountingCounters final : public hal::CardCounters {
  public:
    void add(std::string_view name) override { ++counts[std::string(name)]; }
    std::map<std::string, int> counts;
};

class CardReaderContract : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { s_pki = new TestPki; }
    static void TearDownTestSuite() {
        delete s_pki;
        s_pki = nullptr;
    }

    void SetUp() override {
#ifdef CARD_BACKEND_PCSC
        if (!stack().error().empty()) GTEST_FAIL() << stack().error();
        m_backend = std::make_unique<PcscBackend>();
#else
        m_backend = std::make_unique<SimBackend>();
#endif
        auto trust = hal::TrustStore::from_pem(s_pki->ca_pem());
        ASSERT_TRUE(trust);
        m_trust = std::move(*trust);
    }

    hal::CardReader& reader() {
        return m_backend->reader();
    }
    std::string name(int slot = 0) {
        return m_backend->reader_name(slot);
    }

    // Consumes events until one of `kind` (for `reader_name` if given) arrives.
    bool wait_for(CardEventKind kind, const std::string& reader_name = {},
                  std::chrono::milliseconds limit = 0ms) {
        if (limit == 0ms) limit = m_backend->patience();
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            auto left =
                std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            auto e = reader().wait_event(left);
            if (!e) continue;
            seen.push_back(e->kind);
            if (e->kind == kind && (reader_name.empty() || e->reader == reader_name)) return true;
        }
        return false;
    }

    // Inserts a card into reader `slot` and waits until it is reported.
    void insert(TestCard which, int slot = 0) {
        ASSERT_NO_FATAL_FAILURE(m_backend->insert(slot, last_card_dir = s_pki->card(which)));
        ASSERT_TRUE(wait_for(CardEventKind::CardInserted, name(slot))) << "card not reported";
    }

    kiosk::Result<std::unique_ptr<hal::CardSession>> open(int slot = 0) {
        return hal::CardSession::open(reader(), name(slot), {m_trust.get(), &m_delay, &m_counters});
    }

    static int tries_in(const std::string& card_dir) {
        std::ifstream in(card_dir + "/tries");
        int n = -1;
        in >> n;
        return n;
    }

    static TestPki* s_pki;
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<hal::TrustStore> m_trust;
    hal::PinDelayPolicy m_delay{hal::PinDelayConfig{.free_failures = 100}};
    CountingCounters m_counters;
    std::vector<CardEventKind> seen;
    std::string last_card_dir;
};

TestPki* CardReaderContract::s_pki = nullptr;

TEST_F(CardReaderContract, EnumeratesReadersAndReportsInsertAndRemove) {
    auto list = reader().readers();
    ASSERT_TRUE(list) << list.error().detail;
    ASSERT_GE(list->size(), 2u);
    EXPECT_EQ((*list)[0].name, name(0));
    EXPECT_FALSE((*list)[0].card_present);
    ASSERT_TRUE(wait_for(CardEventKind::ReaderAdded, name(0)));
    insert(TestCard::Citizen);
    list = reader().readers();
    ASSERT_TRUE(list);
    EXPECT_TRUE((*list)[0].card_present);
    EXPECT_FALSE((*list)[0].atr.empty());
    m_backend->remove(0);
    EXPECT_TRUE(wait_for(CardEventKind::CardRemoved, name(0)));
    EXPECT_TRUE(reader().status().service_up);
}

TEST_F(CardReaderContract, ReadsAndTrustsACitizenCard) {
    insert(TestCard::Citizen);
    auto session = open();
    ASSERT_TRUE(session) << session.error().code << " " << session.error().detail;
    const hal::Identity& id = (*session)->identity();
    EXPECT_EQ(id.fin, k_fin);
    EXPECT_EQ(id.surname, "Məmmədova");
    EXPECT_EQ(id.name, "Gülşən");
    EXPECT_EQ(id.patronymic, "Rəşid qızı");
    EXPECT_EQ(id.birth_date, "1985-03-12");
    EXPECT_EQ(id.document_number, "AZE12345678");
    EXPECT_EQ(id.expiry, "2034-12-31");
    EXPECT_EQ(id.role, hal::Role::Citizen);
    EXPECT_TRUE((*session)->certificate_status());
    std::string pin(k_pin);
    auto ok = (*session)->authenticate(pin);
    EXPECT_TRUE(ok) << ok.error().code;
    EXPECT_TRUE((*session)->trusted());
    EXPECT_EQ((*session)->tries_left(), 3);
    EXPECT_TRUE(pin.empty()) << "the PIN buffer is wiped";
    EXPECT_EQ(m_counters.counts["cards_read"], 1);
}

TEST_F(CardReaderContract, ReadsTheRoleOfStaffAndTechnicianCards) {
    insert(TestCard::Staff, 0);
    insert(TestCard::Technician, 1);
    auto staff = open(0);
    auto tech = open(1);
    ASSERT_TRUE(staff && tech);
    EXPECT_EQ((*staff)->identity().role, hal::Role::Staff);
    EXPECT_EQ((*tech)->identity().role, hal::Role::Technician);
}

TEST_F(CardReaderContract, WrongPinCountsDownAndTheCounterSurvivesAReset) {
    insert(TestCard::Citizen);
    {
        auto session = open();
        ASSERT_TRUE(session);
        std::string pin = "9999";
        auto r = (*session)->authenticate(pin);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, "wrong_pin");
        EXPECT_EQ((*session)->tries_left(), 2);
        EXPECT_FALSE((*session)->trusted());
    } // the session ends: the card is reset
    auto session = open();
    ASSERT_TRUE(session);
    std::string pin = "0000";
    auto r = (*session)->authenticate(pin);
    ASSERT_FALSE(r);
    EXPECT_EQ((*session)->tries_left(), 1);
    pin = std::string(k_pin);
    EXPECT_TRUE((*session)->authenticate(pin));
    EXPECT_EQ((*session)->tries_left(), 3);
    EXPECT_EQ(tries_in(last_card_dir), 3);
    EXPECT_EQ(m_counters.counts["pin_failures"], 2);
}

TEST_F(CardReaderContract, ThreeWrongPinsBlockTheCard) {
    insert(TestCard::Citizen);
    auto session = open();
    ASSERT_TRUE(session);
    std::string codes;
    for (int i = 0; i < 3; ++i) {
        std::string pin = "1111";
        auto r = (*session)->authenticate(pin);
        ASSERT_FALSE(r);
        codes += r.error().code + ",";
    }
    EXPECT_EQ(codes, "wrong_pin,wrong_pin,card_blocked,");
    std::string pin(k_pin);
    auto r = (*session)->authenticate(pin);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "card_blocked");
    EXPECT_EQ((*session)->tries_left(), 0);
    EXPECT_EQ(tries_in(last_card_dir), 0);
}

TEST_F(CardReaderContract, ABlockedCardIsRefusedEvenWithTheRightPin) {
    insert(TestCard::Blocked);
    auto session = open();
    ASSERT_TRUE(session);
    std::string pin(k_pin);
    auto r = (*session)->authenticate(pin);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "card_blocked");
}

TEST_F(CardReaderContract, CertificateFaultsAreDistinctReasonsAndSpareThePin) {
    const std::pair<TestCard, const char*> cases[] = {{TestCard::Expired, "expired"},
                                                      {TestCard::UnknownCa, "untrusted_ca"},
                                                      {TestCard::NotYetValid, "not_yet_valid"}};
    for (auto [card, code] : cases) {
        insert(card);
        auto session = open();
        ASSERT_TRUE(session) << code;
        ASSERT_FALSE((*session)->certificate_status()) << code;
        EXPECT_EQ((*session)->certificate_status().error().code, code);
        std::string pin(k_pin);
        auto r = (*session)->authenticate(pin);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, code);
        EXPECT_EQ(tries_in(last_card_dir), 3) << "no PIN was sent to an untrusted card";
        session->reset();
        m_backend->remove(0);
        ASSERT_TRUE(wait_for(CardEventKind::CardRemoved, name(0)));
    }
}

TEST_F(CardReaderContract, AChallengeSignedWithAnUncertifiedKeyIsRefused) {
    insert(TestCard::MismatchedKey);
    auto session = open();
    ASSERT_TRUE(session);
    EXPECT_TRUE((*session)->certificate_status());
    std::string pin(k_pin);
    auto r = (*session)->authenticate(pin);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "bad_signature");
    EXPECT_FALSE((*session)->trusted());
}

TEST_F(CardReaderContract, RemovalEndsTheSessionAndReinsertionWorks) {
    insert(TestCard::Citizen);
    auto session = open();
    ASSERT_TRUE(session);
    m_backend->remove(0);
    ASSERT_TRUE(wait_for(CardEventKind::CardRemoved, name(0)));
    std::string pin(k_pin);
    auto r = (*session)->authenticate(pin);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "card_removed");
    EXPECT_EQ(m_counters.counts["removals_mid_session"], 1);
    session->reset();

    ASSERT_NO_FATAL_FAILURE(insert(TestCard::Citizen));
    auto again = open();
    ASSERT_TRUE(again) << again.error().code;
    pin = std::string(k_pin);
    EXPECT_TRUE((*again)->authenticate(pin));
}

TEST_F(CardReaderContract, ASessionHasTheReaderToItself) {
    insert(TestCard::Citizen);
    auto session = open();
    ASSERT_TRUE(session);
    auto second = reader().connect(name(0));
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, "reader_busy");
    session->reset();
    EXPECT_TRUE(reader().connect(name(0)));
    auto empty = reader().connect(name(1));
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, "no_card");
}

TEST_F(CardReaderContract, SurvivesAServiceRestartAndAlertsWhileTheReaderIsGone) {
    insert(TestCard::Citizen);
    m_backend->stop_service();
    ASSERT_TRUE(wait_for(CardEventKind::ServiceLost));
    ASSERT_TRUE(wait_for(CardEventKind::ReaderAlertRaised, {}, 3000ms)) << "alert_after is 400 ms";
    EXPECT_TRUE(reader().status().alert);
    EXPECT_FALSE(reader().status().service_up);
    auto none = reader().readers();
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, "reader_service_unavailable");

    m_backend->start_service();
    ASSERT_TRUE(wait_for(CardEventKind::ServiceRestored));
    ASSERT_TRUE(wait_for(CardEventKind::ReaderAlertCleared));
    ASSERT_TRUE(wait_for(CardEventKind::CardInserted, name(0))) << "the card is found again";
    EXPECT_FALSE(reader().status().alert);
    auto session = open();
    ASSERT_TRUE(session) << session.error().code << " " << session.error().detail;
    std::string pin(k_pin);
    EXPECT_TRUE((*session)->authenticate(pin));
}

TEST_F(CardReaderContract, CancelWakesAWaitingThread) {
    ASSERT_TRUE(wait_for(CardEventKind::ReaderAdded, name(1)));
    std::thread canceller([&] {
        std::this_thread::sleep_for(100ms);
        reader().cancel();
    });
    const auto start = std::chrono::steady_clock::now();
    auto e = reader().wait_event(10s);
    canceller.join();
    EXPECT_FALSE(e);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST_F(CardReaderContract, HealthChecksAtThreeLevels) {
    auto internal = hal::check_internal(reader());
    EXPECT_TRUE(internal.ok) << internal.code;
    EXPECT_EQ(hal::check_external(reader(), name(0), *m_trust).code, "no_card");

    hal::InteractiveCardTest test(reader(), *m_trust, 10s);
    EXPECT_EQ(test.prompt_key(), "card.test_insert");
    m_backend->insert(0, s_pki->card(TestCard::Citizen));
    auto deadline = std::chrono::steady_clock::now() + m_backend->patience();
    while (test.step() == hal::InteractiveCardTest::Step::InsertCard &&
           std::chrono::steady_clock::now() < deadline)
        test.poll(100ms);
    ASSERT_EQ(test.step(), hal::InteractiveCardTest::Step::RemoveCard) << test.result().code;
    EXPECT_EQ(test.prompt_key(), "card.test_remove");
    m_backend->remove(0);
    deadline = std::chrono::steady_clock::now() + m_backend->patience();
    while (test.step() == hal::InteractiveCardTest::Step::RemoveCard &&
           std::chrono::steady_clock::now() < deadline)
        test.poll(100ms);
    EXPECT_EQ(test.step(), hal::InteractiveCardTest::Step::Passed) << test.result().code;

    insert(TestCard::UnknownCa);
    EXPECT_EQ(hal::check_external(reader(), name(0), *m_trust).code, "untrusted_ca");
}

TEST_F(CardReaderContract, CountersPersistInTheStore) {
    TempDir dir;
    auto store = kiosk::Store::open(dir.path() + "/kiosk.db");
    ASSERT_TRUE(store);
    hal::StoreCardCounters counters(**store);
    insert(TestCard::Citizen);
    for (int i = 0; i < 2; ++i) {
        auto session = hal::CardSession::open(reader(), name(0), {m_trust.get(), nullptr, &counters});
        ASSERT_TRUE(session);
        std::string pin = "4321";
        EXPECT_FALSE((*session)->authenticate(pin));
    }
    auto list = (*store)->counters("card_reader");
    ASSERT_TRUE(list);
    std::map<std::string, std::int64_t> values;
    for (const auto& c : *list)
        values[c.name] = c.value;
    EXPECT_EQ(values["cards_read"], 2);
    EXPECT_EQ(values["pin_failures"], 2);
}

// --- faults only the simulator can script --------------------------------------

#ifndef CARD_BACKEND_PCSC
class SimFaults : public CardReaderContract {
  protected:
    hal::SimCardReader& sim() { return static_cast<SimBackend&>(*m_backend).sim(); }
    void insert_with(TestCard which, hal::SimFaults faults) {
        auto card = hal::SimCard::from_dir(last_card_dir = s_pki->card(which), faults);
        ASSERT_TRUE(card);
        sim().insert(name(0), *card);
        ASSERT_TRUE(wait_for(CardEventKind::CardInserted, name(0)));
    }
};

TEST_F(SimFaults, AMuteCardIsAReadError) {
    insert_with(TestCard::Citizen, {.mute = true});
    auto session = open();
    ASSERT_FALSE(session);
    EXPECT_EQ(session.error().code, "card_mute");
    EXPECT_EQ(m_counters.counts["read_errors"], 1);
}

TEST_F(SimFaults, RemovalInTheMiddleOfTheReadIsARemoval) {
    for (int after : {0, 1, 2, 3, 5, 6}) {
        insert_with(TestCard::Citizen, {.remove_after = after});
        auto session = open();
        ASSERT_FALSE(session) << after;
        EXPECT_EQ(session.error().code, "card_removed") << after;
        EXPECT_TRUE(wait_for(CardEventKind::CardRemoved, name(0)));
    }
    EXPECT_EQ(m_counters.counts["removals_mid_session"], 6);
}

TEST_F(SimFaults, RemovalBetweenPinAndChallengeIsARemoval) {
    // SELECT, SELECT + 1 READ (EF.ID), SELECT + 3 READs (EF.CERT), VERIFY: then pulled.
    hal::SimFaults faults;
    faults.remove_after = 8;
    insert_with(TestCard::Citizen, faults);
    auto session = open();
    ASSERT_TRUE(session) << session.error().code;
    std::string pin(k_pin);
    auto r = (*session)->authenticate(pin);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "card_removed");
}

TEST_F(SimFaults, ABadChallengeSignatureIsRefused) {
    insert_with(TestCard::Citizen, {.bad_signature = true});
    auto session = open();
    ASSERT_TRUE(session);
    std::string pin(k_pin);
    auto r = (*session)->authenticate(pin);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "bad_signature");
}

TEST_F(SimFaults, AnUnpluggedReaderIsReportedAndPluggedBackIn) {
    insert(TestCard::Citizen);
    sim().unplug(name(0));
    ASSERT_TRUE(wait_for(CardEventKind::CardRemoved, name(0)));
    ASSERT_TRUE(wait_for(CardEventKind::ReaderRemoved, name(0)));
    EXPECT_EQ(reader().connect(name(0)).error().code, "reader_unavailable");
    sim().unplug(name(1));
    ASSERT_TRUE(wait_for(CardEventKind::ReaderAlertRaised, {}, 2000ms));
    sim().plug(name(0));
    ASSERT_TRUE(wait_for(CardEventKind::ReaderAlertCleared));
    ASSERT_TRUE(wait_for(CardEventKind::ReaderAdded, name(0)));
}

TEST_F(SimFaults, AnEfIdForSomeoneElseDoesNotMatchTheCertificate) {
    const std::string dir = s_pki->card(TestCard::Citizen);
    // Same card, EF.ID rewritten with another FIN: certificate and card disagree.
    std::ifstream in(dir + "/ef_id.bin", std::ios::binary);
    std::string ef((std::istreambuf_iterator<char>(in)), {});
    ASSERT_EQ(ef.substr(2, 7), std::string(k_fin));
    ef.replace(2, 7, "1AB2C3D");
    std::ofstream(dir + "/ef_id.bin", std::ios::binary | std::ios::trunc) << ef;
    m_backend->insert(0, dir);
    ASSERT_TRUE(wait_for(CardEventKind::CardInserted, name(0)));
    auto session = open();
    ASSERT_TRUE(session);
    ASSERT_FALSE((*session)->certificate_status());
    EXPECT_EQ((*session)->certificate_status().error().code, "fin_mismatch");
}
#endif

} // namespace
