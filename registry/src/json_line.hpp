// Hand-written JSON output for the generator's hot loop: one NDJSON line at a
// time in a reused buffer; numbers through std::to_chars, strings escaped.
#pragma once

#include "calendar.hpp"

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace registry::detail {

class JsonLine {
  public:
    JsonLine() { m_buf.reserve(16 * 1024); }

    void clear() { m_buf.clear(); }
    std::string_view view() const { return m_buf; }

    // Text as is: punctuation and keys, e.g. raw(R"(, "kind": )").
    void raw(std::string_view s) { m_buf.append(s); }
    void ch(char c) { m_buf.push_back(c); }
    void null() { m_buf.append("null"); }

    // A JSON string: quoted, with '"', '\\' and control characters escaped.
    void str(std::string_view s) {
        m_buf.push_back('"');
        escaped(s);
        m_buf.push_back('"');
    }

    // The inside of a JSON string, for values built from several parts.
    void escaped(std::string_view s) {
        std::size_t run = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c != '"' && c != '\\' && c >= 0x20) continue;
            m_buf.append(s.substr(run, i - run));
            run = i + 1;
            switch (c) {
            case '"':
                m_buf.append("\\\"");
                break;
            case '\\':
                m_buf.append("\\\\");
                break;
            case '\n':
                m_buf.append("\\n");
                break;
            case '\t':
                m_buf.append("\\t");
                break;
            case '\r':
                m_buf.append("\\r");
                break;
            default: {
                constexpr char k_hex[] = "0123456789abcdef";
                const char u[] = {'\\', 'u', '0', '0', k_hex[c >> 4], k_hex[c & 15]};
                m_buf.append(u, sizeof u);
            }
            }
        }
        m_buf.append(s.substr(run));
    }

    void num(std::uint64_t v) {
        char tmp[24];
        auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
        m_buf.append(tmp, end);
    }

    // v zero-padded to at least `width` digits (no quotes).
    void padded(std::uint64_t v, int width) {
        char tmp[24];
        auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
        for (auto n = end - tmp; n < width; ++n)
            m_buf.push_back('0');
        m_buf.append(tmp, end);
    }

    // An amount in qəpik as a JSON number with two decimals: 95000 -> 950.00
    void money(std::int64_t qepik) {
        num(static_cast<std::uint64_t>(qepik / 100));
        m_buf.push_back('.');
        padded(static_cast<std::uint64_t>(qepik % 100), 2);
    }

    // YYYY-MM-DD without quotes.
    void date_text(Day day) {
        const Ymd ymd = civil_from_days(day);
        char out[10];
        four(out, ymd.year);
        out[4] = '-';
        two(out + 5, ymd.month);
        out[7] = '-';
        two(out + 8, ymd.day);
        m_buf.append(out, sizeof out);
    }

    // "YYYY-MM-DD"
    void date(Day day) {
        m_buf.push_back('"');
        date_text(day);
        m_buf.push_back('"');
    }

    // DD.MM.YYYY without quotes (the style of order references).
    void date_dotted(Day day) {
        const Ymd ymd = civil_from_days(day);
        char out[10];
        two(out, ymd.day);
        out[2] = '.';
        two(out + 3, ymd.month);
        out[5] = '.';
        four(out + 6, ymd.year);
        m_buf.append(out, sizeof out);
    }

    // "YYYY-MM-DDTHH:MM:SS+04:00" (Baku time), seconds since that day's midnight.
    void instant(Day day, int seconds) {
        m_buf.push_back('"');
        date_text(day);
        char out[16];
        out[0] = 'T';
        two(out + 1, seconds / 3600);
        out[3] = ':';
        two(out + 4, seconds / 60 % 60);
        out[6] = ':';
        two(out + 7, seconds % 60);
        const char zone[] = "+04:00\"";
        for (int i = 0; i < 7; ++i)
            out[9 + i] = zone[i];
        m_buf.append(out, sizeof out);
    }

  private:
    static void two(char* out, int v) {
        out[0] = static_cast<char>('0' + v / 10);
        out[1] = static_cast<char>('0' + v % 10);
    }
    static void four(char* out, int v) {
        two(out, v / 100);
        two(out + 2, v % 100);
    }

    std::string m_buf;
};

} // namespace registry::detail
