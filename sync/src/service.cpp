// The sync service (sync/service.hpp).
//
// Sections: settings · status in the store · the service (threads: replica, outbox, verifier)
#include "sync/service.hpp"

#include "kiosk/config.hpp"
#include "kiosk/sqlite.hpp"
#include "sync/backoff.hpp"
#include "sync/delivery.hpp"
#include "sync/signature.hpp"

#include <nlohmann/json.hpp>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

namespace kiosk::sync {

// --- settings ---------------------------------------------------------------------------

namespace {

Result<std::string> certificate_cn(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return fail("transport_config", "client certificate unreadable: " + path);
    X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    if (!cert) return fail("transport_config", "not a PEM certificate: " + path);
    char buf[256] = {};
    int n = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, buf, sizeof buf);
    X509_free(cert);
    if (n < 0) return fail("transport_config", "the client certificate has no CN: " + path);
    return std::string(buf);
}

} // namespace

Result<SyncSettings> settings_from(const KioskConfig& config) {
    if (!config.registry) return fail("config_invalid", config.source + ": no [registry] section");
    const RegistryConfig& r = *config.registry;
    SyncSettings s;
    s.store_path = config.store_path;
    s.kiosk_id = config.kiosk_id;
#ifdef EMEK_VERSION
    s.version = EMEK_VERSION;
#endif
    s.transport.base_url = r.url;
    s.transport.ca_file = r.ca;
    s.transport.cert_file = r.cert;
    s.transport.key_file = r.key;
    s.transport.proxy = r.proxy;
    s.transport.connect_timeout = std::chrono::seconds(r.connect_timeout_s);
    s.transport.read_timeout = std::chrono::seconds(r.read_timeout_s);
    s.transport.gzip = r.gzip;
    s.transport.user_agent = "emek-kiosk/" + s.version;
    s.signer_ca = r.signer_ca.empty() ? r.ca : r.signer_ca;
    s.replica.page_size = r.page_size;
    s.replica.long_poll = std::chrono::seconds(r.long_poll_s);
    s.outbox.max_pending = r.outbox_max;
    s.outbox.alarm_at = r.outbox_alarm;
    s.backoff_min = std::chrono::milliseconds(r.backoff_min_ms);
    s.backoff_max = std::chrono::seconds(r.backoff_max_s);
    s.heartbeat_interval = std::chrono::seconds(r.heartbeat_s);
    s.verify_in_background = r.verify_in_background;
    // The registry knows the kiosk by its certificate: a different kiosk_id would be refused.
    if (!r.cert.empty()) {
        auto cn = certificate_cn(r.cert);
        if (!cn) return std::unexpected(cn.error());
        if (*cn != config.kiosk_id)
            return fail("transport_config", "kiosk_id \"" + config.kiosk_id + "\" is not the client certificate's CN \"" +
                                                *cn + "\"");
    }
    return s;
}

// --- status in the store ----------------------------------------------------------------

Status record_attempt(Store& store, const std::optional<std::int64_t>& head, const Error* error) {
    auto s = sql::Stmt::prepare(store.handle(), R"sql(
        UPDATE sync_state SET
            head_seq = coalesce(?1, head_seq),
            last_attempt_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            last_success_at = CASE WHEN ?2 IS NULL THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE last_success_at END,
            last_error = ?2,
            last_error_detail = CASE WHEN ?2 IS NULL THEN last_error_detail ELSE ?3 END,
            last_error_at = CASE WHEN ?2 IS NULL THEN last_error_at ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END
        WHERE id = 1)sql");
    if (!s) return std::unexpected(s.error());
    if (head)
        s->bind(1, *head);
    else
        s->bind_null(1);
    s->bind_opt(2, error ? std::optional<std::string_view>(error->code) : std::nullopt);
    s->bind_opt(3, error ? std::optional<std::string_view>(error->detail) : std::nullopt);
    return s->run();
}

