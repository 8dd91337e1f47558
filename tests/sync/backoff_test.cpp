#include "sync/backoff.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace std::chrono_literals;
using kiosk::sync::Backoff;

TEST(Backoff, DoublesFromMinUpToMaxWithJitterInTheUpperHalf) {
    Backoff b(100ms, 2000ms, 7);
    const std::int64_t ceilings[] = {100, 200, 400, 800, 1600, 2000, 2000, 2000};
    for (std::int64_t c : ceilings) {
        EXPECT_EQ(b.ceiling().count(), c);
        auto d = b.next_delay().count();
        EXPECT_GE(d, c / 2);
        EXPECT_LE(d, c);
    }
    EXPECT_EQ(b.failures(), 8);
}

TEST(Backoff, ResetStartsAgainFromMin) {
    Backoff b(50ms, 10s, 1);
    for (int i = 0; i < 6; ++i) (void)b.next_delay();
    EXPECT_EQ(b.ceiling().count(), 3200);
    b.reset();
    EXPECT_EQ(b.ceiling().count(), 50);
    EXPECT_LE(b.next_delay().count(), 50);
}

TEST(Backoff, KiosksWithDifferentSeedsDoNotRetryInLockstep) {
    std::set<std::int64_t> delays;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        Backoff b(1000ms, 60s, seed);
        for (int i = 0; i < 4; ++i) (void)b.next_delay();
        delays.insert(b.next_delay().count()); // the fifth retry: ceiling 16 s
    }
    EXPECT_GT(delays.size(), 15u);
    for (auto d : delays) {
        EXPECT_GE(d, 8000);
        EXPECT_LE(d, 16000);
    }
}

TEST(Backoff, NeverOverflowsAfterManyFailures) {
    Backoff b(1ms, 60s, 3);
    for (int i = 0; i < 1000; ++i) {
        auto d = b.next_delay();
        EXPECT_GE(d.count(), 0);
        EXPECT_LE(d.count(), 60000);
    }
    EXPECT_EQ(b.ceiling().count(), 60000);
}
