// The registry's own tables follow the records it publishes: employers (for their
// heads) and notifications (for the register, numbers and verification codes).
#pragma once

#include "registry/db.hpp"
#include "registry/error.hpp"
#include "registry/feed.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace registry::records {

bool known_entity(std::string_view entity);

// The fields the registry relies on, per entity. Errors: invalid_record (detail names the field).
[[nodiscard]] Status check(std::string_view entity, const nlohmann::json& data);

// Updates the employer / notification tables for a record about to be published.
// Errors: duplicate_number (another notification has this number), store_error.
[[nodiscard]] Status index(Connection& c, std::string_view entity, std::string_view id, Op op,
                           const nlohmann::json& data);

// check + index + publish, in the caller's write transaction.
[[nodiscard]] Result<Published> put(Connection& c, std::string_view entity, std::string_view id,
                                    const nlohmann::json& data);

// "XXXXXXXX" (printer/verification.hpp's code without its dash).
std::string verify_code(std::string_view id, std::string_view number);

} // namespace registry::records
