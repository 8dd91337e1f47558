// `registry load`: change records (PROTOCOL.md, e.g. from `registry generate`)
// into the registry's database, where the feed serves them.
//
// Records keep their file order; the registry gives them its own seq (after its
// current head), so a file can be loaded into a registry that already has data.
// A record equal to the newest one of its id publishes nothing, so loading the same
// file twice changes nothing. Invalid lines are skipped and counted, with their line
// numbers, and never stop the load. Writes go in transactions of 20 000 records: an
// interrupted load keeps a prefix and can simply be run again.
//
// With `sign`, every notification that has a `document` and a signer but no
// `signature` gets a real one (signing.hpp): the signer's certificate is issued from
// the test CA once per signer FIN. Parsing and signing run on `threads` threads.
#pragma once

#include "registry/db.hpp"
#include "registry/error.hpp"
#include "registry/pki.hpp"

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace registry {

struct LoadOptions {
    bool sign = false;
    std::optional<pki::Credential> ca; // required with sign
    int threads = 0;                   // 0: one per core
};

struct LoadStats {
    std::uint64_t lines = 0;
    std::uint64_t published = 0;
    std::uint64_t unchanged = 0;
    std::uint64_t rejected = 0;
    std::uint64_t signed_now = 0;
    std::int64_t head = 0;
    std::vector<std::string> errors; // the first rejected lines: "line N: code: detail" (no personal data)
};

// Reads NDJSON from `file` until its end. Errors: io_error (read), store_error,
// crypto_error, bad_option (sign without a CA).
[[nodiscard]] Result<LoadStats> load_ndjson(Database& db, std::FILE* file, const LoadOptions& options);

} // namespace registry
