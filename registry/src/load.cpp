#include "registry/load.hpp"

#include "records.hpp"
#include "registry/common.hpp"
#include "registry/feed.hpp"
#include "registry/signing.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

namespace registry {
namespace {

using nlohmann::json;

constexpr std::size_t k_batch_lines = 20000;
constexpr std::size_t k_max_line_bytes = 1u << 20;
constexpr std::size_t k_max_reported_errors = 20;

struct Line {
    std::uint64_t number = 0;
    std::string text;
};

struct Prepared {
    std::uint64_t line = 0;
    bool ok = false;
    Error error;
    std::string entity, id;
    Op op = Op::Upsert;
    json data;
    std::string data_json;
    bool signed_now = false;
};

struct Context {
    const LoadOptions& options;
    SignerDirectory* signers;
};

Prepared prepare(const Line& line, const Context& ctx) {
    Prepared p;
    p.line = line.number;
    auto reject = [&](std::string code, std::string detail) {
        p.error = Error{std::move(code), std::move(detail)};
        return std::move(p);
    };
    if (line.text.size() > k_max_line_bytes) return reject("invalid_record", "line longer than 1 MiB");
    json record = json::parse(line.text, nullptr, false);
    if (record.is_discarded() || !record.is_object()) return reject("invalid_json", "not a JSON object");
    auto entity = record.find("entity");
    auto op = record.find("op");
    auto id = record.find("id");
    if (entity == record.end() || !entity->is_string() ||
        !records::known_entity(entity->get_ref<const std::string&>()))
        return reject("invalid_record", "bad or missing entity");
    if (op == record.end() || !op->is_string() ||
        (op->get_ref<const std::string&>() != "upsert" && op->get_ref<const std::string&>() != "delete"))
        return reject("invalid_record", "bad or missing op");
    if (id == record.end() || !id->is_string() || id->get_ref<const std::string&>().empty() ||
        id->get_ref<const std::string&>().size() > 200)
        return reject("invalid_record", "bad or missing id");
    p.entity = entity->get<std::string>();
    p.id = id->get<std::string>();
    p.op = op->get_ref<const std::string&>() == "upsert" ? Op::Upsert : Op::Delete;
    if (p.op == Op::Upsert) {
        auto data = record.find("data");
        if (data == record.end()) return reject("invalid_record", "bad or missing data");
        p.data = std::move(*data);
        if (auto ok = records::check(p.entity, p.data); !ok)
            return reject(ok.error().code, ok.error().detail);
        if (ctx.options.sign && p.entity == "notification") {
            auto document = p.data.find("document");
            auto signature = p.data.find("signature");
            auto signer = p.data.find("signer");
            if (document != p.data.end() && document->is_object() &&
                (signature == p.data.end() || signature->is_null()) && signer != p.data.end() &&
                signer->is_object()) {
                const std::string name = signer->value("name", std::string());
                auto cms = ctx.signers->get(nullptr, (*signer)["fin"].get<std::string>(), name);
                if (!cms) return reject(cms.error().code, cms.error().detail);
                auto der = (*cms)->sign(canonical_json(*document));
                if (!der) return reject(der.error().code, der.error().detail);
                p.data["signature"] = base64_encode(*der);
                p.signed_now = true;
            }
        }
        p.data_json = p.data.dump();
    }
    p.ok = true;
    return p;
}

std::vector<Prepared> prepare_batch(const std::vector<Line>& lines, const Context& ctx, int threads) {
    std::vector<Prepared> out(lines.size());
    const std::size_t n = lines.size();
    const std::size_t workers =
        std::max<std::size_t>(1, std::min<std::size_t>(static_cast<std::size_t>(threads), n / 256 + 1));
    std::vector<std::future<void>> tasks;
    const std::size_t chunk = (n + workers - 1) / workers;
    for (std::size_t w = 1; w < workers; ++w)
        tasks.push_back(std::async(std::launch::async, [&, w] {
            for (std::size_t i = w * chunk; i < std::min(n, (w + 1) * chunk); ++i)
                out[i] = prepare(lines[i], ctx);
        }));
    for (std::size_t i = 0; i < std::min(n, chunk); ++i)
        out[i] = prepare(lines[i], ctx);
    for (auto& t : tasks)
        t.get();
    return out;
}

// Reads up to k_batch_lines lines. Errors: io_error.
Result<std::vector<Line>> read_batch(std::FILE* file, std::uint64_t& line_number) {
    std::vector<Line> lines;
    char* buffer = nullptr;
    std::size_t capacity = 0;
    while (lines.size() < k_batch_lines) {
        errno = 0;
        const ssize_t n = ::getline(&buffer, &capacity, file);
        if (n < 0) {
            if (std::ferror(file)) {
                std::free(buffer);
                return fail("io_error", std::string("read: ") + std::strerror(errno));
            }
            break;
        }
        ++line_number;
        std::string_view text(buffer, static_cast<std::size_t>(n));
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.remove_suffix(1);
        if (text.find_first_not_of(" \t") == std::string_view::npos) continue; // blank lines are allowed
        lines.push_back(Line{line_number, std::string(text)});
    }
    std::free(buffer);
    return lines;
}

// A notification signed during this load whose published record is the same apart from
// the signature keeps the published one: loading a file twice signs nothing new.
Result<bool> same_but_signature(Connection& c, const Prepared& p) {
    auto existing = current_data(c, "notification", p.id);
    if (!existing) return std::unexpected(existing.error());
    if (!*existing) return false;
    json old = json::parse(**existing, nullptr, false);
    if (old.is_discarded() || !old.is_object()) return false;
    json fresh = p.data;
    old.erase("signature");
    fresh.erase("signature");
    return old == fresh;
}

Status write_batch(Database& db, std::vector<Prepared>& batch, BulkPublish& bulk, SignerDirectory* signers,
                   LoadStats& stats) {
    auto tx = db.write();
    if (!tx) return std::unexpected(tx.error());
    Connection& c = tx->conn();
    if (signers) REGISTRY_TRY(signers->save_new(c));
    // Other processes (the server) may have published since the last batch.
    auto head = feed_head(c);
    if (!head) return std::unexpected(head.error());
    bulk.head = std::max(bulk.head, *head);
    for (Prepared& p : batch) {
        auto reject = [&](const Error& e) {
            ++stats.rejected;
            if (stats.errors.size() < k_max_reported_errors)
                stats.errors.push_back("line " + std::to_string(p.line) + ": " + e.code + ": " + e.detail);
        };
        if (!p.ok) {
            reject(p.error);
            continue;
        }
        if (p.signed_now && bulk.compare) {
            auto same = same_but_signature(c, p);
            if (!same) return std::unexpected(same.error());
            if (*same) {
                ++stats.unchanged;
                continue;
            }
        }
        if (auto ok = records::index(c, p.entity, p.id, p.op, p.data); !ok) {
            if (ok.error().code != "duplicate_number") return ok;
            reject(ok.error());
            continue;
        }
        auto published = publish(c, p.entity, p.id, p.op, p.data_json, &bulk);
        if (!published) return std::unexpected(published.error());
        if (published->changed) {
            ++stats.published;
            stats.signed_now += p.signed_now;
        } else {
            ++stats.unchanged;
        }
    }
    REGISTRY_TRY(tx->commit());
    stats.head = bulk.head;
    return {};
}

} // namespace

Result<LoadStats> load_ndjson(Database& db, std::FILE* file, const LoadOptions& options) {
    std::unique_ptr<SignerDirectory> signers;
    BulkPublish bulk;
    {
        auto lease = db.read();
        if (!lease) return std::unexpected(lease.error());
        auto head = feed_head(lease->conn());
        if (!head) return std::unexpected(head.error());
        bulk.head = *head;
        bulk.compare = *head > 0;
        if (options.sign) {
            if (!options.ca) return fail("bad_option", "signing needs the test CA");
            signers = std::make_unique<SignerDirectory>(*options.ca);
            REGISTRY_TRY(signers->preload(lease->conn()));
        }
    }
    const int threads = options.threads > 0
                            ? options.threads
                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const Context ctx{options, signers.get()};

    LoadStats stats;
    std::uint64_t line_number = 0;
    auto lines = read_batch(file, line_number);
    if (!lines) return std::unexpected(lines.error());
    stats.lines += lines->size();
    std::future<std::vector<Prepared>> next;
    if (!lines->empty())
        next = std::async(std::launch::async,
                          [&, l = std::move(*lines)] { return prepare_batch(l, ctx, threads); });
    while (next.valid()) {
        std::vector<Prepared> batch = next.get();
        lines = read_batch(file, line_number);
        if (!lines) return std::unexpected(lines.error());
        stats.lines += lines->size();
        if (!lines->empty())
            next = std::async(std::launch::async,
                              [&, l = std::move(*lines)] { return prepare_batch(l, ctx, threads); });
        if (auto ok = write_batch(db, batch, bulk, signers.get(), stats); !ok) {
            if (next.valid()) next.wait();
            return std::unexpected(ok.error());
        }
    }
    stats.head = bulk.head;
    return stats;
}

} // namespace registry
