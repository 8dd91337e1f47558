// The printed documents (PRODUCT §4): for each notification kind the
// notification form and the registration information form (seed 001 §2.4.3-2.4.4,
// Şəkil 5-10), the diagnostics report and the printer test page. A4 PDFs with
// Noto Sans embedded; labels in the chosen language; every page numbered and
// carrying the print date/time and the kiosk id; citizen documents carry a QR
// code and a short verification code (verification.hpp).
#pragma once

#include "kiosk/error.hpp"
#include "kiosk/i18n.hpp"
#include "kiosk/notification.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace printer {

using kiosk::Lang;
using kiosk::Result;

enum class DocumentKind { Notification, Registration, TestPage, Diagnostics };

// "notification" | "registration" | "test_page" | "diagnostics".
std::string_view document_name(DocumentKind kind);
std::optional<DocumentKind> parse_document(std::string_view name);
// Notification and Registration: they carry personal data, a QR code and a verification code.
bool is_citizen_document(DocumentKind kind);

// The registry's base URL for verification links until the configuration gives one.
inline constexpr std::string_view k_default_verify_base_url = "http://127.0.0.1:8080";

struct RenderContext {
    Lang lang = kiosk::k_default_lang;
    std::string kiosk_id = "kiosk";
    std::string verify_base_url = std::string(k_default_verify_base_url);
    std::chrono::system_clock::time_point printed_at = std::chrono::system_clock::now();
    int copy_number = 1; // > 1: every page is marked "COPY n" (in the document's language)
};

struct Document {
    std::string pdf; // the file's bytes
    int pages = 0;
    std::string verification_code; // citizen documents only
};

// The notification form of the notification's kind. Errors: document_failed.
[[nodiscard]] Result<Document> render_notification(const kiosk::NotificationDetail& n, const RenderContext& ctx);
// The registration information form of the notification's kind. Errors: document_failed.
[[nodiscard]] Result<Document> render_registration(const kiosk::NotificationDetail& n, const RenderContext& ctx);

struct TestPageInfo {
    std::string printer;  // device id
    std::string version;  // software version
};
[[nodiscard]] Result<Document> render_test_page(const TestPageInfo& info, const RenderContext& ctx);

// A technician's report: sections of label / value lines, labels as translation keys. No personal data.
struct DiagnosticsReport {
    struct Item {
        std::string label_key; // a key of the translation table, or a literal (counter names)
        std::string value;
    };
    struct Section {
        std::string title_key;
        std::vector<Item> items;
    };
    std::vector<Section> sections;
};
[[nodiscard]] Result<Document> render_diagnostics(const DiagnosticsReport& report, const RenderContext& ctx);

// Display forms used on the documents: "2016-03-01" -> "01.03.2016";
// "2016-03-01T11:42:10+04:00" -> "01.03.2016 11:42"; anything else unchanged.
std::string display_date(std::string_view iso);
std::string display_instant(std::string_view rfc3339);

} // namespace printer
