#include "registry/common.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <stdexcept>

namespace registry {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool all_digits(std::string_view s) {
    for (char c : s)
        if (!is_digit(c)) return false;
    return !s.empty();
}

int number(std::string_view s) {
    int v = 0;
    for (char c : s)
        v = v * 10 + (c - '0');
    return v;
}

bool leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : k_days[m - 1];
}

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy =
        (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

} // namespace

std::int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string instant(std::int64_t unix_s) {
    const std::int64_t local = unix_s + k_baku_offset_s;
    const std::int64_t days = floor_div(local, 86400);
    const std::int64_t secs = local - days * 86400;
    int y, m, d;
    civil_from_days(days, y, m, d);
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d+04:00", y, m, d,
                  static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                  static_cast<int>(secs % 60));
    return text;
}

std::string baku_date(std::int64_t unix_s) {
    return instant(unix_s).substr(0, 10);
}

std::optional<std::int64_t> parse_instant(std::string_view t) {
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)
    if (t.size() < 20 || !valid_date(t.substr(0, 10)) || (t[10] != 'T' && t[10] != 't') || t[13] != ':' ||
        t[16] != ':' || !all_digits(t.substr(11, 2)) || !all_digits(t.substr(14, 2)) ||
        !all_digits(t.substr(17, 2)))
        return std::nullopt;
    const int hh = number(t.substr(11, 2)), mi = number(t.substr(14, 2)), ss = number(t.substr(17, 2));
    if (hh > 23 || mi > 59 || ss > 60) return std::nullopt;
    std::size_t i = 19;
    if (i < t.size() && t[i] == '.') {
        ++i;
        const std::size_t start = i;
        while (i < t.size() && is_digit(t[i]))
            ++i;
        if (i == start) return std::nullopt;
    }
    std::int64_t offset = 0;
    std::string_view zone = t.substr(i);
    if (zone == "Z" || zone == "z") {
        offset = 0;
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
               all_digits(zone.substr(1, 2)) && all_digits(zone.substr(4, 2))) {
        const int oh = number(zone.substr(1, 2)), om = number(zone.substr(4, 2));
        if (oh > 23 || om > 59) return std::nullopt;
        offset = (oh * 3600 + om * 60) * (zone[0] == '-' ? -1 : 1);
    } else {
        return std::nullopt;
    }
    const std::int64_t days =
        days_from_civil(number(t.substr(0, 4)), number(t.substr(5, 2)), number(t.substr(8, 2)));
    return days * 86400 + hh * 3600 + mi * 60 + ss - offset;
}

std::string random_token(std::size_t bytes) {
    std::string raw(bytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1)
        throw std::runtime_error("RAND_bytes failed"); // the CSPRNG failing is not a normal condition
    std::string out = base64_encode(raw);
    while (!out.empty() && out.back() == '=')
        out.pop_back();
    for (char& c : out)
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    return out;
}

std::string random_digits(int n) {
    std::string out;
    while (static_cast<int>(out.size()) < n) {
        unsigned char b;
        if (RAND_bytes(&b, 1) != 1) throw std::runtime_error("RAND_bytes failed");
        if (b < 250) out += static_cast<char>('0' + b % 10); // no modulo bias
    }
    return out;
}

std::string sha256_raw(std::string_view data) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
    return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

std::string sha256_hex(std::string_view data) {
    const std::string raw = sha256_raw(data);
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(raw.size() * 2);
    for (unsigned char c : raw) {
        out += k_hex[c >> 4];
        out += k_hex[c & 15];
    }
    return out;
}

std::string base64_encode(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    const int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    for (char c : text)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '+' || c == '/' ||
              c == '='))
            return std::nullopt;
    std::string out(text.size() / 4 * 3, '\0');
    const int n =
        EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0) return std::nullopt;
    std::size_t size = static_cast<std::size_t>(n);
    // EVP_DecodeBlock counts padding as zero bytes.
    if (!text.empty() && text.back() == '=') --size;
    if (text.size() >= 2 && text[text.size() - 2] == '=') --size;
    out.resize(size);
    return out;
}

bool valid_fin(std::string_view fin) {
    if (fin.size() != 7) return false;
    for (char c : fin)
        if (!(is_digit(c) || (c >= 'A' && c <= 'Z')) || c == 'I' || c == 'O') return false;
    return true;
}

bool valid_voen(std::string_view voen) {
    return voen.size() == 10 && all_digits(voen);
}

bool valid_date(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-' || !all_digits(d.substr(0, 4)) ||
        !all_digits(d.substr(5, 2)) || !all_digits(d.substr(8, 2)))
        return false;
    const int y = number(d.substr(0, 4)), m = number(d.substr(5, 2)), day = number(d.substr(8, 2));
    return y >= 1900 && m >= 1 && m <= 12 && day >= 1 && day <= days_in_month(y, m);
}

bool valid_phone(std::string_view phone) {
    return phone.size() == 13 && phone.starts_with("+994") && all_digits(phone.substr(4));
}

bool valid_user_id(std::string_view user_id) {
    return user_id.size() == 6 && all_digits(user_id);
}

bool valid_uuid(std::string_view u) {
    if (u.size() != 36) return false;
    for (std::size_t i = 0; i < u.size(); ++i) {
        const char c = u[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!(is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

bool valid_amount(std::string_view a) {
    const auto dot = a.find('.');
    return dot != std::string_view::npos && dot >= 1 && dot <= 9 && a.size() == dot + 3 &&
           all_digits(a.substr(0, dot)) && all_digits(a.substr(dot + 1)) && (dot == 1 || a[0] != '0');
}

bool valid_text(std::string_view text, std::size_t max_bytes) {
    if (text.empty() || text.size() > max_bytes) return false;
    // Well-formed UTF-8 without control characters.
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        int extra;
        std::uint32_t cp;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) return false;
            ++i;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            extra = 1;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            extra = 2;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + static_cast<std::size_t>(extra) >= text.size()) return false;
        for (int k = 1; k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
            if ((cc & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
            cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp < 0xa0))
            return false;
        i += static_cast<std::size_t>(extra) + 1;
    }
    return true;
}

} // namespace registry
