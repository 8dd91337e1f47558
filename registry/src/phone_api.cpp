// The simulated Asan İmza phone: shows pending requests with their verification
// code; confirms with PIN1 (log-in, kiosk) or PIN2 (signing), or rejects.
#include "api_common.hpp"
#include "employer.hpp"
#include "mobile_id.hpp"

namespace registry {

using api::json;

namespace {

ApiResponse wrong_pin(int tries_left) {
    json body = {{"error",
                  {{"code", "wrong_pin"},
                   {"message", tries_left > 0 ? "wrong PIN" : "wrong PIN: the request is rejected"},
                   {"tries_left", tries_left}}}};
    return api::keep_writes(json_response(403, body));
}

} // namespace

ApiResponse PhoneApi::requests(const ApiRequest& r) {
    const std::string phone = r.params.at(0);
    if (!valid_phone(phone)) return api::bad_request("phone must be +994 followed by 9 digits");
    return api::in_read(m_s, [&](Connection& c) -> Result<ApiResponse> {
        auto pending = mobile_id::pending(c, phone);
        if (!pending) return std::unexpected(pending.error());
        json list = json::array();
        for (const mobile_id::Session& s : *pending) {
            std::string text = s.purpose == "sign"      ? "Sign the notification " + s.notification_id
                               : s.purpose == "citizen" ? "Log in at the kiosk " + s.kiosk_id
                                                        : "Log in to the e-gov portal";
            list.push_back({{"session", s.id},
                            {"code", s.code},
                            {"purpose", s.purpose},
                            {"pin", s.purpose == "sign" ? "PIN2" : "PIN1"},
                            {"text", text},
                            {"expires_at", instant(s.expires_at)}});
        }
        return json_response(200, {{"requests", list}});
    });
}

ApiResponse PhoneApi::answer(const ApiRequest& r) {
    const std::string phone = r.params.at(0), id = r.params.at(1);
    auto body = api::body_object(r);
    if (!body) return body.error();
    const std::string action = body->value("action", std::string());
    if (action != "confirm" && action != "reject")
        return api::bad_request("action must be confirm or reject");
    std::string pin;
    if (action == "confirm") {
        auto p = body->find("pin");
        if (p == body->end() || !p->is_string() || p->get_ref<const std::string&>().empty() ||
            p->get_ref<const std::string&>().size() > 8)
            return api::bad_request("confirm needs the pin");
        pin = p->get<std::string>();
    }
    bool published = false;
    ApiResponse out = api::in_write(m_s, [&](WriteTx& tx) -> Result<ApiResponse> {
        Connection& c = tx.conn();
        auto session = mobile_id::get(c, id);
        if (!session) return std::unexpected(session.error());
        if (!*session || (*session)->phone != phone)
            return api::not_found("session_not_found", "no such request on this phone");
        mobile_id::Session& s = **session;
        if (s.state == "expired") return error_response(410, "session_expired", "the request has expired");
        if (s.state != "pending")
            return error_response(409, "session_finished", "the request is already answered");
        if (action == "reject") {
            REGISTRY_TRY(mobile_id::finish(c, s.id, "rejected"));
            return json_response(200, {{"state", "rejected"}});
        }
        auto ok = mobile_id::check_pin(c, s, s.purpose == "sign" ? 2 : 1, pin);
        if (!ok) return std::unexpected(ok.error());
        if (!*ok) {
            auto left = mobile_id::wrong_pin(c, s);
            if (!left) return std::unexpected(left.error());
            return wrong_pin(*left);
        }
        json result = {{"state", "confirmed"}};
        std::string token;
        if (s.purpose == "login") {
            auto t = employer::issue_token(c, s, m_s.config.token_ttl_s);
            if (!t) return std::unexpected(t.error());
            token = *t;
        } else if (s.purpose == "sign") {
            auto account = mobile_id::find_account(c, s.phone, s.user_id);
            if (!account) return std::unexpected(account.error());
            employer::Actor signer{s.fin, account->full_name(), s.phone, s.user_id, {}};
            auto signed_row = employer::sign(c, m_s.signers, signer, s.notification_id);
            if (!signed_row) {
                // The phone said yes but the registry refuses: the request fails for good.
                REGISTRY_TRY(mobile_id::finish(c, s.id, "failed", {}, signed_row.error().code));
                return api::keep_writes(error_response(signed_row.error()));
            }
            published = true;
            result["notification"] = {{"id", signed_row->id},
                                      {"status", signed_row->status},
                                      {"signed_at", signed_row->data["signed_at"]},
                                      {"registration", signed_row->data["registration"]}};
        }
        REGISTRY_TRY(mobile_id::finish(c, s.id, "confirmed", token));
        return json_response(200, result);
    });
    if (published && out.status == 200) {
        // Wake the long-polling kiosks now rather than at the watcher's next look.
        if (auto lease = m_s.db.read()) {
            if (auto head = feed_head(lease->conn())) m_s.notifier.advanced(*head);
        }
    }
    return out;
}

} // namespace registry
