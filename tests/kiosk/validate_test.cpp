// kiosk/validate.hpp: format checks of identifiers, dates, instants and UTF-8.
// Sections: 1. FIN   2. VÖEN and SUN   3. dates   4. instants   5. UTF-8
#include "kiosk/validate.hpp"

#include <gtest/gtest.h>
#include <string>
#include <string_view>

namespace {

using namespace std::string_literals;
using kiosk::is_valid_date;
using kiosk::is_valid_fin;
using kiosk::is_valid_instant;
using kiosk::is_valid_sun;
using kiosk::is_valid_utf8;
using kiosk::is_valid_voen;

// ---------------------------------------------------------------------------
// 1. FIN: 7 characters of [0-9A-Z] without I and O

TEST(ValidateFin, AcceptsSevenDigitsAndCapitalsWithoutIAndO) {
    for (std::string_view fin :
         {"5ZX8K2P", "7QW3E9R", "0000000", "9999999", "ZZZZZZZ", "ABCDEFG", "HJKLMNP", "QRSTUVW", "XYZ1234"})
        EXPECT_TRUE(is_valid_fin(fin)) << fin;
}

TEST(ValidateFin, RejectsWrongLengthCaseLettersIOAndOtherCharacters) {
    for (std::string_view fin :
         {"", "5ZX8K2", "5ZX8K2PP", "5zx8k2p", "5ZX8k2P", "5ZX8K2I", "O000000", "5ZXOK2P", "I5ZX8K2",
          "5ZX8K2-", "5ZX 8K2", " 5ZX8K2", "5ZX8K2\n", "5ZX8K\xc6\x8f"})
        EXPECT_FALSE(is_valid_fin(fin)) << fin;
    EXPECT_FALSE(is_valid_fin("5ZX8K2\0"s));
}

// ---------------------------------------------------------------------------
// 2. VÖEN and SUN: 10 digits

TEST(ValidateVoenSun, AcceptTenDigits) {
    for (std::string_view s : {"1401234561", "1700987652", "0000000000", "9999999999"}) {
        EXPECT_TRUE(is_valid_voen(s)) << s;
        EXPECT_TRUE(is_valid_sun(s)) << s;
    }
}

TEST(ValidateVoenSun, RejectOtherLengthsAndNonDigits) {
    for (std::string_view s : {"", "140123456", "14012345612", "14012345a1", " 140123456", "140123456 ",
                               "-140123456", "1401.23456", "١٤٠١٢٣٤٥٦١"}) {
        EXPECT_FALSE(is_valid_voen(s)) << s;
        EXPECT_FALSE(is_valid_sun(s)) << s;
    }
    EXPECT_FALSE(is_valid_voen("14012345\0"s
                               "1"));
    EXPECT_FALSE(is_valid_sun("14012345\0"s
                              "1"));
}

// ---------------------------------------------------------------------------
// 3. Dates: YYYY-MM-DD, a real day, years 1900-2100

TEST(ValidateDate, AcceptsRealDays) {
    for (std::string_view d : {"2024-03-01", "2023-12-31", "2024-01-31", "2024-04-30", "2023-02-28",
                               "1900-01-01", "2100-12-31", "1999-06-15"})
        EXPECT_TRUE(is_valid_date(d)) << d;
}

TEST(ValidateDate, LeapYearsFollowTheGregorianRules) {
    EXPECT_TRUE(is_valid_date("2024-02-29")); // divisible by 4
    EXPECT_TRUE(is_valid_date("2000-02-29")); // divisible by 400
    EXPECT_TRUE(is_valid_date("1904-02-29"));
    EXPECT_FALSE(is_valid_date("1900-02-29")); // divisible by 100, not by 400
    EXPECT_FALSE(is_valid_date("2100-02-29"));
    EXPECT_FALSE(is_valid_date("2023-02-29"));
    EXPECT_FALSE(is_valid_date("2024-02-30"));
}

TEST(ValidateDate, RejectsImpossibleMonthsAndDays) {
    for (std::string_view d : {"2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32", "2024-04-31",
                               "2024-06-31", "2024-09-31", "2024-11-31", "2024-99-99"})
        EXPECT_FALSE(is_valid_date(d)) << d;
}

TEST(ValidateDate, RejectsYearsOutsideTheRange) {
    EXPECT_FALSE(is_valid_date("1899-12-31"));
    EXPECT_FALSE(is_valid_date("2101-01-01"));
    EXPECT_FALSE(is_valid_date("0000-01-01"));
}

TEST(ValidateDate, RejectsOtherShapes) {
    for (std::string_view d :
         {"", "2024-1-01", "2024-01-1", "24-01-01", "2024/01/01", "2024.01.01", "20240101", "2024-01-01 ",
          " 2024-01-01", "2024-01-0a", "+024-01-01", "2024-+1-01", "2024-01-01T00:00:00Z", "01-01-2024"})
        EXPECT_FALSE(is_valid_date(d)) << d;
}

// ---------------------------------------------------------------------------
// 4. Instants: RFC 3339 with seconds and an explicit offset

TEST(ValidateInstant, AcceptsOffsetsZuluAndFractions) {
    for (std::string_view s :
         {"2024-03-01T10:22:00+04:00", "2024-03-01T10:22:00Z", "2024-03-01T10:22:00-05:30",
          "2024-03-01T00:00:00+00:00", "2024-03-01T23:59:59+23:59", "2024-03-01T10:22:00.1Z",
          "2024-03-01T10:22:00.123456789+04:00", "2024-02-29T12:00:00Z",
          "2016-12-31T23:59:60Z"}) // a leap second
        EXPECT_TRUE(is_valid_instant(s)) << s;
}

TEST(ValidateInstant, RejectsMissingPartsAndBadValues) {
    for (std::string_view s : {
             "",
             "2024-03-01",
             "2024-03-01T10:22:00",      // no offset
             "2024-03-01T10:22Z",        // no seconds
             "2024-03-01T10:22:00+04",   // short offset
             "2024-03-01T10:22:00+0400", // offset without colon
             "2024-03-01T10:22:00+04:00Z",
             "2024-03-01T10:22:00ZZ",
             "2024-03-01T10:22:00.Z",           // empty fraction
             "2024-03-01T10:22:00.1234567890Z", // more than nanoseconds
             "2024-03-01T24:00:00Z",
             "2024-03-01T10:60:00Z",
             "2024-03-01T10:22:61Z",
             "2024-03-01T10:22:00+24:00",
             "2024-03-01T10:22:00+04:60",
             "2024-02-30T10:22:00Z", // not a real day
             "2023-02-29T10:22:00Z",
             "2024-03-01X10:22:00Z",
             "2024-03-01T10-22-00Z",
             "2024-03-01T1a:22:00Z",
             "2024-03-01T10:22:00 +04:00",
         })
        EXPECT_FALSE(is_valid_instant(s)) << s;
}

// ---------------------------------------------------------------------------
// 5. UTF-8: well-formed only

TEST(ValidateUtf8, AcceptsAsciiAzerbaijaniCyrillicAndAllPlanes) {
    for (std::string_view s : {
             "", "ASCII text 123",
             "əğıöşüç ƏĞİÖŞÜÇ",               // Azerbaijani Latin
             "Заключение трудового договора", // Cyrillic
             "\xe2\x82\xac",                  // U+20AC, three bytes
             "\xf0\x9f\x98\x80",              // U+1F600, four bytes
             "\xc2\x80",                      // U+0080, the smallest two-byte value
             "\xe0\xa0\x80",                  // U+0800, the smallest three-byte value
             "\xf0\x90\x80\x80",              // U+10000, the smallest four-byte value
             "\xed\x9f\xbf",                  // U+D7FF, just below the surrogates
             "\xee\x80\x80",                  // U+E000, just above them
             "\xef\xbf\xbf",                  // U+FFFF
             "\xf4\x8f\xbf\xbf",              // U+10FFFF, the largest code point
         })
        EXPECT_TRUE(is_valid_utf8(s)) << s;
    EXPECT_TRUE(is_valid_utf8("a\0b"s)); // U+0000 is a character
}

TEST(ValidateUtf8, RejectsOverlongEncodings) {
    for (std::string_view s : {
             "\xc0\xaf",         // '/' in two bytes
             "\xc0\x80",         // NUL in two bytes ("modified UTF-8")
             "\xc1\xbf",         // U+007F in two bytes
             "\xe0\x80\xaf",     // '/' in three bytes
             "\xe0\x9f\xbf",     // U+07FF in three bytes
             "\xf0\x80\x80\xaf", // '/' in four bytes
             "\xf0\x8f\xbf\xbf", // U+FFFF in four bytes
         })
        EXPECT_FALSE(is_valid_utf8(s)) << testing::PrintToString(std::string(s));
}

TEST(ValidateUtf8, RejectsSurrogates) {
    for (std::string_view s : {"\xed\xa0\x80", "\xed\xad\xbf", "\xed\xae\x80", "\xed\xbf\xbf",
                               "\xed\xa0\xbd\xed\xb8\x80"}) // a CESU-8 pair
        EXPECT_FALSE(is_valid_utf8(s)) << testing::PrintToString(std::string(s));
}

TEST(ValidateUtf8, RejectsCodePointsAboveTheUnicodeRange) {
    for (std::string_view s : {"\xf4\x90\x80\x80", // U+110000
                               "\xf5\x80\x80\x80", "\xf7\xbf\xbf\xbf", "\xf8\x88\x80\x80\x80",
                               "\xfc\x84\x80\x80\x80\x80", "\xfe", "\xff"})
        EXPECT_FALSE(is_valid_utf8(s)) << testing::PrintToString(std::string(s));
}

TEST(ValidateUtf8, RejectsTruncatedSequencesAndStrayContinuations) {
    for (std::string_view s : {"\xc3", "\xe2\x82", "\xf0\x9f\x98", "a\xc3",
                               "\xc3"
                               "b",
                               "\xe2\x82"
                               "b",
                               "\xf0\x9f\x98"
                               "bcd",
                               "\x80", "\xbf", "a\x80z", "\xc9\x99\x99", "Bak\xc4"})
        EXPECT_FALSE(is_valid_utf8(s)) << testing::PrintToString(std::string(s));
}

TEST(ValidateUtf8, ChecksTheWholeOfALongString) {
    // Long inputs take the vectorised path: an error at the very end still counts.
    std::string s(4096, 'a');
    for (int i = 0; i < 200; ++i)
        s += "əş";
    EXPECT_TRUE(is_valid_utf8(s));
    EXPECT_FALSE(is_valid_utf8(s + "\xed\xa0\x80"));
    EXPECT_FALSE(is_valid_utf8(s + "\xc3"));
    std::string middle = s;
    middle[2048] = '\xff';
    EXPECT_FALSE(is_valid_utf8(middle));
}

} // namespace
