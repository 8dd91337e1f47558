// The ID-card protocol above any reader (hal/id_card.hpp), the PIN delay
// policy, and hostile card answers: malformed TLV, short and oversized
// responses, unexpected status words, random and truncated responses.
#include "card_fixture.hpp"
#include "hal/card_session.hpp"
#include "hal/card_sim.hpp"
#include "hal/id_card.hpp"
#include "kiosk/i18n.hpp"
#include "registry/pki.hpp"

#include <deque>
#include <functional>
#include <gtest/gtest.h>
#include <random>
#include <set>

using namespace std::chrono_literals;
using namespace card_test;

namespace {

hal::Bytes bytes(std::string_view s) {
    return hal::Bytes(s.begin(), s.end());
}

hal::Bytes good_ef_id() {
    registry::pki::CardRequest r;
    r.fin = "5ZX8K2P";
    r.surname = "Əliyev";
    r.name = "Rüstəm";
    r.patronymic = "Şahin oğlu";
    r.birth_date = "19760229";
    r.document_number = "AA1234567";
    r.expiry = "20301231";
    r.role = registry::pki::Role::Technician;
    auto ef = registry::pki::encode_ef_id(r);
    return bytes(*ef);
}

// A channel that answers from a script (or a function) and records the commands.
class ScriptedChannel final : public hal::CardChannel {
  public:
    std::function<kiosk::Result<hal::Bytes>(const hal::Bytes&)> answer;
    std::vector<hal::Bytes> commands;
    kiosk::Result<hal::Bytes> transmit(std::span<const std::uint8_t> command) override {
        commands.emplace_back(command.begin(), command.end());
        return answer(commands.back());
    }
    const std::string& reader() const override { return m_reader; }
    const hal::Bytes& atr() const override { return m_atr; }

