#include "sync/delivery.hpp"

#include "kiosk/sqlite.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace kiosk::sync {

Result<Delivered> deliver_events(Outbox& outbox, Transport& transport, const std::string& kiosk_id, std::size_t batch) {
    Delivered d;
    for (;;) {
        auto events = outbox.pending(std::max<std::size_t>(1, batch));
        if (!events) return std::unexpected(events.error());
        if (events->empty()) return d;
        std::string body = "{\"kiosk_id\":" + nlohmann::json(kiosk_id).dump() + ",\"events\":[";
        for (std::size_t i = 0; i < events->size(); ++i) {
            if (i) body += ',';
            body += (*events)[i].to_json();
        }
        body += "]}";
        auto r = transport.post_json("/api/v1/events", body);
        if (!r) return std::unexpected(r.error());
        auto j = nlohmann::json::parse(r->body, nullptr, false);
        if (!j.is_object()) return fail("malformed_body", "POST /api/v1/events: not a JSON object");
        std::vector<std::string> acknowledged;
        auto ids = [&](const char* key, std::int64_t* count) {
            auto it = j.find(key);
            if (it == j.end() || !it->is_array()) return;
            for (const auto& v : *it) {
                std::string id;
                if (v.is_string()) {
                    id = v.get<std::string>();
                } else if (v.is_object() && v.contains("id") && v["id"].is_string()) {
                    // Refused: it will never be accepted, so it counts as delivered, and is reported.
                    id = v["id"].get<std::string>();
                    std::fprintf(stderr, "sync: the registry refused event %s: %s\n", id.c_str(),
                                 v.value("code", std::string("?")).c_str());
                }
                if (id.empty()) continue;
                acknowledged.push_back(std::move(id));
                if (count) ++*count;
            }
        };
        ids("accepted", nullptr);
        ids("duplicates", &d.duplicates);
        ids("rejected", &d.rejected);
        auto marked = outbox.mark_delivered(acknowledged);
        if (!marked) return std::unexpected(marked.error());
        if (*marked == 0) return fail("malformed_body", "POST /api/v1/events: no event of the batch acknowledged");
        d.events += *marked;
        d.batches++;
    }
}

Status store_heartbeat(Store& store, const std::string& body) {
    auto s = sql::Stmt::prepare(store.handle(), "UPDATE sync_state SET heartbeat = ?1, heartbeat_at = "
                                                "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1");
    if (!s) return std::unexpected(s.error());
    s->bind(1, std::string_view(body));
    return s->run();
}

Result<std::optional<std::string>> unsent_heartbeat(Store& store) {
    auto s = sql::Stmt::prepare(store.handle(), "SELECT heartbeat FROM sync_state WHERE id = 1 AND heartbeat IS NOT NULL "
                                                "AND (heartbeat_sent_at IS NULL OR heartbeat_sent_at < heartbeat_at)");
    if (!s) return std::unexpected(s.error());
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(s->column_text(0));
}

Result<bool> send_heartbeat(Store& store, Transport& transport) {
    auto body = unsent_heartbeat(store);
    if (!body) return std::unexpected(body.error());
    if (!*body) return false;
    auto r = transport.post_json("/api/v1/heartbeat", **body);
    if (!r) return std::unexpected(r.error());
    KIOSK_TRY(sql::exec(store.handle(), "UPDATE sync_state SET heartbeat_sent_at = "
                                        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1"));
    return true;
}

} // namespace kiosk::sync
