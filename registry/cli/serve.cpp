// registry serve | load | account add | employer add | kiosks | events:
// the server and the commands that work on its database directly.
#include "employer.hpp"
#include "mobile_id.hpp"
#include "options.hpp"
#include "registry/common.hpp"
#include "registry/load.hpp"
#include "registry/server.hpp"

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

namespace registry::cli {
namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_io = 1;
constexpr int k_exit_usage = 2;

constexpr std::string_view k_usage = R"(usage:
  registry serve --db PATH --pki DIR [--listen HOST:PORT] [--insecure-http] [--require-client-cert]
                 [--public-url URL] [--client-ca FILE] [--id-card-ca FILE] [--threads N]
                 [--max-body BYTES] [--gzip-level 1..9] [--session-ttl S] [--token-ttl S]
                 [--share-ttl S] [--quiet]
      The reference registry over HTTPS with client certificates (README, "The reference
      registry"). --listen defaults to 127.0.0.1:8443; port 0 takes a free port. Prints
      "listening on URL" on standard output when ready; SIGTERM stops it cleanly.
  registry load FILE.ndjson --db PATH [--sign --pki DIR] [--threads N]
      Loads change records (registry generate) into the registry's database; --sign gives
      every signed notification without a signature a real one (per-signer certificates
      from the CA in DIR). FILE - reads standard input.
  registry account add --db PATH --phone +994XXXXXXXXX --user-id NNNNNN --fin FIN
                       --surname S --name N [--patronymic P] [--birth-date YYYY-MM-DD]
                       [--pin1 NNNN] [--pin2 NNNNN]
      An Asan İmza user of the simulator (PIN1 defaults to 1111, PIN2 to 22222).
  registry employer add --db PATH --voen V --sun S --name N --address A --head-fin FIN
      An employer and its head (published to the feed).
  registry kiosks --db PATH [--json]        kiosks' last heartbeats
  registry events --db PATH [--kiosk ID] [--limit N] [--json]   events kiosks delivered
)";

int usage_error(std::string_view message) {
    std::fprintf(stderr, "registry: %.*s\n%.*s", static_cast<int>(message.size()), message.data(),
                 static_cast<int>(k_usage.size()), k_usage.data());
    return k_exit_usage;
}

int failed(const Error& e) {
    std::fprintf(stderr, "registry: %s: %s\n", e.code.c_str(), e.detail.c_str());
    return e.code == "bad_request" ? k_exit_usage : k_exit_io;
}

std::string get(const Options& o, std::string_view name, std::string fallback = {}) {
    auto it = o.find(name);
    return it == o.end() ? fallback : it->second;
}

std::optional<long long> number(const std::string& text, long long lo, long long hi) {
    long long v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi)
        return std::nullopt;
    return v;
}

