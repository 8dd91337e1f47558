// Translation tables: every user-visible string is a key looked up here.
// Azerbaijani is the default language; Russian and English follow.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kiosk {

enum class Lang { Az, Ru, En };

inline constexpr Lang k_default_lang = Lang::Az;

// "az" | "ru" | "en".
std::optional<Lang> parse_lang(std::string_view code);
std::string_view lang_code(Lang lang);

// The text for `key` in `lang`; the key itself when the table has no entry
// (a missing translation is visible, never an empty label).
std::string_view tr(std::string_view key, Lang lang);

// The translated message for an Error code ("error.<code>").
std::string error_text(std::string_view code, Lang lang);

// Every key in the tables (tests check that each has all three languages).
std::size_t translation_count();
std::string_view translation_key(std::size_t index);

} // namespace kiosk
