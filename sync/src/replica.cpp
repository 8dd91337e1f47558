#include "sync/replica.hpp"

#include <simdjson.h>

#include <algorithm>
#include <condition_variable>
#include <limits>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace kiosk::sync {

namespace dom = simdjson::dom;

// The DOM parser (runtime-dispatched to the machine's SIMD kernels, and it validates the
// whole page before anything is applied); each record is re-serialised compactly for the
// applier, which parses and validates it on its own.
Result<FeedPage> parse_feed_page(std::string body, std::int64_t since) {
    FeedPage page;
    page.since = since;
    auto bad = [](std::string what) { return fail("malformed_body", "feed page: " + what); };
    thread_local dom::parser parser;
    dom::element root;
    if (auto ec = parser.parse(body).get(root); ec) return bad(simdjson::error_message(ec));
    dom::object obj;
    if (root.get_object().get(obj)) return bad("not an object");
    dom::array changes;
    if (obj["changes"].get_array().get(changes)) return bad("changes is missing or not an array");
    if (obj["next"].get_int64().get(page.next)) return bad("next is missing or not an integer");
    if (obj["head"].get_int64().get(page.head)) return bad("head is missing or not an integer");
    if (page.head < since)
        return fail("registry_behind", "the registry's head " + std::to_string(page.head) + " is behind this kiosk's cursor " +
                                           std::to_string(since) + " (registry reset or restored?)");
    if (page.next < since) return bad("next " + std::to_string(page.next) + " is before since " + std::to_string(since));
    if (page.head < page.next) return bad("head is before next");
    page.body.reserve(body.size());
    for (dom::element e : changes) {
        dom::object record;
        std::int64_t seq = 0;
        if (e.get_object().get(record) == simdjson::SUCCESS && record["seq"].get_int64().get(seq) == simdjson::SUCCESS &&
            seq > page.next)
            return bad("a record's seq " + std::to_string(seq) + " lies beyond next");
        const std::size_t at = page.body.size();
        page.body += simdjson::to_string(e);
        if (page.body.size() > std::numeric_limits<std::uint32_t>::max()) return bad("larger than 4 GiB");
        page.records.emplace_back(static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(page.body.size() - at));
    }
    return page;
}

Replica::Replica(Store& store, Transport& transport, ReplicaOptions options, std::unique_ptr<ChangeApplier> applier)
    : m_store(store), m_transport(transport), m_options(options), m_applier(std::move(applier)) {}
Replica::~Replica() = default;

