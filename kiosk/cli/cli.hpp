// The kiosk's command line: a list of subcommands, each in its own file
// (kiosk/cli/<feature>.cpp), registered with KIOSK_CLI_COMMAND. A file that needs
// more libraries adds kiosk/cli/<feature>.cmake (included by kiosk/CMakeLists.txt).
//
// Exit status convention: 0 done, 1 the file, store or device cannot be used,
// 2 bad arguments; a command may define more codes in its usage text.
#pragma once

#include "kiosk/error.hpp"
#include "kiosk/i18n.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::cli {

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_unusable = 1;
inline constexpr int k_exit_usage = 2;

// Options as `--name value` or `--name=value`; flags take no value.
struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
    std::string error;

    // Parses argv[first..argc); `flags` are the options without a value.
    static Args parse(int argc, char** argv, int first, const std::vector<std::string>& flags);
    std::optional<std::string> get(const std::string& name) const;
    bool has(const std::string& name) const { return options.contains(name); }
    // The first option not in `known`, if any.
    std::optional<std::string> unknown_option(const std::vector<std::string>& known) const;
    // --lang, or the default language; nullopt when the value is not a language.
    std::optional<Lang> lang() const;
};

// Prints the message and the full usage to stderr; returns k_exit_usage.
int usage_error(const std::string& message);
// Prints the translated error and its detail to stderr; returns k_exit_unusable.
int store_error(const Error& e, Lang lang);
// A whole non-negative decimal number (at most 12 digits).
std::optional<std::int64_t> parse_count(const std::string& s);

struct Command {
    std::string_view name;
    std::string_view usage; // lines for `kiosk help`, each starting with "  kiosk <name>"
    int (*run)(int argc, char** argv); // argv[1] is the command's name
};

// Adds a command to the list (static registration from each command file).
struct CommandRegistration {
    explicit CommandRegistration(const Command& command);
};

} // namespace kiosk::cli

#define KIOSK_CLI_CONCAT2(a, b) a##b
#define KIOSK_CLI_CONCAT(a, b) KIOSK_CLI_CONCAT2(a, b)
#define KIOSK_CLI_COMMAND(name, usage, run)                                                               \
    static const ::kiosk::cli::CommandRegistration KIOSK_CLI_CONCAT(k_cli_command_, __LINE__) {          \
        ::kiosk::cli::Command { name, usage, run }                                                        \
    }
