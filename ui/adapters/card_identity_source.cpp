#include "card_identity_source.hpp"

#include "hal/card_reader.hpp"
#include "hal/card_session.hpp"
#include "hal/id_card.hpp"
#include "kiosk/store.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace ui {
namespace {

using namespace std::chrono_literals;

bool is_trust_error(const std::string& code) {
    for (const char* c : {"bad_certificate", "untrusted_ca", "expired", "not_yet_valid", "fin_mismatch",
                          "document_expired", "bad_signature"})
        if (code == c) return true;
    return false;
}

} // namespace

struct CardIdentitySource::Impl {
    CardReaderOptions options;
    kiosk::DeviceEvents events;
    std::unique_ptr<hal::CardReader> reader;
    std::unique_ptr<hal::TrustStore> trust;
    std::unique_ptr<kiosk::Store> store;
    std::unique_ptr<hal::StoreCardCounters> counters;
    hal::PinDelayPolicy pin_delay;
    // Card thread only.
    std::unique_ptr<hal::CardSession> session;
    std::string session_reader; // the reader holding the session's card, until it is taken out
    bool available = false;
    // Shared.
    std::mutex mutex;
    std::deque<std::function<void()>> tasks;
    bool stop = false;
    std::thread thread;

    void post(std::function<void()> f) {
        {
            std::lock_guard lock(mutex);
            tasks.push_back(std::move(f));
        }
        reader->cancel(); // wakes wait_event()
    }

    void report_availability() {
        hal::ReaderStatus st = reader->status();
        bool now = st.service_up && !st.readers.empty();
        if (now != available) {
            available = now;
            events(kiosk::ReaderAvailability{now});
        }
    }

    void inserted(const std::string& name) {
        if (!session_reader.empty()) return; // one card at a time: the first one inserted is the session's
        session_reader = name;
        events(kiosk::CardInserted{});
        auto s = hal::CardSession::open(*reader, name, {trust.get(), &pin_delay, counters.get()});
        kiosk::IdentityRead read;
        if (!s) {
            read.error = s.error();
        } else {
            // The role decides the mode (kiosk::Role has hal::Role's values); the session checks it.
            const hal::Identity& id = (*s)->identity();
            kiosk::Identity identity;
            identity.fin = id.fin;
            identity.surname = id.surname;
            identity.name = id.name;
            identity.patronymic = id.patronymic;
            identity.birth_date = id.birth_date;
            identity.document_number = id.document_number;
            identity.role = static_cast<kiosk::Role>(static_cast<std::uint8_t>(id.role));
            read.identity = std::move(identity);
            if (!(*s)->certificate_status()) read.trust_error = (*s)->certificate_status().error();
            read.tries_left = (*s)->tries_left();
            session = std::move(*s);
        }
        events(std::move(read));
    }

    void removed(const std::string& name) {
        if (session_reader.empty() || name != session_reader) return;
        session.reset(); // resets the card
        session_reader.clear();
        events(kiosk::CardRemoved{});
    }

    void verify(std::string pin) {
        kiosk::PinChecked r;
        if (!session) {
            std::fill(pin.begin(), pin.end(), '\0');
            r.outcome = kiosk::PinOutcome::Failed;
            r.reason = "card_removed";
            events(r);
            return;
        }
        kiosk::Status ok = session->authenticate(pin); // wipes pin
        r.tries_left = session->tries_left();
        if (ok) {
            r.outcome = kiosk::PinOutcome::Verified;
        } else {
            const std::string& code = ok.error().code;
            r.reason = code;
            if (code == "wrong_pin") {
                r.outcome = kiosk::PinOutcome::Wrong;
            } else if (code == "card_blocked") {
                r.outcome = kiosk::PinOutcome::Blocked;
                r.tries_left = 0;
            } else if (code == "pin_delay") {
                r.outcome = kiosk::PinOutcome::Delayed;
                r.wait_ms = std::max<std::int64_t>(0, std::atoll(ok.error().detail.c_str()));
            } else if (is_trust_error(code)) {
                r.outcome = kiosk::PinOutcome::Untrusted;
            } else {
                r.outcome = kiosk::PinOutcome::Failed;
            }
        }
        events(r);
    }

