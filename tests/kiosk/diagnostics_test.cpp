// kiosk/diagnostics.hpp: the verdict of each check from its facts (faults fail with their
// reason), the store's facts from a real file (a damaged one fails the integrity check),
// the report's order and JSON, labels.
// Sections: 1. verdicts  2. store facts  3. report and JSON  4. labels
#include "kiosk/change.hpp"
#include "kiosk/diagnostics.hpp"
#include "kiosk/sqlite.hpp"
#include "kiosk/store.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

using namespace kiosk;

namespace {

std::filesystem::path temp_path(const std::string& name) {
    return std::filesystem::temp_directory_path() /
           ("diagnostics_test_" + std::to_string(::getpid()) + "_" + name);
}

std::string sample_store(const std::string& name) {
    auto p = temp_path(name);
    std::filesystem::remove(p);
    auto store = Store::open(p.string());
    EXPECT_TRUE(store.has_value());
    EXPECT_TRUE(import_ndjson(**store, KIOSK_SAMPLE_FEED).has_value());
    return p.string();
}

PrinterFacts ready_printer() {
    PrinterFacts f;
    f.configured = true;
    f.device = "printer:ipp://127.0.0.1:8631/ipp/print";
    f.state = "idle";
    f.counters = {{"pages_printed", "12"}};
    return f;
}

} // namespace

// ---------------------------------------------------------------------------
// 1. Verdicts

TEST(DiagnosticsVerdict, APrinterThatIsReadyPassesWithItsFacts) {
    Check c = check_printer(ready_printer());
    EXPECT_EQ(c.id, "printer");
    EXPECT_EQ(c.verdict, Verdict::Pass);
    EXPECT_TRUE(c.reason.empty());
    EXPECT_EQ(c.fact("device"), "printer:ipp://127.0.0.1:8631/ipp/print");
    EXPECT_EQ(c.fact("counter.pages_printed"), "12");
    EXPECT_EQ(c.fact("reasons"), "—");
}

TEST(DiagnosticsVerdict, APrinterFaultFailsWithItsMostTellingReason) {
    struct Case {
        std::vector<std::string> reasons;
        std::string state, expected;
    };
    for (const Case& c : std::vector<Case>{{{"media_empty"}, "stopped", "printer_media_empty"},
                                           {{"media_jam"}, "stopped", "printer_media_jam"},
                                           {{"door_open", "media_empty"}, "stopped", "printer_door_open"},
                                           {{"media_empty", "offline"}, "stopped", "printer_offline"},
                                           {{}, "stopped", "printer_not_ready"}}) {
        PrinterFacts f = ready_printer();
        f.reasons = c.reasons;
        f.state = c.state;
        Check check = check_printer(f);
        EXPECT_EQ(check.verdict, Verdict::Fail) << c.expected;
        EXPECT_EQ(check.reason, c.expected);
    }
    PrinterFacts unreachable = ready_printer();
    unreachable.error = "printer_io_failed";
    EXPECT_EQ(check_printer(unreachable).reason, "printer_io_failed");
    PrinterFacts toner = ready_printer();
    toner.reasons = {"toner_low"};
    Check t = check_printer(toner);
    EXPECT_EQ(t.verdict, Verdict::Pass);
    EXPECT_EQ(t.warnings, std::vector<std::string>{"toner_low"});
    Check none = check_printer(PrinterFacts{});
    EXPECT_EQ(none.verdict, Verdict::NotRun);
    EXPECT_EQ(none.reason, "printer_not_configured");
}

TEST(DiagnosticsVerdict, CardReaderServiceAndReaders) {
    ReaderFacts f;
    f.configured = true;
    f.backend = "pcsc";
    f.service_up = true;
    f.readers = {{"ACS ACR39U 00 00", true}, {"Other 01", false}};
    Check ok = check_card_reader(f);
    EXPECT_EQ(ok.verdict, Verdict::Pass);
    EXPECT_EQ(ok.fact("readers"), "ACS ACR39U 00 00 [card], Other 01");
    f.alert = true;
    EXPECT_EQ(check_card_reader(f).warnings, std::vector<std::string>{"reader_alert"});
    f.readers.clear();
    EXPECT_EQ(check_card_reader(f).reason, "no_reader");
    f.service_up = false;
    EXPECT_EQ(check_card_reader(f).reason, "reader_service_unavailable");
    EXPECT_EQ(check_card_reader(ReaderFacts{}).verdict, Verdict::NotRun);
}

