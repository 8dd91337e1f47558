#include "kiosk/config.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <toml++/toml.h>
#include <type_traits>

namespace kiosk {
namespace {

std::string where(const std::string& source, const toml::source_region& r) {
    return source + ":" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column);
}

// Checks that a table holds only `known` keys.
Status only_keys(const toml::table& t, const std::set<std::string_view>& known, const std::string& source,
                 std::string_view section) {
    for (const auto& [key, node] : t)
        if (!known.contains(key.str()))
            return fail("config_invalid", where(source, node.source()) + ": unknown key " +
                                              (section.empty() ? "" : std::string(section) + ".") +
                                              std::string(key.str()));
    return {};
}

template <typename T>
Status read(const toml::table& t, std::string_view key, T& out, const std::string& source) {
    const toml::node* n = t.get(key);
    if (!n) return {};
    auto v = n->value<T>();
    if (!v)
        return fail("config_invalid", where(source, n->source()) + ": wrong type for " + std::string(key));
    out = *v;
    return {};
}

Status read_ms(const toml::table& t, std::string_view key, std::chrono::milliseconds& out,
               std::int64_t unit_ms, std::int64_t min, std::int64_t max, const std::string& source) {
    const toml::node* n = t.get(key);
    if (!n) return {};
    auto v = n->value<std::int64_t>();
    if (!v || *v < min || *v > max)
        return fail("config_invalid", where(source, n->source()) + ": " + std::string(key) +
                                          " must be an integer in " + std::to_string(min) + ".." +
                                          std::to_string(max));
    out = std::chrono::milliseconds(*v * unit_ms);
    return {};
}

} // namespace

SessionConfig KioskConfig::session() const {
    SessionConfig s;
    s.kiosk_id = kiosk_id;
    s.default_lang = language;
    s.idle_warning = idle_warning;
    s.idle_end = idle_end;
    s.attract_after = attract_after;
    s.take_card_timeout = take_card;
    return s;
}

