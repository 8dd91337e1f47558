// The change feed (PROTOCOL.md "Change records", `GET /api/v1/changes`): the
// registry's log of change records and the wake-up of long-polling readers.
//
// The log keeps the newest change per (entity, id): publishing a change of an id
// replaces its older row under a new, higher seq, so the feed replays the current
// state in seq order and a kiosk that starts from 0 gets every live record once.
// `seq` strictly increases; gaps are normal.
#pragma once

#include "registry/db.hpp"
#include "registry/error.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace registry {

inline constexpr int k_feed_default_limit = 1000;
inline constexpr int k_feed_max_limit = 10000;
inline constexpr int k_feed_max_wait_s = 30;

enum class Op { Upsert, Delete };

struct Published {
    std::int64_t seq = 0;
    bool changed = false; // false: the record was already the newest of its id, nothing published
};

// For many publications in one transaction (registry load): the head kept in
// memory, and whether the newest record of the id is looked up at all (not needed
// in an empty log).
struct BulkPublish {
    std::int64_t head = 0;
    bool compare = true;
};

// Publishes a change inside the caller's write transaction. `data_json` is the
// compact JSON of the record's data (ignored for deletes). An upsert whose data
// equals the newest record of the id publishes nothing. Errors: store_error.
[[nodiscard]] Result<Published> publish(Connection& c, std::string_view entity, std::string_view id, Op op,
                                        std::string_view data_json, BulkPublish* bulk = nullptr);

// The newest seq (0 for an empty log). Errors: store_error.
[[nodiscard]] Result<std::int64_t> feed_head(Connection& c);

// The newest record of (entity, id): its `data` object as JSON text, or nothing when
// the id is unknown or deleted. Errors: store_error.
[[nodiscard]] Result<std::optional<std::string>> current_data(Connection& c, std::string_view entity,
                                                              std::string_view id);

struct FeedPage {
    std::string json; // {"changes": [...], "next": N, "head": H}
    int count = 0;
    std::int64_t next = 0, head = 0;
};

// Records with seq > since, oldest first, at most `limit`. Errors: store_error.
[[nodiscard]] Result<FeedPage> feed_page(Connection& c, std::int64_t since, int limit);

// The change record line as served: {"seq":…,"entity":…,"op":…,"id":…,"data":…}.
std::string change_record(std::int64_t seq, std::string_view entity, std::string_view id, Op op,
                          std::string_view data_json);

// Wakes long-polling readers when the head moves. The server's writers call
// advanced(); a watcher thread also calls it for writes by other processes.
class FeedNotifier {
  public:
    void advanced(std::int64_t head);
    // Until head > since, the deadline, or shutdown(); returns the head it saw.
    std::int64_t wait(std::int64_t since, std::chrono::steady_clock::time_point deadline);
    void shutdown();
    bool stopping() const;
    std::int64_t head() const;

  private:
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::int64_t m_head = 0;
    bool m_stopping = false;
};

} // namespace registry
