#include "kiosk/worker.hpp"

namespace kiosk {

Worker::Worker(WorkerMode mode) : m_mode(mode) {
    if (m_mode == WorkerMode::Thread) m_thread = std::thread([this] { loop(); });
}

Worker::~Worker() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_tasks.clear();
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void Worker::post(std::function<void()> task) {
    if (m_mode == WorkerMode::Inline) {
        task();
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        if (m_stop) return;
        m_tasks.push_back(std::move(task));
    }
    m_cv.notify_one();
}

std::size_t Worker::pending() const {
    std::lock_guard lock(m_mutex);
    return m_tasks.size();
}

void Worker::loop() {
    while (true) {
        std::function<void()> task;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [&] { return m_stop || !m_tasks.empty(); });
            if (m_stop) return;
            task = std::move(m_tasks.front());
            m_tasks.pop_front();
        }
        task();
    }
}

} // namespace kiosk
