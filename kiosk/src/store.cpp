#include "kiosk/store.hpp"

#include "kiosk/sqlite.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>

namespace kiosk {
namespace {

// Replica tables carry the `seq` of the change record that wrote each row (last
// seq wins). They have no foreign keys between them on purpose: the feed may
// deliver a notification before its contract or employer, and a delete of one
// entity must not cascade into rows the registry still holds.
constexpr std::string_view k_schema_v1 = R"sql(
CREATE TABLE reference_list (
    name TEXT PRIMARY KEY
) WITHOUT ROWID;
INSERT INTO reference_list(name) VALUES
    ('notification_kind'), ('notification_status'), ('validity'), ('contract_status'),
    ('contract_type'), ('amendment_field'), ('termination_reason');

CREATE TABLE reference (
    list      TEXT NOT NULL REFERENCES reference_list(name),
    code      TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    label_az  TEXT NOT NULL,
    label_ru  TEXT NOT NULL,
    label_en  TEXT NOT NULL,
    PRIMARY KEY (list, code)
) WITHOUT ROWID;

CREATE TABLE employer (
    voen          TEXT PRIMARY KEY,
    seq           INTEGER NOT NULL,
    sun           TEXT NOT NULL,
    name          TEXT NOT NULL,
    legal_address TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE person (
    fin        TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL,
    surname    TEXT NOT NULL,
    name       TEXT NOT NULL,
    patronymic TEXT NOT NULL,
    birth_date TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE contract (
    id            TEXT PRIMARY KEY,
    seq           INTEGER NOT NULL,
    employer_voen TEXT NOT NULL,
    employee_fin  TEXT NOT NULL,
    number        TEXT NOT NULL,
    date          TEXT NOT NULL,
    start_date    TEXT NOT NULL,
    type          TEXT NOT NULL CHECK (type IN ('indefinite', 'fixed_term')),
    end_date      TEXT,
    position      TEXT NOT NULL,
    workplace     TEXT NOT NULL,
    work_address  TEXT NOT NULL,
    salary_qepik  INTEGER NOT NULL,          -- AZN × 100, exact
    working_time  TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('in_force', 'ended'))
);

CREATE TABLE notification (
    id                  TEXT PRIMARY KEY,
    seq                 INTEGER NOT NULL,
    number              TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('conclusion', 'amendment', 'termination')),
    date                TEXT NOT NULL,
    contract_id         TEXT NOT NULL,
    employee_fin        TEXT NOT NULL,
    employer_voen       TEXT NOT NULL,
    position            TEXT NOT NULL,
    workplace           TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('entered', 'signed', 'registered', 'cancelled')),
    validity            TEXT NOT NULL CHECK (validity IN ('valid', 'invalid')),
    validity_reason     TEXT,
    signer_fin          TEXT,
    signer_name         TEXT,
    signed_at           TEXT,
    registration_number TEXT,
    registered_at       TEXT,
    amendment           TEXT,                -- JSON {effective_date, basis, changes[]}
    order_date          TEXT,
    order_number        TEXT,
    termination_date    TEXT,
    reason              TEXT,                -- termination_reason code
    document            TEXT,                -- JSON: the content that was signed
    signature           TEXT                 -- base64 detached CMS
);

-- A delete is remembered so that an older upsert arriving later cannot revive the row.
CREATE TABLE tombstone (
    entity TEXT NOT NULL,
    id     TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (entity, id)
) WITHOUT ROWID;

CREATE TABLE feed_cursor (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    seq        INTEGER NOT NULL,
    updated_at TEXT
);
INSERT INTO feed_cursor(id, seq) VALUES (1, 0);

CREATE TABLE quarantine (
    id          INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    seq         INTEGER,
    entity      TEXT,
    record_id   TEXT,
    reason      TEXT NOT NULL,
    detail      TEXT NOT NULL,
    raw         BLOB NOT NULL,             -- the line as received (first 64 KiB)
    raw_hash    INTEGER NOT NULL
);
CREATE INDEX quarantine_raw_hash ON quarantine(raw_hash);
)sql";