int run_serve(std::span<char* const> args) {
    constexpr std::string_view k_allowed[] = {"db",         "pki",         "listen",    "public-url",
                                              "client-ca",  "id-card-ca",  "threads",   "max-body",
                                              "gzip-level", "session-ttl", "token-ttl", "share-ttl"};
    constexpr std::string_view k_flags[] = {"insecure-http", "require-client-cert", "quiet"};
    auto o = parse_options(args, k_allowed, k_flags);
    if (!o) return usage_error(o.error());
    ServerOptions s;
    s.db_path = get(*o, "db");
    s.pki_dir = get(*o, "pki");
    if (s.db_path.empty() || s.pki_dir.empty()) return usage_error("serve needs --db PATH and --pki DIR");
    const std::string listen = get(*o, "listen", "127.0.0.1:8443");
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) return usage_error("--listen must be HOST:PORT");
    s.host = listen.substr(0, colon);
    if (s.host.size() > 2 && s.host.front() == '[' && s.host.back() == ']')
        s.host = s.host.substr(1, s.host.size() - 2);
    auto port = number(listen.substr(colon + 1), 0, 65535);
    if (!port || s.host.empty()) return usage_error("--listen must be HOST:PORT (port 0..65535)");
    s.port = static_cast<int>(*port);
    s.insecure_http = o->contains("insecure-http");
    s.require_client_cert = o->contains("require-client-cert");
    if (s.insecure_http && s.require_client_cert) return usage_error("--require-client-cert needs HTTPS");
    s.log_requests = !o->contains("quiet");
    s.client_ca = get(*o, "client-ca");
    s.id_card_ca = get(*o, "id-card-ca");
    s.config.public_url = get(*o, "public-url");
    if (!s.config.public_url.empty() && s.config.public_url.rfind("http://", 0) != 0 &&
        s.config.public_url.rfind("https://", 0) != 0)
        return usage_error("--public-url must start with http:// or https://");
    struct Num {
        const char* name;
        long long lo, hi;
        std::function<void(long long)> set;
    };
    const Num nums[] = {
        {"threads", 4, 4096, [&](long long v) { s.threads = static_cast<int>(v); }},
        {"max-body", 1024, 1LL << 30, [&](long long v) { s.max_body_bytes = static_cast<std::size_t>(v); }},
        {"gzip-level", 1, 9, [&](long long v) { s.gzip_level = static_cast<int>(v); }},
        {"session-ttl", 1, 3600, [&](long long v) { s.config.session_ttl_s = static_cast<int>(v); }},
        {"token-ttl", 1, 86400, [&](long long v) { s.config.token_ttl_s = static_cast<int>(v); }},
        {"share-ttl", 1, 86400, [&](long long v) { s.config.share_ttl_s = static_cast<int>(v); }},
    };
    for (const Num& n : nums) {
        if (!o->contains(n.name)) continue;
        auto v = number(get(*o, n.name), n.lo, n.hi);
        if (!v)
            return usage_error(std::string("--") + n.name + " must be " + std::to_string(n.lo) + ".." +
                               std::to_string(n.hi));
        n.set(*v);
    }
    return run_server(std::move(s));
}

int run_load(std::span<char* const> args) {
    if (args.empty() || std::string_view(args[0]).starts_with("--"))
        return usage_error("load needs FILE.ndjson first");
    const std::string file = args[0];
    constexpr std::string_view k_allowed[] = {"db", "pki", "threads"};
    constexpr std::string_view k_flags[] = {"sign"};
    auto o = parse_options(args.subspan(1), k_allowed, k_flags);
    if (!o) return usage_error(o.error());
    const std::string db_path = get(*o, "db");
    if (db_path.empty()) return usage_error("load needs --db PATH");
    LoadOptions options;
    options.sign = o->contains("sign");
    if (options.sign) {
        if (!o->contains("pki")) return usage_error("--sign needs --pki DIR (the test CA)");
        auto ca = pki::load_ca(get(*o, "pki"));
        if (!ca) return failed(ca.error());
        options.ca = *ca;
    }
    if (o->contains("threads")) {
        auto t = number(get(*o, "threads"), 1, 256);
        if (!t) return usage_error("--threads must be 1..256");
        options.threads = static_cast<int>(*t);
    }
    std::FILE* in = file == "-" ? stdin : std::fopen(file.c_str(), "rb");
    if (!in) {
        std::fprintf(stderr, "registry: cannot open %s: %s\n", file.c_str(), std::strerror(errno));
        return k_exit_io;
    }
    auto db = Database::open(db_path);
    if (!db) {
        if (in != stdin) std::fclose(in);
        return failed(db.error());
    }
    const auto started = std::chrono::steady_clock::now();
    auto stats = load_ndjson(**db, in, options);
    if (in != stdin) std::fclose(in);
    if (!stats) return failed(stats.error());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (const std::string& e : stats->errors)
        std::fprintf(stderr, "registry: rejected %s\n", e.c_str());
    std::printf(
        "%llu lines: %llu published, %llu unchanged, %llu rejected, %llu signed; head %lld; %.2f s (%.0f "
        "records/s)\n",
        static_cast<unsigned long long>(stats->lines), static_cast<unsigned long long>(stats->published),
        static_cast<unsigned long long>(stats->unchanged), static_cast<unsigned long long>(stats->rejected),
        static_cast<unsigned long long>(stats->signed_now), static_cast<long long>(stats->head), seconds,
        seconds > 0 ? static_cast<double>(stats->lines) / seconds : 0.0);
    return k_exit_ok;
}

