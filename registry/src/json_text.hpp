// Small helpers for composing JSON text by hand on the hot paths (feed pages,
// change records) without building a JSON tree.
#pragma once

#include <cstdio>
#include <sqlite3.h>
#include <string>
#include <string_view>

namespace registry {

// Appends `text` as a JSON string literal (UTF-8 passes through unchanged).
inline void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                out += escaped;
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

// Appends the text of a result column without an intermediate string.
inline void append_column_text(std::string& out, sqlite3_stmt* stmt, int col) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
    if (p) out.append(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, col)));
}

} // namespace registry
