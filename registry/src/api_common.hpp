// Helpers shared by the API services: JSON bodies, parameters, errors.
#pragma once

#include "registry/api.hpp"
#include "registry/common.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace registry::api {

using nlohmann::json;

// The body as a JSON object, or the 400/415 response to send.
std::expected<json, ApiResponse> body_object(const ApiRequest& r);

// A string member within limits, or nothing (missing, not a string, empty, too long,
// control characters).
std::optional<std::string> text(const json& o, const char* key, std::size_t max_bytes = 200);

// A whole number query parameter in [lo, hi]; `fallback` when absent; nothing when malformed.
std::optional<std::int64_t> query_int(const ApiRequest& r, std::string_view name, std::int64_t fallback,
                                      std::int64_t lo, std::int64_t hi);

ApiResponse bad_request(std::string_view message);
ApiResponse not_found(std::string_view code, std::string_view message);

// Runs `fn(WriteTx&)` -> Result<ApiResponse>; commits when it returns a 2xx response.
template <typename F> ApiResponse in_write(Services& s, F&& fn) {
    auto tx = s.db.write();
    if (!tx) return error_response(tx.error());
    Result<ApiResponse> out = fn(*tx);
    if (!out) return error_response(out.error());
    if ((out->status >= 200 && out->status < 300) || out->keep_writes) {
        if (auto ok = tx->commit(); !ok) return error_response(ok.error());
    }
    return std::move(*out);
}

// A refusal whose writes must still be committed (a wrong PIN counts).
inline ApiResponse keep_writes(ApiResponse r) {
    r.keep_writes = true;
    return r;
}

template <typename F> ApiResponse in_read(Services& s, F&& fn) {
    auto lease = s.db.read();
    if (!lease) return error_response(lease.error());
    Result<ApiResponse> out = fn(lease->conn());
    if (!out) return error_response(out.error());
    return std::move(*out);
}

} // namespace registry::api
