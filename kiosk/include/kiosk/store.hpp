// The kiosk's local store: one SQLite file holding the replica of the central
// registry (reference lists, employers, persons, contracts, notifications),
// the feed cursor and the quarantine of invalid change records.
//
// Schema changes are versioned migrations; the version lives in the file
// (PRAGMA user_version). Opening upgrades an older file and refuses a newer one.
//
// Breaking changes:
//   v1 (schema 1): first version.
//   v2 (schema 2): device_counter table; add_to_counter(), counters().
//   v3 (schema 3): print_job table (the durable print queue, printer/queue.hpp); count("print_job").
//   v4 (schema 4): sync/ state: sync_state, outbox_event (+ anchor, overflow), signature_check;
//                  count("outbox_event"), count("signature_check").
#pragma once

#include "kiosk/error.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace kiosk {

// One schema step: `version` is the schema version after `sql` ran.
struct Migration {
    int version;
    std::string_view sql;
};

// A secondary index that the bulk import may drop and rebuild.
struct IndexDef {
    std::string_view name;
    std::string_view create_sql;
};

// A persistent device counter (PRODUCT §5: cards read, read errors, pages printed, ...).
struct Counter {
    std::string device;
    std::string name;
    std::int64_t value = 0;
    std::string updated_at; // UTC, RFC 3339
};

enum class OpenMode { ReadWrite, ReadOnly };

class Store {
public:
    // Opens (creating if needed, unless read-only) and migrates to the latest schema.
    // Errors: store_open_failed, schema_too_new, migration_failed, store_corrupt.
    [[nodiscard]] static Result<std::unique_ptr<Store>> open(const std::string& path,
                                                             OpenMode mode = OpenMode::ReadWrite);
    // The same with another list of migrations (tests of the migration machinery).
    [[nodiscard]] static Result<std::unique_ptr<Store>>
    open_with_migrations(const std::string& path, std::span<const Migration> migrations,
                         OpenMode mode = OpenMode::ReadWrite);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    static std::span<const Migration> migrations();
    static int latest_schema_version();
    static std::span<const IndexDef> secondary_indexes();

    int schema_version() const { return m_version; }
    const std::string& path() const { return m_path; }
    sqlite3* handle() const { return m_db; }

    // Last change-record seq applied (0 for a new store).
    [[nodiscard]] Result<std::int64_t> feed_cursor() const;
    // Number of records held in quarantine.
    [[nodiscard]] Result<std::int64_t> quarantine_count() const;
    // Row count of a replica table: notification, contract, person, employer, reference (or print_job,
    // outbox_event, signature_check).
    [[nodiscard]] Result<std::int64_t> count(std::string_view table) const;

    // Adds `delta` to a device counter (created at 0) and returns the new value.
    [[nodiscard]] Result<std::int64_t> add_to_counter(std::string_view device, std::string_view name,
                                                      std::int64_t delta = 1);
    // The counters of one device ("" for all devices), ordered by device and name.
    [[nodiscard]] Result<std::vector<Counter>> counters(std::string_view device = {}) const;

    // Drop / (re)create the secondary indexes (bulk loads build them after the rows).
    [[nodiscard]] Status drop_secondary_indexes();
    [[nodiscard]] Status ensure_secondary_indexes();
    // PRAGMA quick_check; ok or store_corrupt.
    [[nodiscard]] Status integrity_check();

private:
    Store(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}
    [[nodiscard]] Status migrate(std::span<const Migration> migrations);

    sqlite3* m_db;
    std::string m_path;
    int m_version = 0;
};

} // namespace kiosk
