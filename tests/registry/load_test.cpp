// registry load (registry/src/load.cpp) on the library: generated data into the
// registry's database with real signatures, idempotence, rejected lines, deletes.
#include "registry/common.hpp"
#include "registry/db.hpp"
#include "registry/feed.hpp"
#include "registry/generator.hpp"
#include "registry/load.hpp"
#include "registry/signing.hpp"

#include <cstdio>
#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

class LoadTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "emek-registry-load-XXXXXX").string();
        dir = ::mkdtemp(tmpl.data());
        ASSERT_TRUE(registry::pki::init_ca((dir / "pki").string(), "test CA", std::time(nullptr) - 3600, 30));
        auto loaded = registry::pki::load_ca((dir / "pki").string());
        ASSERT_TRUE(loaded);
        ca = *loaded;
        auto opened = registry::Database::open((dir / "registry.db").string());
        ASSERT_TRUE(opened) << opened.error().detail;
        db = std::move(*opened);
    }
    void TearDown() override {
        db.reset();
        if (!HasFailure()) fs::remove_all(dir);
    }

    registry::Result<registry::LoadStats> load(const std::string& ndjson, bool sign) {
        std::FILE* f = ::fmemopen(const_cast<char*>(ndjson.data()), ndjson.size(), "r");
        registry::LoadOptions o;
        o.sign = sign;
        if (sign) o.ca = ca;
        o.threads = 2;
        auto stats = registry::load_ndjson(*db, f, o);
        std::fclose(f);
        return stats;
    }

    std::string generated(std::uint64_t n) {
        registry::StringSink sink;
        EXPECT_TRUE(registry::generate({n, 11}, sink));
        return sink.text();
    }

    json feed() {
        auto lease = db->read();
        auto page = registry::feed_page(lease->conn(), 0, 10000);
        EXPECT_TRUE(page);
        return json::parse(page->json);
    }

    fs::path dir;
    registry::pki::Credential ca;
    std::unique_ptr<registry::Database> db;
};

} // namespace

TEST_F(LoadTest, GeneratedNotificationsGetRealSignaturesFromTheirSigners) {
    const std::string data = generated(400);
    auto stats = load(data, true);
    ASSERT_TRUE(stats) << stats.error().detail;
    EXPECT_EQ(stats->rejected, 0u);
    EXPECT_EQ(stats->published, stats->lines);
    EXPECT_GT(stats->signed_now, 300u);
    int signed_count = 0, entered = 0;
    const json changes = feed()["changes"];
    for (const json& c : changes) {
        if (c["entity"] != "notification") continue;
        const json& d = c["data"];
        if (d["status"] == "entered") {
            ++entered;
            EXPECT_TRUE(d["signature"].is_null());
            continue;
        }
        ASSERT_TRUE(d["signature"].is_string()) << c.dump();
        auto check = registry::verify_detached(*registry::base64_decode(d["signature"].get<std::string>()),
                                               registry::canonical_json(d["document"]), ca.cert_pem);
        EXPECT_TRUE(check.valid) << check.reason;
        EXPECT_EQ(check.signer_fin, d["signer"]["fin"]);
        EXPECT_EQ(check.signer_name, d["signer"]["name"]);
        // A signature does not carry over to other content.
        json other = d["document"];
        other["position"] = "Başqa";
        EXPECT_FALSE(registry::verify_detached(*registry::base64_decode(d["signature"].get<std::string>()),
                                               registry::canonical_json(other), ca.cert_pem)
                         .valid);
        ++signed_count;
    }
    EXPECT_EQ(static_cast<std::uint64_t>(signed_count), stats->signed_now);
    EXPECT_GT(entered + signed_count, 390);
}

TEST_F(LoadTest, LoadingTheSameFileTwiceChangesNothing) {
    const std::string data = generated(150);
    auto first = load(data, true);
    ASSERT_TRUE(first);
    const json before = feed();
    auto second = load(data, true);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->published, 0u);
    EXPECT_EQ(second->unchanged, second->lines);
    EXPECT_EQ(feed(), before) << "the second load re-signed or re-published";
    // Without --sign the records differ (no signature): they replace the signed ones.
    auto unsigned_ = load(data, false);
    ASSERT_TRUE(unsigned_);
    EXPECT_EQ(unsigned_->published, first->signed_now);
}

