// `registry serve`: the HTTP(S) server over the route table (api.hpp). The only
// place that knows cpp-httplib (src/server.cpp).
//
// HTTPS by default: the server certificate DIR/server.pem + DIR/server.key (issued
// from the CA in DIR when missing), client certificates verified against the CA
// (DIR/ca.pem, or client_ca). A presented certificate that does not verify ends the
// handshake; kiosk routes need one (the kiosk id is its CN) unless
// require_client_cert makes every connection present one. Plain HTTP only with
// insecure_http (development: the kiosk id then comes from the X-Kiosk-Id header).
#pragma once

#include "registry/api.hpp"

#include <cstddef>
#include <string>

namespace registry {

struct ServerOptions {
    std::string db_path;
    std::string host = "127.0.0.1";
    int port = 8443;        // 0: any free port (printed on stdout)
    std::string pki_dir;    // ca.pem, ca.key, server.pem, server.key
    std::string client_ca;  // default pki_dir/ca.pem
    std::string id_card_ca; // default pki_dir/ca.pem
    bool insecure_http = false;
    bool require_client_cert = false;
    int threads = 128;                     // connections served at once (long polls hold one each)
    std::size_t max_body_bytes = 1u << 20; // request bodies
    int gzip_level = 1;                    // 1 (fast) .. 9 (small)
    bool log_requests = true;
    Config config; // public_url is derived from host:port when empty
};

// Runs until SIGTERM or SIGINT, then finishes the requests in flight and returns the
// exit status (0 after a clean stop, 1 when the server cannot start). Prints
// "listening on URL" on stdout once it accepts connections.
int run_server(ServerOptions options);

} // namespace registry
