// registry: the reference registry's command line.
//   registry generate --notifications N --seed S --out FILE.ndjson   (--out - : standard output)
//   registry pki ...                                   (cli/pki.cpp)
//   registry serve | load | account | kiosks | events  (cli/serve.cpp)
//   registry phone | employer | notify | sign | register | download   (cli/flows.cpp, over HTTP)
// Exit status: 0 done, 1 the output cannot be written or the registry cannot be reached,
// 2 bad arguments, 3 the registry refused the request.
#include "options.hpp"
#include "registry/generator.hpp"

#include <cerrno>
#include <charconv>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <expected>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unistd.h>

namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_io = 1;
constexpr int k_exit_usage = 2;

constexpr std::string_view k_usage = R"(usage:
  registry generate --notifications N --seed S --out FILE.ndjson
      Writes deterministic test data as change records (PROTOCOL.md): the reference
      lists, employers, persons, contracts and exactly N notifications (1..1000000000).
      S is any unsigned 64-bit number; the same N and S give the same bytes.
      --out - writes to standard output.
  registry pki init --dir DIR [...]      the test PKI (registry pki help)
  registry pki card --dir DIR --fin FIN --role citizen|staff|technician [...]
  registry pki issue --dir DIR --profile server|client|signer --cn CN --out PREFIX
  registry help   (all commands of the server and the employer side)
)";

int usage_error(std::string_view message) {
    std::fprintf(stderr, "registry: %.*s\n%.*s", static_cast<int>(message.size()), message.data(),
                 static_cast<int>(k_usage.size()), k_usage.data());
    return k_exit_usage;
}

// A whole decimal number, nothing else.
std::expected<std::uint64_t, std::string> parse_u64(std::string_view name, std::string_view text) {
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        return std::unexpected("--" + std::string(name) + " must be a whole non-negative number, not '" +
                               std::string(text) + "'");
    return value;
}

// The temporary file being written, removed if a signal ends the program.
char g_temporary[PATH_MAX] = {};

extern "C" void remove_temporary_and_die(int signal_number) {
    if (g_temporary[0] != '\0') ::unlink(g_temporary); // async-signal-safe
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

void guard_temporary(const std::string& path) {
    if (path.size() >= sizeof g_temporary) return;
    path.copy(g_temporary, path.size());
    g_temporary[path.size()] = '\0';
    for (int s : {SIGINT, SIGTERM, SIGHUP})
        std::signal(s, remove_temporary_and_die);
    // Beyond a file-size limit, fail the write (and clean up) rather than die.
    std::signal(SIGXFSZ, SIG_IGN);
}

std::string human_bytes(std::uint64_t bytes) {
    char text[32];
    if (bytes >= (1ull << 30))
        std::snprintf(text, sizeof text, "%.2f GiB", static_cast<double>(bytes) / (1ull << 30));
    else if (bytes >= (1ull << 20))
        std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1ull << 20));
    else
        std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
    return text;
}

using registry::cli::Options;
using registry::cli::parse_options;