// v2: persistent device counters (cards read, read errors, pages printed, ...).
constexpr std::string_view k_schema_v2 = R"sql(
CREATE TABLE device_counter (
    device     TEXT NOT NULL,             -- device class and instance, e.g. "card:Virtual PCD 00 00"
    name       TEXT NOT NULL,             -- e.g. "cards_read"
    value      INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (device, name)
) WITHOUT ROWID;
)sql";

// v3: the durable print queue (printer/queue.hpp). A job is a row from the tap on
// "Print" to its end, so a crash or power loss loses none and prints none twice:
// `printer_job_name` is written before the document goes to the printer and finds
// the printer's job again if the kiosk dies before `printer_job_id` is recorded.
constexpr std::string_view k_schema_v3 = R"sql(
CREATE TABLE print_job (
    id               INTEGER PRIMARY KEY,
    document         TEXT NOT NULL CHECK (document IN ('notification', 'registration', 'test_page', 'diagnostics')),
    notification_id  TEXT,                -- citizen documents only
    lang             TEXT NOT NULL CHECK (lang IN ('az', 'ru', 'en')),
    copy_number      INTEGER NOT NULL DEFAULT 1, -- > 1: printed marked "COPY n"
    state            TEXT NOT NULL CHECK (state IN ('queued', 'submitting', 'printing', 'held',
                                                    'completed', 'failed', 'canceled')),
    pages            INTEGER NOT NULL DEFAULT 0,
    pages_printed    INTEGER NOT NULL DEFAULT 0,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,                -- an error code (error.<code>), never personal data
    printer          TEXT,                -- device id of the printer it went to
    printer_job_id   INTEGER,
    printer_job_name TEXT,
    spool_path       TEXT,                -- the rendered PDF while the job lives; deleted at its end
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    submitted_at     TEXT,
    ended_at         TEXT
);
CREATE INDEX print_job_active ON print_job(state) WHERE state IN ('queued', 'submitting', 'printing', 'held');
CREATE INDEX print_job_document ON print_job(notification_id, document);
)sql";

// v4: the sync module's local state (sync/). The feed's progress stays in feed_cursor
// (written in the same transaction as the rows); sync_state holds what the registry
// last said and how the link fares. The outbox is the kiosk's hash-chained,
// append-only log of audit events waiting for (or done with) delivery: the triggers
// refuse any change to an event and any delete of an event not yet delivered.
// signature_check holds the kiosk's own verdict on each notification's CMS signature,
// valid for the row's seq only (a newer version of the record needs a new check).
constexpr std::string_view k_schema_v4 = R"sql(
CREATE TABLE sync_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    head_seq        INTEGER,              -- the registry's head at the last answer
    last_attempt_at TEXT,
    last_success_at TEXT,                 -- the last answer from the registry (any endpoint)
    last_error      TEXT,                 -- an error code (net_dns, net_tls, http_status, ...), NULL after a success
    last_error_detail TEXT,
    last_error_at   TEXT,
    verify_rowid    INTEGER NOT NULL DEFAULT 0, -- the background signature check's progress
    heartbeat       TEXT,                 -- the last heartbeat body (JSON), kept until delivered
    heartbeat_at    TEXT,
    heartbeat_sent_at TEXT
);
INSERT INTO sync_state(id) VALUES (1);

CREATE TABLE outbox_event (
    ordinal      INTEGER PRIMARY KEY,     -- position in the chain, 1, 2, ...
    id           TEXT NOT NULL UNIQUE,    -- UUID v4: the registry's idempotency key
    at           TEXT NOT NULL,           -- RFC 3339 UTC
    type         TEXT NOT NULL,
    data         TEXT NOT NULL,           -- a JSON object without personal data (FIN hashes at most)
    prev_hash    TEXT NOT NULL,           -- hex SHA-256 of the previous event ("0" x 64 for the first)
    hash         TEXT NOT NULL,           -- hex SHA-256 over prev_hash and this event's canonical form
    delivered_at TEXT                     -- when the registry accepted it (or had it already)
);
CREATE INDEX outbox_pending ON outbox_event(ordinal) WHERE delivered_at IS NULL;
CREATE TRIGGER outbox_event_immutable BEFORE UPDATE OF ordinal, id, at, type, data, prev_hash, hash ON outbox_event
BEGIN SELECT RAISE(ABORT, 'outbox events are append-only'); END;
CREATE TRIGGER outbox_event_undelivered BEFORE UPDATE OF delivered_at ON outbox_event
WHEN old.delivered_at IS NOT NULL AND new.delivered_at IS NULL
BEGIN SELECT RAISE(ABORT, 'a delivered event stays delivered'); END;
CREATE TRIGGER outbox_event_keep BEFORE DELETE ON outbox_event WHEN old.delivered_at IS NULL
BEGIN SELECT RAISE(ABORT, 'an undelivered event cannot be removed'); END;

