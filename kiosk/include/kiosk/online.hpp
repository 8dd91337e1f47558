// What the citizen's session needs from the link to the central registry (PRODUCT §2.3,
// §6.3): the Asan İmza login, share links for signed documents, and the link's state
// for the status strip. Implemented over the registry by sync/ (sync/online.hpp); the
// session never sees HTTP. Like devices.hpp: every request returns at once, outcomes
// come back as OnlineEvents through a sink, possibly from another thread.
//
//   start_mobile_id(phone, user_id) -> MobileIdUpdated{Pending, code, expires_in}, then
//     (the service polls the registry) {Confirmed, identity} | {Rejected} | {Expired} | {Failed, error}
//   share(notification, proof)      -> ShareLinkReady{url, expires_in} | {error}
//   the link's state                -> LinkStatusChanged whenever it changes
//
// Version 1. Breaking changes:
//   v1: first version.
#pragma once

#include "kiosk/devices.hpp"
#include "kiosk/error.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>

namespace kiosk {

inline constexpr int k_online_api_version = 1;

enum class MobileIdState { Pending, Confirmed, Rejected, Expired, Failed };
std::string_view mobile_id_state_name(MobileIdState state); // "pending", ... (tests, logs)

struct MobileIdUpdated {
    std::uint64_t ticket = 0;
    MobileIdState state = MobileIdState::Pending;
    std::string code;               // Pending: the verification code the phone also shows
    std::int64_t expires_in_ms = 0; // Pending: until the registry gives up on the session
    std::optional<Identity> identity; // Confirmed: the citizen (personal; FIN and names from the replica)
    std::string proof;              // Confirmed: the session id, the citizen's proof for share links
    std::string error;              // Failed: an error code (offline, net_*, mobile_id_unknown_user, ...)
};

struct ShareLink {
    std::string url;                // what the QR code carries
    std::string expires_at;         // RFC 3339
    std::int64_t expires_in_ms = 0;
};
struct ShareLinkReady {
    std::uint64_t ticket = 0;
    Result<ShareLink> link;
};

// How the session proves to the registry which citizen asks (the registry's "proof").
struct CitizenProof {
    enum class Kind { None, MobileId } kind = Kind::None;
    std::string session; // MobileId: the confirmed mobile-ID session
};

// The link to the registry for the status strip and technician mode.
struct LinkStatusChanged {
    bool online = false;
    std::int64_t lag = -1;          // changes the registry has that the replica lacks (-1 unknown)
    std::string last_success_at;    // RFC 3339, "" never
    std::string error;              // the last failure's code, "" after a success
    bool outbox_alarm = false;
};

using OnlineEvent = std::variant<MobileIdUpdated, ShareLinkReady, LinkStatusChanged>;
using OnlineEvents = std::function<void(OnlineEvent)>;

class OnlineService {
  public:
    virtual ~OnlineService() = default;
    // Starts an Asan İmza login (phone "+994XXXXXXXXX", user id 6 digits); any earlier
    // one is abandoned. Outcome: MobileIdUpdated with this ticket until a final state.
    virtual void start_mobile_id(std::uint64_t ticket, const std::string& phone, const std::string& user_id) = 0;
    // Stops following the current login (the person went back or the session ended).
    virtual void cancel_mobile_id() = 0;
    // A short-lived link to the signed document (edoc). Outcome: ShareLinkReady.
    virtual void share(std::uint64_t ticket, const std::string& notification_id, const CitizenProof& proof) = 0;
};

} // namespace kiosk
