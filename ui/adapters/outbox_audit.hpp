// The audit trail (issue 8) on the sync module's outbox (sync/outbox.hpp): the session's
// AuditSink (kiosk/audit.hpp) turned into outbox events, and the trail's check for
// technician mode and `kiosk audit verify`. There is one chain: the outbox's.
//
//   with a sync service ([registry] configured): SyncService::audit() appends on its outbox
//     thread and delivers;
//   without one: a thread of this sink appends to the outbox in the store itself; the events
//     wait there (pending) until a kiosk with a registry link delivers them.
//
// Personal data never reaches the outbox: an event's actor_fin / subject_fin become
// "actor" / "subject" = Outbox::fin_hash() (pseudonymous), and the FIN strings are wiped.
#pragma once

#include "kiosk/audit.hpp"
#include "kiosk/diagnostics.hpp"
#include "kiosk/error.hpp"

#include <memory>
#include <string>

namespace kiosk::sync {
class SyncService;
}

namespace ui {

class OutboxAuditSink final : public kiosk::AuditSink {
  public:
    // `service` may be null (no registry link). Errors: store errors, schema_too_old.
    [[nodiscard]] static kiosk::Result<std::unique_ptr<OutboxAuditSink>>
    open(const std::string& store_path, kiosk::sync::SyncService* service);
    ~OutboxAuditSink() override; // appends what is queued, then stops
    void record(kiosk::AuditEvent event) override;

    // The event's data as the outbox stores it: its fields, "actor" and "subject" as FIN hashes.
    static std::string data_json(const kiosk::AuditEvent& event);

    struct Impl;

  private:
    explicit OutboxAuditSink(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// The "audit" check: the outbox's hash chain verified from its anchor (a read-only connection),
// with the events checked, pending and where it broke.
kiosk::Check audit_check(const std::string& store_path);

} // namespace ui
