#include "notifications.hpp"

#include "registry/feed.hpp"

namespace registry::notifications {
namespace {

constexpr std::string_view k_columns =
    "id, number, employer_voen, kind, status, date, COALESCE(contract_id, ''), "
    "verify_code, COALESCE(entered_by, ''), COALESCE(entered_at, ''), "
    "COALESCE(updated_at, ''), draft";

Result<std::optional<Row>> one(Connection& c, std::string_view where, std::string_view value) {
    auto s = c.stmt("SELECT " + std::string(k_columns) + " FROM notification WHERE " + std::string(where));
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, value);
    auto row = (*s)->step();
    if (!row) return std::unexpected(to_error(row.error()));
    if (!*row) {
        (*s)->reset();
        return std::optional<Row>();
    }
    Row r;
    Stmt& q = **s;
    r.id = q.column_text(0);
    r.number = q.column_text(1);
    r.employer_voen = q.column_text(2);
    r.kind = q.column_text(3);
    r.status = q.column_text(4);
    r.date = q.column_text(5);
    r.contract_id = q.column_text(6);
    r.verify_code = q.column_text(7);
    r.entered_by = q.column_text(8);
    r.entered_at = q.column_text(9);
    r.updated_at = q.column_text(10);
    std::optional<std::string> draft = q.column_opt_text(11);
    q.reset();
    std::string text;
    if (draft) {
        r.draft = true;
        text = std::move(*draft);
    } else {
        auto published = current_data(c, "notification", r.id);
        if (!published) return std::unexpected(published.error());
        if (!*published) return fail("store_error", "a notification without its record");
        text = std::move(**published);
    }
    r.data = nlohmann::json::parse(text, nullptr, false);
    if (!r.data.is_object()) return fail("store_error", "a notification record is not a JSON object");
    return std::optional<Row>(std::move(r));
}

} // namespace

Result<std::optional<Row>> by_id(Connection& c, const std::string& id) {
    return one(c, "id = ?", id);
}

std::optional<std::string> normalise_code(std::string_view code) {
    std::string out;
    for (char ch : code) {
        if (ch == '-' || ch == ' ') continue;
        char c = ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch;
        if (c == 'I' || c == 'L') c = '1';
        if (c == 'O') c = '0';
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) || c == 'U') return std::nullopt;
        out += c;
    }
    if (out.size() != 8) return std::nullopt;
    return out;
}

Result<std::optional<Row>> by_code(Connection& c, std::string_view code) {
    auto normal = normalise_code(code);
    if (!normal) return std::optional<Row>();
    return one(c, "verify_code = ? ORDER BY id LIMIT 1", *normal);
}

Result<std::optional<nlohmann::json>> record(Connection& c, std::string_view entity, std::string_view id) {
    auto text = current_data(c, entity, id);
    if (!text) return std::unexpected(text.error());
    if (!*text) return std::optional<nlohmann::json>();
    nlohmann::json data = nlohmann::json::parse(**text, nullptr, false);
    if (!data.is_object()) return fail("store_error", "a record is not a JSON object");
    return std::optional<nlohmann::json>(std::move(data));
}

} // namespace registry::notifications
