#include "registry/signing.hpp"

#include "registry/common.hpp"

#include <nlohmann/json.hpp>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace registry {
namespace {

template <auto fn> struct Deleter {
    template <typename T> void operator()(T* p) const { fn(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Deleter<CMS_ContentInfo_free>>;
using StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;

Error crypto_error(std::string what) {
    if (unsigned long e = ERR_get_error(); e != 0) {
        char buffer[256];
        ERR_error_string_n(e, buffer, sizeof buffer);
        what += ": ";
        what += buffer;
    }
    ERR_clear_error();
    return Error{"crypto_error", what};
}

BioPtr memory_bio(std::string_view text) {
    return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string name_entry(X509* cert, int nid) {
    X509_NAME* name = X509_get_subject_name(cert);
    const int i = X509_NAME_get_index_by_NID(name, nid, -1);
    if (i < 0) return {};
    ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
    unsigned char* utf8 = nullptr;
    const int n = ASN1_STRING_to_UTF8(&utf8, value);
    if (n < 0) return {};
    std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(n));
    OPENSSL_free(utf8);
    return out;
}

} // namespace

std::string canonical_json(const nlohmann::json& document) {
    return document.dump();
}

struct CmsSigner::Impl {
    X509Ptr cert;
    PkeyPtr key;
};

CmsSigner::CmsSigner(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
CmsSigner::~CmsSigner() = default;

Result<std::unique_ptr<CmsSigner>> CmsSigner::load(const std::string& cert_pem, const std::string& key_pem) {
    auto impl = std::make_unique<Impl>();
    auto cert_bio = memory_bio(cert_pem);
    impl->cert.reset(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
    if (!impl->cert)
        return std::unexpected(Error{"bad_certificate", crypto_error("signer certificate").detail});
    auto key_bio = memory_bio(key_pem);
    impl->key.reset(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
    if (!impl->key) return std::unexpected(Error{"bad_key", crypto_error("signer key").detail});
    if (X509_check_private_key(impl->cert.get(), impl->key.get()) != 1)
        return std::unexpected(
            Error{"bad_key", crypto_error("the key does not match the certificate").detail});
    return std::unique_ptr<CmsSigner>(new CmsSigner(std::move(impl)));
}

Result<std::string> CmsSigner::sign(std::string_view content) const {
    auto data = memory_bio(content);
    CmsPtr cms(CMS_sign(m_impl->cert.get(), m_impl->key.get(), nullptr, data.get(),
                        CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP));
    if (!cms) return std::unexpected(crypto_error("CMS_sign"));
    unsigned char* der = nullptr;
    const int n = i2d_CMS_ContentInfo(cms.get(), &der);
    if (n <= 0) return std::unexpected(crypto_error("i2d_CMS_ContentInfo"));
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
    OPENSSL_free(der);
    return out;
}

SignatureCheck verify_detached(std::string_view der, std::string_view content, const std::string& ca_pem) {
    SignatureCheck check;
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
    if (!cms || p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
        ERR_clear_error();
        check.reason = "malformed";
        return check;
    }
    StorePtr store(X509_STORE_new());
    auto ca_bio = memory_bio(ca_pem);
    X509Ptr ca(PEM_read_bio_X509(ca_bio.get(), nullptr, nullptr, nullptr));
    if (!store || !ca || X509_STORE_add_cert(store.get(), ca.get()) != 1) {
        ERR_clear_error();
        check.reason = "no_ca";
        return check;
    }
    X509_VERIFY_PARAM_set_purpose(X509_STORE_get0_param(store.get()), X509_PURPOSE_ANY);
    auto data = memory_bio(content);
    const int ok = CMS_verify(cms.get(), nullptr, store.get(), data.get(), nullptr, CMS_BINARY);
    if (ok != 1) {
        const unsigned long e = ERR_peek_last_error();
        ERR_clear_error();
        check.reason = ERR_GET_REASON(e) == CMS_R_CERTIFICATE_VERIFY_ERROR ? "untrusted" : "bad_signature";
        return check;
    }
    STACK_OF(X509)* signers = CMS_get0_signers(cms.get());
    if (signers && sk_X509_num(signers) > 0) {
        X509* signer = sk_X509_value(signers, 0);
        check.signer_fin = name_entry(signer, NID_serialNumber);
        check.signer_name = name_entry(signer, NID_commonName);
    }
    sk_X509_free(signers);
    check.valid = true;
    return check;
}

Status SignerDirectory::preload(Connection& c) {
    auto s = c.stmt("SELECT fin, cert_pem, key_pem FROM signer WHERE not_after > ?");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, now_s() + 86400);
    std::lock_guard lock(m_mutex);
    for (;;) {
        auto row = (*s)->step();
        if (!row) return std::unexpected(to_error(row.error()));
        if (!*row) break;
        std::string key_pem = (*s)->column_text(2);
        auto signer = CmsSigner::load((*s)->column_text(1), key_pem);
        OPENSSL_cleanse(key_pem.data(), key_pem.size());
        if (!signer) {
            (*s)->reset();
            return std::unexpected(signer.error());
        }
        m_cache[(*s)->column_text(0)] = std::shared_ptr<const CmsSigner>(std::move(*signer));
    }
    (*s)->reset();
    return {};
}

Result<std::shared_ptr<const CmsSigner>> SignerDirectory::get(Connection* c, const std::string& fin,
                                                              const std::string& name) {
    std::lock_guard lock(m_mutex);
    if (auto it = m_cache.find(fin); it != m_cache.end()) return it->second;

    std::string cert_pem, key_pem;
    if (c) {
        auto s = c->stmt("SELECT cert_pem, key_pem FROM signer WHERE fin = ? AND not_after > ?");
        if (!s) return std::unexpected(s.error());
        (*s)->bind(1, fin);
        (*s)->bind(2, now_s() + 86400);
        auto row = (*s)->step();
        if (!row) return std::unexpected(to_error(row.error()));
        if (*row) {
            cert_pem = (*s)->column_text(0);
            key_pem = (*s)->column_text(1);
        }
        (*s)->reset();
    }
    if (cert_pem.empty()) {
        auto key = pki::generate_key();
        if (!key) return std::unexpected(key.error());
        pki::CertificateRequest request;
        request.profile = pki::Profile::DocumentSigner;
        request.subject.common_name = name.empty() ? fin : name;
        request.subject.serial_number = fin;
        request.not_before = now_s() - 3600;
        request.not_after = now_s() + 5 * 365 * 86400LL;
        auto cert = pki::issue_certificate(m_ca, *key, request);
        if (!cert) return std::unexpected(cert.error());
        m_unsaved.push_back(Issued{fin, request.subject.common_name, *cert, *key, request.not_after});
        cert_pem = std::move(*cert);
        key_pem = std::move(*key);
    }
    auto signer = CmsSigner::load(cert_pem, key_pem);
    OPENSSL_cleanse(key_pem.data(), key_pem.size());
    if (!signer) return std::unexpected(signer.error());
    std::shared_ptr<const CmsSigner> shared(std::move(*signer));
    m_cache.emplace(fin, shared);
    return shared;
}

Status SignerDirectory::save_new(Connection& writer) {
    std::lock_guard lock(m_mutex);
    for (Issued& i : m_unsaved) {
        auto s = writer.stmt(
            "INSERT OR REPLACE INTO signer(fin, name, cert_pem, key_pem, not_after) VALUES (?, ?, ?, ?, ?)");
        if (!s) return std::unexpected(s.error());
        (*s)->bind(1, i.fin);
        (*s)->bind(2, i.name);
        (*s)->bind(3, i.cert_pem);
        (*s)->bind(4, i.key_pem);
        (*s)->bind(5, i.not_after);
        REGISTRY_TRY((*s)->run());
        OPENSSL_cleanse(i.key_pem.data(), i.key_pem.size());
    }
    m_unsaved.clear();
    return {};
}

} // namespace registry
