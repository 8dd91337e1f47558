// The outbox: the kiosk's audit events, written locally first and delivered to the
// registry later (POST /api/v1/events, at least once, idempotent by event id).
//
// The log is hash-chained and append-only. Each event is
//   {ordinal, id (UUID v4), at (RFC 3339 UTC), type, data (a JSON object), prev_hash, hash}
// with hash = hex SHA-256 of the bytes
//   prev_hash "\n" id "\n" at "\n" type "\n" canonical(data)
// where canonical(data) is nlohmann::json::dump() (keys sorted, no whitespace) and
// prev_hash is the previous event's hash (64 zeros for the very first). The store's
// triggers refuse any change to an event and any removal of an undelivered one; only
// delivered events may be pruned, from the oldest, and the last pruned event's
// ordinal and hash become the anchor the chain is verified from.
//
// Personal data: `data` must not carry any; a person is referred to by fin_hash()
// at most. append() refuses objects with keys that name personal fields (fin, name,
// surname, patronymic, pin, phone, user_id, birth_date, document_number) at any depth.
//
// Bounded: beyond `max_pending` undelivered events append() refuses with outbox_full
// and counts what it refused by type; once there is room again an "outbox.overflow"
// event records those counts in the chain (nothing vanishes without a trace). From
// `alarm_at` undelivered events (or any refusal) stats().alarm is set: the heartbeat,
// `kiosk sync status` and technician mode show it.
//
// One Outbox per store connection, used from one thread.
// Version 1.
#pragma once

#include "kiosk/error.hpp"
#include "kiosk/store.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::sync {

struct OutboxLimits {
    std::int64_t max_pending = 100'000;  // undelivered events kept at most
    std::int64_t alarm_at = 10'000;      // undelivered events that raise the alarm
    std::int64_t keep_delivered = 10'000; // delivered events kept locally (the rest is pruned)
    std::size_t max_data_bytes = 4096;   // canonical data of one event
};

struct OutboxEvent {
    std::int64_t ordinal = 0;
    std::string id, at, type, data, prev_hash, hash;
    std::optional<std::string> delivered_at;
    // {"id","at","type","data","prev_hash","hash"} as PROTOCOL.md's POST /api/v1/events wants it.
    std::string to_json() const;
};

struct OutboxStats {
    std::int64_t pending = 0;       // waiting for delivery
    std::int64_t delivered = 0;     // delivered and still kept locally
    std::int64_t last_ordinal = 0;  // of the newest event
    std::int64_t dropped = 0;       // refused while full, not yet recorded by an overflow event
    std::string oldest_pending_at;  // "" when nothing waits
    bool alarm = false;
};

struct ChainReport {
    bool ok = true;
    std::int64_t checked = 0;         // events verified
    std::int64_t first_ordinal = 0;   // where verification started (anchor + 1)
    std::int64_t broken_at = 0;       // the first event that does not verify (0: none)
    std::string reason;               // gap, prev_hash_mismatch, hash_mismatch
};

class Outbox {
  public:
    [[nodiscard]] static Result<std::unique_ptr<Outbox>> open(Store& store, OutboxLimits limits = {});
    ~Outbox();

    // Appends an event. Errors: outbox_bad_event (type not [a-z0-9_.]{1,64}, data not a
    // JSON object, too large, a personal key), outbox_full, store errors.
    [[nodiscard]] Result<OutboxEvent> append(std::string_view type, std::string_view data_json);
    // The oldest undelivered events, at most `limit`.
    [[nodiscard]] Result<std::vector<OutboxEvent>> pending(std::size_t limit) const;
    // Marks events delivered (accepted or already known by the registry); unknown ids are ignored.
    [[nodiscard]] Result<std::int64_t> mark_delivered(std::span<const std::string> ids);
    // Removes the oldest delivered events beyond `keep_delivered`; returns how many.
    [[nodiscard]] Result<std::int64_t> prune();
    [[nodiscard]] Result<OutboxStats> stats() const;
    // Walks the chain from the anchor and recomputes every hash.
    [[nodiscard]] Result<ChainReport> verify() const;
    // Every event kept locally, in order (audit export).
    [[nodiscard]] Result<std::vector<OutboxEvent>> events(std::int64_t from_ordinal, std::size_t limit) const;

    const OutboxLimits& limits() const { return m_limits; }

    // hex SHA-256 of "emek-fin/v1\n" + FIN: how an event refers to a person (pseudonymous:
    // whoever knows a FIN can recompute it, nobody can read a FIN from it).
    static std::string fin_hash(std::string_view fin);
    // The chain hash of an event (see above).
    static std::string chain_hash(std::string_view prev_hash, std::string_view id, std::string_view at,
                                  std::string_view type, std::string_view canonical_data);

  private:
    Outbox(Store& store, OutboxLimits limits) : m_store(store), m_limits(limits) {}
    [[nodiscard]] Result<OutboxEvent> insert(std::string_view type, const std::string& data);
    Store& m_store;
    OutboxLimits m_limits;
};

// Current time as RFC 3339 UTC with milliseconds ("2026-11-23T10:22:00.123Z").
std::string now_rfc3339();
// A random UUID v4 (OpenSSL's RNG).
std::string uuid_v4();
// hex SHA-256.
std::string sha256_hex(std::string_view bytes);

} // namespace kiosk::sync
