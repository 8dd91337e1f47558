#include "signals.hpp"

#include <csignal>

namespace ui {
namespace {

sigset_t waited_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGUSR2); // the destructor's own wake-up
    return set;
}

} // namespace

TerminationSignals::TerminationSignals(std::function<void()> on_signal) : m_on_signal(std::move(on_signal)) {
    sigset_t set = waited_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    m_thread = std::thread([this, set] {
        for (;;) {
            int sig = 0;
            if (sigwait(&set, &sig) != 0) continue;
            if (m_stopping.load()) return;
            if (sig == SIGUSR2) continue;
            m_received = true;
            if (m_on_signal) m_on_signal();
        }
    });
}

TerminationSignals::~TerminationSignals() {
    m_stopping = true;
    pthread_kill(m_thread.native_handle(), SIGUSR2);
    m_thread.join();
}

} // namespace ui