Result<KioskConfig> parse_config(std::string_view text, const std::string& source,
                                 const std::string& base_dir) {
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        return fail("config_invalid", where(source, e.source()) + ": " + std::string(e.description()));
    }
    KioskConfig c;
    c.source = source;
    KIOSK_TRY(only_keys(root, {"kiosk_id", "language", "store", "devices", "simulator", "timeouts", "window", "registry"},
                        source, ""));
    KIOSK_TRY(read(root, "kiosk_id", c.kiosk_id, source));
    if (c.kiosk_id.empty() || c.kiosk_id.size() > 64)
        return fail("config_invalid", source + ": kiosk_id must be 1-64 characters");
    std::string lang = std::string(lang_code(c.language));
    KIOSK_TRY(read(root, "language", lang, source));
    auto parsed = parse_lang(lang);
    if (!parsed) return fail("config_invalid", source + ": language must be az, ru or en");
    c.language = *parsed;

    auto section = [&](std::string_view name) -> const toml::table* {
        const toml::node* n = root.get(name);
        return n ? n->as_table() : nullptr;
    };
    for (std::string_view name : {"store", "devices", "simulator", "timeouts", "window", "registry"})
        if (root.get(name) && !section(name))
            return fail("config_invalid", where(source, root.get(name)->source()) + ": " + std::string(name) +
                                              " must be a table");

    const toml::table* store = section("store");
    if (!store || !store->get("path")) return fail("config_invalid", source + ": [store] path is required");
    KIOSK_TRY(only_keys(*store, {"path"}, source, "store"));
    KIOSK_TRY(read(*store, "path", c.store_path, source));
    if (c.store_path.empty()) return fail("config_invalid", source + ": [store] path is empty");
    if (std::filesystem::path(c.store_path).is_relative() && !base_dir.empty())
        c.store_path = (std::filesystem::path(base_dir) / c.store_path).lexically_normal().string();

    if (const toml::table* d = section("devices")) {
        KIOSK_TRY(
            only_keys(*d, {"card_reader", "card_ca", "printer", "online", "spool_dir"}, source, "devices"));
        KIOSK_TRY(read(*d, "card_reader", c.card_reader, source));
        KIOSK_TRY(read(*d, "printer", c.printer, source));
        KIOSK_TRY(read(*d, "online", c.online, source));
        KIOSK_TRY(read(*d, "spool_dir", c.spool_dir, source));
        KIOSK_TRY(read(*d, "card_ca", c.card_ca, source));
    }
    auto resolve = [&](const std::string& path) {
        if (std::filesystem::path(path).is_relative() && !base_dir.empty())
            return (std::filesystem::path(base_dir) / path).lexically_normal().string();
        return path;
    };
    if (c.spool_dir.empty())
        c.spool_dir =
            (std::filesystem::path(c.store_path).parent_path() / "spool").lexically_normal().string();
    else
        c.spool_dir = resolve(c.spool_dir);
    // Only the simulator exists on this branch; the HAL backends plug in here (see kiosk/devices.hpp).
    if (c.card_reader != "sim") {
        if (c.card_reader != "pcsc" && !c.card_reader.starts_with("sim:"))
            return fail("config_invalid", source + ": card_reader must be sim, pcsc or sim:CARD_DIR...");
        if (c.card_ca.empty())
            return fail("config_invalid", source + ": card_reader needs card_ca (the ID-card CA)");
        c.card_ca = resolve(c.card_ca);
    }
    if (c.printer.starts_with("dir:")) {
        std::string path = c.printer.substr(4);
        if (path.empty()) return fail("config_invalid", source + ": printer dir: needs a path");
        c.printer = "dir:" + resolve(path);
    } else if (c.printer != "sim" && !c.printer.starts_with("ipp://") && !c.printer.starts_with("ipps://")) {
        return fail("config_invalid", source + ": printer must be sim, dir:PATH, ipp://... or ipps://...");
    }

    if (const toml::table* s = section("simulator")) {
        KIOSK_TRY(only_keys(*s, {"read_ms", "pin_ms", "page_ms"}, source, "simulator"));
        KIOSK_TRY(read_ms(*s, "read_ms", c.sim.read, 1, 0, 60'000, source));
        KIOSK_TRY(read_ms(*s, "pin_ms", c.sim.pin, 1, 0, 60'000, source));
        KIOSK_TRY(read_ms(*s, "page_ms", c.sim.page, 1, 0, 60'000, source));
    }
    if (const toml::table* t = section("timeouts")) {
        KIOSK_TRY(only_keys(*t, {"idle_warning_s", "idle_end_s", "attract_after_s", "take_card_s"}, source,
                            "timeouts"));
        KIOSK_TRY(read_ms(*t, "idle_warning_s", c.idle_warning, 1000, 5, 3600, source));
        KIOSK_TRY(read_ms(*t, "idle_end_s", c.idle_end, 1000, 5, 3600, source));
        KIOSK_TRY(read_ms(*t, "attract_after_s", c.attract_after, 1000, 5, 3600, source));
        KIOSK_TRY(read_ms(*t, "take_card_s", c.take_card, 1000, 1, 3600, source));
        if (c.idle_end <= c.idle_warning)
            return fail("config_invalid", source + ": idle_end_s must be greater than idle_warning_s");
    }
    if (const toml::table* w = section("window")) {
        KIOSK_TRY(only_keys(*w, {"mode", "width", "height"}, source, "window"));
        std::string mode = "windowed";
        KIOSK_TRY(read(*w, "mode", mode, source));
        if (mode == "windowed")
            c.window_mode = WindowMode::Windowed;
        else if (mode == "fullscreen")
            c.window_mode = WindowMode::Fullscreen;
        else
            return fail("config_invalid", source + ": window mode must be windowed or fullscreen");
        std::int64_t width = c.width, height = c.height;
        KIOSK_TRY(read(*w, "width", width, source));
        KIOSK_TRY(read(*w, "height", height, source));
        if (width < 640 || width > 7680 || height < 480 || height > 4320)
            return fail("config_invalid", source + ": window size must be 640x480 .. 7680x4320");
        c.width = static_cast<int>(width);
        c.height = static_cast<int>(height);
    }
    if (const toml::table* r = section("registry")) {
        RegistryConfig reg;
        KIOSK_TRY(only_keys(*r,
                            {"url", "ca", "cert", "key", "signer_ca", "proxy", "connect_timeout_s", "read_timeout_s",
                             "long_poll_s", "page_size", "gzip", "backoff_min_ms", "backoff_max_s", "heartbeat_s",
                             "outbox_max", "outbox_alarm", "verify_in_background"},
                            source, "registry"));
        KIOSK_TRY(read(*r, "url", reg.url, source));
        KIOSK_TRY(read(*r, "ca", reg.ca, source));
        KIOSK_TRY(read(*r, "cert", reg.cert, source));
        KIOSK_TRY(read(*r, "key", reg.key, source));
        KIOSK_TRY(read(*r, "signer_ca", reg.signer_ca, source));
        KIOSK_TRY(read(*r, "proxy", reg.proxy, source));
        KIOSK_TRY(read(*r, "gzip", reg.gzip, source));
        KIOSK_TRY(read(*r, "verify_in_background", reg.verify_in_background, source));
        auto number = [&](std::string_view key, auto& out, std::int64_t min, std::int64_t max) -> Status {
            const toml::node* n = r->get(key);
            if (!n) return {};
            auto v = n->value<std::int64_t>();
            if (!v || *v < min || *v > max)
                return fail("config_invalid", where(source, n->source()) + ": registry." + std::string(key) +
                                                  " must be an integer in " + std::to_string(min) + ".." +
                                                  std::to_string(max));
            out = static_cast<std::remove_reference_t<decltype(out)>>(*v);
            return {};
        };
        KIOSK_TRY(number("connect_timeout_s", reg.connect_timeout_s, 1, 120));
        KIOSK_TRY(number("read_timeout_s", reg.read_timeout_s, 1, 600));
        KIOSK_TRY(number("long_poll_s", reg.long_poll_s, 0, 30));
        KIOSK_TRY(number("page_size", reg.page_size, 1, 10'000));
        KIOSK_TRY(number("backoff_min_ms", reg.backoff_min_ms, 10, 600'000));
        KIOSK_TRY(number("backoff_max_s", reg.backoff_max_s, 1, 86'400));
        KIOSK_TRY(number("heartbeat_s", reg.heartbeat_s, 1, 86'400));
        KIOSK_TRY(number("outbox_max", reg.outbox_max, 1, 10'000'000));
        KIOSK_TRY(number("outbox_alarm", reg.outbox_alarm, 1, 10'000'000));
        const bool https = reg.url.starts_with("https://");
        if (!https && !reg.url.starts_with("http://"))
            return fail("config_invalid", source + ": registry url must start with https:// (or http://)");
        if (https && (reg.ca.empty() || reg.cert.empty() || reg.key.empty()))
            return fail("config_invalid", source + ": an https registry needs ca, cert and key");
        if (reg.outbox_alarm > reg.outbox_max)
            return fail("config_invalid", source + ": registry outbox_alarm must not exceed outbox_max");
        if (!reg.proxy.empty() && reg.proxy.find("://") == std::string::npos)
            return fail("config_invalid", source + ": registry proxy must be a URL (http://host:port)");
        for (std::string* path : {&reg.ca, &reg.cert, &reg.key, &reg.signer_ca})
            if (!path->empty()) *path = resolve(*path);
        if (reg.signer_ca.empty()) reg.signer_ca = reg.ca;
        c.registry = std::move(reg);
    }
    return c;
}

Result<KioskConfig> load_config(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail("config_unreadable", path);
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > 1'000'000) return fail("config_invalid", path + ": larger than 1 MB");
    std::string base = std::filesystem::path(path).parent_path().string();
    return parse_config(text.str(), path, base);
}

} // namespace kiosk
