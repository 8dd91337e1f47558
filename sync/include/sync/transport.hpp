// HTTPS to the central registry over libcurl (the only place libcurl is used):
// mutual TLS with the kiosk's client certificate, the registry's CA pinned (no
// system trust store), gzip, connect and read timeouts, the proxy from the
// configuration (never from the environment). One Transport per thread; it keeps
// its connection alive between requests.
//
// Every failure is classified by its error code (translation key error.<code>):
//   net_dns        the registry's (or the proxy's) name does not resolve
//   net_connect    no TCP connection (refused, unreachable, connect timeout)
//   net_tls        TLS failed: server certificate not from the pinned CA or wrong name,
//                  our client certificate refused, handshake error
//   net_timeout    connected, but the answer stalled beyond the read timeout
//   net_truncated  the connection dropped mid-answer (short body, reset)
//   http_status    an HTTP error status; detail "HTTP 503 <error.code>: <message>"
//   malformed_body the answer is not what the protocol says (bad gzip, bad JSON, too large)
//   transport_config  the client certificate, key or CA file cannot be used
//
// Version 1.
#pragma once

#include "kiosk/error.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace kiosk::sync {

struct TransportConfig {
    std::string base_url;  // "https://registry.example:8443" (no trailing slash needed)
    std::string ca_file;   // PEM: the only CA trusted for the registry's server certificate
    std::string cert_file; // PEM: the kiosk's client certificate (CN = kiosk id)
    std::string key_file;  // PEM: its private key
    std::string proxy;     // "" = no proxy; "http://host:3128", "socks5://..."
    std::chrono::milliseconds connect_timeout{5'000};
    std::chrono::milliseconds read_timeout{20'000}; // nothing received for this long = net_timeout
    bool gzip = true;
    std::size_t max_body = 256u << 20; // larger answers are malformed_body
    std::string user_agent = "emek-kiosk";
};

struct Response {
    long status = 0;
    std::string body; // decompressed; followed by spare capacity for simdjson's padding
    std::uint64_t wire_bytes = 0; // as transferred (compressed)
};

// Error codes of transport failures, for callers that branch on the class.
bool is_network_error(const Error& e); // net_* (the registry could not be reached or answered nothing usable)

class Transport {
  public:
    // Errors: transport_config (a file missing or unreadable; the URL is not http(s)).
    [[nodiscard]] static Result<std::unique_ptr<Transport>> open(const TransportConfig& config);
    ~Transport();
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;

    // GET base_url + target ("/api/v1/changes?since=..."). `server_wait` is how long the
    // server may legitimately stay silent (a long poll); the read timeout counts after it.
    // Statuses >= 400 are http_status errors.
    [[nodiscard]] Result<Response> get(std::string_view target,
                                       std::chrono::milliseconds server_wait = std::chrono::milliseconds(0));
    // POST a JSON body. Statuses >= 400 are http_status errors.
    [[nodiscard]] Result<Response> post_json(std::string_view target, std::string_view json);

    const TransportConfig& config() const { return m_config; }
    // Interrupts a request in progress from another thread (it fails with net_cancelled).
    void cancel();

  private:
    struct Impl;
    explicit Transport(std::unique_ptr<Impl> impl, TransportConfig config);
    [[nodiscard]] Result<Response> perform(std::string_view method, std::string_view target,
                                           std::string_view body, std::chrono::milliseconds server_wait);
    std::unique_ptr<Impl> m_impl;
    TransportConfig m_config;
};

// "HTTP 500 internal: ..." from an error body of the protocol ({"error": {"code", "message"}}).
std::string describe_http_error(long status, std::string_view body);

} // namespace kiosk::sync