// Runs fn(conn) in a write transaction of the database at --db.
template <typename F> int with_db(const std::string& path, F&& fn) {
    auto db = Database::open(path);
    if (!db) return failed(db.error());
    auto tx = (*db)->write();
    if (!tx) return failed(tx.error());
    if (Status ok = fn(tx->conn()); !ok) return failed(ok.error());
    if (Status ok = tx->commit(); !ok) return failed(ok.error());
    return k_exit_ok;
}

int run_account(std::span<char* const> args) {
    if (args.empty() || std::string_view(args[0]) != "add") return usage_error("account needs: add");
    constexpr std::string_view k_allowed[] = {"db",   "phone",      "user-id",    "fin",  "surname",
                                              "name", "patronymic", "birth-date", "pin1", "pin2"};
    auto o = parse_options(args.subspan(1), k_allowed);
    if (!o) return usage_error(o.error());
    for (std::string_view required : {"db", "phone", "user-id", "fin", "surname", "name"})
        if (!o->contains(required)) return usage_error("account add needs --" + std::string(required));
    mobile_id::Account a{get(*o, "phone"), get(*o, "user-id"),    get(*o, "fin"),       get(*o, "surname"),
                         get(*o, "name"),  get(*o, "patronymic"), get(*o, "birth-date")};
    const int rc = with_db(get(*o, "db"), [&](Connection& c) {
        return mobile_id::add_account(c, a, get(*o, "pin1", "1111"), get(*o, "pin2", "22222"));
    });
    if (rc == k_exit_ok) std::printf("account added: %s\n", a.phone.c_str());
    return rc;
}

int run_employer_add(std::span<char* const> args) {
    constexpr std::string_view k_allowed[] = {"db", "voen", "sun", "name", "address", "head-fin"};
    auto o = parse_options(args, k_allowed);
    if (!o) return usage_error(o.error());
    for (std::string_view required : k_allowed)
        if (!o->contains(required)) return usage_error("employer add needs --" + std::string(required));
    nlohmann::json e = {{"voen", get(*o, "voen")},
                        {"sun", get(*o, "sun")},
                        {"name", get(*o, "name")},
                        {"legal_address", get(*o, "address")}};
    const int rc = with_db(get(*o, "db"), [&](Connection& c) -> Status {
        REGISTRY_TRY(employer::seed_references(c));
        return employer::add_employer(c, e, get(*o, "head-fin"));
    });
    if (rc == k_exit_ok) std::printf("employer added: %s\n", get(*o, "voen").c_str());
    return rc;
}

