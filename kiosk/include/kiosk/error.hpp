// Errors as values: a stable code (a translation key and a diagnostics tag)
// and a detail for logs. The detail never carries personal data.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace kiosk {

struct Error {
    std::string code;   // stable, snake_case; "error.<code>" is its translation key
    std::string detail; // for logs and technicians; never a FIN, name or PIN

    Error() = default;
    Error(std::string c, std::string d = {}) : code(std::move(c)), detail(std::move(d)) {}
};

template <typename T> using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(std::string code, std::string detail = {}) {
    return std::unexpected(Error{std::move(code), std::move(detail)});
}

} // namespace kiosk

// Propagate an error early: `KIOSK_TRY(store.exec(sql));`
#define KIOSK_TRY(expr)                                                                                     \
    do {                                                                                                    \
        auto&& kiosk_try_result_ = (expr);                                                                  \
        if (!kiosk_try_result_) return std::unexpected(std::move(kiosk_try_result_).error());               \
    } while (0)
