// The ID-card protocol above any reader: PROTOCOL.md "ID-card applet (v1)".
// IdCard speaks the applet over a CardChannel; parse_ef_id() reads EF.ID;
// TrustStore decides whether a card's certificate and challenge signature are
// trusted (OpenSSL stays inside hal/src/card/trust.cpp).
//
// Every failure is an Error whose code is a stable reason, translated as
// "error.<code>" (kiosk/src/i18n.cpp). Card data is untrusted input: malformed
// TLV, short or oversized responses and unexpected status words are errors.
//
// ID-card protocol version 1. Breaking changes:
//   v1  first version.
#pragma once

#include "hal/card_reader.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace hal {

inline constexpr int k_id_card_protocol_version = 1;

enum class Role : std::uint8_t { Citizen = 0, Staff = 1, Technician = 2 };
std::string_view role_name(Role role); // "citizen", "staff", "technician"

// EF.ID. Personal data: never logged; wipe() at the end of a session.
struct Identity {
    std::string fin;
    std::string surname, name, patronymic;
    std::string birth_date; // YYYY-MM-DD
    std::string document_number;
    std::string expiry; // YYYY-MM-DD, the document's
    Role role = Role::Citizen;

    void wipe(); // overwrites and clears every field
};

// Parses EF.ID (BER-TLV, short or 81 xx lengths, unknown tags skipped).
// Errors: malformed_card_data (truncated, bad length, missing or invalid field).
[[nodiscard]] kiosk::Result<Identity> parse_ef_id(std::span<const std::uint8_t> data);

// The outcome of VERIFY that is not a protocol error.
struct PinCheck {
    enum class Outcome { Verified, Wrong, Blocked } outcome;
    int tries_left; // 0..3 (3 after Verified; Wrong with 0: that was the last try; Blocked: 0)
};

// Size limits for the card's files: anything larger is card_data_too_large.
inline constexpr std::size_t k_max_ef_id = 1024;
inline constexpr std::size_t k_max_ef_cert = 4096;

class IdCard {
  public:
    explicit IdCard(CardChannel& channel) : m_channel(channel) {}

    // SELECT the applet. Errors: not_an_id_card, + exchange errors.
    [[nodiscard]] kiosk::Status select_applet();
    // SELECT + READ BINARY of a whole file (chunks of 0xE0).
    // Errors: file_not_found, card_data_too_large, + exchange errors.
    [[nodiscard]] kiosk::Result<Bytes> read_file(std::uint16_t fid, std::size_t max_size);
    // EF.ID, parsed. Errors: as read_file, malformed_card_data.
    [[nodiscard]] kiosk::Result<Identity> read_identity();
    // EF.CERT (DER). Errors: as read_file.
    [[nodiscard]] kiosk::Result<Bytes> read_certificate();
    // VERIFY. Errors: invalid_pin (not 4-8 digits; nothing sent), + exchange errors.
    [[nodiscard]] kiosk::Result<PinCheck> verify_pin(std::string_view pin);
    // INTERNAL AUTHENTICATE: the card's DER ECDSA signature of `challenge`.
    // Errors: pin_not_verified, + exchange errors.
    [[nodiscard]] kiosk::Result<Bytes> internal_authenticate(std::span<const std::uint8_t, 32> challenge);

    // Exchange errors shared by all: card_removed, card_mute, reader_unavailable,
    // reader_service_unavailable (from the channel), bad_response (too short,
    // oversized, or wrong length), unexpected_status (a status word the
    // protocol does not allow there).
    struct Response {
        Bytes data;
        std::uint16_t sw;
    };
    [[nodiscard]] kiosk::Result<Response> exchange(const Bytes& command);

  private:
    CardChannel& m_channel;
};

// A fresh random challenge (RAND_bytes). Errors: crypto_error.
[[nodiscard]] kiosk::Result<std::array<std::uint8_t, 32>> make_challenge();

class VerifiedCertificate;

// The configured ID-card CA(s), and the trust decisions made with them.
class TrustStore {
  public:
    // Loads one or more PEM CA certificates. Errors: ca_unreadable.
    [[nodiscard]] static kiosk::Result<std::unique_ptr<TrustStore>> load_file(const std::string& path);
    [[nodiscard]] static kiosk::Result<std::unique_ptr<TrustStore>> from_pem(std::string_view pem);
    ~TrustStore();
    TrustStore(const TrustStore&) = delete;
    TrustStore& operator=(const TrustStore&) = delete;

    // Checks a card certificate at `now`: chain to the CA, validity, P-256 key,
    // subject serialNumber == `fin`. Errors: bad_certificate, untrusted_ca,
    // expired, not_yet_valid, fin_mismatch.
    [[nodiscard]] kiosk::Result<std::unique_ptr<VerifiedCertificate>>
    verify(std::span<const std::uint8_t> cert_der, std::string_view fin,
           std::chrono::system_clock::time_point now) const;

  private:
    struct Impl;
    explicit TrustStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// A certificate that passed TrustStore::verify(): checks challenge signatures.
class VerifiedCertificate {
  public:
    ~VerifiedCertificate();
    // Errors: bad_signature.
    [[nodiscard]] kiosk::Status verify_signature(std::span<const std::uint8_t> challenge,
                                                 std::span<const std::uint8_t> der_signature) const;

  private:
    friend class TrustStore;
    struct Impl;
    explicit VerifiedCertificate(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace hal