TEST_F(LoadTest, InvalidLinesAreCountedAndSkipped) {
    const std::string lines =
        "{\"seq\":1,\"entity\":\"employer\",\"op\":\"upsert\",\"id\":\"1234567891\",\"data\":{\"voen\":"
        "\"1234567891\","
        "\"name\":\"A\"}}\n"
        "not json\n"
        "\n"
        "{\"seq\":3,\"entity\":\"planet\",\"op\":\"upsert\",\"id\":\"x\",\"data\":{}}\n"
        "{\"seq\":4,\"entity\":\"person\",\"op\":\"upsert\",\"id\":\"x\",\"data\":{\"fin\":\"bad\"}}\n"
        "{\"seq\":5,\"entity\":\"notification\",\"op\":\"upsert\",\"id\":\"N1\",\"data\":{\"kind\":"
        "\"conclusion\"}}\n"
        "{\"seq\":6,\"entity\":\"person\",\"op\":\"merge\",\"id\":\"5ZX8K2P\"}\n"
        "{\"seq\":7,\"entity\":\"person\",\"op\":\"upsert\",\"id\":\"5ZX8K2P\",\"data\":{\"fin\":\"5ZX8K2P\"}"
        "}\n";
    auto stats = load(lines, false);
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->lines, 7u) << "the blank line is not a record";
    EXPECT_EQ(stats->published, 2u);
    EXPECT_EQ(stats->rejected, 5u);
    ASSERT_EQ(stats->errors.size(), 5u);
    EXPECT_EQ(stats->errors[0].rfind("line 2: invalid_json", 0), 0u) << stats->errors[0];
    EXPECT_EQ(stats->errors[1].rfind("line 4:", 0), 0u) << stats->errors[1];
    EXPECT_NE(stats->errors[3].find("number"), std::string::npos) << stats->errors[3];
    for (const std::string& e : stats->errors)
        EXPECT_EQ(e.find("5ZX8K2P"), std::string::npos) << "no personal data in errors";
}

TEST_F(LoadTest, ANumberTakenByAnotherNotificationIsRejectedAndDeletesArePublished) {
    auto notification = [](const std::string& id, const std::string& number) {
        json d = {{"number", number},       {"kind", "conclusion"},       {"date", "2024-03-01"},
                  {"contract_id", "C1"},    {"employee_fin", "5ZX8K2P"},  {"employer_voen", "1234567891"},
                  {"position", "Operator"}, {"workplace", "Sex"},         {"status", "registered"},
                  {"validity", "valid"},    {"validity_reason", nullptr}, {"signer", nullptr},
                  {"signed_at", nullptr},   {"registration", nullptr},    {"amendment", nullptr},
                  {"termination", nullptr}, {"document", nullptr},        {"signature", nullptr}};
        return json{{"seq", 1}, {"entity", "notification"}, {"op", "upsert"}, {"id", id}, {"data", d}}
                   .dump() +
               "\n";
    };
    auto stats = load(
        notification("N0000000001", "B-2024-0000001") + notification("N0000000002", "B-2024-0000001"), false);
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->published, 1u);
    EXPECT_EQ(stats->rejected, 1u);
    EXPECT_NE(stats->errors.at(0).find("duplicate_number"), std::string::npos);
    auto deleted =
        load("{\"seq\":9,\"entity\":\"notification\",\"op\":\"delete\",\"id\":\"N0000000001\"}\n", false);
    ASSERT_TRUE(deleted);
    EXPECT_EQ(deleted->published, 1u);
    const json f = feed();
    ASSERT_EQ(f["changes"].size(), 1u);
    EXPECT_EQ(f["changes"][0]["op"], "delete");
    EXPECT_FALSE(f["changes"][0].contains("data"));
    // The number is free again.
    auto reused = load(notification("N0000000002", "B-2024-0000001"), false);
    EXPECT_EQ(reused->published, 1u);
}

TEST_F(LoadTest, SigningNeedsTheCa) {
    registry::LoadOptions o;
    o.sign = true;
    std::FILE* f = ::fmemopen(const_cast<char*>("\n"), 1, "r");
    auto r = registry::load_ndjson(*db, f, o);
    std::fclose(f);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "bad_option");
}
