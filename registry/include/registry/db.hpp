// The registry's own SQLite database: schema, migrations, and connections that
// many server threads share.
//
// One file (WAL). Readers take a connection from a pool; writers serialise on one
// writer connection and write in BEGIN IMMEDIATE transactions, so another process
// (`registry load`, `registry employer add`) may write to the same file while the
// server runs (busy timeout 10 s). The schema version is PRAGMA user_version.
//
// Tables (schema v1):
//   change             the feed: one row per (entity, id), the newest change record of it
//                      (seq, entity, id, record = the NDJSON line as served); a newer change
//                      of the same id replaces the row under a new seq (compaction)
//   employer           voen -> head_fin (the head of seed 000 §2; records live in `change`)
//   notification       id, number, employer, kind, status, date, contract, verification code;
//                      `draft` holds the record's data while it is entered and not published
//   authorisation      powers of attorney [000 §2.7-2.9], revoked ones kept
//   mobile_id_account  the Asan İmza simulator's users (phone, user id, FIN, name, PIN hashes)
//   mobile_id_session  citizen (kiosk), login (employer portal) and sign sessions
//   auth_token         employer bearer tokens (SHA-256 of the token), with the chosen role
//   signer             per signer FIN: certificate and key issued by the test CA
//   event, heartbeat   what kiosks report
//   share, used_proof  share links for the edoc, and spent ID-card proofs
//
// Changes:
//   v1  first version.
#pragma once

#include "kiosk/sqlite.hpp"
#include "registry/error.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace registry {

inline constexpr int k_schema_version = 1;

using kiosk::sql::Stmt;

// One SQLite connection with a cache of prepared statements (keyed by the SQL text).
class Connection {
  public:
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Errors: store_error (cannot open), store_corrupt.
    [[nodiscard]] static Result<std::unique_ptr<Connection>> open(const std::string& path, bool read_only);

    sqlite3* raw() const { return m_db; }
    // A cached prepared statement, reset and with bindings cleared. Errors: store_error.
    [[nodiscard]] Result<Stmt*> stmt(std::string_view sql);
    [[nodiscard]] Status exec(std::string_view sql);
    std::int64_t changes() const;
    // Resets every cached statement (ends the implicit read transaction of a half-read query).
    void reset_all();

  private:
    explicit Connection(sqlite3* db) : m_db(db) {}
    sqlite3* m_db;
    std::unordered_map<std::string, std::unique_ptr<Stmt>> m_cache;
};

// A transaction on the writer connection (BEGIN IMMEDIATE); rolled back unless committed.
class WriteTx {
  public:
    WriteTx(WriteTx&& other) noexcept;
    WriteTx& operator=(WriteTx&&) = delete;
    ~WriteTx();
    Connection& conn() { return *m_conn; }
    [[nodiscard]] Status commit();

  private:
    friend class Database;
    WriteTx(std::unique_lock<std::mutex> lock, Connection* conn) : m_lock(std::move(lock)), m_conn(conn) {}
    std::unique_lock<std::mutex> m_lock;
    Connection* m_conn;
    bool m_open = true;
};

class Database;

// A read connection borrowed from the pool; returned on destruction.
class ReadLease {
  public:
    ReadLease(ReadLease&& other) noexcept : m_db(other.m_db), m_conn(std::move(other.m_conn)) {}
    ReadLease& operator=(ReadLease&&) = delete;
    ~ReadLease();
    Connection& conn() { return *m_conn; }
    Connection* operator->() { return m_conn.get(); }

  private:
    friend class Database;
    ReadLease(Database* db, std::unique_ptr<Connection> conn) : m_db(db), m_conn(std::move(conn)) {}
    Database* m_db;
    std::unique_ptr<Connection> m_conn;
};

class Database {
  public:
    // Opens (creating and migrating when needed) the database file. Errors: store_error,
    // schema_too_new, store_corrupt.
    [[nodiscard]] static Result<std::unique_ptr<Database>> open(const std::string& path);

    [[nodiscard]] Result<ReadLease> read();
    [[nodiscard]] Result<WriteTx> write();

    const std::string& path() const { return m_path; }

  private:
    friend class ReadLease;
    explicit Database(std::string path) : m_path(std::move(path)) {}
    void give_back(std::unique_ptr<Connection> conn);

    std::string m_path;
    std::mutex m_writer_mutex;
    std::unique_ptr<Connection> m_writer;
    std::mutex m_pool_mutex;
    std::vector<std::unique_ptr<Connection>> m_pool;
};

// Runs `sql` with text parameters bound in order and returns the first column of the
// first row, if any. For small lookups off the hot paths.
[[nodiscard]] Result<std::optional<std::string>> query_text(Connection& conn, std::string_view sql,
                                                            std::initializer_list<std::string_view> params);

} // namespace registry
