// The employer side of seed 000 as rules over the database: tokens and roles
// [000 §2.4-2.5], powers of attorney [000 §2.7-2.9], notifications entered and
// edited [000 §3.2-3.3], the register [000 §3.4] and signing [000 §3.5-3.8].
//
// Rules: only a representative with a power of attorney of the employer whose term
// includes today may enter, edit or sign (the head too, once they authorised
// themself [000 §2.7]); only the head authorises and revokes; a signed notification
// is never edited; amendments and terminations need a contract in force.
#pragma once

#include "mobile_id.hpp"
#include "notifications.hpp"
#include "registry/api.hpp"
#include "registry/db.hpp"
#include "registry/signing.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace registry::employer {

// Who calls the employer API: from a bearer token.
struct Actor {
    std::string fin, name, phone, user_id;
    std::string role; // the chosen employer (VÖEN), empty before [000 §2.5]
};

// A new bearer token for a confirmed login session. Errors: store_error.
[[nodiscard]] Result<std::string> issue_token(Connection& w, const mobile_id::Session& s, int ttl_s);
// Errors: unauthenticated (unknown or expired token), store_error.
[[nodiscard]] Result<Actor> actor(Connection& c, const std::optional<std::string>& bearer);
// Errors: no_such_role, store_error.
[[nodiscard]] Status choose_role(Connection& w, const std::string& token, const Actor& a,
                                 const std::string& voen);
// The employers the person may act for: [{"voen","name","as": "head"|"representative"}].
[[nodiscard]] Result<nlohmann::json> roles(Connection& c, const std::string& fin);

// Errors: role_not_selected (the token's role is another employer), not_head.
[[nodiscard]] Status require_head(Connection& c, const Actor& a, const std::string& voen);
// Errors: role_not_selected, not_authorised (no power of attorney), authorisation_expired
// (its term ended, or has not begun), store_error.
[[nodiscard]] Status require_authorised(Connection& c, const Actor& a, const std::string& voen);

[[nodiscard]] Result<nlohmann::json> authorisations(Connection& c, const std::string& voen);
// Grants (or replaces) the power of attorney of input.fin. Errors: bad_request, store_error.
[[nodiscard]] Result<nlohmann::json> authorise(Connection& w, const Actor& head, const std::string& voen,
                                               const nlohmann::json& input);
// Errors: authorisation_not_found, store_error.
[[nodiscard]] Result<nlohmann::json> revoke(Connection& w, const Actor& head, const std::string& voen,
                                            const std::string& fin);

// Errors: bad_request, employer_not_found, contract_not_found, contract_not_in_force, store_error.
[[nodiscard]] Result<notifications::Row> enter(Connection& w, const Actor& a, const std::string& voen,
                                               const nlohmann::json& input);
// Errors: as enter, and already_signed.
[[nodiscard]] Result<notifications::Row> edit(Connection& w, const Actor& a, const notifications::Row& row,
                                              const nlohmann::json& input);
// Whether the notification may be signed now. Errors: already_signed, contract_not_in_force.
[[nodiscard]] Status check_signable(Connection& c, const notifications::Row& row);
// Signs and publishes (at PIN2 on the phone). Errors: as require_authorised and check_signable,
// crypto_error, store_error.
[[nodiscard]] Result<notifications::Row> sign(Connection& w, SignerDirectory& signers, const Actor& signer,
                                              const std::string& id);

// The register [000 §3.4]: filters status, kind; newest first.
[[nodiscard]] Result<nlohmann::json> register_list(Connection& c, const std::string& voen,
                                                   const ApiRequest& r);

// The API's view of a notification: its data without internals, plus id and entry details.
nlohmann::json view(const notifications::Row& row);

// Publishes the reference lists of the generator when the registry has none (a fresh
// registry still offers termination reasons and labels). Errors: store_error.
[[nodiscard]] Status seed_references(Connection& w);

// Adds an employer with its head (registry employer add). Errors: bad_request, store_error.
[[nodiscard]] Status add_employer(Connection& w, const nlohmann::json& employer, const std::string& head_fin);

} // namespace registry::employer
