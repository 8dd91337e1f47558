// What the registry hands out for a notification [000 §3.9, 001 §2.4.2]: the
// notification form as PDF (printer/, libharu) and the signed document (edoc), a
// ZIP container (libzip):
//   mimetype               "application/vnd.emek-kiosk.edoc+zip", first and stored
//   notification.json      the canonical JSON of `document`: the bytes the signature covers
//   notification.pdf       the notification form
//   META-INF/signature.p7s the detached CMS signature (DER)
#pragma once

#include "kiosk/i18n.hpp"
#include "kiosk/notification.hpp"
#include "notifications.hpp"
#include "registry/db.hpp"
#include "registry/error.hpp"

#include <string>

namespace registry::edoc {

inline constexpr std::string_view k_mimetype = "application/vnd.emek-kiosk.edoc+zip";

// Everything the forms show, from the registry's records. Errors: store_error.
[[nodiscard]] Result<kiosk::NotificationDetail> detail(Connection& c, const notifications::Row& row,
                                                       kiosk::Lang lang);

// The notification form. Errors: document_failed, store_error.
[[nodiscard]] Result<std::string> pdf(Connection& c, const notifications::Row& row, kiosk::Lang lang,
                                      const std::string& verify_base_url);

// The edoc of a signed notification. Errors: not_signed, zip_failed, document_failed, store_error.
[[nodiscard]] Result<std::string> container(Connection& c, const notifications::Row& row,
                                            const std::string& verify_base_url);

// "B-2024-0000001.edoc" / ".pdf": the number, safe as a file name.
std::string file_name(const notifications::Row& row, std::string_view extension);

} // namespace registry::edoc
