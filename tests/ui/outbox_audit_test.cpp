// ui/adapters/outbox_audit.cpp: the session's audit events on the sync module's outbox:
// people only as FIN hashes, the chain verified, and every kind of tampering detected
// (an edited, a removed and a reordered event), as `kiosk audit verify` and technician
// mode's "audit" check see it.
#include "adapters/outbox_audit.hpp"
#include "kiosk/sqlite.hpp"
#include "kiosk/store.hpp"
#include "sync/outbox.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

using namespace kiosk;

namespace {

constexpr const char* k_staff = "8STF4A2";
constexpr const char* k_citizen = "5ZX8K2P";

struct Trail {
    std::string path;
    explicit Trail(const std::string& name) {
        path = (std::filesystem::temp_directory_path() /
                ("outbox_audit_test_" + std::to_string(::getpid()) + "_" + name + ".db"))
                   .string();
        std::filesystem::remove(path);
        auto sink = ui::OutboxAuditSink::open(path, nullptr);
        EXPECT_TRUE(sink.has_value()) << (sink ? "" : sink.error().code);
        for (int i = 0; i < 5; ++i) {
            AuditEvent e{"staff.lookup", {}, k_staff, k_citizen};
            e.with("reason", std::string("citizen_at_desk")).with("found", true).with("n", std::int64_t{i});
            (*sink)->record(std::move(e));
        }
    } // the sink's destructor appends everything queued
    ~Trail() {
        for (const char* suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(path + suffix);
    }
    // Tampering as someone with the file would: the outbox's triggers dropped first.
    void tamper(const std::string& sql) {
        auto store = Store::open(path);
        ASSERT_TRUE(store.has_value());
        ASSERT_TRUE(sql::exec((*store)->handle(), "DROP TRIGGER IF EXISTS outbox_event_immutable; "
                                                  "DROP TRIGGER IF EXISTS outbox_event_keep; " +
                                                      sql));
    }
    sync::ChainReport verify() {
        auto store = Store::open(path, OpenMode::ReadOnly);
        EXPECT_TRUE(store.has_value());
        auto outbox = sync::Outbox::open(**store);
        EXPECT_TRUE(outbox.has_value());
        auto r = (*outbox)->verify();
        EXPECT_TRUE(r.has_value());
        return *r;
    }
};

} // namespace

TEST(OutboxAudit, EventsNameNobodyButByHash) {
    AuditEvent e{"print.submitted", {}, k_staff, k_citizen};
    e.with("document", std::string("notification")).with("copy", std::int64_t{2}).with("found", false);
    auto j = nlohmann::json::parse(ui::OutboxAuditSink::data_json(e));
    EXPECT_EQ(j["document"], "notification");
    EXPECT_EQ(j["copy"], 2);
    EXPECT_EQ(j["found"], false);
    EXPECT_EQ(j["actor"], sync::Outbox::fin_hash(k_staff));
    EXPECT_EQ(j["subject"], sync::Outbox::fin_hash(k_citizen));
    std::string text = j.dump();
    EXPECT_EQ(text.find(k_staff), std::string::npos);
    EXPECT_EQ(text.find(k_citizen), std::string::npos);
    AuditEvent nobody{"device.fault", {}, {}, {}};
    EXPECT_FALSE(nlohmann::json::parse(ui::OutboxAuditSink::data_json(nobody)).contains("actor"));
}

TEST(OutboxAudit, RecordedEventsFormAVerifiedChain) {
    Trail t("chain");
    auto r = t.verify();
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.checked, 5);
    Check c = ui::audit_check(t.path);
    EXPECT_EQ(c.verdict, Verdict::Pass);
    EXPECT_EQ(c.fact("checked"), "5");
    EXPECT_EQ(c.fact("outbox_pending"), "5"); // waiting for a registry link
    // Nothing personal in the file's events.
    auto store = Store::open(t.path, OpenMode::ReadOnly);
    auto stmt = sql::Stmt::prepare((*store)->handle(), "SELECT group_concat(data) FROM outbox_event");
    ASSERT_TRUE(stmt->step().value_or(false));
    EXPECT_EQ(stmt->column_text(0).find(k_citizen), std::string::npos);
}

