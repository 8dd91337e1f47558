#include "kiosk/validate.hpp"

#include <simdjson.h>

namespace kiosk {
namespace {

bool all_digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

int two(std::string_view s, size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

} // namespace

bool is_valid_fin(std::string_view s) {
    if (s.size() != 7) return false;
    for (char c : s) {
        bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
        if (!ok || c == 'I' || c == 'O') return false;
    }
    return true;
}

bool is_valid_voen(std::string_view s) { return s.size() == 10 && all_digits(s); }
bool is_valid_sun(std::string_view s) { return s.size() == 10 && all_digits(s); }

bool is_valid_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2))) return false;
    int year = two(s, 0) * 100 + two(s, 2);
    int month = two(s, 5);
    int day = two(s, 8);
    if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
    static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int max_day = k_days[month - 1] + (month == 2 && leap ? 1 : 0);
    return day <= max_day;
}

bool is_valid_instant(std::string_view s) {
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
    if (s.size() < 20 || !is_valid_date(s.substr(0, 10))) return false;
    if (s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
    if (!all_digits(s.substr(11, 2)) || !all_digits(s.substr(14, 2)) || !all_digits(s.substr(17, 2))) return false;
    if (two(s, 11) > 23 || two(s, 14) > 59 || two(s, 17) > 60) return false;
    size_t i = 19;
    if (i < s.size() && s[i] == '.') {
        size_t start = ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == start || i - start > 9) return false;
    }
    std::string_view zone = s.substr(i);
    if (zone == "Z") return true;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') return false;
    if (!all_digits(zone.substr(1, 2)) || !all_digits(zone.substr(4, 2))) return false;
    return two(zone, 1) <= 23 && two(zone, 4) <= 59;
}

bool is_valid_utf8(std::string_view s) { return simdjson::validate_utf8(s.data(), s.size()); }

} // namespace kiosk
