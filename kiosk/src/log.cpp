#include "kiosk/log.hpp"

#include <atomic>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <deque>
#include <mutex>

namespace kiosk {
namespace {

std::mutex g_mutex;
std::deque<std::string> g_lines;
std::atomic<bool> g_stderr{true};

bool fin_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'O');
}
bool word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

} // namespace

std::string scrub_personal(std::string_view text) {
    std::string out(text);
    std::size_t i = 0;
    while (i < out.size()) {
        if (!word_char(out[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < out.size() && word_char(out[j]))
            ++j;
        std::string_view word(out.data() + i, j - i);
        bool digits_only = true, all_fin = true, has_digit = false, has_letter = false;
        for (char c : word) {
            bool digit = c >= '0' && c <= '9';
            digits_only &= digit;
            all_fin &= fin_char(c);
            has_digit |= digit;
            has_letter |= c >= 'A' && c <= 'Z';
        }
        bool fin = word.size() == 7 && all_fin && has_digit && has_letter;
        // An identity document's number: a few capitals and seven or more digits (AZE12345678).
        std::size_t letters = 0;
        while (letters < word.size() && word[letters] >= 'A' && word[letters] <= 'Z')
            ++letters;
        bool document = letters >= 2 && letters <= 4 && word.size() >= letters + 7 &&
                        word.substr(letters).find_first_not_of("0123456789") == std::string_view::npos;
        fin = fin || document;
        bool long_number = digits_only && word.size() >= 9;
        // Digit runs inside a longer token (a phone "+994501234567") count too.
        if (!fin && !long_number) {
            std::size_t run = 0;
            for (char c : word) {
                run = (c >= '0' && c <= '9') ? run + 1 : 0;
                if (run >= 9) long_number = true;
            }
        }
        if (fin || long_number)
            for (std::size_t k = i; k < j; ++k)
                out[k] = '*';
        i = j;
    }
    return out;
}

void log_line(std::string_view component, std::string_view message) {
    char stamp[16] = "";
    std::time_t t = std::time(nullptr);
    std::tm lt{};
    localtime_r(&t, &lt);
    std::strftime(stamp, sizeof stamp, "%H:%M:%S", &lt);
    std::string line = std::string(stamp) + " " + std::string(component) + ": " + scrub_personal(message);
    if (g_stderr.load()) std::fprintf(stderr, "%s\n", line.c_str());
    std::lock_guard lock(g_mutex);
    g_lines.push_back(std::move(line));
    while (g_lines.size() > k_log_keep)
        g_lines.pop_front();
}

std::vector<std::string> recent_log_lines(std::size_t max) {
    std::lock_guard lock(g_mutex);
    std::size_t n = std::min(max, g_lines.size());
    return std::vector<std::string>(g_lines.end() - static_cast<std::ptrdiff_t>(n), g_lines.end());
}

void set_log_stderr(bool on) {
    g_stderr = on;
}

void clear_log() {
    std::lock_guard lock(g_mutex);
    g_lines.clear();
}

} // namespace kiosk
