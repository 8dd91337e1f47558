// The change feed over real HTTPS: ordering, paging, compaction, long-poll wake-up
// (by the server's own writes and by another process), gzip, parameters.
#include "registry_fixture.hpp"

#include <chrono>
#include <fstream>
#include <future>
#include <gtest/gtest.h>
#include <set>
#include <zlib.h>

using namespace registry_test;

namespace {

std::string gunzip(const std::string& in) {
    z_stream z{};
    EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
    std::string out;
    char buffer[65536];
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    int rc;
    do {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
    } while (rc == Z_OK);
    inflateEnd(&z);
    EXPECT_EQ(rc, Z_STREAM_END);
    return out;
}

class FeedTest : public ::testing::Test {
  protected:
    void SetUp() override {
        world = World::create(tmp.path());
        generated = (tmp.path() / "gen.ndjson").string();
        ASSERT_EQ(run_cli({"generate", "--notifications", "300", "--seed", "7", "--out", generated}).status,
                  0);
        auto loaded = run_cli({"load", generated, "--db", world.db.string()});
        ASSERT_EQ(loaded.status, 0) << loaded.err;
        server = Server::start(world);
        ASSERT_TRUE(server);
        kiosk = server->client("KIOSK-01");
    }

    json page(std::int64_t since, int limit, int wait = 0) {
        auto r = kiosk->get("/api/v1/changes?since=" + std::to_string(since) +
                            "&limit=" + std::to_string(limit) + "&wait=" + std::to_string(wait));
        EXPECT_TRUE(r.has_value());
        if (!r) return {};
        EXPECT_EQ(r->status, 200) << r->body;
        return body(*r);
    }

    TempDir tmp;
    World world;
    std::string generated;
    std::unique_ptr<Server> server;
    std::unique_ptr<registry::http::Client> kiosk;
};

} // namespace

TEST_F(FeedTest, PagesCoverEveryRecordOnceInIncreasingOrder) {
    std::int64_t since = 0, head = -1;
    std::set<std::string> ids;
    std::int64_t last_seq = 0;
    int pages = 0, records = 0;
    for (;;) {
        json p = page(since, 97);
        ASSERT_TRUE(p.contains("changes"));
        head = p["head"];
        if (p["changes"].empty()) {
            EXPECT_EQ(p["next"], since);
            break;
        }
        ++pages;
        for (const json& c : p["changes"]) {
            EXPECT_GT(c["seq"].get<std::int64_t>(), last_seq);
            last_seq = c["seq"];
            EXPECT_TRUE(ids.insert(c["entity"].get<std::string>() + "/" + c["id"].get<std::string>()).second)
                << "twice: " << c["id"];
            EXPECT_TRUE(c["op"] == "upsert");
            EXPECT_TRUE(c["data"].is_object());
            ++records;
        }
        EXPECT_EQ(p["next"], last_seq);
        EXPECT_LE(p["changes"].size(), 97u);
        since = p["next"];
    }
    EXPECT_EQ(last_seq, head);
    EXPECT_GT(pages, 3);
    // Every line of the generated file is one live record, and the world's employer one more.
    auto lines = run_program({"wc", "-l", generated});
    EXPECT_EQ(records, std::stoi(lines.out) + 1);
}

TEST_F(FeedTest, ANewerChangeReplacesTheOlderRowUnderAHigherSeq) {
    const json before = page(0, 10000);
    const std::int64_t head = before["head"];
    // Loading the same file again publishes nothing.
    auto again = run_cli({"load", generated, "--db", world.db.string()});
    ASSERT_EQ(again.status, 0);
    EXPECT_NE(again.out.find(" 0 published"), std::string::npos) << again.out;
    EXPECT_EQ(page(0, 1)["head"], head);
    // A changed employer record moves to the end of the feed, once.
    json employer;
    for (const json& c : before["changes"])
        if (c["entity"] == "employer") {
            employer = c;
            break;
        }
    ASSERT_TRUE(employer.is_object());
    json changed = employer;
    changed["data"]["name"] = "Yeni ad MMC";
    const std::string file = (tmp.path() / "change.ndjson").string();
    std::ofstream(file) << changed.dump() << "\n";
    ASSERT_EQ(run_cli({"load", file, "--db", world.db.string()}).status, 0);
    const json after = page(0, 10000);
    EXPECT_EQ(after["head"], head + 1);
    int seen = 0;
    for (const json& c : after["changes"])
        if (c["entity"] == "employer" && c["id"] == employer["id"]) {
            ++seen;
            EXPECT_EQ(c["seq"], head + 1);
            EXPECT_EQ(c["data"]["name"], "Yeni ad MMC");
        }
    EXPECT_EQ(seen, 1);
    EXPECT_EQ(after["changes"].size(), before["changes"].size());
}

TEST_F(FeedTest, LongPollWakesUpWhenAnotherProcessPublishes) {
    const std::int64_t head = page(0, 1)["head"];
    const auto started = std::chrono::steady_clock::now();
    auto poll = std::async(std::launch::async, [&] { return page(head, 100, 20); });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto added = run_cli({"employer", "add", "--db", world.db.string(), "--voen", "1111111111", "--sun",
                          "2222222222", "--name", "Yeni MMC", "--address", "Gəncə", "--head-fin", "7AB3C4D"});
    ASSERT_EQ(added.status, 0) << added.err;
    const json p = poll.get();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ASSERT_EQ(p["changes"].size(), 1u);
    EXPECT_EQ(p["changes"][0]["id"], "1111111111");
    EXPECT_EQ(p["next"], head + 1);
    EXPECT_GE(seconds, 0.4);
    EXPECT_LT(seconds, 5.0) << "the long poll did not wake up";
}

