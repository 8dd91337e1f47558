#include "registry/client.hpp"

#include <algorithm>
#include <cctype>
#include <httplib.h>

namespace registry::http {

struct Client::Impl {
    std::unique_ptr<httplib::Client> client;
};

Client::Client(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Client::~Client() = default;

std::string Response::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

Result<std::unique_ptr<Client>> Client::open(const ClientOptions& o) {
    if (o.base_url.rfind("http://", 0) != 0 && o.base_url.rfind("https://", 0) != 0)
        return fail("bad_url", "the registry URL must start with http:// or https://");
    auto impl = std::make_unique<Impl>();
    impl->client = o.cert_file.empty()
                       ? std::make_unique<httplib::Client>(o.base_url)
                       : std::make_unique<httplib::Client>(o.base_url, o.cert_file, o.key_file);
    if (!impl->client->is_valid()) return fail("bad_url", "cannot use " + o.base_url);
    httplib::Client& c = *impl->client;
    if (o.base_url.rfind("https://", 0) == 0) {
        if (o.ca_file.empty()) {
            c.enable_server_certificate_verification(false);
        } else {
            c.set_ca_cert_path(o.ca_file);
            c.enable_server_certificate_verification(true);
        }
    }
    c.set_connection_timeout(10);
    c.set_read_timeout(o.timeout_s);
    c.set_write_timeout(o.timeout_s);
    c.set_keep_alive(o.keep_alive);
    c.set_decompress(o.decompress);
    return std::unique_ptr<Client>(new Client(std::move(impl)));
}

namespace {

httplib::Headers to_headers(const Headers& h) {
    httplib::Headers out;
    for (const auto& [k, v] : h)
        out.emplace(k, v);
    return out;
}

Result<Response> convert(httplib::Result&& r, httplib::Client& c) {
    if (!r) {
        std::string detail = httplib::to_string(r.error());
        if (r.error() == httplib::Error::SSLConnection ||
            r.error() == httplib::Error::SSLServerVerification) {
            detail += " (verify result " + std::to_string(c.get_openssl_verify_result()) + ")";
            return fail("tls_failed", detail);
        }
        return fail("connection_failed", detail);
    }
    Response out;
    out.status = r->status;
    out.body = std::move(r->body);
    for (const auto& [k, v] : r->headers) {
        std::string lower = k;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char ch) { return std::tolower(ch); });
        out.headers.emplace(std::move(lower), v);
    }
    return out;
}

} // namespace

Result<Response> Client::get(const std::string& path, const Headers& headers) {
    return convert(m_impl->client->Get(path, to_headers(headers)), *m_impl->client);
}

Result<Response> Client::post(const std::string& path, const std::string& body,
                              const std::string& content_type, const Headers& headers) {
    return convert(m_impl->client->Post(path, to_headers(headers), body, content_type), *m_impl->client);
}

Result<Response> Client::put(const std::string& path, const std::string& body, const Headers& headers) {
    return convert(m_impl->client->Put(path, to_headers(headers), body, "application/json"), *m_impl->client);
}

Result<Response> Client::del(const std::string& path, const Headers& headers) {
    return convert(m_impl->client->Delete(path, to_headers(headers)), *m_impl->client);
}

} // namespace registry::http
