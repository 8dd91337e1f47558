// A store filled with the protocol's sample feed, in a fresh temporary directory.
#pragma once

#include "kiosk/change.hpp"
#include "kiosk/store.hpp"

#include "../support/ipp_server.hpp"

#include <gtest/gtest.h>

namespace test_support {

struct SampleStore {
    std::filesystem::path dir;
    std::unique_ptr<kiosk::Store> store;

    SampleStore() {
        dir = make_temp_dir("emek-printer-test");
        auto s = kiosk::Store::open((dir / "kiosk.db").string());
        EXPECT_TRUE(s) << s.error().detail;
        store = std::move(*s);
        auto counts = kiosk::import_ndjson(*store, KIOSK_SAMPLE_FEED);
        EXPECT_TRUE(counts) << counts.error().detail;
    }
    ~SampleStore() {
        store.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    std::string db_path() const { return (dir / "kiosk.db").string(); }
};

// Runs a shell command; its standard output.
inline std::string run(const std::string& command, int* status = nullptr) {
    std::string out;
    FILE* p = ::popen(command.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int rc = ::pclose(p);
    if (status) *status = WEXITSTATUS(rc);
    return out;
}

// All whitespace runs as one space: wrapped lines compare with the text they came from.
inline std::string squash(const std::string& s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

} // namespace test_support
