#include "sync/online.hpp"

#include "kiosk/sqlite.hpp"
#include "kiosk/store.hpp"
#include "sync/transport.hpp"

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <deque>
#include <mutex>
#include <thread>
#include <variant>

namespace kiosk::sync {

std::optional<std::int64_t> seconds_until(std::string_view s) {
    // YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
    auto num = [&](std::size_t at, std::size_t n) -> int {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return -1;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    std::tm tm{};
    tm.tm_year = num(0, 4) - 1900;
    tm.tm_mon = num(5, 2) - 1;
    tm.tm_mday = num(8, 2);
    tm.tm_hour = num(11, 2);
    tm.tm_min = num(14, 2);
    tm.tm_sec = num(17, 2);
    if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mday < 0 || tm.tm_hour < 0 || tm.tm_min < 0 || tm.tm_sec < 0)
        return std::nullopt;
    std::size_t i = 19;
    if (i < s.size() && s[i] == '.')
        for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
        }
    std::int64_t offset = 0;
    std::string_view zone = s.substr(i);
    if (zone != "Z") {
        if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-')) return std::nullopt;
        int h = num(i + 1, 2), m = num(i + 4, 2);
        if (h < 0 || m < 0) return std::nullopt;
        offset = (zone[0] == '+' ? 1 : -1) * (h * 3600 + m * 60);
    }
    const std::int64_t at = static_cast<std::int64_t>(timegm(&tm)) - offset;
    return at - static_cast<std::int64_t>(std::time(nullptr));
}

namespace {

struct StartLogin {
    std::uint64_t ticket;
    std::string phone, user_id;
};
struct Share {
    std::uint64_t ticket;
    std::string id;
    CitizenProof proof;
};
using Request = std::variant<StartLogin, Share>;

// The registry's protocol error code of an http_status error ("HTTP 404 unknown_user: ...").
std::string protocol_code(const Error& e) {
    if (e.code != "http_status") return e.code;
    auto sp = e.detail.find(' ', 5);
    if (sp == std::string::npos) return e.code;
    auto end = e.detail.find(':', sp);
    return e.detail.substr(sp + 1, end == std::string::npos ? std::string::npos : end - sp - 1);
}

} // namespace

struct RegistryOnline::Impl {
    SyncSettings settings;
    OnlineEvents events;
    OnlineOptions options;
    std::unique_ptr<Transport> transport;
    std::mutex mutex;
    std::condition_variable cv;
    std::deque<Request> queue;
    bool stopping = false;
    // The login being followed, and the one the session wants (0: none).
    std::uint64_t wanted_ticket = 0;
    std::uint64_t login_ticket = 0;
    std::string login_session;
    std::chrono::steady_clock::time_point login_expires{}, next_poll{};
    int poll_failures = 0;
    std::thread thread;

    void loop() {
        std::unique_lock lock(mutex);
        while (!stopping) {
            if (!queue.empty()) {
                Request r = std::move(queue.front());
                queue.pop_front();
                lock.unlock();
                std::visit([this](auto& req) { handle(req); }, r);
                lock.lock();
                continue;
            }
            if (login_ticket != 0 && std::chrono::steady_clock::now() >= next_poll) {
                const std::uint64_t ticket = login_ticket;
                const std::string session = login_session;
                lock.unlock();
                poll(ticket, session);
                lock.lock();
                continue;
            }
            if (login_ticket != 0)
                cv.wait_until(lock, next_poll, [&] { return stopping || !queue.empty(); });
            else
                cv.wait(lock, [&] { return stopping || !queue.empty() || login_ticket != 0; });
        }
    }

    void post(MobileIdUpdated u) { events(OnlineEvent(std::move(u))); }

