// The kiosk's sync service: three background threads over the store, each with its own
// connection (and transport), none of them ever blocking the UI:
//   replica   catches up with the change feed, then long-polls it (sync/replica.hpp);
//   outbox    appends audit events, writes and sends heartbeats, delivers the outbox in
//             batches (sync/outbox.hpp, POST /api/v1/events and /heartbeat);
//   verifier  checks the replica's signatures at low priority once the replica caught
//             up (sync/signature.hpp); a person's records are checked on demand first.
// Failures back off exponentially with jitter (sync/backoff.hpp); the link's state is
// kept in the store (sync_state) and reported through a callback.
#pragma once

#include "kiosk/error.hpp"
#include "sync/outbox.hpp"
#include "sync/replica.hpp"
#include "sync/transport.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace kiosk {
struct KioskConfig;
}

namespace kiosk::sync {

struct SyncSettings {
    std::string store_path;
    std::string kiosk_id;
    std::string version = "0";
    TransportConfig transport;
    std::string signer_ca; // the CA of document signers (default: the registry's CA)
    ReplicaOptions replica;
    OutboxLimits outbox;
    std::chrono::milliseconds backoff_min{1'000}, backoff_max{60'000};
    std::chrono::seconds heartbeat_interval{60};
    std::size_t event_batch = 200;
    bool verify_in_background = true;
};

// The settings of a kiosk configuration with a [registry] section.
// Errors: config_invalid (no [registry]), transport_config (the client certificate's CN
// is not the kiosk id, or it cannot be read).
[[nodiscard]] Result<SyncSettings> settings_from(const KioskConfig& config);

// What the status strip, `kiosk sync status` and the heartbeat tell about the link.
struct SyncStatus {
    bool online = false;             // the last exchange with the registry succeeded
    bool caught_up = false;          // the replica reached the registry's head at least once since start
    std::int64_t cursor = 0;         // last change applied
    std::int64_t head = -1;          // the registry's head at the last answer (-1: never heard)
    std::string last_success_at;     // RFC 3339 UTC, "" never
    std::string last_attempt_at;
    std::string last_error;          // code of the last failure, "" after a success
    std::string last_error_detail;
    std::string last_error_at;
    std::int64_t outbox_pending = 0;
    std::int64_t outbox_dropped = 0;
    bool outbox_alarm = false;
    std::int64_t quarantined = 0;
    std::int64_t signatures_valid = 0, signatures_invalid = 0, signatures_unchecked = 0;
    std::int64_t lag() const { return head < 0 ? -1 : std::max<std::int64_t>(0, head - cursor); }
};

// Records an exchange with the registry in sync_state: a success (error null; `head` the
// registry's head if known) or a failure with its classified code.
[[nodiscard]] Status record_attempt(Store& store, const std::optional<std::int64_t>& head, const Error* error);

// Reads the status kept in the store (`kiosk sync status`; another process may be syncing).
[[nodiscard]] Result<SyncStatus> read_status(Store& store, const OutboxLimits& limits = {});

// What the kiosk program reports as proof of life in each heartbeat.
struct ProofOfLife {
    std::uint64_t frames = 0;                   // frames drawn since start
    std::string screen;                         // the current screen's name
    std::map<std::string, std::string> devices; // device -> state ("card_reader" -> "ok", "printer" -> "media_empty")
};

// The heartbeat of PROTOCOL.md: {"kiosk_id", "version", "at", "devices", "sync"}; the proof
// of life is devices.screen {"shows": screen, "frames": drawn since start, "uptime_s"}, the
// outbox's size and alarm are in "sync".
std::string make_heartbeat(const std::string& kiosk_id, const std::string& version, const SyncStatus& status,
                           const ProofOfLife& proof, std::int64_t uptime_s);

class SyncService {
  public:
    using StatusSink = std::function<void(const SyncStatus&)>;
    // Opens the store read-write (creating and migrating it) before returning, so the
    // read-only users that start next find it at the current schema.
    // Errors: store errors, transport_config.
    [[nodiscard]] static Result<std::unique_ptr<SyncService>> start(SyncSettings settings, StatusSink sink = {});
    ~SyncService(); // stops and joins every thread (a request in flight is cancelled)
    SyncService(const SyncService&) = delete;
    SyncService& operator=(const SyncService&) = delete;

    // Retry now instead of waiting out the backoff ("sync now").
    void sync_now();
    // Appends an audit event on the outbox thread (never blocks). See Outbox::append.
    void audit(std::string type, std::string data_json);
    // The heartbeat's proof of life (any thread; cheap).
    void set_proof_of_life(ProofOfLife proof);
    SyncStatus status() const;
    const SyncSettings& settings() const;

  private:
    struct Impl;
    explicit SyncService(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace kiosk::sync
