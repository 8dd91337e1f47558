// How a kiosk proves which citizen asks for a share link (README, "Share links"):
//   {"type": "mobile_id", "session": S}: a citizen mobile-ID session this kiosk started,
//       confirmed with PIN1 at most Config::citizen_proof_s ago;
//   {"type": "id_card", "certificate": base64 DER, "at": instant, "signature": base64 DER}:
//       the card's certificate (chains to the ID-card CA; serialNumber = FIN) and its
//       INTERNAL AUTHENTICATE signature (ECDSA-SHA256) over the 32-byte challenge
//       SHA-256("emek-share/v1\n" + kiosk id + "\n" + notification id + "\n" + at),
//       `at` within Config::proof_skew_s of the registry's clock, each proof used once.
#pragma once

#include "registry/api.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace registry::proof {

// The challenge an ID card signs for a share request.
std::string share_challenge(std::string_view kiosk_id, std::string_view notification_id, std::string_view at);

// The proven FIN. Errors: bad_proof (malformed), proof_rejected (does not verify,
// unknown session, expired), proof_reused, store_error.
[[nodiscard]] Result<std::string> citizen(Connection& w, const Config& config, const std::string& kiosk_id,
                                          const std::string& notification_id, const nlohmann::json& proof);

} // namespace registry::proof
