// The route table: every endpoint of the registry, its access and its log name.
#include "registry/api.hpp"

namespace registry {

std::vector<Route> routes(KioskApi& kiosk, PhoneApi& phone, EmployerApi& employer, PublicPages& pages) {
    constexpr const char* k_id = "([A-Za-z0-9_-]{1,64})";
    constexpr const char* k_voen = "([0-9]{10})";
    auto r = [](std::string method, std::string pattern, std::string name, Access access, auto handler) {
        return Route{std::move(method), "^" + pattern + "$", std::move(name), access, std::move(handler)};
    };
    using std::string;
    return {
        // Kiosk API (mutual TLS).
        r("GET", "/api/v1/changes", "GET /api/v1/changes", Access::Kiosk,
          [&](const ApiRequest& q) { return kiosk.changes(q); }),
        r("POST", "/api/v1/events", "POST /api/v1/events", Access::Kiosk,
          [&](const ApiRequest& q) { return kiosk.events(q); }),
        r("POST", "/api/v1/heartbeat", "POST /api/v1/heartbeat", Access::Kiosk,
          [&](const ApiRequest& q) { return kiosk.heartbeat(q); }),
        r("POST", "/api/v1/mobile-id/sessions", "POST /api/v1/mobile-id/sessions", Access::Kiosk,
          [&](const ApiRequest& q) { return kiosk.start_citizen_session(q); }),
        r("GET", string("/api/v1/mobile-id/sessions/") + k_id, "GET /api/v1/mobile-id/sessions/:session",
          Access::Kiosk, [&](const ApiRequest& q) { return kiosk.citizen_session(q); }),
        r("POST", string("/api/v1/notifications/") + k_id + "/share", "POST /api/v1/notifications/:id/share",
          Access::Kiosk, [&](const ApiRequest& q) { return kiosk.share(q); }),
        // Public pages.
        r("GET", string("/d/") + k_id, "GET /d/:token", Access::Public,
          [&](const ApiRequest& q) { return pages.download(q); }),
        r("GET", "/verify/([A-Za-z0-9 -]{1,20})", "GET /verify/:code", Access::Public,
          [&](const ApiRequest& q) { return pages.verify(q); }),
        // The simulated phone.
        r("GET", "/api/v1/sim/phones/(\\+[0-9]{1,15})/requests", "GET /api/v1/sim/phones/:phone/requests",
          Access::Public, [&](const ApiRequest& q) { return phone.requests(q); }),
        r("POST", string("/api/v1/sim/phones/(\\+[0-9]{1,15})/requests/") + k_id,
          "POST /api/v1/sim/phones/:phone/requests/:session", Access::Public,
          [&](const ApiRequest& q) { return phone.answer(q); }),
        // Employer API (bearer tokens).
        r("POST", "/api/v1/auth/sessions", "POST /api/v1/auth/sessions", Access::Public,
          [&](const ApiRequest& q) { return employer.start_login(q); }),
        r("GET", string("/api/v1/auth/sessions/") + k_id, "GET /api/v1/auth/sessions/:session",
          Access::Public, [&](const ApiRequest& q) { return employer.login(q); }),
        r("GET", "/api/v1/me", "GET /api/v1/me", Access::Public,
          [&](const ApiRequest& q) { return employer.me(q); }),
        r("PUT", "/api/v1/me/role", "PUT /api/v1/me/role", Access::Public,
          [&](const ApiRequest& q) { return employer.choose_role(q); }),
        r("GET", string("/api/v1/employers/") + k_voen + "/authorisations",
          "GET /api/v1/employers/:voen/authorisations", Access::Public,
          [&](const ApiRequest& q) { return employer.authorisations(q); }),
        r("POST", string("/api/v1/employers/") + k_voen + "/authorisations",
          "POST /api/v1/employers/:voen/authorisations", Access::Public,
          [&](const ApiRequest& q) { return employer.authorise(q); }),
        r("DELETE", string("/api/v1/employers/") + k_voen + "/authorisations/([0-9A-Z]{7})",
          "DELETE /api/v1/employers/:voen/authorisations/:fin", Access::Public,
          [&](const ApiRequest& q) { return employer.revoke(q); }),
        r("POST", string("/api/v1/employers/") + k_voen + "/notifications",
          "POST /api/v1/employers/:voen/notifications", Access::Public,
          [&](const ApiRequest& q) { return employer.enter(q); }),
        r("GET", string("/api/v1/employers/") + k_voen + "/notifications",
          "GET /api/v1/employers/:voen/notifications", Access::Public,
          [&](const ApiRequest& q) { return employer.register_list(q); }),
        r("GET", string("/api/v1/notifications/") + k_id, "GET /api/v1/notifications/:id", Access::Public,
          [&](const ApiRequest& q) { return employer.notification(q); }),
        r("PUT", string("/api/v1/notifications/") + k_id, "PUT /api/v1/notifications/:id", Access::Public,
          [&](const ApiRequest& q) { return employer.edit(q); }),
        r("POST", string("/api/v1/notifications/") + k_id + "/signatures",
          "POST /api/v1/notifications/:id/signatures", Access::Public,
          [&](const ApiRequest& q) { return employer.start_signing(q); }),
        r("GET", string("/api/v1/notifications/") + k_id + "/signatures/" + k_id,
          "GET /api/v1/notifications/:id/signatures/:session", Access::Public,
          [&](const ApiRequest& q) { return employer.signing(q); }),
        r("GET", string("/api/v1/notifications/") + k_id + "/edoc", "GET /api/v1/notifications/:id/edoc",
          Access::Public, [&](const ApiRequest& q) { return employer.edoc(q); }),
        r("GET", string("/api/v1/notifications/") + k_id + "/pdf", "GET /api/v1/notifications/:id/pdf",
          Access::Public, [&](const ApiRequest& q) { return employer.pdf(q); }),
    };
}

} // namespace registry