namespace {

std::int64_t scalar(Store& store, std::string_view q) {
    auto s = sql::Stmt::prepare(store.handle(), q);
    if (!s) return 0;
    auto row = s->step();
    return row && *row ? s->column_int(0) : 0;
}

} // namespace

Result<SyncStatus> read_status(Store& store, const OutboxLimits& limits) {
    SyncStatus st;
    auto cursor = store.feed_cursor();
    if (!cursor) return std::unexpected(cursor.error());
    st.cursor = *cursor;
    auto s = sql::Stmt::prepare(store.handle(), "SELECT head_seq, last_attempt_at, last_success_at, last_error, "
                                                "last_error_detail, last_error_at FROM sync_state WHERE id = 1");
    if (!s) return std::unexpected(s.error());
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (*row) {
        st.head = s->column_is_null(0) ? -1 : s->column_int(0);
        st.last_attempt_at = s->column_opt_text(1).value_or("");
        st.last_success_at = s->column_opt_text(2).value_or("");
        st.last_error = s->column_opt_text(3).value_or("");
        st.last_error_detail = s->column_opt_text(4).value_or("");
        st.last_error_at = s->column_opt_text(5).value_or("");
    }
    s->reset();
    st.online = !st.last_success_at.empty() && st.last_error.empty();
    st.caught_up = st.head >= 0 && st.cursor >= st.head;
    auto outbox = Outbox::open(store, limits);
    if (!outbox) return std::unexpected(outbox.error());
    auto os = (*outbox)->stats();
    if (!os) return std::unexpected(os.error());
    st.outbox_pending = os->pending;
    st.outbox_dropped = os->dropped;
    st.outbox_alarm = os->alarm;
    st.quarantined = scalar(store, "SELECT count(*) FROM quarantine");
    st.signatures_valid = scalar(store, "SELECT count(*) FROM signature_check WHERE result = 'valid'");
    st.signatures_invalid = scalar(store, "SELECT count(*) FROM signature_check WHERE result = 'invalid'");
    st.signatures_unchecked =
        scalar(store, "SELECT count(*) FROM notification n WHERE n.status <> 'entered' AND NOT EXISTS "
                      "(SELECT 1 FROM signature_check sc WHERE sc.id = n.id AND sc.seq = n.seq)");
    return st;
}

// --- heartbeat ---------------------------------------------------------------------------

std::string make_heartbeat(const std::string& kiosk_id, const std::string& version, const SyncStatus& st,
                           const ProofOfLife& proof, std::int64_t uptime_s) {
    nlohmann::json devices = nlohmann::json::object();
    for (const auto& [k, v] : proof.devices) devices[k] = v;
    // The proof of life: the screen is a device too (frames drawn since start, what it shows).
    devices["screen"] = {{"shows", proof.screen}, {"frames", proof.frames}, {"uptime_s", uptime_s}};
    nlohmann::json sync = {{"cursor", st.cursor},
                           {"head", st.head},
                           {"lag", st.lag()},
                           {"caught_up", st.caught_up},
                           {"last_success_at", st.last_success_at},
                           {"last_error", st.last_error},
                           {"outbox_pending", st.outbox_pending},
                           {"outbox_dropped", st.outbox_dropped},
                           {"outbox_alarm", st.outbox_alarm},
                           {"quarantined", st.quarantined},
                           {"signatures_invalid", st.signatures_invalid}};
    nlohmann::json body = {{"kiosk_id", kiosk_id},
                           {"version", version},
                           {"at", now_rfc3339()},
                           {"devices", devices},
                           {"sync", sync}};
    return body.dump();
}

// --- the service ------------------------------------------------------------------------------

struct SyncService::Impl {
    SyncSettings settings;
    StatusSink sink;
    std::unique_ptr<Store> first_store; // opened (and migrated) by start(); the replica thread's