    void handle(StartLogin& r) {
        nlohmann::json body = {{"phone", r.phone}, {"user_id", r.user_id}};
        std::fill(r.phone.begin(), r.phone.end(), '\0');
        std::fill(r.user_id.begin(), r.user_id.end(), '\0');
        auto response = transport->post_json("/api/v1/mobile-id/sessions", body.dump());
        MobileIdUpdated u;
        u.ticket = r.ticket;
        if (!response) {
            u.state = MobileIdState::Failed;
            std::string code = protocol_code(response.error());
            u.error = code == "unknown_user" ? "mobile_id_unknown_user" : code;
            return post(std::move(u));
        }
        auto j = nlohmann::json::parse(response->body, nullptr, false);
        if (!j.is_object() || !j.contains("session") || !j["session"].is_string() || !j.contains("code") ||
            !j["code"].is_string()) {
            u.state = MobileIdState::Failed;
            u.error = "malformed_body";
            return post(std::move(u));
        }
        const auto left = j.contains("expires_at") && j["expires_at"].is_string()
                              ? seconds_until(j["expires_at"].get<std::string>())
                              : std::nullopt;
        const std::int64_t expires_in = std::clamp<std::int64_t>(left.value_or(120), 0, 600);
        {
            std::lock_guard lock(mutex);
            if (r.ticket != wanted_ticket) return; // cancelled or superseded meanwhile
            login_ticket = r.ticket;
            login_session = j["session"].get<std::string>();
            login_expires = std::chrono::steady_clock::now() + std::chrono::seconds(expires_in);
            next_poll = std::chrono::steady_clock::now() + options.poll_interval;
            poll_failures = 0;
        }
        u.state = MobileIdState::Pending;
        u.code = j["code"].get<std::string>();
        u.expires_in_ms = expires_in * 1000;
        post(std::move(u));
    }

    void finish_login(std::uint64_t ticket) {
        std::lock_guard lock(mutex);
        if (login_ticket == ticket) {
            login_ticket = 0;
            std::fill(login_session.begin(), login_session.end(), '\0');
            login_session.clear();
        }
    }

    std::optional<Identity> person(const std::string& fin) {
        Identity id;
        id.fin = fin;
        auto store = Store::open(settings.store_path, OpenMode::ReadOnly);
        if (!store) return id;
        auto s = sql::Stmt::prepare((*store)->handle(),
                                    "SELECT surname, name, patronymic, birth_date FROM person WHERE fin = ?1");
        if (!s) return id;
        s->bind(1, std::string_view(fin));
        if (auto row = s->step(); row && *row) {
            id.surname = s->column_text(0);
            id.name = s->column_text(1);
            id.patronymic = s->column_text(2);
            id.birth_date = s->column_text(3);
        }
        return id;
    }

    void poll(std::uint64_t ticket, const std::string& session) {
        auto response = transport->get("/api/v1/mobile-id/sessions/" + session);
        {
            std::lock_guard lock(mutex);
            if (login_ticket != ticket) return; // cancelled meanwhile
            next_poll = std::chrono::steady_clock::now() + options.poll_interval;
        }
        MobileIdUpdated u;
        u.ticket = ticket;
        if (!response) {
            const bool network = is_network_error(response.error());
            bool give_up = !network;
            {
                std::lock_guard lock(mutex);
                if (network && ++poll_failures >= options.max_poll_failures) give_up = true;
                if (network && std::chrono::steady_clock::now() > login_expires) give_up = true;
            }
            if (!give_up) return; // a passing outage: ask again
            finish_login(ticket);
            u.state = MobileIdState::Failed;
            u.error = protocol_code(response.error());
            return post(std::move(u));
        }
        {
            std::lock_guard lock(mutex);
            poll_failures = 0;
        }
        auto j = nlohmann::json::parse(response->body, nullptr, false);
        const std::string state = j.is_object() && j.contains("state") && j["state"].is_string()
                                      ? j["state"].get<std::string>()
                                      : std::string();
        if (state == "pending") return;
        finish_login(ticket);
        if (state == "confirmed" && j.contains("fin") && j["fin"].is_string()) {
            u.state = MobileIdState::Confirmed;
            u.identity = person(j["fin"].get<std::string>());
            u.proof = session;
        } else if (state == "rejected") {
            u.state = MobileIdState::Rejected;
        } else if (state == "expired") {
            u.state = MobileIdState::Expired;
        } else {
            u.state = MobileIdState::Failed;
            u.error = "malformed_body";
        }
        post(std::move(u));
    }