int run_generate(std::span<char* const> args) {
    constexpr std::string_view k_allowed[] = {"notifications", "seed", "out"};
    auto options = parse_options(args, k_allowed);
    if (!options) return usage_error(options.error());
    for (std::string_view required : k_allowed)
        if (!options->contains(required)) return usage_error("generate needs --" + std::string(required));

    auto count = parse_u64("notifications", options->find("notifications")->second);
    if (!count) return usage_error(count.error());
    if (*count < 1 || *count > registry::k_max_notifications)
        return usage_error("--notifications must be between 1 and " +
                           std::to_string(registry::k_max_notifications));
    auto seed = parse_u64("seed", options->find("seed")->second);
    if (!seed) return usage_error(seed.error());
    const std::string out = options->find("out")->second;
    if (out.empty()) return usage_error("--out needs a file name, or - for standard output");

    const auto started = std::chrono::steady_clock::now();
    const registry::GeneratorOptions generator_options{*count, *seed};
    const bool to_stdout = out == "-";
    // A regular file appears complete or not at all: written beside it, then renamed.
    // A device or pipe (/dev/null, /dev/stdout, a FIFO) is written directly.
    std::error_code ec;
    const auto status = std::filesystem::status(out, ec);
    if (std::filesystem::is_directory(status)) return usage_error("--out " + out + " is a directory");
    const bool direct =
        to_stdout || (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status));
    const std::string temporary = direct ? out : out + ".tmp";
    if (!direct) guard_temporary(temporary);
    std::FILE* file = to_stdout ? stdout : std::fopen(temporary.c_str(), "wb");
    if (!file) {
        std::fprintf(stderr, "registry: cannot create %s: %s\n", temporary.c_str(), std::strerror(errno));
        return k_exit_io;
    }

    registry::Result<registry::GenerationStats> stats = [&] {
        registry::FileSink sink(file);
        return registry::generate(generator_options, sink);
    }();
    std::string failure;
    if (!stats) failure = stats.error().detail;
    if (!to_stdout) {
        errno = 0;
        if (std::fclose(file) != 0 && failure.empty())
            failure = std::string("close: ") + std::strerror(errno);
        if (!direct) {
            if (failure.empty() && std::rename(temporary.c_str(), out.c_str()) != 0)
                failure = std::string("rename to ") + out + ": " + std::strerror(errno);
            if (!failure.empty()) std::remove(temporary.c_str());
            g_temporary[0] = '\0';
        }
    }
    if (!failure.empty()) {
        std::fprintf(stderr, "registry: cannot write %s: %s\n", to_stdout ? "standard output" : out.c_str(),
                     failure.c_str());
        return k_exit_io;
    }

    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const registry::GenerationStats& s = *stats;
    std::fprintf(stderr,
                 "registry: %llu notifications, %llu contracts, %llu persons, %llu employers, %llu reference "
                 "records (%llu records, %s) in %.2f s -> %s\n",
                 static_cast<unsigned long long>(s.notifications),
                 static_cast<unsigned long long>(s.contracts), static_cast<unsigned long long>(s.persons),
                 static_cast<unsigned long long>(s.employers), static_cast<unsigned long long>(s.references),
                 static_cast<unsigned long long>(s.records), human_bytes(s.bytes).c_str(), seconds,
                 to_stdout ? "standard output" : out.c_str());
    return k_exit_ok;
}

int run_help(std::span<char* const> args) {
    if (!args.empty()) return usage_error("help takes no arguments");
    std::fwrite(k_usage.data(), 1, k_usage.size(), stdout);
    for (std::string_view more : {registry::cli::serve_usage(), registry::cli::flows_usage()})
        std::fwrite(more.data(), 1, more.size(), stdout);
    return k_exit_ok;
}

struct Command {
    std::string_view name;
    int (*run)(std::span<char* const> args); // the arguments after the subcommand's name
};

constexpr Command k_commands[] = {
    {"generate", run_generate},
    {"help", run_help},
    {"pki", registry::cli::run_pki},
    {"serve", registry::cli::run_serve_command},
    {"load", registry::cli::run_load_command},
    {"account", registry::cli::run_account_command},
    {"kiosks", registry::cli::run_kiosks_command},
    {"events", registry::cli::run_events_command},
    {"phone", registry::cli::run_phone_command},
    {"employer", registry::cli::run_employer_command},
    {"notify", registry::cli::run_notify_command},
    {"sign", registry::cli::run_sign_command},
    {"register", registry::cli::run_register_command},
    {"download", registry::cli::run_download_command},
};

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage_error("no command given");
    std::string_view name = argv[1];
    if (name == "--help" || name == "-h") name = "help";
    for (const Command& command : k_commands)
        if (command.name == name)
            return command.run(std::span<char* const>(argv + 2, static_cast<std::size_t>(argc - 2)));
    return usage_error("unknown command '" + std::string(name) + "'");
}
