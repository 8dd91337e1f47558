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
//   [registry]                          # the central registry (sync/); without it the link is simulated
//   url = "https://registry:8443"       # https (http only for development on 127.0.0.1)
//   ca = "registry-ca.pem"              # pinned: the only CA trusted for the registry's certificate
//   cert = "kiosk.pem"                  # the kiosk's client certificate (its CN is kiosk_id)
//   key = "kiosk.key"
//   signer_ca = "signer-ca.pem"         # the CA of document signers (default: ca)
//   proxy = ""                          # "http://proxy:3128"; "" = direct (the environment is ignored)
//   connect_timeout_s = 5
//   read_timeout_s = 20                 # an answer stalled this long fails (after the long poll)
//   long_poll_s = 25                    # how long the feed may wait for a change (<= 30)
//   page_size = 5000                    # changes per request (<= 10000)
//   gzip = true
//   backoff_min_ms = 1000               # first retry after a failure; doubles up to backoff_max_s
//   backoff_max_s = 60
//   heartbeat_s = 60
//   outbox_max = 100000                 # undelivered audit events kept at most
//   outbox_alarm = 10000                # undelivered audit events that raise the alarm
//   verify_in_background = true         # check every signature of the replica at low priority
#pragma once

#include "kiosk/error.hpp"
#include "kiosk/session.hpp"
#include "kiosk/simulator.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk {

enum class WindowMode { Windowed, Fullscreen };

// [registry]: the link to the central registry (sync/). Paths are absolute after parsing.
struct RegistryConfig {
    std::string url;
    std::string ca, cert, key, signer_ca;
    std::string proxy;
    int connect_timeout_s = 5;
    int read_timeout_s = 20;
    int long_poll_s = 25;
    int page_size = 5000;
    bool gzip = true;
    int backoff_min_ms = 1000;
    int backoff_max_s = 60;
    int heartbeat_s = 60;
    std::int64_t outbox_max = 100'000;
    std::int64_t outbox_alarm = 10'000;
    bool verify_in_background = true;
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
    std::optional<RegistryConfig> registry; // none: the simulated link of [devices] online

    bool simulated() const { return card_reader == "sim" || printer == "sim"; }
    SessionConfig session() const;
};

// Errors: config_unreadable, config_invalid (detail: "FILE:LINE:COL: what").
[[nodiscard]] Result<KioskConfig> load_config(const std::string& path);
// The same from text; relative paths resolve against `base_dir`.
[[nodiscard]] Result<KioskConfig> parse_config(std::string_view text, const std::string& source,
                                               const std::string& base_dir);

} // namespace kiosk
