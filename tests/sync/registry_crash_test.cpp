// Crashes during replication from the real registry: the server killed -9 and started
// again on the same port while the kiosk's sync runs; the kiosk's sync killed -9 in the
// middle of applying pages. Afterwards the store is consistent and holds exactly what a
// replication without incident gives: nothing lost, nothing doubled.
#include "registry_server.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

constexpr int k_notifications = 20'000;

bool wait_until(const std::function<bool()>& cond, std::chrono::milliseconds timeout) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        if (cond()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return cond();
}

std::int64_t cursor(const fs::path& db) { return sync_test::kiosk_scalar(db, "SELECT seq FROM feed_cursor"); }

struct CrashTest : ::testing::Test {
    sync_test::TempDir dir;
    sync_test::RegistryWorld world = sync_test::RegistryWorld::create(dir.path(), k_notifications, 11);
    sync_test::RegistryServer server{world, dir.path()};

    // The same replica made in one go: what every interrupted run must end up with.
    std::string reference(const std::string& config) {
        int rc = sync_test::run({SYNC_KIOSK_BIN, "sync", "--once", "--config", config});
        EXPECT_EQ(rc, 0);
        return sync_test::replica_dump(dir.path() / "reference.db");
    }
};

} // namespace

TEST_F(CrashTest, TheRegistryKilledMidReplicationAndRestartedOnTheSamePort) {
    ASSERT_TRUE(server.start());
    const std::string config = world.kiosk_config(dir.path(), server.url(), "kiosk.db", "page_size = 200\n");
    const fs::path db = dir.path() / "kiosk.db";
    const std::int64_t head = world.registry_head();
    sync_test::Child sync({SYNC_KIOSK_BIN, "sync", "run", "--config", config}, (dir.path() / "sync-run.log").string());
    // Some pages in, far from the end: the registry dies.
    ASSERT_TRUE(wait_until([&] { return cursor(db) > 2000; }, 60s)) << sync_test::read_text(dir.path() / "sync-run.log");
    server.kill9();
    const std::int64_t at_kill = cursor(db);
    EXPECT_LT(at_kill, head);
    // The kiosk keeps its store consistent and says why it is behind.
    std::this_thread::sleep_for(1500ms);
    EXPECT_TRUE(sync.running());
    EXPECT_EQ(sync_test::kiosk_scalar(db, "SELECT count(*) FROM pragma_quick_check WHERE quick_check = 'ok'"), 1);
    std::string status_out;
    ASSERT_EQ(sync_test::run({SYNC_KIOSK_BIN, "sync", "status", "--config", config, "--json"}, &status_out), 0);
    auto st = nlohmann::json::parse(status_out.substr(status_out.find('{')));
    EXPECT_EQ(st["online"], false) << status_out;
    const std::string error = st["last_error"];
    EXPECT_TRUE(error == "net_connect" || error == "net_truncated" || error == "net_tls") << error;
    EXPECT_LT(st["cursor"].get<std::int64_t>(), head);

    // Back on the same port: the kiosk (backing off at most 1 s here) resumes and catches up.
    ASSERT_TRUE(server.restart());
    ASSERT_TRUE(wait_until([&] { return cursor(db) == head; }, 120s)) << sync_test::read_text(dir.path() / "sync-run.log");
    sync.kill(SIGTERM);
    EXPECT_EQ(sync.exit_status(), 0);

    const std::string ref_config = world.kiosk_config(dir.path(), server.url(), "reference.db");
    EXPECT_EQ(sync_test::replica_dump(db), reference(ref_config));
    EXPECT_EQ(sync_test::kiosk_scalar(db, "SELECT count(*) FROM quarantine"), 0);
}

TEST_F(CrashTest, TheKioskKilledMidApplyResumesWithNothingLostOrDoubled) {
    ASSERT_TRUE(server.start());
    const std::string config = world.kiosk_config(dir.path(), server.url(), "kiosk.db", "page_size = 300\n");
    const fs::path db = dir.path() / "kiosk.db";
    const std::int64_t head = world.registry_head();
    // Three kills at different points, each while pages are being applied.
    std::int64_t last = 0;
    for (std::int64_t target : {1500, 9000, 20000}) {
        sync_test::Child once({SYNC_KIOSK_BIN, "sync", "--once", "--config", config},
                              (dir.path() / "once.log").string());
        ASSERT_TRUE(wait_until([&] { return cursor(db) >= std::min(target, head - 1) || !once.running(); }, 120s));
        once.kill(SIGKILL);
        const std::int64_t c = cursor(db);
        EXPECT_GE(c, last); // the cursor never goes back
        EXPECT_LT(c, head) << "the run ended before it could be killed";
        last = c;
        // A consistent file at a page boundary: rows never beyond the cursor.
        EXPECT_EQ(sync_test::kiosk_scalar(db, "SELECT count(*) FROM pragma_quick_check WHERE quick_check = 'ok'"), 1);
        EXPECT_EQ(sync_test::kiosk_scalar(db, "SELECT count(*) FROM notification WHERE seq > (SELECT seq FROM feed_cursor)"), 0);
    }
    // The last run completes.
    std::string out;
    ASSERT_EQ(sync_test::run({SYNC_KIOSK_BIN, "sync", "--once", "--config", config, "--json"}, &out), 0) << out;
    EXPECT_EQ(cursor(db), head);
    const std::string ref_config = world.kiosk_config(dir.path(), server.url(), "reference.db");
    EXPECT_EQ(sync_test::replica_dump(db), reference(ref_config));
    // And the secondary indexes of the interrupted bulk load are back.
    EXPECT_EQ(sync_test::kiosk_scalar(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'notification_person'"), 1);
}
