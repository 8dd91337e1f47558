// Proleptic Gregorian dates as day numbers (days since 1970-01-01), after
// H. Hinnant's civil-calendar algorithms. Integer arithmetic only.
#pragma once

#include <cstdint>

namespace registry::detail {

using Day = std::int32_t;

struct Ymd {
    int year;
    int month; // 1..12
    int day;   // 1..31
};

constexpr Day days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

constexpr Ymd civil_from_days(Day z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp < 10 ? mp + 3 : mp - 9;
    return {yoe + era * 400 + (m <= 2), m, d};
}

constexpr bool is_leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr int days_in_month(int y, int m) {
    constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return k_days[m - 1] + (m == 2 && is_leap(y) ? 1 : 0);
}

// The same day of the month `months` later, clamped to the month's length.
constexpr Day add_months(Day day, int months) {
    const Ymd ymd = civil_from_days(day);
    const int index = ymd.year * 12 + (ymd.month - 1) + months;
    const int y = index / 12;
    const int m = index % 12 + 1;
    const int d = ymd.day < days_in_month(y, m) ? ymd.day : days_in_month(y, m);
    return days_from_civil(y, m, d);
}

constexpr Day add_years(Day day, int years) {
    return add_months(day, 12 * years);
}

// The first day of the month after the one holding `day`.
constexpr Day first_of_next_month(Day day) {
    const Ymd ymd = civil_from_days(day);
    return days_from_civil(ymd.year + (ymd.month == 12), ymd.month % 12 + 1, 1);
}

constexpr int year_of(Day day) {
    return civil_from_days(day).year;
}

// Whole years from `birth` to `day`.
constexpr int age_at(Day birth, Day day) {
    const Ymd b = civil_from_days(birth);
    const Ymd d = civil_from_days(day);
    return d.year - b.year - ((d.month < b.month || (d.month == b.month && d.day < b.day)) ? 1 : 0);
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(civil_from_days(days_from_civil(2024, 2, 29)).day == 29);
static_assert(add_months(days_from_civil(2016, 3, 31), 11) == days_from_civil(2017, 2, 28));
static_assert(first_of_next_month(days_from_civil(2017, 12, 15)) == days_from_civil(2018, 1, 1));

} // namespace registry::detail
