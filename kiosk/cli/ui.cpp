// kiosk run / kiosk tour: the touch UI.
//   kiosk run --config FILE [--headless] [--script FILE] [--shots DIR] [--state-out FILE] [--timing]
//             [--out-of-service]
//   kiosk tour --config FILE --out DIR
#include "cli.hpp"
#include "kiosk/config.hpp"
#include "ui/app.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace kiosk::cli {
namespace {

int config_error(const Error& e) {
    std::fprintf(stderr, "kiosk: %s: %s\n",
                 e.code == "config_unreadable" ? "cannot read the configuration" : "bad configuration",
                 e.detail.c_str());
    return k_exit_unusable;
}

int cmd_run(int argc, char** argv) {
    Args args = Args::parse(argc, argv, 2, {"headless", "timing", "out-of-service"});
    if (!args.error.empty()) return usage_error(args.error);
    if (auto unknown = args.unknown_option(
            {"config", "headless", "script", "shots", "state-out", "timing", "out-of-service"}))
        return usage_error("unknown option --" + *unknown);
    if (!args.positional.empty()) return usage_error("unexpected argument " + args.positional[0]);
    auto path = args.get("config");
    if (!path) return usage_error("--config FILE is required");
    auto config = load_config(*path);
    if (!config && !args.has("out-of-service")) return config_error(config.error());
    if (!config) {
        // The crash-loop fallback shows its screen even when the configuration is what broke.
        config_error(config.error());
        config = kiosk::KioskConfig{};
        config->window_mode = kiosk::WindowMode::Fullscreen;
    }
    ui::RunOptions options;
    options.headless = args.has("headless");
    options.script = args.get("script").value_or("");
    options.shots_dir = args.get("shots").value_or("");
    options.state_out = args.get("state-out").value_or("");
    options.print_timing = args.has("timing");
#ifdef EMEK_VERSION
    options.version = EMEK_VERSION;
#endif
    options.out_of_service_only = args.has("out-of-service");
    const char* driver = std::getenv("SDL_VIDEODRIVER");
    bool offscreen = driver && (std::string(driver) == "offscreen" || std::string(driver) == "dummy");
    if (!options.headless && !offscreen && !std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY")) {
        std::fprintf(
            stderr,
            "kiosk: no display (neither DISPLAY nor WAYLAND_DISPLAY is set). Run it in a desktop session,\n"
            "       under a kiosk compositor (cage), with xvfb-run, or add --headless.\n");
        return k_exit_unusable;
    }
    return ui::run_kiosk(*config, options);
}

int cmd_tour(int argc, char** argv) {
    Args args = Args::parse(argc, argv, 2, {});
    if (!args.error.empty()) return usage_error(args.error);
    if (auto unknown = args.unknown_option({"config", "out"}))
        return usage_error("unknown option --" + *unknown);
    auto path = args.get("config");
    auto out = args.get("out");
    if (!path || !out) return usage_error("tour needs --config FILE and --out DIR");
    auto config = load_config(*path);
    if (!config) return config_error(config.error());
    std::error_code ec;
    std::filesystem::create_directories(*out, ec);
    if (ec) return store_error(Error{"bad_argument", *out + ": " + ec.message()}, config->language);
    return ui::run_tour(*config, *out);
}

} // namespace

KIOSK_CLI_COMMAND(
    "run",
    "  kiosk run --config FILE [--headless] [--script FILE --shots DIR --state-out FILE] [--timing]\n"
    "            [--out-of-service]\n"
    "      the touch UI (exit 3: a --script expectation failed); --out-of-service shows only the\n"
    "      out-of-service screen (systemd's fallback when the kiosk keeps crashing)\n",
    cmd_run);
KIOSK_CLI_COMMAND(
    "tour", "  kiosk tour --config FILE --out DIR\n      every screen and state in az, ru, en as PNG files\n",
    cmd_tour);

} // namespace kiosk::cli
