// Format checks for identifiers and dates of the data model (PRODUCT §3, PROTOCOL.md).
#pragma once

#include <string_view>

namespace kiosk {

// FIN: 7 characters of [0-9A-Z] without I and O.
bool is_valid_fin(std::string_view s);
// VÖEN (taxpayer id): 10 digits.
bool is_valid_voen(std::string_view s);
// SUN (insurer's registration number): 10 digits.
bool is_valid_sun(std::string_view s);
// Calendar date YYYY-MM-DD (real day of a real month, years 1900-2100).
bool is_valid_date(std::string_view s);
// RFC 3339 instant with seconds and an explicit offset: 2024-03-01T10:22:00+04:00 or ...Z.
bool is_valid_instant(std::string_view s);
// Well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);

} // namespace kiosk
