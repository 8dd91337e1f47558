// Exponential backoff with jitter for retrying the registry: each failure doubles the
// ceiling (from `min` up to `max`) and the wait is drawn uniformly from
// [ceiling/2, ceiling] ("equal jitter"), so a fleet of kiosks that lost the network
// together does not come back in lockstep. A success resets it.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace kiosk::sync {

class Backoff {
  public:
    Backoff(std::chrono::milliseconds min, std::chrono::milliseconds max, std::uint64_t seed = std::random_device{}());

    // The wait before the next attempt, after one more failure.
    std::chrono::milliseconds next_delay();
    // A success: the next failure starts from `min` again.
    void reset() { m_failures = 0; }
    int failures() const { return m_failures; }
    // The ceiling the next delay is drawn under (diagnostics, tests).
    std::chrono::milliseconds ceiling() const;

  private:
    std::chrono::milliseconds m_min, m_max;
    int m_failures = 0;
    std::mt19937_64 m_rng;
};

} // namespace kiosk::sync
