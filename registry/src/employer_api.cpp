// The employer API of seed 000 (PROTOCOL.md "Employer API"): log-in with Asan İmza,
// role, powers of attorney, notifications, register, signing, downloads.
#include "api_common.hpp"
#include "edoc.hpp"
#include "employer.hpp"
#include "mobile_id.hpp"
#include "notifications.hpp"

namespace registry {

using api::json;

namespace {

// Runs fn(conn, actor) on a read connection for an authenticated caller.
template <typename F> ApiResponse with_actor_read(Services& s, const ApiRequest& r, F&& fn) {
    return api::in_read(s, [&](Connection& c) -> Result<ApiResponse> {
        auto a = employer::actor(c, r.bearer);
        if (!a) return std::unexpected(a.error());
        return fn(c, *a);
    });
}

template <typename F> ApiResponse with_actor_write(Services& s, const ApiRequest& r, F&& fn) {
    return api::in_write(s, [&](WriteTx& tx) -> Result<ApiResponse> {
        auto a = employer::actor(tx.conn(), r.bearer);
        if (!a) return std::unexpected(a.error());
        return fn(tx.conn(), *a);
    });
}

Result<notifications::Row> notification_for(Connection& c, const employer::Actor& a, const std::string& id,
                                            bool to_act) {
    auto row = notifications::by_id(c, id);
    if (!row) return std::unexpected(row.error());
    if (!*row) return fail("notification_not_found", "no such notification");
    // Another employer's notification does not exist for this caller.
    if (a.role != (*row)->employer_voen)
        return fail("notification_not_found", "no such notification of your employer");
    if (to_act) {
        REGISTRY_TRY(employer::require_authorised(c, a, (*row)->employer_voen));
    } else {
        auto head = employer::require_head(c, a, (*row)->employer_voen);
        if (!head) REGISTRY_TRY(employer::require_authorised(c, a, (*row)->employer_voen));
    }
    return std::move(**row);
}

// The head or an authorised representative may read the employer's register.
Status may_read(Connection& c, const employer::Actor& a, const std::string& voen) {
    if (employer::require_head(c, a, voen)) return {};
    return employer::require_authorised(c, a, voen);
}

} // namespace

ApiResponse EmployerApi::start_login(const ApiRequest& r) {
    auto body = api::body_object(r);
    if (!body) return body.error();
    auto phone = api::text(*body, "phone", 20);
    auto user_id = api::text(*body, "user_id", 20);
    if (!phone || !valid_phone(*phone)) return api::bad_request("phone must be +994 followed by 9 digits");
    if (!user_id || !valid_user_id(*user_id)) return api::bad_request("user_id must be 6 digits");
    return api::in_write(m_s, [&](WriteTx& tx) -> Result<ApiResponse> {
        auto account = mobile_id::find_account(tx.conn(), *phone, *user_id);
        if (!account) return std::unexpected(account.error());
        mobile_id::Start start{
            mobile_id::Purpose::Login, {}, {}, m_s.config.session_ttl_s, m_s.config.pin_tries};
        auto session = mobile_id::start(tx.conn(), *account, start);
        if (!session) return std::unexpected(session.error());
        return json_response(201, {{"session", session->id},
                                   {"code", session->code},
                                   {"expires_at", instant(session->expires_at)}});
    });
}

ApiResponse EmployerApi::login(const ApiRequest& r) {
    return api::in_read(m_s, [&](Connection& c) -> Result<ApiResponse> {
        auto session = mobile_id::get(c, r.params.at(0));
        if (!session) return std::unexpected(session.error());
        if (!*session || (*session)->purpose != "login")
            return api::not_found("session_not_found", "no such log-in session");
        const mobile_id::Session& s = **session;
        json out = {{"state", s.state},
                    {"token", s.state == "confirmed" && !s.token.empty() ? json(s.token) : json(nullptr)},
                    {"expires_at", instant(s.expires_at)}};
        if (s.state == "rejected" && !s.error.empty()) out["error"] = s.error;
        return json_response(200, out);
    });
}

ApiResponse EmployerApi::me(const ApiRequest& r) {
    return with_actor_read(m_s, r, [&](Connection& c, const employer::Actor& a) -> Result<ApiResponse> {
        auto roles = employer::roles(c, a.fin);
        if (!roles) return std::unexpected(roles.error());
        return json_response(200, {{"fin", a.fin},
                                   {"name", a.name},
                                   {"role", a.role.empty() ? json(nullptr) : json(a.role)},
                                   {"roles", *roles}});
    });
}

ApiResponse EmployerApi::choose_role(const ApiRequest& r) {
    auto body = api::body_object(r);
    if (!body) return body.error();
    auto voen = api::text(*body, "voen", 10);
    if (!voen || !valid_voen(*voen)) return api::bad_request("voen must be 10 digits");
    return with_actor_write(m_s, r, [&](Connection& c, employer::Actor a) -> Result<ApiResponse> {
        REGISTRY_TRY(employer::choose_role(c, *r.bearer, a, *voen));
        auto roles = employer::roles(c, a.fin);
        if (!roles) return std::unexpected(roles.error());
        return json_response(200, {{"fin", a.fin}, {"name", a.name}, {"role", *voen}, {"roles", *roles}});
    });
}

ApiResponse EmployerApi::authorisations(const ApiRequest& r) {
    const std::string voen = r.params.at(0);
    return with_actor_read(m_s, r, [&](Connection& c, const employer::Actor& a) -> Result<ApiResponse> {
        REGISTRY_TRY(employer::require_head(c, a, voen));
        auto list = employer::authorisations(c, voen);
        if (!list) return std::unexpected(list.error());
        return json_response(200, {{"authorisations", *list}});
    });
}

ApiResponse EmployerApi::authorise(const ApiRequest& r) {
    auto body = api::body_object(r);
    if (!body) return body.error();
    const std::string voen = r.params.at(0);
    return with_actor_write(m_s, r, [&](Connection& c, const employer::Actor& a) -> Result<ApiResponse> {
        REGISTRY_TRY(employer::require_head(c, a, voen));
        auto granted = employer::authorise(c, a, voen, *body);
        if (!granted) return std::unexpected(granted.error());
        return json_response(201, *granted);
    });
}

ApiResponse EmployerApi::revoke(const ApiRequest& r) {
    const std::string voen = r.params.at(0), fin = r.params.at(1);
    return with_actor_write(m_s, r, [&](Connection& c, const employer::Actor& a) -> Result<ApiResponse> {
        REGISTRY_TRY(employer::require_head(c, a, voen));
        auto revoked = employer::revoke(c, a, voen, fin);
        if (!revoked) return std::unexpected(revoked.error());
        return json_response(200, *revoked);
    });
}

ApiResponse EmployerApi::enter(const ApiRequest& r) {
    auto body = api::body_object(r);
    if (!body) return body.error();
    const std::string voen = r.params.at(0);
    return with_actor_write(m_s, r, [&](Connection& c, const employer::Actor& a) -> Result<ApiResponse> {
        REGISTRY_TRY(employer::require_authorised(c, a, voen));
        auto row = employer::enter(c, a, voen, *body);
        if (!row) return std::unexpected(row.error());
        return json_response(201, employer::view(*row));
    });
}

ApiResponse EmployerApi::edit(const ApiRequest& r) {
    auto body = api::body_object(r);
    if (!body) return body.error();
    return with_actor_write(m_s, r, [&](Connection& c, const employer::Actor& a) -> Result<ApiResponse> {
        auto row = notification_for(c, a, r.params.at(0), true);
        if (!row) return std::unexpected(row.error());
        auto edited = employer::edit(c, a, *row, *body);
        if (!edited) return std::unexpected(edited.error());
        return json_response(200, employer::view(*edited));
    });
}

ApiResponse EmployerApi::register_list(const ApiRequest& r) {
    const std::string voen = r.params.at(0);
    return with_actor_read(m_s, r, [&](Connection& c, const employer::Actor& a) -> Result<ApiResponse> {
        REGISTRY_TRY(may_read(c, a, voen));
        auto list = employer::register_list(c, voen, r);
        if (!list) return std::unexpected(list.error());
        return json_response(200, *list);
    });
}

ApiResponse EmployerApi::notification(const ApiRequest& r) {
    return with_actor_read(m_s, r, [&](Connection& c, const employer::Actor& a) -> Result<ApiResponse> {
        auto row = notification_for(c, a, r.params.at(0), false);
        if (!row) return std::unexpected(row.error());
        return json_response(200, employer::view(*row));
    });
}

ApiResponse EmployerApi::start_signing(const ApiRequest& r) {
    return with_actor_write(m_s, r, [&](Connection& c, const employer::Actor& a) -> Result<ApiResponse> {
        auto row = notification_for(c, a, r.params.at(0), true);
        if (!row) return std::unexpected(row.error());
        REGISTRY_TRY(employer::check_signable(c, *row));
        auto account = mobile_id::find_account(c, a.phone, a.user_id);
        if (!account) return std::unexpected(account.error());
        mobile_id::Start start{
            mobile_id::Purpose::Sign, {}, row->id, m_s.config.session_ttl_s, m_s.config.pin_tries};
        auto session = mobile_id::start(c, *account, start);
        if (!session) return std::unexpected(session.error());
        return json_response(201, {{"session", session->id},
                                   {"code", session->code},
                                   {"expires_at", instant(session->expires_at)}});
    });
}

ApiResponse EmployerApi::signing(const ApiRequest& r) {
    return with_actor_read(m_s, r, [&](Connection& c, const employer::Actor& a) -> Result<ApiResponse> {
        auto row = notification_for(c, a, r.params.at(0), false);
        if (!row) return std::unexpected(row.error());
        auto session = mobile_id::get(c, r.params.at(1));
        if (!session) return std::unexpected(session.error());
        if (!*session || (*session)->purpose != "sign" || (*session)->notification_id != row->id)
            return api::not_found("session_not_found", "no such signing request for this notification");
        const mobile_id::Session& s = **session;
        json out = {{"state", s.state},
                    {"expires_at", instant(s.expires_at)},
                    {"error", nullptr},
                    {"notification", nullptr}};
        if (!s.error.empty()) out["error"] = {{"code", s.error}};
        if (s.state == "confirmed")
            out["notification"] = {{"id", row->id},
                                   {"status", row->status},
                                   {"signed_at", row->data.value("signed_at", json())},
                                   {"registration", row->data.value("registration", json())}};
        return json_response(200, out);
    });
}

ApiResponse EmployerApi::edoc(const ApiRequest& r) {
    return with_actor_read(m_s, r, [&](Connection& c, const employer::Actor& a) -> Result<ApiResponse> {
        auto row = notification_for(c, a, r.params.at(0), false);
        if (!row) return std::unexpected(row.error());
        auto zip = edoc::container(c, *row, m_s.config.public_url);
        if (!zip) return std::unexpected(zip.error());
        ApiResponse out;
        out.content_type = std::string(edoc::k_mimetype);
        out.body = std::move(*zip);
        out.compressible = false;
        out.headers.emplace_back("Content-Disposition",
                                 "attachment; filename=\"" + edoc::file_name(*row, "edoc") + "\"");
        return out;
    });
}

ApiResponse EmployerApi::pdf(const ApiRequest& r) {
    kiosk::Lang lang = kiosk::k_default_lang;
    if (auto it = r.query.find("lang"); it != r.query.end()) {
        auto l = kiosk::parse_lang(it->second);
        if (!l) return api::bad_request("lang must be az, ru or en");
        lang = *l;
    }
    return with_actor_read(m_s, r, [&](Connection& c, const employer::Actor& a) -> Result<ApiResponse> {
        auto row = notification_for(c, a, r.params.at(0), false);
        if (!row) return std::unexpected(row.error());
        auto bytes = edoc::pdf(c, *row, lang, m_s.config.public_url);
        if (!bytes) return std::unexpected(bytes.error());
        ApiResponse out;
        out.content_type = "application/pdf";
        out.body = std::move(*bytes);
        out.compressible = false;
        out.headers.emplace_back("Content-Disposition",
                                 "attachment; filename=\"" + edoc::file_name(*row, "pdf") + "\"");
        return out;
    });
}

} // namespace registry
