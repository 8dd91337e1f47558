#include "sync/replica.hpp"

#include "kiosk/sqlite.hpp"

#include <simdjson.h>
#include <malloc.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <condition_variable>
#include <limits>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace kiosk::sync {

namespace dom = simdjson::dom;

namespace {

// The extent of each element of the top-level "changes" array in the page's text. Runs on
// text the DOM parser has validated, so it only tracks strings and nesting depth: the
// records are handed to the applier as they came, without being copied or re-serialised.
std::vector<std::pair<std::uint32_t, std::uint32_t>> change_spans(std::string_view text) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
    int depth = 0;
    bool in_changes = false, expect_key = false, after_changes_key = false;
    std::size_t element_start = std::string_view::npos;
    auto close_element = [&](std::size_t end) {
        if (element_start == std::string_view::npos) return;
        std::size_t e = end;
        while (e > element_start && (text[e - 1] == ' ' || text[e - 1] == '\n' || text[e - 1] == '\r' || text[e - 1] == '\t'))
            --e;
        spans.emplace_back(static_cast<std::uint32_t>(element_start), static_cast<std::uint32_t>(e - element_start));
        element_start = std::string_view::npos;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            const std::size_t start = i;
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\') ++i;
            if (depth == 1 && expect_key)
                after_changes_key = text.substr(start + 1, i - start - 1) == "changes" && spans.empty() && !in_changes;
            if (in_changes && depth == 2 && element_start == std::string_view::npos) element_start = start;
            expect_key = false;
            continue;
        }
        switch (c) {
        case '{':
        case '[':
            if (in_changes && depth == 2 && element_start == std::string_view::npos) element_start = i;
            if (depth == 1 && c == '[' && after_changes_key) in_changes = true;
            ++depth;
            if (depth == 1) expect_key = true;
            break;
        case '}':
        case ']':
            --depth;
            if (in_changes && depth == 1) { // the end of the changes array
                close_element(i);
                in_changes = false;
            }
            break;
        case ',':
            if (in_changes && depth == 2) close_element(i);
            if (depth == 1) {
                expect_key = true;
                after_changes_key = false;
            }
            break;
        case ' ':
        case '\n':
        case '\r':
        case '\t':
        case ':':
            break;
        default: // a number, true, false or null
            if (in_changes && depth == 2 && element_start == std::string_view::npos) element_start = i;
            break;
        }
    }
    return spans;
}

} // namespace

// The DOM parser (runtime-dispatched to the machine's SIMD kernels) validates the whole
// page before anything is applied; the records are then taken from the text as they came.
Result<FeedPage> parse_feed_page(std::string body, std::int64_t since) {
    FeedPage page;
    page.since = since;
    auto bad = [](std::string what) { return fail("malformed_body", "feed page: " + what); };
    if (body.size() > std::numeric_limits<std::uint32_t>::max()) return bad("larger than 4 GiB");
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
    for (dom::element e : changes) {
        dom::object record;
        std::int64_t seq = 0;
        if (e.get_object().get(record) == simdjson::SUCCESS && record["seq"].get_int64().get(seq) == simdjson::SUCCESS &&
            seq > page.next)
            return bad("a record's seq " + std::to_string(seq) + " lies beyond next");
    }
    page.records = change_spans(body);
    if (page.records.size() != changes.size()) return bad("the records could not be delimited");
    page.body = std::move(body);
    return page;
}

