#include "proof.hpp"

#include "mobile_id.hpp"
#include "registry/common.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

namespace registry::proof {
namespace {

template <auto fn> struct Deleter {
    template <typename T> void operator()(T* p) const { fn(p); }
};
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;

std::unexpected<Error> rejected(std::string detail) {
    ERR_clear_error();
    return fail("proof_rejected", std::move(detail));
}

std::string fin_of(X509* cert) {
    X509_NAME* name = X509_get_subject_name(cert);
    const int i = X509_NAME_get_index_by_NID(name, NID_serialNumber, -1);
    if (i < 0 || X509_NAME_get_index_by_NID(name, NID_serialNumber, i) >= 0) return {};
    ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                       static_cast<std::size_t>(ASN1_STRING_length(value)));
}

Result<std::string> by_card(Connection& w, const Config& config, const std::string& kiosk_id,
                            const std::string& notification_id, const nlohmann::json& proof) {
    auto get = [&](const char* key) -> std::string {
        auto it = proof.find(key);
        return it != proof.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    const std::string at = get("at");
    auto cert_der = base64_decode(get("certificate"));
    auto signature = base64_decode(get("signature"));
    const auto at_s = parse_instant(at);
    if (!cert_der || cert_der->empty() || cert_der->size() > 8192 || !signature || signature->empty() ||
        signature->size() > 256 || !at_s)
        return fail("bad_proof",
                    "an id_card proof needs certificate and signature (base64) and at (RFC 3339)");
    if (std::llabs(*at_s - now_s()) > config.proof_skew_s)
        return rejected("the proof's time is too far from the registry's clock");

    const auto* p = reinterpret_cast<const unsigned char*>(cert_der->data());
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(cert_der->size())));
    if (!cert) return rejected("the certificate is not DER X.509");

    BioPtr ca_bio(
        BIO_new_mem_buf(config.id_card_ca_pem.data(), static_cast<int>(config.id_card_ca_pem.size())));
    X509Ptr ca(PEM_read_bio_X509(ca_bio.get(), nullptr, nullptr, nullptr));
    StorePtr store(X509_STORE_new());
    StoreCtxPtr ctx(X509_STORE_CTX_new());
    if (!ca || !store || !ctx || X509_STORE_add_cert(store.get(), ca.get()) != 1 ||
        X509_STORE_CTX_init(ctx.get(), store.get(), cert.get(), nullptr) != 1) {
        ERR_clear_error();
        return fail("internal", "the ID-card CA cannot be used");
    }
    if (X509_verify_cert(ctx.get()) != 1)
        return rejected(std::string("the card certificate does not verify: ") +
                        X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())));
    const std::string fin = fin_of(cert.get());
    if (!valid_fin(fin)) return rejected("the card certificate has no FIN");

    const std::string challenge = share_challenge(kiosk_id, notification_id, at);
    MdCtxPtr md(EVP_MD_CTX_new());
    const bool ok =
        md &&
        EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, X509_get0_pubkey(cert.get())) == 1 &&
        EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                         signature->size(), reinterpret_cast<const unsigned char*>(challenge.data()),
                         challenge.size()) == 1;
    if (!ok) return rejected("the card's signature does not verify");

    // Each proof once.
    const std::int64_t now = now_s();
    auto purge = w.stmt("DELETE FROM used_proof WHERE expires_at < ?");
    if (!purge) return std::unexpected(purge.error());
    (*purge)->bind(1, now);
    REGISTRY_TRY((*purge)->run());
    auto s = w.stmt("INSERT OR IGNORE INTO used_proof(hash, expires_at) VALUES (?, ?)");
    if (!s) return std::unexpected(s.error());
    const std::string hash = sha256_hex(*signature);
    (*s)->bind(1, hash);
    (*s)->bind(2, *at_s + 2 * config.proof_skew_s);
    REGISTRY_TRY((*s)->run());
    if (w.changes() == 0) return fail("proof_reused", "this proof was already used");
    return fin;
}

Result<std::string> by_session(Connection& w, const Config& config, const std::string& kiosk_id,
                               const nlohmann::json& proof) {
    auto it = proof.find("session");
    if (it == proof.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
        return fail("bad_proof", "a mobile_id proof needs the session");
    auto session = mobile_id::get(w, it->get<std::string>());
    if (!session) return std::unexpected(session.error());
    if (!*session || (*session)->purpose != "citizen" || (*session)->kiosk_id != kiosk_id)
        return rejected("no such citizen session at this kiosk");
    if ((*session)->state != "confirmed") return rejected("the session is not confirmed");
    if (now_s() - (*session)->confirmed_at > config.citizen_proof_s)
        return rejected("the session is too old");
    return (*session)->fin;
}

} // namespace

std::string share_challenge(std::string_view kiosk_id, std::string_view notification_id,
                            std::string_view at) {
    std::string input = "emek-share/v1\n";
    input += kiosk_id;
    input += '\n';
    input += notification_id;
    input += '\n';
    input += at;
    return sha256_raw(input);
}

Result<std::string> citizen(Connection& w, const Config& config, const std::string& kiosk_id,
                            const std::string& notification_id, const nlohmann::json& proof) {
    if (!proof.is_object()) return fail("bad_proof", "proof must be an object");
    auto type = proof.find("type");
    if (type != proof.end() && *type == "mobile_id") return by_session(w, config, kiosk_id, proof);
    if (type != proof.end() && *type == "id_card")
        return by_card(w, config, kiosk_id, notification_id, proof);
    return fail("bad_proof", "proof type must be mobile_id or id_card");
}

} // namespace registry::proof
