#include "printer/diagnostics.hpp"

#include "kiosk/sqlite.hpp"

namespace printer {

Result<DiagnosticsReport> collect_diagnostics(kiosk::Store& store, hal::Printer* printer,
                                              const std::string& kiosk_id, const std::string& version) {
    DiagnosticsReport r;
    r.sections.push_back(
        {"diag.section.kiosk", {{"diag.field.kiosk_id", kiosk_id}, {"diag.field.version", version}}});

    if (printer) {
        DiagnosticsReport::Section s{"diag.section.printer", {{"diag.field.printer", printer->device_id()}}};
        if (auto status = printer->status()) {
            std::string reasons;
            for (auto name : hal::reason_names(*status)) {
                if (!reasons.empty()) reasons += ", ";
                reasons += name;
            }
            s.items.push_back({"diag.field.state", std::string(hal::state_name(status->state))});
            s.items.push_back({"diag.field.reasons", reasons});
            s.items.push_back({"diag.field.message", status->message});
        } else {
            s.items.push_back({"diag.field.state", status.error().code});
        }
        r.sections.push_back(std::move(s));
    }

    DiagnosticsReport::Section db{"diag.section.store", {}};
    db.items.push_back({"diag.field.schema", std::to_string(store.schema_version())});
    auto cursor = store.feed_cursor();
    if (!cursor) return std::unexpected(cursor.error());
    db.items.push_back({"diag.field.feed_cursor", std::to_string(*cursor)});
    auto notifications = store.count("notification");
    if (!notifications) return std::unexpected(notifications.error());
    db.items.push_back({"diag.field.notifications", std::to_string(*notifications)});
    auto quarantine = store.quarantine_count();
    if (!quarantine) return std::unexpected(quarantine.error());
    db.items.push_back({"diag.field.quarantine", std::to_string(*quarantine)});
    auto integrity = store.integrity_check();
    db.items.push_back({"diag.field.integrity", integrity ? "ok" : integrity.error().detail});
    r.sections.push_back(std::move(db));

    auto stmt = kiosk::sql::Stmt::prepare(
        store.handle(), "SELECT state, count(*) FROM print_job GROUP BY state ORDER BY state");
    if (!stmt) return std::unexpected(stmt.error());
    std::string jobs;
    for (;;) {
        auto row = stmt->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        if (!jobs.empty()) jobs += ", ";
        jobs += stmt->column_text(0) + ": " + std::to_string(stmt->column_int(1));
    }
    r.sections.push_back({"diag.section.queue", {{"diag.field.jobs", jobs}}});

    auto counters = store.counters();
    if (!counters) return std::unexpected(counters.error());
    DiagnosticsReport::Section c{"diag.section.counters", {}};
    for (const auto& counter : *counters)
        c.items.push_back({counter.device + " · " + counter.name, std::to_string(counter.value)});
    r.sections.push_back(std::move(c));
    return r;
}

DiagnosticsReport report_document(const kiosk::DiagnosticsReport& report, Lang lang) {
    auto t = [&](std::string_view key) { return std::string(kiosk::tr(key, lang)); };
    auto verdict = [&](kiosk::Verdict v) { return t("diag.verdict." + std::string(kiosk::verdict_name(v))); };
    DiagnosticsReport doc;
    int failed = 0;
    for (const kiosk::Check& c : report.checks)
        failed += c.verdict == kiosk::Verdict::Fail ? 1 : 0;
    std::string overall = verdict(report.overall());
    if (failed > 0) overall += " (" + t("tech.failed_count") + ": " + std::to_string(failed) + ")";
    doc.sections.push_back({"diag.section.summary",
                            {{"diag.field.kiosk_id", report.kiosk_id},
                             {"diag.field.version", report.version},
                             {"diag.field.generated_at", display_instant(report.generated_at) + " UTC"},
                             {"diag.field.verdict", overall}}});
    for (const kiosk::Check& c : report.checks) {
        // The heading carries the verdict: a literal, already in `lang`.
        DiagnosticsReport::Section s{t("diag.check." + c.id) + " — " + verdict(c.verdict), {}};
        if (!c.reason.empty()) s.items.push_back({"diag.field.reason", kiosk::error_text(c.reason, lang)});
        for (const std::string& w : c.warnings)
            s.items.push_back({"diag.field.warning", kiosk::error_text(w, lang)});
        for (const kiosk::Fact& f : c.facts)
            s.items.push_back({kiosk::fact_label(f.key, lang), f.value});
        doc.sections.push_back(std::move(s));
    }
    return doc;
}

} // namespace printer