TEST(DiagnosticsVerdict, NetworkAndSync) {
    StoreFacts store;
    store.feed_cursor = 77;
    store.quarantined = 0;
    LinkFacts none;
    EXPECT_EQ(check_network(none).verdict, Verdict::NotRun);
    EXPECT_EQ(check_network(none).reason, "sync_not_configured");
    Check s = check_sync(none, store);
    EXPECT_EQ(s.verdict, Verdict::NotRun);
    EXPECT_EQ(s.reason, "sync_not_configured");
    EXPECT_EQ(s.fact("feed_cursor"), "77"); // what the store knows

    LinkFacts sim;
    sim.simulated = true;
    sim.online = false;
    EXPECT_EQ(check_network(sim).verdict, Verdict::Fail);
    EXPECT_EQ(check_network(sim).reason, "offline");
    EXPECT_EQ(check_network(sim).fact("link"), "simulated");

    LinkFacts link;
    link.sync_configured = true;
    link.online = true;
    link.cursor = 900;
    link.head = 900;
    link.lag = 0;
    link.outbox_pending = 3;
    link.quarantined = 1;
    Check ok = check_sync(link, store);
    EXPECT_EQ(ok.verdict, Verdict::Pass);
    EXPECT_EQ(ok.fact("feed_cursor"), "900"); // the sync module's figure wins
    EXPECT_EQ(ok.warnings, std::vector<std::string>{"quarantine_not_empty"});
    link.lag = k_max_healthy_lag + 1;
    EXPECT_EQ(check_sync(link, store).reason, "sync_lagging");
    link.lag = 0;
    link.outbox_alarm = true;
    EXPECT_EQ(check_sync(link, store).reason, "outbox_alarm");
    link.online = false;
    link.last_error = "net_tls";
    EXPECT_EQ(check_sync(link, store).reason, "net_tls");
    EXPECT_EQ(check_network(link).reason, "net_tls");
}

TEST(DiagnosticsVerdict, DiskSpaceLimits) {
    StoreFacts f;
    f.disk_total_bytes = 10ll << 30;
    f.disk_free_bytes = 5ll << 30;
    EXPECT_EQ(check_disk(f).verdict, Verdict::Pass);
    f.disk_free_bytes = 100ll << 20; // under 200 MiB
    EXPECT_EQ(check_disk(f).reason, "disk_low");
    f.disk_total_bytes = 1000ll << 30;
    f.disk_free_bytes = 30ll << 30; // 3 %
    EXPECT_EQ(check_disk(f).reason, "disk_low");
    EXPECT_EQ(check_disk(StoreFacts{}).verdict, Verdict::NotRun);
}

// ---------------------------------------------------------------------------
// 2. Store facts

TEST(DiagnosticsStore, FactsOfARealStore) {
    std::string path = sample_store("facts.db");
    StoreFacts f = collect_store_facts(path, IntegrityLevel::Full);
    ASSERT_TRUE(f.opened) << f.error;
    EXPECT_EQ(f.schema, Store::latest_schema_version());
    EXPECT_GT(f.db_bytes, 0);
    EXPECT_GT(f.feed_cursor, 0);
    EXPECT_EQ(f.integrity_ok, std::optional<bool>(true));
    EXPECT_EQ(f.integrity, "ok");
    EXPECT_GT(f.disk_free_bytes, 0);
    bool person = false;
    for (const auto& t : f.tables)
        if (t.table == "person") {
            person = true;
            EXPECT_EQ(t.rows, 2);
        }
    EXPECT_TRUE(person);
    EXPECT_EQ(check_store(f).verdict, Verdict::Pass);
    EXPECT_EQ(check_store(f).fact("rows.person"), "2");
    EXPECT_EQ(check_integrity(f).verdict, Verdict::Pass);
    StoreFacts unchecked = collect_store_facts(path, IntegrityLevel::None);
    EXPECT_EQ(check_integrity(unchecked).verdict, Verdict::NotRun);
    EXPECT_EQ(check_integrity(unchecked).reason, "not_checked");
    std::filesystem::remove(path);
}

TEST(DiagnosticsStore, AMissingStoreFailsWithItsReason) {
    StoreFacts f = collect_store_facts(temp_path("absent.db").string(), IntegrityLevel::Full);
    EXPECT_FALSE(f.opened);
    EXPECT_EQ(check_store(f).verdict, Verdict::Fail);
    EXPECT_EQ(check_store(f).reason, "store_open_failed");
    EXPECT_EQ(check_integrity(f).verdict, Verdict::NotRun);
}

