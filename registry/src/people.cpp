#include "people.hpp"

#include <charconv>

namespace registry::detail {
namespace {

constexpr std::string_view k_fin_alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
static_assert(k_fin_alphabet.size() == 34);
static_assert(k_fin_space < (1ull << 36));
static_assert(k_employer_space < (1ull << 24));

constexpr std::string_view k_tax_offices[] = {"10", "13", "14", "15", "16", "17", "18", "19", "20", "99"};

// Streams of the same seed that never overlap the person stream.
constexpr std::uint64_t k_employer_stream = 0x454D504C4F594552ull; // "EMPLOYER"

void seven_digits(char* out, std::uint64_t value) {
    for (int i = 6; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

void append_number(std::string& out, std::uint64_t value) {
    char tmp[24];
    auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, value);
    out.append(tmp, end);
}

const Area& pick_area(Rng& rng) {
    const auto all = areas();
    std::uint32_t total = 0;
    for (const Area& a : all)
        total += a.weight;
    auto r = static_cast<std::uint32_t>(rng.below(total));
    for (const Area& a : all) {
        if (r < a.weight) return a;
        r -= a.weight;
    }
    return all.front();
}

const Area* find_area(std::string_view name) {
    for (const Area& a : areas())
        if (a.name == name) return &a;
    return nullptr;
}

template <typename T> const T& pick(Rng& rng, std::span<const T> table) {
    return table[rng.index(table.size())];
}

// Where an employer sits: its work area and its legal address.
struct Place {
    const Area* area = nullptr;
    std::string_view district; // Baku only
    std::string_view village;  // rural schools only
};

void write_area(const Place& place, std::string& out) {
    out.clear();
    const Area& a = *place.area;
    out.append(a.name);
    switch (a.kind) {
    case AreaKind::Capital:
        out.append(" şəhəri, ").append(place.district).append(" rayonu");
        break;
    case AreaKind::City:
        out.append(" şəhəri");
        break;
    case AreaKind::Rayon:
        out.append(" rayonu");
        if (!place.village.empty()) out.append(", ").append(place.village).append(" kəndi");
        break;
    }
}

void write_legal_address(Rng& rng, const Place& place, std::string& out) {
    write_area(place, out);
    if (place.area->kind == AreaKind::Rayon && place.village.empty())
        out.append(", ").append(place.area->name).append(" şəhəri");
    out.append(", ");
    if (!place.village.empty()) {
        out.append(pick(rng, village_streets())).append(" ");
        append_number(out, 1 + rng.below(40));
    } else {
        out.append(pick(rng, streets())).append(" ");
        append_number(out, 1 + rng.below(place.area->kind == AreaKind::Capital ? 220 : 90));
    }
}

// "Gəncə Şəhər", "Qəbələ Rayon", "Bakı şəhəri Nəsimi Rayon": the prefix of a local body's name.
void write_local_prefix(const Place& place, std::string& out) {
    const Area& a = *place.area;
    switch (a.kind) {
    case AreaKind::Capital:
        out.append("Bakı şəhəri ").append(place.district).append(" Rayon");
        break;
    case AreaKind::City:
        out.append(a.name).append(" Şəhər");
        break;
    case AreaKind::Rayon:
        out.append(a.name).append(" Rayon");
        break;
    }
}

// "\"first second\" form", e.g. "\"Xəzər Logistika\" MMC"; second may be empty.
void quoted_brand(std::string& out, std::string_view first, std::string_view second, std::string_view form) {
    out.append("\"").append(first);
    if (!second.empty()) out.append(" ").append(second);
    out.append("\" ").append(form);
}

std::string_view company_form(Rng& rng) {
    constexpr std::uint32_t k_weights[] = {800, 100, 100};
    constexpr std::string_view k_forms[] = {"MMC", "QSC", "ASC"};
    return k_forms[rng.weighted(k_weights)];
}

void company_name(Rng& rng, bool caps, std::string& out) {
    if (caps) return quoted_brand(out, pick(rng, caps_brands()), {}, "MMC");
    const std::string_view stem = pick(rng, company_stems());
    const std::string_view activity = pick(rng, company_activities());
    quoted_brand(out, stem, activity, company_form(rng));
}

void write_name(Rng& rng, Employer& e, Place& place) {
    std::string& out = e.name;
    out.clear();
    switch (e.sector) {
    case SectorKind::Company:
        company_name(rng, e.index == 0 || rng.chance(60), out);
        break;
    case SectorKind::Factory: {
        const std::string_view product = pick(rng, factory_products());
        constexpr std::uint32_t k_weights[] = {600, 250, 150};
        constexpr std::string_view k_forms[] = {"ASC", "QSC", "MMC"};
        quoted_brand(out, place.area->name, product, k_forms[rng.weighted(k_weights)]);
        break;
    }
    case SectorKind::School:
        if (place.area->kind == AreaKind::Rayon) {
            const Village& v = pick(rng, villages());
            if (const Area* rayon = find_area(v.rayon)) {
                place.area = rayon;
                place.village = v.name;
            }
            out.append(v.rayon).append(" rayonu ").append(v.name).append(" kənd tam orta məktəbi");
        } else {
            if (place.area->kind == AreaKind::Capital)
                out.append("Bakı şəhəri ").append(place.district).append(" rayonu ");
            else
                out.append(place.area->name).append(" şəhəri ");
            append_number(out, 1 + rng.below(place.area->kind == AreaKind::Capital ? 320 : 40));
            out.append(" nömrəli tam orta məktəb");
        }
        break;
    case SectorKind::Hospital:
        if (rng.chance(300)) {
            e.state_funded = false;
            const std::string_view stem = pick(rng, company_stems());
            quoted_brand(out, stem, rng.chance(500) ? "Klinika" : "Tibb Mərkəzi", "MMC");
        } else if (place.area->kind == AreaKind::Capital) {
            out.append("Bakı şəhəri ");
            if (rng.chance(700)) {
                append_number(out, 1 + rng.below(40));
                out.append(" saylı Şəhər Poliklinikası");
            } else {
                append_number(out, 1 + rng.below(8));
                out.append(" saylı Şəhər Klinik Xəstəxanası");
            }
        } else if (place.area->kind == AreaKind::City && rng.chance(400)) {
            out.append(place.area->name).append(" şəhəri ");
            append_number(out, 1 + rng.below(6));
            out.append(" saylı Poliklinika");
        } else {
            out.append(place.area->name).append(place.area->kind == AreaKind::City ? " Şəhər" : " Rayon");
            out.append(" Mərkəzi Xəstəxanası");
        }
        break;
    case SectorKind::StateBody:
        write_local_prefix(place, out);
        out.append(" ").append(pick(rng, state_body_kinds()));
        break;
    case SectorKind::Hospitality: {
        const std::string_view stem = pick(rng, company_stems());
        quoted_brand(out, stem, pick(rng, hospitality_kinds()), "MMC");
        break;
    }
    case SectorKind::Finance: {
        const auto kinds = finance_kinds();
        const std::size_t k = rng.index(kinds.size());
        constexpr std::string_view k_forms[] = {"ASC", "ASC", "BOKT", "MMC"};
        quoted_brand(out, pick(rng, company_stems()), kinds[k], k_forms[k % std::size(k_forms)]);
        break;
    }
    }
}

} // namespace

Identity::Identity(std::uint64_t seed)
    : m_fin(k_fin_space, 18, mix(seed, 0x46494E)), m_voen(k_employer_space, 12, mix(seed, 0x564F454E)),
      m_sun(k_employer_space, 12, mix(seed, 0x53554E)) {}

Fin Identity::fin(std::uint64_t index) const {
    std::uint64_t value = m_fin(index);
    Fin out{};
    for (int i = 6; i >= 0; --i) {
        out[i] = k_fin_alphabet[value % 34];
        value /= 34;
    }
    return out;
}

TenDigits Identity::voen(std::uint64_t index, std::uint64_t office) const {
    TenDigits out{};
    const std::string_view prefix = k_tax_offices[office % std::size(k_tax_offices)];
    out[0] = prefix[0];
    out[1] = prefix[1];
    seven_digits(out.data() + 2, m_voen(index));
    out[9] = '1';
    return out;
}

TenDigits Identity::sun(std::uint64_t index) const {
    TenDigits out{'2', '0', '0'};
    seven_digits(out.data() + 3, m_sun(index));
    return out;
}

FullName make_name(Rng& rng, bool female) {
    const Surname& s = pick(rng, surnames());
    FullName n;
    n.female = female;
    n.surname = female ? s.female : s.male;
    n.name = female ? pick(rng, female_names()) : pick(rng, male_names());
    do
        n.father = pick(rng, male_names());
    while (n.father == n.name);
    return n;
}

std::string_view patronymic_suffix(bool female) {
    return female ? " qızı" : " oğlu";
}

void make_employer(std::uint64_t seed, const Identity& identity, std::uint64_t index, Employer& out) {
    Rng rng(mix(seed ^ k_employer_stream, index));
    out.index = index;
    out.sector = index == 0 ? SectorKind::Company : static_cast<SectorKind>(rng.weighted(sector_weights()));
    out.state_funded = sector(out.sector).state_funded;
    out.voen = identity.voen(index, rng.below(100));
    out.sun = identity.sun(index);
    out.head_fin = identity.fin(index);

    Place place;
    place.area = &pick_area(rng);
    if (place.area->kind == AreaKind::Capital) place.district = pick(rng, place.area->districts);
    write_name(rng, out, place);
    write_area(place, out.area);
    write_legal_address(rng, place, out.legal_address);

    const FullName head = make_name(rng, rng.chance(200));
    out.head_name.clear();
    out.head_name.append(head.surname).append(" ").append(head.name).append(" ").append(head.father);
    out.head_name.append(patronymic_suffix(head.female));
}

void make_area(Rng& rng, std::string& out) {
    Place place;
    place.area = &pick_area(rng);
    if (place.area->kind == AreaKind::Capital) place.district = pick(rng, place.area->districts);
    write_area(place, out);
}

} // namespace registry::detail
