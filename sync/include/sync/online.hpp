// The kiosk's online actions over the registry (kiosk/online.hpp): the Asan İmza login
// (POST /api/v1/mobile-id/sessions, then GET .../sessions/{id} about once a second
// until confirmed, rejected or expired) and share links (POST
// /api/v1/notifications/{id}/share with the citizen's proof). One thread with its own
// transport, so an online action never waits behind the replica's long poll.
// A confirmed login's FIN is looked up in the replica for the citizen's name.
#pragma once

#include "kiosk/online.hpp"
#include "sync/service.hpp"

#include <chrono>
#include <memory>

namespace kiosk::sync {

struct OnlineOptions {
    std::chrono::milliseconds poll_interval{1000};
    int max_poll_failures = 5; // consecutive network failures while waiting: the login fails
};

class RegistryOnline final : public OnlineService {
  public:
    // Errors: transport_config.
    [[nodiscard]] static Result<std::unique_ptr<RegistryOnline>> start(const SyncSettings& settings, OnlineEvents events,
                                                                       OnlineOptions options = {});
    ~RegistryOnline() override;
    void start_mobile_id(std::uint64_t ticket, const std::string& phone, const std::string& user_id) override;
    void cancel_mobile_id() override;
    void share(std::uint64_t ticket, const std::string& notification_id, const CitizenProof& proof) override;

  private:
    struct Impl;
    explicit RegistryOnline(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// Seconds from now until an RFC 3339 instant (negative when past); nullopt when unreadable.
std::optional<std::int64_t> seconds_until(std::string_view rfc3339);

} // namespace kiosk::sync
