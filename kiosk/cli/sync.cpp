// kiosk sync: the link to the central registry from the command line (sync/).
//   kiosk sync --once --config FILE [--verify] [--json] [--lang L]
//   kiosk sync status --config FILE [--json] [--lang L]
//   kiosk sync run --config FILE            (the sync service in the foreground, until SIGTERM)
//   kiosk sync reset --config FILE --yes    (empties the replica: after a registry reset)
#include "cli.hpp"

#include "kiosk/config.hpp"
#include "kiosk/sqlite.hpp"
#include "kiosk/store.hpp"
#include "sync/delivery.hpp"
#include "sync/replica.hpp"
#include "sync/service.hpp"
#include "sync/signature.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

namespace kiosk::cli {
namespace {

using namespace kiosk::sync;

// The registry could not be reached, or answered something unusable.
constexpr int k_exit_link_failed = 3;

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

struct Loaded {
    KioskConfig config;
    SyncSettings settings;
};

// The configuration and its [registry] settings; prints the error and returns the exit status otherwise.
std::variant<Loaded, int> load(const Args& args, Lang lang) {
    auto path = args.get("config");
    if (!path) return usage_error("--config FILE is required");
    auto config = load_config(*path);
    if (!config) return store_error(config.error(), lang);
    auto settings = settings_from(*config);
    if (!settings) return store_error(settings.error(), lang);
    return Loaded{std::move(*config), std::move(*settings)};
}

std::string label(std::string_view key, Lang lang) { return std::string(tr(key, lang)); }

nlohmann::json status_json(const SyncStatus& s) {
    return {{"online", s.online},
            {"cursor", s.cursor},
            {"head", s.head},
            {"lag", s.lag()},
            {"caught_up", s.caught_up},
            {"last_attempt_at", s.last_attempt_at},
            {"last_success_at", s.last_success_at},
            {"last_error", s.last_error},
            {"last_error_detail", s.last_error_detail},
            {"last_error_at", s.last_error_at},
            {"outbox_pending", s.outbox_pending},
            {"outbox_dropped", s.outbox_dropped},
            {"outbox_alarm", s.outbox_alarm},
            {"quarantined", s.quarantined},
            {"signatures_valid", s.signatures_valid},
            {"signatures_invalid", s.signatures_invalid},
            {"signatures_unchecked", s.signatures_unchecked}};
}

void print_status(const SyncStatus& s, Lang lang) {
    auto line = [&](std::string_view key, const std::string& value) {
        std::printf("%-28s %s\n", (label(key, lang) + ":").c_str(), value.c_str());
    };
    line("sync.link", label(s.online ? "status.online" : "status.offline", lang));
    line("sync.cursor", std::to_string(s.cursor));
    line("sync.head", s.head < 0 ? "—" : std::to_string(s.head));
    line("sync.lag", s.lag() < 0 ? "—" : std::to_string(s.lag()));
    line("sync.last_success", s.last_success_at.empty() ? "—" : s.last_success_at);
    if (!s.last_error.empty())
        line("sync.last_error", error_text(s.last_error, lang) + " [" + s.last_error + "] " + s.last_error_at + "\n    " +
                                    s.last_error_detail);
    line("sync.outbox_pending", std::to_string(s.outbox_pending) + (s.outbox_alarm ? "  " + label("sync.outbox_alarm", lang) : ""));
    if (s.outbox_dropped > 0) line("sync.outbox_dropped", std::to_string(s.outbox_dropped));
    line("sync.quarantined", std::to_string(s.quarantined));
    line("sync.signatures", std::to_string(s.signatures_valid) + " / " + std::to_string(s.signatures_invalid) + " / " +
                                std::to_string(s.signatures_unchecked));
}

int cmd_once(const Args& args, Lang lang) {
    auto loaded = load(args, lang);
    if (auto* rc = std::get_if<int>(&loaded)) return *rc;
    auto& [config, settings] = std::get<Loaded>(loaded);
    auto store = Store::open(settings.store_path);
    if (!store) return store_error(store.error(), lang);
    auto transport = Transport::open(settings.transport);
    if (!transport) return store_error(transport.error(), lang);
    auto replica = Replica::open(**store, **transport, settings.replica);
    if (!replica) return store_error(replica.error(), lang);

    const auto t0 = std::chrono::steady_clock::now();
    auto failed = [&](const Error& e) {
        (void)record_attempt(**store, std::nullopt, &e);
        std::fprintf(stderr, "kiosk: %s [%s]: %s\n", error_text(e.code, lang).c_str(), e.code.c_str(), e.detail.c_str());
        return e.code.starts_with("store_") ? k_exit_unusable : k_exit_link_failed;
    };
    const bool progress = !args.has("json") && ::isatty(2);
    auto caught = (*replica)->catch_up([&](const PageApplied& p) {
        (void)record_attempt(**store, p.head, nullptr);
        if (progress) std::fprintf(stderr, "\r%lld / %lld", static_cast<long long>(p.next), static_cast<long long>(p.head));
    });
    if (progress) std::fprintf(stderr, "\n");
    if (!caught) return failed(caught.error());
    (void)record_attempt(**store, caught->head, nullptr);
    const double replicate_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    auto outbox = Outbox::open(**store, settings.outbox);
    if (!outbox) return store_error(outbox.error(), lang);
    auto delivered = deliver_events(**outbox, **transport, settings.kiosk_id, settings.event_batch);
    if (!delivered) return failed(delivered.error());
    auto status = read_status(**store, settings.outbox);
    if (!status) return store_error(status.error(), lang);
    status->online = true;
    ProofOfLife cli;
    cli.screen = "cli";
    if (auto r = store_heartbeat(**store, make_heartbeat(settings.kiosk_id, settings.version, *status, cli, 0)); !r)
        return store_error(r.error(), lang);
    if (auto h = send_heartbeat(**store, **transport); !h) return failed(h.error());

    CheckCounts checked;
    if (args.has("verify")) {
        auto checker = SignatureChecker::open(**store, settings.signer_ca);
        if (!checker) return store_error(checker.error(), lang);
        for (bool wrapped = false; !wrapped;) {
            auto c = (*checker)->check_next(2000, wrapped);
            if (!c) return store_error(c.error(), lang);
            checked += *c;
        }
    }
    if (args.has("json")) {
        nlohmann::json out = {{"pages", caught->pages},
                              {"records", caught->records},
                              {"applied", caught->counts.applied},
                              {"unchanged", caught->counts.unchanged},
                              {"deleted", caught->counts.deleted},
                              {"quarantined", caught->counts.quarantined},
                              {"cursor", caught->cursor},
                              {"head", caught->head},
                              {"bulk", caught->bulk},
                              {"wire_bytes", caught->wire_bytes},
                              {"seconds", replicate_s},
                              {"events_delivered", delivered->events},
                              {"events_duplicates", delivered->duplicates}};
        if (args.has("verify"))
            out["signatures"] = {{"checked", checked.checked}, {"valid", checked.valid}, {"invalid", checked.invalid},
                                 {"reasons", checked.reasons}};
        std::printf("%s\n", out.dump().c_str());
    } else {
        std::printf("%s: %lld (%s %lld, %s %lld, %s %lld, %s %lld) %s %.1f s\n", label("sync.records", lang).c_str(),
                    static_cast<long long>(caught->records), label("cli.applied", lang).c_str(),
                    static_cast<long long>(caught->counts.applied), label("cli.unchanged", lang).c_str(),
                    static_cast<long long>(caught->counts.unchanged), label("cli.deleted", lang).c_str(),
                    static_cast<long long>(caught->counts.deleted), label("cli.quarantined", lang).c_str(),
                    static_cast<long long>(caught->counts.quarantined), label("sync.in", lang).c_str(), replicate_s);
        std::printf("%s: %lld / %lld\n", label("sync.cursor", lang).c_str(), static_cast<long long>(caught->cursor),
                    static_cast<long long>(caught->head));
        std::printf("%s: %lld\n", label("sync.events_delivered", lang).c_str(), static_cast<long long>(delivered->events));
        if (args.has("verify"))
            std::printf("%s: %lld / %lld\n", label("sync.signatures_checked", lang).c_str(),
                        static_cast<long long>(checked.valid), static_cast<long long>(checked.invalid));
    }
    return k_exit_ok;
}

int cmd_status(const Args& args, Lang lang) {
    auto loaded = load(args, lang);
    if (auto* rc = std::get_if<int>(&loaded)) return *rc;
    auto& settings = std::get<Loaded>(loaded).settings;
    auto store = Store::open(settings.store_path);
    if (!store) return store_error(store.error(), lang);
    auto status = read_status(**store, settings.outbox);
    if (!status) return store_error(status.error(), lang);
    if (args.has("json"))
        std::printf("%s\n", status_json(*status).dump().c_str());
    else
        print_status(*status, lang);
    return k_exit_ok;
}

int cmd_run(const Args& args, Lang lang) {
    auto loaded = load(args, lang);
    if (auto* rc = std::get_if<int>(&loaded)) return *rc;
    auto& settings = std::get<Loaded>(loaded).settings;
    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    std::mutex mutex;
    std::string last;
    auto service = SyncService::start(settings, [&](const SyncStatus& s) {
        std::string line = std::string(s.online ? "online" : "offline") + " cursor=" + std::to_string(s.cursor) +
                           " head=" + std::to_string(s.head) + " lag=" + std::to_string(s.lag()) +
                           " outbox=" + std::to_string(s.outbox_pending) + (s.last_error.empty() ? "" : " error=" + s.last_error);
        std::lock_guard lock(mutex);
        if (line != last) {
            std::printf("%s\n", line.c_str());
            std::fflush(stdout);
            last = line;
        }
    });
    if (!service) return store_error(service.error(), lang);
    while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    service->reset();
    return k_exit_ok;
}

int cmd_reset(const Args& args, Lang lang) {
    if (!args.has("yes")) return usage_error("reset empties the replica: add --yes");
    auto loaded = load(args, lang);
    if (auto* rc = std::get_if<int>(&loaded)) return *rc;
    auto& settings = std::get<Loaded>(loaded).settings;
    auto store = Store::open(settings.store_path);
    if (!store) return store_error(store.error(), lang);
    // The whole replica goes in one transaction; the outbox and the print queue stay.
    auto tx = sql::Transaction::begin((*store)->handle());
    if (!tx) return store_error(tx.error(), lang);
    for (const char* table : {"notification", "contract", "person", "employer", "reference", "tombstone", "quarantine",
                              "signature_check"})
        if (auto r = sql::exec((*store)->handle(), std::string("DELETE FROM ") + table); !r) return store_error(r.error(), lang);
    if (auto r = sql::exec((*store)->handle(), "UPDATE feed_cursor SET seq = 0, updated_at = NULL WHERE id = 1; "
                                               "UPDATE sync_state SET head_seq = NULL, verify_rowid = 0 WHERE id = 1");
        !r)
        return store_error(r.error(), lang);
    if (auto r = tx->commit(); !r) return store_error(r.error(), lang);
    std::printf("%s\n", label("sync.reset_done", lang).c_str());
    return k_exit_ok;
}

int cmd_sync(int argc, char** argv) {
    Args args = Args::parse(argc, argv, 2, {"once", "json", "verify", "yes"});
    if (!args.error.empty()) return usage_error(args.error);
    if (auto unknown = args.unknown_option({"config", "once", "json", "verify", "lang", "yes"}))
        return usage_error("unknown option --" + *unknown);
    auto lang = args.lang();
    if (!lang) return usage_error("--lang must be az, ru or en");
    const std::string sub = args.positional.empty() ? "" : args.positional[0];
    if (args.positional.size() > 1) return usage_error("unexpected argument " + args.positional[1]);
    if (sub.empty() && args.has("once")) return cmd_once(args, *lang);
    if (sub == "status") return cmd_status(args, *lang);
    if (sub == "run") return cmd_run(args, *lang);
    if (sub == "reset") return cmd_reset(args, *lang);
    return usage_error("sync needs --once, status, run or reset");
}

} // namespace

KIOSK_CLI_COMMAND("sync",
                  "  kiosk sync --once --config FILE [--verify] [--json] [--lang az|ru|en]\n"
                  "      replicates from the registry until caught up, delivers the outbox, sends a heartbeat\n"
                  "      (--verify: then checks every signature not checked yet; exit 3: the registry failed)\n"
                  "  kiosk sync status --config FILE [--json] [--lang az|ru|en]\n"
                  "  kiosk sync run --config FILE        the sync service in the foreground (until SIGTERM)\n"
                  "  kiosk sync reset --config FILE --yes  empties the replica (after a registry reset)\n",
                  cmd_sync);

} // namespace kiosk::cli
