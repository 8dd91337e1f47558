// The replica: follows the registry's change feed (PROTOCOL.md, GET /api/v1/changes)
// and applies each page through the store's change applier (kiosk/change.hpp) in one
// transaction together with the cursor, so a crash, kill -9 or power cut at any
// instant leaves the store at a page boundary and the next run resumes from there.
//
// A page is parsed completely before anything of it is applied: a truncated or
// malformed page is refused whole (malformed_body) and fetched again; a malformed
// record inside a good page is quarantined by the applier and never stops the feed.
// Initial replication streams page by page (never the whole feed in memory), fetching
// the next page while the last one is applied; into an empty store it drops the
// secondary indexes and builds them once at the end (kiosk import does the same).
#pragma once

#include "kiosk/change.hpp"
#include "kiosk/error.hpp"
#include "kiosk/store.hpp"
#include "sync/transport.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

namespace kiosk::sync {

struct ReplicaOptions {
    int page_size = 5000;                    // `limit` of each request
    std::chrono::seconds long_poll{25};      // `wait` when caught up (<= 30, PROTOCOL.md)
    std::int64_t bulk_threshold = 20'000;    // an empty store this far behind loads without indexes
};

// A page of the feed, parsed: each record's JSON text is a range of `body`.
struct FeedPage {
    std::string body;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> records; // offset, length in body
    std::int64_t since = 0, next = 0, head = 0;
    std::uint64_t wire_bytes = 0;
    std::string_view record(std::size_t i) const { return {body.data() + records[i].first, records[i].second}; }
};

// Parses an answer of GET /api/v1/changes?since=SINCE. Errors: malformed_body (not JSON,
// missing or ill-typed changes/next/head, next < since, head < next, a record whose seq
// lies beyond next); registry_behind (head < since: the registry was reset or restored
// from a backup; nothing is applied, `kiosk sync reset` replicates afresh).
[[nodiscard]] Result<FeedPage> parse_feed_page(std::string body, std::int64_t since);

struct PageApplied {
    std::int64_t since = 0, next = 0, head = 0;
    std::size_t records = 0;
    ApplyCounts counts; // of this page
    std::uint64_t wire_bytes = 0;
    std::int64_t lag() const { return head - next; }
};

struct CatchUp {
    std::int64_t pages = 0, records = 0;
    std::int64_t cursor = 0, head = 0;
    ApplyCounts counts;
    std::uint64_t wire_bytes = 0;
    bool bulk = false; // loaded without indexes, built at the end
};

class Replica {
  public:
    // Errors: store errors.
    [[nodiscard]] static Result<std::unique_ptr<Replica>> open(Store& store, Transport& transport,
                                                              ReplicaOptions options = {});
    ~Replica();

    // One request from the stored cursor, long-polling up to `wait` when nothing is newer,
    // and its page applied. Transport errors and malformed_body leave the store untouched.
    [[nodiscard]] Result<PageApplied> poll(std::chrono::seconds wait);
    // Pages until the cursor reaches the registry's head, the next page fetched while the
    // last one is applied. `on_page` runs after each commit (progress, status).
    // Returns at the head, at the first error (committed pages stay), or when `stop` is requested.
    [[nodiscard]] Result<CatchUp> catch_up(const std::function<void(const PageApplied&)>& on_page = {},
                                           std::stop_token stop = {});

    [[nodiscard]] Result<std::int64_t> cursor() const { return m_store.feed_cursor(); }

  private:
    Replica(Store& store, Transport& transport, ReplicaOptions options, std::unique_ptr<ChangeApplier> applier);
    [[nodiscard]] Result<FeedPage> fetch(std::int64_t since, std::chrono::seconds wait);
    [[nodiscard]] Result<PageApplied> apply(const FeedPage& page);

    Store& m_store;
    Transport& m_transport;
    ReplicaOptions m_options;
    std::unique_ptr<ChangeApplier> m_applier;
};

} // namespace kiosk::sync
