// The technician's diagnostics (PRODUCT §2.9, §5, §6.5): what each device and the
// store tell about themselves (facts), and the verdict of each check (pass, fail
// with a reason, or not run). The same report feeds the technician dashboard, the
// printable report (printer/diagnostics.hpp) and `kiosk diag --json`.
//
// Nothing here touches a device: facts are gathered by whoever owns the device
// (the simulator, the HAL adapters, the CLI) and judged here, so every verdict is
// a pure function of its facts (tests/kiosk/diagnostics_test.cpp). Storage facts are
// read from the store itself (collect_store_facts).
//
// No personal data: facts are device states, counts, sizes, codes and names of
// readers and tables; a check never carries a FIN, a name or a notification's content.
//
// Version 1. Breaking changes:
//   v1: first version.
#pragma once

#include "kiosk/error.hpp"
#include "kiosk/i18n.hpp"
#include "kiosk/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

inline constexpr int k_diagnostics_version = 1;

enum class Verdict { Pass, Fail, NotRun };
std::string_view verdict_name(Verdict verdict); // "pass" | "fail" | "not_run"

// One line of a check: `key` is translated as "diag.fact.<key>"; `value` is data.
struct Fact {
    std::string key;
    std::string value;
};

struct Check {
    std::string id; // stable: "printer", "card_reader", ... ("diag.check.<id>" is its title)
    Verdict verdict = Verdict::NotRun;
    std::string reason;                // why it failed or did not run: an error code ("error.<code>")
    std::vector<std::string> warnings; // codes of things that do not fail it (toner_low, ...)
    std::vector<Fact> facts;
    std::string fact(std::string_view key) const; // "" when absent
};

// The checks in the order they are shown and printed.
inline constexpr std::string_view k_check_ids[] = {
    "kiosk", "printer", "printer_test_page", "card_reader", "card_read_test", "touch",  "display", "network",
    "sync",  "store",   "integrity",         "disk",        "audit",          "config",
};

struct DiagnosticsReport {
    std::string kiosk_id, version;
    std::string generated_at; // RFC 3339 UTC
    std::vector<Check> checks;

    // Fail when any check failed; checks that did not run do not count.
    Verdict overall() const;
    const Check* find(std::string_view id) const;
    // Replaces the check with the same id, or adds it in the order of k_check_ids.
    void set(Check check);
};

// {"kiosk_id","version","generated_at","verdict","checks":[{"id","verdict","reason","warnings","facts":{key:value}}]}
std::string to_json(const DiagnosticsReport& report);

// --- facts ----------------------------------------------------------------------------

struct PrinterFacts {
    bool configured = false;
    std::string device;               // "printer:ipp://…", "simulator"
    std::string state;                // idle | processing | stopped ("" unknown)
    std::vector<std::string> reasons; // media_empty, media_jam, door_open, toner_low, offline
    std::string message;              // the printer's own words
    std::string error;                // the status could not be read: an error code
    std::vector<Fact> counters;       // pages_printed, jobs_completed, ...
};

struct ReaderFacts {
    struct Reader {
        std::string name;
        bool card_present = false;
    };
    bool configured = false;
    std::string backend; // pcsc | sim | simulator
    bool service_up = false;
    std::vector<Reader> readers;
    bool alert = false; // no reader for a while: the technician alert is raised
    std::string error;  // an error code when the service could not be asked
    std::vector<Fact> counters;
};

struct LinkFacts {
    bool sync_configured = false; // a sync module runs (otherwise: the simulated link, if any)
    bool simulated = false;       // the simulator's network switch
    bool online = false;
    std::int64_t cursor = -1, head = -1, lag = -1;
    std::int64_t outbox_pending = -1, outbox_dropped = 0;
    bool outbox_alarm = false;
    std::int64_t quarantined = -1;
    std::string last_success_at, last_attempt_at, last_error, last_error_at;
};

struct TableCount {
    std::string table;
    std::int64_t rows = 0;
};

struct StoreFacts {
    bool opened = false;
    std::string error; // when not opened
    std::string path;
    int schema = 0;
    std::int64_t db_bytes = 0, wal_bytes = 0;
    std::vector<TableCount> tables;
    std::int64_t feed_cursor = 0, quarantined = 0;
    std::optional<bool> integrity_ok; // not checked: nullopt
    std::string integrity;            // "ok" or SQLite's first complaint
    std::int64_t disk_free_bytes = -1, disk_total_bytes = -1;
    std::vector<Counter> counters;
};

enum class IntegrityLevel { None, Quick, Full };

// Opens the store read-only (another connection writes meanwhile) and reads its facts.
// A store that cannot be opened is a fact (opened = false), not an error.
StoreFacts collect_store_facts(const std::string& path, IntegrityLevel integrity);

// --- verdicts ----------------------------------------------------------------------------

struct DiskLimits {
    std::int64_t min_free_bytes = 200ll << 20; // below: fail (the replica grows, the spool needs room)
    double min_free_ratio = 0.05;
};
inline constexpr std::int64_t k_max_healthy_lag = 1000; // changes behind the registry before sync fails

Check check_kiosk(const std::string& kiosk_id, const std::string& version);
Check check_printer(const PrinterFacts& f);
Check check_card_reader(const ReaderFacts& f);
Check check_network(const LinkFacts& f);
Check check_sync(const LinkFacts& f, const StoreFacts& store);
Check check_store(const StoreFacts& f);
Check check_integrity(const StoreFacts& f);
Check check_disk(const StoreFacts& f, DiskLimits limits = {});
// The configuration as shown (secrets already hidden): always passes once loaded.
Check check_config(const std::vector<Fact>& lines);

// "1.2 MiB", "930 KiB", "12 B".
std::string human_bytes(std::int64_t bytes);
// A fact's label in `lang`: "diag.fact.<key>"; for a key "prefix.rest" without its own entry,
// "diag.fact.<prefix>" + " · rest" (rows.notification, counter.pages_printed); else the key.
std::string fact_label(std::string_view key, Lang lang);
// The translation keys of every fixed fact and check (the i18n completeness test).
std::vector<std::string> diagnostics_translation_keys();

} // namespace kiosk