    void handle(Share& r) {
        ShareLinkReady out;
        out.ticket = r.ticket;
        nlohmann::json proof;
        if (r.proof.kind == CitizenProof::Kind::MobileId)
            proof = {{"type", "mobile_id"}, {"session", r.proof.session}};
        else
            proof = nlohmann::json::object();
        auto response = transport->post_json("/api/v1/notifications/" + r.id + "/share", nlohmann::json{{"proof", proof}}.dump());
        std::fill(r.proof.session.begin(), r.proof.session.end(), '\0');
        if (!response) {
            Error e = response.error();
            e.code = protocol_code(e) == "not_signed" ? "not_signed" : e.code;
            out.link = std::unexpected(std::move(e));
            events(OnlineEvent(std::move(out)));
            return;
        }
        auto j = nlohmann::json::parse(response->body, nullptr, false);
        if (!j.is_object() || !j.contains("url") || !j["url"].is_string()) {
            out.link = fail("malformed_body", "share: no url");
        } else {
            ShareLink link;
            link.url = j["url"].get<std::string>();
            link.expires_at = j.value("expires_at", std::string());
            link.expires_in_ms = std::clamp<std::int64_t>(seconds_until(link.expires_at).value_or(300), 0, 86'400) * 1000;
            out.link = std::move(link);
        }
        events(OnlineEvent(std::move(out)));
    }
};

RegistryOnline::RegistryOnline(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Result<std::unique_ptr<RegistryOnline>> RegistryOnline::start(const SyncSettings& settings, OnlineEvents events,
                                                              OnlineOptions options) {
    auto impl = std::make_unique<Impl>();
    impl->settings = settings;
    impl->events = std::move(events);
    impl->options = options;
    // Online actions are interactive: a person waits, so shorter timeouts than the feed's.
    TransportConfig t = settings.transport;
    t.read_timeout = std::min(t.read_timeout, std::chrono::milliseconds(10'000));
    auto transport = Transport::open(t);
    if (!transport) return std::unexpected(transport.error());
    impl->transport = std::move(*transport);
    Impl* p = impl.get();
    p->thread = std::thread([p] { p->loop(); });
    return std::unique_ptr<RegistryOnline>(new RegistryOnline(std::move(impl)));
}

RegistryOnline::~RegistryOnline() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    m_impl->transport->cancel();
    m_impl->cv.notify_all();
    if (m_impl->thread.joinable()) m_impl->thread.join();
}

void RegistryOnline::start_mobile_id(std::uint64_t ticket, const std::string& phone, const std::string& user_id) {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->login_ticket = 0; // any earlier login is abandoned
        m_impl->wanted_ticket = ticket;
        m_impl->queue.push_back(StartLogin{ticket, phone, user_id});
    }
    m_impl->cv.notify_all();
}

void RegistryOnline::cancel_mobile_id() {
    std::lock_guard lock(m_impl->mutex);
    m_impl->login_ticket = 0;
    m_impl->wanted_ticket = 0;
    std::fill(m_impl->login_session.begin(), m_impl->login_session.end(), '\0');
    m_impl->login_session.clear();
    // A start still queued is dropped as well.
    std::erase_if(m_impl->queue, [](const Request& r) { return std::holds_alternative<StartLogin>(r); });
}

void RegistryOnline::share(std::uint64_t ticket, const std::string& notification_id, const CitizenProof& proof) {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->queue.push_back(Share{ticket, notification_id, proof});
    }
    m_impl->cv.notify_all();
}

} // namespace kiosk::sync
