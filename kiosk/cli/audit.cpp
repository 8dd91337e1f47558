// kiosk audit: the audit trail (issue 8) as the outbox keeps it (sync/outbox.hpp).
//   kiosk audit verify --db PATH [--json]      the hash chain from its anchor (exit 3: broken)
//   kiosk audit list --db PATH [--from N] [--limit N] [--json]
#include "cli.hpp"
#include "kiosk/store.hpp"
#include "sync/outbox.hpp"

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace kiosk::cli {
namespace {

constexpr int k_exit_broken = 3;

int cmd_audit(int argc, char** argv) {
    if (argc < 3) return usage_error("audit needs a subcommand: verify, list");
    std::string_view sub = argv[2];
    Args args = Args::parse(argc, argv, 3, {"json"});
    if (!args.error.empty()) return usage_error(args.error);
    if (!args.positional.empty()) return usage_error("unexpected argument " + args.positional[0]);
    if (auto unknown = args.unknown_option({"db", "json", "from", "limit", "lang"}))
        return usage_error("unknown option --" + *unknown);
    auto lang = args.lang();
    if (!lang) return usage_error("--lang must be az, ru or en");
    auto db = args.get("db");
    if (!db || db->empty()) return usage_error("--db PATH is required");
    if (!std::filesystem::exists(*db)) return store_error(Error{"store_open_failed", *db}, *lang);
    auto store = Store::open(*db, OpenMode::ReadOnly);
    if (!store) return store_error(store.error(), *lang);
    auto outbox = sync::Outbox::open(**store);
    if (!outbox) return store_error(outbox.error(), *lang);

    if (sub == "verify") {
        auto r = (*outbox)->verify();
        if (!r) return store_error(r.error(), *lang);
        auto stats = (*outbox)->stats();
        std::int64_t pending = stats ? stats->pending : -1;
        if (args.has("json")) {
            std::printf("%s\n", nlohmann::json{{"ok", r->ok},
                                               {"checked", r->checked},
                                               {"first_ordinal", r->first_ordinal},
                                               {"broken_at", r->broken_at},
                                               {"reason", r->reason},
                                               {"pending", pending}}
                                    .dump()
                                    .c_str());
        } else if (r->ok) {
            std::printf("ok: %lld events chained from %lld, %lld waiting for delivery\n",
                        static_cast<long long>(r->checked), static_cast<long long>(r->first_ordinal),
                        static_cast<long long>(pending));
        } else {
            std::printf("broken at event %lld: %s (%s); %lld events before it verify\n",
                        static_cast<long long>(r->broken_at), r->reason.c_str(),
                        r->reason == "gap"                  ? "an event is missing"
                        : r->reason == "prev_hash_mismatch" ? "events were removed or reordered"
                                                            : "the event was edited",
                        static_cast<long long>(r->checked));
        }
        return r->ok ? k_exit_ok : k_exit_broken;
    }
    if (sub == "list") {
        auto from = parse_count(args.get("from").value_or("0"));
        auto limit = parse_count(args.get("limit").value_or("1000"));
        if (!from || !limit) return usage_error("--from and --limit take numbers");
        auto events = (*outbox)->events(*from, static_cast<std::size_t>(*limit));
        if (!events) return store_error(events.error(), *lang);
        for (const auto& e : *events) {
            if (args.has("json"))
                std::printf("%s\n", e.to_json().c_str());
            else
                std::printf("%6lld  %s  %-22s %s%s\n", static_cast<long long>(e.ordinal), e.at.c_str(),
                            e.type.c_str(), e.data.c_str(), e.delivered_at ? "" : "  (pending)");
        }
        return k_exit_ok;
    }
    return usage_error("unknown audit subcommand " + std::string(sub));
}

} // namespace

KIOSK_CLI_COMMAND(
    "audit",
    "  kiosk audit verify --db PATH [--json]     the audit trail's hash chain (exit 3: edited, removed\n"
    "                                            or reordered events)\n"
    "  kiosk audit list --db PATH [--from N] [--limit N] [--json]\n",
    cmd_audit);

} // namespace kiosk::cli
