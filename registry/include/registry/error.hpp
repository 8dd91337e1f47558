// Errors as values for the reference registry: a stable snake_case code and a
// detail for logs (never a PIN, a FIN or a private key).
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace registry {

struct Error {
    std::string code;
    std::string detail;

    Error() = default;
    Error(std::string c, std::string d = {}) : code(std::move(c)), detail(std::move(d)) {}
};

template <typename T> using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(std::string code, std::string detail = {}) {
    return std::unexpected(Error{std::move(code), std::move(detail)});
}

// Any error with a code and a detail (kiosk::Error from the shared SQLite helpers) as ours.
template <typename E> Error to_error(E&& e) {
    return Error{std::move(e.code), std::move(e.detail)};
}

} // namespace registry

// Propagate an error early: `REGISTRY_TRY(db.exec(sql));`
#define REGISTRY_TRY(expr)                                                                                   \
    do {                                                                                                     \
        auto&& registry_try_result_ = (expr);                                                                \
        if (!registry_try_result_)                                                                           \
            return std::unexpected(::registry::to_error(std::move(registry_try_result_).error()));           \
    } while (0)
