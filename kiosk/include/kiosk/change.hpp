// Change records (PROTOCOL.md "Change records"): parsing, validation and
// application to the store. The same applier serves `kiosk import` (NDJSON
// files) and the network sync (feed pages).
//
// Semantics:
// - last seq wins per (entity, id): an older or repeated record changes nothing;
// - a delete leaves a tombstone so an older upsert arriving later cannot revive the row;
// - an invalid record goes to the quarantine with its reason and never stops the rest;
// - rows and the feed cursor change in the same transaction.
#pragma once

#include "kiosk/error.hpp"
#include "kiosk/store.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace kiosk {

// Limits on what one record may carry (bytes of UTF-8).
inline constexpr std::size_t k_max_record_bytes = 1 << 20;
inline constexpr std::size_t k_max_document_bytes = 64 * 1024;

enum class ApplyResult { Applied, Unchanged, Deleted, Quarantined };

struct ApplyCounts {
    std::int64_t applied = 0;     // inserted or replaced a row
    std::int64_t unchanged = 0;   // same or older seq than what the store holds
    std::int64_t deleted = 0;     // removed a row or recorded a delete
    std::int64_t quarantined = 0; // invalid, kept aside with its reason
    std::int64_t max_seq = 0;     // highest seq seen in a record whose seq could be read
    std::map<std::string, std::int64_t> quarantine_reasons;

    std::int64_t total() const { return applied + unchanged + deleted + quarantined; }
    ApplyCounts& operator+=(const ApplyCounts& other);
};

// Checks one record without a store: ok, or the quarantine reason as the error
// code (bad_json, invalid_utf8, missing_field, bad_type, bad_format,
// unknown_enum, oversized, id_mismatch) with the field path as detail.
[[nodiscard]] Status check_change(std::string_view json_line);

class ChangeApplier {
public:
    [[nodiscard]] static Result<std::unique_ptr<ChangeApplier>> create(Store& store);
    ~ChangeApplier();
    ChangeApplier(const ChangeApplier&) = delete;
    ChangeApplier& operator=(const ChangeApplier&) = delete;

    // Opens a write transaction; apply() calls go into it.
    [[nodiscard]] Status begin();
    // Applies one record (a JSON object). Invalid input is quarantined, not an
    // error; the error result is reserved for store failures, after which the
    // caller must rollback().
    [[nodiscard]] Result<ApplyResult> apply(std::string_view json_record);
    // Advances the cursor to max(cursor, cursor_at_least, highest seq applied in
    // this transaction) and commits.
    [[nodiscard]] Status commit(std::int64_t cursor_at_least = 0);
    void rollback();

    // Counts since create().
    const ApplyCounts& counts() const;

private:
    struct Impl;
    explicit ChangeApplier(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

enum class BulkIndexes { WhenEmpty, Never };

struct ImportOptions {
    std::size_t batch_records = 20000;            // records per transaction
    BulkIndexes bulk_indexes = BulkIndexes::WhenEmpty; // build secondary indexes after loading an empty store
};

// Applies an NDJSON file ("-" for standard input) in batches.
// Errors: import_file_unreadable, or a store error (earlier batches stay committed
// with their cursor; the failing batch is rolled back whole).
[[nodiscard]] Result<ApplyCounts> import_ndjson(Store& store, const std::string& path,
                                                const ImportOptions& options = {});

} // namespace kiosk
