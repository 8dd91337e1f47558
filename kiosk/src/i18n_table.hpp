// The translation tables' shape, shared by kiosk/src/i18n.cpp (the citizen's journey,
// documents, devices) and kiosk/src/i18n_modes.cpp (staff and technician modes).
// Each table is sorted by key; tr() searches them in turn.
#pragma once

#include <span>
#include <string_view>

namespace kiosk::detail {

struct Entry {
    std::string_view key, az, ru, en;
};

template <typename Table> constexpr bool sorted_by_key(const Table& t) {
    for (std::size_t i = 1; i < t.size(); ++i)
        if (!(t[i - 1].key < t[i].key)) return false;
    return true;
}

std::span<const Entry> modes_table();

} // namespace kiosk::detail
