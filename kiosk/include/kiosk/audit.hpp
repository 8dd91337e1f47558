// The audit trail's producer side (PRODUCT §6.2, §8; issue 8): what the session and the
// devices report as audit events. The trail itself is the sync module's outbox
// (sync/outbox.hpp): append-only, hash-chained, delivered to the registry; an AuditSink
// is the thin seam between the two, so the session needs no SQL, hashing or network.
//
// Personal data: an event names people only through `actor_fin` / `subject_fin`, which
// the sink turns into the outbox's pseudonymous FIN hashes ("actor", "subject") and never
// stores as such. Fields carry codes, ids, counts and the staff's stated reason.
//
// Event types (the registry's operators read them; stable):
//   session.started      {mode, method}                      actor
//   session.ended        {mode, reason, seconds}             actor
//   identification.failed {stage: read|pin, reason}          actor when the card was read
//   staff.lookup         {reason, note, found}                actor = staff, subject = citizen
//   print.submitted      {document, notification_id, mode, copy}   actor (+ subject in staff mode)
//   print.ended          {job, state, error, mode}            actor (+ subject)
//   print.queue_action   {action, job, result, new_job}       actor = staff
//   device.fault         {device, reason}                     (no person)
//   device.recovered     {device}
//   technician.action    {action, result}                     actor = technician
//   maintenance.started / maintenance.ended / kiosk.stop_requested   actor = technician
//   config.loaded        {sha256, changed}                    (no person)
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace kiosk {

using AuditValue = std::variant<std::string, std::int64_t, bool>;

struct AuditEvent {
    std::string type; // [a-z0-9_.]{1,64}
    std::vector<std::pair<std::string, AuditValue>> fields;
    std::string actor_fin;   // personal: hashed by the sink ("actor")
    std::string subject_fin; // personal: hashed by the sink ("subject")

    AuditEvent& with(std::string key, AuditValue value) {
        fields.emplace_back(std::move(key), std::move(value));
        return *this;
    }
};

class AuditSink {
  public:
    virtual ~AuditSink() = default;
    // Records an event; never blocks the caller (the UI thread) and never fails it: an
    // event that cannot be written is counted by the outbox (its overflow record).
    virtual void record(AuditEvent event) = 0;
};

} // namespace kiosk
