#include "registry/db.hpp"

#include <sqlite3.h>

namespace registry {
namespace {

constexpr std::string_view k_schema_v1 = R"sql(
CREATE TABLE change(
  seq INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE UNIQUE INDEX change_entity_id ON change(entity, id);

CREATE TABLE employer(
  voen TEXT PRIMARY KEY,
  head_fin TEXT
) WITHOUT ROWID;

CREATE TABLE notification(
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  employer_voen TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  date TEXT NOT NULL,
  contract_id TEXT,
  verify_code TEXT NOT NULL,
  draft TEXT,
  entered_by TEXT,
  entered_at TEXT,
  updated_at TEXT
);
CREATE INDEX notification_register ON notification(employer_voen, status, date);
CREATE INDEX notification_verify ON notification(verify_code);

CREATE TABLE authorisation(
  id INTEGER PRIMARY KEY,
  employer_voen TEXT NOT NULL,
  fin TEXT NOT NULL,
  name TEXT NOT NULL,
  position TEXT NOT NULL,
  term TEXT NOT NULL CHECK (term IN ('indefinite', 'fixed')),
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  granted_by TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT
);
CREATE INDEX authorisation_employer ON authorisation(employer_voen, fin);

CREATE TABLE mobile_id_account(
  phone TEXT NOT NULL,
  user_id TEXT NOT NULL,
  fin TEXT NOT NULL,
  surname TEXT NOT NULL,
  name TEXT NOT NULL,
  patronymic TEXT NOT NULL,
  birth_date TEXT,
  pin1 TEXT NOT NULL,
  pin2 TEXT NOT NULL,
  PRIMARY KEY (phone, user_id)
) WITHOUT ROWID;
CREATE INDEX mobile_id_account_fin ON mobile_id_account(fin);

CREATE TABLE mobile_id_session(
  id TEXT PRIMARY KEY,
  purpose TEXT NOT NULL CHECK (purpose IN ('citizen', 'login', 'sign')),
  phone TEXT NOT NULL,
  user_id TEXT NOT NULL,
  fin TEXT NOT NULL,
  code TEXT NOT NULL,
  state TEXT NOT NULL,
  tries_left INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  kiosk_id TEXT,
  notification_id TEXT,
  token TEXT,
  error TEXT
);
CREATE INDEX mobile_id_session_phone ON mobile_id_session(phone, state);

CREATE TABLE auth_token(
  hash TEXT PRIMARY KEY,
  fin TEXT NOT NULL,
  phone TEXT NOT NULL,
  user_id TEXT NOT NULL,
  role_voen TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE signer(
  fin TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  cert_pem TEXT NOT NULL,
  key_pem TEXT NOT NULL,
  not_after INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE event(
  id TEXT PRIMARY KEY,
  kiosk_id TEXT NOT NULL,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  hash TEXT NOT NULL,
  body TEXT NOT NULL,
  chain_ok INTEGER NOT NULL,
  received_at TEXT NOT NULL
);
CREATE INDEX event_kiosk ON event(kiosk_id);

CREATE TABLE heartbeat(
  kiosk_id TEXT PRIMARY KEY,
  first_at TEXT NOT NULL,
  last_at TEXT NOT NULL,
  count INTEGER NOT NULL,
  version TEXT NOT NULL,
  body TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE share(
  token_hash TEXT PRIMARY KEY,
  notification_id TEXT NOT NULL,
  kiosk_id TEXT NOT NULL,
  proof TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  downloads INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE used_proof(
  hash TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

struct Migration {
    int version;
    std::string_view sql;
};
constexpr Migration k_migrations[] = {{1, k_schema_v1}};

Error sqlite_error(sqlite3* db, std::string_view what) {
    return to_error(kiosk::sql::last_error(db, what));
}

Result<int> user_version(Connection& c) {
    auto s = c.stmt("PRAGMA user_version");
    if (!s) return std::unexpected(s.error());
    auto row = (*s)->step();
    if (!row) return std::unexpected(to_error(row.error()));
    int v = *row ? static_cast<int>((*s)->column_int(0)) : 0;
    (*s)->reset();
    return v;
}

Status migrate(Connection& c) {
    auto version = user_version(c);
    if (!version) return std::unexpected(version.error());
    if (*version > k_schema_version)
        return fail("schema_too_new", "database schema v" + std::to_string(*version) +
                                          ", this program knows v" + std::to_string(k_schema_version));
    for (const Migration& m : k_migrations) {
        if (m.version <= *version) continue;
        REGISTRY_TRY(c.exec("BEGIN IMMEDIATE"));
        // Another process may have migrated while we waited for the lock.
        auto again = user_version(c);
        if (!again) {
            (void)c.exec("ROLLBACK");
            return std::unexpected(again.error());
        }
        if (*again >= m.version) {
            REGISTRY_TRY(c.exec("ROLLBACK"));
            continue;
        }
        auto applied = c.exec(m.sql);
        if (applied) applied = c.exec("PRAGMA user_version = " + std::to_string(m.version));
        if (applied) applied = c.exec("COMMIT");
        if (!applied) {
            (void)c.exec("ROLLBACK");
            return applied;
        }
    }
    return {};
}

} // namespace

Connection::~Connection() {
    m_cache.clear(); // statements before the connection
    sqlite3_close_v2(m_db);
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, bool read_only) {
    sqlite3* db = nullptr;
    const int flags =
        (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        Error e = sqlite_error(db, "open " + path);
        sqlite3_close_v2(db);
        return std::unexpected(std::move(e));
    }
    std::unique_ptr<Connection> conn(new Connection(db));
    sqlite3_busy_timeout(db, 10'000);
    sqlite3_extended_result_codes(db, 1);
    if (!read_only) {
        REGISTRY_TRY(conn->exec("PRAGMA journal_mode = WAL"));
        REGISTRY_TRY(conn->exec("PRAGMA synchronous = NORMAL"));
    }
    REGISTRY_TRY(conn->exec("PRAGMA foreign_keys = ON"));
    return conn;
}

Result<Stmt*> Connection::stmt(std::string_view sql) {
    auto it = m_cache.find(std::string(sql));
    if (it != m_cache.end()) {
        it->second->reset();
        return it->second.get();
    }
    auto prepared = Stmt::prepare(m_db, sql);
    if (!prepared) return std::unexpected(to_error(prepared.error()));
    auto owned = std::make_unique<Stmt>(std::move(*prepared));
    Stmt* raw = owned.get();
    m_cache.emplace(std::string(sql), std::move(owned));
    return raw;
}

Status Connection::exec(std::string_view sql) {
    auto r = kiosk::sql::exec(m_db, sql);
    if (!r) return std::unexpected(to_error(r.error()));
    return {};
}

std::int64_t Connection::changes() const {
    return sqlite3_changes64(m_db);
}

WriteTx::WriteTx(WriteTx&& other) noexcept
    : m_lock(std::move(other.m_lock)), m_conn(other.m_conn), m_open(other.m_open) {
    other.m_open = false;
}

WriteTx::~WriteTx() {
    if (m_open && m_conn && !sqlite3_get_autocommit(m_conn->raw()))
        sqlite3_exec(m_conn->raw(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Status WriteTx::commit() {
    if (!m_open) return fail("store_error", "commit without a transaction");
    auto r = m_conn->exec("COMMIT");
    m_open = false;
    if (!r && !sqlite3_get_autocommit(m_conn->raw()))
        sqlite3_exec(m_conn->raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    return r;
}

ReadLease::~ReadLease() {
    if (m_db && m_conn) m_db->give_back(std::move(m_conn));
}

Result<std::unique_ptr<Database>> Database::open(const std::string& path) {
    std::unique_ptr<Database> db(new Database(path));
    auto writer = Connection::open(path, false);
    if (!writer) return std::unexpected(writer.error());
    // A file that is not a database fails here, before anything is written to it.
    auto check = (*writer)->exec("PRAGMA schema_version");
    if (!check) return std::unexpected(check.error());
    REGISTRY_TRY(migrate(**writer));
    db->m_writer = std::move(*writer);
    return db;
}

Result<ReadLease> Database::read() {
    {
        std::lock_guard lock(m_pool_mutex);
        if (!m_pool.empty()) {
            auto conn = std::move(m_pool.back());
            m_pool.pop_back();
            return ReadLease(this, std::move(conn));
        }
    }
    auto conn = Connection::open(m_path, true);
    if (!conn) return std::unexpected(conn.error());
    return ReadLease(this, std::move(*conn));
}

void Connection::reset_all() {
    for (auto& [sql, stmt] : m_cache)
        stmt->reset();
}

void Database::give_back(std::unique_ptr<Connection> conn) {
    // A read transaction left open would pin the WAL: leases end with none.
    conn->reset_all();
    if (!sqlite3_get_autocommit(conn->raw()))
        sqlite3_exec(conn->raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    std::lock_guard lock(m_pool_mutex);
    if (m_pool.size() < 64) m_pool.push_back(std::move(conn));
}

Result<WriteTx> Database::write() {
    std::unique_lock lock(m_writer_mutex);
    REGISTRY_TRY(m_writer->exec("BEGIN IMMEDIATE"));
    return WriteTx(std::move(lock), m_writer.get());
}

Result<std::optional<std::string>> query_text(Connection& conn, std::string_view sql,
                                              std::initializer_list<std::string_view> params) {
    auto s = conn.stmt(sql);
    if (!s) return std::unexpected(s.error());
    int i = 1;
    for (std::string_view p : params)
        (*s)->bind(i++, p);
    auto row = (*s)->step();
    if (!row) return std::unexpected(to_error(row.error()));
    std::optional<std::string> out;
    if (*row && !(*s)->column_is_null(0)) out = (*s)->column_text(0);
    (*s)->reset();
    return out;
}

} // namespace registry