TEST(OutboxAudit, TheOutboxRefusesChangesWithoutTampering) {
    Trail t("immutable");
    auto store = Store::open(t.path);
    ASSERT_TRUE(store.has_value());
    EXPECT_FALSE(sql::exec((*store)->handle(), "UPDATE outbox_event SET data = '{}' WHERE ordinal = 2"));
    EXPECT_FALSE(sql::exec((*store)->handle(), "DELETE FROM outbox_event WHERE ordinal = 2"));
}

TEST(OutboxAudit, AnEditedEventIsDetected) {
    Trail t("edited");
    t.tamper("UPDATE outbox_event SET data = replace(data, 'citizen_at_desk', 'other') WHERE ordinal = 3");
    auto r = t.verify();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.broken_at, 3);
    EXPECT_EQ(r.reason, "hash_mismatch");
    Check c = ui::audit_check(t.path);
    EXPECT_EQ(c.verdict, Verdict::Fail);
    EXPECT_EQ(c.reason, "audit_chain_broken");
    EXPECT_EQ(c.fact("broken_at"), "3 (hash_mismatch)");
}

TEST(OutboxAudit, AnEditedEventWithItsHashRecomputedBreaksTheNextLink) {
    Trail t("rehashed");
    // A careful forger recomputes the edited event's own hash: the next event's prev_hash gives it away.
    std::string data, hash;
    {
        auto store = Store::open(t.path, OpenMode::ReadOnly);
        auto stmt = sql::Stmt::prepare(
            (*store)->handle(), "SELECT id, at, type, data, prev_hash FROM outbox_event WHERE ordinal = 2");
        ASSERT_TRUE(stmt->step().value_or(false));
        data = stmt->column_text(3);
        data.replace(data.find("citizen_at_desk"), 15, "official_request");
        hash = sync::Outbox::chain_hash(stmt->column_text(4), stmt->column_text(0), stmt->column_text(1),
                                        stmt->column_text(2), data);
    }
    t.tamper("UPDATE outbox_event SET data = '" + data + "', hash = '" + hash + "' WHERE ordinal = 2");
    auto r = t.verify();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.broken_at, 3);
    EXPECT_EQ(r.reason, "prev_hash_mismatch");
}

TEST(OutboxAudit, ARemovedEventIsDetected) {
    Trail t("removed");
    t.tamper("DELETE FROM outbox_event WHERE ordinal = 2");
    auto r = t.verify();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.broken_at, 3);
    EXPECT_EQ(r.reason, "gap");
    // Renumbering the rest to hide the gap breaks the chain instead.
    t.tamper("UPDATE outbox_event SET ordinal = ordinal - 1 WHERE ordinal > 2");
    r = t.verify();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.broken_at, 2);
    EXPECT_EQ(r.reason, "prev_hash_mismatch");
}

TEST(OutboxAudit, ReorderedEventsAreDetected) {
    Trail t("reordered");
    t.tamper("UPDATE outbox_event SET ordinal = -1 WHERE ordinal = 2; "
             "UPDATE outbox_event SET ordinal = 2 WHERE ordinal = 3; "
             "UPDATE outbox_event SET ordinal = 3 WHERE ordinal = -1");
    auto r = t.verify();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.broken_at, 2);
    EXPECT_EQ(r.reason, "prev_hash_mismatch");
    EXPECT_EQ(ui::audit_check(t.path).verdict, Verdict::Fail);
}

TEST(OutboxAudit, AStoreThatCannotBeOpenedIsNotRun) {
    Check c = ui::audit_check("/nonexistent/dir/kiosk.db");
    EXPECT_EQ(c.verdict, Verdict::NotRun);
    EXPECT_FALSE(c.reason.empty());
}
