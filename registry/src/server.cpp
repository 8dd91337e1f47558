// The registry's HTTP(S) server: cpp-httplib (Debian's libcpp-httplib 0.11, built
// with OpenSSL, zlib and brotli) bound to the route table. cpp-httplib stays in this file.
//
// Sections: 1. TLS context  2. request -> ApiRequest  3. responses (gzip, errors)
//           4. dispatch  5. run_server (signals, feed watcher, shutdown)
#include "registry/server.hpp"

#include "employer.hpp"
#include "registry/common.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <regex>
#include <thread>
#include <zlib.h>

namespace registry {
namespace {

// --- 1. TLS context ------------------------------------------------------------

struct TlsFiles {
    std::string cert, key, client_ca;
};

bool setup_tls(SSL_CTX& ctx, const TlsFiles& files, bool require_client_cert) {
    SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(&ctx,
                        SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    if (SSL_CTX_use_certificate_chain_file(&ctx, files.cert.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(&ctx, files.key.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(&ctx) != 1)
        return false;
    if (SSL_CTX_load_verify_locations(&ctx, files.client_ca.c_str(), nullptr) != 1) return false;
    STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(files.client_ca.c_str());
    if (!names) return false;
    SSL_CTX_set_client_CA_list(&ctx, names);
    // A certificate that is presented must verify (else the handshake fails); whether one
    // is needed at all is decided per route, unless every connection must present one.
    SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER | (require_client_cert ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0),
                       nullptr);
    SSL_CTX_set_verify_depth(&ctx, 4);
    // cpp-httplib leaves Nagle on for accepted connections: a response written as headers
    // then body waited ~40 ms for the client's delayed ACK over TLS. Off at the handshake.
    SSL_CTX_set_info_callback(&ctx, [](const SSL* ssl, int where, int) {
        if (where & SSL_CB_HANDSHAKE_START) {
            const int one = 1;
            ::setsockopt(SSL_get_fd(ssl), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
    });
    const unsigned char context_id[] = "emek-registry";
    SSL_CTX_set_session_id_context(&ctx, context_id, sizeof context_id - 1);
    return true;
}

bool kiosk_id_ok(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (std::size_t i = 0; i < id.size(); ++i) {
        const char c = id[i];
        const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (!alnum && (i == 0 || (c != '-' && c != '_' && c != '.'))) return false;
    }
    return true;
}

// The kiosk id of a verified client certificate: its CN. ID-card certificates (with a
// serialNumber, the FIN) are people, not kiosks.
std::optional<std::string> peer_kiosk(const httplib::Request& req) {
    if (!req.ssl) return std::nullopt;
    SSL* ssl = const_cast<SSL*>(req.ssl);
    X509* cert = SSL_get1_peer_certificate(ssl);
    if (!cert) return std::nullopt;
    std::optional<std::string> out;
    if (SSL_get_verify_result(ssl) == X509_V_OK) {
        X509_NAME* name = X509_get_subject_name(cert);
        char cn[128] = {};
        if (X509_NAME_get_index_by_NID(name, NID_serialNumber, -1) < 0 &&
            X509_NAME_get_text_by_NID(name, NID_commonName, cn, sizeof cn) > 0 && kiosk_id_ok(cn))
            out = cn;
    }
    X509_free(cert);
    return out;
}

// --- 2. request -> ApiRequest -----------------------------------------------------

ApiRequest to_api(const httplib::Request& req, const std::smatch& match, std::optional<std::string> kiosk) {
    ApiRequest r;
    r.method = req.method;
    r.path = req.path;
    for (std::size_t i = 1; i < match.size(); ++i)
        r.params.push_back(match[i].str());
    for (const auto& [k, v] : req.params)
        r.query.emplace(k, v); // the first value of each
    r.body = req.body;
    r.content_type = req.get_header_value("Content-Type");
    r.accept_language = req.get_header_value("Accept-Language");
    r.kiosk_id = std::move(kiosk);
    const std::string auth = req.get_header_value("Authorization");
    if (auth.rfind("Bearer ", 0) == 0) r.bearer = auth.substr(7);
    return r;
}

// --- 3. responses --------------------------------------------------------------------

bool accepts_gzip(const httplib::Request& req) {
    const std::string accept = req.get_header_value("Accept-Encoding");
    for (std::size_t at = accept.find("gzip"); at != std::string::npos; at = accept.find("gzip", at + 4)) {
        std::size_t end = accept.find(',', at);
        const std::string item = accept.substr(at, end == std::string::npos ? std::string::npos : end - at);
        if (item.find("q=0") == std::string::npos || item.find("q=0.") != std::string::npos) return true;
    }
    return false;
}

std::optional<std::string> gzip(std::string_view in, int level) {
    z_stream z{};
    if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
    std::string out(deflateBound(&z, static_cast<uLong>(in.size())) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) return std::nullopt;
    return out;
}

// cpp-httplib 0.11's set_content copies its string: large bodies (feed pages of many MB)
// are handed over without a copy through a content provider that owns them.
void set_body(httplib::Response& res, std::string&& body, const std::string& content_type) {
    if (body.size() < (64u << 10)) {
        res.set_content(body, content_type);
        return;
    }
    auto owned = std::make_shared<std::string>(std::move(body));
    res.set_content_provider(owned->size(), content_type,
                             [owned](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                 return sink.write(owned->data() + offset, length);
                             });
}

void send(const httplib::Request& req, httplib::Response& res, ApiResponse&& api, int gzip_level) {
    res.status = api.status;
    for (auto& [k, v] : api.headers)
        res.set_header(k, v);
    if (api.status == 204) return;
    // JSON is compressed here (cpp-httplib leaves "application/json; charset=utf-8" alone);
    // HTML (text/*) is left to cpp-httplib's own compression.
    const bool json = api.content_type.rfind("application/json", 0) == 0;
    if (json && api.compressible && api.body.size() >= 1024 && accepts_gzip(req)) {
        if (auto packed = gzip(api.body, gzip_level)) {
            res.set_header("Content-Encoding", "gzip");
            res.set_header("Vary", "Accept-Encoding");
            set_body(res, std::move(*packed), api.content_type);
            return;
        }
    }
    set_body(res, std::move(api.body), api.content_type);
}

std::string_view error_code_for(int status) {
    switch (status) {
    case 400:
        return "bad_request";
    case 404:
        return "not_found";
    case 405:
        return "method_not_allowed";
    case 408:
        return "request_timeout";
    case 413:
        return "payload_too_large";
    case 414:
        return "uri_too_long";
    case 415:
        return "unsupported_media_type";
    case 416:
        return "range_not_satisfiable";
    case 501:
        return "not_implemented";
    default:
        return status >= 500 ? "internal_error" : "bad_request";
    }
}

// --- 4. dispatch -------------------------------------------------------------------

struct CompiledRoute {
    const Route* route;
    std::regex pattern;
};

class Dispatcher {
  public:
    Dispatcher(std::vector<Route> routes, const ServerOptions& options)
        : m_routes(std::move(routes)), m_options(options) {
        for (const Route& r : m_routes)
            m_compiled.push_back({&r, std::regex(r.pattern, std::regex::ECMAScript | std::regex::optimize)});
    }

    void operator()(const httplib::Request& req, httplib::Response& res) {
        const auto started = std::chrono::steady_clock::now();
        std::string name = "(unknown)";
        std::optional<std::string> kiosk;
        ApiResponse out = dispatch(req, name, kiosk);
        const int status = out.status;
        send(req, res, std::move(out), m_options.gzip_level);
        if (m_options.log_requests) {
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - started);
            // Route names only: paths carry tokens, FINs and codes.
            std::fprintf(stderr, "registry: %s %d %lld ms%s%s\n", name.c_str(), status,
                         static_cast<long long>(ms.count()), kiosk ? " kiosk=" : "",
                         kiosk ? kiosk->c_str() : "");
        }
    }

  private:
    ApiResponse dispatch(const httplib::Request& req, std::string& name, std::optional<std::string>& kiosk) {
        bool path_known = false;
        const std::string method = req.method == "HEAD" ? "GET" : req.method;
        for (const CompiledRoute& c : m_compiled) {
            std::smatch match;
            if (!std::regex_match(req.path, match, c.pattern)) continue;
            path_known = true;
            if (c.route->method != method) continue;
            name = c.route->name;
            if (m_options.insecure_http) {
                const std::string header = req.get_header_value("X-Kiosk-Id");
                if (kiosk_id_ok(header)) kiosk = header;
            } else {
                kiosk = peer_kiosk(req);
            }
            if (c.route->access == Access::Kiosk && !kiosk)
                return error_response(
                    401, "client_certificate_required",
                    m_options.insecure_http
                        ? "development mode: send the kiosk id in X-Kiosk-Id"
                        : "the kiosk API needs the kiosk's client certificate (mutual TLS)");
            ApiRequest api = to_api(req, match, kiosk);
            if (c.route->access == Access::Public) api.kiosk_id.reset();
            return c.route->handler(api);
        }
        name = req.method + " (no route)";
        if (path_known)
            return error_response(405, "method_not_allowed", "this path does not take " + req.method);
        return error_response(404, "not_found", "no such endpoint");
    }

    std::vector<Route> m_routes;
    std::vector<CompiledRoute> m_compiled;
    const ServerOptions& m_options;
};

// --- 5. run_server ----------------------------------------------------------------

Status ensure_server_certificate(const ServerOptions& o) {
    const std::string pem = o.pki_dir + "/server.pem", key = o.pki_dir + "/server.key";
    if (std::filesystem::exists(pem) && std::filesystem::exists(key)) return {};
    auto ca = pki::load_ca(o.pki_dir);
    if (!ca) return std::unexpected(ca.error());
    auto k = pki::generate_key();
    if (!k) return std::unexpected(k.error());
    pki::CertificateRequest request;
    request.profile = pki::Profile::TlsServer;
    request.subject.common_name = "emek-kiosk reference registry";
    request.dns_names = {"localhost", "127.0.0.1", "::1"};
    if (o.host != "localhost" && o.host != "127.0.0.1" && o.host != "::1" && o.host != "0.0.0.0")
        request.dns_names.push_back(o.host);
    request.not_before = now_s() - 3600;
    request.not_after = now_s() + 825 * 86400LL;
    auto cert = pki::issue_certificate(*ca, *k, request);
    if (!cert) return std::unexpected(cert.error());
    REGISTRY_TRY(pki::write_file(key, *k, 0600));
    REGISTRY_TRY(pki::write_file(pem, *cert, 0644));
    std::fprintf(stderr, "registry: issued the server certificate %s\n", pem.c_str());
    return {};
}

} // namespace

int run_server(ServerOptions o) {
    // Signals go to one thread that waits for them; every thread created below inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    auto db = Database::open(o.db_path);
    if (!db) {
        std::fprintf(stderr, "registry: cannot open %s: %s: %s\n", o.db_path.c_str(), db.error().code.c_str(),
                     db.error().detail.c_str());
        return 1;
    }
    auto ca = pki::load_ca(o.pki_dir);
    if (!ca) {
        std::fprintf(stderr, "registry: the test CA in %s: %s: %s\n", o.pki_dir.c_str(),
                     ca.error().code.c_str(), ca.error().detail.c_str());
        return 1;
    }
    {
        auto tx = (*db)->write();
        Status seeded = tx ? employer::seed_references(tx->conn()) : std::unexpected(tx.error());
        if (seeded) seeded = tx->commit();
        if (!seeded) {
            std::fprintf(stderr, "registry: %s: %s\n", seeded.error().code.c_str(),
                         seeded.error().detail.c_str());
            return 1;
        }
    }
    if (o.client_ca.empty()) o.client_ca = o.pki_dir + "/ca.pem";
    if (o.id_card_ca.empty()) o.id_card_ca = o.pki_dir + "/ca.pem";
    auto id_card_ca = pki::read_file(o.id_card_ca);
    if (!id_card_ca) {
        std::fprintf(stderr, "registry: cannot read the ID-card CA %s\n", o.id_card_ca.c_str());
        return 1;
    }
    o.config.id_card_ca_pem = *id_card_ca;

    std::unique_ptr<httplib::Server> server;
    if (o.insecure_http) {
        server = std::make_unique<httplib::Server>();
    } else {
        if (auto ok = ensure_server_certificate(o); !ok) {
            std::fprintf(stderr, "registry: server certificate: %s: %s\n", ok.error().code.c_str(),
                         ok.error().detail.c_str());
            return 1;
        }
        const TlsFiles files{o.pki_dir + "/server.pem", o.pki_dir + "/server.key", o.client_ca};
        const bool require = o.require_client_cert;
        server = std::make_unique<httplib::SSLServer>(
            [files, require](SSL_CTX& ctx) { return setup_tls(ctx, files, require); });
        if (!server->is_valid()) {
            std::fprintf(stderr, "registry: TLS setup failed: check %s/server.pem, server.key and %s\n",
                         o.pki_dir.c_str(), o.client_ca.c_str());
            return 1;
        }
    }

    const int port =
        o.port == 0 ? server->bind_to_any_port(o.host) : (server->bind_to_port(o.host, o.port) ? o.port : -1);
    if (port <= 0) {
        std::fprintf(stderr, "registry: cannot listen on %s:%d\n", o.host.c_str(), o.port);
        return 1;
    }
    const std::string host_in_url = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
    const std::string base =
        std::string(o.insecure_http ? "http" : "https") + "://" + host_in_url + ":" + std::to_string(port);
    if (o.config.public_url.empty()) o.config.public_url = base;

    FeedNotifier notifier;
    SignerDirectory signers(*ca);
    OPENSSL_cleanse(ca->key_pem.data(), ca->key_pem.size());
    Services services{**db, notifier, signers, o.config};
    KioskApi kiosk(services);
    PhoneApi phone(services);
    EmployerApi employer_api(services);
    PublicPages pages(services);
    Dispatcher dispatcher(routes(kiosk, phone, employer_api, pages), o);

    const int threads = o.threads;
    server->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    server->set_payload_max_length(o.max_body_bytes);
    server->set_keep_alive_max_count(1000);
    // An idle kept-alive connection holds its worker (and a graceful stop) this long: a kiosk
    // sends its next long poll or page at once, so 3 s keeps connections reused and SIGTERM quick.
    server->set_keep_alive_timeout(3);
    server->set_read_timeout(10);
    server->set_write_timeout(30);
    server->set_tcp_nodelay(true);
    auto handler = [&dispatcher](const httplib::Request& req, httplib::Response& res) {
        dispatcher(req, res);
    };
    server->Get(".*", handler)
        .Post(".*", handler)
        .Put(".*", handler)
        .Delete(".*", handler)
        .Patch(".*", handler);
    server->Options(".*", handler);
    server->set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return; // our own errors carry their body already
        const std::string_view code = error_code_for(res.status);
        ApiResponse e = error_response(res.status, code, "the request was refused: " + std::string(code));
        res.set_content(e.body, e.content_type);
    });
    server->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "registry: exception in a handler: %s\n", e.what());
        } catch (...) {
            std::fprintf(stderr, "registry: unknown exception in a handler\n");
        }
        ApiResponse e = error_response(500, "internal_error", "the registry could not complete the request");
        res.status = 500;
        res.set_content(e.body, e.content_type);
    });

    // The head as other processes (registry load, employer add) move it.
    std::atomic<bool> stopping = false;
    if (auto lease = (*db)->read())
        if (auto head = feed_head(lease->conn())) notifier.advanced(*head);
    std::thread watcher([&] {
        while (!stopping) {
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
            if (auto lease = (*db)->read())
                if (auto head = feed_head(lease->conn())) notifier.advanced(*head);
        }
    });
    std::thread signal_thread([&] {
        int sig = 0;
        sigwait(&signals, &sig);
        if (sig == SIGTERM || sig == SIGINT) {
            std::fprintf(stderr, "registry: signal %d: finishing the requests in flight\n", sig);
            notifier.shutdown();
            server->stop();
        }
    });

    std::printf("listening on %s\n", base.c_str());
    std::fflush(stdout);
    std::fprintf(stderr, "registry: listening on %s (%s, %d threads, db %s)\n", base.c_str(),
                 o.insecure_http ? "plain HTTP: development only"
                                 : "HTTPS, client certificates from the test CA",
                 threads, o.db_path.c_str());
    const bool ok = server->listen_after_bind();
    // listen_after_bind returns once stop() closed the socket and the workers finished.
    stopping = true;
    if (signal_thread.joinable()) {
        // Ended without a signal (the listener failed): wake the signal thread ourselves.
        if (!notifier.stopping()) pthread_kill(signal_thread.native_handle(), SIGTERM);
        signal_thread.join();
    }
    watcher.join();
    std::fprintf(stderr, "registry: stopped\n");
    return ok || notifier.stopping() ? 0 : 1;
}

} // namespace registry
