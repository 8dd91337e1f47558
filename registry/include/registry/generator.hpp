// The reference registry's test-data generator: realistic, deterministic change
// records (PROTOCOL.md "Change records") at any scale, streamed to a sink.
//
// Output, one record per line: the reference lists, then the employers, then per
// person: the person, then each contract followed by its notifications in date
// order. The same options give byte-identical output on every machine (own PRNG,
// integer arithmetic only, no clock). Memory does not grow with the count.
//
// Changes:
//   v1  first version: reference, employer, person, contract, notification (upserts only).
#pragma once

#include "registry/error.hpp"

#include <cstdint>
#include <cstdio>
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace registry {

// Receives the generated NDJSON, one complete line (ending in '\n') per call.
class Sink {
  public:
    virtual ~Sink() = default;
    // Takes one complete line; an error stops the generation.
    [[nodiscard]] virtual Status write(std::string_view line) = 0;
    // Called once after the last line: push everything buffered to its destination.
    [[nodiscard]] virtual Status finish() { return {}; }
};

// Collects everything in memory (tests, small data sets).
class StringSink final : public Sink {
  public:
    [[nodiscard]] Status write(std::string_view line) override;
    const std::string& text() const { return m_text; }

  private:
    std::string m_text;
};

// Appends to a std::FILE it does not own, through a large buffer of its own.
// finish() writes the buffer out and flushes the stream; the caller closes the file.
class FileSink final : public Sink {
  public:
    explicit FileSink(std::FILE* file, std::size_t buffer_bytes = 4u << 20);
    [[nodiscard]] Status write(std::string_view line) override;
    [[nodiscard]] Status finish() override;

  private:
    [[nodiscard]] Status drain();

    std::FILE* m_file;
    std::vector<char> m_buffer;
    std::size_t m_used = 0;
};

// The largest supported count: keeps VÖENs, FINs and ids within their formats.
inline constexpr std::uint64_t k_max_notifications = 1'000'000'000;

struct GeneratorOptions {
    std::uint64_t notifications = 0; // exactly this many notification records, 1..k_max_notifications
    std::uint64_t seed = 0;
};

struct GenerationStats {
    std::uint64_t references = 0;
    std::uint64_t employers = 0;
    std::uint64_t persons = 0;
    std::uint64_t contracts = 0;
    std::uint64_t notifications = 0;
    std::uint64_t records = 0; // all of the above: the last seq
    std::uint64_t bytes = 0;   // NDJSON bytes handed to the sink
};

// Generates the data set into `sink`. Errors: bad_option (a count out of range),
// the sink's own error (e.g. io_error), internal (an unexpected failure).
[[nodiscard]] Result<GenerationStats> generate(const GeneratorOptions& options, Sink& sink);

} // namespace registry
