// kiosk: the kiosk's command line. The commands live in kiosk/cli/*.cpp; this
// file parses options shared by all of them and dispatches.
#include "cli.hpp"

#include <malloc.h>

#include <algorithm>
#include <cstdio>

namespace kiosk::cli {
namespace {

std::vector<Command>& commands() {
    static std::vector<Command> list;
    return list;
}

std::string usage_text() {
    std::vector<Command> sorted = commands();
    std::sort(sorted.begin(), sorted.end(), [](const Command& a, const Command& b) { return a.name < b.name; });
    std::string text = "usage:\n";
    for (const Command& c : sorted) text += c.usage;
    text += "  kiosk help\n";
    return text;
}

} // namespace

CommandRegistration::CommandRegistration(const Command& command) { commands().push_back(command); }

Args Args::parse(int argc, char** argv, int first, const std::vector<std::string>& flags) {
    Args a;
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        if (!arg.starts_with("--") || arg == "--") {
            a.positional.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2), value;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        } else if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
            value = "1";
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            a.error = "--" + name + " needs a value";
            return a;
        }
        if (a.options.contains(name)) {
            a.error = "--" + name + " given twice";
            return a;
        }
        a.options[name] = value;
    }
    return a;
}

std::optional<std::string> Args::get(const std::string& name) const {
    auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
}

std::optional<std::string> Args::unknown_option(const std::vector<std::string>& known) const {
    for (const auto& [name, value] : options)
        if (std::find(known.begin(), known.end(), name) == known.end()) return name;
    return std::nullopt;
}

std::optional<Lang> Args::lang() const {
    auto l = get("lang");
    if (!l) return k_default_lang;
    return parse_lang(*l);
}

int usage_error(const std::string& message) {
    std::fprintf(stderr, "kiosk: %s\n%s", message.c_str(), usage_text().c_str());
    return k_exit_usage;
}

int store_error(const Error& e, Lang lang) {
    std::fprintf(stderr, "kiosk: %s: %s\n", error_text(e.code, lang).c_str(), e.detail.c_str());
    return k_exit_unusable;
}

std::optional<std::int64_t> parse_count(const std::string& s) {
    if (s.empty() || s.size() > 12 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    return std::stoll(s);
}

} // namespace kiosk::cli

int main(int argc, char** argv) {
    using namespace kiosk::cli;
    // Blocks of 1 MiB and more (feed pages, their parse buffers, documents) get pages of their
    // own and go back to the system when freed. By default glibc raises this threshold after
    // the first such free and keeps later large blocks in its thread arenas: after an initial
    // replication the kiosk held ~70-110 MiB it no longer used (39 MiB with this, PRODUCT §9).
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    if (argc < 2) return usage_error("a command is required");
    std::string_view name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        std::printf("%s", usage_text().c_str());
        return k_exit_ok;
    }
    for (const Command& c : commands())
        if (c.name == name) return c.run(argc, argv);
    return usage_error("unknown command " + std::string(name));
}
