// Turns successive snapshots of the readers into CardEvents, and raises the
// technician alert when no reader has been seen for too long. Shared by every
// backend so they report the same events in the same order.
#pragma once

#include "hal/card_reader.hpp"

#include <chrono>
#include <deque>
#include <optional>
#include <vector>

namespace hal::detail {

class ReaderWatch {
  public:
    using Clock = std::chrono::steady_clock;

    ReaderWatch(std::chrono::milliseconds alert_after, Clock::time_point start)
        : m_alert_after(alert_after), m_empty_since(start) {}

    // A new snapshot: appends what changed since the last one to `out`.
    void update(bool service_up, const std::vector<ReaderState>& readers, Clock::time_point now,
                std::deque<CardEvent>& out);
    // Raises the alert when its time has come (between snapshots).
    void tick(Clock::time_point now, std::deque<CardEvent>& out);
    // Time left before the alert fires; nullopt when none is pending.
    std::optional<std::chrono::milliseconds> until_alert(Clock::time_point now) const;
    ReaderStatus status() const { return ReaderStatus{m_service_up, m_readers, m_alert}; }

  private:
    std::chrono::milliseconds m_alert_after;
    std::optional<Clock::time_point> m_empty_since; // no reader since then
    bool m_service_up = true;
    bool m_first = true;
    bool m_alert = false;
    std::vector<ReaderState> m_readers;
};

} // namespace hal::detail
