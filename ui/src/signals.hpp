// SIGTERM, SIGINT and SIGHUP end the kiosk cleanly: they are blocked in every thread and
// taken by a waiter thread of their own (sigwait), which reports them to the main loop.
// SDL's own handlers are off (SDL_HINT_NO_SIGNAL_HANDLERS), so that a window-close request
// and a signal are told apart: in kiosk (fullscreen) mode only a signal stops the program.
#pragma once

#include <atomic>
#include <functional>
#include <pthread.h>
#include <thread>

namespace ui {

class TerminationSignals {
  public:
    // Construct before any other thread starts: threads inherit the blocked mask.
    // `on_signal` runs on the waiter thread (it must be thread-safe, e.g. push an SDL event).
    explicit TerminationSignals(std::function<void()> on_signal);
    ~TerminationSignals();
    TerminationSignals(const TerminationSignals&) = delete;
    TerminationSignals& operator=(const TerminationSignals&) = delete;
    bool received() const { return m_received.load(); }

  private:
    std::function<void()> m_on_signal;
    std::atomic<bool> m_received{false};
    std::atomic<bool> m_stopping{false};
    std::thread m_thread;
};

} // namespace ui
