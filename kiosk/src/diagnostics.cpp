// Diagnostics: facts and verdicts (kiosk/diagnostics.hpp).
//
// Sections: report · store facts · verdicts · formatting
#include "kiosk/diagnostics.hpp"

#include "kiosk/i18n.hpp"
#include "kiosk/sqlite.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <sys/statvfs.h>

namespace kiosk {

// --- report ---------------------------------------------------------------------------

std::string_view verdict_name(Verdict verdict) {
    switch (verdict) {
    case Verdict::Pass:
        return "pass";
    case Verdict::Fail:
        return "fail";
    case Verdict::NotRun:
        return "not_run";
    }
    return "not_run";
}

std::string Check::fact(std::string_view key) const {
    for (const Fact& f : facts)
        if (f.key == key) return f.value;
    return {};
}

Verdict DiagnosticsReport::overall() const {
    for (const Check& c : checks)
        if (c.verdict == Verdict::Fail) return Verdict::Fail;
    return Verdict::Pass;
}

const Check* DiagnosticsReport::find(std::string_view id) const {
    for (const Check& c : checks)
        if (c.id == id) return &c;
    return nullptr;
}

static std::size_t order_of(std::string_view id) {
    for (std::size_t i = 0; i < std::size(k_check_ids); ++i)
        if (k_check_ids[i] == id) return i;
    return std::size(k_check_ids);
}

void DiagnosticsReport::set(Check check) {
    for (Check& c : checks)
        if (c.id == check.id) {
            c = std::move(check);
            return;
        }
    std::size_t order = order_of(check.id);
    auto at =
        std::find_if(checks.begin(), checks.end(), [&](const Check& c) { return order_of(c.id) > order; });
    checks.insert(at, std::move(check));
}

std::string to_json(const DiagnosticsReport& report) {
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    for (const Check& c : report.checks) {
        nlohmann::ordered_json facts = nlohmann::ordered_json::object();
        for (const Fact& f : c.facts)
            facts[f.key] = f.value;
        checks.push_back({{"id", c.id},
                          {"verdict", verdict_name(c.verdict)},
                          {"reason", c.reason},
                          {"warnings", c.warnings},
                          {"facts", facts}});
    }
    nlohmann::ordered_json j = {{"kiosk_id", report.kiosk_id},
                                {"version", report.version},
                                {"generated_at", report.generated_at},
                                {"verdict", verdict_name(report.overall())},
                                {"checks", checks}};
    return j.dump(2);
}

// --- store facts ------------------------------------------------------------------------

static std::int64_t file_size(const std::string& path) {
    std::error_code ec;
    auto n = std::filesystem::file_size(path, ec);
    return ec ? 0 : static_cast<std::int64_t>(n);
}

StoreFacts collect_store_facts(const std::string& path, IntegrityLevel integrity) {
    StoreFacts f;
    f.path = path;
    f.db_bytes = file_size(path);
    f.wal_bytes = file_size(path + "-wal");
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::absolute(path, ec).parent_path();
    struct statvfs vfs {};
    if (::statvfs(dir.c_str(), &vfs) == 0) {
        f.disk_free_bytes = static_cast<std::int64_t>(vfs.f_bavail) * static_cast<std::int64_t>(vfs.f_frsize);
        f.disk_total_bytes =
            static_cast<std::int64_t>(vfs.f_blocks) * static_cast<std::int64_t>(vfs.f_frsize);
    }
    auto opened = Store::open(path, OpenMode::ReadOnly);
    if (!opened) {
        f.error = opened.error().code;
        return f;
    }
    Store& store = **opened;
    f.opened = true;
    f.schema = store.schema_version();
    if (auto c = store.feed_cursor()) f.feed_cursor = *c;
    if (auto q = store.quarantine_count()) f.quarantined = *q;
    if (auto c = store.counters()) f.counters = std::move(*c);

    // Every table the file holds (the sync module and later versions add their own).
    std::vector<std::string> names;
    if (auto stmt = sql::Stmt::prepare(store.handle(), "SELECT name FROM sqlite_master WHERE type = 'table' "
                                                       "AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
        while (true) {
            auto row = stmt->step();
            if (!row || !*row) break;
            names.push_back(stmt->column_text(0));
        }
    }
    for (const std::string& name : names) {
        std::string quoted = "\"";
        for (char c : name)
            quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        quoted += "\"";
        auto stmt = sql::Stmt::prepare(store.handle(), "SELECT count(*) FROM " + quoted);
        if (!stmt) continue;
        auto row = stmt->step();
        if (row && *row) f.tables.push_back({name, stmt->column_int(0)});
    }

    if (integrity != IntegrityLevel::None) {
        const char* pragma =
            integrity == IntegrityLevel::Full ? "PRAGMA integrity_check(20)" : "PRAGMA quick_check(20)";
        auto stmt = sql::Stmt::prepare(store.handle(), pragma);
        if (!stmt) {
            f.integrity_ok = false;
            f.integrity = stmt.error().detail;
        } else {
            std::string first;
            int lines = 0;
            while (true) {
                auto row = stmt->step();
                if (!row) {
                    first = row.error().detail;
                    lines = 2;
                    break;
                }
                if (!*row) break;
                if (lines++ == 0) first = stmt->column_text(0);
            }
            f.integrity_ok = lines == 1 && first == "ok";
            f.integrity = first.empty() ? "no result" : first;
        }
    }
    return f;
}

// --- verdicts ---------------------------------------------------------------------------

namespace {

Check make(std::string id) {
    Check c;
    c.id = std::move(id);
    return c;
}

void fail_with(Check& c, std::string reason) {
    c.verdict = Verdict::Fail;
    if (c.reason.empty()) c.reason = std::move(reason);
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::string num(std::int64_t n) {
    return n < 0 ? std::string("—") : std::to_string(n);
}

} // namespace

Check check_kiosk(const std::string& kiosk_id, const std::string& version) {
    Check c = make("kiosk");
    c.verdict = Verdict::Pass;
    c.facts = {{"kiosk_id", kiosk_id}, {"version", version}};
    return c;
}

Check check_printer(const PrinterFacts& f) {
    Check c = make("printer");
    if (!f.configured) {
        c.reason = "printer_not_configured";
        return c;
    }
    c.facts.push_back({"device", f.device});
    c.facts.push_back({"state", f.state.empty() ? "—" : f.state});
    c.facts.push_back({"reasons", f.reasons.empty() ? "—" : join(f.reasons)});
    if (!f.message.empty()) c.facts.push_back({"message", f.message});
    for (const Fact& counter : f.counters)
        c.facts.push_back({"counter." + counter.key, counter.value});
    c.verdict = Verdict::Pass;
    if (!f.error.empty()) {
        fail_with(c, f.error);
        return c;
    }
    auto has = [&](std::string_view r) {
        return std::find(f.reasons.begin(), f.reasons.end(), r) != f.reasons.end();
    };
    // The most telling reason first, as the print queue names a held job.
    if (has("offline")) fail_with(c, "printer_offline");
    if (has("media_jam")) fail_with(c, "printer_media_jam");
    if (has("door_open")) fail_with(c, "printer_door_open");
    if (has("media_empty")) fail_with(c, "printer_media_empty");
    if (f.state == "stopped") fail_with(c, "printer_not_ready");
    if (has("toner_low")) c.warnings.push_back("toner_low");
    return c;
}

Check check_card_reader(const ReaderFacts& f) {
    Check c = make("card_reader");
    if (!f.configured) {
        c.reason = "reader_not_configured";
        return c;
    }
    c.facts.push_back({"backend", f.backend});
    c.facts.push_back({"service", f.service_up ? "up" : "down"});
    std::string readers;
    for (const auto& r : f.readers)
        readers += (readers.empty() ? "" : ", ") + r.name + (r.card_present ? " [card]" : "");
    c.facts.push_back({"readers", readers.empty() ? "—" : readers});
    for (const Fact& counter : f.counters)
        c.facts.push_back({"counter." + counter.key, counter.value});
    c.verdict = Verdict::Pass;
    if (!f.error.empty()) fail_with(c, f.error);
    if (!f.service_up) fail_with(c, "reader_service_unavailable");
    if (f.readers.empty()) fail_with(c, "no_reader");
    if (f.alert) c.warnings.push_back("reader_alert");
    return c;
}

Check check_network(const LinkFacts& f) {
    Check c = make("network");
    if (!f.sync_configured && !f.simulated) {
        c.reason = "sync_not_configured";
        return c;
    }
    c.facts.push_back({"link", f.sync_configured ? "registry" : "simulated"});
    c.facts.push_back({"online", f.online ? "yes" : "no"});
    if (!f.last_success_at.empty()) c.facts.push_back({"last_success_at", f.last_success_at});
    if (!f.last_error.empty()) c.facts.push_back({"last_error", f.last_error});
    if (!f.last_error_at.empty()) c.facts.push_back({"last_error_at", f.last_error_at});
    c.verdict = Verdict::Pass;
    if (!f.online) fail_with(c, f.last_error.empty() ? "offline" : f.last_error);
    return c;
}

Check check_sync(const LinkFacts& f, const StoreFacts& store) {
    Check c = make("sync");
    const std::int64_t cursor = f.cursor >= 0 ? f.cursor : store.feed_cursor;
    const std::int64_t quarantined = f.quarantined >= 0 ? f.quarantined : store.quarantined;
    c.facts.push_back({"feed_cursor", num(cursor)});
    c.facts.push_back({"quarantine", num(quarantined)});
    if (quarantined > 0) c.warnings.push_back("quarantine_not_empty");
    if (!f.sync_configured) {
        c.reason = "sync_not_configured";
        return c;
    }
    c.facts.push_back({"head", num(f.head)});
    c.facts.push_back({"lag", num(f.lag)});
    c.facts.push_back({"outbox_pending", num(f.outbox_pending)});
    if (f.outbox_dropped > 0) c.facts.push_back({"outbox_dropped", num(f.outbox_dropped)});
    if (!f.last_success_at.empty()) c.facts.push_back({"last_success_at", f.last_success_at});
    if (!f.last_error.empty()) c.facts.push_back({"last_error", f.last_error});
    c.verdict = Verdict::Pass;
    if (!f.online) fail_with(c, f.last_error.empty() ? "offline" : f.last_error);
    if (f.lag > k_max_healthy_lag) fail_with(c, "sync_lagging");
    if (f.outbox_alarm) fail_with(c, "outbox_alarm");
    return c;
}

Check check_store(const StoreFacts& f) {
    Check c = make("store");
    c.facts.push_back({"path", f.path});
    if (!f.opened) {
        fail_with(c, f.error.empty() ? "store_open_failed" : f.error);
        return c;
    }
    c.verdict = Verdict::Pass;
    c.facts.push_back({"schema", std::to_string(f.schema)});
    c.facts.push_back({"db_size", human_bytes(f.db_bytes)});
    c.facts.push_back({"wal_size", human_bytes(f.wal_bytes)});
    for (const TableCount& t : f.tables)
        c.facts.push_back({"rows." + t.table, std::to_string(t.rows)});
    return c;
}

Check check_integrity(const StoreFacts& f) {
    Check c = make("integrity");
    if (!f.opened) {
        c.reason = f.error.empty() ? "store_open_failed" : f.error;
        return c;
    }
    if (!f.integrity_ok) {
        c.reason = "not_checked";
        return c;
    }
    c.facts.push_back({"integrity", f.integrity});
    c.verdict = *f.integrity_ok ? Verdict::Pass : Verdict::Fail;
    if (!*f.integrity_ok) c.reason = "store_corrupt";
    return c;
}

Check check_disk(const StoreFacts& f, DiskLimits limits) {
    Check c = make("disk");
    if (f.disk_free_bytes < 0 || f.disk_total_bytes <= 0) {
        c.reason = "disk_unknown";
        return c;
    }
    c.facts.push_back({"disk_free", human_bytes(f.disk_free_bytes)});
    c.facts.push_back({"disk_total", human_bytes(f.disk_total_bytes)});
    c.verdict = Verdict::Pass;
    double ratio = static_cast<double>(f.disk_free_bytes) / static_cast<double>(f.disk_total_bytes);
    if (f.disk_free_bytes < limits.min_free_bytes || ratio < limits.min_free_ratio) fail_with(c, "disk_low");
    return c;
}

Check check_config(const std::vector<Fact>& lines) {
    Check c = make("config");
    c.verdict = Verdict::Pass;
    for (const Fact& l : lines)
        c.facts.push_back({"config." + l.key, l.value});
    return c;
}

// --- formatting ---------------------------------------------------------------------------

std::string human_bytes(std::int64_t bytes) {
    if (bytes < 0) return "—";
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    if (u == 0)
        std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(bytes));
    else
        std::snprintf(buf, sizeof buf, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    return buf;
}

std::string fact_label(std::string_view key, Lang lang) {
    std::string full = "diag.fact." + std::string(key);
    if (std::string_view t = tr(full, lang); t != full) return std::string(t);
    if (auto dot = key.find('.'); dot != std::string_view::npos) {
        std::string prefix = "diag.fact." + std::string(key.substr(0, dot));
        if (std::string_view t = tr(prefix, lang); t != prefix)
            return std::string(t) + " · " + std::string(key.substr(dot + 1));
    }
    return std::string(key);
}

std::vector<std::string> diagnostics_translation_keys() {
    std::vector<std::string> keys;
    for (std::string_view id : k_check_ids)
        keys.push_back("diag.check." + std::string(id));
    for (Verdict v : {Verdict::Pass, Verdict::Fail, Verdict::NotRun})
        keys.push_back("diag.verdict." + std::string(verdict_name(v)));
    for (std::string_view f : {"kiosk_id",
                               "version",
                               "device",
                               "state",
                               "reasons",
                               "message",
                               "counter",
                               "backend",
                               "service",
                               "readers",
                               "link",
                               "online",
                               "last_success_at",
                               "last_error",
                               "last_error_at",
                               "feed_cursor",
                               "quarantine",
                               "head",
                               "lag",
                               "outbox_pending",
                               "outbox_dropped",
                               "path",
                               "schema",
                               "db_size",
                               "wal_size",
                               "rows",
                               "integrity",
                               "disk_free",
                               "disk_total",
                               "config",
                               "cells",
                               "patterns",
                               "job",
                               "pages",
                               "role",
                               "trusted",
                               "tries_left",
                               "checked",
                               "broken_at"})
        keys.push_back("diag.fact." + std::string(f));
    for (std::string_view code : {"printer_not_configured",
                                  "reader_not_configured",
                                  "sync_not_configured",
                                  "offline",
                                  "sync_lagging",
                                  "outbox_alarm",
                                  "disk_low",
                                  "disk_unknown",
                                  "not_checked",
                                  "store_corrupt",
                                  "no_reader",
                                  "reader_service_unavailable",
                                  "printer_offline",
                                  "printer_media_jam",
                                  "printer_door_open",
                                  "printer_media_empty",
                                  "printer_not_ready",
                                  "toner_low",
                                  "reader_alert",
                                  "quarantine_not_empty",
                                  "store_open_failed",
                                  "test_not_run", "interactive_only", "audit_chain_broken"})
        keys.push_back("error." + std::string(code));
    return keys;
}

} // namespace kiosk
