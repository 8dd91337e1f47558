// The reference registry's test PKI: one CA machinery (ECDSA P-256, SHA-256) that
// issues certificates by profile: the ID-card CA and ID cards now; the registry's
// TLS server, kiosk client and document-signer certificates from the same
// issue_certificate() later. Keys and certificates travel as PEM text; OpenSSL
// stays inside pki.cpp.
//
// Files (PEM; private keys and PINs mode 0600):
//   CA directory:  ca.pem, ca.key
//   card directory (registry pki card; read by the simulator and the virtual card):
//     ef_id.bin  EF.ID exactly as on the card (BER-TLV, PROTOCOL.md "ID-card applet (v1)")
//     cert.der   EF.CERT (DER), cert.pem the same as PEM
//     key.pem    the card's private key (0600)
//     pin        the PIN, ASCII digits (0600)
//     tries      the PIN try counter, "3" for a fresh card, "0" for a blocked one;
//                the card keeps it across resets by rewriting this file
//
// Changes:
//   v1  first version: keys, self-signed CA, issue_certificate by profile, ID cards.
#pragma once

#include "registry/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace registry::pki {

// What a certificate is for: decides basicConstraints, keyUsage and extendedKeyUsage.
enum class Profile {
    RootCa,         // CA:TRUE, keyCertSign + cRLSign
    IdCard,         // digitalSignature; clientAuth; subject serialNumber = FIN
    TlsServer,      // digitalSignature; serverAuth; subjectAltName from dns_names
    TlsClient,      // digitalSignature; clientAuth (kiosks: CN = kiosk id)
    DocumentSigner, // digitalSignature + nonRepudiation; emailProtection (CMS)
};

struct Subject {
    std::string common_name;
    std::string serial_number; // the FIN on ID cards
    std::string surname;
    std::string given_name;
    std::string organization;
    std::string country = "AZ";
};

struct CertificateRequest {
    Profile profile = Profile::IdCard;
    Subject subject;
    std::int64_t not_before = 0; // Unix seconds
    std::int64_t not_after = 0;
    std::vector<std::string> dns_names; // TlsServer: DNS names or IP addresses
};

// A certificate and the private key that signs with it (a CA, or any end entity).
struct Credential {
    std::string cert_pem;
    std::string key_pem;
};

// A new P-256 private key (PKCS#8 PEM). Errors: crypto_error.
[[nodiscard]] Result<std::string> generate_key();
// A self-signed certificate for `key_pem` (profile RootCa). Errors: bad_request, crypto_error.
[[nodiscard]] Result<std::string> self_signed(const std::string& key_pem, const CertificateRequest& request);
// A certificate for the public half of `subject_key_pem` (private or public PEM),
// signed by `issuer`. Errors: bad_request, bad_key, crypto_error.
[[nodiscard]] Result<std::string> issue_certificate(const Credential& issuer,
                                                    const std::string& subject_key_pem,
                                                    const CertificateRequest& request);
// The DER bytes of a PEM certificate. Errors: bad_certificate.
[[nodiscard]] Result<std::string> certificate_der(const std::string& cert_pem);

// --- CA directories -----------------------------------------------------------

// Creates ca.key and ca.pem in `dir` (created if needed); refuses to overwrite
// an existing CA. Errors: ca_exists, io_error, crypto_error.
[[nodiscard]] Status init_ca(const std::string& dir, const std::string& name, std::int64_t now, int days);
// Reads ca.pem and ca.key. Errors: ca_missing, io_error.
[[nodiscard]] Result<Credential> load_ca(const std::string& dir);

// --- ID cards -----------------------------------------------------------------

enum class Role : std::uint8_t { Citizen = 0, Staff = 1, Technician = 2 };
[[nodiscard]] std::optional<Role> parse_role(const std::string& text);

struct CardRequest {
    std::string fin;
    std::string surname, name, patronymic;
    std::string birth_date = "19900101"; // YYYYMMDD
    std::string document_number = "AA0000001";
    std::string expiry = "20341231"; // document expiry, YYYYMMDD
    Role role = Role::Citizen;
    std::string pin = "1234"; // 4-8 ASCII digits
    int tries = 3;            // 0 makes a blocked card
    std::int64_t not_before = 0, not_after = 0;
    // Test fixture: the card's private key is not the certified one, so its
    // challenge signatures fail to verify.
    bool mismatched_key = false;
};

// The EF.ID file (BER-TLV) for a card. Errors: bad_request (a field too long or
// not in its format).
[[nodiscard]] Result<std::string> encode_ef_id(const CardRequest& card);
// Issues a card certificate and writes the card directory (created if needed).
// Errors: bad_request, io_error, crypto_error.
[[nodiscard]] Status issue_card(const Credential& ca, const CardRequest& card, const std::string& out_dir);

// Writes `bytes` to `path` atomically with permissions `mode`. Errors: io_error.
[[nodiscard]] Status write_file(const std::string& path, const std::string& bytes, unsigned mode);
// Errors: io_error.
[[nodiscard]] Result<std::string> read_file(const std::string& path);

// "YYYY-MM-DD" or "YYYYMMDD" at 00:00 UTC as Unix seconds.
[[nodiscard]] std::optional<std::int64_t> parse_date(const std::string& text);

} // namespace registry::pki