    mutable std::mutex mutex; // guards everything below and the waits
    std::condition_variable wake_replica, wake_outbox, wake_verifier;
    bool stopping = false;
    bool sync_now_replica = false, sync_now_outbox = false;
    bool replica_changed = false;
    SyncStatus status;
    std::deque<std::pair<std::string, std::string>> audit_queue;
    ProofOfLife proof;
    std::vector<Transport*> transports; // to cancel requests in flight at stop
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    std::thread replica_thread, outbox_thread, verifier_thread;

    void publish() {
        SyncStatus copy;
        {
            std::lock_guard lock(mutex);
            copy = status;
        }
        if (sink) sink(copy);
    }

    void register_transport(Transport* t) {
        std::lock_guard lock(mutex);
        transports.push_back(t);
        if (stopping) t->cancel();
    }
    void unregister_transport(Transport* t) {
        std::lock_guard lock(mutex);
        std::erase(transports, t);
    }

    // Waits until `deadline`, stop, or `flag` (cleared when seen). False when stopping.
    bool wait(std::condition_variable& cv, std::chrono::steady_clock::time_point deadline, bool* flag) {
        std::unique_lock lock(mutex);
        cv.wait_until(lock, deadline, [&] { return stopping || (flag && *flag); });
        if (flag) *flag = false;
        return !stopping;
    }
    bool stopped() const {
        std::lock_guard lock(mutex);
        return stopping;
    }

    void note(Store& store, const std::optional<std::int64_t>& head, const Error* error, std::int64_t cursor) {
        if (auto r = record_attempt(store, head, error); !r)
            std::fprintf(stderr, "sync: cannot record the link's state: %s\n", r.error().detail.c_str());
        bool changed = false;
        {
            std::lock_guard lock(mutex);
            SyncStatus before = status;
            if (head) status.head = *head;
            if (cursor >= 0) status.cursor = cursor;
            status.last_attempt_at = now_rfc3339();
            if (error) {
                status.online = false;
                status.last_error = error->code;
                status.last_error_detail = error->detail;
                status.last_error_at = status.last_attempt_at;
            } else {
                status.online = true;
                status.last_error.clear();
                status.last_success_at = status.last_attempt_at;
            }
            changed = before.online != status.online || before.head != status.head || before.cursor != status.cursor ||
                      before.last_error != status.last_error || before.caught_up != status.caught_up;
        }
        if (changed) publish();
    }

    // --- replica ---
    void replica_loop() {
        std::unique_ptr<Store> store = std::move(first_store);
        auto transport = Transport::open(settings.transport);
        if (!transport) return fatal(*store, transport.error());
        register_transport(transport->get());
        auto replica = Replica::open(*store, **transport, settings.replica);
        if (!replica) return fatal(*store, replica.error());
        Backoff backoff(settings.backoff_min, settings.backoff_max);
        bool caught_up = false;
        std::stop_source stop_source;
        while (!stopped()) {
            std::optional<Error> error;
            if (!caught_up) {
                auto on_page = [&](const PageApplied& p) {
                    note(*store, p.head, nullptr, p.next);
                    if (stopped()) stop_source.request_stop();
                };
                auto c = (*replica)->catch_up(on_page, stop_source.get_token());
                if (c) {
                    caught_up = c->cursor >= c->head;
                    note(*store, c->head, nullptr, c->cursor);
                    if (caught_up) {
                        std::lock_guard lock(mutex);
                        status.caught_up = true;
                        replica_changed = true;
                    }
                    wake_verifier.notify_all();
                    publish();
                } else {
                    error = c.error();
                }
            } else {
                auto p = (*replica)->poll(settings.replica.long_poll);
                if (p) {
                    note(*store, p->head, nullptr, p->next);
                    if (p->next < p->head) caught_up = false; // more than one page behind: catch up
                    if (p->records > 0) {
                        {
                            std::lock_guard lock(mutex);
                            replica_changed = true;
                        }
                        wake_verifier.notify_all();
                    }
                } else {
                    error = p.error();
                }
            }
            if (!error) {
                backoff.reset();
                continue;
            }
            if (error->code == "net_cancelled") break;
            auto cursor = store->feed_cursor();
            note(*store, std::nullopt, &*error, cursor ? *cursor : -1);
            if (error->code.starts_with("store_")) std::fprintf(stderr, "sync: %s\n", error->detail.c_str());
            auto delay = backoff.next_delay();
            if (!wait(wake_replica, std::chrono::steady_clock::now() + delay, &sync_now_replica)) break;
        }
        unregister_transport(transport->get());
    }

