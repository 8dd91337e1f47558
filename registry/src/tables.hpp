// The generator's vocabulary: reference lists with az/ru/en labels, Azerbaijani
// names, places, employers' sectors with their positions and structural units.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace registry::detail {

// ---------------------------------------------------------------------------
// Reference lists (PROTOCOL.md): every record the generator emits first.

struct ReferenceEntry {
    std::string_view list, code, az, ru, en;
};
std::span<const ReferenceEntry> reference_entries();

// When a termination ground may be drawn for a contract.
enum class ReasonRule : std::uint8_t {
    Any,
    Expiry,       // only when a fixed-term contract ends on its end date
    Probation,    // within the first three months
    Conscription, // a man aged 18-35
    AgeLimit,     // 65 or older, in a state-funded employer
    EndsCareer,   // the person has no later contract
};
struct TerminationReason {
    std::string_view code; // a termination_reason code of reference_entries()
    std::uint32_t weight;  // relative frequency among early terminations
    ReasonRule rule;
};
std::span<const TerminationReason> termination_reasons();
inline constexpr std::string_view k_reason_expiry = "74";

// ---------------------------------------------------------------------------
// People.

struct Surname {
    std::string_view male, female;
};
std::span<const Surname> surnames();
std::span<const std::string_view> male_names();
std::span<const std::string_view> female_names();

// ---------------------------------------------------------------------------
// Places.

enum class AreaKind : std::uint8_t { Capital, City, Rayon };
struct Area {
    std::string_view name;
    AreaKind kind;
    std::uint32_t weight;
    std::span<const std::string_view> districts; // Baku's rayons; empty elsewhere
};
std::span<const Area> areas();
std::span<const std::string_view> streets();
std::span<const std::string_view> village_streets();

struct Village {
    std::string_view rayon; // the name of a Rayon of areas()
    std::string_view name;
};
std::span<const Village> villages();

// ---------------------------------------------------------------------------
// Employers.

enum class SectorKind : std::uint8_t { Company, Factory, School, Hospital, StateBody, Hospitality, Finance };
inline constexpr int k_sector_count = 7;

struct Position {
    std::string_view name;
    std::int16_t promotion; // index of the position one step up, or -1
    std::uint16_t base_azn; // monthly salary at 2024 levels, full time
    std::uint32_t units;    // bit i: may work in unit i of the sector
};
struct Sector {
    std::span<const Position> positions;
    std::span<const std::string_view> units;
    bool state_funded;
};
const Sector& sector(SectorKind kind);
std::span<const std::uint32_t> sector_weights(); // indexed by SectorKind

std::span<const std::string_view> company_stems();
std::span<const std::string_view> company_activities();
std::span<const std::string_view> caps_brands(); // upper-case brand names, each with a Ğ
std::span<const std::string_view> factory_products();
std::span<const std::string_view> hospitality_kinds();
std::span<const std::string_view> finance_kinds();
std::span<const std::string_view> state_body_kinds();

// ---------------------------------------------------------------------------
// Contracts and notifications.

struct WorkingTime {
    std::string_view text;
    std::uint32_t weight;
    std::uint32_t pay_per_mille; // salary relative to full time
};
std::span<const WorkingTime> working_times();

std::span<const std::string_view> cancellation_reasons();
std::span<const std::string_view> invalidity_reasons();

} // namespace registry::detail
