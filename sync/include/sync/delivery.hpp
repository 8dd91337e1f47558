// Delivering what the kiosk wrote locally first: the outbox's audit events
// (POST /api/v1/events, in batches, at least once; the registry answers each id as
// accepted, duplicate or rejected, and all three count as delivered) and the last
// heartbeat (POST /api/v1/heartbeat, kept in sync_state until sent).
#pragma once

#include "kiosk/error.hpp"
#include "kiosk/store.hpp"
#include "sync/outbox.hpp"
#include "sync/transport.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace kiosk::sync {

struct Delivered {
    std::int64_t events = 0;   // acknowledged (accepted + duplicates + rejected)
    std::int64_t duplicates = 0;
    std::int64_t rejected = 0;
    std::int64_t batches = 0;
};

// Sends every pending event, oldest first, `batch` at a time; stops at the first failure
// (what was acknowledged before stays delivered). Errors: transport errors,
// malformed_body (an answer that acknowledges nothing of the batch), store errors.
[[nodiscard]] Result<Delivered> deliver_events(Outbox& outbox, Transport& transport, const std::string& kiosk_id,
                                               std::size_t batch);

// Stores `body` as the heartbeat to send (replacing an unsent one).
[[nodiscard]] Status store_heartbeat(Store& store, const std::string& body);
// The stored heartbeat when it has not been sent yet.
[[nodiscard]] Result<std::optional<std::string>> unsent_heartbeat(Store& store);
// Sends the stored heartbeat if unsent; true when one was sent.
[[nodiscard]] Result<bool> send_heartbeat(Store& store, Transport& transport);

} // namespace kiosk::sync
