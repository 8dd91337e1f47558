// Feed pages: parsing, and the replica over a real socket (fixtures/bad_registry.py
// over plain HTTP) when pages are good, truncated, malformed or failing. The replica
// against the real registry is in registry_e2e_test.cpp.
#include "sync/replica.hpp"

#include "kiosk/sqlite.hpp"
#include "sync_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

using namespace kiosk;
using namespace kiosk::sync;
using namespace std::chrono_literals;

namespace {

std::string rec(int seq) {
    return R"({"seq":)" + std::to_string(seq) +
           R"(,"entity":"person","op":"upsert","id":"5ZX8K2P","data":{"fin":"5ZX8K2P","surname":"A","name":"B","patronymic":"C","birth_date":"1990-01-01"}})";
}

} // namespace

TEST(FeedPage, ParsesRecordsNextAndHead) {
    std::string body = R"({"changes":[)" + rec(5) + "," + rec(7) + R"(],"next":7,"head":12,"extra":{"ignored":true}})";
    auto page = parse_feed_page(body, 4);
    ASSERT_TRUE(page) << page.error().detail;
    EXPECT_EQ(page->records.size(), 2u);
    EXPECT_EQ(page->next, 7);
    EXPECT_EQ(page->head, 12);
    EXPECT_NE(page->record(0).find("\"seq\":5"), std::string::npos);
    EXPECT_TRUE(check_change(page->record(1)));
}

TEST(FeedPage, RecordsAreTakenFromTheTextAsTheyCame) {
    // Keys and strings that look like the structure, escapes, nesting, whitespace, and a
    // "changes" member inside another object before the real one.
    const std::string tricky = R"({"seq":3,"entity":"person","op":"upsert","id":"5ZX8K2P","data":{"fin":"5ZX8K2P",)"
                               R"("surname":"A \"],\"changes\":[x","name":"{[","patronymic":"C, D","birth_date":"1990-01-01"}})";
    std::string body = "{ \"meta\" : {\"changes\": [1, 2]},\n  \"changes\" : [ " + rec(2) + " ,\n\t" + tricky +
                       " , [1,[2]] , \"text, with ] and }\" , null ] , \"next\": 3, \"head\": 3 }";
    auto page = parse_feed_page(body, 0);
    ASSERT_TRUE(page) << page.error().detail;
    ASSERT_EQ(page->records.size(), 5u);
    EXPECT_EQ(page->record(0), rec(2));
    EXPECT_EQ(page->record(1), tricky);
    EXPECT_TRUE(check_change(page->record(1)));
    EXPECT_EQ(page->record(2), "[1,[2]]");
    EXPECT_EQ(page->record(3), "\"text, with ] and }\"");
    EXPECT_EQ(page->record(4), "null");
    EXPECT_TRUE(parse_feed_page(R"({"changes":[],"next":0,"head":0})", 0)->records.empty());
}

TEST(FeedPage, AMalformedRecordInsideAGoodPageIsKeptForTheQuarantine) {
    auto page = parse_feed_page(R"({"changes":[42,{"seq":"x"}],"next":3,"head":3})", 0);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->records.size(), 2u);
    EXPECT_FALSE(check_change(page->record(0)));
    EXPECT_FALSE(check_change(page->record(1)));
}

TEST(FeedPage, RefusesWhatIsNotAFeedPage) {
    for (const char* body : {"", "<html>", "[]", R"({"changes":[],"next":1})", R"({"changes":{},"next":1,"head":1})",
                             R"({"changes":[],"next":"1","head":1})", R"({"changes":[)", R"({"changes":[],"next":5,"head":4})"}) {
        auto page = parse_feed_page(body, 0);
        ASSERT_FALSE(page) << body;
        EXPECT_EQ(page.error().code, "malformed_body") << body;
    }
    // next before since, a record beyond next.
    EXPECT_EQ(parse_feed_page(R"({"changes":[],"next":3,"head":9})", 5).error().code, "malformed_body");
    EXPECT_EQ(parse_feed_page(R"({"changes":[)" + rec(9) + R"(],"next":8,"head":9})", 0).error().code, "malformed_body");
    // A registry whose head is behind the kiosk's cursor was reset: said as such.
    EXPECT_EQ(parse_feed_page(R"({"changes":[],"next":50,"head":10})", 50).error().code, "registry_behind");
}

namespace {

struct ReplicaTest : ::testing::Test {
    sync_test::TempDir dir;
    std::unique_ptr<Store> store;
    void SetUp() override {
        auto s = Store::open(dir.file("kiosk.db"));
        ASSERT_TRUE(s);
        store = std::move(*s);
    }
    std::unique_ptr<Transport> transport(const sync_test::BadRegistry& server) {
        TransportConfig c;
        c.base_url = server.url();
        c.connect_timeout = 2s;
        c.read_timeout = 2s;
        return std::move(*Transport::open(c));
    }
};

} // namespace

