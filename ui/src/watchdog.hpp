// The kiosk under systemd (packaging/systemd/kiosk.service, Type=notify): READY=1 once the
// first frame is on the screen, WATCHDOG=1 from the main loop at half the interval systemd
// asked for, STOPPING=1 on the way out. A main loop that hangs stops the pings and systemd
// restarts the kiosk. Without NOTIFY_SOCKET (development, tests) every call does nothing.
//
// The kiosk runs as a child of the compositor (cage is the service's main process), so
// WATCHDOG_PID names our parent: the watchdog is ours when WATCHDOG_PID is our own pid or
// our parent's (the unit sets NotifyAccess=all so that the child's messages count).
#pragma once

#include <chrono>
#include <cstdint>

namespace ui {

class Watchdog {
  public:
    using Clock = std::chrono::steady_clock;

    // Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID.
    static Watchdog from_environment();

    bool notifying() const { return m_notify; }
    // Interval between pings (half of WATCHDOG_USEC); zero when systemd asked for none.
    std::chrono::microseconds period() const { return m_period; }

    void ready();    // once, after the first frame
    void stopping(); // SIGTERM or the window closed
    // Called every turn of the main loop: pings when a period has passed since the last one.
    void kick(Clock::time_point now = Clock::now());
    // How long the main loop may sleep before the next ping is due (-1: no limit).
    int ms_until_due(Clock::time_point now = Clock::now()) const;

  private:
    bool m_notify = false;
    bool m_ready = false;
    std::chrono::microseconds m_period{0};
    Clock::time_point m_last{};
};

} // namespace ui
