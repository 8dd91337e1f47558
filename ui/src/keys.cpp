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
    for (const char* k : {"sim.card.citizen_employed", "sim.card.citizen_former", "sim.card.last_try",
                          "sim.card.blocked", "sim.card.untrusted", "sim.card.unreadable"})
        keys.emplace_back(k);
    return keys;
}

} // namespace ui