  private:
    std::string m_reader = "scripted";
    hal::Bytes m_atr;
};

hal::Bytes with_sw(hal::Bytes data, std::uint16_t sw) {
    data.push_back(static_cast<std::uint8_t>(sw >> 8));
    data.push_back(static_cast<std::uint8_t>(sw));
    return data;
}

TEST(EfId, ParsesEveryField) {
    auto id = hal::parse_ef_id(good_ef_id());
    ASSERT_TRUE(id) << id.error().detail;
    EXPECT_EQ(id->fin, "5ZX8K2P");
    EXPECT_EQ(id->surname, "Əliyev");
    EXPECT_EQ(id->name, "Rüstəm");
    EXPECT_EQ(id->patronymic, "Şahin oğlu");
    EXPECT_EQ(id->birth_date, "1976-02-29");
    EXPECT_EQ(id->document_number, "AA1234567");
    EXPECT_EQ(id->expiry, "2030-12-31");
    EXPECT_EQ(id->role, hal::Role::Technician);
    id->wipe();
    EXPECT_TRUE(id->fin.empty() && id->surname.empty());
}

TEST(EfId, SkipsUnknownTagsAndReadsLongLengths) {
    hal::Bytes ef = {0x9F, 0x1F, 0x02, 0xAA, 0xBB, 0xC0, 0x81, 0x80};
    ef.resize(ef.size() + 0x80, 'x');
    auto good = good_ef_id();
    ef.insert(ef.end(), good.begin(), good.end());
    auto id = hal::parse_ef_id(ef);
    ASSERT_TRUE(id) << id.error().detail;
    EXPECT_EQ(id->fin, "5ZX8K2P");
}

TEST(EfId, RefusesMalformedData) {
    const auto good = good_ef_id();
    std::vector<std::pair<const char*, hal::Bytes>> cases;
    cases.push_back({"empty", {}});
    cases.push_back({"truncated", hal::Bytes(good.begin(), good.end() - 1)});
    cases.push_back({"length past the end", {0x80, 0x09, '5', 'Z'}});
    cases.push_back({"82 length form", {0x80, 0x82, 0x00, 0x07}});
    cases.push_back({"non-minimal 81", {0x80, 0x81, 0x07, '5', 'Z', 'X', '8', 'K', '2', 'P'}});
    auto dup = good;
    dup.insert(dup.end(), good.begin(), good.begin() + 9);
    cases.push_back({"duplicate FIN", dup});
    auto missing_role = hal::Bytes(good.begin(), good.end() - 3);
    cases.push_back({"missing role", missing_role});
    auto bad_role = good;
    bad_role.back() = 0x07;
    cases.push_back({"role 7", bad_role});
    auto bad_fin = good;
    bad_fin[2] = 'O';
    cases.push_back({"FIN with O", bad_fin});
    auto bad_utf8 = good;
    bad_utf8[11] = 0xC3;
    bad_utf8[12] = 0x28;
    cases.push_back({"invalid UTF-8 surname", bad_utf8});
    for (const auto& [what, data] : cases) {
        auto id = hal::parse_ef_id(data);
        ASSERT_FALSE(id) << what;
        EXPECT_EQ(id.error().code, "malformed_card_data") << what;
    }
    registry::pki::CardRequest r;
    r.fin = "5ZX8K2P";
    r.birth_date = "19770229"; // not a leap year
    auto ef = registry::pki::encode_ef_id(r);
    ASSERT_TRUE(ef);
    EXPECT_FALSE(hal::parse_ef_id(bytes(*ef)));
}

TEST(IdCardProtocol, ShortOversizedAndUnexpectedAnswersAreErrors) {
    ScriptedChannel ch;
    hal::IdCard card(ch);
    ch.answer = [](const hal::Bytes&) -> kiosk::Result<hal::Bytes> { return hal::Bytes{0x90}; };
    EXPECT_EQ(card.select_applet().error().code, "bad_response");
    ch.answer = [](const hal::Bytes&) -> kiosk::Result<hal::Bytes> {
        return with_sw(hal::Bytes(300, 0), 0x9000);
    };
    EXPECT_EQ(card.select_applet().error().code, "bad_response");
    ch.answer = [](const hal::Bytes&) -> kiosk::Result<hal::Bytes> { return with_sw({}, 0x6A82); };
    EXPECT_EQ(card.select_applet().error().code, "not_an_id_card");
    ch.answer = [](const hal::Bytes&) -> kiosk::Result<hal::Bytes> { return with_sw({}, 0x6F00); };
    EXPECT_EQ(card.select_applet().error().code, "unexpected_status");
    EXPECT_EQ(card.read_identity().error().code, "unexpected_status");
    EXPECT_EQ(card.verify_pin("1234").error().code, "unexpected_status");
    ch.answer = [](const hal::Bytes&) -> kiosk::Result<hal::Bytes> { return with_sw({}, 0x63C7); };
    EXPECT_EQ(card.verify_pin("1234").error().code, "bad_response");
    ch.answer = [](const hal::Bytes&) -> kiosk::Result<hal::Bytes> { return kiosk::fail("card_removed"); };
    EXPECT_EQ(card.read_certificate().error().code, "card_removed");
    // READ BINARY answering more than asked, and a file that never ends.
    ch.answer = [](const hal::Bytes&) -> kiosk::Result<hal::Bytes> {
        return with_sw(hal::Bytes(0xE1, 1), 0x9000);
    };
    EXPECT_EQ(card.read_identity().error().code, "bad_response");
    ch.answer = [](const hal::Bytes&) -> kiosk::Result<hal::Bytes> {
        return with_sw(hal::Bytes(0xE0, 1), 0x9000);
    };
    EXPECT_EQ(card.read_certificate().error().code, "card_data_too_large");
    // A signature of an impossible size.
    std::array<std::uint8_t, 32> challenge{};
    ch.answer = [](const hal::Bytes&) -> kiosk::Result<hal::Bytes> {
        return with_sw(hal::Bytes(100, 1), 0x9000);
    };
    EXPECT_EQ(card.internal_authenticate(challenge).error().code, "bad_response");
    ch.answer = [](const hal::Bytes&) -> kiosk::Result<hal::Bytes> { return with_sw({}, 0x6982); };
    EXPECT_EQ(card.internal_authenticate(challenge).error().code, "pin_not_verified");
}

TEST(IdCardProtocol, FollowsT0GetResponseAndWrongLe) {
    ScriptedChannel ch;
    hal::IdCard card(ch);
    ch.answer = [](const hal::Bytes& c) -> kiosk::Result<hal::Bytes> {
        if (c[1] == 0x88) return with_sw({}, 0x6148);
        if (c[1] == 0xC0) return with_sw(hal::Bytes(c[4], 0x30), 0x9000);
        return with_sw({}, 0x9000);
    };
    std::array<std::uint8_t, 32> challenge{};
    auto sig = card.internal_authenticate(challenge);
    ASSERT_TRUE(sig);
    EXPECT_EQ(sig->size(), 0x48u);
    ch.answer = [](const hal::Bytes& c) -> kiosk::Result<hal::Bytes> {
        return with_sw({}, c[1] == 0xC0 ? 0x6101 : 0x6101);
    };
    EXPECT_EQ(card.select_applet().error().code, "bad_response") << "an endless chain ends";
}

TEST(IdCardProtocol, APinIsFourToEightDigitsAndIsSentAsAscii) {
    ScriptedChannel ch;
    hal::IdCard card(ch);
    ch.answer = [](const hal::Bytes&) -> kiosk::Result<hal::Bytes> { return with_sw({}, 0x9000); };
    for (const char* bad : {"", "123", "123456789", "12a4", "12 4"})
        EXPECT_EQ(card.verify_pin(bad).error().code, "invalid_pin") << bad;
    EXPECT_TRUE(ch.commands.empty()) << "nothing reaches the card";
    ASSERT_TRUE(card.verify_pin("12345678"));
    EXPECT_EQ(ch.commands.back(),
              (hal::Bytes{0x00, 0x20, 0x00, 0x01, 0x08, '1', '2', '3', '4', '5', '6', '7', '8'}));
}

TEST(IdCardProtocol, ChallengesAreFresh) {
    auto a = hal::make_challenge(), b = hal::make_challenge();
    ASSERT_TRUE(a && b);
    EXPECT_NE(*a, *b);
}

TEST(PinDelay, GrowsWithRepeatedFailuresAndResets) {
    auto now = std::chrono::steady_clock::time_point{} + 1h;
    hal::PinDelayPolicy policy({.free_failures = 1, .base = 2s, .max = 10s, .forget_after = 15min},
                               [&] { return now; });
    EXPECT_EQ(policy.wait_before_next_try(), 0ms);
    policy.record_failure();
    EXPECT_EQ(policy.wait_before_next_try(), 0ms) << "one failure is free";
    policy.record_failure();
    EXPECT_EQ(policy.wait_before_next_try(), 2s);
    now += 1500ms;
    EXPECT_EQ(policy.wait_before_next_try(), 500ms);
    now += 500ms;
    EXPECT_EQ(policy.wait_before_next_try(), 0ms);
    policy.record_failure();
    EXPECT_EQ(policy.wait_before_next_try(), 4s);
    policy.record_failure();
    EXPECT_EQ(policy.wait_before_next_try(), 8s);
    policy.record_failure();
    EXPECT_EQ(policy.wait_before_next_try(), 10s) << "capped";
    EXPECT_EQ(policy.failures_in_a_row(), 5);
    now += 16min;
    EXPECT_EQ(policy.failures_in_a_row(), 0) << "forgotten after a quiet period";
    policy.record_failure();
    policy.record_failure();
    EXPECT_EQ(policy.wait_before_next_try(), 2s);
    policy.record_success();
    EXPECT_EQ(policy.wait_before_next_try(), 0ms);
}

TEST(PinDelay, ASessionWaitsAndSendsNothingMeanwhile) {
    TestPki pki;
    auto trust = hal::TrustStore::from_pem(pki.ca_pem());
    hal::SimCardReader reader;
    const std::string dir = pki.card(TestCard::Citizen);
    reader.insert("Sim Reader 0", *hal::SimCard::from_dir(dir));
    auto now = std::chrono::steady_clock::time_point{} + 1h;
    hal::PinDelayPolicy policy({.free_failures = 1, .base = 3s}, [&] { return now; });
    auto session = hal::CardSession::open(reader, "Sim Reader 0", {trust->get(), &policy, nullptr});
    ASSERT_TRUE(session);
    std::string pin = "0000";
    EXPECT_EQ((*session)->authenticate(pin).error().code, "wrong_pin");
    pin = "0001";
    EXPECT_EQ((*session)->authenticate(pin).error().code, "wrong_pin");
    const auto sent = reader.apdu_count();
    pin = "1234";
    auto r = (*session)->authenticate(pin);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "pin_delay");
    EXPECT_EQ(r.error().detail, "3000");
    EXPECT_TRUE(pin.empty()) << "wiped even when refused";
    EXPECT_EQ(reader.apdu_count(), sent);
    now += 3s;
    pin = "1234";
    EXPECT_TRUE((*session)->authenticate(pin));
}

