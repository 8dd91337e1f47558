// A card session: what the kiosk does with an inserted ID card, from reading it
// to trusting it (PRODUCT §2.2, §5, §8), plus the reader's persistent counters,
// the increasing delay after PIN failures, and the three-level health check.
//
//   auto s = CardSession::open(reader, name, {&trust, &pin_delay, &counters});
//   // s->identity() and s->certificate_status(): show the PIN screen now
//   s->authenticate(pin);  // VERIFY + INTERNAL AUTHENTICATE; wipes `pin`
//
// Version 1. Breaking changes:
//   v1  first version.
#pragma once

#include "hal/card_reader.hpp"
#include "hal/id_card.hpp"

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace kiosk {
class Store;
}

namespace hal {

// --- counters -------------------------------------------------------------------

inline constexpr std::string_view k_card_device = "card_reader";
inline constexpr std::string_view k_counter_cards_read = "cards_read";
inline constexpr std::string_view k_counter_read_errors = "read_errors";
inline constexpr std::string_view k_counter_pin_failures = "pin_failures";
inline constexpr std::string_view k_counter_removals = "removals_mid_session";

class CardCounters {
  public:
    virtual ~CardCounters() = default;
    // Adds one to a counter; counting never fails the card flow.
    virtual void add(std::string_view name) = 0;
};

// Counters kept in the kiosk's store (device "card_reader").
class StoreCardCounters final : public CardCounters {
  public:
    explicit StoreCardCounters(kiosk::Store& store) : m_store(store) {}
    void add(std::string_view name) override;
    // The last failure to count, if any (for diagnostics).
    const std::string& last_error() const { return m_last_error; }

  private:
    kiosk::Store& m_store;
    std::string m_last_error;
};

// --- PIN failures ---------------------------------------------------------------

struct PinDelayConfig {
    int free_failures = 1;                 // failures in a row before any delay
    std::chrono::milliseconds base{2'000}; // the first delay; doubles with each further failure
    std::chrono::milliseconds max{60'000};
    std::chrono::milliseconds forget_after{15 * 60'000}; // no failure for this long: start again
};

// Repeated PIN failures on one kiosk (any card) slow down further tries. Thread-safe.
class PinDelayPolicy {
  public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    explicit PinDelayPolicy(PinDelayConfig config = {}, Clock clock = std::chrono::steady_clock::now);
    // How long to wait before the next try may be sent (0: now).
    std::chrono::milliseconds wait_before_next_try() const;
    void record_failure();
    void record_success();
    int failures_in_a_row() const;

  private:
    int failures_locked(std::chrono::steady_clock::time_point now) const;
    PinDelayConfig m_config;
    Clock m_clock;
    mutable std::mutex m_mutex;
    int m_failures = 0;
    std::chrono::steady_clock::time_point m_last_failure{};
};

// --- the session ----------------------------------------------------------------

struct CardSessionOptions {
    const TrustStore* trust = nullptr;   // required
    PinDelayPolicy* pin_delay = nullptr; // the kiosk's; none for technician tools
    CardCounters* counters = nullptr;    // optional
    std::function<std::chrono::system_clock::time_point()> now = std::chrono::system_clock::now;
};

class CardSession {
  public:
    // Connects to the card in `reader` (exclusively), selects the applet, reads
    // EF.ID and EF.CERT and checks the certificate; does not touch the PIN.
    // Errors: no_card, reader_busy, reader_unavailable, reader_service_unavailable,
    // card_removed, card_mute, not_an_id_card, file_not_found, malformed_card_data,
    // card_data_too_large, bad_response, unexpected_status, bad_argument (no trust store).
    [[nodiscard]] static kiosk::Result<std::unique_ptr<CardSession>>
    open(CardReader& reader, const std::string& reader_name, CardSessionOptions options);
    // Wipes the identity and releases the card (which resets it).
    ~CardSession();
    CardSession(const CardSession&) = delete;
    CardSession& operator=(const CardSession&) = delete;

    const Identity& identity() const { return m_identity; }
    // ok, or why the card cannot be trusted whatever the PIN: bad_certificate,
    // untrusted_ca, expired, not_yet_valid, fin_mismatch, document_expired.
    const kiosk::Status& certificate_status() const { return m_certificate_status; }
    // VERIFY `pin` (wiped here, whatever happens), then INTERNAL AUTHENTICATE over
    // a fresh random challenge and verify the signature. Ok means trusted.
    // Errors: the certificate_status() error, pin_delay (detail: milliseconds to
    // wait), invalid_pin, wrong_pin, card_blocked, pin_not_verified, bad_signature,
    // crypto_error, and the exchange errors of open().
    [[nodiscard]] kiosk::Status authenticate(std::string& pin);
    // PIN tries left as the card last said; -1 before any VERIFY.
    int tries_left() const { return m_tries_left; }
    bool trusted() const { return m_trusted; }

  private:
    CardSession() = default;
    void count_failure(const kiosk::Error& e);

    std::unique_ptr<CardChannel> m_channel;
    CardSessionOptions m_options;
    Identity m_identity;
    std::unique_ptr<VerifiedCertificate> m_certificate;
    kiosk::Status m_certificate_status;
    int m_tries_left = -1;
    bool m_trusted = false;
};

// --- health checks (PRODUCT §5: internal, external, interactive) -------------

struct CardHealth {
    bool ok = false;
    std::string code;   // "ok", or an error code (no_reader, reader_service_unavailable, ...)
    std::string detail; // for the technician's log; no personal data
};

// Internal: the reader service answers and at least one reader is present.
CardHealth check_internal(CardReader& reader);
// External: reads the test card in `reader_name` (EF.ID, EF.CERT) and checks its
// certificate against `trust`; no PIN. Personal data is not kept.
CardHealth check_external(CardReader& reader, const std::string& reader_name, const TrustStore& trust);

// Interactive: a guided test the UI or CLI drives: insert a card, it is read,
// remove it. Each step has a time limit.
class InteractiveCardTest {
  public:
    enum class Step { InsertCard, RemoveCard, Passed, Failed };
    InteractiveCardTest(CardReader& reader, const TrustStore& trust,
                        std::chrono::milliseconds step_timeout = std::chrono::seconds(30));
    // Waits up to `wait` for the reader's events and advances; returns the step now.
    Step poll(std::chrono::milliseconds wait);
    Step step() const { return m_step; }
    // Translation key of the instruction to show ("card.test_insert", ...).
    std::string_view prompt_key() const;
    // Why it failed (an error code), when Failed.
    const CardHealth& result() const { return m_result; }

  private:
    CardReader& m_reader;
    const TrustStore& m_trust;
    std::chrono::milliseconds m_step_timeout;
    std::chrono::steady_clock::time_point m_step_started;
    Step m_step = Step::InsertCard;
    std::string m_card_reader;
    CardHealth m_result;
};

} // namespace hal
