// registry/common.hpp: Baku time, RFC 3339, base64, tokens, format checks.
#include "registry/common.hpp"

#include <gtest/gtest.h>
#include <set>

using namespace registry;

TEST(Common, InstantsAreBakuTime) {
    EXPECT_EQ(instant(0), "1970-01-01T04:00:00+04:00");
    EXPECT_EQ(instant(1709288520), "2024-03-01T14:22:00+04:00");
    EXPECT_EQ(baku_date(1709236799), "2024-02-29"); // 19:59:59 UTC
    EXPECT_EQ(baku_date(1709236800), "2024-03-01"); // 20:00 UTC on Feb 29 is March 1 in Baku
    EXPECT_EQ(instant(951825600), "2000-02-29T16:00:00+04:00");
}

TEST(Common, ParsesRfc3339) {
    EXPECT_EQ(parse_instant("2024-03-01T14:22:00+04:00"), 1709288520);
    EXPECT_EQ(parse_instant("2024-03-01T10:22:00Z"), 1709288520);
    EXPECT_EQ(parse_instant("2024-03-01T10:22:00.123Z"), 1709288520);
    EXPECT_EQ(parse_instant("2024-03-01T05:22:00-05:00"), 1709288520);
    for (const char* bad :
         {"", "2024-03-01", "2024-03-01 10:22:00Z", "2024-02-30T10:22:00Z", "2024-03-01T25:00:00Z",
          "2024-03-01T10:22:00", "2024-03-01T10:22:00+4:00", "2024-03-01T10:22:00.Z"})
        EXPECT_FALSE(parse_instant(bad).has_value()) << bad;
    for (std::int64_t t : {0LL, 1709288520LL, 4102444799LL})
        EXPECT_EQ(parse_instant(instant(t)), t);
}

TEST(Common, Base64RoundTripsAndIsStrict) {
    for (std::string s : {std::string(), std::string("a"), std::string("ab"), std::string("abc"),
                          std::string("\0\xff\x10", 3)}) {
        auto back = base64_decode(base64_encode(s));
        ASSERT_TRUE(back);
        EXPECT_EQ(*back, s);
    }
    EXPECT_EQ(base64_encode("hello"), "aGVsbG8=");
    EXPECT_FALSE(base64_decode("aGVsbG8").has_value());
    EXPECT_FALSE(base64_decode("aGV sbG8=").has_value());
    EXPECT_FALSE(base64_decode("aGVs\nbG8=").has_value());
}

TEST(Common, TokensAreRandomAndUrlSafe) {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string t = random_token(24);
        EXPECT_EQ(t.size(), 32u);
        EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                  std::string::npos);
        EXPECT_TRUE(seen.insert(t).second);
        const std::string d = random_digits(4);
        EXPECT_EQ(d.size(), 4u);
        EXPECT_EQ(d.find_first_not_of("0123456789"), std::string::npos);
    }
}

TEST(Common, Formats) {
    EXPECT_TRUE(valid_fin("5ZX8K2P"));
    EXPECT_FALSE(valid_fin("5ZX8K2"));
    EXPECT_FALSE(valid_fin("5ZX8KIP"));
    EXPECT_FALSE(valid_fin("5zx8k2p"));
    EXPECT_TRUE(valid_voen("1234567891"));
    EXPECT_FALSE(valid_voen("123456789a"));
    EXPECT_TRUE(valid_date("2024-02-29"));
    EXPECT_FALSE(valid_date("2023-02-29"));
    EXPECT_FALSE(valid_date("2024-13-01"));
    EXPECT_TRUE(valid_phone("+994501234567"));
    EXPECT_FALSE(valid_phone("+99450123456"));
    EXPECT_FALSE(valid_phone("0501234567123"));
    EXPECT_TRUE(valid_user_id("123456"));
    EXPECT_FALSE(valid_user_id("12345"));
    EXPECT_TRUE(valid_uuid("6f1c2a44-0b7e-4c1e-9d55-3f2a8e4b7c01"));
    EXPECT_FALSE(valid_uuid("6f1c2a44-0b7e-4c1e-9d55-3f2a8e4b7c0"));
    EXPECT_TRUE(valid_amount("950.00"));
    EXPECT_TRUE(valid_amount("0.50"));
    EXPECT_FALSE(valid_amount("950"));
    EXPECT_FALSE(valid_amount("950.5"));
    EXPECT_FALSE(valid_amount("0950.00"));
    EXPECT_TRUE(valid_text("Şüşə sexi", 100));
    EXPECT_FALSE(valid_text("", 100));
    EXPECT_FALSE(valid_text("a\tb", 100));
    EXPECT_FALSE(valid_text("\xc3", 100));         // cut UTF-8
    EXPECT_FALSE(valid_text("\xc0\xaf", 100));     // overlong
    EXPECT_FALSE(valid_text("\xed\xa0\x80", 100)); // surrogate
    EXPECT_FALSE(valid_text(std::string(101, 'a'), 100));
}
