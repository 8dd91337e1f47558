#include "sync/backoff.hpp"

#include <algorithm>

namespace kiosk::sync {

Backoff::Backoff(std::chrono::milliseconds min, std::chrono::milliseconds max, std::uint64_t seed)
    : m_min(std::max(min, std::chrono::milliseconds(1))), m_max(std::max(max, m_min)), m_rng(seed) {}

std::chrono::milliseconds Backoff::ceiling() const {
    // min * 2^failures, without overflowing: stop doubling once past max.
    std::int64_t c = m_min.count();
    for (int i = 0; i < m_failures && c < m_max.count(); ++i)
        c *= 2;
    return std::chrono::milliseconds(std::min(c, static_cast<std::int64_t>(m_max.count())));
}

std::chrono::milliseconds Backoff::next_delay() {
    const std::int64_t c = ceiling().count();
    if (m_failures < 62) ++m_failures;
    std::uniform_int_distribution<std::int64_t> pick(c / 2, c);
    return std::chrono::milliseconds(pick(m_rng));
}

} // namespace kiosk::sync
