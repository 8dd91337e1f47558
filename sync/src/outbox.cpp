#include "sync/outbox.hpp"

#include "kiosk/sqlite.hpp"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sqlite3.h>

#include <array>
#include <chrono>
#include <ctime>

namespace kiosk::sync {
namespace {

constexpr std::string_view k_zero_hash = "0000000000000000000000000000000000000000000000000000000000000000";
constexpr std::array<std::string_view, 9> k_personal_keys{"fin",     "name",       "surname",
                                                          "patronymic", "pin",     "phone",
                                                          "user_id", "birth_date", "document_number"};

bool valid_type(std::string_view t) {
    if (t.empty() || t.size() > 64) return false;
    for (char c : t)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) return false;
    return true;
}

// The first personal key anywhere in `j`, if any.
std::optional<std::string> personal_key(const nlohmann::json& j) {
    if (j.is_object()) {
        for (const auto& [k, v] : j.items()) {
            for (std::string_view p : k_personal_keys)
                if (k == p) return k;
            if (auto inner = personal_key(v)) return inner;
        }
    } else if (j.is_array()) {
        for (const auto& v : j)
            if (auto inner = personal_key(v)) return inner;
    }
    return std::nullopt;
}

OutboxEvent read_event(const sql::Stmt& s) {
    OutboxEvent e;
    e.ordinal = s.column_int(0);
    e.id = s.column_text(1);
    e.at = s.column_text(2);
    e.type = s.column_text(3);
    e.data = s.column_text(4);
    e.prev_hash = s.column_text(5);
    e.hash = s.column_text(6);
    e.delivered_at = s.column_opt_text(7);
    return e;
}

constexpr std::string_view k_columns = "ordinal, id, at, type, data, prev_hash, hash, delivered_at";

Result<std::int64_t> scalar(sqlite3* db, std::string_view sql) {
    auto s = sql::Stmt::prepare(db, sql);
    if (!s) return std::unexpected(s.error());
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    return *row ? s->column_int(0) : 0;
}

} // namespace

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned int i = 0; i < len; ++i) {
        out += k_hex[digest[i] >> 4];
        out += k_hex[digest[i] & 15];
    }
    return out;
}

std::string now_rfc3339() {
    auto now = std::chrono::system_clock::now();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buf;
}

std::string uuid_v4() {
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1) {
        // The RNG never fails on Linux with getrandom(); fall back to the clock rather than abort.
        auto t = std::chrono::steady_clock::now().time_since_epoch().count();
        for (int i = 0; i < 16; ++i) b[i] = static_cast<unsigned char>(t >> ((i % 8) * 8)) ^ static_cast<unsigned char>(i * 37);
    }
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += k_hex[b[i] >> 4];
        out += k_hex[b[i] & 15];
    }
    return out;
}

std::string OutboxEvent::to_json() const {
    nlohmann::json j = {{"id", id},
                        {"at", at},
                        {"type", type},
                        {"data", nlohmann::json::parse(data, nullptr, false)},
                        {"prev_hash", prev_hash},
                        {"hash", hash}};
    return j.dump();
}

std::string Outbox::fin_hash(std::string_view fin) { return sha256_hex("emek-fin/v1\n" + std::string(fin)); }

std::string Outbox::chain_hash(std::string_view prev_hash, std::string_view id, std::string_view at,
                               std::string_view type, std::string_view canonical_data) {
    std::string bytes;
    bytes.reserve(prev_hash.size() + id.size() + at.size() + type.size() + canonical_data.size() + 4);
    bytes.append(prev_hash).append("\n").append(id).append("\n").append(at).append("\n").append(type).append("\n");
    bytes.append(canonical_data);
    return sha256_hex(bytes);
}

Result<std::unique_ptr<Outbox>> Outbox::open(Store& store, OutboxLimits limits) {
    if (store.schema_version() < 4) return fail("schema_too_old", "the outbox needs store schema 4");
    limits.max_pending = std::max<std::int64_t>(1, limits.max_pending);
    limits.alarm_at = std::clamp<std::int64_t>(limits.alarm_at, 1, limits.max_pending);
    limits.keep_delivered = std::max<std::int64_t>(0, limits.keep_delivered);
    return std::unique_ptr<Outbox>(new Outbox(store, limits));
}

