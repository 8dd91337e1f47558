// The kiosk API of PROTOCOL.md: feed, events, heartbeat, citizen mobile-ID, share links.
#include "api_common.hpp"
#include "mobile_id.hpp"
#include "notifications.hpp"
#include "proof.hpp"

namespace registry {

using api::json;

namespace {

constexpr std::size_t k_max_events = 1000;

bool event_type_ok(const std::string& t) {
    if (t.empty() || t.size() > 64) return false;
    for (char c : t)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            return false;
    return true;
}

bool hash_ok(const json& v, bool nullable) {
    if (v.is_null()) return nullable;
    if (!v.is_string()) return false;
    const std::string& s = v.get_ref<const std::string&>();
    if (s.empty() || s.size() > 128) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    return true;
}

// The reason an event is refused, or empty.
std::string event_problem(const json& e) {
    if (!e.is_object()) return "not an object";
    auto id = e.find("id");
    if (id == e.end() || !id->is_string() || !valid_uuid(id->get_ref<const std::string&>()))
        return "bad or missing id";
    auto at = e.find("at");
    if (at == e.end() || !at->is_string() || !parse_instant(at->get_ref<const std::string&>()))
        return "bad or missing at";
    auto type = e.find("type");
    if (type == e.end() || !type->is_string() || !event_type_ok(type->get_ref<const std::string&>()))
        return "bad or missing type";
    auto data = e.find("data");
    if (data == e.end() || !data->is_object()) return "bad or missing data";
    auto prev = e.find("prev_hash");
    if (prev == e.end() || !hash_ok(*prev, true)) return "bad or missing prev_hash";
    auto hash = e.find("hash");
    if (hash == e.end() || !hash_ok(*hash, false)) return "bad or missing hash";
    return {};
}

std::optional<ApiResponse> kiosk_matches(const ApiRequest& r, const json& body) {
    auto id = body.find("kiosk_id");
    if (id == body.end() || !id->is_string()) return api::bad_request("kiosk_id is missing");
    if (!r.kiosk_id || *id != *r.kiosk_id)
        return error_response(403, "kiosk_mismatch", "kiosk_id is not the kiosk of the client certificate");
    return std::nullopt;
}

} // namespace

ApiResponse KioskApi::changes(const ApiRequest& r) {
    const auto since = api::query_int(r, "since", 0, 0, INT64_MAX);
    const auto limit = api::query_int(r, "limit", k_feed_default_limit, 1, INT64_MAX);
    const auto wait = api::query_int(r, "wait", 0, 0, INT64_MAX);
    if (!since) return api::bad_request("since must be a whole number >= 0");
    if (!limit) return api::bad_request("limit must be a whole number >= 1");
    if (!wait) return api::bad_request("wait must be a whole number of seconds >= 0");
    const int n = static_cast<int>(std::min<std::int64_t>(*limit, k_feed_max_limit));
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::seconds(std::min<std::int64_t>(*wait, k_feed_max_wait_s));

    auto lease = m_s.db.read();
    if (!lease) return error_response(lease.error());
    for (;;) {
        auto page = feed_page(lease->conn(), *since, n);
        if (!page) return error_response(page.error());
        // Nothing newer: wait for the head to move, unless the cursor is ahead of the head
        // (the registry was reset: the kiosk learns it at once from head < since).
        if (page->count > 0 || *since > page->head || std::chrono::steady_clock::now() >= deadline ||
            m_s.notifier.stopping()) {
            ApiResponse out;
            out.body = std::move(page->json);
            return out;
        }
        m_s.notifier.wait(std::max(*since, page->head), deadline);
    }
}

ApiResponse KioskApi::events(const ApiRequest& r) {
    auto body = api::body_object(r);
    if (!body) return body.error();
    if (auto refused = kiosk_matches(r, *body)) return *refused;
    auto events = body->find("events");
    if (events == body->end() || !events->is_array()) return api::bad_request("events must be an array");
    if (events->size() > k_max_events)
        return error_response(413, "too_many_events", "at most 1000 events per request");
    const std::string kiosk = *r.kiosk_id;
    return api::in_write(m_s, [&](WriteTx& tx) -> Result<ApiResponse> {
        Connection& c = tx.conn();
        json accepted = json::array(), duplicates = json::array(), rejected = json::array();
        auto last =
            query_text(c, "SELECT hash FROM event WHERE kiosk_id = ? ORDER BY rowid DESC LIMIT 1", {kiosk});
        if (!last) return std::unexpected(last.error());
        std::optional<std::string> last_hash = *last;
        const std::string received = instant(now_s());
        for (std::size_t i = 0; i < events->size(); ++i) {
            const json& e = (*events)[i];
            if (std::string problem = event_problem(e); !problem.empty()) {
                json entry = {{"index", i}, {"code", "invalid_event"}, {"message", problem}};
                if (e.is_object() && e.contains("id") && e["id"].is_string()) entry["id"] = e["id"];
                rejected.push_back(std::move(entry));
                continue;
            }
            const std::string id = e["id"].get<std::string>();
            const json& prev = e["prev_hash"];
            const bool chain_ok =
                last_hash ? (prev.is_string() && prev.get<std::string>() == *last_hash) : true;
            auto s = c.stmt(
                "INSERT OR IGNORE INTO event(id, kiosk_id, at, type, hash, body, chain_ok, received_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            if (!s) return std::unexpected(s.error());
            const std::string at = e["at"].get<std::string>(), type = e["type"].get<std::string>(),
                              text = e.dump();
            const std::string hash = e["hash"].get<std::string>();
            (*s)->bind(1, id);
            (*s)->bind(2, kiosk);
            (*s)->bind(3, at);
            (*s)->bind(4, type);
            (*s)->bind(5, hash);
            (*s)->bind(6, text);
            (*s)->bind(7, static_cast<std::int64_t>(chain_ok));
            (*s)->bind(8, received);
            REGISTRY_TRY((*s)->run());
            if (c.changes() == 1) {
                accepted.push_back(id);
                last_hash = hash;
            } else {
                duplicates.push_back(id);
            }
        }
        return json_response(200,
                             {{"accepted", accepted}, {"duplicates", duplicates}, {"rejected", rejected}});
    });
}

ApiResponse KioskApi::heartbeat(const ApiRequest& r) {
    auto body = api::body_object(r);
    if (!body) return body.error();
    if (auto refused = kiosk_matches(r, *body)) return *refused;
    auto version = api::text(*body, "version", 64);
    if (!version) return api::bad_request("version must be a short text");
    for (const char* key : {"devices", "sync"}) {
        auto it = body->find(key);
        if (it == body->end() || !it->is_object())
            return api::bad_request(std::string(key) + " must be an object");
    }
    const std::string kiosk = *r.kiosk_id, now = instant(now_s()), text = body->dump();
    return api::in_write(m_s, [&](WriteTx& tx) -> Result<ApiResponse> {
        auto s = tx.conn().stmt(
            "INSERT INTO heartbeat(kiosk_id, first_at, last_at, count, version, body) "
            "VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT(kiosk_id) DO UPDATE SET last_at = "
            "excluded.last_at, count = count + 1, version = excluded.version, body = excluded.body");
        if (!s) return std::unexpected(s.error());
        (*s)->bind(1, kiosk);
        (*s)->bind(2, now);
        (*s)->bind(3, now);
        (*s)->bind(4, *version);
        (*s)->bind(5, text);
        REGISTRY_TRY((*s)->run());
        ApiResponse out;
        out.status = 204;
        out.content_type.clear();
        return out;
    });
}

ApiResponse KioskApi::start_citizen_session(const ApiRequest& r) {
    auto body = api::body_object(r);
    if (!body) return body.error();
    auto phone = api::text(*body, "phone", 20);
    auto user_id = api::text(*body, "user_id", 20);
    if (!phone || !valid_phone(*phone)) return api::bad_request("phone must be +994 followed by 9 digits");
    if (!user_id || !valid_user_id(*user_id)) return api::bad_request("user_id must be 6 digits");
    return api::in_write(m_s, [&](WriteTx& tx) -> Result<ApiResponse> {
        auto account = mobile_id::find_account(tx.conn(), *phone, *user_id);
        if (!account) {
            if (account.error().code == "unknown_user")
                return api::not_found("unknown_user", "no Asan İmza user with this phone number and user id");
            return std::unexpected(account.error());
        }
        mobile_id::Start start{
            mobile_id::Purpose::Citizen, *r.kiosk_id, {}, m_s.config.session_ttl_s, m_s.config.pin_tries};
        auto session = mobile_id::start(tx.conn(), *account, start);
        if (!session) return std::unexpected(session.error());
        return json_response(201, {{"session", session->id},
                                   {"code", session->code},
                                   {"expires_at", instant(session->expires_at)}});
    });
}

ApiResponse KioskApi::citizen_session(const ApiRequest& r) {
    return api::in_read(m_s, [&](Connection& c) -> Result<ApiResponse> {
        auto session = mobile_id::get(c, r.params.at(0));
        if (!session) return std::unexpected(session.error());
        if (!*session || (*session)->purpose != "citizen" || (*session)->kiosk_id != *r.kiosk_id)
            return api::not_found("session_not_found", "no such mobile-ID session at this kiosk");
        const mobile_id::Session& s = **session;
        json out = {{"state", s.state},
                    {"fin", s.state == "confirmed" ? json(s.fin) : json(nullptr)},
                    {"expires_at", instant(s.expires_at)}};
        return json_response(200, out);
    });
}

ApiResponse KioskApi::share(const ApiRequest& r) {
    auto body = api::body_object(r);
    if (!body) return body.error();
    auto proof_it = body->find("proof");
    if (proof_it == body->end()) return api::bad_request("proof is missing");
    const std::string id = r.params.at(0);
    return api::in_write(m_s, [&](WriteTx& tx) -> Result<ApiResponse> {
        Connection& c = tx.conn();
        auto n = notifications::by_id(c, id);
        if (!n) return std::unexpected(n.error());
        if (!*n || (*n)->status == "entered")
            return api::not_found("notification_not_found", "no such notification");
        auto signature = (*n)->data.find("signature");
        if (signature == (*n)->data.end() || !signature->is_string())
            return error_response(409, "not_signed", "the notification has no electronic signature to share");
        auto fin = proof::citizen(c, m_s.config, *r.kiosk_id, id, *proof_it);
        if (!fin) {
            const std::string& code = fin.error().code;
            if (code == "bad_proof") return error_response(400, code, fin.error().detail);
            if (code == "proof_rejected" || code == "proof_reused")
                return error_response(403, code, fin.error().detail);
            return std::unexpected(fin.error());
        }
        if (*fin != (*n)->data.value("employee_fin", std::string()))
            return error_response(403, "not_your_notification",
                                  "the notification is not about the proven citizen");
        const std::string token = random_token(24);
        const std::int64_t now = now_s(), expires = now + m_s.config.share_ttl_s;
        auto s =
            c.stmt("INSERT INTO share(token_hash, notification_id, kiosk_id, proof, created_at, expires_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)");
        if (!s) return std::unexpected(s.error());
        const std::string hash = sha256_hex(token), proof_type = proof_it->value("type", std::string());
        (*s)->bind(1, hash);
        (*s)->bind(2, id);
        (*s)->bind(3, *r.kiosk_id);
        (*s)->bind(4, proof_type);
        (*s)->bind(5, now);
        (*s)->bind(6, expires);
        REGISTRY_TRY((*s)->run());
        std::string url = m_s.config.public_url;
        while (!url.empty() && url.back() == '/')
            url.pop_back();
        return json_response(201, {{"url", url + "/d/" + token}, {"expires_at", instant(expires)}});
    });
}

} // namespace registry
