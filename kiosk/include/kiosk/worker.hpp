// Background work for the UI thread, which must never block (PRODUCT §9): a Worker
// runs tasks in order on its own thread; an EventQueue carries results back to the
// UI thread and wakes it.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kiosk {

enum class WorkerMode {
    Thread, // tasks run on the worker's own thread (the kiosk)
    Inline, // tasks run at once in the caller (deterministic state-machine tests)
};

class Worker {
  public:
    explicit Worker(WorkerMode mode = WorkerMode::Thread);
    // Finishes the task in progress, drops the rest, joins.
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void post(std::function<void()> task);
    // Tasks waiting (not counting the one running).
    std::size_t pending() const;
    WorkerMode mode() const { return m_mode; }

  private:
    void loop();
    WorkerMode m_mode;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<std::function<void()>> m_tasks;
    bool m_stop = false;
    std::thread m_thread;
};

// A multi-producer queue drained by one consumer; `notify` is called after each push
// (the UI posts an SDL event there to wake its loop).
template <typename T> class EventQueue {
  public:
    void set_notify(std::function<void()> notify) {
        std::lock_guard lock(m_mutex);
        m_notify = std::move(notify);
    }
    void push(T event) {
        std::function<void()> notify;
        {
            std::lock_guard lock(m_mutex);
            m_events.push_back(std::move(event));
            notify = m_notify;
        }
        if (notify) notify();
    }
    std::vector<T> drain() {
        std::lock_guard lock(m_mutex);
        std::vector<T> out(std::make_move_iterator(m_events.begin()),
                           std::make_move_iterator(m_events.end()));
        m_events.clear();
        return out;
    }
    bool empty() const {
        std::lock_guard lock(m_mutex);
        return m_events.empty();
    }

  private:
    mutable std::mutex m_mutex;
    std::deque<T> m_events;
    std::function<void()> m_notify;
};

} // namespace kiosk
