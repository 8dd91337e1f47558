// The test PKI (registry/src/pki.cpp): one CA machinery for every profile.
#include "registry/pki.hpp"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

namespace fs = std::filesystem;
using namespace registry;

namespace {

X509* parse(const std::string& pem) {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return cert;
}

// OpenSSL's own verdict for `cert` under `ca` for an X509_PURPOSE.
int verify(const std::string& ca_pem, const std::string& cert_pem, int purpose) {
    X509* ca = parse(ca_pem);
    X509* cert = parse(cert_pem);
    X509_STORE* store = X509_STORE_new();
    X509_STORE_add_cert(store, ca);
    X509_STORE_CTX* ctx = X509_STORE_CTX_new();
    X509_STORE_CTX_init(ctx, store, cert, nullptr);
    X509_STORE_CTX_set_purpose(ctx, purpose);
    const int ok = X509_verify_cert(ctx);
    const int err = ok == 1 ? X509_V_OK : X509_STORE_CTX_get_error(ctx);
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
    X509_free(cert);
    X509_free(ca);
    return err;
}

struct TempDir {
    std::string path;
    TempDir() {
        path = (fs::temp_directory_path() / "pki-test-XXXXXX").string();
        if (!mkdtemp(path.data())) std::abort();
    }
    ~TempDir() { fs::remove_all(path); }
};

TEST(Pki, TheCaIssuesEveryProfile) {
    TempDir dir;
    const std::int64_t now = std::time(nullptr);
    ASSERT_TRUE(pki::init_ca(dir.path, "CA", now, 10));
    EXPECT_EQ(pki::init_ca(dir.path, "CA", now, 10).error().code, "ca_exists");
    struct stat st {};
    ASSERT_EQ(stat((dir.path + "/ca.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto ca = pki::load_ca(dir.path);
    ASSERT_TRUE(ca);

    const std::pair<pki::Profile, int> cases[] = {{pki::Profile::TlsServer, X509_PURPOSE_SSL_SERVER},
                                                  {pki::Profile::TlsClient, X509_PURPOSE_SSL_CLIENT},
                                                  {pki::Profile::DocumentSigner, X509_PURPOSE_SMIME_SIGN},
                                                  {pki::Profile::IdCard, X509_PURPOSE_SSL_CLIENT}};
    for (auto [profile, purpose] : cases) {
        auto key = pki::generate_key();
        ASSERT_TRUE(key);
        pki::CertificateRequest r;
        r.profile = profile;
        r.subject.common_name = "kiosk-0042";
        r.subject.serial_number = "5ZX8K2P";
        r.dns_names = {"localhost", "127.0.0.1"};
        r.not_before = now - 60;
        r.not_after = now + 86400;
        auto cert = pki::issue_certificate(*ca, *key, r);
        ASSERT_TRUE(cert) << cert.error().detail;
        EXPECT_EQ(verify(ca->cert_pem, *cert, purpose), X509_V_OK) << static_cast<int>(profile);
        // A server certificate is no client certificate and the other way round.
        if (profile == pki::Profile::TlsServer) {
            EXPECT_NE(verify(ca->cert_pem, *cert, X509_PURPOSE_SSL_CLIENT), X509_V_OK);
        }
        if (profile == pki::Profile::TlsClient) {
            EXPECT_NE(verify(ca->cert_pem, *cert, X509_PURPOSE_SSL_SERVER), X509_V_OK);
        }
    }
}

TEST(Pki, RefusesBadRequests) {
    TempDir dir;
    const std::int64_t now = std::time(nullptr);
    ASSERT_TRUE(pki::init_ca(dir.path, "CA", now, 10));
    auto ca = pki::load_ca(dir.path);
    auto key = pki::generate_key();
    pki::CertificateRequest r;
    r.subject.common_name = "x";
    r.not_before = now;
    r.not_after = now - 1;
    EXPECT_EQ(pki::issue_certificate(*ca, *key, r).error().code, "bad_request");
    r.not_after = now + 10;
    EXPECT_EQ(pki::issue_certificate(*ca, *key, r).error().code, "bad_request") << "an ID card needs a FIN";
    EXPECT_EQ(pki::issue_certificate(*ca, "junk", r).error().code, "bad_key");
    EXPECT_EQ(pki::load_ca(dir.path + "/none").error().code, "ca_missing");
    pki::CardRequest card;
    card.fin = "5ZX8K2P";
    card.pin = "12";
    card.not_before = now;
    card.not_after = now + 10;
    EXPECT_EQ(pki::issue_card(*ca, card, dir.path + "/card").error().code, "bad_request");
}

TEST(Pki, CardFilesAreWhatTheCardServes) {
    TempDir dir;
    const std::int64_t now = std::time(nullptr);
    ASSERT_TRUE(pki::init_ca(dir.path, "CA", now, 10));
    auto ca = pki::load_ca(dir.path);
    pki::CardRequest card;
    card.fin = "5ZX8K2P";
    card.surname = "Quliyev";
    card.name = "Elvin";
    card.patronymic = "Rauf oğlu";
    card.role = pki::Role::Staff;
    card.not_before = now;
    card.not_after = now + 86400;
    ASSERT_TRUE(pki::issue_card(*ca, card, dir.path + "/card"));
    auto ef = pki::read_file(dir.path + "/card/ef_id.bin");
    ASSERT_TRUE(ef);
    EXPECT_EQ(ef->substr(0, 9), std::string("\x80\x07"
                                            "5ZX8K2P",
                                            9));
    EXPECT_EQ(ef->substr(ef->size() - 3), std::string("\x87\x01\x01", 3));
    auto pem = pki::read_file(dir.path + "/card/cert.pem");
    EXPECT_EQ(verify(ca->cert_pem, *pem, X509_PURPOSE_SSL_CLIENT), X509_V_OK);
    for (const char* secret : {"key.pem", "pin", "tries"}) {
        struct stat st {};
        ASSERT_EQ(stat((dir.path + "/card/" + secret).c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0600u) << secret;
    }
    EXPECT_EQ(*pki::read_file(dir.path + "/card/tries"), "3\n");
    EXPECT_FALSE(pki::parse_date("2023-02-29"));
    EXPECT_EQ(*pki::parse_date("1970-01-02"), 86400);
}

} // namespace
