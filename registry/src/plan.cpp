#include "plan.hpp"

#include <bit>

namespace registry::detail {
namespace {

constexpr Day k_birth_min = days_from_civil(1955, 1, 1);
constexpr Day k_birth_max = days_from_civil(2005, 12, 31);
constexpr Day k_last_start = k_today - 45; // a contract starts early enough to have a life

constexpr std::int64_t k_min_salary = 345'00; // qəpik
constexpr std::int64_t k_max_salary = 6000'00;

constexpr std::uint64_t k_person_stream = 0x504552534F4E53ull; // "PERSONS"

std::int64_t clamp_salary(std::int64_t qepik) {
    return std::clamp(qepik, k_min_salary, k_max_salary);
}

} // namespace

Planner::Planner(std::uint64_t seed, std::uint64_t employer_count)
    : m_seed(seed), m_employer_count(employer_count), m_identity(seed), m_rng(mix(seed, k_person_stream)) {
    // People are hired into junior positions more often than into the ones above them.
    for (int k = 0; k < k_sector_count; ++k) {
        const auto positions = sector(static_cast<SectorKind>(k)).positions;
        auto& weights = m_position_weights[static_cast<std::size_t>(k)];
        for (std::size_t i = 0; i < positions.size(); ++i)
            weights[i] = 3;
        for (const Position& p : positions)
            if (p.promotion >= 0) weights[static_cast<std::size_t>(p.promotion)] = 1;
    }
}

void Planner::plan_person(std::uint64_t budget) {
    Person& p = m_person;
    p.fin = m_identity.fin(m_employer_count + m_persons++);
    p.name = make_name(m_rng, m_rng.chance(500));
    p.birth = static_cast<Day>(m_rng.between(k_birth_min, k_birth_max));

    // Careers start anywhere in 2005..2026 once the person is an adult.
    const Day earliest = std::max(k_first_day, add_years(p.birth, 18));
    const Day span = k_last_start - earliest;
    Day cursor = earliest + static_cast<Day>(m_rng.below(static_cast<std::uint64_t>(
                                (m_rng.chance(600) ? std::min<Day>(span, 3 * 365) : span) + 1)));

    constexpr std::uint32_t k_contract_weights[] = {350, 300, 220, 130};
    const int wanted = 1 + static_cast<int>(m_rng.weighted(k_contract_weights));
    std::uint64_t used = 0;
    m_contract_count = 0;
    for (int i = 0; i < wanted && used < budget; ++i) {
        if (i > 0 && (cursor > k_last_start || age_at(p.birth, cursor) >= 63)) break;
        ContractPlan& c = m_contracts[m_contract_count++];
        plan_contract(c, cursor, budget - used, i + 1 < wanted);
        used += static_cast<std::uint64_t>(c.notifications());
        if (!c.ended || c.ends_career) break;
        // The next job: days to more than a year later.
        cursor = c.termination_date + 1 +
                 static_cast<Day>(m_rng.chance(700) ? m_rng.below(60) : 60 + m_rng.below(450));
    }
}

std::int64_t Planner::starting_salary(const Position& position, int year, int working_time) {
    // Wages roughly doubled from 2005 to 2026; integer per-mille arithmetic only.
    const std::int64_t level = 550 + (year - k_first_year) * 28;
    const std::int64_t jitter = m_rng.between(850, 1200);
    std::int64_t azn = static_cast<std::int64_t>(position.base_azn) * level * jitter / 1'000'000;
    azn = (azn + 5) / 10 * 10;
    azn = azn * working_times()[static_cast<std::size_t>(working_time)].pay_per_mille / 1000;
    azn = (azn + 2) / 5 * 5;
    return clamp_salary(azn * 100);
}

// Raises by 5-30 %, to whole tens of manat; false at the ceiling.
bool Planner::raise(std::int64_t& salary) {
    if (salary >= k_max_salary) return false;
    const std::int64_t per_mille = m_rng.between(50, 300);
    std::int64_t next = salary * (1000 + per_mille) / 1000;
    next = (next + 999) / 1000 * 1000;
    salary = clamp_salary(std::max(next, salary + 1000));
    return true;
}

int Planner::other_unit(std::uint32_t units, int current) {
    const std::uint32_t others = current >= 0 ? units & ~(1u << current) : units;
    const int count = std::popcount(others);
    if (count == 0) return -1;
    int n = static_cast<int>(m_rng.below(static_cast<std::uint64_t>(count)));
    for (int bit = 0; bit < 32; ++bit)
        if ((others >> bit) & 1u)
            if (n-- == 0) return bit;
    return -1;
}

Filing Planner::make_filing(bool amendment) {
    Filing f;
    const auto roll = m_rng.below(1000);
    if (amendment && roll < 25) {
        f.state = State::Cancelled;
        f.valid = false;
        const auto reasons = cancellation_reasons();
        f.validity_reason = m_rng.chance(700) ? reasons[0] : reasons[m_rng.index(reasons.size())];
    } else if (amendment && roll < 40) {
        f.valid = false; // registered, then declared invalid
        const auto reasons = invalidity_reasons();
        f.validity_reason = reasons[m_rng.index(reasons.size())];
    } else if (roll < 120) {
        f.state = State::Signed;
    }
    f.signed_at = static_cast<int>(m_rng.between(9 * 3600, 18 * 3600 + 59 * 60));
    f.registration_delay = static_cast<int>(m_rng.between(3, 25));
    return f;
}

std::string_view Planner::pick_reason(const ContractPlan& c, Day termination_date) {
    const auto reasons = termination_reasons();
    const int age = age_at(m_person.birth, termination_date);
    std::array<std::uint32_t, 32> weights{};
    for (std::size_t i = 0; i < reasons.size() && i < weights.size(); ++i) {
        const TerminationReason& r = reasons[i];
        bool allowed = true;
        switch (r.rule) {
        case ReasonRule::Any:
        case ReasonRule::EndsCareer:
            break;
        case ReasonRule::Expiry:
            allowed = false;
            break;
        case ReasonRule::Probation:
            allowed = termination_date - c.start <= 92;
            break;
        case ReasonRule::Conscription:
            allowed = !m_person.name.female && age >= 18 && age <= 35;
            break;
        case ReasonRule::AgeLimit:
            allowed = c.employer.state_funded && age >= 65;
            break;
        }
        weights[i] = allowed ? r.weight : 0;
    }
    return reasons[m_rng.weighted(std::span(weights.data(), std::min(reasons.size(), weights.size())))].code;
}

void Planner::plan_contract(ContractPlan& c, Day start, std::uint64_t left, bool must_end) {
    // Big employers get more people: the product of two uniform picks leans to low indexes.
    const std::uint64_t employers = m_employer_count;
    const std::uint64_t index = m_rng.chance(500)
                                    ? m_rng.below(employers)
                                    : m_rng.below(employers) * m_rng.below(employers) / employers;
    make_employer(m_seed, m_identity, index, c.employer);
    const Sector& sec = sector_of(c);

    c.start = start;
    const int year = year_of(start);
    Terms& t = c.initial;
    const auto& position_weights = m_position_weights[static_cast<std::size_t>(c.employer.sector)];
    t.position = static_cast<int>(m_rng.weighted(std::span(position_weights.data(), sec.positions.size())));
    const Position& position = sec.positions[static_cast<std::size_t>(t.position)];
    t.unit = other_unit(position.units, -1);
    std::array<std::uint32_t, 8> wt_weights{};
    for (std::size_t i = 0; i < working_times().size(); ++i)
        wt_weights[i] = working_times()[i].weight;
    t.working_time = static_cast<int>(m_rng.weighted(std::span(wt_weights.data(), working_times().size())));
    t.salary = starting_salary(position, year, t.working_time);
    t.end = k_no_day;

    const bool branch =
        (c.employer.sector == SectorKind::Company || c.employer.sector == SectorKind::Finance ||
         c.employer.sector == SectorKind::Hospitality) &&
        m_rng.chance(150);
    if (branch)
        make_area(m_rng, c.work_address);
    else
        c.work_address = c.employer.area;

    c.conclusion = make_filing(false);
    c.amendment_count = 0;
    c.ended = false;
    c.ends_career = false;
    c.reason = {};

    constexpr std::uint32_t k_amendment_weights[] = {400, 300, 200, 100};
    int wanted = static_cast<int>(m_rng.weighted(k_amendment_weights));
    c.fixed = m_rng.chance(300);

    if (left == 1) {
        // Room for one notification only: a contract still in force, never amended.
        if (c.fixed) {
            t.end = add_months(start, 12 * static_cast<int>(1 + m_rng.below(3))) - 1;
            if (t.end <= k_today) {
                c.fixed = false;
                t.end = k_no_day;
            }
        }
        c.final_terms = t;
        return;
    }

    // The life of the contract: its end date(s), then whether and when it ended.
    Day extension_date = k_no_day;
    Day end = k_no_day;
    if (c.fixed) {
        constexpr int k_months[] = {6, 12, 12, 24, 36};
        t.end = add_months(start, k_months[m_rng.index(std::size(k_months))]) - 1;
        end = t.end;
        if (wanted >= 1 && left >= 3 && m_rng.chance(350)) {
            const Day lo = std::max(start + 1, t.end - 45);
            const Day hi = std::min(t.end - 1, k_today);
            if (lo <= hi) {
                extension_date = static_cast<Day>(m_rng.between(lo, hi));
                end = add_months(t.end + 1, m_rng.chance(700) ? 12 : 24) - 1;
            }
        }
    }
    const Day earliest_end =
        std::max(start + 14, extension_date == k_no_day ? start + 14 : extension_date + 1);
    if (c.fixed && end <= k_today) {
        c.ended = true;
        if (m_rng.chance(850) || earliest_end > end - 1) {
            c.termination_date = end;
            c.reason = k_reason_expiry;
        } else {
            c.termination_date = static_cast<Day>(m_rng.between(earliest_end, end - 1));
        }
    } else if (c.fixed) {
        if ((must_end || m_rng.chance(300)) && earliest_end <= k_today) {
            c.ended = true;
            c.termination_date = static_cast<Day>(m_rng.between(earliest_end, k_today));
        }
    } else if (must_end || m_rng.chance(350)) {
        // Mostly short jobs, some very long: 30 days to 11 years, skewed.
        const auto x = static_cast<Day>(m_rng.below(1000));
        Day date = start + 30 + x * x * 4000 / 1'000'000;
        if (date > k_today) date = must_end ? static_cast<Day>(m_rng.between(start + 14, k_today)) : k_no_day;
        if (date != k_no_day) {
            c.ended = true;
            c.termination_date = date;
        }
    }
    if (c.ended && c.reason.empty()) c.reason = pick_reason(c, c.termination_date);
    if (c.ended) {
        for (const TerminationReason& r : termination_reasons())
            if (r.code == c.reason) c.ends_career = r.rule == ReasonRule::EndsCareer;
        const Day notice =
            static_cast<Day>(c.reason == k_reason_expiry ? m_rng.between(1, 14) : m_rng.below(21));
        c.order_date = std::max(start, c.termination_date - notice);
        c.order_number = static_cast<int>(m_rng.between(1, 350));
        c.termination = make_filing(false);
    }

    const auto room = static_cast<std::int64_t>(left) - 1 - (c.ended ? 1 : 0);
    wanted = static_cast<int>(std::min<std::int64_t>(wanted, room));
    if (extension_date != k_no_day && wanted < 1) extension_date = k_no_day; // cannot happen: left >= 3
    plan_amendments(c, wanted, extension_date, end);
}

void Planner::plan_amendments(ContractPlan& c, int wanted, Day extension_date, Day new_end) {
    // Dates: the prolongation where planned, the others anywhere in the contract's life.
    std::array<Day, k_max_amendments> dates{};
    int count = 0;
    const int others = wanted - (extension_date != k_no_day ? 1 : 0);
    const Day lo = c.start + 1;
    const Day hi = c.ended ? c.termination_date - 1 : k_today;
    if (hi >= lo)
        for (int i = 0; i < others; ++i)
            dates[static_cast<std::size_t>(count++)] = static_cast<Day>(m_rng.between(lo, hi));
    std::sort(dates.begin(), dates.begin() + count);
    int extension_at = -1;
    if (extension_date != k_no_day) {
        extension_at = static_cast<int>(
            std::upper_bound(dates.begin(), dates.begin() + count, extension_date) - dates.begin());
        std::copy_backward(dates.begin() + extension_at, dates.begin() + count, dates.begin() + count + 1);
        dates[static_cast<std::size_t>(extension_at)] = extension_date;
        ++count;
    }

    Terms current = c.initial;
    c.amendment_count = count;
    for (int i = 0; i < count; ++i) {
        Amendment& a = c.amendments[static_cast<std::size_t>(i)];
        a.date = dates[static_cast<std::size_t>(i)];
        a.extension = i == extension_at;
        a.order_number = static_cast<int>(m_rng.between(1, 350));
        const Day limit = c.ended ? std::min(c.termination_date, k_today) : k_today;
        if (a.extension) {
            a.filing = make_filing(false);
            a.after = current;
            a.after.end = new_end;
            a.change_count = 0;
            if (m_rng.chance(400)) {
                std::int64_t salary = current.salary;
                if (raise(salary)) {
                    a.after.salary = salary;
                    a.changes[static_cast<std::size_t>(a.change_count++)] = {Field::Salary, current.salary,
                                                                             salary};
                }
            }
            a.changes[static_cast<std::size_t>(a.change_count++)] = {Field::EndDate, current.end, new_end};
            a.effective = std::min(current.end + 1, limit);
        } else {
            a.filing = make_filing(true);
            make_changes(c, a, current, year_of(a.date));
            a.effective = m_rng.chance(500) ? std::min(first_of_next_month(a.date), limit) : a.date;
        }
        a.effective = std::max(a.effective, a.date);
        // Only the newest notification of a contract still in force may be waiting for a signature.
        if (!c.ended && i == count - 1 && !a.extension && m_rng.chance(60)) {
            a.filing.state = State::Entered;
            a.filing.valid = true;
            a.filing.validity_reason = {};
        }
        if (a.filing.effective()) current = a.after;
    }
    if (!c.ended && count == 0 && m_rng.chance(60)) c.conclusion.state = State::Entered;
    c.final_terms = current;
}

void Planner::make_changes(const ContractPlan& c, Amendment& a, const Terms& current, int year) {
    const Sector& sec = sector_of(c);
    const auto& positions = sec.positions;
    Terms next = current;
    enum { Salary, Promotion, Transfer, Hours, NewRole };
    constexpr std::uint32_t k_weights[] = {450, 200, 150, 100, 100};
    switch (m_rng.weighted(k_weights)) {
    case Salary:
        raise(next.salary);
        break;
    case Promotion: {
        const int up = positions[static_cast<std::size_t>(current.position)].promotion;
        if (up >= 0) {
            next.position = up;
            const std::uint32_t units = positions[static_cast<std::size_t>(up)].units;
            if (!((units >> current.unit) & 1u)) next.unit = other_unit(units, -1);
        }
        raise(next.salary);
        break;
    }
    case Transfer: {
        const int unit =
            other_unit(positions[static_cast<std::size_t>(current.position)].units, current.unit);
        if (unit >= 0)
            next.unit = unit;
        else
            raise(next.salary);
        break;
    }
    case Hours:
        break; // below
    case NewRole: {
        // A move sideways: a position of the same units, paid about the same (a paramedic
        // does not become a surgeon, a logistician does not become a chef).
        const Position& now = positions[static_cast<std::size_t>(current.position)];
        std::array<std::uint32_t, 32> weights{};
        bool any = false;
        for (std::size_t i = 0; i < positions.size(); ++i) {
            const std::uint32_t other = positions[i].base_azn;
            const bool similar = 4 * other >= 3 * now.base_azn && 5 * other <= 7 * now.base_azn;
            const bool related = (positions[i].units & now.units) != 0;
            weights[i] = static_cast<int>(i) != current.position && similar && related ? 1 : 0;
            any = any || weights[i] != 0;
        }
        if (!any) {
            raise(next.salary);
            break;
        }
        const int position = static_cast<int>(m_rng.weighted(std::span(weights.data(), positions.size())));
        next.position = position;
        const std::uint32_t units = positions[static_cast<std::size_t>(position)].units;
        if (!((units >> current.unit) & 1u)) next.unit = other_unit(units, -1);
        next.salary =
            starting_salary(positions[static_cast<std::size_t>(position)], year, current.working_time);
        break;
    }
    }
    const bool changed =
        next.position != current.position || next.unit != current.unit || next.salary != current.salary;
    if (!changed) {
        // Other working hours, paid in proportion: always possible.
        const auto times = working_times();
        int wt = static_cast<int>(m_rng.below(times.size() - 1));
        if (wt >= current.working_time) ++wt;
        next.working_time = wt;
        next.salary = clamp_salary((current.salary * times[static_cast<std::size_t>(wt)].pay_per_mille /
                                        times[static_cast<std::size_t>(current.working_time)].pay_per_mille +
                                    250) /
                                   500 * 500);
    }
    a.after = next;
    a.change_count = 0;
    auto add = [&](Field field, std::int64_t old_value, std::int64_t new_value) {
        if (old_value != new_value)
            a.changes[static_cast<std::size_t>(a.change_count++)] = {field, old_value, new_value};
    };
    add(Field::Position, current.position, next.position);
    add(Field::Workplace, current.unit, next.unit);
    add(Field::Salary, current.salary, next.salary);
    add(Field::WorkingTime, current.working_time, next.working_time);
}

} // namespace registry::detail
