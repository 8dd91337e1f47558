#include "api_common.hpp"

#include <charconv>

namespace registry {

ApiResponse json_response(int status, const nlohmann::json& body) {
    ApiResponse r;
    r.status = status;
    r.body = body.dump();
    return r;
}

ApiResponse error_response(int status, std::string_view code, std::string_view message) {
    nlohmann::json body = {{"error", {{"code", code}, {"message", message}}}};
    return json_response(status, body);
}

ApiResponse error_response(const Error& e) {
    struct Known {
        std::string_view code;
        int status;
        std::string_view message;
    };
    static constexpr Known k_known[] = {
        {"bad_request", 400, ""},
        {"invalid_record", 400, ""},
        {"unknown_user", 404, ""},
        {"unauthenticated", 401, ""},
        {"role_not_selected", 403, ""},
        {"no_such_role", 403, ""},
        {"not_head", 403, ""},
        {"not_authorised", 403, ""},
        {"authorisation_expired", 403, ""},
        {"employer_not_found", 404, ""},
        {"contract_not_found", 404, ""},
        {"notification_not_found", 404, ""},
        {"authorisation_not_found", 404, ""},
        {"session_not_found", 404, ""},
        {"contract_not_in_force", 409, ""},
        {"already_signed", 409, ""},
        {"not_signed", 409, ""},
        {"duplicate_number", 409, ""},
        {"store_busy", 503, "the registry is busy, try again"},
        {"schema_too_new", 500, "the registry's database is newer than this program"},
    };
    for (const Known& k : k_known)
        if (e.code == k.code)
            return error_response(k.status, e.code, k.message.empty() ? e.detail : k.message);
    // Store and internal failures: the detail goes to the log, not to the client.
    std::fprintf(stderr, "registry: internal error %s: %s\n", e.code.c_str(), e.detail.c_str());
    return error_response(500, "internal_error", "the registry could not complete the request");
}

namespace api {

std::expected<json, ApiResponse> body_object(const ApiRequest& r) {
    if (!r.content_type.empty() && r.content_type.rfind("application/json", 0) != 0)
        return std::unexpected(
            error_response(415, "unsupported_media_type", "the body must be application/json"));
    json body = json::parse(r.body, nullptr, false);
    if (body.is_discarded()) return std::unexpected(bad_request("the body is not valid JSON"));
    if (!body.is_object()) return std::unexpected(bad_request("the body must be a JSON object"));
    return body;
}

std::optional<std::string> text(const json& o, const char* key, std::size_t max_bytes) {
    auto it = o.find(key);
    if (it == o.end() || !it->is_string()) return std::nullopt;
    const std::string& s = it->get_ref<const std::string&>();
    if (!valid_text(s, max_bytes)) return std::nullopt;
    return s;
}

std::optional<std::int64_t> query_int(const ApiRequest& r, std::string_view name, std::int64_t fallback,
                                      std::int64_t lo, std::int64_t hi) {
    auto it = r.query.find(name);
    if (it == r.query.end()) return fallback;
    const std::string& s = it->second;
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < lo || v > hi) return std::nullopt;
    return v;
}

ApiResponse bad_request(std::string_view message) {
    return error_response(400, "bad_request", message);
}

ApiResponse not_found(std::string_view code, std::string_view message) {
    return error_response(404, code, message);
}

} // namespace api
} // namespace registry