Result<std::unique_ptr<Replica>> Replica::open(Store& store, Transport& transport, ReplicaOptions options) {
    options.page_size = std::clamp(options.page_size, 1, 100'000);
    options.long_poll = std::clamp(options.long_poll, std::chrono::seconds(0), std::chrono::seconds(30));
    auto applier = ChangeApplier::create(store);
    if (!applier) return std::unexpected(applier.error());
    return std::unique_ptr<Replica>(new Replica(store, transport, options, std::move(*applier)));
}

Result<FeedPage> Replica::fetch(std::int64_t since, std::chrono::seconds wait) {
    std::string target = "/api/v1/changes?since=" + std::to_string(since) +
                         "&limit=" + std::to_string(m_options.page_size) + "&wait=" + std::to_string(wait.count());
    auto response = m_transport.get(target, wait);
    if (!response) return std::unexpected(response.error());
    const std::uint64_t wire = response->wire_bytes;
    auto page = parse_feed_page(std::move(response->body), since);
    if (page) page->wire_bytes = wire;
    return page;
}

Result<PageApplied> Replica::apply(const FeedPage& page) {
    ChangeApplier& a = *m_applier;
    const ApplyCounts before = a.counts();
    KIOSK_TRY(a.begin());
    for (std::size_t i = 0; i < page.records.size(); ++i) {
        auto r = a.apply(page.record(i));
        if (!r) {
            a.rollback();
            return std::unexpected(r.error());
        }
    }
    KIOSK_TRY(a.commit(page.next));
    PageApplied out;
    out.since = page.since;
    out.next = page.next;
    out.head = page.head;
    out.records = page.records.size();
    out.wire_bytes = page.wire_bytes;
    const ApplyCounts& after = a.counts();
    out.counts.applied = after.applied - before.applied;
    out.counts.unchanged = after.unchanged - before.unchanged;
    out.counts.deleted = after.deleted - before.deleted;
    out.counts.quarantined = after.quarantined - before.quarantined;
    out.counts.max_seq = after.max_seq;
    for (const auto& [reason, n] : after.quarantine_reasons) {
        auto it = before.quarantine_reasons.find(reason);
        std::int64_t d = n - (it == before.quarantine_reasons.end() ? 0 : it->second);
        if (d) out.counts.quarantine_reasons[reason] = d;
    }
    return out;
}

Result<PageApplied> Replica::poll(std::chrono::seconds wait) {
    auto since = m_store.feed_cursor();
    if (!since) return std::unexpected(since.error());
    auto page = fetch(*since, std::min(wait, m_options.long_poll));
    if (!page) return std::unexpected(page.error());
    return apply(*page);
}

Result<CatchUp> Replica::catch_up(const std::function<void(const PageApplied&)>& on_page, std::stop_token stop) {
    auto start = m_store.feed_cursor();
    if (!start) return std::unexpected(start.error());
    CatchUp result;
    result.cursor = *start;

    // The first page decides whether this is a bulk load into an empty store.
    auto first = fetch(*start, std::chrono::seconds(0));
    if (!first) return std::unexpected(first.error());
    result.head = first->head;
    auto notifications = m_store.count("notification");
    if (!notifications) return std::unexpected(notifications.error());
    if (*start == 0 && *notifications == 0 && first->head - first->next >= m_options.bulk_threshold) {
        KIOSK_TRY(m_store.drop_secondary_indexes());
        result.bulk = true;
    }

    // A fetcher thread runs one page ahead of the applier (a queue of at most two pages).
    std::mutex mutex;
    std::condition_variable cv;
    std::deque<Result<FeedPage>> queue;
    bool done_fetching = first->next >= first->head;
    bool quit = false;
    std::int64_t next_since = first->next;
    queue.push_back(std::move(*first));
    std::jthread fetcher;
    if (!done_fetching) {
        fetcher = std::jthread([&](std::stop_token) {
            for (;;) {
                {
                    std::unique_lock lock(mutex);
                    cv.wait(lock, [&] { return quit || queue.size() < 2; });
                    if (quit) return;
                }
                if (stop.stop_requested()) {
                    std::lock_guard lock(mutex);
                    quit = true;
                    cv.notify_all();
                    return;
                }
                auto page = fetch(next_since, std::chrono::seconds(0));
                std::lock_guard lock(mutex);
                bool last = !page || page->next >= page->head || page->records.empty();
                if (page) next_since = page->next;
                queue.push_back(std::move(page));
                cv.notify_all();
                if (last) return;
            }
        });
    }

    std::optional<Error> error;
    for (;;) {
        Result<FeedPage> page = fail("internal", "");
        {
            std::unique_lock lock(mutex);
            cv.wait(lock, [&] { return !queue.empty() || quit; });
            if (queue.empty()) break; // stopped
            page = std::move(queue.front());
            queue.pop_front();
            cv.notify_all();
        }
        if (!page) {
            error = page.error();
            break;
        }
        auto applied = apply(*page);
        if (!applied) {
            error = applied.error();
            break;
        }
        result.pages++;
        result.records += static_cast<std::int64_t>(applied->records);
        result.counts += applied->counts;
        result.cursor = applied->next;
        result.head = std::max(result.head, applied->head);
        result.wire_bytes += applied->wire_bytes;
        if (on_page) on_page(*applied);
        if (applied->next >= applied->head || page->records.empty()) break;
        if (stop.stop_requested()) break;
    }
    {
        std::lock_guard lock(mutex);
        quit = true;
        cv.notify_all();
    }
    if (fetcher.joinable()) fetcher.join(); // at most the page in flight
    if (result.bulk) {
        auto rebuilt = m_store.ensure_secondary_indexes();
        if (!rebuilt && !error) error = rebuilt.error();
    }
    if (error) return std::unexpected(*error);
    return result;
}

} // namespace kiosk::sync
