// Reading notifications with their current data: the draft of an entered one, or
// the newest published record.
#pragma once

#include "registry/db.hpp"
#include "registry/error.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace registry::notifications {

struct Row {
    std::string id, number, employer_voen, kind, status, date, contract_id, verify_code;
    std::string entered_by, entered_at, updated_at;
    bool draft = false;  // entered through the employer API and not yet published
    nlohmann::json data; // the record's data (PROTOCOL.md notification)
};

// Errors: store_error.
[[nodiscard]] Result<std::optional<Row>> by_id(Connection& c, const std::string& id);
// A verification code with or without its dash, any case, Crockford's look-alikes
// (I, L -> 1; O -> 0) accepted. Errors: store_error.
[[nodiscard]] Result<std::optional<Row>> by_code(Connection& c, std::string_view code);

// The newest published record data of another entity (employer, person, contract,
// reference "list/code"), or nothing. Errors: store_error.
[[nodiscard]] Result<std::optional<nlohmann::json>> record(Connection& c, std::string_view entity,
                                                           std::string_view id);

// "XXXXXXXX" from user input, or nothing when it cannot be a code.
std::optional<std::string> normalise_code(std::string_view code);

} // namespace registry::notifications
