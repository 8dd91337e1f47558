#include "kiosk/devices.hpp"
#include "kiosk/session.hpp"
#include "ui/app.hpp"

namespace ui {

std::vector<std::string> dynamic_translation_keys() {
    std::vector<std::string> keys = kiosk::Session::translation_keys();
    for (int m = 1; m <= 12; ++m)
        keys.push_back("month." + std::to_string(m));
    for (int d = 1; d <= 7; ++d)
        keys.push_back("weekday." + std::to_string(d));
    for (kiosk::PrinterReason r : kiosk::k_all_printer_reasons) {
        keys.push_back("printer.reason." + std::string(kiosk::reason_name(r)));
        if (r != kiosk::PrinterReason::TonerLow)
            keys.push_back("print.fault." + std::string(kiosk::reason_name(r)));
    }
    for (const char* k : {"card.hint.card_blocked", "card.hint.card_untrusted", "card.hint.default"})
        keys.emplace_back(k);
    for (const char* k :
         {"sim.card.citizen_employed", "sim.card.citizen_former", "sim.card.last_try", "sim.card.blocked",
          "sim.card.untrusted", "sim.card.unreadable", "sim.card.staff", "sim.card.technician"})
        keys.emplace_back(k);
    // Technician mode: the pages of the navigation, the card test's steps; staff's queue columns.
    for (const char* p :
         {"dashboard", "printer", "card", "touch", "display", "network", "storage", "log", "config"})
        keys.push_back("tech.page." + std::string(p));
    for (const char* s : {"idle", "remove_own", "insert_test", "reading", "remove_test", "return_own"})
        keys.push_back("tech.card.step." + std::string(s));
    for (const char* c : {"job", "document", "state", "pages", "copy", "created", "reason"})
        keys.push_back("staff.queue.col." + std::string(c));
    // The printed diagnostics report (printer/diagnostics.cpp, report_document()).
    for (const char* k :
         {"diag.section.summary", "diag.field.generated_at", "diag.field.verdict", "diag.field.reason",
          "diag.field.warning", "error.job_canceled", "error.job_failed"})
        keys.emplace_back(k);
    return keys;
}

} // namespace ui
