// Shared helpers of the kiosk core tests: a private temporary directory per
// test, a tiny JSON writer for change records (PROTOCOL.md), and row dumps.
// Sections: 1. temporary directory   2. JSON and change records   3. store helpers
#pragma once

#include "kiosk/change.hpp"
#include "kiosk/store.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>
#include <optional>
#include <sqlite3.h>
#include <string>
#include <string_view>
#include <unistd.h>
#include <utility>
#include <vector>

namespace kiosk::test {

// ---------------------------------------------------------------------------
// 1. Temporary directory

// A fresh directory, unique per process and per instance (ctest -j runs each
// test in its own process), removed with everything in it at the end.
class TempDir {
  public:
    TempDir() {
        static std::atomic<int> counter{0};
        std::string name = "kiosk_core_test." + std::to_string(::getpid()) + "." + std::to_string(counter++);
        if (const auto* info = ::testing::UnitTest::GetInstance()->current_test_info()) {
            name += ".";
            for (char c : std::string(info->name()))
                name += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
        }
        m_path = std::filesystem::temp_directory_path() / name;
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::string file(std::string_view name) const { return (m_path / name).string(); }

  private:
    std::filesystem::path m_path;
};

inline void write_file(const std::string& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

// ---------------------------------------------------------------------------
// 2. JSON and change records

// A JSON string literal; UTF-8 bytes pass through unchanged.
inline std::string quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (c == '"')
            out += "\\\"";
        else if (c == '\\')
            out += "\\\\";
        else if (u < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", u);
            out += buf;
        } else
            out += c;
    }
    return out + "\"";
}

// An ordered JSON object whose members are raw JSON texts.
class Json {
  public:
    Json& raw(std::string key, std::string json) {
        for (auto& [k, v] : m_members)
            if (k == key) {
                v = std::move(json);
                return *this;
            }
        m_members.emplace_back(std::move(key), std::move(json));
        return *this;
    }
    Json& str(std::string key, std::string_view value) { return raw(std::move(key), quote(value)); }
    Json& opt(std::string key, const std::optional<std::string>& value) {
        return value ? str(std::move(key), *value) : null(std::move(key));
    }
    Json& num(std::string key, std::int64_t value) { return raw(std::move(key), std::to_string(value)); }
    Json& null(std::string key) { return raw(std::move(key), "null"); }
    Json& obj(std::string key, const Json& value) { return raw(std::move(key), value.dump()); }
    Json& erase(std::string_view key) {
        std::erase_if(m_members, [&](const auto& m) { return m.first == key; });
        return *this;
    }
    std::string dump() const {
        std::string out = "{";
        for (std::size_t i = 0; i < m_members.size(); ++i) {
            if (i) out += ", ";
            out += quote(m_members[i].first) + ": " + m_members[i].second;
        }
        return out + "}";
    }

