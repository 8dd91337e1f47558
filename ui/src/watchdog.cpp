// systemd notifications from the kiosk's main loop (watchdog.hpp). libsystemd's sd_notify
// sends the datagrams; WATCHDOG_USEC is read here because sd_watchdog_enabled() refuses a
// WATCHDOG_PID that is not our own pid, and under cage it is our parent's.
#include "watchdog.hpp"

#include <charconv>
#include <cstdlib>
#include <string_view>
#include <systemd/sd-daemon.h>
#include <unistd.h>

namespace ui {
namespace {

bool parse_u64(const char* s, std::uint64_t& out) {
    if (!s || !*s) return false;
    std::string_view v(s);
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc() && p == v.data() + v.size();
}

} // namespace

Watchdog Watchdog::from_environment() {
    Watchdog w;
    const char* socket = std::getenv("NOTIFY_SOCKET");
    w.m_notify = socket && *socket;
    if (!w.m_notify) return w;
    std::uint64_t usec = 0, pid = 0;
    if (!parse_u64(std::getenv("WATCHDOG_USEC"), usec) || usec == 0) return w;
    if (const char* p = std::getenv("WATCHDOG_PID"); p && *p) {
        if (!parse_u64(p, pid)) return w;
        if (pid != static_cast<std::uint64_t>(getpid()) && pid != static_cast<std::uint64_t>(getppid()))
            return w; // meant for another process
    }
    w.m_period = std::chrono::microseconds(usec / 2);
    return w;
}

void Watchdog::ready() {
    if (!m_notify || m_ready) return;
    m_ready = true;
    sd_notify(0, "READY=1\nSTATUS=serving");
    m_last = Clock::now();
    if (m_period.count() > 0) sd_notify(0, "WATCHDOG=1");
}

void Watchdog::stopping() {
    if (m_notify) sd_notify(0, "STOPPING=1");
}

void Watchdog::kick(Clock::time_point now) {
    if (!m_notify || m_period.count() == 0 || !m_ready) return;
    if (now - m_last < m_period) return;
    m_last = now;
    sd_notify(0, "WATCHDOG=1");
}

int Watchdog::ms_until_due(Clock::time_point now) const {
    if (!m_notify || m_period.count() == 0 || !m_ready) return -1;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_last + m_period - now).count();
    return left < 0 ? 0 : static_cast<int>(left) + 1;
}

} // namespace ui
