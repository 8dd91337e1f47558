#include "registry/feed.hpp"

#include "json_text.hpp"

namespace registry {

std::string change_record(std::int64_t seq, std::string_view entity, std::string_view id, Op op,
                          std::string_view data_json) {
    std::string line;
    line.reserve(64 + id.size() + data_json.size());
    line += R"({"seq":)";
    line += std::to_string(seq);
    line += R"(,"entity":)";
    append_json_string(line, entity);
    line += op == Op::Upsert ? R"(,"op":"upsert","id":)" : R"(,"op":"delete","id":)";
    append_json_string(line, id);
    if (op == Op::Upsert) {
        line += R"(,"data":)";
        line += data_json;
    }
    line += '}';
    return line;
}

namespace {

// The data part of a stored record: everything after ,"data": up to the closing brace.
std::string_view data_of(std::string_view record) {
    constexpr std::string_view k_key = R"(,"data":)";
    const auto at = record.find(k_key);
    if (at == std::string_view::npos || record.size() < at + k_key.size() + 1) return {};
    return record.substr(at + k_key.size(), record.size() - at - k_key.size() - 1);
}

bool is_delete(std::string_view record) {
    return record.find(R"(,"op":"delete",)") != std::string_view::npos;
}

} // namespace

Result<std::int64_t> feed_head(Connection& c) {
    auto s = c.stmt("SELECT COALESCE(MAX(seq), 0) FROM change");
    if (!s) return std::unexpected(s.error());
    auto row = (*s)->step();
    if (!row) return std::unexpected(to_error(row.error()));
    const std::int64_t head = *row ? (*s)->column_int(0) : 0;
    (*s)->reset();
    return head;
}

Result<std::optional<std::string>> current_data(Connection& c, std::string_view entity, std::string_view id) {
    auto record = query_text(c, "SELECT record FROM change WHERE entity = ? AND id = ?", {entity, id});
    if (!record) return std::unexpected(record.error());
    if (!*record || is_delete(**record)) return std::optional<std::string>();
    return std::optional<std::string>(std::string(data_of(**record)));
}

Result<Published> publish(Connection& c, std::string_view entity, std::string_view id, Op op,
                          std::string_view data_json, BulkPublish* bulk) {
    if (!bulk || bulk->compare) {
        // A delete of an unknown id is still published: a kiosk may hold the id from elsewhere.
        auto existing = query_text(c, "SELECT record FROM change WHERE entity = ? AND id = ?", {entity, id});
        if (!existing) return std::unexpected(existing.error());
        if (*existing) {
            const bool was_delete = is_delete(**existing);
            if (op == Op::Delete && was_delete) return Published{0, false};
            if (op == Op::Upsert && !was_delete && data_of(**existing) == data_json)
                return Published{0, false};
        }
    }
    std::int64_t seq;
    if (bulk) {
        seq = ++bulk->head;
    } else {
        auto head = feed_head(c);
        if (!head) return std::unexpected(head.error());
        seq = *head + 1;
    }
    const std::string record = change_record(seq, entity, id, op, data_json);
    auto s = c.stmt("INSERT OR REPLACE INTO change(seq, entity, id, record) VALUES (?, ?, ?, ?)");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, seq);
    (*s)->bind(2, entity);
    (*s)->bind(3, id);
    (*s)->bind(4, record);
    REGISTRY_TRY((*s)->run());
    return Published{seq, true};
}

Result<FeedPage> feed_page(Connection& c, std::int64_t since, int limit) {
    // One snapshot for the page and the head.
    REGISTRY_TRY(c.exec("BEGIN"));
    struct End {
        Connection& c;
        ~End() { (void)c.exec("COMMIT"); }
    } end{c};
    FeedPage page;
    auto head = feed_head(c);
    if (!head) return std::unexpected(head.error());
    page.head = *head;
    page.next = since;
    page.json.reserve(static_cast<std::size_t>(limit) * 1024 + 64);
    page.json += R"({"changes":[)";
    auto s = c.stmt("SELECT seq, record FROM change WHERE seq > ? ORDER BY seq LIMIT ?");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, since);
    (*s)->bind(2, static_cast<std::int64_t>(limit));
    sqlite3_stmt* raw = (*s)->raw();
    for (;;) {
        auto row = (*s)->step();
        if (!row) return std::unexpected(to_error(row.error()));
        if (!*row) break;
        if (page.count++ > 0) page.json += ',';
        page.next = (*s)->column_int(0);
        append_column_text(page.json, raw, 1);
    }
    (*s)->reset();
    page.json += R"(],"next":)";
    page.json += std::to_string(page.next);
    page.json += R"(,"head":)";
    page.json += std::to_string(page.head);
    page.json += '}';
    return page;
}

void FeedNotifier::advanced(std::int64_t head) {
    {
        std::lock_guard lock(m_mutex);
        if (head <= m_head) return;
        m_head = head;
    }
    m_cv.notify_all();
}

std::int64_t FeedNotifier::wait(std::int64_t since, std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(m_mutex);
    m_cv.wait_until(lock, deadline, [&] { return m_stopping || m_head > since; });
    return m_head;
}

void FeedNotifier::shutdown() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
}

bool FeedNotifier::stopping() const {
    std::lock_guard lock(m_mutex);
    return m_stopping;
}

std::int64_t FeedNotifier::head() const {
    std::lock_guard lock(m_mutex);
    return m_head;
}

} // namespace registry
