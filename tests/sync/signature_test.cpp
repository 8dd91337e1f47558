#include "sync/signature.hpp"

#include "kiosk/change.hpp"
#include "kiosk/sqlite.hpp"
#include "sync_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace kiosk;
using namespace kiosk::sync;
using nlohmann::json;

namespace {

// Signs `content` as the registry does: detached CMS, DER, base64, signer certificate included.
std::string sign(const std::string& content, const std::string& cert_pem_file, const std::string& key_file,
                 int flags = CMS_BINARY | CMS_DETACHED) {
    BIO* cb = BIO_new_file(cert_pem_file.c_str(), "r");
    X509* cert = PEM_read_bio_X509(cb, nullptr, nullptr, nullptr);
    BIO_free(cb);
    BIO* kb = BIO_new_file(key_file.c_str(), "r");
    EVP_PKEY* key = PEM_read_bio_PrivateKey(kb, nullptr, nullptr, nullptr);
    BIO_free(kb);
    BIO* data = BIO_new_mem_buf(content.data(), static_cast<int>(content.size()));
    CMS_ContentInfo* cms = CMS_sign(cert, key, nullptr, data, flags);
    unsigned char* der = nullptr;
    int len = i2d_CMS_ContentInfo(cms, &der);
    std::string out(static_cast<std::size_t>((len + 2) / 3 * 4 + 1), '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), der, len);
    out.resize(static_cast<std::size_t>(n));
    OPENSSL_free(der);
    CMS_ContentInfo_free(cms);
    BIO_free(data);
    EVP_PKEY_free(key);
    X509_free(cert);
    return out;
}

json document(int n) {
    return {{"number", "B-2024-" + std::to_string(1000 + n)},
            {"kind", "termination"},
            {"date", "2024-03-01"},
            {"contract_id", "C-1"},
            {"employee_fin", "5ZX8K2P"},
            {"employer_voen", "1234567891"},
            {"position", "Baş operator"},
            {"workplace", "Şüşə sexi"},
            {"salary_azn", "950.00"},
            {"termination", {{"order_date", "2024-02-25"}, {"order_number", "45-X"}, {"termination_date", "2024-03-01"}, {"reason", "70.b"}}}};
}

json record(int seq, const json& doc, const std::optional<std::string>& signature, std::string status = "registered") {
    json data = {{"number", doc["number"]},
                 {"kind", "termination"},
                 {"date", "2024-03-01"},
                 {"contract_id", "C-1"},
                 {"employee_fin", "5ZX8K2P"},
                 {"employer_voen", "1234567891"},
                 {"position", "Baş operator"},
                 {"workplace", "Şüşə sexi"},
                 {"status", status},
                 {"validity", "valid"},
                 {"validity_reason", nullptr},
                 {"signer", {{"fin", "3KD7M1T"}, {"name", "Signer"}}},
                 {"signed_at", "2024-03-01T10:00:00+04:00"},
                 {"registration", {{"number", "QM-1"}, {"registered_at", "2024-03-01T10:00:05+04:00"}}},
                 {"amendment", nullptr},
                 {"termination", doc["termination"]},
                 {"document", doc},
                 {"signature", signature ? json(*signature) : json(nullptr)}};
    return {{"seq", seq}, {"entity", "notification"}, {"op", "upsert"}, {"id", "N" + std::to_string(seq)}, {"data", data}};
}

struct SignatureTest : ::testing::Test {
    static inline sync_test::TempDir* dir = nullptr;
    static inline sync_test::Pki* pki = nullptr;
    static inline sync_test::Pki* other = nullptr; // another CA: an untrusted signer
    static void SetUpTestSuite() {
        dir = new sync_test::TempDir();
        std::filesystem::create_directories(dir->path() / "pki");
        std::filesystem::create_directories(dir->path() / "other");
        pki = new sync_test::Pki(sync_test::make_pki(dir->path() / "pki"));
        other = new sync_test::Pki(sync_test::make_pki(dir->path() / "other", "X", "Another CA"));
    }
    static void TearDownTestSuite() {
        delete other;
        delete pki;
        delete dir;
    }
};

} // namespace

TEST_F(SignatureTest, AGenuineSignatureVerifiesLikeOpensslCmsVerify) {
    auto v = SignatureVerifier::open(pki->ca());
    ASSERT_TRUE(v) << v.error().detail;
    const std::string doc = document(1).dump();
    auto verdict = (*v)->verify(doc, sign(doc, pki->signer_cert(), pki->signer_key()));
    EXPECT_TRUE(verdict.valid) << verdict.reason;
    EXPECT_EQ(verdict.signer, "Test Signer");
    // Twice: the second time from the chain cache.
    EXPECT_TRUE((*v)->verify(doc, sign(doc, pki->signer_cert(), pki->signer_key())).valid);
}

TEST_F(SignatureTest, TamperedOrForeignSignaturesAreInvalidWithTheirReason) {
    auto v = SignatureVerifier::open(pki->ca());
    ASSERT_TRUE(v);
    const std::string doc = document(1).dump();
    const std::string sig = sign(doc, pki->signer_cert(), pki->signer_key());
    json altered = document(1);
    altered["position"] = "Direktor";
    auto r = (*v)->verify(altered.dump(), sig);
    EXPECT_FALSE(r.valid);
    EXPECT_EQ(r.reason, "signature_mismatch");
    // A signer from another CA.
    r = (*v)->verify(doc, sign(doc, other->signer_cert(), other->signer_key()));
    EXPECT_FALSE(r.valid);
    EXPECT_EQ(r.reason, "signer_untrusted");
    // Garbage and truncation.
    EXPECT_EQ((*v)->verify(doc, "not base64 !!").reason, "signature_malformed");
    EXPECT_EQ((*v)->verify(doc, sig.substr(0, sig.size() / 2 / 4 * 4)).reason, "signature_malformed");
    EXPECT_EQ((*v)->verify(doc, "AAAA").reason, "signature_malformed");
    // The signer certificate left out of the SignedData.
    r = (*v)->verify(doc, sign(doc, pki->signer_cert(), pki->signer_key(), CMS_BINARY | CMS_DETACHED | CMS_NOCERTS));
    EXPECT_FALSE(r.valid);
    EXPECT_EQ(r.reason, "signer_unknown");
}

TEST_F(SignatureTest, TheCanonicalFormIsNlohmannDump) {
    auto c = SignatureVerifier::canonical(R"({ "b": 1, "a": "Ə" ,"c":{"z":true,"y":null}})");
    ASSERT_TRUE(c);
    EXPECT_EQ(*c, "{\"a\":\"Ə\",\"b\":1,\"c\":{\"y\":null,\"z\":true}}");
    EXPECT_FALSE(SignatureVerifier::canonical("[1]"));
    EXPECT_FALSE(SignatureVerifier::canonical("{"));
}

TEST_F(SignatureTest, TheCheckerRecordsAVerdictPerVersionAndNeverCallsATamperedRecordValid) {
    auto store = Store::open(dir->file("check.db"));
    ASSERT_TRUE(store);
    auto applier = ChangeApplier::create(**store);
    ASSERT_TRUE(applier);
    ASSERT_TRUE((*applier)->begin());
    auto apply = [&](const json& r) { ASSERT_EQ(*(*applier)->apply(r.dump()), ApplyResult::Applied); };
    const json d1 = document(1), d2 = document(2), d3 = document(3), d4 = document(4);
    apply(record(1, d1, sign(d1.dump(), pki->signer_cert(), pki->signer_key())));
    // 2: the record's shown field differs from what was signed.
    json r2 = record(2, d2, sign(d2.dump(), pki->signer_cert(), pki->signer_key()));
    r2["data"]["position"] = "Direktor";
    apply(r2);
    // 3: the document altered after signing.
    json d3_altered = d3;
    d3_altered["salary_azn"] = "9500.00";
    apply(record(3, d3_altered, sign(d3.dump(), pki->signer_cert(), pki->signer_key())));
    // 4: registered without a signature.
    apply(record(4, d4, std::nullopt));
    // 5: entered (not shown to citizens, nothing to check).
    apply(record(5, document(5), std::nullopt, "entered"));
    ASSERT_TRUE((*applier)->commit());

    auto checker = SignatureChecker::open(**store, pki->ca());
    ASSERT_TRUE(checker) << checker.error().detail;
    EXPECT_EQ(*(*checker)->unchecked(), 4);
    auto counts = (*checker)->check_person("5ZX8K2P");
    ASSERT_TRUE(counts) << counts.error().detail;
    EXPECT_EQ(counts->checked, 4);
    EXPECT_EQ(counts->valid, 1);
    EXPECT_EQ(counts->invalid, 3);
    EXPECT_EQ(counts->reasons["document_mismatch"], 1);
    EXPECT_EQ(counts->reasons["signature_mismatch"], 1);
    EXPECT_EQ(counts->reasons["signature_missing"], 1);
    EXPECT_EQ(*(*checker)->unchecked(), 0);
    // Nothing is checked twice.
    EXPECT_EQ((*checker)->check_person("5ZX8K2P")->checked, 0);

    // A newer version of record 1 needs a new verdict; this one was tampered with.
    ASSERT_TRUE((*applier)->begin());
    json r1b = record(6, d1, sign(d1.dump(), pki->signer_cert(), pki->signer_key()));
    r1b["id"] = "N1";
    r1b["data"]["document"]["position"] = "Direktor";
    apply(r1b);
    ASSERT_TRUE((*applier)->commit());
    EXPECT_EQ(*(*checker)->unchecked(), 1);
    auto one = (*checker)->check_one("N1");
    ASSERT_TRUE(one);
    EXPECT_EQ(one->invalid, 1);
    auto row = sql::Stmt::prepare((*store)->handle(), "SELECT result, reason, seq FROM signature_check WHERE id = 'N1'");
    ASSERT_TRUE(row && *row->step());
    EXPECT_EQ(row->column_text(0), "invalid");
    EXPECT_EQ(row->column_text(1), "signature_mismatch");
    EXPECT_EQ(row->column_int(2), 6);
}

TEST_F(SignatureTest, TheBackgroundPassWalksTheReplicaInChunksAndWraps) {
    auto store = Store::open(dir->file("background.db"));
    ASSERT_TRUE(store);
    auto applier = ChangeApplier::create(**store);
    ASSERT_TRUE((*applier)->begin());
    for (int i = 1; i <= 25; ++i) {
        json d = document(i);
        ASSERT_TRUE((*applier)->apply(record(i, d, sign(d.dump(), pki->signer_cert(), pki->signer_key())).dump()));
    }
    ASSERT_TRUE((*applier)->commit());
    auto checker = SignatureChecker::open(**store, pki->ca());
    ASSERT_TRUE(checker);
    bool wrapped = false;
    CheckCounts total;
    int rounds = 0;
    while (!wrapped && rounds < 10) {
        auto c = (*checker)->check_next(10, wrapped);
        ASSERT_TRUE(c) << c.error().detail;
        total += *c;
        ++rounds;
    }
    EXPECT_EQ(rounds, 3);
    EXPECT_EQ(total.checked, 25);
    EXPECT_EQ(total.valid, 25);
    EXPECT_EQ(*(*checker)->unchecked(), 0);
    // After the wrap it starts again and finds nothing to do.
    auto again = (*checker)->check_next(10, wrapped);
    EXPECT_EQ(again->checked, 0);
    EXPECT_TRUE(wrapped);
}

TEST(SignatureVerifierOpen, AMissingOrEmptyCaFileIsAnError) {
    EXPECT_EQ(SignatureVerifier::open("/nonexistent/ca.pem").error().code, "signer_ca_unreadable");
    sync_test::TempDir d;
    sync_test::write_text(d.path() / "empty.pem", "nothing here");
    EXPECT_EQ(SignatureVerifier::open(d.file("empty.pem")).error().code, "signer_ca_unreadable");
}