    void loop() {
        while (true) {
            std::deque<std::function<void()>> batch;
            {
                std::lock_guard lock(mutex);
                if (stop) break;
                batch.swap(tasks);
            }
            for (auto& t : batch)
                t();
            auto e = reader->wait_event(250ms);
            if (!e) continue;
            switch (e->kind) {
            case hal::CardEventKind::CardInserted:
                inserted(e->reader);
                break;
            case hal::CardEventKind::CardRemoved:
                removed(e->reader);
                break;
            case hal::CardEventKind::ReaderRemoved:
            case hal::CardEventKind::ServiceLost:
                removed(session_reader);
                report_availability();
                break;
            default:
                report_availability();
                break;
            }
        }
        session.reset();
    }
};

CardIdentitySource::CardIdentitySource(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

kiosk::Result<std::unique_ptr<CardIdentitySource>> CardIdentitySource::open(const CardReaderOptions& options,
                                                                            kiosk::DeviceEvents events) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->events = std::move(events);
    auto trust = hal::TrustStore::load_file(options.ca_file);
    if (!trust) return std::unexpected(trust.error());
    impl->trust = std::move(*trust);
    if (!options.store_path.empty()) {
        auto store = kiosk::Store::open(options.store_path);
        if (!store) return std::unexpected(store.error());
        impl->store = std::move(*store);
        impl->counters = std::make_unique<hal::StoreCardCounters>(*impl->store);
    }
    hal::CardReaderConfig config;
    config.backend = options.backend;
    auto reader = hal::open_card_reader(config);
    if (!reader) return std::unexpected(reader.error());
    impl->reader = std::move(*reader);
    Impl* raw = impl.get();
    impl->thread = std::thread([raw] { raw->loop(); });
    return std::unique_ptr<CardIdentitySource>(new CardIdentitySource(std::move(impl)));
}

CardIdentitySource::~CardIdentitySource() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stop = true;
    }
    m_impl->reader->cancel();
    if (m_impl->thread.joinable()) m_impl->thread.join();
}

void CardIdentitySource::verify_pin(std::string& pin) {
    std::string copy = pin;
    std::fill(pin.begin(), pin.end(), '\0');
    pin.clear();
    Impl* impl = m_impl.get();
    impl->post([impl, copy = std::move(copy)]() mutable { impl->verify(std::move(copy)); });
}

kiosk::ReaderFacts CardIdentitySource::reader_facts() {
    kiosk::ReaderFacts f;
    f.configured = true;
    f.backend = std::string(m_impl->reader->backend());
    hal::ReaderStatus st = m_impl->reader->status(); // as last seen by the card thread, no I/O
    f.service_up = st.service_up;
    f.alert = st.alert;
    for (const auto& r : st.readers)
        f.readers.push_back({r.name, r.card_present});
    if (!m_impl->options.store_path.empty()) {
        // A connection of its own: this runs on the technician's worker thread.
        if (auto store = kiosk::Store::open(m_impl->options.store_path, kiosk::OpenMode::ReadOnly)) {
            if (auto counters = (*store)->counters(hal::k_card_device))
                for (const auto& c : *counters)
                    f.counters.push_back({c.name, std::to_string(c.value)});
        }
    }
    return f;
}

void CardIdentitySource::end() {
    // The session is over: nothing verified may outlive it. The card stays in the reader
    // (so its removal is still reported), but a new CardSession is needed for another PIN.
    Impl* impl = m_impl.get();
    impl->post([impl] {
        if (impl->session) impl->session.reset();
    });
}

} // namespace ui
