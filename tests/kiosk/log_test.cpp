// kiosk/log.hpp: lines kept for technician mode, scrubbed of anything shaped like a FIN or
// a long number.
#include "kiosk/log.hpp"

#include <gtest/gtest.h>

using namespace kiosk;

TEST(Log, ScrubMasksFinsAndLongNumbers) {
    EXPECT_EQ(scrub_personal("lookup for 5ZX8K2P failed"), "lookup for ******* failed");
    EXPECT_EQ(scrub_personal("phone +994501234567"), "phone +************");
    EXPECT_EQ(scrub_personal("doc AZE10007919"), "doc ***********");
    // Codes, words, short numbers and kiosk ids stay readable.
    EXPECT_EQ(scrub_personal("card_mute on Sim Reader 0, job 12, seq 4031"),
              "card_mute on Sim Reader 0, job 12, seq 4031");
    EXPECT_EQ(scrub_personal("kiosk ASAN-BAKI-01 printer_media_empty"),
              "kiosk ASAN-BAKI-01 printer_media_empty");
    EXPECT_EQ(scrub_personal("ABCDEFG 1234567"), "ABCDEFG 1234567"); // letters only, digits only: not a FIN
    EXPECT_EQ(scrub_personal(""), "");
}

TEST(Log, KeepsTheNewestLinesScrubbed) {
    set_log_stderr(false);
    clear_log();
    for (std::size_t i = 0; i < k_log_keep + 10; ++i)
        log_line("test", "line " + std::to_string(i));
    auto lines = recent_log_lines();
    ASSERT_EQ(lines.size(), k_log_keep);
    EXPECT_NE(lines.front().find("test: line 10"), std::string::npos);
    EXPECT_NE(lines.back().find("test: line " + std::to_string(k_log_keep + 9)), std::string::npos);
    log_line("session", "for 7QW3E9R");
    EXPECT_EQ(recent_log_lines(1).at(0).find("7QW3E9R"), std::string::npos);
    EXPECT_EQ(recent_log_lines(3).size(), 3u);
    clear_log();
    EXPECT_TRUE(recent_log_lines().empty());
    set_log_stderr(true);
}