TEST(Trust, AnUnreadableCaIsAnError) {
    EXPECT_EQ(hal::TrustStore::load_file("/nonexistent/ca.pem").error().code, "ca_unreadable");
    EXPECT_EQ(hal::TrustStore::from_pem("not a certificate").error().code, "ca_unreadable");
    TestPki pki;
    auto trust = hal::TrustStore::from_pem(pki.ca_pem());
    ASSERT_TRUE(trust);
    const hal::Bytes garbage = {0x30, 0x03, 0x02, 0x01, 0x01};
    EXPECT_EQ((*trust)->verify(garbage, "5ZX8K2P", std::chrono::system_clock::now()).error().code,
              "bad_certificate");
}

// Every reason the card flow can give has a translation in the three languages.
TEST(Reasons, AreTranslated) {
    for (const char* code : {"no_card",
                             "reader_busy",
                             "reader_unavailable",
                             "reader_service_unavailable",
                             "card_removed",
                             "card_mute",
                             "not_an_id_card",
                             "file_not_found",
                             "malformed_card_data",
                             "card_data_too_large",
                             "bad_response",
                             "unexpected_status",
                             "bad_certificate",
                             "untrusted_ca",
                             "expired",
                             "not_yet_valid",
                             "fin_mismatch",
                             "document_expired",
                             "pin_delay",
                             "invalid_pin",
                             "wrong_pin",
                             "card_blocked",
                             "pin_not_verified",
                             "bad_signature",
                             "crypto_error",
                             "ca_unreadable",
                             "card_files_unreadable",
                             "no_reader",
                             "test_timeout"}) {
        const std::string key = std::string("error.") + code;
        for (auto lang : {kiosk::Lang::Az, kiosk::Lang::Ru, kiosk::Lang::En})
            EXPECT_NE(kiosk::tr(key, lang), key) << key;
    }
    for (const char* key : {"card.test_insert", "card.test_remove", "card.test_passed", "card.test_failed"})
        EXPECT_NE(kiosk::tr(key, kiosk::Lang::Az), key) << key;
}

