// Shared by the registry's services: time in Baku, random tokens, hashes, and the
// format checks of PROTOCOL.md and PRODUCT §3.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace registry {

// Azerbaijan keeps UTC+4 all year (no daylight saving since 2016).
inline constexpr int k_baku_offset_s = 4 * 3600;

// Unix seconds now.
std::int64_t now_s();
// RFC 3339 in Baku time: "2024-03-01T10:22:00+04:00".
std::string instant(std::int64_t unix_s);
// The calendar date in Baku: "2024-03-01".
std::string baku_date(std::int64_t unix_s);
// Unix seconds of an RFC 3339 instant with Z or a ±HH:MM offset; nothing when malformed.
std::optional<std::int64_t> parse_instant(std::string_view text);

// `bytes` random bytes (OpenSSL's CSPRNG) as base64url without padding.
std::string random_token(std::size_t bytes = 16);
// `n` random decimal digits.
std::string random_digits(int n);

std::string sha256_hex(std::string_view data);
std::string sha256_raw(std::string_view data);
std::string base64_encode(std::string_view bytes);               // standard alphabet, no line breaks
std::optional<std::string> base64_decode(std::string_view text); // standard alphabet, strict

// Formats (PRODUCT §3, PROTOCOL.md).
bool valid_fin(std::string_view fin);         // 7 of [0-9A-Z] without I and O
bool valid_voen(std::string_view voen);       // 10 digits
bool valid_date(std::string_view date);       // YYYY-MM-DD, a real calendar date
bool valid_phone(std::string_view phone);     // +994 and 9 digits
bool valid_user_id(std::string_view user_id); // Asan İmza user id: 6 digits
bool valid_uuid(std::string_view uuid);       // 8-4-4-4-12 hex digits
bool valid_amount(std::string_view amount);   // "950.00": digits, a point, two digits
// Non-empty UTF-8 without control characters, at most `max_bytes`.
bool valid_text(std::string_view text, std::size_t max_bytes);

} // namespace registry
