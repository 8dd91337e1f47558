// kiosk diag: the technician's diagnostics report from the command line (PRODUCT §2.9, issue 8),
// with a pass/fail verdict per check, as JSON or a table, and as the printable PDF.
//   kiosk diag --config FILE [--json] [--pdf FILE] [--lang L] [--printer URI] [--reader SPEC]
//              [--ca FILE] [--test-page] [--card-test] [--integrity full|quick|none]
#include "adapters/hal_probes.hpp"
#include "adapters/outbox_audit.hpp"
#include "cli.hpp"
#include "kiosk/config.hpp"
#include "kiosk/store.hpp"
#include "kiosk/technician.hpp"
#include "printer/diagnostics.hpp"
#include "printer/documents.hpp"
#include "sync/service.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#ifndef EMEK_VERSION
#define EMEK_VERSION "0"
#endif

namespace kiosk::cli {
namespace {

// Exit status when a check failed.
constexpr int k_exit_check_failed = 3;

// The sync module's last known state, from the store (`kiosk sync status` reads the same).
class StoredLink final : public LinkProbe {
  public:
    explicit StoredLink(std::string store_path) : m_path(std::move(store_path)) {}
    LinkFacts link_facts() override {
        LinkFacts f;
        f.sync_configured = true;
        auto store = Store::open(m_path, OpenMode::ReadOnly);
        if (!store) {
            f.last_error = store.error().code;
            return f;
        }
        auto st = sync::read_status(**store);
        if (!st) {
            f.last_error = st.error().code;
            return f;
        }
        f.online = st->online;
        f.cursor = st->cursor;
        f.head = st->head;
        f.lag = st->lag();
        f.outbox_pending = st->outbox_pending;
        f.outbox_dropped = st->outbox_dropped;
        f.outbox_alarm = st->outbox_alarm;
        f.quarantined = st->quarantined;
        f.last_success_at = st->last_success_at;
        f.last_attempt_at = st->last_attempt_at;
        f.last_error = st->last_error;
        f.last_error_at = st->last_error_at;
        return f;
    }
    void sync_now() override {}

