#include "sync/outbox.hpp"

#include "kiosk/sqlite.hpp"
#include "sync_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

using namespace kiosk;
using namespace kiosk::sync;

namespace {

struct OutboxTest : ::testing::Test {
    sync_test::TempDir dir;
    std::unique_ptr<Store> store;
    std::unique_ptr<Outbox> outbox;
    void open(OutboxLimits limits = {}) {
        outbox.reset();
        store.reset();
        auto s = Store::open(dir.file("kiosk.db"));
        ASSERT_TRUE(s) << s.error().detail;
        store = std::move(*s);
        auto o = Outbox::open(*store, limits);
        ASSERT_TRUE(o) << o.error().detail;
        outbox = std::move(*o);
    }
    void SetUp() override { open(); }
    int exec(const std::string& q) {
        char* err = nullptr;
        int rc = sqlite3_exec(store->handle(), q.c_str(), nullptr, nullptr, &err);
        sqlite3_free(err);
        return rc;
    }
};

} // namespace

TEST_F(OutboxTest, EventsAreChainedFromZeroAndVerify) {
    auto a = outbox->append("session.started", R"({"fin_hash":"ab","method":"card"})");
    ASSERT_TRUE(a) << a.error().detail;
    auto b = outbox->append("print.completed", R"({"pages":2,"document":"notification"})");
    ASSERT_TRUE(b);
    EXPECT_EQ(a->ordinal, 1);
    EXPECT_EQ(b->ordinal, 2);
    EXPECT_EQ(a->prev_hash, std::string(64, '0'));
    EXPECT_EQ(b->prev_hash, a->hash);
    EXPECT_EQ(a->hash, Outbox::chain_hash(a->prev_hash, a->id, a->at, a->type, a->data));
    // Data is stored canonically: keys sorted, no whitespace.
    EXPECT_EQ(a->data, R"({"fin_hash":"ab","method":"card"})");
    auto report = outbox->verify();
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->ok);
    EXPECT_EQ(report->checked, 2);
    // UUID v4 ids, RFC 3339 instants.
    EXPECT_EQ(a->id.size(), 36u);
    EXPECT_EQ(a->id[14], '4');
    EXPECT_NE(a->id, b->id);
    EXPECT_TRUE(a->at.ends_with("Z"));
}

TEST_F(OutboxTest, EventsCannotBeChangedOrRemovedBeforeDelivery) {
    ASSERT_TRUE(outbox->append("device.fault", R"({"device":"printer","reason":"media_jam"})"));
    EXPECT_NE(exec("UPDATE outbox_event SET data = '{}' WHERE ordinal = 1"), SQLITE_OK);
    EXPECT_NE(exec("UPDATE outbox_event SET hash = 'x' WHERE ordinal = 1"), SQLITE_OK);
    EXPECT_NE(exec("DELETE FROM outbox_event WHERE ordinal = 1"), SQLITE_OK);
    auto pending = outbox->pending(10);
    ASSERT_TRUE(pending);
    ASSERT_EQ(pending->size(), 1u);
    std::vector<std::string> ids{(*pending)[0].id};
    ASSERT_TRUE(outbox->mark_delivered(ids));
    EXPECT_NE(exec("UPDATE outbox_event SET delivered_at = NULL WHERE ordinal = 1"), SQLITE_OK);
    EXPECT_TRUE(outbox->verify()->ok);
}

TEST_F(OutboxTest, VerifyFindsATamperedEventEvenWithTheTriggersDropped) {
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(outbox->append("print.completed", R"({"pages":)" + std::to_string(i) + "}"));
    ASSERT_EQ(exec("DROP TRIGGER outbox_event_immutable"), SQLITE_OK);
    ASSERT_EQ(exec(R"(UPDATE outbox_event SET data = '{"pages":99}' WHERE ordinal = 3)"), SQLITE_OK);
    auto report = outbox->verify();
    ASSERT_TRUE(report);
    EXPECT_FALSE(report->ok);
    EXPECT_EQ(report->broken_at, 3);
    EXPECT_EQ(report->reason, "hash_mismatch");
    // A removed event is a gap.
    ASSERT_EQ(exec(R"(UPDATE outbox_event SET data = '{"pages":2}' WHERE ordinal = 3)"), SQLITE_OK);
    EXPECT_TRUE(outbox->verify()->ok);
    ASSERT_EQ(exec("DROP TRIGGER outbox_event_keep"), SQLITE_OK);
    ASSERT_EQ(exec("DELETE FROM outbox_event WHERE ordinal = 4"), SQLITE_OK);
    report = outbox->verify();
    EXPECT_FALSE(report->ok);
    EXPECT_EQ(report->broken_at, 5);
    EXPECT_EQ(report->reason, "gap");
}