Outbox::~Outbox() = default;

Result<OutboxEvent> Outbox::insert(std::string_view type, const std::string& data) {
    sqlite3* db = m_store.handle();
    // The chain continues from the newest event, or from the anchor when everything was pruned.
    auto last = sql::Stmt::prepare(db, R"sql(
        SELECT ordinal, hash FROM outbox_event WHERE ordinal = (SELECT max(ordinal) FROM outbox_event)
        UNION ALL SELECT ordinal, hash FROM outbox_anchor WHERE id = 1
        ORDER BY 1 DESC LIMIT 1)sql");
    if (!last) return std::unexpected(last.error());
    auto row = last->step();
    if (!row) return std::unexpected(row.error());
    OutboxEvent e;
    e.ordinal = *row ? last->column_int(0) + 1 : 1;
    e.prev_hash = *row ? last->column_text(1) : std::string(k_zero_hash);
    last->reset();
    e.id = uuid_v4();
    e.at = now_rfc3339();
    e.type = std::string(type);
    e.data = data;
    e.hash = chain_hash(e.prev_hash, e.id, e.at, e.type, e.data);
    auto ins = sql::Stmt::prepare(
        db, "INSERT INTO outbox_event(ordinal, id, at, type, data, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!ins) return std::unexpected(ins.error());
    ins->bind(1, e.ordinal);
    ins->bind(2, std::string_view(e.id));
    ins->bind(3, std::string_view(e.at));
    ins->bind(4, std::string_view(e.type));
    ins->bind(5, std::string_view(e.data));
    ins->bind(6, std::string_view(e.prev_hash));
    ins->bind(7, std::string_view(e.hash));
    KIOSK_TRY(ins->run());
    return e;
}

Result<OutboxEvent> Outbox::append(std::string_view type, std::string_view data_json) {
    if (!valid_type(type)) return fail("outbox_bad_event", "event type must be [a-z0-9_.]{1,64}");
    auto parsed = nlohmann::json::parse(data_json, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return fail("outbox_bad_event", "data is not a JSON object");
    if (auto key = personal_key(parsed)) return fail("outbox_bad_event", "data carries a personal field: " + *key);
    std::string canonical;
    try {
        canonical = parsed.dump();
    } catch (const nlohmann::json::exception&) {
        return fail("outbox_bad_event", "data is not valid UTF-8");
    }
    if (canonical.size() > m_limits.max_data_bytes)
        return fail("outbox_bad_event", "data longer than " + std::to_string(m_limits.max_data_bytes) + " bytes");

    sqlite3* db = m_store.handle();
    auto tx = sql::Transaction::begin(db);
    if (!tx) return std::unexpected(tx.error());
    auto pending = scalar(db, "SELECT count(*) FROM outbox_event WHERE delivered_at IS NULL");
    if (!pending) return std::unexpected(pending.error());
    if (*pending >= m_limits.max_pending) {
        auto over = sql::Stmt::prepare(db, R"sql(
            INSERT INTO outbox_overflow(type, dropped, first_at, last_at) VALUES (?1, 1, ?2, ?2)
            ON CONFLICT(type) DO UPDATE SET dropped = dropped + 1, last_at = excluded.last_at)sql");
        if (!over) return std::unexpected(over.error());
        std::string now = now_rfc3339();
        over->bind(1, type);
        over->bind(2, std::string_view(now));
        KIOSK_TRY(over->run());
        KIOSK_TRY(tx->commit());
        return fail("outbox_full", std::to_string(*pending) + " events wait for delivery");
    }
    // Room again after an overflow: the chain records what was refused, before anything new.
    auto dropped = sql::Stmt::prepare(db, "SELECT type, dropped, first_at, last_at FROM outbox_overflow ORDER BY type");
    if (!dropped) return std::unexpected(dropped.error());
    nlohmann::json counts = nlohmann::json::object();
    std::string first_at, last_at;
    for (;;) {
        auto row = dropped->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        counts[dropped->column_text(0)] = dropped->column_int(1);
        std::string f = dropped->column_text(2), l = dropped->column_text(3);
        if (first_at.empty() || f < first_at) first_at = f;
        if (l > last_at) last_at = l;
    }
    dropped->reset();
    if (!counts.empty()) {
        nlohmann::json o = {{"dropped", counts}, {"first_at", first_at}, {"last_at", last_at}};
        auto r = insert("outbox.overflow", o.dump());
        if (!r) return std::unexpected(r.error());
        KIOSK_TRY(sql::exec(db, "DELETE FROM outbox_overflow"));
    }
    auto e = insert(type, canonical);
    if (!e) return e;
    KIOSK_TRY(tx->commit());
    return e;
}

Result<std::vector<OutboxEvent>> Outbox::pending(std::size_t limit) const {
    auto s = sql::Stmt::prepare(m_store.handle(), "SELECT " + std::string(k_columns) +
                                                      " FROM outbox_event WHERE delivered_at IS NULL "
                                                      "ORDER BY ordinal LIMIT ?1");
    if (!s) return std::unexpected(s.error());
    s->bind(1, static_cast<std::int64_t>(limit));
    std::vector<OutboxEvent> out;
    for (;;) {
        auto row = s->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        out.push_back(read_event(*s));
    }
    return out;
}

Result<std::vector<OutboxEvent>> Outbox::events(std::int64_t from_ordinal, std::size_t limit) const {
    auto s = sql::Stmt::prepare(m_store.handle(), "SELECT " + std::string(k_columns) +
                                                      " FROM outbox_event WHERE ordinal >= ?1 ORDER BY ordinal LIMIT ?2");
    if (!s) return std::unexpected(s.error());
    s->bind(1, from_ordinal);
    s->bind(2, static_cast<std::int64_t>(limit));
    std::vector<OutboxEvent> out;
    for (;;) {
        auto row = s->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        out.push_back(read_event(*s));
    }
    return out;
}

Result<std::int64_t> Outbox::mark_delivered(std::span<const std::string> ids) {
    sqlite3* db = m_store.handle();
    auto tx = sql::Transaction::begin(db);
    if (!tx) return std::unexpected(tx.error());
    auto s = sql::Stmt::prepare(db, "UPDATE outbox_event SET delivered_at = ?2 WHERE id = ?1 AND delivered_at IS NULL");
    if (!s) return std::unexpected(s.error());
    std::string now = now_rfc3339();
    std::int64_t n = 0;
    for (const std::string& id : ids) {
        s->bind(1, std::string_view(id));
        s->bind(2, std::string_view(now));
        KIOSK_TRY(s->run());
        n += sqlite3_changes(db);
    }
    KIOSK_TRY(tx->commit());
    return n;
}

Result<std::int64_t> Outbox::prune() {
    sqlite3* db = m_store.handle();
    auto tx = sql::Transaction::begin(db);
    if (!tx) return std::unexpected(tx.error());
    // Only a prefix of delivered events goes, so the chain keeps one start (the anchor).
    auto first_pending = scalar(db, "SELECT coalesce(min(ordinal), (SELECT coalesce(max(ordinal), 0) + 1 FROM outbox_event)) "
                                    "FROM outbox_event WHERE delivered_at IS NULL");
    if (!first_pending) return std::unexpected(first_pending.error());
    auto last = scalar(db, "SELECT coalesce(max(ordinal), 0) FROM outbox_event");
    if (!last) return std::unexpected(last.error());
    const std::int64_t cut = std::min(*first_pending, *last - m_limits.keep_delivered + 1); // prune ordinals < cut
    auto anchor = sql::Stmt::prepare(db, "SELECT ordinal, hash FROM outbox_event WHERE ordinal < ?1 ORDER BY ordinal DESC LIMIT 1");
    if (!anchor) return std::unexpected(anchor.error());
    anchor->bind(1, cut);
    auto row = anchor->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return 0;
    const std::int64_t ordinal = anchor->column_int(0);
    const std::string hash = anchor->column_text(1);
    anchor->reset();
    auto del = sql::Stmt::prepare(db, "DELETE FROM outbox_event WHERE ordinal <= ?1");
    if (!del) return std::unexpected(del.error());
    del->bind(1, ordinal);
    KIOSK_TRY(del->run());
    const std::int64_t removed = sqlite3_changes(db);
    auto set = sql::Stmt::prepare(db, "INSERT INTO outbox_anchor(id, ordinal, hash) VALUES (1, ?1, ?2) "
                                      "ON CONFLICT(id) DO UPDATE SET ordinal = excluded.ordinal, hash = excluded.hash");
    if (!set) return std::unexpected(set.error());
    set->bind(1, ordinal);
    set->bind(2, std::string_view(hash));
    KIOSK_TRY(set->run());
    KIOSK_TRY(tx->commit());
    return removed;
}

Result<OutboxStats> Outbox::stats() const {
    sqlite3* db = m_store.handle();
    OutboxStats st;
    auto pending = scalar(db, "SELECT count(*) FROM outbox_event WHERE delivered_at IS NULL");
    if (!pending) return std::unexpected(pending.error());
    st.pending = *pending;
    auto delivered = scalar(db, "SELECT count(*) FROM outbox_event WHERE delivered_at IS NOT NULL");
    if (!delivered) return std::unexpected(delivered.error());
    st.delivered = *delivered;
    auto last = scalar(db, "SELECT coalesce(max(ordinal), (SELECT coalesce(max(ordinal), 0) FROM outbox_anchor)) FROM outbox_event");
    if (!last) return std::unexpected(last.error());
    st.last_ordinal = *last;
    auto dropped = scalar(db, "SELECT coalesce(sum(dropped), 0) FROM outbox_overflow");
    if (!dropped) return std::unexpected(dropped.error());
    st.dropped = *dropped;
    auto oldest = sql::Stmt::prepare(db, "SELECT at FROM outbox_event WHERE delivered_at IS NULL ORDER BY ordinal LIMIT 1");
    if (!oldest) return std::unexpected(oldest.error());
    auto row = oldest->step();
    if (!row) return std::unexpected(row.error());
    if (*row) st.oldest_pending_at = oldest->column_text(0);
    st.alarm = st.pending >= m_limits.alarm_at || st.dropped > 0;
    return st;
}

Result<ChainReport> Outbox::verify() const {
    sqlite3* db = m_store.handle();
    ChainReport report;
    std::string expected(k_zero_hash);
    std::int64_t expected_ordinal = 1;
    auto anchor = sql::Stmt::prepare(db, "SELECT ordinal, hash FROM outbox_anchor WHERE id = 1");
    if (!anchor) return std::unexpected(anchor.error());
    auto a = anchor->step();
    if (!a) return std::unexpected(a.error());
    if (*a) {
        expected_ordinal = anchor->column_int(0) + 1;
        expected = anchor->column_text(1);
    }
    report.first_ordinal = expected_ordinal;
    auto s = sql::Stmt::prepare(db, "SELECT " + std::string(k_columns) + " FROM outbox_event ORDER BY ordinal");
    if (!s) return std::unexpected(s.error());
    for (;;) {
        auto row = s->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        OutboxEvent e = read_event(*s);
        auto broken = [&](std::string reason) {
            report.ok = false;
            report.broken_at = e.ordinal;
            report.reason = std::move(reason);
            return report;
        };
        if (e.ordinal != expected_ordinal) return broken("gap");
        if (e.prev_hash != expected) return broken("prev_hash_mismatch");
        if (chain_hash(e.prev_hash, e.id, e.at, e.type, e.data) != e.hash) return broken("hash_mismatch");
        expected = e.hash;
        ++expected_ordinal;
        ++report.checked;
    }
    return report;
}

} // namespace kiosk::sync