TEST_F(FeedTest, LongPollWakesUpWhenTheRegistrySignsANotification) {
    auto employer = server->client();
    const std::string head_token = login(*employer, World::k_head_phone, World::k_head_user);
    ASSERT_EQ(employer
                  ->post("/api/v1/employers/" + std::string(World::k_voen) + "/authorisations",
                         json{{"fin", World::k_head_fin},
                              {"name", "Əliyev Tofiq"},
                              {"position", "Direktor"},
                              {"term", "indefinite"}}
                             .dump(),
                         "application/json", bearer(head_token))
                  ->status,
              201);
    auto entered = employer->post("/api/v1/employers/" + std::string(World::k_voen) + "/notifications",
                                  conclusion().dump(), "application/json", bearer(head_token));
    ASSERT_EQ(entered->status, 201) << entered->body;
    const std::string id = body(*entered)["id"];
    const json before = page(0, 1);
    // Entering publishes nothing: drafts are not replicated.
    const std::int64_t head = before["head"];
    auto signing = employer->post("/api/v1/notifications/" + id + "/signatures", "{}", "application/json",
                                  bearer(head_token));
    ASSERT_EQ(signing->status, 201) << signing->body;
    const std::string session = body(*signing)["session"];

    const auto started = std::chrono::steady_clock::now();
    auto poll = std::async(std::launch::async, [&] { return page(head, 100, 25); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto phone = server->client();
    ASSERT_EQ(answer(*phone, World::k_head_phone, session, World::k_pin2).status, 200);
    const json p = poll.get();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_LT(seconds, 3.0);
    // The person, the new contract and the signed notification, in that order.
    ASSERT_EQ(p["changes"].size(), 3u) << p.dump();
    EXPECT_EQ(p["changes"][0]["entity"], "person");
    EXPECT_EQ(p["changes"][1]["entity"], "contract");
    EXPECT_EQ(p["changes"][2]["entity"], "notification");
    EXPECT_EQ(p["changes"][2]["id"], id);
    EXPECT_EQ(p["changes"][2]["data"]["status"], "signed");
}

TEST_F(FeedTest, LongPollEndsEmptyAtItsDeadline) {
    const std::int64_t head = page(0, 1)["head"];
    const auto started = std::chrono::steady_clock::now();
    const json p = page(head, 100, 1);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_TRUE(p["changes"].empty());
    EXPECT_EQ(p["next"], head);
    EXPECT_EQ(p["head"], head);
    EXPECT_GE(seconds, 0.9);
    EXPECT_LT(seconds, 3.0);
}

TEST_F(FeedTest, ACursorAheadOfTheHeadIsAnsweredAtOnce) {
    const std::int64_t head = page(0, 1)["head"];
    const auto started = std::chrono::steady_clock::now();
    const json p = page(head + 1000, 100, 10);
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), 2.0);
    EXPECT_TRUE(p["changes"].empty());
    EXPECT_EQ(p["head"], head);
    EXPECT_EQ(p["next"], head + 1000);
}

TEST_F(FeedTest, GzipOnRequestOnly) {
    auto raw = server->client("KIOSK-01", 40, false);
    auto plain = raw->get("/api/v1/changes?since=0&limit=500");
    ASSERT_TRUE(plain && plain->status == 200);
    EXPECT_EQ(plain->header("content-encoding"), "");
    auto packed = raw->get("/api/v1/changes?since=0&limit=500", {{"Accept-Encoding", "gzip"}});
    ASSERT_TRUE(packed && packed->status == 200);
    EXPECT_EQ(packed->header("content-encoding"), "gzip");
    EXPECT_LT(packed->body.size() * 3, plain->body.size()) << "JSON should compress well";
    EXPECT_EQ(gunzip(packed->body), plain->body);
    // gzip;q=0 refuses it.
    auto refused = raw->get("/api/v1/changes?since=0&limit=500", {{"Accept-Encoding", "gzip;q=0"}});
    EXPECT_EQ(refused->header("content-encoding"), "");
    // A client that decompresses gets the same page.
    auto decoded = kiosk->get("/api/v1/changes?since=0&limit=500", {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(decoded->body, plain->body);
}

TEST_F(FeedTest, MalformedParametersAreRefused) {
    for (const char* query :
         {"since=-1", "since=abc", "since=1.5", "limit=0", "limit=x", "wait=-2", "wait=soon"}) {
        auto r = kiosk->get(std::string("/api/v1/changes?") + query);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 400) << query;
        EXPECT_EQ(error_code(*r), "bad_request") << query;
    }
    // Limits above the maximum are capped, waits above 30 s too (here nothing waits: data is there).
    auto big = kiosk->get("/api/v1/changes?since=0&limit=999999&wait=999");
    ASSERT_TRUE(big);
    EXPECT_EQ(big->status, 200);
    EXPECT_LE(body(*big)["changes"].size(), 10000u);
}