-- Where the chain starts when delivered events were pruned: the last removed event.
CREATE TABLE outbox_anchor (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    ordinal INTEGER NOT NULL,
    hash    TEXT NOT NULL
);
-- Events refused while the outbox was full, by type, until an overflow event records them.
CREATE TABLE outbox_overflow (
    type     TEXT PRIMARY KEY,
    dropped  INTEGER NOT NULL,
    first_at TEXT NOT NULL,
    last_at  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE signature_check (
    id         TEXT PRIMARY KEY,          -- notification id
    seq        INTEGER NOT NULL,          -- the version of the record that was checked
    result     TEXT NOT NULL CHECK (result IN ('valid', 'invalid')),
    reason     TEXT,                      -- why invalid: an error code (signature_mismatch, ...)
    signer     TEXT,                      -- the signing certificate's subject CN
    checked_at TEXT NOT NULL
) WITHOUT ROWID;
)sql";

constexpr std::array k_migrations{
    Migration{1, k_schema_v1},
    Migration{2, k_schema_v2},
    Migration{3, k_schema_v3},
    Migration{4, k_schema_v4},
};

constexpr std::array k_indexes{
    IndexDef{"notification_person",
             "CREATE INDEX IF NOT EXISTS notification_person ON notification(employee_fin, date DESC, number DESC)"},
    IndexDef{"contract_person", "CREATE INDEX IF NOT EXISTS contract_person ON contract(employee_fin, status)"},
    IndexDef{"employer_sun", "CREATE INDEX IF NOT EXISTS employer_sun ON employer(sun)"},
};

} // namespace

std::span<const Migration> Store::migrations() { return k_migrations; }
int Store::latest_schema_version() { return k_migrations.back().version; }
std::span<const IndexDef> Store::secondary_indexes() { return k_indexes; }

Result<std::unique_ptr<Store>> Store::open(const std::string& path, OpenMode mode) {
    return open_with_migrations(path, k_migrations, mode);
}

Result<std::unique_ptr<Store>> Store::open_with_migrations(const std::string& path,
                                                           std::span<const Migration> migrations,
                                                           OpenMode mode) {
    sqlite3* db = nullptr;
    int flags = mode == OpenMode::ReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        Error e{"store_open_failed", std::string("cannot open ") + path + ": " +
                                         (db ? sqlite3_errmsg(db) : "out of memory")};
        sqlite3_close(db);
        return std::unexpected(std::move(e));
    }
    std::unique_ptr<Store> store(new Store(db, path));
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);

    // Is this an SQLite file at all? Reading the schema fails with NOTADB otherwise.
    KIOSK_TRY(sql::exec(db, "SELECT count(*) FROM sqlite_schema"));
    if (mode == OpenMode::ReadWrite) {
        KIOSK_TRY(sql::exec(db, "PRAGMA journal_mode=WAL"));
        KIOSK_TRY(sql::exec(db, "PRAGMA synchronous=NORMAL"));
    }
    KIOSK_TRY(sql::exec(db, "PRAGMA foreign_keys=ON"));
    KIOSK_TRY(sql::exec(db, "PRAGMA temp_store=MEMORY"));

    KIOSK_TRY(store->migrate(migrations));
    // A bulk load interrupted after dropping the indexes leaves them missing: restore.
    if (mode == OpenMode::ReadWrite && store->m_version == Store::latest_schema_version() &&
        migrations.data() == k_migrations.data())
        KIOSK_TRY(store->ensure_secondary_indexes());
    return store;
}

Store::~Store() { sqlite3_close_v2(m_db); }

