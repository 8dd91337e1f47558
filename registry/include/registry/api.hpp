// The registry's HTTP API without the HTTP library: requests and responses as
// plain values, the services behind every route, and the route table the server
// (server.cpp, the only file with cpp-httplib) binds to sockets.
//
// Every error body is {"error": {"code": "snake_case", "message": "human text"}}
// (PROTOCOL.md). Routes and their shapes: README.md, "The reference registry".
#pragma once

#include "registry/db.hpp"
#include "registry/feed.hpp"
#include "registry/pki.hpp"
#include "registry/signing.hpp"

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace registry {

struct ApiRequest {
    std::string method;
    std::string path;
    std::vector<std::string> params;                       // the route's captures, in order
    std::map<std::string, std::string, std::less<>> query; // first value of each parameter
    std::string body;
    std::string content_type;
    std::optional<std::string> kiosk_id; // the verified client certificate's CN
    std::optional<std::string> bearer;   // Authorization: Bearer …
    std::string accept_language;
};

struct ApiResponse {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    bool compressible = true; // JSON and HTML may be gzipped on request
    bool keep_writes = false; // internal: a refusal whose database writes are committed all the same
};

ApiResponse json_response(int status, const nlohmann::json& body);
ApiResponse error_response(int status, std::string_view code, std::string_view message);
// 500 for store failures, 4xx for the known codes of `e`.
ApiResponse error_response(const Error& e);

struct Config {
    std::string public_url = "http://127.0.0.1:8080"; // share links and QR codes point here
    int session_ttl_s = 120;                          // mobile-ID sessions (login, sign, citizen)
    int token_ttl_s = 1800;                           // employer bearer tokens
    int share_ttl_s = 600;                            // share links
    int citizen_proof_s = 900;  // a confirmed citizen session proves the citizen this long
    int proof_skew_s = 300;     // ID-card proofs: |now - at| at most this
    int pin_tries = 3;          // wrong PINs before a session is rejected
    std::string id_card_ca_pem; // trusted for ID-card proofs
};

// What every service needs.
struct Services {
    Database& db;
    FeedNotifier& notifier;
    SignerDirectory& signers;
    Config config;
};

class KioskApi {
  public:
    explicit KioskApi(Services& s) : m_s(s) {}
    ApiResponse changes(const ApiRequest& r); // may wait up to 30 s
    ApiResponse events(const ApiRequest& r);
    ApiResponse heartbeat(const ApiRequest& r);
    ApiResponse start_citizen_session(const ApiRequest& r);
    ApiResponse citizen_session(const ApiRequest& r);
    ApiResponse share(const ApiRequest& r);

  private:
    Services& m_s;
};

class PhoneApi {
  public:
    explicit PhoneApi(Services& s) : m_s(s) {}
    ApiResponse requests(const ApiRequest& r); // GET /sim/phones/{phone}/requests
    ApiResponse answer(const ApiRequest& r);   // POST /sim/phones/{phone}/requests/{session}

  private:
    Services& m_s;
};

class EmployerApi {
  public:
    explicit EmployerApi(Services& s) : m_s(s) {}
    ApiResponse start_login(const ApiRequest& r);
    ApiResponse login(const ApiRequest& r);
    ApiResponse me(const ApiRequest& r);
    ApiResponse choose_role(const ApiRequest& r);
    ApiResponse authorisations(const ApiRequest& r);
    ApiResponse authorise(const ApiRequest& r);
    ApiResponse revoke(const ApiRequest& r);
    ApiResponse enter(const ApiRequest& r);
    ApiResponse edit(const ApiRequest& r);
    ApiResponse register_list(const ApiRequest& r);
    ApiResponse notification(const ApiRequest& r);
    ApiResponse start_signing(const ApiRequest& r);
    ApiResponse signing(const ApiRequest& r);
    ApiResponse edoc(const ApiRequest& r);
    ApiResponse pdf(const ApiRequest& r);

  private:
    Services& m_s;
};

class PublicPages {
  public:
    explicit PublicPages(Services& s) : m_s(s) {}
    ApiResponse download(const ApiRequest& r); // GET /d/{token}
    ApiResponse verify(const ApiRequest& r);   // GET /verify/{code}

  private:
    Services& m_s;
};

// Who may call a route.
enum class Access {
    Kiosk,  // a verified kiosk client certificate (mutual TLS)
    Public, // anyone: the employer API authenticates with bearer tokens, the phone with PINs
};

struct Route {
    std::string method;  // GET, POST, PUT, DELETE
    std::string pattern; // a regular expression over the path; captures become params
    std::string name;    // for logs: the route without identifiers
    Access access;
    std::function<ApiResponse(const ApiRequest&)> handler;
};

// The full route table over the services (they must outlive the routes).
std::vector<Route> routes(KioskApi& kiosk, PhoneApi& phone, EmployerApi& employer, PublicPages& pages);

} // namespace registry
