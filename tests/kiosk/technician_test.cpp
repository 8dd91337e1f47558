// kiosk/technician.hpp: the configuration shown with its secrets hidden, and the checks
// run over the probes (run_diagnostics, DiagnosticsWorker).
#include "kiosk/change.hpp"
#include "kiosk/simulator.hpp"
#include "kiosk/store.hpp"
#include "kiosk/technician.hpp"

#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace kiosk;
using namespace std::chrono_literals;

namespace {

std::string value_of(const std::vector<Fact>& facts, const std::string& key) {
    for (const Fact& f : facts)
        if (f.key == key) return f.value;
    return "<absent>";
}

} // namespace

TEST(TechnicianConfig, SecretsAreHidden) {
    auto lines = describe_config_text(R"toml(
kiosk_id = "ASAN-BAKI-01"
[store]
path = "kiosk.db"
[devices]
printer = "ipps://kiosk:s3cret@printer.local:631/ipp/print"
card_ca = "/etc/emek-kiosk/id-card-ca.pem"
[simulator]
pin_ms = 250
[registry]
url = "https://registry.example:8443"
client_cert = "kiosk.pem"
client_key = "kiosk.key"
api_token = "abc123"
[registry.credentials]
user = "kiosk"
secret = "xyz"
)toml");
    ASSERT_TRUE(lines.has_value()) << lines.error().detail;
    EXPECT_EQ(value_of(*lines, "kiosk_id"), "ASAN-BAKI-01");
    EXPECT_EQ(value_of(*lines, "devices.printer"), "ipps://printer.local:631/ipp/print");
    EXPECT_EQ(value_of(*lines, "devices.card_ca"), "/etc/emek-kiosk/id-card-ca.pem");
    EXPECT_EQ(value_of(*lines, "simulator.pin_ms"), "250"); // "pin" in a setting's name is not a secret
    EXPECT_EQ(value_of(*lines, "registry.url"), "https://registry.example:8443");
    EXPECT_EQ(value_of(*lines, "registry.client_cert"), "kiosk.pem");
    EXPECT_EQ(value_of(*lines, "registry.client_key"), "(hidden)");
    EXPECT_EQ(value_of(*lines, "registry.api_token"), "(hidden)");
    EXPECT_EQ(value_of(*lines, "registry.credentials.user"), "(hidden)"); // everything under a secret's table
    EXPECT_EQ(value_of(*lines, "registry.credentials.secret"), "(hidden)");
    for (const Fact& f : *lines) {
        EXPECT_EQ(f.value.find("s3cret"), std::string::npos) << f.key;
        EXPECT_EQ(f.value.find("xyz"), std::string::npos) << f.key;
        EXPECT_EQ(f.value.find("abc123"), std::string::npos) << f.key;
    }
    EXPECT_FALSE(describe_config_text("kiosk_id = ").has_value());
    EXPECT_EQ(describe_config_file("/nonexistent/kiosk.toml").error().code, "config_unreadable");
}

TEST(TechnicianChecks, RunOverTheSimulatorsProbes) {
    auto path =
        std::filesystem::temp_directory_path() / ("technician_test_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path);
    {
        auto store = Store::open(path.string());
        ASSERT_TRUE(store.has_value());
        ASSERT_TRUE(import_ndjson(**store, KIOSK_SAMPLE_FEED).has_value());
    }
    std::vector<DeviceEvent> device_events;
    std::vector<ModeEvent> events;
    SimTiming timing{0ms, 0ms, 0ms};
    SimPrintService printer([&](DeviceEvent e) { device_events.push_back(std::move(e)); }, timing,
                            WorkerMode::Inline);
    SimIdentitySource reader(
        {}, [&](DeviceEvent e) { device_events.push_back(std::move(e)); }, timing, WorkerMode::Inline);
    DiagnosticsSettings s;
    s.kiosk_id = "K-7";
    s.version = "1.2.3";
    s.store_path = path.string();
    s.print_timeout = 0ms;
    Probes probes;
    probes.printer = &printer;
    probes.reader = &reader;
    probes.audit = [] {
        Check c;
        c.id = "audit";
        c.verdict = Verdict::Fail;
        c.reason = "audit_chain_broken";
        return c;
    };
    DiagnosticsWorker worker(
        s, probes, [&](ModeEvent e) { events.push_back(std::move(e)); }, WorkerMode::Inline);
    worker.run_checks(7);
    ASSERT_EQ(events.size(), 1u);
    auto* done = std::get_if<DiagnosticsDone>(&events[0]);
    ASSERT_NE(done, nullptr);
    EXPECT_EQ(done->ticket, 7u);
    const DiagnosticsReport r = done->report; // a copy: events grows below
    EXPECT_EQ(r.kiosk_id, "K-7");
    EXPECT_EQ(r.find("printer")->verdict, Verdict::Pass);
    EXPECT_EQ(r.find("card_reader")->verdict, Verdict::Pass);
    EXPECT_EQ(r.find("network")->reason, "sync_not_configured"); // no link probe
    EXPECT_EQ(r.find("audit")->reason, "audit_chain_broken");
    EXPECT_EQ(r.overall(), Verdict::Fail);

    // Faults: the paper runs out, the reader is unplugged.
    printer.set_fault(PrinterReason::MediaEmpty, true);
    reader.set_reader_available(false);
    worker.run_checks(8);
    worker.print_test_page(9, Lang::En);
    worker.print_report(10, r, Lang::En);
    ASSERT_EQ(events.size(), 4u);
    const DiagnosticsReport f = std::get<DiagnosticsDone>(events[1]).report;
    EXPECT_EQ(f.find("printer")->reason, "printer_media_empty");
    EXPECT_EQ(f.find("card_reader")->reason, "no_reader");
    EXPECT_EQ(std::get<TestPageDone>(events[2]).check.reason, "printer_media_empty");
    EXPECT_EQ(std::get<ReportPrinted>(events[3]).check.reason, "printer_media_empty");
    // Paper back: the test page and the report print.
    printer.set_fault(PrinterReason::MediaEmpty, false);
    worker.print_test_page(11, Lang::En);
    worker.print_report(12, r, Lang::En);
    EXPECT_EQ(std::get<TestPageDone>(events[4]).check.verdict, Verdict::Pass);
    EXPECT_EQ(std::get<ReportPrinted>(events[5]).check.verdict, Verdict::Pass);
    EXPECT_EQ(printer.jobs_completed(), 2);
    std::filesystem::remove(path);
}