TEST_F(OutboxTest, RefusesPersonalDataAndBadEvents) {
    for (const char* data : {R"({"fin":"5ZX8K2P"})", R"({"who":{"name":"Əli"}})", R"({"list":[{"pin":"1234"}]})",
                             R"({"phone":"+994501234567"})"}) {
        auto r = outbox->append("session.started", data);
        ASSERT_FALSE(r) << data;
        EXPECT_EQ(r.error().code, "outbox_bad_event");
    }
    EXPECT_EQ(outbox->append("Bad Type", "{}").error().code, "outbox_bad_event");
    EXPECT_EQ(outbox->append("ok", "[1,2]").error().code, "outbox_bad_event");
    EXPECT_EQ(outbox->append("ok", "{not json").error().code, "outbox_bad_event");
    EXPECT_EQ(outbox->append("ok", R"({"x":")" + std::string(5000, 'a') + "\"}").error().code, "outbox_bad_event");
    EXPECT_EQ(*store->count("outbox_event"), 0);
    // The FIN hash is how a person is referred to.
    const std::string h = Outbox::fin_hash("5ZX8K2P");
    EXPECT_EQ(h.size(), 64u);
    EXPECT_EQ(h.find("5ZX8K2P"), std::string::npos);
    EXPECT_TRUE(outbox->append("session.started", nlohmann::json{{"fin_hash", h}}.dump()));
}

TEST_F(OutboxTest, BoundedGrowthRaisesTheAlarmAndRecordsWhatWasRefused) {
    open(OutboxLimits{5, 3, 0, 4096});
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(outbox->append("a", "{}"));
    EXPECT_TRUE(outbox->stats()->alarm);
    for (int i = 0; i < 2; ++i) ASSERT_TRUE(outbox->append("a", "{}"));
    // Full: refused, counted by type.
    for (int i = 0; i < 3; ++i) EXPECT_EQ(outbox->append("b", "{}").error().code, "outbox_full");
    EXPECT_EQ(outbox->append("c", "{}").error().code, "outbox_full");
    auto st = outbox->stats();
    EXPECT_EQ(st->pending, 5);
    EXPECT_EQ(st->dropped, 4);
    EXPECT_TRUE(st->alarm);
    // Delivery makes room: the next append first records the overflow in the chain.
    auto pending = outbox->pending(100);
    std::vector<std::string> ids;
    for (auto& e : *pending) ids.push_back(e.id);
    EXPECT_EQ(*outbox->mark_delivered(ids), 5);
    auto next = outbox->append("d", "{}");
    ASSERT_TRUE(next);
    auto events = outbox->events(1, 100);
    ASSERT_EQ(events->size(), 7u);
    const auto& overflow = (*events)[5];
    EXPECT_EQ(overflow.type, "outbox.overflow");
    auto data = nlohmann::json::parse(overflow.data);
    EXPECT_EQ(data["dropped"]["b"], 3);
    EXPECT_EQ(data["dropped"]["c"], 1);
    EXPECT_EQ((*events)[6].type, "d");
    EXPECT_EQ(outbox->stats()->dropped, 0);
    EXPECT_FALSE(outbox->stats()->alarm);
    EXPECT_TRUE(outbox->verify()->ok);
}

TEST_F(OutboxTest, PruningKeepsTheChainVerifiableFromTheAnchor) {
    open(OutboxLimits{1000, 500, 3, 4096});
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(outbox->append("e", R"({"i":)" + std::to_string(i) + "}"));
    // Deliver the first 8; 9 and 10 stay pending.
    auto pending = outbox->pending(8);
    std::vector<std::string> ids;
    for (auto& e : *pending) ids.push_back(e.id);
    ASSERT_TRUE(outbox->mark_delivered(ids));
    auto removed = outbox->prune();
    ASSERT_TRUE(removed) << removed.error().detail;
    // Keeps the newest 3 (8, 9, 10): removes 1..7; never an undelivered one.
    EXPECT_EQ(*removed, 7);
    auto report = outbox->verify();
    EXPECT_TRUE(report->ok) << report->reason;
    EXPECT_EQ(report->first_ordinal, 8);
    EXPECT_EQ(report->checked, 3);
    // The chain continues.
    auto next = outbox->append("e", "{}");
    EXPECT_EQ(next->ordinal, 11);
    // Everything delivered and pruned: the next event still follows the anchor.
    pending = outbox->pending(100);
    ids.clear();
    for (auto& e : *pending) ids.push_back(e.id);
    ASSERT_TRUE(outbox->mark_delivered(ids));
    open(OutboxLimits{1000, 500, 0, 4096});
    EXPECT_EQ(*outbox->prune(), 4);
    auto after = outbox->append("e", "{}");
    EXPECT_EQ(after->ordinal, 12);
    EXPECT_TRUE(outbox->verify()->ok);
    EXPECT_EQ(outbox->stats()->last_ordinal, 12);
}

TEST_F(OutboxTest, SurvivesReopening) {
    ASSERT_TRUE(outbox->append("a", "{}"));
    open();
    ASSERT_TRUE(outbox->append("b", "{}"));
    EXPECT_EQ(outbox->pending(10)->size(), 2u);
    EXPECT_TRUE(outbox->verify()->ok);
}

TEST(OutboxJson, EventsAreSentAsTheProtocolWantsThem) {
    OutboxEvent e{3, "id-1", "2026-01-01T00:00:00.000Z", "t", R"({"a":1})", "p", "h", std::nullopt};
    auto j = nlohmann::json::parse(e.to_json());
    EXPECT_EQ(j["id"], "id-1");
    EXPECT_EQ(j["data"]["a"], 1);
    EXPECT_EQ(j["prev_hash"], "p");
    EXPECT_EQ(j["hash"], "h");
    EXPECT_FALSE(j.contains("ordinal"));
}
