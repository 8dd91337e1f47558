// kiosk card: the card reader for technicians (hal/card_reader.hpp, hal/id_card.hpp).
//   kiosk card watch [--reader sim:...] [--count N] [--for S] [--json]
//   kiosk card read [--reader NAME|sim:...] [--ca FILE] [--pin-stdin] [--json] [--wait S] [--db PATH]
//   kiosk card health [--level internal|external|interactive] [--reader NAME|sim:...] [--ca FILE]
// The PIN is read without echo from the terminal (or one line of stdin with
// --pin-stdin), sent to the card only, wiped after use, never printed or logged.
#include "cli.hpp"
#include "hal/card_reader.hpp"
#include "hal/card_session.hpp"
#include "hal/id_card.hpp"
#include "kiosk/store.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <termios.h>
#include <unistd.h>

namespace kiosk::cli {
namespace {

using namespace std::chrono_literals;

constexpr int k_exit_not_trusted = 3;
constexpr const char* k_default_ca = "/etc/emek-kiosk/id-card-ca.pem";

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) {
    g_stop = true;
}

std::string tr_s(std::string_view key, Lang lang) {
    return std::string(tr(key, lang));
}

// The backend: a sim: spec selects the simulator; anything else is a PC/SC reader name.
Result<std::unique_ptr<hal::CardReader>> open_reader(const std::optional<std::string>& reader) {
    hal::CardReaderConfig config;
    if (reader && reader->starts_with("sim:")) config.backend = *reader;
    return hal::open_card_reader(config);
}

std::optional<double> parse_seconds(const std::string& s) {
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || !(v >= 0) || v > 86400) return std::nullopt;
    return v;
}

// The reader to use: the named one, or the first holding a card; waits up to
// `wait` for a card. Errors: no_card, reader_unavailable, reader_service_unavailable.
Result<std::string> pick_reader(hal::CardReader& reader, const std::optional<std::string>& wanted,
                                std::chrono::milliseconds wait) {
    const bool by_name = wanted && !wanted->starts_with("sim:");
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
        auto list = reader.readers();
        if (!list) return std::unexpected(list.error());
        bool named_seen = false;
        for (const auto& r : *list) {
            if (by_name && r.name != *wanted) continue;
            named_seen = true;
            if (r.card_present) return r.name;
        }
        if (by_name && !named_seen && wait == 0ms)
            return fail("reader_unavailable", "no reader named " + *wanted);
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline || g_stop) {
            if (by_name && !named_seen) return fail("reader_unavailable", "no reader named " + *wanted);
            return fail(list->empty() ? "no_reader" : "no_card", "no card in any reader");
        }
        // Insertions arrive as events; readers() above is the truth.
        (void)reader.wait_event(
            std::min(std::chrono::ceil<std::chrono::milliseconds>(deadline - now), 250ms));
    }
}

// One line from the terminal without echo, or from stdin with --pin-stdin.
std::optional<std::string> read_pin(bool from_stdin, Lang lang) {
    std::string pin;
    pin.reserve(64); // never reallocated: no stray copy of the PIN is left in freed memory
    char c = 0;
    if (from_stdin) { // unbuffered, so no stdio buffer keeps the PIN either
        ssize_t n = 0;
        while ((n = ::read(STDIN_FILENO, &c, 1)) == 1 && c != '\n' && pin.size() < 64)
            pin.push_back(c);
        OPENSSL_cleanse(&c, 1);
        if (pin.empty() && n != 1) return std::nullopt;
        if (!pin.empty() && pin.back() == '\r') pin.pop_back();
        return pin;
    }
    int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    termios saved{};
    const bool tty = ::tcgetattr(fd, &saved) == 0;
    if (tty) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    const std::string prompt = tr_s("card.enter_pin", lang) + ": ";
    (void)!::write(fd, prompt.data(), prompt.size());
    while (::read(fd, &c, 1) == 1 && c != '\n' && pin.size() < 64)
        pin.push_back(c);
    OPENSSL_cleanse(&c, 1);
    if (tty) ::tcsetattr(fd, TCSAFLUSH, &saved);
    (void)!::write(fd, "\n", 1);
    ::close(fd);
    return pin;
}

