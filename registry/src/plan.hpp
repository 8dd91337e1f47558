// A person's story, decided before any of it is written: who they are, their
// contracts (at most 4) and what was notified about each (at most 5 per
// contract). A contract record carries the terms after its amendments and
// precedes them, hence the plan. Nothing is kept between people.
#pragma once

#include "calendar.hpp"
#include "people.hpp"
#include "rng.hpp"
#include "tables.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>

namespace registry::detail {

// The data set's "today": no event is later.
constexpr Day k_today = days_from_civil(2026, 11, 23);
constexpr Day k_first_day = days_from_civil(2005, 1, 1);
constexpr int k_first_year = 2005;
constexpr int k_years = 2026 - k_first_year + 1;
constexpr Day k_no_day = std::numeric_limits<Day>::min();

constexpr int k_max_contracts = 4;
constexpr int k_max_amendments = 3;

enum class Kind : std::uint8_t { Conclusion, Amendment, Termination };
enum class State : std::uint8_t { Entered, Signed, Registered, Cancelled };

// How a notification went through the registry.
struct Filing {
    State state = State::Registered;
    bool valid = true;
    std::string_view validity_reason; // empty: null
    int signed_at = 0;                // seconds after midnight of the notification date
    int registration_delay = 0;       // seconds from signing to registration

    // Signed and neither cancelled nor declared invalid: its changes hold.
    bool effective() const { return valid && (state == State::Signed || state == State::Registered); }
};

// The terms of a contract that amendments change.
struct Terms {
    int position = 0;
    int unit = 0;
    std::int64_t salary = 0; // qəpik
    int working_time = 0;
    Day end = k_no_day; // fixed-term contracts only
};

enum class Field : std::uint8_t { Position, Workplace, Salary, WorkingTime, EndDate };

struct Change {
    Field field;
    std::int64_t old_value; // an index, qəpik or a day, by field
    std::int64_t new_value;
};

struct Amendment {
    Day date = 0;
    Day effective = 0;
    int order_number = 0;
    bool extension = false; // prolongs a fixed-term contract
    std::array<Change, 5> changes{};
    int change_count = 0;
    Terms after; // the terms this amendment asks for
    Filing filing;
};

struct ContractPlan {
    Employer employer;
    bool fixed = false;
    Day start = 0;
    Terms initial;
    Terms final_terms; // after the effective amendments
    std::string work_address;
    Filing conclusion;
    std::array<Amendment, k_max_amendments> amendments{};
    int amendment_count = 0;
    bool ended = false;
    Day termination_date = 0;
    Day order_date = 0;
    int order_number = 0;
    std::string_view reason;
    bool ends_career = false;
    Filing termination;

    int notifications() const { return 1 + amendment_count + (ended ? 1 : 0); }
};

struct Person {
    Fin fin{};
    FullName name;
    Day birth = 0;
};

inline const Sector& sector_of(const ContractPlan& c) {
    return sector(c.employer.sector);
}

// Index of a day's year among 2005..2026, for per-year serial numbers.
inline int year_index(Day day) {
    return std::clamp(year_of(day) - k_first_year, 0, k_years - 1);
}

class Planner {
  public:
    // employer_count: employers 0..count-1 exist; persons' FINs follow the heads' FINs.
    Planner(std::uint64_t seed, std::uint64_t employer_count);

    // Plans the next person, with between 1 and `budget` notifications.
    void plan_person(std::uint64_t budget);

    const Person& person() const { return m_person; }
    std::span<const ContractPlan> contracts() const {
        return std::span<const ContractPlan>(m_contracts.data(), static_cast<std::size_t>(m_contract_count));
    }

  private:
    void plan_contract(ContractPlan& c, Day start, std::uint64_t left, bool must_end);
    void plan_amendments(ContractPlan& c, int wanted, Day extension_date, Day new_end);
    void make_changes(const ContractPlan& c, Amendment& a, const Terms& current, int year);
    std::string_view pick_reason(const ContractPlan& c, Day termination_date);
    Filing make_filing(bool amendment);
    std::int64_t starting_salary(const Position& position, int year, int working_time);
    bool raise(std::int64_t& salary);
    int other_unit(std::uint32_t units, int current);

    std::uint64_t m_seed;
    std::uint64_t m_employer_count;
    std::uint64_t m_persons = 0;
    Identity m_identity;
    Rng m_rng;
    std::array<std::array<std::uint32_t, 32>, k_sector_count> m_position_weights{};

    Person m_person;
    std::array<ContractPlan, k_max_contracts> m_contracts{};
    int m_contract_count = 0;
};

} // namespace registry::detail
