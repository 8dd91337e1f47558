// Trust decisions on ID cards with OpenSSL: certificate chain, validity, key
// type, FIN, and the challenge signature.
#include "hal/id_card.hpp"

#include <cstring>
#include <fstream>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <sstream>

namespace hal {
namespace {

struct StoreCtxFree {
    void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
};
struct X509Free {
    void operator()(X509* p) const { X509_free(p); }
};

std::string openssl_reason() {
    unsigned long e = ERR_get_error();
    ERR_clear_error();
    if (e == 0) return {};
    char buffer[256];
    ERR_error_string_n(e, buffer, sizeof buffer);
    return buffer;
}

} // namespace

struct TrustStore::Impl {
    X509_STORE* store = nullptr;
    ~Impl() { X509_STORE_free(store); }
};

struct VerifiedCertificate::Impl {
    EVP_PKEY* key = nullptr;
    ~Impl() { EVP_PKEY_free(key); }
};

TrustStore::TrustStore(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
TrustStore::~TrustStore() = default;
VerifiedCertificate::VerifiedCertificate(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
VerifiedCertificate::~VerifiedCertificate() = default;

kiosk::Result<std::unique_ptr<TrustStore>> TrustStore::load_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return kiosk::fail("ca_unreadable", path + ": cannot open");
    std::ostringstream text;
    text << in.rdbuf();
    auto store = from_pem(text.str());
    if (!store) return kiosk::fail(store.error().code, path + ": " + store.error().detail);
    return store;
}

kiosk::Result<std::unique_ptr<TrustStore>> TrustStore::from_pem(std::string_view pem) {
    auto impl = std::make_unique<Impl>();
    impl->store = X509_STORE_new();
    if (!impl->store) return kiosk::fail("crypto_error", "X509_STORE_new");
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    int count = 0;
    while (X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
        X509_STORE_add_cert(impl->store, ca);
        X509_free(ca);
        ++count;
    }
    BIO_free(bio);
    ERR_clear_error(); // the end of the PEM stream leaves a "no start line" error
    if (count == 0) return kiosk::fail("ca_unreadable", "no PEM certificate");
    return std::unique_ptr<TrustStore>(new TrustStore(std::move(impl)));
}

kiosk::Result<std::unique_ptr<VerifiedCertificate>>
TrustStore::verify(std::span<const std::uint8_t> cert_der, std::string_view fin,
                   std::chrono::system_clock::time_point now) const {
    const unsigned char* p = cert_der.data();
    std::unique_ptr<X509, X509Free> cert(d2i_X509(nullptr, &p, static_cast<long>(cert_der.size())));
    if (!cert || p != cert_der.data() + cert_der.size())
        return kiosk::fail("bad_certificate", "EF.CERT is not one DER certificate " + openssl_reason());

    EVP_PKEY* key = X509_get0_pubkey(cert.get());
    char group[64] = {};
    std::size_t group_len = 0;
    if (!key || !EVP_PKEY_is_a(key, "EC") ||
        EVP_PKEY_get_group_name(key, group, sizeof group, &group_len) != 1 ||
        std::strcmp(group, "prime256v1") != 0)
        return kiosk::fail("bad_certificate", "the card key is not ECDSA P-256");
    if (!(X509_get_key_usage(cert.get()) & KU_DIGITAL_SIGNATURE))
        return kiosk::fail("bad_certificate", "the certificate does not allow digital signatures");

    std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), m_impl->store, cert.get(), nullptr) != 1)
        return kiosk::fail("crypto_error", "X509_STORE_CTX_init");
    X509_STORE_CTX_set_time(ctx.get(), 0, std::chrono::system_clock::to_time_t(now));
    if (X509_verify_cert(ctx.get()) != 1) {
        const int err = X509_STORE_CTX_get_error(ctx.get());
        const int depth = X509_STORE_CTX_get_error_depth(ctx.get());
        const std::string detail = X509_verify_cert_error_string(err);
        ERR_clear_error();
        if (depth == 0 && err == X509_V_ERR_CERT_HAS_EXPIRED) return kiosk::fail("expired", detail);
        if (depth == 0 && err == X509_V_ERR_CERT_NOT_YET_VALID) return kiosk::fail("not_yet_valid", detail);
        return kiosk::fail("untrusted_ca", detail + " (depth " + std::to_string(depth) + ")");
    }

    // The FIN lives in the subject's serialNumber (PROTOCOL.md).
    X509_NAME* subject = X509_get_subject_name(cert.get());
    const int index = X509_NAME_get_index_by_NID(subject, NID_serialNumber, -1);
    bool match = false;
    if (index >= 0 && X509_NAME_get_index_by_NID(subject, NID_serialNumber, index) < 0) {
        const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
        const auto* bytes = ASN1_STRING_get0_data(value);
        match = std::string_view(reinterpret_cast<const char*>(bytes),
                                 static_cast<std::size_t>(ASN1_STRING_length(value))) == fin;
    }
    if (!match) return kiosk::fail("fin_mismatch", "EF.ID and the certificate name different people");

    auto verified = std::make_unique<VerifiedCertificate::Impl>();
    verified->key = key;
    EVP_PKEY_up_ref(key);
    return std::unique_ptr<VerifiedCertificate>(new VerifiedCertificate(std::move(verified)));
}

kiosk::Status VerifiedCertificate::verify_signature(std::span<const std::uint8_t> challenge,
                                                    std::span<const std::uint8_t> der_signature) const {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok = ctx && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, m_impl->key) == 1 &&
                    EVP_DigestVerify(ctx, der_signature.data(), der_signature.size(), challenge.data(),
                                     challenge.size()) == 1;
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    if (!ok)
        return kiosk::fail("bad_signature",
                           "the challenge signature does not verify with the card certificate");
    return {};
}

} // namespace hal
