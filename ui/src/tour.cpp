// `kiosk tour`: every screen and state, in every language, headless, into PNG files
// (DIR/<lang>/NN-<state>.png). It drives the real program with the same script
// commands as the UI tests, on the simulated devices and the configured replica.
#include "kiosk/i18n.hpp"
#include "ui/app.hpp"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace ui {

int run_script_lines(const kiosk::KioskConfig& config, const RunOptions& options,
                     std::vector<std::string> lines);

namespace {

std::vector<std::string> tour_lines(const std::string& l) {
    int n = 0;
    auto shot = [&](const std::string& what) {
        char num[16];
        std::snprintf(num, sizeof num, "%02d", ++n);
        return "shot " + l + "/" + num + "-" + what;
    };
    const std::string lang = "tap lang." + l;
    return {
        "wait welcome",
        lang,
        "frames 2",
        shot("welcome"),
        "sim fault media_empty on",
        "frames 2",
        shot("welcome-printing-unavailable"),
        "sim fault media_empty off",
        "advance 50",
        "wait attract",
        "frames 2",
        shot("attract"),
        "tap attract.wake",
        "wait welcome",
        lang,
        "tap welcome.asan_imza",
        "wait asan_imza",
        shot("asan-imza"),
        "tap asan.back",
        "wait welcome",
        "sim panel on",
        "frames 2",
        shot("simulator-panel"),
        "sim panel off",
        // The citizen's journey; the language is chosen on the PIN screen this time.
        "sim insert 0",
        "wait reading_card",
        shot("reading-card"),
        "wait pin",
        lang,
        "tap pin.key.9",
        "tap pin.key.9",
        "tap pin.key.9",
        "tap pin.key.9",
        "tap pin.ok",
        "expect pin_message=pin.wrong",
        shot("pin-wrong"),
        "tap pin.key.1",
        "tap pin.key.2",
        "frames 2",
        shot("pin-typing"),
        "tap pin.key.3",
        "tap pin.key.4",
        "tap pin.ok",
        "wait notifications",
        "expect loading=0",
        "frames 3",
        shot("notifications"),
        "tap filter.employer",
        "frames 2",
        shot("filter-employer"),
        "tap filter.employer.1",
        "expect loading=0",
        "frames 2",
        shot("notifications-filtered"),
        "tap filter.from",
        "frames 2",
        shot("date-picker"),
        "tap filter.from.cancel",
        "tap filter.status",
        "frames 2",
        shot("filter-status"),
        "tap filter.status.0",
        "tap filter.clear",
        "tap tab.termination",
        "expect loading=0",
        "frames 3",
        shot("termination"),
        "tap filter.reason",
        "frames 2",
        shot("filter-reason"),
        "tap filter.reason.3",
        "expect loading=0",
        "frames 3",
        shot("termination-filtered"),
        "tap filter.clear",
        "tap tab.contracts",
        "expect loading=0",
        "tap row.0",
        "wait detail",
        "expect_has detail=",
        "frames 3",
        shot("detail"),
        "tap detail.print",
        "wait print_preview",
        "expect print_pages=2",
        "frames 2",
        shot("print-preview"),
        "tap print.continue",
        "wait print_confirm",
        "frames 2",
        shot("print-confirm"),
        "tap print.confirm",
        "wait printing",
        "frames 2",
        shot("printing"),
        "wait print_result 10000",
        "frames 2",
        shot("print-done"),
        "tap result.back",
        "wait detail",
        "sim fault media_jam on",
        "tap detail.print",
        "wait print_preview",
        "expect_not print_copy=1",
        "frames 2",
        shot("print-preview-copy"),
        "tap print.continue",
        "tap print.confirm",
        "expect print_state=held",
        "frames 2",
        shot("printer-fault"),
        "sim fault media_jam off",
        "wait print_result 10000",
        "advance 61",
        "frames 2",
        shot("idle-warning"),
        "advance 30",
        "wait take_card",
        "frames 2",
        shot("take-card"),
        "sim remove",
        "wait welcome",
        // Cards that cannot be used.
        "sim insert 3",
        "wait card_error",
        lang,
        "frames 2",
        shot("card-blocked"),
        "tap card_error.ok",
        "sim remove",
        "wait welcome",
        "sim insert 4",
        "wait card_error",
        lang,
        "frames 2",
        shot("card-untrusted"),
        "sim remove",
        "wait welcome",
        "sim insert 5",
        "wait card_error",
        lang,
        "frames 2",
        shot("card-unreadable"),
        "sim remove",
        "wait welcome",
        // Nothing to serve with.
        "sim reader off",
        "sim online off",
        "wait out_of_service",
        "frames 2",
        shot("out-of-service"),
        "sim reader on",
        "sim online on",
        "wait welcome",
    };
}

} // namespace

int run_tour(const kiosk::KioskConfig& base, const std::string& out_dir) {
    kiosk::KioskConfig config = base;
    config.width = 1920;
    config.height = 1080;
    config.window_mode = kiosk::WindowMode::Windowed;
    // Quick devices, but slow enough that "reading" and "printing" can be photographed.
    config.sim.read = std::chrono::milliseconds(300);
    config.sim.pin = std::chrono::milliseconds(50);
    config.sim.page = std::chrono::milliseconds(400);
    RunOptions options;
    options.headless = true;
    options.shots_dir = out_dir;
    std::vector<std::string> lines;
    for (const char* l : {"az", "ru", "en"}) {
        auto part = tour_lines(l);
        lines.insert(lines.end(), part.begin(), part.end());
    }
    lines.push_back("quit");
    int rc = run_script_lines(config, options, std::move(lines));
    if (rc == 0) std::printf("tour: screens written to %s/{az,ru,en}/\n", out_dir.c_str());
    return rc;
}

} // namespace ui
