#include "print_queue_service.hpp"

#include "kiosk/sqlite.hpp"
#include "kiosk/store.hpp"
#include "printer_facts.hpp"
#include "printer/diagnostics.hpp"
#include "printer/queue.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <thread>

namespace ui {
namespace {

printer::DocumentKind to_printer(kiosk::DocumentKind k) {
    return k == kiosk::DocumentKind::Registration ? printer::DocumentKind::Registration
                                                  : printer::DocumentKind::Notification;
}

kiosk::JobState to_session(printer::JobState s) {
    switch (s) {
    case printer::JobState::Queued:
    case printer::JobState::Submitting:
        return kiosk::JobState::Queued;
    case printer::JobState::Printing:
        return kiosk::JobState::Printing;
    case printer::JobState::Held:
        return kiosk::JobState::Held;
    case printer::JobState::Completed:
        return kiosk::JobState::Completed;
    case printer::JobState::Failed:
        return kiosk::JobState::Failed;
    case printer::JobState::Canceled:
        return kiosk::JobState::Canceled;
    }
    return kiosk::JobState::Queued;
}

} // namespace

kiosk::QueueJob to_queue_job(const printer::PrintJob& j) {
    kiosk::QueueJob q;
    q.id = j.id;
    q.document = std::string(printer::document_name(j.document));
    q.notification_id = j.notification_id;
    q.state = to_session(j.state);
    q.pages = static_cast<int>(j.pages);
    q.pages_printed = static_cast<int>(j.pages_printed);
    q.copy_number = j.copy_number;
    q.error = j.last_error;
    q.created_at = j.created_at;
    return q;
}

struct QueuePrintService::Impl {
    PrintQueueOptions options;
    kiosk::DeviceEvents events;
    kiosk::ModeEvents mode_events;
    // The report a Diagnostics job prints (set by print_report, read on the worker).
    std::mutex report_mutex;
    std::optional<kiosk::DiagnosticsReport> report;
    // Worker-only state.
    std::unique_ptr<kiosk::Store> store;
    std::unique_ptr<hal::Printer> device;
    std::unique_ptr<printer::PrintQueue> queue;
    struct Followed {
        std::uint64_t ticket;
        kiosk::PrintJobUpdated last;
        bool reported = false;
    };
    std::map<std::int64_t, Followed> followed; // job id -> what the session last heard
    kiosk::PrinterInfo last_printer;
    std::chrono::steady_clock::time_point next_status{};
    // Shared with the caller's thread.
    std::mutex mutex;
    std::condition_variable cv;
    std::deque<std::function<void()>> tasks;
    bool stop = false;
    std::thread thread;

    void post(std::function<void()> f) {
        {
            std::lock_guard lock(mutex);
            tasks.push_back(std::move(f));
        }
        cv.notify_one();
    }

    kiosk::Status start() {
        auto s = kiosk::Store::open(options.store_path);
        if (!s) return std::unexpected(s.error());
        store = std::move(*s);
        auto p = hal::open_printer(options.printer_uri);
        if (!p) return std::unexpected(p.error());
        device = std::move(*p);
        printer::QueueOptions qo;
        qo.spool_dir = options.spool_dir;
        qo.kiosk_id = options.kiosk_id;
        qo.version = options.version;
        qo.diagnostics = [this](kiosk::Lang lang) -> std::optional<printer::DiagnosticsReport> {
            std::lock_guard lock(report_mutex);
            if (!report) return std::nullopt;
            return printer::report_document(*report, lang);
        };
        auto q = printer::PrintQueue::open(*store, *device, qo);
        if (!q) return std::unexpected(q.error());
        queue = std::move(*q);
        return {};
    }

    void report_printer(bool force) {
        auto now = std::chrono::steady_clock::now();
        if (!force && now < next_status) return;
        next_status = now + std::chrono::seconds(2);
        auto st = device->status();
        kiosk::PrinterInfo info;
        info.known = true;
        if (st) {
            info.printing = st->state == hal::PrinterState::Processing;
            info.reasons = st->reasons; // hal::PrinterReason and kiosk::PrinterReason share their bits
        } else {
            info.reasons = static_cast<std::uint32_t>(kiosk::PrinterReason::Offline);
        }
        if (force || info.reasons != last_printer.reasons || info.printing != last_printer.printing) {
            last_printer = info;
            events(kiosk::PrinterStatusChanged{info});
        }
    }

    int next_copy(kiosk::DocumentKind kind, const std::string& id) {
        // The same rule as the queue's: earlier jobs of this document that printed or may still print.
        auto stmt = kiosk::sql::Stmt::prepare(
            store->handle(), "SELECT count(*) FROM print_job WHERE document = ?1 AND notification_id = ?2"
                             " AND (state NOT IN ('failed', 'canceled') OR pages_printed > 0)");
        if (!stmt) return 1;
        std::string_view doc = printer::document_name(to_printer(kind));
        stmt->bind(1, doc);
        stmt->bind(2, std::string_view(id));
        auto row = stmt->step();
        return row && *row ? 1 + static_cast<int>(stmt->column_int(0)) : 1;
    }

