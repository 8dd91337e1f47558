// The kiosk program: an SDL2 window with Dear ImGui on the SDL renderer (software),
// the citizen's session (kiosk/session.hpp) and the screens over it. The only
// public entry points: `kiosk run` and `kiosk tour` (kiosk/cli/ui.cpp).
#pragma once

#include "kiosk/config.hpp"

#include <string>

namespace ui {

struct RunOptions {
    // Test hook: a script of injected touch/mouse events, simulator actions and
    // assertions (ui/src/script.hpp documents the commands). Empty: none.
    std::string script;
    std::string shots_dir;     // where the script's `shot` writes PNGs ("" = current directory)
    std::string state_out;     // on exit, write the session's state dump here (tests)
    bool headless = false;     // SDL's offscreen video driver: no display needed
    bool print_timing = false; // print start-to-first-frame and frame times to stderr (benchmarks)
    std::string version = "0"; // the software version (technician mode, diagnostics)
    // Only the out-of-service screen, with no store and no device: what systemd starts when
    // the kiosk keeps crashing (packaging/systemd/kiosk-out-of-service.service).
    bool out_of_service_only = false;
};

// Exit status when a technician stopped the kiosk for maintenance (the service manager should
// not restart it: systemd RestartPreventExitStatus=4).
inline constexpr int k_exit_maintenance = 4;

// Runs the kiosk until SIGTERM / window close (or the script's end).
// Returns 0, 1 when the store or a device cannot be used at start, 3 when a script assertion failed,
// 4 (k_exit_maintenance) when a technician stopped the kiosk.
int run_kiosk(const kiosk::KioskConfig& config, const RunOptions& options);

// Renders every screen and state in every language into DIR/<lang>/NN-<screen>.png, headless.
int run_tour(const kiosk::KioskConfig& config, const std::string& out_dir);

} // namespace ui

#include <vector>
namespace ui {
// Translation keys the UI builds at run time ("month.<n>", "printer.reason.<name>", ...):
// with the literal tr("...") keys of ui/src they must all exist in az, ru and en (tests/ui).
std::vector<std::string> dynamic_translation_keys();
} // namespace ui
