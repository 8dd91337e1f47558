// Import rate of change records (`kiosk import`) against a bare SQLite insert
// of the same rows, measured in the same run.
//
//   import_bench FILE.ndjson WORKDIR
//
// 1. imports FILE into WORKDIR/import.db through import_ndjson (parse, validate,
//    last-seq-wins upserts, quarantine, cursor) and times it;
// 2. reads the resulting rows back into memory (untimed);
// 3. times inserting the same rows into WORKDIR/bare.db, same schema, same
//    batch size and index strategy (secondary indexes built after the load),
//    with plain prepared INSERT statements and values already in memory;
// 4. prints records/s for both and the ratio (budget: import >= 50% of bare).
#include "kiosk/change.hpp"
#include "kiosk/sqlite.hpp"
#include "kiosk/store.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace kiosk;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A table's rows as SQLite values (NULL kept apart from empty text).
struct Table {
    std::string name;
    std::vector<std::string> columns;
    int ncols = 0;
    std::vector<std::string> text;  // row-major
    std::vector<std::int64_t> ints; // row-major, for SQLITE_INTEGER cells
    std::vector<int> types;         // SQLITE_INTEGER / SQLITE_TEXT / SQLITE_NULL
    std::size_t rows = 0;
};

Table read_table(sqlite3* db, const std::string& name) {
    Table t;
    t.name = name;
    auto stmt = sql::Stmt::prepare(db, "SELECT * FROM " + name);
    if (!stmt) {
        std::fprintf(stderr, "prepare: %s\n", stmt.error().detail.c_str());
        std::exit(1);
    }
    t.ncols = sqlite3_column_count(stmt->raw());
    for (int i = 0; i < t.ncols; ++i) t.columns.emplace_back(sqlite3_column_name(stmt->raw(), i));
    while (true) {
        auto has = stmt->step();
        if (!has || !*has) break;
        for (int i = 0; i < t.ncols; ++i) {
            int type = sqlite3_column_type(stmt->raw(), i);
            t.types.push_back(type);
            t.ints.push_back(type == SQLITE_INTEGER ? stmt->column_int(i) : 0);
            t.text.push_back(type == SQLITE_TEXT ? stmt->column_text(i) : std::string());
        }
        ++t.rows;
    }
    return t;
}

void check(const Status& s, const char* what) {
    if (!s) {
        std::fprintf(stderr, "%s: %s %s\n", what, s.error().code.c_str(), s.error().detail.c_str());
        std::exit(1);
    }
}

// Bare load: prepared INSERTs with values in memory, batch-committed, indexes after.
double bare_insert(const std::string& path, const std::vector<Table>& tables, std::size_t batch) {
    auto store = Store::open(path);
    if (!store) {
        std::fprintf(stderr, "open: %s\n", store.error().detail.c_str());
        std::exit(1);
    }
    sqlite3* db = (*store)->handle();
    check((*store)->drop_secondary_indexes(), "drop indexes");
    // The migration seeds rows in some tables (feed_cursor): start from the same empty state.
    auto t0 = std::chrono::steady_clock::now();
    std::size_t in_batch = 0;
    check(sql::exec(db, "BEGIN IMMEDIATE"), "begin");
    for (const Table& t : tables) {
        std::string sql = "INSERT INTO " + t.name + "(";
        std::string values = ") VALUES (";
        for (int i = 0; i < t.ncols; ++i) {
            sql += (i ? ", " : "") + t.columns[i];
            values += (i ? ", ?" : "?") + std::to_string(i + 1);
        }
        auto stmt = sql::Stmt::prepare(db, sql + values + ")");
        if (!stmt) {
            std::fprintf(stderr, "prepare: %s\n", stmt.error().detail.c_str());
            std::exit(1);
        }
        for (std::size_t r = 0; r < t.rows; ++r) {
            for (int c = 0; c < t.ncols; ++c) {
                std::size_t k = r * t.ncols + c;
                if (t.types[k] == SQLITE_NULL)
                    stmt->bind_null(c + 1);
                else if (t.types[k] == SQLITE_INTEGER)
                    stmt->bind(c + 1, t.ints[k]);
                else
                    stmt->bind(c + 1, std::string_view(t.text[k]));
            }
            check(stmt->run(), "insert");
            if (++in_batch >= batch) {
                in_batch = 0;
                check(sql::exec(db, "COMMIT"), "commit");
                check(sql::exec(db, "BEGIN IMMEDIATE"), "begin");
            }
        }
    }
    check(sql::exec(db, "COMMIT"), "commit");
    check((*store)->ensure_secondary_indexes(), "indexes");
    return seconds_since(t0);
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: import_bench FILE.ndjson WORKDIR\n");
        return 2;
    }
    std::string file = argv[1];
    fs::path dir = argv[2];
    fs::create_directories(dir);
    std::string import_db = (dir / "import.db").string();
    std::string bare_db = (dir / "bare.db").string();
    for (const auto& p : {import_db, bare_db})
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p + suffix);

    ImportOptions options;
    auto store = Store::open(import_db);
    if (!store) {
        std::fprintf(stderr, "open: %s\n", store.error().detail.c_str());
        return 1;
    }
    auto t0 = std::chrono::steady_clock::now();
    auto counts = import_ndjson(**store, file, options);
    double import_s = seconds_since(t0);
    if (!counts) {
        std::fprintf(stderr, "import: %s %s\n", counts.error().code.c_str(), counts.error().detail.c_str());
        return 1;
    }
    std::int64_t records = counts->total();

    // The same rows, read back; the bare insert does exactly the row writes.
    std::vector<Table> tables;
    for (const char* name : {"reference", "employer", "person", "contract", "notification"})
        tables.push_back(read_table((*store)->handle(), name));
    store->reset();
    std::size_t rows = 0;
    for (const auto& t : tables) rows += t.rows;
    double bare_s = bare_insert(bare_db, tables, options.batch_records);

    double import_rate = static_cast<double>(records) / import_s;
    double bare_rate = static_cast<double>(rows) / bare_s;
    double ratio = import_rate / bare_rate;
    std::printf("import: %lld records (%lld applied, %lld quarantined) in %.2f s = %.0f records/s\n",
                static_cast<long long>(records), static_cast<long long>(counts->applied),
                static_cast<long long>(counts->quarantined), import_s, import_rate);
    std::printf("bare prepared-statement insert of the same %zu rows: %.2f s = %.0f rows/s\n", rows, bare_s,
                bare_rate);
    std::printf("ratio import/bare: %.2f (budget >= 0.50): %s\n", ratio, ratio >= 0.5 ? "PASS" : "FAIL");
    fs::remove(bare_db);
    for (const char* suffix : {"-wal", "-shm"}) fs::remove(bare_db + suffix);
    return 0;
}