    void follow() {
        if (!queue) return;
        (void)queue->poll(); // printer faults are job states, not errors
        for (auto it = followed.begin(); it != followed.end();) {
            auto job = queue->job(it->first);
            if (!job) {
                ++it;
                continue;
            }
            kiosk::PrintJobUpdated u;
            u.ticket = it->second.ticket;
            u.job = job->id;
            u.state = to_session(job->state);
            u.pages = static_cast<int>(job->pages);
            u.pages_printed = static_cast<int>(job->pages_printed);
            u.copy_number = job->copy_number;
            // A job that has just been held: ask the printer why now, not at the next status round.
            if (u.state == kiosk::JobState::Held &&
                (!it->second.reported || it->second.last.state != u.state))
                report_printer(true);
            u.reasons = u.state == kiosk::JobState::Held ? last_printer.reasons : 0;
            u.error = u.state == kiosk::JobState::Failed ? job->last_error : std::string();
            const auto& l = it->second.last;
            if (!it->second.reported || l.state != u.state || l.pages != u.pages ||
                l.pages_printed != u.pages_printed || l.reasons != u.reasons) {
                it->second.last = u;
                it->second.reported = true;
                events(u);
            }
            it = kiosk::is_final(u.state) ? followed.erase(it) : std::next(it);
        }
    }

    void loop() {
        std::unique_lock lock(mutex);
        while (!stop) {
            cv.wait_for(lock,
                        followed.empty() ? std::chrono::milliseconds(1000) : std::chrono::milliseconds(150),
                        [&] { return stop || !tasks.empty(); });
            if (stop) break;
            auto batch = std::move(tasks);
            tasks.clear();
            lock.unlock();
            for (auto& t : batch)
                t();
            if (queue) {
                report_printer(false);
                follow();
            }
            lock.lock();
        }
    }
};

QueuePrintService::QueuePrintService(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

kiosk::Result<std::unique_ptr<QueuePrintService>> QueuePrintService::open(const PrintQueueOptions& options,
                                                                          kiosk::DeviceEvents events,
                                                                          kiosk::ModeEvents mode_events) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->events = std::move(events);
    impl->mode_events = std::move(mode_events);
    std::promise<kiosk::Status> started;
    auto result = started.get_future();
    Impl* raw = impl.get();
    impl->post([raw, &started] {
        auto ok = raw->start();
        if (ok) raw->report_printer(true);
        started.set_value(ok);
    });
    impl->thread = std::thread([raw] { raw->loop(); });
    kiosk::Status ok = result.get();
    std::unique_ptr<QueuePrintService> service(new QueuePrintService(std::move(impl)));
    if (!ok) return std::unexpected(ok.error());
    return service;
}

QueuePrintService::~QueuePrintService() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stop = true;
    }
    m_impl->cv.notify_all();
    if (m_impl->thread.joinable()) m_impl->thread.join();
}

void QueuePrintService::preview(std::uint64_t ticket, const kiosk::PrintRequest& request) {
    Impl* impl = m_impl.get();
    impl->post([impl, ticket, request] {
        // The preview tells whether the printer is ready: with its state as of now.
        impl->report_printer(true);
        printer::RenderContext ctx;
        ctx.lang = request.lang;
        ctx.kiosk_id = impl->options.kiosk_id;
        ctx.copy_number = impl->next_copy(request.document, request.notification_id);
        auto doc = printer::render_document(*impl->store, to_printer(request.document),
                                            request.notification_id, ctx);
        if (!doc) {
            impl->events(kiosk::PreviewReady{ticket, std::unexpected(doc.error())});
            return;
        }
        impl->events(kiosk::PreviewReady{ticket, kiosk::PrintPreview{doc->pages, ctx.copy_number}});
    });
}

void QueuePrintService::submit(std::uint64_t ticket, const kiosk::PrintRequest& request) {
    Impl* impl = m_impl.get();
    impl->post([impl, ticket, request] {
        auto job = impl->queue->enqueue(
            printer::PrintRequest{to_printer(request.document), request.notification_id, request.lang});
        if (!job) {
            kiosk::PrintJobUpdated u;
            u.ticket = ticket;
            u.state = kiosk::JobState::Failed;
            u.error = job.error().code;
            impl->events(u);
            return;
        }
        impl->followed[job->id] = Impl::Followed{ticket, {}, false};
        impl->follow();
    });
}

void QueuePrintService::forget_jobs() {
    // The jobs stay in the durable queue (and are polled on until they end); only the
    // reports to the ended session stop.
    Impl* impl = m_impl.get();
    impl->post([impl] {
        for (auto& [id, f] : impl->followed)
            f.ticket = 0;
    });
}

// --- staff: the queue ----------------------------------------------------------------------