TEST_F(ReplicaTest, CatchesUpPageByPageWithTheCursorInEachPage) {
    sync_test::BadRegistry server(dir.path(), "ok", {"--records", "2500", "--limit", "400"});
    auto t = transport(server);
    ReplicaOptions o;
    o.page_size = 400;
    o.bulk_threshold = 1000;
    auto replica = Replica::open(*store, *t, o);
    ASSERT_TRUE(replica);
    std::vector<std::int64_t> cursors;
    auto r = (*replica)->catch_up([&](const PageApplied& p) { cursors.push_back(*store->feed_cursor()); EXPECT_EQ(p.next, cursors.back()); });
    ASSERT_TRUE(r) << r.error().detail;
    EXPECT_EQ(r->pages, 7);
    EXPECT_EQ(r->records, 2500);
    EXPECT_EQ(r->cursor, 2500);
    EXPECT_TRUE(r->bulk);
    EXPECT_EQ(cursors, (std::vector<std::int64_t>{400, 800, 1200, 1600, 2000, 2400, 2500}));
    EXPECT_EQ(*store->count("notification"), 2500);
    // The indexes are back after the bulk load.
    auto idx = sql::Stmt::prepare(store->handle(), "SELECT count(*) FROM sqlite_schema WHERE name = 'notification_person'");
    ASSERT_TRUE(idx && *idx->step());
    EXPECT_EQ(idx->column_int(0), 1);
    // Caught up: a poll returns an empty page and changes nothing.
    auto p = (*replica)->poll(0s);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->records, 0u);
    EXPECT_EQ(*store->feed_cursor(), 2500);
}

TEST_F(ReplicaTest, TruncatedAndMalformedPagesApplyNothing) {
    for (const char* mode : {"truncated", "malformed", "badpage"}) {
        sync_test::BadRegistry server(dir.path(), mode, {"--records", "300"});
        auto t = transport(server);
        auto replica = Replica::open(*store, *t);
        auto r = (*replica)->catch_up();
        ASSERT_FALSE(r) << mode;
        EXPECT_TRUE(r.error().code == "net_truncated" || r.error().code == "malformed_body") << mode << ": " << r.error().code;
        EXPECT_EQ(*store->feed_cursor(), 0) << mode;
        EXPECT_EQ(*store->count("notification"), 0) << mode;
        auto p = (*replica)->poll(0s);
        EXPECT_FALSE(p);
    }
}

TEST_F(ReplicaTest, AFailingRegistryIsRetriedAndNothingIsAppliedTwice) {
    sync_test::BadRegistry server(dir.path(), "flaky", {"--records", "1000", "--limit", "300", "--fail", "2"});
    auto t = transport(server);
    auto replica = Replica::open(*store, *t);
    int failures = 0;
    Result<CatchUp> r = fail("none");
    for (int i = 0; i < 5; ++i) {
        r = (*replica)->catch_up();
        if (r) break;
        EXPECT_EQ(r.error().code, "http_status");
        ++failures;
    }
    ASSERT_TRUE(r) << r.error().detail;
    EXPECT_EQ(failures, 2);
    EXPECT_EQ(*store->feed_cursor(), 1000);
    EXPECT_EQ(*store->count("notification"), 1000);
}

TEST_F(ReplicaTest, TheWalStartsOverWhileCatchingUp) {
    // The checkpoints beside the applier let the WAL restart every few pages: it stays a small
    // fraction of the store instead of holding the whole replication until the end.
    sync_test::BadRegistry server(dir.path(), "ok", {"--records", "20000", "--limit", "200"});
    auto t = transport(server);
    ReplicaOptions o;
    o.page_size = 200;
    o.bulk_threshold = 1'000'000'000; // indexes kept up as pages arrive: every page writes its share
    auto replica = Replica::open(*store, *t, o);
    ASSERT_TRUE(replica);
    auto r = (*replica)->catch_up();
    ASSERT_TRUE(r) << r.error().detail;
    EXPECT_EQ(r->pages, 100);
    EXPECT_EQ(*store->count("notification"), 20000);
    const auto db_bytes = std::filesystem::file_size(dir.file("kiosk.db"));
    const auto wal_bytes = std::filesystem::file_size(dir.file("kiosk.db") + "-wal");
    std::printf("store %ju bytes, WAL at most %ju bytes\n", static_cast<std::uintmax_t>(db_bytes),
                static_cast<std::uintmax_t>(wal_bytes));
    EXPECT_LT(wal_bytes * 4, db_bytes);
}
