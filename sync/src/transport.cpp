#include "sync/transport.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <mutex>

namespace kiosk::sync {
namespace {

constexpr std::size_t k_padding = 64; // >= SIMDJSON_PADDING: answers are parsed in place

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool tls_code(CURLcode c) {
    switch (c) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
        return true;
    default:
        return false;
    }
}

bool mentions_tls(std::string_view text) {
    for (std::string_view w : {"SSL", "TLS", "alert", "certificate"})
        if (text.find(w) != std::string_view::npos) return true;
    return false;
}

} // namespace

bool is_network_error(const Error& e) { return e.code.starts_with("net_"); }

std::string describe_http_error(long status, std::string_view body) {
    std::string out = "HTTP " + std::to_string(status);
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_object() && j.contains("error") && j["error"].is_object()) {
        const auto& e = j["error"];
        if (e.contains("code") && e["code"].is_string()) out += " " + e["code"].get<std::string>();
        if (e.contains("message") && e["message"].is_string()) {
            std::string m = e["message"].get<std::string>();
            if (m.size() > 200) m.resize(200);
            out += ": " + m;
        }
    }
    return out;
}

struct Transport::Impl {
    CURL* curl = nullptr;
    char errbuf[CURL_ERROR_SIZE] = {};
    std::string body;
    std::size_t max_body = 0;
    bool too_large = false;
    std::atomic<bool> cancelled{false};
    ~Impl() {
        if (curl) curl_easy_cleanup(curl);
    }

    static size_t on_data(char* data, size_t size, size_t n, void* self) {
        auto* impl = static_cast<Impl*>(self);
        const size_t bytes = size * n;
        if (impl->body.size() + bytes > impl->max_body) {
            impl->too_large = true;
            return 0; // aborts the transfer
        }
        if (impl->body.capacity() < impl->body.size() + bytes + k_padding)
            impl->body.reserve(std::max(impl->body.capacity() * 2, impl->body.size() + bytes + k_padding));
        impl->body.append(data, bytes);
        return bytes;
    }
    static int on_progress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
        return static_cast<Impl*>(self)->cancelled.load() ? 1 : 0;
    }
};

Transport::Transport(std::unique_ptr<Impl> impl, TransportConfig config)
    : m_impl(std::move(impl)), m_config(std::move(config)) {}
Transport::~Transport() = default;

Result<std::unique_ptr<Transport>> Transport::open(const TransportConfig& config) {
    global_init();
    if (!config.base_url.starts_with("https://") && !config.base_url.starts_with("http://"))
        return fail("transport_config", "the registry URL must start with https:// (or http:// in development)");
    const bool https = config.base_url.starts_with("https://");
    for (const auto& [what, path] : {std::pair{"CA", &config.ca_file}, std::pair{"client certificate", &config.cert_file},
                                     std::pair{"client key", &config.key_file}}) {
        if (!https && path->empty()) continue;
        std::error_code ec;
        if (path->empty() || !std::filesystem::is_regular_file(*path, ec))
            return fail("transport_config", std::string(what) + " file not found: " + *path);
        if (FILE* f = std::fopen(path->c_str(), "rb"))
            std::fclose(f);
        else
            return fail("transport_config", std::string(what) + " file unreadable: " + *path);
    }
    auto impl = std::make_unique<Impl>();
    impl->curl = curl_easy_init();
    if (!impl->curl) return fail("transport_config", "curl_easy_init failed");
    impl->max_body = config.max_body;
    CURL* c = impl->curl;
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, impl->errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Impl::on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, impl.get());
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &Impl::on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, impl.get());
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, config.user_agent.c_str());
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    // The proxy is the configuration's alone: "" disables any proxy from the environment.
    curl_easy_setopt(c, CURLOPT_PROXY, config.proxy.c_str());
    if (config.gzip) curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
    if (https) {
        // Pinned: the registry's CA and nothing else (no system store).
        curl_easy_setopt(c, CURLOPT_CAINFO, config.ca_file.c_str());
        curl_easy_setopt(c, CURLOPT_CAPATH, nullptr);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
        curl_easy_setopt(c, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
        curl_easy_setopt(c, CURLOPT_SSLCERT, config.cert_file.c_str());
        curl_easy_setopt(c, CURLOPT_SSLCERTTYPE, "PEM");
        curl_easy_setopt(c, CURLOPT_SSLKEY, config.key_file.c_str());
        curl_easy_setopt(c, CURLOPT_SSLKEYTYPE, "PEM");
    }
    return std::unique_ptr<Transport>(new Transport(std::move(impl), config));
}

