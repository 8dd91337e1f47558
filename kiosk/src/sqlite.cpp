#include "kiosk/sqlite.hpp"

#include <sqlite3.h>

namespace kiosk::sql {

Error last_error(sqlite3* db, std::string_view what) {
    std::string detail(what);
    detail += ": ";
    detail += db ? sqlite3_errmsg(db) : "no database";
    int code = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
    if (code == SQLITE_FULL) return Error{"store_full", detail};
    if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) return Error{"store_busy", detail};
    if ((code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB) return Error{"store_corrupt", detail};
    return Error{"store_error", detail};
}

Stmt::Stmt(Stmt&& other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt) { other.m_stmt = nullptr; }

Stmt& Stmt::operator=(Stmt&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = other.m_db;
        m_stmt = other.m_stmt;
        other.m_stmt = nullptr;
    }
    return *this;
}

Stmt::~Stmt() { sqlite3_finalize(m_stmt); }

Result<Stmt> Stmt::prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK)
        return std::unexpected(last_error(db, "prepare"));
    return Stmt(db, stmt);
}

void Stmt::bind(int index, std::string_view text) {
    // An empty view may have a null data(), which SQLite would bind as NULL: text is never NULL.
    sqlite3_bind_text(m_stmt, index, text.data() ? text.data() : "", static_cast<int>(text.size()), SQLITE_STATIC);
}
void Stmt::bind(int index, std::int64_t value) { sqlite3_bind_int64(m_stmt, index, value); }
void Stmt::bind(int index, double value) { sqlite3_bind_double(m_stmt, index, value); }
void Stmt::bind_null(int index) { sqlite3_bind_null(m_stmt, index); }
void Stmt::bind_opt(int index, const std::optional<std::string_view>& text) {
    if (text)
        bind(index, *text);
    else
        bind_null(index);
}
void Stmt::bind_blob(int index, std::string_view bytes) {
    sqlite3_bind_blob(m_stmt, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
}

Result<bool> Stmt::step() {
    int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Error e = last_error(m_db, "step");
    sqlite3_reset(m_stmt);
    return std::unexpected(std::move(e));
}

Status Stmt::run() {
    int rc;
    while ((rc = sqlite3_step(m_stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
        Error e = last_error(m_db, "step");
        reset();
        return std::unexpected(std::move(e));
    }
    reset();
    return {};
}

void Stmt::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Stmt::column_int(int col) const { return sqlite3_column_int64(m_stmt, col); }
double Stmt::column_double(int col) const { return sqlite3_column_double(m_stmt, col); }
std::string Stmt::column_text(int col) const {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col))) : std::string();
}
std::optional<std::string> Stmt::column_opt_text(int col) const {
    if (column_is_null(col)) return std::nullopt;
    return column_text(col);
}
bool Stmt::column_is_null(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }

Status exec(sqlite3* db, std::string_view sql) {
    std::string text(sql);
    char* msg = nullptr;
    if (sqlite3_exec(db, text.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
        Error e = last_error(db, "exec");
        sqlite3_free(msg);
        return std::unexpected(std::move(e));
    }
    return {};
}

Result<Transaction> Transaction::begin(sqlite3* db) {
    KIOSK_TRY(exec(db, "BEGIN IMMEDIATE"));
    return Transaction(db);
}

Transaction::~Transaction() { rollback(); }

Status Transaction::commit() {
    if (!m_db) return fail("store_error", "commit without a transaction");
    sqlite3* db = m_db;
    if (auto r = exec(db, "COMMIT"); !r) {
        rollback();
        return r;
    }
    m_db = nullptr;
    return {};
}

void Transaction::rollback() {
    if (!m_db) return;
    if (!sqlite3_get_autocommit(m_db)) sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    m_db = nullptr;
}

} // namespace kiosk::sql