    void fatal(Store& store, const Error& e) {
        std::fprintf(stderr, "sync: cannot start: %s: %s\n", e.code.c_str(), e.detail.c_str());
        note(store, std::nullopt, &e, -1);
    }

    // --- outbox and heartbeat ---
    std::string heartbeat_body() {
        SyncStatus st;
        ProofOfLife pol;
        {
            std::lock_guard lock(mutex);
            st = status;
            pol = proof;
        }
        auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
        return make_heartbeat(settings.kiosk_id, settings.version, st, pol, uptime.count());
    }

    void outbox_loop() {
        auto store = Store::open(settings.store_path);
        if (!store) return (void)std::fprintf(stderr, "sync: outbox: %s\n", store.error().detail.c_str());
        auto outbox = Outbox::open(**store, settings.outbox);
        auto transport = Transport::open(settings.transport);
        if (!outbox || !transport) return;
        register_transport(transport->get());
        Backoff backoff(settings.backoff_min, settings.backoff_max);
        using clock = std::chrono::steady_clock;
        auto next_heartbeat = clock::now() + std::chrono::seconds(2); // the first one soon after start
        auto retry_at = clock::now();
        auto next_prune = clock::now();
        while (!stopped()) {
            // 1. Audit events from the kiosk, written locally first.
            std::deque<std::pair<std::string, std::string>> todo;
            {
                std::lock_guard lock(mutex);
                todo.swap(audit_queue);
            }
            for (auto& [type, data] : todo)
                if (auto r = (*outbox)->append(type, data); !r)
                    std::fprintf(stderr, "sync: audit event %s not recorded: %s\n", type.c_str(), r.error().code.c_str());
            // 2. The heartbeat, also stored first (the last one is kept until sent).
            if (clock::now() >= next_heartbeat) {
                if (auto r = store_heartbeat(**store, heartbeat_body()); !r)
                    std::fprintf(stderr, "sync: heartbeat not stored: %s\n", r.error().detail.c_str());
                next_heartbeat = clock::now() + settings.heartbeat_interval;
            }
            // 3. Delivery when due.
            auto stats = (*outbox)->stats();
            auto heartbeat = unsent_heartbeat(**store);
            const bool work = (stats && stats->pending > 0) || (heartbeat && *heartbeat);
            if (work && clock::now() >= retry_at) {
                Status ok;
                if (auto d = deliver_events(**outbox, **transport, settings.kiosk_id, settings.event_batch); !d)
                    ok = std::unexpected(d.error());
                if (ok)
                    if (auto h = send_heartbeat(**store, **transport); !h) ok = std::unexpected(h.error());
                if (!ok && ok.error().code == "net_cancelled") break;
                if (ok) {
                    backoff.reset();
                    std::lock_guard lock(mutex);
                    if (!status.online && status.last_error.empty()) status.online = true;
                } else {
                    retry_at = clock::now() + backoff.next_delay();
                    std::fprintf(stderr, "sync: delivery failed (%s), retrying\n", ok.error().code.c_str());
                }
            }
            if (clock::now() >= next_prune) {
                (void)(*outbox)->prune();
                next_prune = clock::now() + std::chrono::minutes(10);
            }
            if (auto after = (*outbox)->stats(); after) {
                bool changed = false;
                {
                    std::lock_guard lock(mutex);
                    changed = status.outbox_pending != after->pending || status.outbox_alarm != after->alarm;
                    status.outbox_pending = after->pending;
                    status.outbox_dropped = after->dropped;
                    status.outbox_alarm = after->alarm;
                }
                if (changed) publish();
            }
            auto deadline = next_heartbeat;
            if (auto s = (*outbox)->stats(); s && s->pending > 0) deadline = std::min(deadline, retry_at);
            {
                std::unique_lock lock(mutex);
                wake_outbox.wait_until(lock, deadline,
                                       [&] { return stopping || sync_now_outbox || !audit_queue.empty(); });
                if (sync_now_outbox) retry_at = clock::now();
                sync_now_outbox = false;
            }
        }
        unregister_transport(transport->get());
    }

