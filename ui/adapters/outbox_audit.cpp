#include "outbox_audit.hpp"

#include "kiosk/log.hpp"
#include "kiosk/store.hpp"
#include "sync/outbox.hpp"
#include "sync/service.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

namespace ui {

struct OutboxAuditSink::Impl {
    kiosk::sync::SyncService* service = nullptr;
    // Without a service: our own connection and thread.
    std::unique_ptr<kiosk::Store> store;
    std::unique_ptr<kiosk::sync::Outbox> outbox;
    std::mutex mutex;
    std::condition_variable cv;
    std::deque<std::pair<std::string, std::string>> queue; // type, data
    bool stop = false;
    std::thread thread;

    void loop() {
        std::unique_lock lock(mutex);
        while (true) {
            cv.wait(lock, [&] { return stop || !queue.empty(); });
            if (queue.empty() && stop) return;
            auto batch = std::move(queue);
            queue.clear();
            lock.unlock();
            for (auto& [type, data] : batch)
                if (auto r = outbox->append(type, data); !r)
                    kiosk::log_line("audit", "event " + type + " not recorded: " + r.error().code);
            lock.lock();
        }
    }
};

OutboxAuditSink::OutboxAuditSink(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

kiosk::Result<std::unique_ptr<OutboxAuditSink>> OutboxAuditSink::open(const std::string& store_path,
                                                                      kiosk::sync::SyncService* service) {
    auto impl = std::make_unique<Impl>();
    impl->service = service;
    if (!service) {
        auto store = kiosk::Store::open(store_path); // read-write: it appends
        if (!store) return std::unexpected(store.error());
        auto outbox = kiosk::sync::Outbox::open(**store);
        if (!outbox) return std::unexpected(outbox.error());
        impl->store = std::move(*store);
        impl->outbox = std::move(*outbox);
        Impl* raw = impl.get();
        impl->thread = std::thread([raw] { raw->loop(); });
    }
    return std::unique_ptr<OutboxAuditSink>(new OutboxAuditSink(std::move(impl)));
}

OutboxAuditSink::~OutboxAuditSink() {
    if (m_impl->thread.joinable()) {
        {
            std::lock_guard lock(m_impl->mutex);
            m_impl->stop = true;
        }
        m_impl->cv.notify_all();
        m_impl->thread.join();
    }
}

std::string OutboxAuditSink::data_json(const kiosk::AuditEvent& e) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [key, value] : e.fields)
        std::visit([&, k = key](const auto& v) { j[k] = v; }, value);
    if (!e.actor_fin.empty()) j["actor"] = kiosk::sync::Outbox::fin_hash(e.actor_fin);
    if (!e.subject_fin.empty()) j["subject"] = kiosk::sync::Outbox::fin_hash(e.subject_fin);
    return j.dump();
}

void OutboxAuditSink::record(kiosk::AuditEvent event) {
    std::string data = data_json(event);
    for (std::string* fin : {&event.actor_fin, &event.subject_fin})
        std::fill(fin->begin(), fin->end(), '\0');
    if (m_impl->service) {
        m_impl->service->audit(std::move(event.type), std::move(data));
        return;
    }
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->queue.emplace_back(std::move(event.type), std::move(data));
    }
    m_impl->cv.notify_one();
}

kiosk::Check audit_check(const std::string& store_path) {
    kiosk::Check c;
    c.id = "audit";
    auto store = kiosk::Store::open(store_path, kiosk::OpenMode::ReadOnly);
    if (!store) {
        c.reason = store.error().code;
        return c;
    }
    auto outbox = kiosk::sync::Outbox::open(**store);
    if (!outbox) {
        c.reason = outbox.error().code;
        return c;
    }
    auto report = (*outbox)->verify();
    if (!report) {
        c.verdict = kiosk::Verdict::Fail;
        c.reason = report.error().code;
        return c;
    }
    c.facts.push_back({"checked", std::to_string(report->checked)});
    if (auto stats = (*outbox)->stats())
        c.facts.push_back({"outbox_pending", std::to_string(stats->pending)});
    c.verdict = report->ok ? kiosk::Verdict::Pass : kiosk::Verdict::Fail;
    if (!report->ok) {
        c.reason = "audit_chain_broken";
        c.facts.push_back({"broken_at", std::to_string(report->broken_at) + " (" + report->reason + ")"});
    }
    return c;
}

} // namespace ui