  private:
    std::string m_path;
};

void print_table(const DiagnosticsReport& r, Lang lang) {
    std::printf("%s %s · %s %s · %s\n", std::string(tr("diag.fact.kiosk_id", lang)).c_str(),
                r.kiosk_id.c_str(), std::string(tr("diag.fact.version", lang)).c_str(), r.version.c_str(),
                r.generated_at.c_str());
    for (const Check& c : r.checks) {
        std::string verdict(tr("diag.verdict." + std::string(verdict_name(c.verdict)), lang));
        std::printf("%-8s %-28s %s\n", std::string(verdict_name(c.verdict)).c_str(),
                    std::string(tr("diag.check." + c.id, lang)).c_str(),
                    c.reason.empty() ? "" : (error_text(c.reason, lang) + " [" + c.reason + "]").c_str());
        for (const std::string& w : c.warnings)
            std::printf("         ! %s [%s]\n", error_text(w, lang).c_str(), w.c_str());
        for (const Fact& f : c.facts)
            std::printf("         %s: %s\n", fact_label(f.key, lang).c_str(), f.value.c_str());
    }
    std::printf("%s: %s\n", std::string(tr("diag.field.verdict", lang)).c_str(),
                std::string(tr("diag.verdict." + std::string(verdict_name(r.overall())), lang)).c_str());
}

int cmd_diag(int argc, char** argv) {
    Args args = Args::parse(argc, argv, 2, {"json", "test-page", "card-test"});
    if (!args.error.empty()) return usage_error(args.error);
    if (auto unknown = args.unknown_option({"config", "json", "pdf", "lang", "printer", "reader", "ca",
                                            "test-page", "card-test", "integrity"}))
        return usage_error("unknown option --" + *unknown);
    if (!args.positional.empty()) return usage_error("unexpected argument " + args.positional[0]);
    auto lang = args.lang();
    if (!lang) return usage_error("--lang must be az, ru or en");
    auto path = args.get("config");
    if (!path) return usage_error("--config FILE is required");
    std::string integrity = args.get("integrity").value_or("full");
    if (integrity != "full" && integrity != "quick" && integrity != "none")
        return usage_error("--integrity must be full, quick or none");
    auto config = load_config(*path);
    if (!config) return store_error(config.error(), *lang);

    DiagnosticsSettings s;
    s.kiosk_id = config->kiosk_id;
    s.version = EMEK_VERSION;
    s.store_path = config->store_path;
    s.integrity = integrity == "full"    ? IntegrityLevel::Full
                  : integrity == "quick" ? IntegrityLevel::Quick
                                         : IntegrityLevel::None;
    if (auto lines = describe_config_file(*path)) s.config_lines = std::move(*lines);

    // The devices of the configuration (or the ones named here), straight through the HAL.
    // A device that cannot be opened is a failed check, not a failed command.
    Probes probes;
    std::unique_ptr<ui::HalPrinterProbe> printer;
    std::optional<Check> printer_failed;
    const bool store_exists = std::filesystem::exists(config->store_path);
    ui::HalPrinterOptions po;
    po.uri = args.get("printer").value_or(config->printer);
    po.store_path = config->store_path;
    po.spool_dir = config->spool_dir;
    po.kiosk_id = config->kiosk_id;
    po.version = EMEK_VERSION;
    if (store_exists) {
        if (auto p = ui::HalPrinterProbe::open(po)) {
            printer = std::move(*p);
            probes.printer = printer.get();
        } else {
            printer_failed = Check{"printer", Verdict::Fail, p.error().code, {}, {{"device", po.uri}}};
        }
    }
    std::unique_ptr<ui::HalReaderProbe> reader;
    std::optional<Check> reader_failed;
    ui::HalReaderOptions ro;
    ro.backend = args.get("reader").value_or(config->card_reader);
    ro.ca_file = args.get("ca").value_or(config->card_ca);
    ro.store_path = store_exists ? config->store_path : "";
    if (auto r = ui::HalReaderProbe::open(ro)) {
        reader = std::move(*r);
        probes.reader = reader.get();
    } else {
        reader_failed = Check{"card_reader", Verdict::Fail, r.error().code, {}, {{"backend", ro.backend}}};
    }
    std::unique_ptr<StoredLink> link;
    if (config->registry) {
        link = std::make_unique<StoredLink>(config->store_path);
        probes.link = link.get();
    }
    if (store_exists) probes.audit = [p = config->store_path] { return ui::audit_check(p); };

    DiagnosticsReport report = run_diagnostics(s, probes);
    if (printer_failed) report.set(*printer_failed);
    if (reader_failed) report.set(*reader_failed);
    // What only a technician at the screen can judge, and what was not asked for.
    for (const char* id : {"touch", "display"})
        report.set(Check{id, Verdict::NotRun, "interactive_only", {}, {}});
    for (const char* id : {"printer_test_page", "card_read_test"})
        report.set(Check{id, Verdict::NotRun, "test_not_run", {}, {}});
    if (args.has("test-page")) {
        if (printer)
            report.set(printer->print_test_page(*lang, std::chrono::seconds(120)));
        else
            report.set(Check{"printer_test_page", Verdict::Fail, "printer_unavailable", {}, {}});
    }
    if (args.has("card-test")) {
        if (reader)
            report.set(reader->read_test());
        else
            report.set(Check{"card_read_test", Verdict::Fail, "reader_unavailable", {}, {}});
    }

    if (auto pdf = args.get("pdf")) {
        printer::RenderContext ctx;
        ctx.lang = *lang;
        ctx.kiosk_id = config->kiosk_id;
        auto doc = printer::render_diagnostics(printer::report_document(report, *lang), ctx);
        if (!doc) return store_error(doc.error(), *lang);
        std::ofstream out(*pdf, std::ios::binary | std::ios::trunc);
        out.write(doc->pdf.data(), static_cast<std::streamsize>(doc->pdf.size()));
        out.close();
        if (!out) return store_error(Error{"spool_failed", "cannot write " + *pdf}, *lang);
    }
    if (args.has("json"))
        std::printf("%s\n", to_json(report).c_str());
    else
        print_table(report, *lang);
    return report.overall() == Verdict::Pass ? k_exit_ok : k_exit_check_failed;
}

} // namespace

KIOSK_CLI_COMMAND("diag",
                  "  kiosk diag --config FILE [--json] [--pdf FILE] [--lang az|ru|en] [--printer URI]\n"
                  "             [--reader pcsc|sim:CARD_DIR...] [--ca FILE] [--test-page] [--card-test]\n"
                  "             [--integrity full|quick|none]\n"
                  "      the diagnostics report: a pass/fail verdict per check (exit 3: a check failed)\n",
                  cmd_diag);

} // namespace kiosk::cli