  private:
    std::vector<std::pair<std::string, std::string>> m_members;
};

inline Json envelope(std::int64_t seq, std::string_view entity, std::string_view op, std::string_view id) {
    Json j;
    j.num("seq", seq).str("entity", entity).str("op", op).str("id", id);
    return j;
}

inline std::string upsert(std::int64_t seq, std::string_view entity, std::string_view id, const Json& data) {
    return envelope(seq, entity, "upsert", id).obj("data", data).dump();
}

inline std::string remove(std::int64_t seq, std::string_view entity, std::string_view id) {
    return envelope(seq, entity, "delete", id).dump();
}

inline Json reference_data(std::string_view list, std::string_view code, std::string_view az,
                           std::string_view ru, std::string_view en) {
    Json labels;
    labels.str("az", az).str("ru", ru).str("en", en);
    Json j;
    j.str("list", list).str("code", code).obj("labels", labels);
    return j;
}

inline std::string reference(std::int64_t seq, std::string_view list, std::string_view code,
                             std::string_view az, std::string_view ru, std::string_view en) {
    return upsert(seq, "reference", std::string(list) + "/" + std::string(code),
                  reference_data(list, code, az, ru, en));
}

inline Json employer_data(std::string_view voen, std::string_view sun, std::string_view name,
                          std::string_view address = "Bakı şəhəri") {
    Json j;
    j.str("voen", voen).str("sun", sun).str("name", name).str("legal_address", address);
    return j;
}

inline std::string employer(std::int64_t seq, std::string_view voen, std::string_view sun,
                            std::string_view name, std::string_view address = "Bakı şəhəri") {
    return upsert(seq, "employer", voen, employer_data(voen, sun, name, address));
}

inline Json person_data(std::string_view fin, std::string_view surname = "Əliyev",
                        std::string_view name = "Rəşad", std::string_view patronymic = "Şahin oğlu",
                        std::string_view birth_date = "1985-11-02") {
    Json j;
    j.str("fin", fin)
        .str("surname", surname)
        .str("name", name)
        .str("patronymic", patronymic)
        .str("birth_date", birth_date);
    return j;
}

inline std::string person(std::int64_t seq, std::string_view fin, std::string_view surname = "Əliyev",
                          std::string_view name = "Rəşad") {
    return upsert(seq, "person", fin, person_data(fin, surname, name));
}

struct ContractSpec {
    std::string employer_voen = "1401234561";
    std::string employee_fin = "5ZX8K2P";
    std::string number = "ƏM-2019-0002";
    std::string date = "2019-04-10";
    std::string start_date = "2019-04-10";
    std::string type = "indefinite";
    std::optional<std::string> end_date;
    std::string position = "Mühasib";
    std::string workplace = "Maliyyə şöbəsi";
    std::string work_address = "Bakı şəhəri";
    std::string salary = "950.00"; // raw JSON number
    std::string working_time = "Tam iş günü";
    std::string status = "in_force";
};

inline Json contract_data(const ContractSpec& c) {
    Json j;
    j.str("employer_voen", c.employer_voen)
        .str("employee_fin", c.employee_fin)
        .str("number", c.number)
        .str("date", c.date)
        .str("start_date", c.start_date)
        .str("type", c.type)
        .opt("end_date", c.end_date)
        .str("position", c.position)
        .str("workplace", c.workplace)
        .str("work_address", c.work_address)
        .raw("salary_azn", c.salary)
        .str("working_time", c.working_time)
        .str("status", c.status);
    return j;
}

inline std::string contract(std::int64_t seq, std::string_view id, const ContractSpec& c) {
    return upsert(seq, "contract", id, contract_data(c));
}

struct NotificationSpec {
    std::string number = "B-2019-0000530";
    std::string kind = "conclusion";
    std::string date = "2019-04-10";
    std::string contract_id = "C-2019-0002";
    std::string employee_fin = "5ZX8K2P";
    std::string employer_voen = "1401234561";
    std::string position = "Mühasib";
    std::string workplace = "Maliyyə şöbəsi";
    std::string status = "registered";
    std::string validity = "valid";
    std::optional<std::string> validity_reason;
    // termination block (kind termination)
    std::string order_date = "2023-05-15";
    std::string order_number = "45-X";
    std::string termination_date = "2023-05-31";
    std::string reason = "69";
};

inline Json notification_data(const NotificationSpec& n) {
    Json j;
    j.str("number", n.number)
        .str("kind", n.kind)
        .str("date", n.date)
        .str("contract_id", n.contract_id)
        .str("employee_fin", n.employee_fin)
        .str("employer_voen", n.employer_voen)
        .str("position", n.position)
        .str("workplace", n.workplace)
        .str("status", n.status)
        .str("validity", n.validity)
        .opt("validity_reason", n.validity_reason);
    if (n.status == "entered") {
        j.null("signer").null("signed_at").null("registration");
    } else {
        j.obj("signer", Json().str("fin", "3KD7M1T").str("name", "Kamran Dadaşov"))
            .str("signed_at", n.date + "T10:22:00+04:00");
        if (n.status == "signed")
            j.null("registration");
        else
            j.obj("registration",
                  Json().str("number", "R-" + n.number).str("registered_at", n.date + "T11:00:00Z"));
    }
    if (n.kind == "amendment") {
        Json change;
        change.str("field", "position").str("old", "Mühasib").str("new", n.position);
        j.obj("amendment", Json()
                               .str("effective_date", n.date)
                               .str("basis", "Tərəflərin razılaşması")
                               .raw("changes", "[" + change.dump() + "]"));
    } else {
        j.null("amendment");
    }
    if (n.kind == "termination") {
        j.obj("termination", Json()
                                 .str("order_date", n.order_date)
                                 .str("order_number", n.order_number)
                                 .str("termination_date", n.termination_date)
                                 .str("reason", n.reason));
    } else {
        j.null("termination");
    }
    j.obj("document", Json().str("number", n.number).str("kind", n.kind));
    if (n.status == "entered")
        j.null("signature");
    else
        j.str("signature", "MIAGCSqGSIb3DQEHAqCAMIACAQEx");
    return j;
}

inline std::string notification(std::int64_t seq, std::string_view id, const NotificationSpec& n) {
    return upsert(seq, "notification", id, notification_data(n));
}

// ---------------------------------------------------------------------------
// 3. Store helpers

inline std::unique_ptr<Store> open_store(const std::string& path, OpenMode mode = OpenMode::ReadWrite) {
    auto store = Store::open(path, mode);
    if (!store) {
        ADD_FAILURE() << "Store::open(" << path << "): " << store.error().code << ": "
                      << store.error().detail;
        return nullptr;
    }
    return std::move(*store);
}

// Applies records in one transaction and commits; the counts of this batch.
inline ApplyCounts apply_batch(Store& store, const std::vector<std::string>& records,
                               std::int64_t cursor_at_least = 0) {
    auto applier = ChangeApplier::create(store);
    if (!applier) {
        ADD_FAILURE() << "ChangeApplier::create: " << applier.error().code << ": " << applier.error().detail;
        return {};
    }
    if (auto r = (*applier)->begin(); !r) ADD_FAILURE() << "begin: " << r.error().code;
    for (const auto& record : records)
        if (auto r = (*applier)->apply(record); !r)
            ADD_FAILURE() << "apply: " << r.error().code << " " << record;
    if (auto r = (*applier)->commit(cursor_at_least); !r) ADD_FAILURE() << "commit: " << r.error().code;
    return (*applier)->counts();
}

inline ApplyResult apply_one(Store& store, const std::string& record) {
    auto applier = ChangeApplier::create(store);
    if (!applier) {
        ADD_FAILURE() << "ChangeApplier::create: " << applier.error().code;
        return ApplyResult::Quarantined;
    }
    EXPECT_TRUE((*applier)->begin().has_value());
    auto r = (*applier)->apply(record);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().code + ": " + r.error().detail);
    EXPECT_TRUE((*applier)->commit().has_value());
    return r.value_or(ApplyResult::Quarantined);
}

