// The kiosk's one configuration file (TOML, read with toml++): store, devices,
// language, timeouts, kiosk id and window. Every key is optional except the store;
// unknown keys are errors (a typo must not silently fall back to a default).
//
//   kiosk_id = "ASAN-BAKI-01"
//   language = "az"                     # az | ru | en: the default each session starts in
//   [store]
//   path = "kiosk.db"                   # relative paths are relative to this file
//   [devices]
//   card_reader = "sim"                 # sim | pcsc | sim:CARD_DIR[,...] (the HAL's scripted cards)
//   card_ca = "ca.pem"                  # the ID-card CA (required unless card_reader = "sim")
//   printer = "sim"                     # sim | dir:PATH | ipp://HOST[:PORT]/PATH | ipps://...
//   spool_dir = "spool"                 # documents while their print job lives (default: beside the store)
//   online = true                       # simulated link to the registry (until sync/ lands)
//   [simulator]
//   read_ms = 350                       # card inserted -> identity read
//   pin_ms = 250                        # VERIFY
//   page_ms = 1200                      # one printed page
//   [timeouts]
//   idle_warning_s = 60
//   idle_end_s = 90
//   attract_after_s = 45
//   take_card_s = 20
//   [window]
//   mode = "windowed"                   # windowed | fullscreen
//   width = 1920
//   height = 1080
//   display_on = "07:30"                # the display's daily schedule (local time): dark outside it
//   display_off = "20:00"               # while nobody uses the kiosk; both or neither
#pragma once

#include "kiosk/error.hpp"
#include "kiosk/session.hpp"
#include "kiosk/simulator.hpp"

#include <string>
#include <string_view>

namespace kiosk {

enum class WindowMode { Windowed, Fullscreen };

// When the display is lit (PRODUCT §2.1): always, or daily from `on` to `off` (minutes after
// local midnight; `off` before `on` spans midnight).
struct DisplaySchedule {
    int on = -1, off = -1; // -1: always on
    bool always_on() const { return on < 0; }
    bool lit_at(int minute_of_day) const {
        if (always_on()) return true;
        return on < off ? (minute_of_day >= on && minute_of_day < off)
                        : (minute_of_day >= on || minute_of_day < off);
    }
};

struct KioskConfig {
    std::string source; // the file it came from (for messages)
    std::string kiosk_id = "kiosk";
    Lang language = k_default_lang;
    std::string store_path;          // absolute, or relative to the working directory
    std::string card_reader = "sim"; // "sim": the simulator; "pcsc" or "sim:..." the card reader HAL
    std::string card_ca;             // absolute after parsing
    std::string printer = "sim";     // "sim": the simulator; otherwise a printer URI for the print queue
    std::string spool_dir;           // absolute after parsing
    bool online = true;
    SimTiming sim;
    std::chrono::milliseconds idle_warning{60'000}, idle_end{90'000}, attract_after{45'000},
        take_card{20'000};
    WindowMode window_mode = WindowMode::Windowed;
    int width = 1920, height = 1080;
    DisplaySchedule display;

    bool simulated() const { return card_reader == "sim" || printer == "sim"; }
    SessionConfig session() const;
};

// Errors: config_unreadable, config_invalid (detail: "FILE:LINE:COL: what").
[[nodiscard]] Result<KioskConfig> load_config(const std::string& path);
// The same from text; relative paths resolve against `base_dir`.
[[nodiscard]] Result<KioskConfig> parse_config(std::string_view text, const std::string& source,
                                               const std::string& base_dir);

} // namespace kiosk