void Transport::cancel() { m_impl->cancelled = true; }

Result<Response> Transport::get(std::string_view target, std::chrono::milliseconds server_wait) {
    return perform("GET", target, {}, server_wait);
}

Result<Response> Transport::post_json(std::string_view target, std::string_view json) {
    return perform("POST", target, json, std::chrono::milliseconds(0));
}

Result<Response> Transport::perform(std::string_view method, std::string_view target, std::string_view body,
                                    std::chrono::milliseconds server_wait) {
    Impl& impl = *m_impl;
    CURL* c = impl.curl;
    if (impl.cancelled) return fail("net_cancelled", "stopped");
    std::string url = m_config.base_url;
    while (url.ends_with('/')) url.pop_back();
    url += target;
    impl.body.clear();
    impl.too_large = false;
    impl.errbuf[0] = 0;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    struct curl_slist* headers = nullptr;
    if (method == "POST") {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        headers = curl_slist_append(headers, "Content-Type: application/json");
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    headers = curl_slist_append(headers, "Accept: application/json");
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    // Read timeout: the transfer may be silent for the long poll, then for read_timeout;
    // a trickle slower than 1 byte/s over that long counts as stalled too.
    const auto silent = server_wait + m_config.read_timeout;
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>((silent.count() + 999) / 1000));
    // An upper bound for the whole exchange, however it trickles.
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(m_config.connect_timeout.count() + silent.count() + 120'000));

    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(headers);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);

    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    std::string detail = std::string(method) + " " + std::string(target.substr(0, target.find('?'))) + ": ";
    detail += impl.errbuf[0] ? impl.errbuf : curl_easy_strerror(rc);
    if (rc != CURLE_OK) detail += " (curl " + std::to_string(static_cast<int>(rc)) + ")";
    if (rc != CURLE_OK) {
        if (impl.cancelled) return fail("net_cancelled", "stopped");
        if (impl.too_large) return fail("malformed_body", detail + " (answer larger than the limit)");
        switch (rc) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            return fail("net_dns", detail);
        case CURLE_COULDNT_CONNECT:
            return fail("net_connect", detail);
        case CURLE_OPERATION_TIMEDOUT: {
            curl_off_t connected = 0;
            curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connected);
            return fail(connected == 0 ? "net_connect" : "net_timeout", detail);
        }
        case CURLE_BAD_CONTENT_ENCODING:
        case CURLE_WEIRD_SERVER_REPLY:
        case CURLE_FILESIZE_EXCEEDED:
        case CURLE_RANGE_ERROR:
        case CURLE_HTTP2:
            return fail("malformed_body", detail);
        case CURLE_PARTIAL_FILE:
        case CURLE_GOT_NOTHING:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
            // TLS 1.3 reports a refused client certificate only after the handshake: on the
            // first read (an alert), or as a connection closed before any answer.
            if (status == 0 && m_config.base_url.starts_with("https://")) {
                long connects = 0, header_bytes = 0;
                curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &connects);
                curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &header_bytes);
                if (mentions_tls(impl.errbuf) || (connects > 0 && header_bytes == 0))
                    return fail("net_tls", detail + "; closed right after the TLS handshake (client certificate refused?)");
            }
            return fail("net_truncated", detail);
        default:
            if (tls_code(rc)) return fail("net_tls", detail);
            return fail("net_error", detail);
        }
    }
    if (status >= 400) return fail("http_status", describe_http_error(status, impl.body));
    Response r;
    r.status = status;
    curl_off_t wire = 0;
    curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &wire);
    r.wire_bytes = static_cast<std::uint64_t>(wire);
    r.body = std::move(impl.body); // keeps the spare capacity on_data() reserved for the padding
    impl.body = std::string();
    if (r.body.capacity() < r.body.size() + k_padding) r.body.reserve(r.body.size() + k_padding);
    return r;
}

} // namespace kiosk::sync
