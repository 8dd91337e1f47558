// Who appears in the data: identifiers (FIN, VÖEN, SUN) that are unique by
// construction, Azerbaijani names, and employers rebuilt on demand from their
// index so that memory does not grow with their number.
#pragma once

#include "calendar.hpp"
#include "rng.hpp"
#include "tables.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace registry::detail {

using Fin = std::array<char, 7>;
using TenDigits = std::array<char, 10>;

inline std::string_view view(const Fin& fin) {
    return {fin.data(), fin.size()};
}
inline std::string_view view(const TenDigits& digits) {
    return {digits.data(), digits.size()};
}

// Identifiers from counters through keyed bijections: distinct indexes give
// distinct identifiers, and the seed changes them all.
class Identity {
  public:
    explicit Identity(std::uint64_t seed);

    // 7 characters of [0-9A-Z] without I and O; index < 34^7.
    Fin fin(std::uint64_t index) const;
    // 2-digit tax office, 7 digits from the index, 1 (legal entity); index < 10^7.
    TenDigits voen(std::uint64_t index, std::uint64_t office) const;
    // "200" and 7 digits from the index; index < 10^7.
    TenDigits sun(std::uint64_t index) const;

  private:
    Permutation m_fin;
    Permutation m_voen;
    Permutation m_sun;
};

inline constexpr std::uint64_t k_fin_space = 34ull * 34 * 34 * 34 * 34 * 34 * 34;
inline constexpr std::uint64_t k_employer_space = 10'000'000;

struct FullName {
    bool female = false;
    std::string_view surname, name, father; // patronymic: father + " oğlu" / " qızı"
};
FullName make_name(Rng& rng, bool female);
std::string_view patronymic_suffix(bool female);

struct Employer {
    std::uint64_t index = 0;
    SectorKind sector = SectorKind::Company;
    bool state_funded = false;
    TenDigits voen{};
    TenDigits sun{};
    Fin head_fin{};
    std::string name;
    std::string legal_address;
    std::string area;      // where its people work, e.g. "Bakı şəhəri, Nəsimi rayonu"
    std::string head_name; // "Əliyev Tofiq Rza oğlu"
};

// Rebuilds employer `index` (the same every time for one seed). Employer 0 is a
// company with an upper-case brand name, so the data always holds a Ğ.
void make_employer(std::uint64_t seed, const Identity& identity, std::uint64_t index, Employer& out);

// A place for a branch office: "Gəncə şəhəri", "Bakı şəhəri, Xətai rayonu".
void make_area(Rng& rng, std::string& out);

} // namespace registry::detail