Status Store::migrate(std::span<const Migration> migrations) {
    auto version_stmt = sql::Stmt::prepare(m_db, "PRAGMA user_version");
    if (!version_stmt) return std::unexpected(version_stmt.error());
    auto has_row = version_stmt->step();
    if (!has_row) return std::unexpected(has_row.error());
    m_version = static_cast<int>(version_stmt->column_int(0));
    version_stmt->reset();

    int latest = migrations.empty() ? 0 : migrations.back().version;
    if (m_version > latest)
        return fail("schema_too_new", "store schema version " + std::to_string(m_version) +
                                          " is newer than this program's " + std::to_string(latest) +
                                          "; install a newer kiosk version");
    for (const Migration& m : migrations) {
        if (m.version <= m_version) continue;
        auto tx = sql::Transaction::begin(m_db);
        if (!tx) return fail("migration_failed", tx.error().detail);
        if (auto r = sql::exec(m_db, m.sql); !r)
            return fail("migration_failed", "to version " + std::to_string(m.version) + ": " + r.error().detail);
        if (auto r = sql::exec(m_db, "PRAGMA user_version=" + std::to_string(m.version)); !r)
            return fail("migration_failed", r.error().detail);
        if (auto r = tx->commit(); !r) return fail("migration_failed", r.error().detail);
        m_version = m.version;
    }
    return {};
}

Result<std::int64_t> Store::feed_cursor() const {
    auto stmt = sql::Stmt::prepare(m_db, "SELECT seq FROM feed_cursor WHERE id = 1");
    if (!stmt) return std::unexpected(stmt.error());
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    return *row ? stmt->column_int(0) : 0;
}

Result<std::int64_t> Store::quarantine_count() const { return count("quarantine"); }

Result<std::int64_t> Store::count(std::string_view table) const {
    static constexpr std::array<std::string_view, 10> k_tables{
        "notification", "contract",  "person",    "employer",     "reference",
        "quarantine",   "tombstone", "print_job", "outbox_event", "signature_check"};
    if (std::find(k_tables.begin(), k_tables.end(), table) == k_tables.end())
        return fail("unknown_table", std::string(table));
    auto stmt = sql::Stmt::prepare(m_db, "SELECT count(*) FROM " + std::string(table));
    if (!stmt) return std::unexpected(stmt.error());
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    return stmt->column_int(0);
}

Result<std::int64_t> Store::add_to_counter(std::string_view device, std::string_view name, std::int64_t delta) {
    auto stmt = sql::Stmt::prepare(m_db, R"sql(
        INSERT INTO device_counter(device, name, value, updated_at)
        VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
        ON CONFLICT(device, name) DO UPDATE SET value = value + excluded.value, updated_at = excluded.updated_at
        RETURNING value)sql");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, device);
    stmt->bind(2, name);
    stmt->bind(3, delta);
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return fail("store_error", "counter update returned no row");
    return stmt->column_int(0);
}

Result<std::vector<Counter>> Store::counters(std::string_view device) const {
    auto stmt = sql::Stmt::prepare(
        m_db, "SELECT device, name, value, updated_at FROM device_counter WHERE ?1 = '' OR device = ?1 "
              "ORDER BY device, name");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, device);
    std::vector<Counter> out;
    for (;;) {
        auto row = stmt->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        out.push_back(Counter{std::string(stmt->column_text(0)), std::string(stmt->column_text(1)),
                              stmt->column_int(2), std::string(stmt->column_text(3))});
    }
    return out;
}

Status Store::drop_secondary_indexes() {
    for (const IndexDef& index : k_indexes)
        KIOSK_TRY(sql::exec(m_db, "DROP INDEX IF EXISTS " + std::string(index.name)));
    return {};
}

Status Store::ensure_secondary_indexes() {
    for (const IndexDef& index : k_indexes) KIOSK_TRY(sql::exec(m_db, index.create_sql));
    return {};
}

Status Store::integrity_check() {
    auto stmt = sql::Stmt::prepare(m_db, "PRAGMA quick_check");
    if (!stmt) return std::unexpected(stmt.error());
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    std::string result = *row ? stmt->column_text(0) : "no result";
    if (result != "ok") return fail("store_corrupt", result);
    return {};
}

} // namespace kiosk