// Random, truncated and bit-flipped answers through the whole flow: errors, never a crash.
TEST(Fuzz, HostileAnswersNeverCrashTheCardFlow) {
    TestPki pki;
    auto trust = hal::TrustStore::from_pem(pki.ca_pem());
    ASSERT_TRUE(trust);
    auto genuine = hal::SimCard::from_dir(pki.card(TestCard::Citizen));
    ASSERT_TRUE(genuine);
    const std::set<std::string> allowed = {
        "card_removed",        "card_mute",           "not_an_id_card", "file_not_found",
        "malformed_card_data", "card_data_too_large", "bad_response",   "unexpected_status",
        "bad_certificate",     "untrusted_ca",        "expired",        "not_yet_valid",
        "fin_mismatch",        "document_expired",    "wrong_pin",      "card_blocked",
        "pin_not_verified",    "bad_signature",       "invalid_pin"};
    std::mt19937 rng(20240301);
    int trusted = 0, failures = 0;
    for (int round = 0; round < 3000; ++round) {
        const int mode = round % 4;
        (*genuine)->reset();
        ScriptedChannel ch;
        ch.answer = [&](const hal::Bytes& c) -> kiosk::Result<hal::Bytes> {
            hal::Bytes real = (*genuine)->process(c);
            const unsigned dice = rng() % 8;
            if (dice != 0) return real; // mostly genuine, so the flow gets deep
            switch (mode) {
            case 0: { // random bytes of random length
                hal::Bytes r(rng() % 300);
                for (auto& b : r)
                    b = static_cast<std::uint8_t>(rng());
                return r;
            }
            case 1:
                real.resize(rng() % (real.size() + 1));
                return real; // truncated
            case 2:
                if (!real.empty()) real[rng() % real.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
                return real; // a flipped bit
            default: {       // a random status word
                const std::uint16_t sw = static_cast<std::uint16_t>(rng());
                real.resize(real.size() >= 2 ? real.size() - 2 : 0);
                return with_sw(real, sw);
            }
            }
        };
        // Drive the session's steps over the scripted channel.
        hal::IdCard card(ch);
        kiosk::Status step = card.select_applet();
        std::optional<hal::Identity> id;
        if (step) {
            auto r = card.read_identity();
            if (r)
                id = *r;
            else
                step = std::unexpected(r.error());
        }
        std::unique_ptr<hal::VerifiedCertificate> cert;
        if (step) {
            auto der = card.read_certificate();
            if (!der)
                step = std::unexpected(der.error());
            else if (auto v = (*trust)->verify(*der, id->fin, std::chrono::system_clock::now()); !v)
                step = std::unexpected(v.error());
            else
                cert = std::move(*v);
        }
        if (step) {
            auto pin = card.verify_pin("1234");
            if (!pin)
                step = std::unexpected(pin.error());
            else if (pin->outcome != hal::PinCheck::Outcome::Verified)
                step = kiosk::fail("wrong_pin");
        }
        if (step) {
            auto challenge = hal::make_challenge();
            auto sig = card.internal_authenticate(*challenge);
            if (!sig)
                step = std::unexpected(sig.error());
            else
                step = cert->verify_signature(*challenge, *sig);
        }
        if (step)
            ++trusted;
        else {
            ++failures;
            EXPECT_TRUE(allowed.contains(step.error().code))
                << step.error().code << ": " << step.error().detail;
        }
    }
    EXPECT_GT(trusted, 0);
    EXPECT_GT(failures, 1000);
}

TEST(Fuzz, EfIdParserTakesAnyBytes) {
    std::mt19937 rng(7);
    const auto good = good_ef_id();
    int parsed = 0;
    for (int round = 0; round < 50000; ++round) {
        hal::Bytes data;
        if (round % 2) {
            data.resize(rng() % 64);
            for (auto& b : data) b = static_cast<std::uint8_t>(rng() % 4 ? 0x80 + rng() % 8 : rng());
        } else {
            data = good;
            data.resize(rng() % (good.size() + 1));
            if (!data.empty()) data[rng() % data.size()] = static_cast<std::uint8_t>(rng());
        }
        auto id = hal::parse_ef_id(data);
        if (id) ++parsed;
        else EXPECT_EQ(id.error().code, "malformed_card_data");
    }
    EXPECT_GT(parsed, 0);
}

} // namespace
