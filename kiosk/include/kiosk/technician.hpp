// Technician mode (PRODUCT §2.9, §5, §6.5): the probes each device answers for the
// technician, and the service that runs the checks off the UI thread.
//
//   PrinterProbe  <- kiosk::SimPrintService, ui::QueuePrintService (hal::Printer + print queue),
//                    ui::HalPrinterProbe (kiosk diag)
//   ReaderProbe   <- kiosk::SimIdentitySource, ui::CardIdentitySource, ui::HalReaderProbe
//   LinkProbe     <- the sync module's status (or the simulator's network switch)
//
// Probe calls block (a printer is asked over the network, a test page is followed to
// its end): they are made on the DiagnosticsWorker's thread, never on the UI thread.
// Every probe answers without personal data.
#pragma once

#include "kiosk/diagnostics.hpp"
#include "kiosk/i18n.hpp"
#include "kiosk/staff.hpp"
#include "kiosk/worker.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace kiosk {

class PrinterProbe {
  public:
    virtual ~PrinterProbe() = default;
    virtual PrinterFacts printer_facts() = 0;
    // The external check: prints the test page and follows the job to its end.
    // Returns the check "printer_test_page" (pass: the printer reported the job completed).
    virtual Check print_test_page(Lang lang, std::chrono::milliseconds timeout) = 0;
    // Prints the diagnostics report; the check "report" passes once it printed.
    virtual Check print_report(const DiagnosticsReport& report, Lang lang,
                               std::chrono::milliseconds timeout) = 0;
};

class ReaderProbe {
  public:
    virtual ~ReaderProbe() = default;
    virtual ReaderFacts reader_facts() = 0;
};

class LinkProbe {
  public:
    virtual ~LinkProbe() = default;
    virtual LinkFacts link_facts() = 0;
    // Retry the registry now instead of waiting out the backoff.
    virtual void sync_now() = 0;
};

struct DiagnosticsSettings {
    std::string kiosk_id = "kiosk", version = "0";
    std::string store_path;
    std::vector<Fact> config_lines; // the configuration, secrets hidden (describe_config_file)
    IntegrityLevel integrity = IntegrityLevel::Full;
    DiskLimits disk;
    std::chrono::milliseconds print_timeout{120'000};
};

struct Probes {
    PrinterProbe* printer = nullptr; // null: not configured
    ReaderProbe* reader = nullptr;
    LinkProbe* link = nullptr;
    std::function<Check()> audit; // verifies the audit trail's chain (null: not configured)
};

// Runs every automatic check (everything but the interactive ones: touch, display, card
// read test, and the test page, which prints). Blocking.
DiagnosticsReport run_diagnostics(const DiagnosticsSettings& settings, const Probes& probes);

// --- events ---------------------------------------------------------------------------

struct DiagnosticsDone {
    std::uint64_t ticket = 0;
    DiagnosticsReport report;
};
struct TestPageDone {
    std::uint64_t ticket = 0;
    Check check; // "printer_test_page"
};
struct ReportPrinted {
    std::uint64_t ticket = 0;
    Check check; // "report"
};

// Events of the staff and technician services.
using ModeEvent = std::variant<JobsListed, JobActionDone, DiagnosticsDone, TestPageDone, ReportPrinted>;
using ModeEvents = std::function<void(ModeEvent)>;

class TechnicianService {
  public:
    virtual ~TechnicianService() = default;
    virtual void run_checks(std::uint64_t ticket) = 0;                 // -> DiagnosticsDone
    virtual void print_test_page(std::uint64_t ticket, Lang lang) = 0; // -> TestPageDone
    virtual void print_report(std::uint64_t ticket, DiagnosticsReport report,
                              Lang lang) = 0; // -> ReportPrinted
    virtual void sync_now() = 0;
};

// The TechnicianService over the probes, on a worker thread of its own.
class DiagnosticsWorker final : public TechnicianService {
  public:
    DiagnosticsWorker(DiagnosticsSettings settings, Probes probes, ModeEvents events,
                      WorkerMode mode = WorkerMode::Thread);
    ~DiagnosticsWorker() override;
    void run_checks(std::uint64_t ticket) override;
    void print_test_page(std::uint64_t ticket, Lang lang) override;
    void print_report(std::uint64_t ticket, DiagnosticsReport report, Lang lang) override;
    void sync_now() override;

  private:
    DiagnosticsSettings m_settings;
    Probes m_probes;
    ModeEvents m_events;
    Worker m_worker; // last: joined first
};

// The configuration file as "section.key" = value lines, secrets hidden: values of keys
// that name a secret (a word key, pass or pwd; secret, password, token, credential
// anywhere) and of every key below such a table are "(hidden)", and user:password@ is
// removed from URIs. Errors: config_unreadable,
// config_invalid.
[[nodiscard]] Result<std::vector<Fact>> describe_config_file(const std::string& path);
[[nodiscard]] Result<std::vector<Fact>> describe_config_text(std::string_view toml_text);

} // namespace kiosk
