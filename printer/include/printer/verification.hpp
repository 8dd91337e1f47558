// The verification code on citizen documents: short, typed by hand on the
// registry's verification page (`GET /verify/{code}`, PROTOCOL.md) or reached
// through the QR code, which holds the page's URL.
//
// code = the first 40 bits of SHA-256("emek-verify/v1\n" + notification id + "\n" + notification number),
// in Crockford base32 (0-9 A-Z without I L O U), 8 characters shown as XXXX-XXXX.
// The registry computes the same for each notification it holds and resolves a code to it; no secret
// is needed because the page shows only what the document itself shows.
//
// Version 1. Breaking changes:
//   v1: first version.
#pragma once

#include <string>
#include <string_view>

namespace printer {

inline constexpr int k_verification_version = 1;

// "XXXX-XXXX".
std::string verification_code(std::string_view notification_id, std::string_view number);
// BASE/verify/XXXXXXXX (the code without its dash; a trailing '/' of BASE is dropped).
std::string verification_url(std::string_view base_url, std::string_view code);

} // namespace printer