// Every row of a query, each as "col|col|..." with NULL shown as "∅" and
// blobs as their bytes.
inline std::vector<std::string> rows(sqlite3* db, const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << "prepare " << sql << ": " << sqlite3_errmsg(db);
        return out;
    }
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        std::string row;
        for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
            if (i) row += '|';
            if (sqlite3_column_type(stmt, i) == SQLITE_NULL) {
                row += "∅";
            } else {
                const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, i));
                row.append(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
            }
        }
        out.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) ADD_FAILURE() << "step " << sql << ": " << sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    return out;
}

// The single value of a one-row query ("" when no row).
inline std::string value(sqlite3* db, const std::string& sql) {
    auto r = rows(db, sql);
    return r.empty() ? std::string() : r.front();
}

// All replica rows, every column, in key order: two stores holding the same
// replica dump equal.
inline std::vector<std::string> dump_replica(Store& store) {
    std::vector<std::string> out;
    for (const char* sql :
         {"SELECT 'reference', * FROM reference ORDER BY list, code",
          "SELECT 'employer', * FROM employer ORDER BY voen", "SELECT 'person', * FROM person ORDER BY fin",
          "SELECT 'contract', * FROM contract ORDER BY id",
          "SELECT 'notification', * FROM notification ORDER BY id"}) {
        auto part = rows(store.handle(), sql);
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

inline std::int64_t cursor_of(Store& store) {
    auto c = store.feed_cursor();
    EXPECT_TRUE(c.has_value());
    return c.value_or(-1);
}

inline std::int64_t count_of(Store& store, std::string_view table) {
    auto c = store.count(table);
    EXPECT_TRUE(c.has_value()) << table;
    return c.value_or(-1);
}

} // namespace kiosk::test
