// Thin RAII helpers over the SQLite C API, shared by the store, the change
// applier, the search and the benchmarks. Parameters are always bound, never
// spliced into SQL text.
#pragma once

#include "kiosk/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace kiosk::sql {

// A prepared statement; reset and cleared bindings on each run().
class Stmt {
public:
    Stmt() = default;
    Stmt(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
    Stmt(Stmt&& other) noexcept;
    Stmt& operator=(Stmt&& other) noexcept;
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    ~Stmt();

    [[nodiscard]] static Result<Stmt> prepare(sqlite3* db, std::string_view sql);

    // Binders (1-based). Text is bound SQLITE_STATIC: it must stay alive until reset().
    void bind(int index, std::string_view text);
    void bind(int index, std::int64_t value);
    void bind(int index, double value);
    void bind_null(int index);
    void bind_opt(int index, const std::optional<std::string_view>& text);
    void bind_blob(int index, std::string_view bytes);

    // Steps once: true when a row is available, false when done.
    [[nodiscard]] Result<bool> step();
    // Steps to completion (for statements without rows) and resets.
    [[nodiscard]] Status run();
    void reset();

    std::int64_t column_int(int col) const;
    double column_double(int col) const;
    std::string column_text(int col) const;
    std::optional<std::string> column_opt_text(int col) const;
    bool column_is_null(int col) const;

    sqlite3_stmt* raw() const { return m_stmt; }

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
};

// Executes one or more statements without parameters.
[[nodiscard]] Status exec(sqlite3* db, std::string_view sql);

// BEGIN IMMEDIATE ... COMMIT; rolls back in the destructor unless committed.
class Transaction {
public:
    [[nodiscard]] static Result<Transaction> begin(sqlite3* db);
    Transaction(Transaction&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    [[nodiscard]] Status commit();
    void rollback();

private:
    explicit Transaction(sqlite3* db) : m_db(db) {}
    sqlite3* m_db;
};

// The error for the last failure on db, with code "store_error".
Error last_error(sqlite3* db, std::string_view what);

} // namespace kiosk::sql