int run_kiosks(std::span<char* const> args) {
    constexpr std::string_view k_allowed[] = {"db"};
    constexpr std::string_view k_flags[] = {"json"};
    auto o = parse_options(args, k_allowed, k_flags);
    if (!o) return usage_error(o.error());
    if (!o->contains("db")) return usage_error("kiosks needs --db PATH");
    auto db = Database::open(get(*o, "db"));
    if (!db) return failed(db.error());
    auto lease = (*db)->read();
    if (!lease) return failed(lease.error());
    auto s = lease->conn().stmt(
        "SELECT kiosk_id, first_at, last_at, count, version, body FROM heartbeat ORDER BY kiosk_id");
    if (!s) return failed(s.error());
    nlohmann::json all = nlohmann::json::array();
    for (;;) {
        auto row = (*s)->step();
        if (!row) return failed(to_error(row.error()));
        if (!*row) break;
        nlohmann::json body = nlohmann::json::parse((*s)->column_text(5), nullptr, false);
        all.push_back({{"kiosk_id", (*s)->column_text(0)},
                       {"first_at", (*s)->column_text(1)},
                       {"last_at", (*s)->column_text(2)},
                       {"heartbeats", (*s)->column_int(3)},
                       {"version", (*s)->column_text(4)},
                       {"devices", body.value("devices", nlohmann::json::object())},
                       {"sync", body.value("sync", nlohmann::json::object())}});
    }
    (*s)->reset();
    if (o->contains("json")) {
        std::printf("%s\n", all.dump(2).c_str());
    } else {
        for (const auto& k : all)
            std::printf("%-24s last %s  %lld heartbeats  version %s\n",
                        k["kiosk_id"].get<std::string>().c_str(), k["last_at"].get<std::string>().c_str(),
                        static_cast<long long>(k["heartbeats"].get<std::int64_t>()),
                        k["version"].get<std::string>().c_str());
    }
    return k_exit_ok;
}

int run_events(std::span<char* const> args) {
    constexpr std::string_view k_allowed[] = {"db", "kiosk", "limit"};
    constexpr std::string_view k_flags[] = {"json"};
    auto o = parse_options(args, k_allowed, k_flags);
    if (!o) return usage_error(o.error());
    if (!o->contains("db")) return usage_error("events needs --db PATH");
    auto limit = number(get(*o, "limit", "100"), 1, 1000000);
    if (!limit) return usage_error("--limit must be 1..1000000");
    auto db = Database::open(get(*o, "db"));
    if (!db) return failed(db.error());
    auto lease = (*db)->read();
    if (!lease) return failed(lease.error());
    auto s = lease->conn().stmt(
        "SELECT id, kiosk_id, at, type, chain_ok, received_at, body FROM event WHERE ?1 = '' OR "
        "kiosk_id = ?1 ORDER BY rowid DESC LIMIT ?2");
    if (!s) return failed(s.error());
    const std::string kiosk = get(*o, "kiosk");
    (*s)->bind(1, kiosk);
    (*s)->bind(2, static_cast<std::int64_t>(*limit));
    nlohmann::json all = nlohmann::json::array();
    for (;;) {
        auto row = (*s)->step();
        if (!row) return failed(to_error(row.error()));
        if (!*row) break;
        all.push_back({{"id", (*s)->column_text(0)},
                       {"kiosk_id", (*s)->column_text(1)},
                       {"at", (*s)->column_text(2)},
                       {"type", (*s)->column_text(3)},
                       {"chain_ok", (*s)->column_int(4) != 0},
                       {"received_at", (*s)->column_text(5)},
                       {"event", nlohmann::json::parse((*s)->column_text(6), nullptr, false)}});
    }
    (*s)->reset();
    if (o->contains("json")) {
        std::printf("%s\n", all.dump(2).c_str());
    } else {
        for (const auto& e : all)
            std::printf("%s %-16s %-24s %s%s\n", e["at"].get<std::string>().c_str(),
                        e["kiosk_id"].get<std::string>().c_str(), e["type"].get<std::string>().c_str(),
                        e["id"].get<std::string>().c_str(),
                        e["chain_ok"].get<bool>() ? "" : " (hash chain broken)");
    }
    return k_exit_ok;
}

} // namespace

int run_serve_command(std::span<char* const> args) {
    return run_serve(args);
}
int run_load_command(std::span<char* const> args) {
    return run_load(args);
}
int run_account_command(std::span<char* const> args) {
    return run_account(args);
}
int run_employer_add_command(std::span<char* const> args) {
    return run_employer_add(args);
}
int run_kiosks_command(std::span<char* const> args) {
    return run_kiosks(args);
}
int run_events_command(std::span<char* const> args) {
    return run_events(args);
}
std::string_view serve_usage() {
    return k_usage;
}

} // namespace registry::cli
