// What a technician sees of a printer (kiosk::PrinterFacts): the HAL's state and reasons,
// the store's counters. Shared by the kiosk's print service and `kiosk diag`'s probe.
// Blocking (the printer is asked): call it off the UI thread.
#pragma once

#include "hal/printer.hpp"
#include "kiosk/store.hpp"
#include "kiosk/technician.hpp"

#include <string>

namespace ui {

inline kiosk::PrinterFacts printer_facts(hal::Printer& printer, kiosk::Store& store) {
    kiosk::PrinterFacts f;
    f.configured = true;
    f.device = printer.device_id();
    if (auto st = printer.status()) {
        f.state = std::string(hal::state_name(st->state));
        for (auto r : hal::reason_names(*st)) {
            std::string name(r);
            for (char& c : name)
                if (c == '-') c = '_';
            f.reasons.push_back(std::move(name));
        }
        f.message = st->message;
    } else {
        f.error = st.error().code;
    }
    if (auto counters = store.counters(f.device))
        for (const auto& c : *counters)
            f.counters.push_back({c.name, std::to_string(c.value)});
    return f;
}

} // namespace ui
