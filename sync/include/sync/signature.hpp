// Signature validity (PRODUCT §3, §2.5): each notification carries `signature`, base64
// of a detached CMS SignedData over the canonical JSON of its `document` (coord: the
// bytes of nlohmann::json::dump() with default arguments), made with a signer
// certificate issued by the registry's CA and included in the SignedData. The kiosk
// checks it with OpenSSL against the signer CA, as
//   openssl cms -verify -binary -inform DER -in sig.der -content doc.json -CAfile ca.pem -purpose any
// does, and also that the record's own fields (what the screen and the printed form
// show) agree with the signed document. A record that fails is invalid with a reason:
//   signature_missing   signed/registered/cancelled but no signature
//   document_missing    no document to check the signature against
//   document_malformed  the document is not a JSON object
//   signature_malformed not base64, not DER, not a CMS SignedData, no signer
//   signer_unknown      the signer's certificate is not in the SignedData
//   signer_untrusted    the signer's certificate does not chain to the signer CA
//   signer_expired      the signer's certificate is expired or not yet valid
//   signature_mismatch  the signature does not verify over the document (altered)
//   document_mismatch   the record's fields differ from the signed document (altered)
//
// Where it runs (the 1 M-row budget): not during replication. A background pass checks
// the replica at low priority after it caught up; a person's notifications are checked
// before their list or a detail is shown (a few ms); verdicts are cached per
// (notification id, seq) in signature_check, so each version is verified once.
//
// Version 1.
#pragma once

#include "kiosk/error.hpp"
#include "kiosk/store.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kiosk::sync {

struct SignatureVerdict {
    bool valid = false;
    std::string reason; // an error code when invalid
    std::string signer; // the signing certificate's subject CN, when it could be read
};

// Verifies detached CMS signatures against one CA file (PEM, one or more certificates).
// Caches each signer certificate's chain verdict (per certificate, for an hour). One per thread.
class SignatureVerifier {
  public:
    // Errors: signer_ca_unreadable.
    [[nodiscard]] static Result<std::unique_ptr<SignatureVerifier>> open(const std::string& ca_file);
    ~SignatureVerifier();
    SignatureVerifier(const SignatureVerifier&) = delete;
    SignatureVerifier& operator=(const SignatureVerifier&) = delete;

    // `content` is exactly the signed bytes (the canonical document).
    SignatureVerdict verify(std::string_view content, std::string_view signature_base64);
    // The canonical JSON of a document as stored (nlohmann::json::dump()); nullopt when not a JSON object.
    static std::optional<std::string> canonical(std::string_view document_json);

  private:
    struct Impl;
    explicit SignatureVerifier(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

struct CheckCounts {
    std::int64_t checked = 0, valid = 0, invalid = 0;
    std::map<std::string, std::int64_t> reasons;
    CheckCounts& operator+=(const CheckCounts& o);
};

// Checks notifications of the replica and records the verdicts (signature_check).
// Uses its own store connection from one thread.
class SignatureChecker {
  public:
    [[nodiscard]] static Result<std::unique_ptr<SignatureChecker>> open(Store& store, const std::string& signer_ca);
    ~SignatureChecker();

    // Every notification of this person whose current version has no verdict yet.
    [[nodiscard]] Result<CheckCounts> check_person(std::string_view fin);
    // One notification (if it needs a verdict).
    [[nodiscard]] Result<CheckCounts> check_one(std::string_view id);
    // The background pass: the next notifications in rowid order from the stored marker
    // that need a verdict, at most `max` examined rows; `wrapped` is set when the pass
    // reached the end (the marker starts again from the beginning).
    [[nodiscard]] Result<CheckCounts> check_next(std::size_t max, bool& wrapped);
    // Notifications without a verdict for their current version (not counting entered ones).
    [[nodiscard]] Result<std::int64_t> unchecked() const;

  private:
    SignatureChecker(Store& store, std::unique_ptr<SignatureVerifier> verifier);
    [[nodiscard]] Result<CheckCounts> check_where(std::string_view where, std::string_view arg,
                                                  std::int64_t after_rowid, std::size_t limit,
                                                  std::int64_t* last_rowid, std::int64_t* examined);
    Store& m_store;
    std::unique_ptr<SignatureVerifier> m_verifier;
};

} // namespace kiosk::sync
