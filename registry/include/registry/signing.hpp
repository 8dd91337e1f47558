// Signatures over notifications (coord.md, shared with sync/):
//   canonical JSON of `document` = nlohmann::json::dump() with default arguments;
//   `signature` = base64 (standard, no line breaks) of a DER CMS SignedData, detached,
//   signed by the signer's certificate from the registry's test CA, certificate included.
// Verifiable with
//   openssl cms -verify -binary -inform DER -in sig.der -content doc.json -CAfile ca.pem -purpose any
//
// Every signer (a person, by FIN) gets a P-256 key and a document-signer certificate
// (CN = name, serialNumber = FIN) from the test CA the first time they sign; both
// are kept in the database's `signer` table.
#pragma once

#include "registry/db.hpp"
#include "registry/error.hpp"
#include "registry/pki.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace registry {

// The bytes the signature covers.
std::string canonical_json(const nlohmann::json& document);

// One signer's certificate and key, parsed once, usable from many threads.
class CmsSigner {
  public:
    ~CmsSigner();
    CmsSigner(const CmsSigner&) = delete;
    CmsSigner& operator=(const CmsSigner&) = delete;

    // Errors: bad_certificate, bad_key.
    [[nodiscard]] static Result<std::unique_ptr<CmsSigner>> load(const std::string& cert_pem,
                                                                 const std::string& key_pem);
    // DER CMS SignedData, detached, with the signer certificate. Errors: crypto_error.
    [[nodiscard]] Result<std::string> sign(std::string_view content) const;

  private:
    struct Impl;
    explicit CmsSigner(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

struct SignatureCheck {
    bool valid = false;
    std::string reason;     // when not valid: a stable code (bad_signature, untrusted, malformed)
    std::string signer_fin; // the certificate's serialNumber
    std::string signer_name;
};

// Verifies a detached DER CMS signature over `content` against the CA certificate
// (PEM), any purpose: what `openssl cms -verify ... -purpose any` checks.
SignatureCheck verify_detached(std::string_view der, std::string_view content, const std::string& ca_pem);

// Per-FIN signers issued from the test CA and kept in the database. Thread-safe.
class SignerDirectory {
  public:
    explicit SignerDirectory(pki::Credential ca) : m_ca(std::move(ca)) {}
    // Loads every stored signer (bulk signing). Errors: store_error, bad_certificate.
    [[nodiscard]] Status preload(Connection& c);
    // The signer of `fin`: cached, else stored (looked up through `c` when given), else
    // issued now and kept until save_new(). Errors: crypto_error, store_error.
    [[nodiscard]] Result<std::shared_ptr<const CmsSigner>> get(Connection* c, const std::string& fin,
                                                               const std::string& name);
    // Stores the signers issued since the last call (in the caller's write transaction).
    [[nodiscard]] Status save_new(Connection& writer);
    const std::string& ca_pem() const { return m_ca.cert_pem; }

  private:
    struct Issued {
        std::string fin, name, cert_pem, key_pem;
        std::int64_t not_after;
    };
    pki::Credential m_ca;
    std::mutex m_mutex;
    std::map<std::string, std::shared_ptr<const CmsSigner>> m_cache;
    std::vector<Issued> m_unsaved;
};

} // namespace registry
