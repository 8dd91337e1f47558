// The employer's and the phone's part of seed 000 from the command line, over the
// running registry's HTTP API (so kiosks' long polls wake up):
//   registry phone requests|confirm|reject
//   registry employer login|authorise|revoke       (employer add: cli/serve.cpp)
//   registry notify | sign | register | download
// Exit status: 0 done, 1 the registry cannot be reached, 2 bad arguments, 3 the
// registry refused (its error code and message on stderr).
#include "options.hpp"
#include "registry/client.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

namespace registry::cli {

int run_employer_add_command(std::span<char* const> args);

namespace {

using nlohmann::json;

constexpr int k_exit_ok = 0;
constexpr int k_exit_io = 1;
constexpr int k_exit_usage = 2;
constexpr int k_exit_refused = 3;

constexpr std::string_view k_usage =
    R"(usage (CONN = --server URL [--ca FILE | --pki DIR]; $REGISTRY_URL, $REGISTRY_CA):
  registry phone requests CONN --phone +994XXXXXXXXX [--json]
  registry phone confirm CONN --phone P --pin PIN [--code CODE] [--wait S]
  registry phone reject CONN --phone P [--code CODE] [--wait S]
      The simulated Asan İmza phone: lists pending requests with their verification code,
      confirms one (PIN1 to log in, PIN2 to sign) or rejects it. --code picks the request
      showing that code; --wait S waits up to S seconds for a request (default 10).
  AUTH = --token TOKEN | --phone P --user-id U [--pin1 PIN]   (log in with Asan İmza; without
      --pin1 the code is printed and the command waits for the phone)
  registry employer login CONN --phone P --user-id U [--pin1 PIN] [--voen V]    prints a token
  registry employer authorise CONN AUTH --voen V --fin FIN --name N --position P
                              --term indefinite|fixed [--from YYYY-MM-DD] [--to YYYY-MM-DD]
  registry employer revoke CONN AUTH --voen V --fin FIN
  registry notify CONN AUTH --voen V [--edit ID] (--body JSON|@FILE | --kind K FIELDS) [--print FIELD]
      conclusion:  --employee-fin --surname --name [--patronymic] --birth-date --contract-number
                   --contract-date --start-date --type indefinite|fixed_term [--end-date] --position
                   --workplace --work-address --salary 950.00 --working-time [--date]
      amendment:   --contract ID --effective-date --basis --change FIELD=VALUE [--date]
      termination: --contract ID --order-date --order-number --termination-date --reason CODE [--date]
  registry sign CONN AUTH --voen V --notification ID [--pin2 PIN] [--print FIELD]
  registry register CONN AUTH --voen V [--status S] [--kind K]
  registry download CONN AUTH --voen V --notification ID (--edoc FILE | --pdf FILE) [--lang az|ru|en]
)";

int usage_error(std::string_view message) {
    std::fprintf(stderr, "registry: %.*s\n%.*s", static_cast<int>(message.size()), message.data(),
                 static_cast<int>(k_usage.size()), k_usage.data());
    return k_exit_usage;
}

std::string get(const Options& o, std::string_view name, std::string fallback = {}) {
    auto it = o.find(name);
    return it == o.end() ? fallback : it->second;
}

// A failure already reported on stderr, with its exit status.
struct Failure {
    int status;
};
template <typename T> using Outcome = std::expected<T, Failure>;

Failure transport(const Error& e) {
    std::fprintf(stderr, "registry: cannot reach the registry: %s: %s\n", e.code.c_str(), e.detail.c_str());
    return Failure{k_exit_io};
}

Failure refused(const http::Response& r) {
    json body = json::parse(r.body, nullptr, false);
    if (body.is_object() && body.contains("error") && body["error"].is_object())
        std::fprintf(stderr, "registry: refused (%d): %s: %s\n", r.status,
                     body["error"].value("code", std::string("?")).c_str(),
                     body["error"].value("message", std::string()).c_str());
    else
        std::fprintf(stderr, "registry: refused (%d)\n", r.status);
    return Failure{k_exit_refused};
}

struct Session {
    std::unique_ptr<http::Client> client;
    std::string token;
    http::Headers auth() const {
        return token.empty() ? http::Headers{} : http::Headers{{"Authorization", "Bearer " + token}};
    }
};

Outcome<std::unique_ptr<http::Client>> connect(const Options& o) {
    http::ClientOptions c;
    const char* env_url = std::getenv("REGISTRY_URL");
    const char* env_ca = std::getenv("REGISTRY_CA");
    c.base_url = get(o, "server", env_url ? env_url : "");
    c.ca_file = get(o, "ca", env_ca ? env_ca : "");
    if (c.ca_file.empty() && o.contains("pki")) c.ca_file = get(o, "pki") + "/ca.pem";
    if (c.base_url.empty()) {
        usage_error("give the registry's URL: --server URL or $REGISTRY_URL");
        return std::unexpected(Failure{k_exit_usage});
    }
    if (c.base_url.rfind("https://", 0) == 0 && c.ca_file.empty()) {
        usage_error("an https registry needs the CA that issued its certificate: --ca FILE or --pki DIR");
        return std::unexpected(Failure{k_exit_usage});
    }
    c.timeout_s = 40;
    auto client = http::Client::open(c);
    if (!client) {
        usage_error(client.error().detail);
        return std::unexpected(Failure{k_exit_usage});
    }
    return std::move(*client);
}

// A JSON answer with one of the expected statuses.
Outcome<json> call(http::Client& c, const std::string& method, const std::string& path, const json* body,
                   const http::Headers& headers, std::initializer_list<int> ok) {
    Result<http::Response> r = method == "GET" ? c.get(path, headers)
                               : method == "POST"
                                   ? c.post(path, body ? body->dump() : "{}", "application/json", headers)
                               : method == "PUT" ? c.put(path, body ? body->dump() : "{}", headers)
                                                 : c.del(path, headers);
    if (!r) return std::unexpected(transport(r.error()));
    for (int status : ok)
        if (r->status == status) {
            if (r->body.empty()) return json::object();
            json parsed = json::parse(r->body, nullptr, false);
            if (parsed.is_discarded()) {
                std::fprintf(stderr, "registry: the registry's answer is not JSON\n");
                return std::unexpected(Failure{k_exit_io});
            }
            return parsed;
        }
    return std::unexpected(refused(*r));
}

// Waits for a pending request on the phone (the one with `code`, or with `session`, or the oldest).
Outcome<json> find_request(http::Client& c, const std::string& phone, const std::string& code,
                           const std::string& session, int wait_s) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_s);
    for (;;) {
        auto list = call(c, "GET", "/api/v1/sim/phones/" + phone + "/requests", nullptr, {}, {200});
        if (!list) return std::unexpected(list.error());
        for (const json& r : (*list)["requests"])
            if ((code.empty() || r["code"] == code) && (session.empty() || r["session"] == session)) return r;
        if (std::chrono::steady_clock::now() >= deadline) {
            std::fprintf(stderr, "registry: no pending request on %s%s\n", phone.c_str(),
                         code.empty() ? "" : (" with code " + code).c_str());
            return std::unexpected(Failure{k_exit_refused});
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

Outcome<json> answer(http::Client& c, const std::string& phone, const std::string& session,
                     const std::string& pin) {
    json body = pin.empty() ? json{{"action", "reject"}} : json{{"action", "confirm"}, {"pin", pin}};
    return call(c, "POST", "/api/v1/sim/phones/" + phone + "/requests/" + session, &body, {}, {200});
}

// Waits until a session is no longer pending; polls `path`.
Outcome<json> await_session(http::Client& c, const std::string& path, const http::Headers& headers) {
    for (int i = 0; i < 36000; ++i) {
        auto s = call(c, "GET", path, nullptr, headers, {200});
        if (!s) return s;
        if ((*s)["state"] != "pending") return s;
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return std::unexpected(Failure{k_exit_refused});
}

// AUTH: a token, or a log-in with Asan İmza (and the role of --voen when given).
Outcome<Session> authenticate(const Options& o) {
    auto client = connect(o);
    if (!client) return std::unexpected(client.error());
    Session s{std::move(*client), get(o, "token")};
    if (s.token.empty()) {
        const std::string phone = get(o, "phone"), user_id = get(o, "user-id");
        if (phone.empty() || user_id.empty()) {
            usage_error("give --token, or --phone and --user-id to log in with Asan İmza");
            return std::unexpected(Failure{k_exit_usage});
        }
        json start = {{"phone", phone}, {"user_id", user_id}};
        auto started = call(*s.client, "POST", "/api/v1/auth/sessions", &start, {}, {201});
        if (!started) return std::unexpected(started.error());
        const std::string session = (*started)["session"];
        std::fprintf(stderr, "registry: log-in requested; verification code %s\n",
                     (*started)["code"].get<std::string>().c_str());
        if (o.contains("pin1")) {
            auto confirmed = answer(*s.client, phone, session, get(o, "pin1"));
            if (!confirmed) return std::unexpected(confirmed.error());
        } else {
            std::fprintf(stderr, "registry: confirm it on the phone with PIN1 (registry phone confirm)\n");
        }
        auto done = await_session(*s.client, "/api/v1/auth/sessions/" + session, {});
        if (!done) return std::unexpected(done.error());
        if ((*done)["state"] != "confirmed" || !(*done)["token"].is_string()) {
            std::fprintf(stderr, "registry: log-in %s\n", (*done)["state"].get<std::string>().c_str());
            return std::unexpected(Failure{k_exit_refused});
        }
        s.token = (*done)["token"];
    }
    if (o.contains("voen")) {
        json role = {{"voen", get(o, "voen")}};
        auto chosen = call(*s.client, "PUT", "/api/v1/me/role", &role, s.auth(), {200});
        if (!chosen) return std::unexpected(chosen.error());
    }
    return s;
}

void print_result(const Options& o, const json& result) {
    if (o.contains("print")) {
        const json& v = result.value(get(o, "print"), json());
        std::printf("%s\n", v.is_string() ? v.get<std::string>().c_str() : v.dump().c_str());
    } else {
        std::printf("%s\n", result.dump(2).c_str());
    }
}

std::vector<std::string_view> with_common(std::span<const std::string_view> own) {
    std::vector<std::string_view> all(own.begin(), own.end());
    for (std::string_view c : {"server", "ca", "pki", "token", "phone", "user-id", "pin1", "voen", "print"})
        all.push_back(c);
    return all;
}

int exit_of(const Failure& f) {
    return f.status;
}

// --- phone -------------------------------------------------------------------------

int run_phone(std::span<char* const> args) {
    if (args.empty()) return usage_error("phone needs requests, confirm or reject");
    const std::string_view sub = args[0];
    constexpr std::string_view k_allowed[] = {"server", "ca",   "pki",     "phone",
                                              "pin",    "code", "session", "wait"};
    constexpr std::string_view k_flags[] = {"json"};
    auto o = parse_options(args.subspan(1), k_allowed, k_flags);
    if (!o) return usage_error(o.error());
    const std::string phone = get(*o, "phone");
    if (phone.empty()) return usage_error("phone needs --phone +994XXXXXXXXX");
    auto client = connect(*o);
    if (!client) return exit_of(client.error());
    if (sub == "requests") {
        auto list = call(**client, "GET", "/api/v1/sim/phones/" + phone + "/requests", nullptr, {}, {200});
        if (!list) return exit_of(list.error());
        if (o->contains("json")) {
            std::printf("%s\n", list->dump(2).c_str());
        } else {
            for (const json& r : (*list)["requests"])
                std::printf("%s  code %s  %s (%s)  until %s\n", r["session"].get<std::string>().c_str(),
                            r["code"].get<std::string>().c_str(), r["text"].get<std::string>().c_str(),
                            r["pin"].get<std::string>().c_str(), r["expires_at"].get<std::string>().c_str());
        }
        return k_exit_ok;
    }
    if (sub != "confirm" && sub != "reject") return usage_error("phone needs requests, confirm or reject");
    if (sub == "confirm" && !o->contains("pin")) return usage_error("confirm needs --pin");
    const int wait_s = std::atoi(get(*o, "wait", "10").c_str());
    auto request = find_request(**client, phone, get(*o, "code"), get(*o, "session"), std::max(0, wait_s));
    if (!request) return exit_of(request.error());
    auto done =
        answer(**client, phone, (*request)["session"], sub == "confirm" ? get(*o, "pin") : std::string());
    if (!done) return exit_of(done.error());
    std::printf("%s %s (code %s)\n", (*done)["state"].get<std::string>().c_str(),
                (*request)["text"].get<std::string>().c_str(), (*request)["code"].get<std::string>().c_str());
    return k_exit_ok;
}

// --- employer -----------------------------------------------------------------------

int run_login(std::span<char* const> args) {
    auto allowed = with_common({});
    auto o = parse_options(args, allowed);
    if (!o) return usage_error(o.error());
    auto s = authenticate(*o);
    if (!s) return exit_of(s.error());
    std::printf("%s\n", s->token.c_str());
    return k_exit_ok;
}

int run_authorise(std::span<char* const> args) {
    constexpr std::string_view k_own[] = {"fin", "name", "position", "term", "from", "to"};
    auto allowed = with_common(k_own);
    auto o = parse_options(args, allowed);
    if (!o) return usage_error(o.error());
    for (std::string_view required : {"voen", "fin", "name", "position", "term"})
        if (!o->contains(required)) return usage_error("authorise needs --" + std::string(required));
    auto s = authenticate(*o);
    if (!s) return exit_of(s.error());
    json body = {{"fin", get(*o, "fin")},
                 {"name", get(*o, "name")},
                 {"position", get(*o, "position")},
                 {"term", get(*o, "term")}};
    if (o->contains("from")) body["from"] = get(*o, "from");
    if (o->contains("to")) body["to"] = get(*o, "to");
    auto r = call(*s->client, "POST", "/api/v1/employers/" + get(*o, "voen") + "/authorisations", &body,
                  s->auth(), {201});
    if (!r) return exit_of(r.error());
    print_result(*o, *r);
    return k_exit_ok;
}

int run_revoke(std::span<char* const> args) {
    constexpr std::string_view k_own[] = {"fin"};
    auto allowed = with_common(k_own);
    auto o = parse_options(args, allowed);
    if (!o) return usage_error(o.error());
    if (!o->contains("voen") || !o->contains("fin")) return usage_error("revoke needs --voen and --fin");
    auto s = authenticate(*o);
    if (!s) return exit_of(s.error());
    auto r = call(*s->client, "DELETE",
                  "/api/v1/employers/" + get(*o, "voen") + "/authorisations/" + get(*o, "fin"), nullptr,
                  s->auth(), {200});
    if (!r) return exit_of(r.error());
    print_result(*o, *r);
    return k_exit_ok;
}

int run_employer(std::span<char* const> args) {
    if (args.empty()) return usage_error("employer needs add, login, authorise or revoke");
    const std::string_view sub = args[0];
    if (sub == "add") return run_employer_add_command(args.subspan(1));
    if (sub == "login") return run_login(args.subspan(1));
    if (sub == "authorise" || sub == "authorize") return run_authorise(args.subspan(1));
    if (sub == "revoke") return run_revoke(args.subspan(1));
    return usage_error("employer needs add, login, authorise or revoke");
}

// The notification's body from --body or the per-kind flags.
std::expected<json, std::string> notification_body(const Options& o) {
    if (o.contains("body")) {
        std::string text = get(o, "body");
        if (!text.empty() && text[0] == '@') {
            std::ifstream in(text.substr(1), std::ios::binary);
            if (!in) return std::unexpected("cannot read " + text.substr(1));
            std::stringstream ss;
            ss << in.rdbuf();
            text = ss.str();
        }
        json body = json::parse(text, nullptr, false);
        if (!body.is_object()) return std::unexpected("--body must be a JSON object");
        return body;
    }
    const std::string kind = get(o, "kind");
    json body = {{"kind", kind}};
    auto put = [&](json& target, const char* key, const char* option) {
        if (o.contains(option)) target[key] = get(o, option);
    };
    put(body, "date", "date");
    if (kind == "conclusion") {
        json employee, contract;
        put(employee, "fin", "employee-fin");
        put(employee, "surname", "surname");
        put(employee, "name", "name");
        put(employee, "patronymic", "patronymic");
        put(employee, "birth_date", "birth-date");
        put(contract, "number", "contract-number");
        put(contract, "date", "contract-date");
        put(contract, "start_date", "start-date");
        put(contract, "type", "type");
        put(contract, "end_date", "end-date");
        put(contract, "position", "position");
        put(contract, "workplace", "workplace");
        put(contract, "work_address", "work-address");
        put(contract, "salary_azn", "salary");
        put(contract, "working_time", "working-time");
        body["employee"] = employee;
        body["contract"] = contract;
    } else if (kind == "amendment") {
        put(body, "contract_id", "contract");
        json a;
        put(a, "effective_date", "effective-date");
        put(a, "basis", "basis");
        const std::string change = get(o, "change");
        const auto eq = change.find('=');
        if (eq == std::string::npos) return std::unexpected("an amendment needs --change FIELD=VALUE");
        a["changes"] = json::array({{{"field", change.substr(0, eq)}, {"new", change.substr(eq + 1)}}});
        body["amendment"] = a;
    } else if (kind == "termination") {
        put(body, "contract_id", "contract");
        json t;
        put(t, "order_date", "order-date");
        put(t, "order_number", "order-number");
        put(t, "termination_date", "termination-date");
        put(t, "reason", "reason");
        body["termination"] = t;
    } else {
        return std::unexpected("give --body, or --kind conclusion|amendment|termination with its fields");
    }
    return body;
}

int run_notify(std::span<char* const> args) {
    constexpr std::string_view k_own[] = {"edit",           "body",
                                          "kind",           "date",
                                          "employee-fin",   "surname",
                                          "name",           "patronymic",
                                          "birth-date",     "contract-number",
                                          "contract-date",  "start-date",
                                          "type",           "end-date",
                                          "position",       "workplace",
                                          "work-address",   "salary",
                                          "working-time",   "contract",
                                          "effective-date", "basis",
                                          "change",         "order-date",
                                          "order-number",   "termination-date",
                                          "reason"};
    auto allowed = with_common(k_own);
    auto o = parse_options(args, allowed);
    if (!o) return usage_error(o.error());
    if (!o->contains("voen")) return usage_error("notify needs --voen (the employer's role)");
    auto body = notification_body(*o);
    if (!body) return usage_error(body.error());
    auto s = authenticate(*o);
    if (!s) return exit_of(s.error());
    auto r =
        o->contains("edit")
            ? call(*s->client, "PUT", "/api/v1/notifications/" + get(*o, "edit"), &*body, s->auth(), {200})
            : call(*s->client, "POST", "/api/v1/employers/" + get(*o, "voen") + "/notifications", &*body,
                   s->auth(), {201});
    if (!r) return exit_of(r.error());
    print_result(*o, *r);
    return k_exit_ok;
}

int run_sign(std::span<char* const> args) {
    constexpr std::string_view k_own[] = {"notification", "pin2"};
    auto allowed = with_common(k_own);
    auto o = parse_options(args, allowed);
    if (!o) return usage_error(o.error());
    if (!o->contains("voen") || !o->contains("notification"))
        return usage_error("sign needs --voen and --notification");
    auto s = authenticate(*o);
    if (!s) return exit_of(s.error());
    const std::string id = get(*o, "notification");
    auto started =
        call(*s->client, "POST", "/api/v1/notifications/" + id + "/signatures", nullptr, s->auth(), {201});
    if (!started) return exit_of(started.error());
    const std::string session = (*started)["session"];
    std::fprintf(stderr, "registry: signing requested; verification code %s\n",
                 (*started)["code"].get<std::string>().c_str());
    if (o->contains("pin2")) {
        // The request goes to the phone the signer logged in with.
        const std::string phone = get(*o, "phone");
        if (phone.empty()) return usage_error("--pin2 needs --phone (the signer's phone)");
        auto done = answer(*s->client, phone, session, get(*o, "pin2"));
        if (!done) return exit_of(done.error());
    } else {
        std::fprintf(stderr, "registry: confirm it on the phone with PIN2 (registry phone confirm)\n");
    }
    auto done =
        await_session(*s->client, "/api/v1/notifications/" + id + "/signatures/" + session, s->auth());
    if (!done) return exit_of(done.error());
    if ((*done)["state"] != "confirmed") {
        std::fprintf(stderr, "registry: signing %s%s\n", (*done)["state"].get<std::string>().c_str(),
                     (*done)["error"].is_object()
                         ? (": " + (*done)["error"].value("code", std::string())).c_str()
                         : "");
        return k_exit_refused;
    }
    auto n = call(*s->client, "GET", "/api/v1/notifications/" + id, nullptr, s->auth(), {200});
    if (!n) return exit_of(n.error());
    print_result(*o, *n);
    return k_exit_ok;
}

int run_register(std::span<char* const> args) {
    constexpr std::string_view k_own[] = {"status", "kind"};
    auto allowed = with_common(k_own);
    auto o = parse_options(args, allowed);
    if (!o) return usage_error(o.error());
    if (!o->contains("voen")) return usage_error("register needs --voen");
    auto s = authenticate(*o);
    if (!s) return exit_of(s.error());
    std::string path = "/api/v1/employers/" + get(*o, "voen") + "/notifications?limit=1000";
    if (o->contains("status")) path += "&status=" + get(*o, "status");
    if (o->contains("kind")) path += "&kind=" + get(*o, "kind");
    auto r = call(*s->client, "GET", path, nullptr, s->auth(), {200});
    if (!r) return exit_of(r.error());
    print_result(*o, *r);
    return k_exit_ok;
}

int run_download(std::span<char* const> args) {
    constexpr std::string_view k_own[] = {"notification", "edoc", "pdf", "lang"};
    auto allowed = with_common(k_own);
    auto o = parse_options(args, allowed);
    if (!o) return usage_error(o.error());
    if (!o->contains("voen") || !o->contains("notification") || (o->contains("edoc") == o->contains("pdf")))
        return usage_error("download needs --voen, --notification and one of --edoc FILE, --pdf FILE");
    auto s = authenticate(*o);
    if (!s) return exit_of(s.error());
    const bool edoc = o->contains("edoc");
    std::string path = "/api/v1/notifications/" + get(*o, "notification") + (edoc ? "/edoc" : "/pdf");
    if (!edoc && o->contains("lang")) path += "?lang=" + get(*o, "lang");
    auto r = s->client->get(path, s->auth());
    if (!r) return exit_of(transport(r.error()));
    if (r->status != 200) return exit_of(refused(*r));
    const std::string out = get(*o, edoc ? "edoc" : "pdf");
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file.write(r->body.data(), static_cast<std::streamsize>(r->body.size()));
    if (!file.good()) {
        std::fprintf(stderr, "registry: cannot write %s\n", out.c_str());
        return k_exit_io;
    }
    std::printf("%s (%zu bytes)\n", out.c_str(), r->body.size());
    return k_exit_ok;
}

} // namespace

int run_phone_command(std::span<char* const> args) {
    return run_phone(args);
}
int run_employer_command(std::span<char* const> args) {
    return run_employer(args);
}
int run_notify_command(std::span<char* const> args) {
    return run_notify(args);
}
int run_sign_command(std::span<char* const> args) {
    return run_sign(args);
}
int run_register_command(std::span<char* const> args) {
    return run_register(args);
}
int run_download_command(std::span<char* const> args) {
    return run_download(args);
}
std::string_view flows_usage() {
    return k_usage;
}

} // namespace registry::cli
