// Option parsing shared by the registry's subcommands.
#pragma once

#include <expected>
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace registry::cli {

// `--name value` or `--name=value`, each at most once, only the allowed names;
// `flags` take no value (stored as "1").
using Options = std::map<std::string, std::string, std::less<>>;

inline std::expected<Options, std::string> parse_options(std::span<char* const> args,
                                                         std::span<const std::string_view> allowed,
                                                         std::span<const std::string_view> flags = {}) {
    Options options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (!arg.starts_with("--") || arg.size() == 2)
            return std::unexpected("unexpected argument '" + std::string(arg) + "'");
        std::string name(arg.substr(2));
        std::string value;
        const auto eq = name.find('=');
        if (eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
        }
        bool known = false, flag = false;
        for (std::string_view a : allowed)
            known = known || a == name;
        for (std::string_view f : flags)
            flag = flag || f == name;
        if (!known && !flag) return std::unexpected("unknown option --" + name);
        if (flag && eq != std::string::npos) return std::unexpected("--" + name + " takes no value");
        if (flag) {
            value = "1";
        } else if (eq == std::string::npos) {
            if (i + 1 >= args.size()) return std::unexpected("--" + name + " needs a value");
            value = args[++i];
        }
        if (options.contains(name)) return std::unexpected("--" + name + " given twice");
        options.emplace(std::move(name), std::move(value));
    }
    return options;
}

// `registry pki ...` (cli/pki.cpp).
int run_pki(std::span<char* const> args);
// cli/serve.cpp: serve, load, account, employer add, kiosks, events.
int run_serve_command(std::span<char* const> args);
int run_load_command(std::span<char* const> args);
int run_account_command(std::span<char* const> args);
int run_kiosks_command(std::span<char* const> args);
int run_events_command(std::span<char* const> args);
std::string_view serve_usage();
// cli/flows.cpp: phone, employer, notify, sign, register, download (over HTTP).
int run_phone_command(std::span<char* const> args);
int run_employer_command(std::span<char* const> args);
int run_notify_command(std::span<char* const> args);
int run_sign_command(std::span<char* const> args);
int run_register_command(std::span<char* const> args);
int run_download_command(std::span<char* const> args);
std::string_view flows_usage();

} // namespace registry::cli