namespace {

// While it lives: no automatic checkpoints on the store's connection; a thread with its own
// connection runs passive checkpoints after each commit (a checkpoint never blocks the
// writer, which keeps appending to the WAL meanwhile).
constexpr std::int64_t k_pages_per_wal_restart = 4;

class Checkpointer {
  public:
    explicit Checkpointer(Store& store) : m_store(store) {
        if (sqlite3_open_v2(store.path().c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
            SQLITE_OK) {
            sqlite3_close(m_db);
            m_db = nullptr;
            return;
        }
        sqlite3_busy_timeout(m_db, 5000);
        // A connection reads the file (and learns that it is in WAL mode) only at its first
        // statement: until then a checkpoint on it does nothing (and reports -1 frames).
        if (!sql::exec(m_db, "SELECT count(*) FROM sqlite_schema")) {
            sqlite3_close(m_db);
            m_db = nullptr;
            return;
        }
        (void)sql::exec(store.handle(), "PRAGMA wal_autocheckpoint=0");
        m_thread = std::thread([this] { loop(); });
    }
    ~Checkpointer() {
        if (!m_db) return;
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_cv.notify_all();
        m_thread.join();
        sqlite3_close(m_db);
        (void)sql::exec(m_store.handle(), "PRAGMA wal_autocheckpoint=1000");
    }
    void poke() {
        {
            std::lock_guard lock(m_mutex);
            ++m_requested;
        }
        m_cv.notify_all();
    }
    // Waits for a checkpoint that began after this call: every frame committed before it is
    // then in the database (unless a reader still needs it), so the writer's next transaction
    // starts the WAL over from its beginning. Without this the checkpoints, always a commit
    // behind, never let the WAL restart: it grows by the whole replication, each write extends
    // the file (the kernel zeroes and maps new pages) and every page look-up walks a longer index.
    void catch_up() {
        if (!m_db) return;
        std::unique_lock lock(m_mutex);
        const std::uint64_t want = ++m_requested;
        m_cv.notify_all();
        m_cv.wait(lock, [&] { return m_done >= want; });
    }

  private:
    void loop() {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_cv.wait(lock, [&] { return m_stop || m_requested > m_done; });
            if (m_stop) break;
            const std::uint64_t generation = m_requested;
            lock.unlock();
            sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
            lock.lock();
            m_done = generation;
            m_cv.notify_all();
        }
        lock.unlock();
        sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
    Store& m_store;
    sqlite3* m_db = nullptr;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::uint64_t m_requested = 0, m_done = 0; // checkpoints asked for, and the last one finished
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace

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

    // Checkpoints (copying the WAL into the database file) move off the applying thread to
    // one of their own while catching up, so they run on the other core.
    Checkpointer checkpointer(m_store);

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
    using clock = std::chrono::steady_clock;
    auto seconds = [](clock::time_point since) { return std::chrono::duration<double>(clock::now() - since).count(); };
    for (;;) {
        Result<FeedPage> page = fail("internal", "");
        {
            const auto waiting = clock::now();
            std::unique_lock lock(mutex);
            cv.wait(lock, [&] { return !queue.empty() || quit; });
            result.waiting_seconds += seconds(waiting);
            if (queue.empty()) break; // stopped
            page = std::move(queue.front());
            queue.pop_front();
            cv.notify_all();
        }
        if (!page) {
            error = page.error();
            break;
        }
        const auto applying = clock::now();
        // Every few pages the WAL starts over (Checkpointer::catch_up): the checkpoints run
        // beside the applier, which waits only for the last page's frames.
        if (result.pages > 0 && result.pages % k_pages_per_wal_restart == 0) checkpointer.catch_up();
        auto applied = apply(*page);
        result.apply_seconds += seconds(applying);
        if (!applied) {
            error = applied.error();
            break;
        }
        result.pages++;
        result.records += static_cast<std::int64_t>(applied->records);
        result.counts += applied->counts;
        checkpointer.poke();
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
        const auto indexing = clock::now();
        auto rebuilt = m_store.ensure_secondary_indexes();
        result.apply_seconds += seconds(indexing);
        if (!rebuilt && !error) error = rebuilt.error();
    }
    // The pages (up to tens of MB each, parsed on the fetcher's thread) are freed by now, but
    // glibc keeps what they used in its arenas: after a catch-up of many pages the kiosk held
    // ~110 MiB it no longer needed. Give it back to the system.
    if (result.pages > 1) ::malloc_trim(0);
    if (error) return std::unexpected(*error);
    return result;
}

} // namespace kiosk::sync