void QueuePrintService::list_jobs(std::uint64_t ticket) {
    Impl* impl = m_impl.get();
    impl->post([impl, ticket] {
        auto run = [&]() -> kiosk::Result<std::vector<kiosk::QueueJob>> {
            if (!impl->queue) return kiosk::fail("printer_unavailable", "no queue");
            auto active = impl->queue->active_jobs();
            if (!active) return std::unexpected(active.error());
            auto recent = impl->queue->recent_jobs(30);
            if (!recent) return std::unexpected(recent.error());
            std::vector<kiosk::QueueJob> out;
            for (const auto& j : *active)
                out.push_back(to_queue_job(j));
            for (const auto& j : *recent)
                if (printer::is_final(j.state)) out.push_back(to_queue_job(j));
            return out;
        };
        if (impl->mode_events) impl->mode_events(kiosk::JobsListed{ticket, run()});
    });
}

void QueuePrintService::job_action(std::uint64_t ticket, kiosk::JobAction action, std::int64_t job) {
    Impl* impl = m_impl.get();
    impl->post([impl, ticket, action, job] {
        kiosk::Result<std::int64_t> result = kiosk::fail("printer_unavailable", "no queue");
        if (impl->queue) {
            if (action == kiosk::JobAction::Reprint) {
                auto j = impl->queue->reprint(job);
                result = j ? kiosk::Result<std::int64_t>(j->id) : std::unexpected(j.error());
            } else {
                auto ok =
                    action == kiosk::JobAction::Resume ? impl->queue->resume(job) : impl->queue->cancel(job);
                result = ok ? kiosk::Result<std::int64_t>(job) : std::unexpected(ok.error());
            }
            impl->follow(); // a resumed job may go to the printer now
        }
        if (impl->mode_events)
            impl->mode_events(kiosk::JobActionDone{ticket, action, job, std::move(result)});
    });
}

// --- technicians: the printer's probe ----------------------------------------------------------

namespace {

// Runs `f` on the worker and waits for its result (the technician's thread, never the UI's).
template <typename F> auto on_worker(QueuePrintService::Impl* impl, F f) -> decltype(f()) {
    std::promise<decltype(f())> done;
    auto result = done.get_future();
    impl->post([&] { done.set_value(f()); });
    return result.get();
}

} // namespace

kiosk::PrinterFacts QueuePrintService::printer_facts() {
    Impl* impl = m_impl.get();
    return on_worker(impl, [impl] { return ui::printer_facts(*impl->device, *impl->store); });
}

namespace {

// Queues a technician's document and follows it to its end. A job the printer holds
// (not ready) is canceled at once and fails with the printer's reason: a technician's
// page does not wait in the citizens' queue.
kiosk::Check print_and_follow(QueuePrintService::Impl* impl, printer::DocumentKind kind, kiosk::Lang lang,
                              std::string check_id, std::chrono::milliseconds timeout) {
    kiosk::Check c;
    c.id = std::move(check_id);
    auto job = on_worker(impl, [&]() -> kiosk::Result<printer::PrintJob> {
        if (!impl->queue) return kiosk::fail("printer_unavailable", "no queue");
        return impl->queue->enqueue(printer::PrintRequest{kind, {}, lang});
    });
    if (!job) {
        c.verdict = kiosk::Verdict::Fail;
        c.reason = job.error().code;
        return c;
    }
    c.facts.push_back({"job", std::to_string(job->id)});
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        auto now = on_worker(impl, [&]() -> kiosk::Result<printer::PrintJob> {
            (void)impl->queue->poll();
            return impl->queue->job(job->id);
        });
        if (!now) {
            c.verdict = kiosk::Verdict::Fail;
            c.reason = now.error().code;
            return c;
        }
        if (printer::is_final(now->state)) {
            c.verdict =
                now->state == printer::JobState::Completed ? kiosk::Verdict::Pass : kiosk::Verdict::Fail;
            if (c.verdict == kiosk::Verdict::Fail)
                c.reason = now->last_error.empty() ? "job_" + std::string(printer::job_state_name(now->state))
                                                   : now->last_error;
            c.facts.push_back(
                {"pages", std::to_string(now->pages_printed) + " / " + std::to_string(now->pages)});
            return c;
        }
        bool held = now->state == printer::JobState::Held;
        if (held || std::chrono::steady_clock::now() >= deadline) {
            c.verdict = kiosk::Verdict::Fail;
            c.reason = held && !now->last_error.empty() ? now->last_error
                       : held                           ? "printer_not_ready"
                                                        : "print_timeout";
            on_worker(impl, [&] { return impl->queue->cancel(job->id).has_value(); });
            return c;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

} // namespace

kiosk::Check QueuePrintService::print_test_page(kiosk::Lang lang, std::chrono::milliseconds timeout) {
    return print_and_follow(m_impl.get(), printer::DocumentKind::TestPage, lang, "printer_test_page",
                            timeout);
}

kiosk::Check QueuePrintService::print_report(const kiosk::DiagnosticsReport& report, kiosk::Lang lang,
                                             std::chrono::milliseconds timeout) {
    {
        std::lock_guard lock(m_impl->report_mutex);
        m_impl->report = report;
    }
    return print_and_follow(m_impl.get(), printer::DocumentKind::Diagnostics, lang, "report", timeout);
}

} // namespace ui