    // --- signatures in the background ---
    void verifier_loop() {
        // Low priority: the kiosk's screen and the replica come first.
        setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 19);
        {
            std::unique_lock lock(mutex);
            wake_verifier.wait(lock, [&] { return stopping || status.caught_up; });
            if (stopping) return;
        }
        auto store = Store::open(settings.store_path);
        if (!store) return;
        auto checker = SignatureChecker::open(**store, settings.signer_ca);
        if (!checker) {
            std::fprintf(stderr, "sync: signatures cannot be checked: %s\n", checker.error().detail.c_str());
            return;
        }
        while (!stopped()) {
            bool wrapped = false;
            auto counts = (*checker)->check_next(256, wrapped);
            if (!counts) {
                if (!wait(wake_verifier, std::chrono::steady_clock::now() + std::chrono::seconds(30), nullptr)) break;
                continue;
            }
            if (counts->invalid > 0) {
                std::lock_guard lock(mutex);
                status.signatures_invalid += counts->invalid;
            }
            if (wrapped) {
                if (!wait(wake_verifier, std::chrono::steady_clock::now() + std::chrono::minutes(10), &replica_changed))
                    break;
            }
        }
    }
};

SyncService::SyncService(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Result<std::unique_ptr<SyncService>> SyncService::start(SyncSettings settings, StatusSink sink) {
    auto store = Store::open(settings.store_path);
    if (!store) return std::unexpected(store.error());
    // Fail early on unusable certificate files rather than in a thread.
    if (auto t = Transport::open(settings.transport); !t) return std::unexpected(t.error());
    auto impl = std::make_unique<Impl>();
    impl->settings = std::move(settings);
    impl->sink = std::move(sink);
    if (auto st = read_status(**store, impl->settings.outbox)) {
        impl->status = *st;
        impl->status.online = false; // until this run hears from the registry
        impl->status.caught_up = false;
    }
    impl->first_store = std::move(*store);
    Impl* p = impl.get();
    p->replica_thread = std::thread([p] { p->replica_loop(); });
    p->outbox_thread = std::thread([p] { p->outbox_loop(); });
    if (p->settings.verify_in_background) p->verifier_thread = std::thread([p] { p->verifier_loop(); });
    return std::unique_ptr<SyncService>(new SyncService(std::move(impl)));
}

SyncService::~SyncService() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
        for (Transport* t : m_impl->transports) t->cancel();
    }
    m_impl->wake_replica.notify_all();
    m_impl->wake_outbox.notify_all();
    m_impl->wake_verifier.notify_all();
    for (std::thread* t : {&m_impl->replica_thread, &m_impl->outbox_thread, &m_impl->verifier_thread})
        if (t->joinable()) t->join();
}

void SyncService::sync_now() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->sync_now_replica = m_impl->sync_now_outbox = true;
    }
    m_impl->wake_replica.notify_all();
    m_impl->wake_outbox.notify_all();
}

void SyncService::audit(std::string type, std::string data_json) {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->audit_queue.emplace_back(std::move(type), std::move(data_json));
    }
    m_impl->wake_outbox.notify_all();
}

void SyncService::set_proof_of_life(ProofOfLife proof) {
    std::lock_guard lock(m_impl->mutex);
    m_impl->proof = std::move(proof);
}

SyncStatus SyncService::status() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->status;
}

const SyncSettings& SyncService::settings() const { return m_impl->settings; }

} // namespace kiosk::sync
