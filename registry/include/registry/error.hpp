// Errors as values for the reference registry: a stable snake_case code and a
// detail for logs (never a PIN or a private key).
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

} // namespace registry