void print_result(bool json, Lang lang, const hal::Identity* id, bool trusted, const std::string& reason,
                  int tries_left) {
    if (json) {
        nlohmann::ordered_json out; // the order of the issue: fin, surname, name, patronymic, role, ...
        for (auto [key, value] :
             {std::pair{"fin", id ? &id->fin : nullptr}, std::pair{"surname", id ? &id->surname : nullptr},
              std::pair{"name", id ? &id->name : nullptr},
              std::pair{"patronymic", id ? &id->patronymic : nullptr}})
            out[key] = value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
        out["role"] = id ? nlohmann::json(std::string(hal::role_name(id->role))) : nlohmann::json(nullptr);
        out["trusted"] = trusted;
        out["reason"] = trusted ? nlohmann::json(nullptr) : nlohmann::json(reason);
        out["tries_left"] = tries_left >= 0 ? nlohmann::json(tries_left) : nlohmann::json(nullptr);
        std::printf("%s\n", out.dump().c_str());
        return;
    }
    if (id) {
        const std::pair<const char*, std::string> rows[] = {
            {"card.fin", id->fin},
            {"card.surname", id->surname},
            {"card.name", id->name},
            {"card.patronymic", id->patronymic},
            {"card.birth_date", id->birth_date},
            {"card.document", id->document_number},
            {"card.expiry", id->expiry},
            {"card.role", tr_s("role." + std::string(hal::role_name(id->role)), lang)}};
        for (const auto& [key, value] : rows)
            std::printf("%s: %s\n", tr_s(key, lang).c_str(), value.c_str());
    }
    if (trusted) {
        std::printf("%s\n", tr_s("card.trusted", lang).c_str());
    } else {
        std::printf("%s: %s (%s)\n", tr_s("card.untrusted", lang).c_str(), error_text(reason, lang).c_str(),
                    reason.c_str());
    }
    if (tries_left >= 0) std::printf("%s: %d\n", tr_s("card.tries_left", lang).c_str(), tries_left);
}

// --- read -----------------------------------------------------------------------

int cmd_read(int argc, char** argv) {
    Args args = Args::parse(argc, argv, 3, {"json", "pin-stdin"});
    if (!args.error.empty()) return usage_error(args.error);
    if (auto unknown = args.unknown_option({"reader", "ca", "pin-stdin", "json", "wait", "db", "lang"}))
        return usage_error("unknown option --" + *unknown);
    if (!args.positional.empty()) return usage_error("unexpected argument " + args.positional[0]);
    auto parsed_lang = args.lang();
    if (!parsed_lang) return usage_error("--lang must be az, ru or en");
    const Lang lang = *parsed_lang;
    const bool json = args.has("json");
    std::chrono::milliseconds wait = 0ms;
    if (auto w = args.get("wait")) {
        auto s = parse_seconds(*w);
        if (!s) return usage_error("--wait must be a number of seconds");
        wait = std::chrono::milliseconds(static_cast<long long>(*s * 1000));
    }
    const bool pin_stdin = args.has("pin-stdin");
    if (!pin_stdin && !isatty(STDIN_FILENO) && ::access("/dev/tty", R_OK) != 0)
        return usage_error("no terminal to ask the PIN on: use --pin-stdin");

    auto trust = hal::TrustStore::load_file(args.get("ca").value_or(k_default_ca));
    if (!trust) return store_error(trust.error(), lang);
    std::unique_ptr<Store> store;
    std::unique_ptr<hal::StoreCardCounters> counters;
    if (auto db = args.get("db")) {
        auto s = Store::open(*db);
        if (!s) return store_error(s.error(), lang);
        store = std::move(*s);
        counters = std::make_unique<hal::StoreCardCounters>(*store);
    }
    auto reader = open_reader(args.get("reader"));
    if (!reader) return usage_error(reader.error().detail);
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);

    auto not_trusted = [&](const Error& e, const hal::Identity* id, int tries) {
        print_result(json, lang, id, false, e.code, tries);
        return k_exit_not_trusted;
    };
    auto name = pick_reader(**reader, args.get("reader"), wait);
    if (!name) return not_trusted(name.error(), nullptr, -1);
    auto session = hal::CardSession::open(**reader, *name, {trust->get(), nullptr, counters.get()});
    if (!session) return not_trusted(session.error(), nullptr, -1);
    hal::CardSession& s = **session;
    if (!s.certificate_status()) return not_trusted(s.certificate_status().error(), &s.identity(), -1);

    auto pin = read_pin(pin_stdin, lang);
    if (!pin) return not_trusted(Error{"invalid_pin", "no PIN given"}, &s.identity(), -1);
    Status ok = s.authenticate(*pin); // wipes *pin
    if (!ok) return not_trusted(ok.error(), &s.identity(), s.tries_left());
    print_result(json, lang, &s.identity(), true, {}, s.tries_left());
    return k_exit_ok;
}

// --- watch ----------------------------------------------------------------------

