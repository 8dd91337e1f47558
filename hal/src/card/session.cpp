// Card sessions, the PIN delay policy and the reader counters.
#include "hal/card_session.hpp"
#include "kiosk/store.hpp"

#include <ctime>
#include <openssl/crypto.h>

namespace hal {
namespace {

using namespace std::chrono_literals;

std::string today(std::chrono::system_clock::time_point now) {
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
    return text;
}

void wipe(std::string& s) {
    if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
    s.clear();
}

bool is_removal(const kiosk::Error& e) {
    return e.code == "card_removed";
}

} // namespace

// --- counters -------------------------------------------------------------------

void StoreCardCounters::add(std::string_view name) {
    if (auto r = m_store.add_to_counter(k_card_device, name); !r) m_last_error = r.error().code;
}

// --- PIN delay ------------------------------------------------------------------

PinDelayPolicy::PinDelayPolicy(PinDelayConfig config, Clock clock)
    : m_config(config), m_clock(std::move(clock)) {}

int PinDelayPolicy::failures_locked(std::chrono::steady_clock::time_point now) const {
    if (m_failures > 0 && now - m_last_failure >= m_config.forget_after) return 0;
    return m_failures;
}

std::chrono::milliseconds PinDelayPolicy::wait_before_next_try() const {
    std::lock_guard lock(m_mutex);
    const auto now = m_clock();
    const int failures = failures_locked(now);
    if (failures <= m_config.free_failures) return 0ms;
    std::chrono::milliseconds delay = m_config.base;
    for (int i = m_config.free_failures + 1; i < failures && delay < m_config.max; ++i)
        delay *= 2;
    delay = std::min(delay, m_config.max);
    const auto until = m_last_failure + delay;
    if (until <= now) return 0ms;
    return std::chrono::ceil<std::chrono::milliseconds>(until - now);
}

void PinDelayPolicy::record_failure() {
    std::lock_guard lock(m_mutex);
    const auto now = m_clock();
    m_failures = failures_locked(now) + 1;
    m_last_failure = now;
}

void PinDelayPolicy::record_success() {
    std::lock_guard lock(m_mutex);
    m_failures = 0;
}

int PinDelayPolicy::failures_in_a_row() const {
    std::lock_guard lock(m_mutex);
    return failures_locked(m_clock());
}

// --- session --------------------------------------------------------------------

kiosk::Result<std::unique_ptr<CardSession>>
CardSession::open(CardReader& reader, const std::string& reader_name, CardSessionOptions options) {
    if (!options.trust) return kiosk::fail("bad_argument", "a card session needs a trust store");
    std::unique_ptr<CardSession> s(new CardSession);
    s->m_options = std::move(options);
    auto channel = reader.connect(reader_name);
    if (!channel) {
        if (channel.error().code == "card_mute") s->count_failure(channel.error());
        return std::unexpected(channel.error());
    }
    s->m_channel = std::move(*channel);
    IdCard card(*s->m_channel);
    auto failed = [&](kiosk::Error e) {
        s->count_failure(e);
        return std::unexpected(std::move(e));
    };
    if (auto ok = card.select_applet(); !ok) return failed(ok.error());
    auto identity = card.read_identity();
    if (!identity) return failed(identity.error());
    s->m_identity = std::move(*identity);
    auto cert = card.read_certificate();
    if (!cert) return failed(cert.error());
    if (s->m_options.counters) s->m_options.counters->add(k_counter_cards_read);

    const auto now = s->m_options.now();
    auto verified = s->m_options.trust->verify(*cert, s->m_identity.fin, now);
    if (!verified) {
        s->m_certificate_status = std::unexpected(verified.error());
    } else if (s->m_identity.expiry < today(now)) {
        s->m_certificate_status = kiosk::fail("document_expired", "the ID card's expiry date has passed");
    } else {
        s->m_certificate = std::move(*verified);
    }
    return s;
}

CardSession::~CardSession() {
    m_identity.wipe();
    m_channel.reset(); // disconnect with a card reset
}

void CardSession::count_failure(const kiosk::Error& e) {
    if (!m_options.counters) return;
    if (is_removal(e))
        m_options.counters->add(k_counter_removals);
    else if (e.code != "no_card" && e.code != "reader_busy")
        m_options.counters->add(k_counter_read_errors);
}

kiosk::Status CardSession::authenticate(std::string& pin) {
    struct Wipe {
        std::string& pin;
        ~Wipe() { wipe(pin); }
    } wipe_pin{pin};
    m_trusted = false;
    if (!m_certificate_status) return std::unexpected(m_certificate_status.error());
    if (m_options.pin_delay) {
        if (auto wait = m_options.pin_delay->wait_before_next_try(); wait > 0ms)
            return kiosk::fail("pin_delay", std::to_string(wait.count()));
    }
    IdCard card(*m_channel);
    auto check = card.verify_pin(pin);
    wipe(pin);
    if (!check) {
        if (check.error().code != "invalid_pin") count_failure(check.error());
        return std::unexpected(check.error());
    }
    m_tries_left = check->tries_left;
    if (check->outcome == PinCheck::Outcome::Wrong) {
        if (m_options.counters) m_options.counters->add(k_counter_pin_failures);
        if (m_options.pin_delay) m_options.pin_delay->record_failure();
        // 63C0: that was the last try.
        if (m_tries_left == 0) return kiosk::fail("card_blocked", "the last PIN try failed");
        return kiosk::fail("wrong_pin", "tries left: " + std::to_string(m_tries_left));
    }
    if (check->outcome == PinCheck::Outcome::Blocked)
        return kiosk::fail("card_blocked", "PIN tries exhausted");
    if (m_options.pin_delay) m_options.pin_delay->record_success();

    auto challenge = make_challenge();
    if (!challenge) return std::unexpected(challenge.error());
    auto signature = card.internal_authenticate(*challenge);
    if (!signature) {
        count_failure(signature.error());
        return std::unexpected(signature.error());
    }
    if (auto ok = m_certificate->verify_signature(*challenge, *signature); !ok) return ok;
    m_trusted = true;
    return {};
}

} // namespace hal
