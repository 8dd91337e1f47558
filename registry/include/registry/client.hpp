// A small HTTP(S) client for the registry's own tools (the CLI's employer and phone
// commands, the tests and the benchmark): cpp-httplib behind plain values.
#pragma once

#include "registry/error.hpp"

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace registry::http {

struct ClientOptions {
    std::string base_url;  // http://HOST:PORT or https://HOST:PORT
    std::string ca_file;   // verifies the server (https); empty: no verification
    std::string cert_file; // client certificate (mutual TLS), PEM
    std::string key_file;
    int timeout_s = 40; // read timeout: above the feed's 30 s long poll
    bool decompress = true;
    bool keep_alive = true;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Response {
    int status = 0;
    std::string body;
    std::multimap<std::string, std::string> headers; // names in lower case
    std::string header(const std::string& lower_name) const;
};

class Client {
  public:
    ~Client();
    // Errors: bad_url.
    [[nodiscard]] static Result<std::unique_ptr<Client>> open(const ClientOptions& options);

    // Errors: connection_failed (detail: the transport's reason), tls_failed.
    [[nodiscard]] Result<Response> get(const std::string& path, const Headers& headers = {});
    [[nodiscard]] Result<Response> post(const std::string& path, const std::string& body,
                                        const std::string& content_type = "application/json",
                                        const Headers& headers = {});
    [[nodiscard]] Result<Response> put(const std::string& path, const std::string& body,
                                       const Headers& headers = {});
    [[nodiscard]] Result<Response> del(const std::string& path, const Headers& headers = {});

  private:
    struct Impl;
    explicit Client(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace registry::http