int cmd_watch(int argc, char** argv) {
    Args args = Args::parse(argc, argv, 3, {"json"});
    if (!args.error.empty()) return usage_error(args.error);
    if (auto unknown = args.unknown_option({"reader", "count", "for", "json", "lang"}))
        return usage_error("unknown option --" + *unknown);
    auto parsed_lang = args.lang();
    if (!parsed_lang) return usage_error("--lang must be az, ru or en");
    std::optional<std::int64_t> count;
    if (auto c = args.get("count")) {
        count = parse_count(*c);
        if (!count || *count < 1) return usage_error("--count must be a positive number");
    }
    std::optional<std::chrono::steady_clock::time_point> until;
    if (auto f = args.get("for")) {
        auto s = parse_seconds(*f);
        if (!s) return usage_error("--for must be a number of seconds");
        until =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long long>(*s * 1000));
    }
    auto reader = open_reader(args.get("reader"));
    if (!reader) return usage_error(reader.error().detail);
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
    std::int64_t printed = 0;
    while (!g_stop && (!count || printed < *count) && (!until || std::chrono::steady_clock::now() < *until)) {
        auto e = (*reader)->wait_event(200ms);
        if (!e) continue;
        const std::string name(hal::event_name(e->kind));
        if (args.has("json")) {
            nlohmann::json out = {{"event", name}, {"reader", e->reader}};
            std::printf("%s\n", out.dump().c_str());
        } else {
            std::time_t t = std::time(nullptr);
            char stamp[32];
            std::strftime(stamp, sizeof stamp, "%H:%M:%S", std::localtime(&t));
            std::printf("%s %-20s %s%s%s\n", stamp, name.c_str(),
                        tr_s("card.event_" + name, *parsed_lang).c_str(), e->reader.empty() ? "" : ": ",
                        e->reader.c_str());
        }
        std::fflush(stdout);
        ++printed;
    }
    return k_exit_ok;
}

// --- health ---------------------------------------------------------------------

int cmd_health(int argc, char** argv) {
    Args args = Args::parse(argc, argv, 3, {"json"});
    if (!args.error.empty()) return usage_error(args.error);
    if (auto unknown = args.unknown_option({"reader", "ca", "level", "json", "lang", "timeout"}))
        return usage_error("unknown option --" + *unknown);
    auto parsed_lang = args.lang();
    if (!parsed_lang) return usage_error("--lang must be az, ru or en");
    const Lang lang = *parsed_lang;
    const std::string level = args.get("level").value_or("internal");
    if (level != "internal" && level != "external" && level != "interactive")
        return usage_error("--level must be internal, external or interactive");
    auto reader = open_reader(args.get("reader"));
    if (!reader) return usage_error(reader.error().detail);

    hal::CardHealth result;
    if (level == "internal") {
        result = hal::check_internal(**reader);
    } else {
        auto trust = hal::TrustStore::load_file(args.get("ca").value_or(k_default_ca));
        if (!trust) return store_error(trust.error(), lang);
        if (level == "external") {
            auto name = pick_reader(**reader, args.get("reader"), 0ms);
            result = name ? hal::check_external(**reader, *name, **trust)
                          : hal::CardHealth{false, name.error().code, name.error().detail};
        } else {
            double timeout = 30;
            if (auto t = args.get("timeout")) {
                auto s = parse_seconds(*t);
                if (!s) return usage_error("--timeout must be a number of seconds");
                timeout = *s;
            }
            std::signal(SIGINT, on_stop_signal);
            hal::InteractiveCardTest test(**reader, **trust,
                                          std::chrono::milliseconds(static_cast<long long>(timeout * 1000)));
            std::string_view shown;
            while (!g_stop) {
                if (test.prompt_key() != shown) {
                    shown = test.prompt_key();
                    std::fprintf(stderr, "%s\n", tr_s(shown, lang).c_str());
                }
                auto step = test.poll(200ms);
                if (step == hal::InteractiveCardTest::Step::Passed ||
                    step == hal::InteractiveCardTest::Step::Failed)
                    break;
            }
            result = test.result();
            if (g_stop) result = {false, "test_timeout", "interrupted"};
        }
    }
    if (args.has("json")) {
        std::printf(
            "%s\n",
            nlohmann::json(
                {{"level", level}, {"ok", result.ok}, {"code", result.code}, {"detail", result.detail}})
                .dump()
                .c_str());
    } else {
        std::printf("%s: %s%s%s\n", level.c_str(), result.ok ? "ok" : error_text(result.code, lang).c_str(),
                    result.detail.empty() ? "" : " - ", result.detail.c_str());
    }
    return result.ok ? k_exit_ok : k_exit_not_trusted;
}

int cmd_card(int argc, char** argv) {
    const std::string sub = argc > 2 ? argv[2] : "";
    if (sub == "read") return cmd_read(argc, argv);
    if (sub == "watch") return cmd_watch(argc, argv);
    if (sub == "health") return cmd_health(argc, argv);
    return usage_error(sub.empty() ? "card needs read, watch or health" : "unknown card command " + sub);
}

} // namespace

KIOSK_CLI_COMMAND("card",
                  "  kiosk card watch [--reader sim:...] [--count N] [--for S] [--json] [--lang az|ru|en]\n"
                  "  kiosk card read [--reader NAME|sim:DIR[;FAULT,...]] [--ca FILE] [--pin-stdin] [--json]\n"
                  "                  [--wait S] [--db PATH] [--lang az|ru|en]\n"
                  "      exit 0 only when the card is trusted; 3 when not (reason in the output)\n"
                  "  kiosk card health [--level internal|external|interactive] [--reader NAME|sim:...]\n"
                  "                    [--ca FILE] [--timeout S] [--json]   exit 0 ok, 3 failed\n",
                  cmd_card);

} // namespace kiosk::cli