TEST(DiagnosticsStore, ADamagedStoreFailsTheIntegrityCheck) {
    std::string path = sample_store("damaged.db");
    std::int64_t root = 0, page_size = 0;
    {
        // Everything into the main file, then find the notification table's page.
        auto store = Store::open(path);
        ASSERT_TRUE(store.has_value());
        ASSERT_TRUE(
            sql::exec((*store)->handle(), "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE"));
        auto stmt =
            sql::Stmt::prepare((*store)->handle(),
                               "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master "
                               "WHERE name = 'notification'");
        ASSERT_TRUE(stmt.has_value());
        ASSERT_TRUE(stmt->step().value_or(false));
        root = stmt->column_int(0);
        page_size = stmt->column_int(1);
    }
    ASSERT_GT(root, 1);
    {
        // The end of the page holds the rows' cells: overwrite some of them.
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(root * page_size - 200));
        const std::string junk(120, '\xff');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    StoreFacts facts = collect_store_facts(path, IntegrityLevel::Full);
    ASSERT_TRUE(facts.opened) << facts.error;
    Check c = check_integrity(facts);
    EXPECT_EQ(c.verdict, Verdict::Fail);
    EXPECT_EQ(c.reason, "store_corrupt");
    EXPECT_NE(c.fact("integrity"), "ok");
    EXPECT_FALSE(c.fact("integrity").empty());
    std::filesystem::remove(path);
}

// ---------------------------------------------------------------------------
// 3. Report and JSON

TEST(DiagnosticsReport, ChecksKeepTheirOrderAndTheOverallVerdict) {
    DiagnosticsReport r;
    Check disk = check_disk(StoreFacts{});
    r.set(disk);
    r.set(check_kiosk("K-1", "1.0"));
    r.set(check_printer(ready_printer()));
    ASSERT_EQ(r.checks.size(), 3u);
    EXPECT_EQ(r.checks[0].id, "kiosk");
    EXPECT_EQ(r.checks[1].id, "printer");
    EXPECT_EQ(r.checks[2].id, "disk");
    EXPECT_EQ(r.overall(), Verdict::Pass); // "not run" does not fail
    PrinterFacts jam = ready_printer();
    jam.reasons = {"media_jam"};
    r.set(check_printer(jam)); // replaces
    EXPECT_EQ(r.checks.size(), 3u);
    EXPECT_EQ(r.overall(), Verdict::Fail);
}

TEST(DiagnosticsReport, JsonCarriesAVerdictPerCheck) {
    DiagnosticsReport r;
    r.kiosk_id = "K-1";
    r.version = "0.1.0";
    r.generated_at = "2026-11-23T10:00:00Z";
    r.set(check_kiosk("K-1", "0.1.0"));
    PrinterFacts empty = ready_printer();
    empty.reasons = {"media_empty"};
    empty.state = "stopped";
    r.set(check_printer(empty));
    auto j = nlohmann::json::parse(to_json(r));
    EXPECT_EQ(j["kiosk_id"], "K-1");
    EXPECT_EQ(j["verdict"], "fail");
    ASSERT_EQ(j["checks"].size(), 2u);
    EXPECT_EQ(j["checks"][1]["id"], "printer");
    EXPECT_EQ(j["checks"][1]["verdict"], "fail");
    EXPECT_EQ(j["checks"][1]["reason"], "printer_media_empty");
    EXPECT_EQ(j["checks"][1]["facts"]["reasons"], "media_empty");
    EXPECT_EQ(j["checks"][0]["verdict"], "pass");
}

// ---------------------------------------------------------------------------
// 4. Labels

TEST(DiagnosticsLabels, FactsAreLabelledInTheLanguage) {
    EXPECT_EQ(fact_label("state", Lang::En), "State");
    EXPECT_EQ(fact_label("state", Lang::Ru), "Состояние");
    EXPECT_EQ(fact_label("rows.notification", Lang::En), "Rows · notification");
    EXPECT_EQ(fact_label("counter.pages_printed", Lang::Az), "Sayğac · pages_printed");
    EXPECT_EQ(fact_label("something_new", Lang::En), "something_new");
    EXPECT_EQ(human_bytes(12), "12 B");
    EXPECT_EQ(human_bytes(1536), "1.5 KiB");
    EXPECT_EQ(human_bytes(5ll << 30), "5.0 GiB");
    EXPECT_EQ(human_bytes(-1), "—");
}
