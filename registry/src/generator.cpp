// The generator's output: the change records of a planned data set, as
// hand-written JSON (NDJSON, one record per line). Sections:
//   1. the writer   2. records   3. generate()
#include "registry/generator.hpp"

#include "json_line.hpp"
#include "people.hpp"
#include "plan.hpp"
#include "tables.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <string>

namespace registry {
namespace {

using namespace detail;

// ---------------------------------------------------------------------------
// 1. The writer

class Generator {
  public:
    Generator(const GeneratorOptions& options, Sink& sink)
        : m_options(options), m_sink(sink), m_identity(options.seed),
          m_planner(options.seed, employer_count()) {}

    Result<GenerationStats> run();

  private:
    // About one employer per hundred notifications, at least three.
    std::uint64_t employer_count() const {
        return std::max<std::uint64_t>(3, (m_options.notifications + 99) / 100);
    }

    Status emit();
    void head(std::string_view entity, std::string_view id);
    void write_id(char prefix, std::uint64_t number);
    void write_number(std::string_view prefix, int year, std::uint64_t number, int width);
    Status emit_references();
    Status emit_employers();
    Status emit_person();
    Status emit_contract(const ContractPlan& c);
    Status emit_notification(const ContractPlan& c, Kind kind, const Amendment* amendment);
    void write_change_value(const ContractPlan& c, Field field, std::int64_t value);
    void write_amendment_block(const ContractPlan& c, const Amendment& a);
    void write_termination_block(const ContractPlan& c);

    const GeneratorOptions& m_options;
    Sink& m_sink;
    Identity m_identity; // the same identifiers as the planner's: both derive from the seed
    Planner m_planner;
    JsonLine m_line;
    GenerationStats m_stats;

    // Per-year serial numbers: notifications (B-/QM-) and contracts (ƏM-).
    std::array<std::uint64_t, k_years> m_notification_serial{};
    std::array<std::uint64_t, k_years> m_contract_serial{};
    // The contract being written: its id and number.
    std::uint64_t m_contract_id = 0;
    int m_contract_year = 0;
    std::uint64_t m_contract_serial_value = 0;
};

// ---------------------------------------------------------------------------
// 2. Records

Status Generator::emit() {
    m_line.ch('\n');
    const std::string_view line = m_line.view();
    m_stats.bytes += line.size();
    ++m_stats.records;
    return m_sink.write(line);
}

// {"seq": N, "entity": "E", "op": "upsert", "id": "ID", "data":
void Generator::head(std::string_view entity, std::string_view id) {
    m_line.clear();
    m_line.raw(R"({"seq": )");
    m_line.num(m_stats.records + 1);
    m_line.raw(R"(, "entity": ")");
    m_line.raw(entity);
    m_line.raw(R"(", "op": "upsert", "id": )");
    m_line.str(id);
    m_line.raw(R"(, "data": )");
}

void Generator::write_number(std::string_view prefix, int year, std::uint64_t number, int width) {
    m_line.raw(prefix);
    m_line.num(static_cast<std::uint64_t>(year));
    m_line.ch('-');
    m_line.padded(number, width);
}

// "C0000000042" / "N0000000042", inside quotes.
void Generator::write_id(char prefix, std::uint64_t number) {
    m_line.ch('"');
    m_line.ch(prefix);
    m_line.padded(number, 10);
    m_line.ch('"');
}

Status Generator::emit_references() {
    for (const ReferenceEntry& r : reference_entries()) {
        std::string id;
        id.append(r.list).append("/").append(r.code);
        head("reference", id);
        m_line.raw(R"({"list": )");
        m_line.str(r.list);
        m_line.raw(R"(, "code": )");
        m_line.str(r.code);
        m_line.raw(R"(, "labels": {"az": )");
        m_line.str(r.az);
        m_line.raw(R"(, "ru": )");
        m_line.str(r.ru);
        m_line.raw(R"(, "en": )");
        m_line.str(r.en);
        m_line.raw("}}}");
        if (auto s = emit(); !s) return s;
        ++m_stats.references;
    }
    return {};
}

Status Generator::emit_employers() {
    Employer e;
    const std::uint64_t count = employer_count();
    for (std::uint64_t i = 0; i < count; ++i) {
        make_employer(m_options.seed, m_identity, i, e);
        head("employer", view(e.voen));
        m_line.raw(R"({"voen": )");
        m_line.str(view(e.voen));
        m_line.raw(R"(, "sun": )");
        m_line.str(view(e.sun));
        m_line.raw(R"(, "name": )");
        m_line.str(e.name);
        m_line.raw(R"(, "legal_address": )");
        m_line.str(e.legal_address);
        m_line.raw("}}");
        if (auto s = emit(); !s) return s;
        ++m_stats.employers;
    }
    return {};
}

Status Generator::emit_person() {
    const Person& p = m_planner.person();
    head("person", view(p.fin));
    m_line.raw(R"({"fin": )");
    m_line.str(view(p.fin));
    m_line.raw(R"(, "surname": )");
    m_line.str(p.name.surname);
    m_line.raw(R"(, "name": )");
    m_line.str(p.name.name);
    m_line.raw(R"(, "patronymic": ")");
    m_line.escaped(p.name.father);
    m_line.escaped(patronymic_suffix(p.name.female));
    m_line.raw(R"(", "birth_date": )");
    m_line.date(p.birth);
    m_line.raw("}}");
    if (auto s = emit(); !s) return s;
    ++m_stats.persons;

    for (const ContractPlan& c : m_planner.contracts()) {
        if (auto s = emit_contract(c); !s) return s;
        if (auto s = emit_notification(c, Kind::Conclusion, nullptr); !s) return s;
        for (int k = 0; k < c.amendment_count; ++k)
            if (auto s = emit_notification(c, Kind::Amendment, &c.amendments[static_cast<std::size_t>(k)]);
                !s)
                return s;
        if (c.ended)
            if (auto s = emit_notification(c, Kind::Termination, nullptr); !s) return s;
    }
    return {};
}

Status Generator::emit_contract(const ContractPlan& c) {
    m_contract_id = ++m_stats.contracts;
    m_contract_year = year_of(c.start);
    m_contract_serial_value = ++m_contract_serial[static_cast<std::size_t>(year_index(c.start))];
    const Sector& sec = sector_of(c);
    const Terms& t = c.final_terms;

    m_line.clear();
    m_line.raw(R"({"seq": )");
    m_line.num(m_stats.records + 1);
    m_line.raw(R"(, "entity": "contract", "op": "upsert", "id": )");
    write_id('C', m_contract_id);
    m_line.raw(R"(, "data": {"employer_voen": )");
    m_line.str(view(c.employer.voen));
    m_line.raw(R"(, "employee_fin": )");
    m_line.str(view(m_planner.person().fin));
    m_line.raw(R"(, "number": ")");
    write_number("ƏM-", m_contract_year, m_contract_serial_value, 4);
    m_line.raw(R"(", "date": )");
    m_line.date(c.start);
    m_line.raw(R"(, "start_date": )");
    m_line.date(c.start);
    m_line.raw(c.fixed ? R"(, "type": "fixed_term", "end_date": )"
                       : R"(, "type": "indefinite", "end_date": )");
    if (c.fixed)
        m_line.date(t.end);
    else
        m_line.null();
    m_line.raw(R"(, "position": )");
    m_line.str(sec.positions[static_cast<std::size_t>(t.position)].name);
    m_line.raw(R"(, "workplace": )");
    m_line.str(sec.units[static_cast<std::size_t>(t.unit)]);
    m_line.raw(R"(, "work_address": )");
    m_line.str(c.work_address);
    m_line.raw(R"(, "salary_azn": )");
    m_line.money(t.salary);
    m_line.raw(R"(, "working_time": )");
    m_line.str(working_times()[static_cast<std::size_t>(t.working_time)].text);
    m_line.raw(c.ended ? R"(, "status": "ended"}})" : R"(, "status": "in_force"}})");
    return emit();
}

void Generator::write_change_value(const ContractPlan& c, Field field, std::int64_t value) {
    const Sector& sec = sector_of(c);
    const auto i = static_cast<std::size_t>(value);
    switch (field) {
    case Field::Position:
        m_line.str(sec.positions[i].name);
        break;
    case Field::Workplace:
        m_line.str(sec.units[i]);
        break;
    case Field::Salary:
        m_line.ch('"');
        m_line.money(value);
        m_line.ch('"');
        break;
    case Field::WorkingTime:
        m_line.str(working_times()[i].text);
        break;
    case Field::EndDate:
        m_line.date(static_cast<Day>(value));
        break;
    }
}

void Generator::write_amendment_block(const ContractPlan& c, const Amendment& a) {
    constexpr std::string_view k_field_codes[] = {"position", "workplace", "salary_azn", "working_time",
                                                  "end_date"};
    m_line.raw(R"({"effective_date": )");
    m_line.date(a.effective);
    m_line.raw(R"(, "basis": "Əmr № )");
    m_line.num(static_cast<std::uint64_t>(a.order_number));
    m_line.raw("-K, ");
    m_line.date_dotted(a.date);
    m_line.raw(R"(", "changes": [)");
    for (int i = 0; i < a.change_count; ++i) {
        const Change& ch = a.changes[static_cast<std::size_t>(i)];
        m_line.raw(i == 0 ? R"({"field": ")" : R"(, {"field": ")");
        m_line.raw(k_field_codes[static_cast<int>(ch.field)]);
        m_line.raw(R"(", "old": )");
        write_change_value(c, ch.field, ch.old_value);
        m_line.raw(R"(, "new": )");
        write_change_value(c, ch.field, ch.new_value);
        m_line.ch('}');
    }
    m_line.raw("]}");
}

void Generator::write_termination_block(const ContractPlan& c) {
    m_line.raw(R"({"order_date": )");
    m_line.date(c.order_date);
    m_line.raw(R"(, "order_number": ")");
    m_line.num(static_cast<std::uint64_t>(c.order_number));
    m_line.raw(R"(-X", "termination_date": )");
    m_line.date(c.termination_date);
    m_line.raw(R"(, "reason": )");
    m_line.str(c.reason);
    m_line.ch('}');
}

Status Generator::emit_notification(const ContractPlan& c, Kind kind, const Amendment* amendment) {
    constexpr std::string_view k_kinds[] = {"conclusion", "amendment", "termination"};
    constexpr std::string_view k_states[] = {"entered", "signed", "registered", "cancelled"};
    const Sector& sec = sector_of(c);
    const Day date = kind == Kind::Conclusion  ? c.start
                     : kind == Kind::Amendment ? amendment->date
                                               : c.termination_date;
    const Filing& f = kind == Kind::Conclusion  ? c.conclusion
                      : kind == Kind::Amendment ? amendment->filing
                                                : c.termination;
    // What the form shows: the terms the notification asks for (amendments), else those in force.
    const Terms& shown = kind == Kind::Conclusion  ? c.initial
                         : kind == Kind::Amendment ? amendment->after
                                                   : c.final_terms;
    const std::string_view kind_code = k_kinds[static_cast<int>(kind)];
    const std::string_view position = sec.positions[static_cast<std::size_t>(shown.position)].name;
    const std::string_view workplace = sec.units[static_cast<std::size_t>(shown.unit)];
    const int year = year_of(date);
    const std::uint64_t serial = ++m_notification_serial[static_cast<std::size_t>(year_index(date))];

    m_line.clear();
    m_line.raw(R"({"seq": )");
    m_line.num(m_stats.records + 1);
    m_line.raw(R"(, "entity": "notification", "op": "upsert", "id": )");
    write_id('N', m_stats.notifications + 1);
    m_line.raw(R"(, "data": {"number": ")");
    write_number("B-", year, serial, 7);
    m_line.raw(R"(", "kind": ")");
    m_line.raw(kind_code);
    m_line.raw(R"(", "date": )");
    m_line.date(date);
    m_line.raw(R"(, "contract_id": )");
    write_id('C', m_contract_id);
    m_line.raw(R"(, "employee_fin": )");
    m_line.str(view(m_planner.person().fin));
    m_line.raw(R"(, "employer_voen": )");
    m_line.str(view(c.employer.voen));
    m_line.raw(R"(, "position": )");
    m_line.str(position);
    m_line.raw(R"(, "workplace": )");
    m_line.str(workplace);
    m_line.raw(R"(, "status": ")");
    m_line.raw(k_states[static_cast<int>(f.state)]);
    m_line.raw(f.valid ? R"(", "validity": "valid", "validity_reason": )"
                       : R"(", "validity": "invalid", "validity_reason": )");
    if (f.validity_reason.empty())
        m_line.null();
    else
        m_line.str(f.validity_reason);

    const bool signed_ = f.state != State::Entered;
    m_line.raw(R"(, "signer": )");
    if (signed_) {
        m_line.raw(R"({"fin": )");
        m_line.str(view(c.employer.head_fin));
        m_line.raw(R"(, "name": )");
        m_line.str(c.employer.head_name);
        m_line.raw(R"(}, "signed_at": )");
        m_line.instant(date, f.signed_at);
    } else {
        m_line.raw(R"(null, "signed_at": null)");
    }
    m_line.raw(R"(, "registration": )");
    if (f.state == State::Registered || f.state == State::Cancelled) {
        m_line.raw(R"({"number": ")");
        write_number("QM-", year, serial, 7);
        m_line.raw(R"(", "registered_at": )");
        m_line.instant(date, f.signed_at + f.registration_delay);
        m_line.ch('}');
    } else {
        m_line.null();
    }
    m_line.raw(R"(, "amendment": )");
    if (kind == Kind::Amendment)
        write_amendment_block(c, *amendment);
    else
        m_line.null();
    m_line.raw(R"(, "termination": )");
    if (kind == Kind::Termination)
        write_termination_block(c);
    else
        m_line.null();

    // The canonical content the employer signed; nothing is signed yet while entered.
    m_line.raw(R"(, "document": )");
    if (signed_) {
        m_line.raw(R"({"number": ")");
        write_number("B-", year, serial, 7);
        m_line.raw(R"(", "kind": ")");
        m_line.raw(kind_code);
        m_line.raw(R"(", "date": )");
        m_line.date(date);
        m_line.raw(R"(, "employer": {"voen": )");
        m_line.str(view(c.employer.voen));
        m_line.raw(R"(, "sun": )");
        m_line.str(view(c.employer.sun));
        m_line.raw(R"(, "name": )");
        m_line.str(c.employer.name);
        m_line.raw(R"(}, "employee": {"fin": )");
        m_line.str(view(m_planner.person().fin));
        m_line.raw(R"(, "surname": )");
        m_line.str(m_planner.person().name.surname);
        m_line.raw(R"(, "name": )");
        m_line.str(m_planner.person().name.name);
        m_line.raw(R"(, "patronymic": ")");
        m_line.escaped(m_planner.person().name.father);
        m_line.escaped(patronymic_suffix(m_planner.person().name.female));
        m_line.raw(R"("}, "contract": {"number": ")");
        write_number("ƏM-", m_contract_year, m_contract_serial_value, 4);
        m_line.raw(R"(", "date": )");
        m_line.date(c.start);
        m_line.raw(R"(}, "position": )");
        m_line.str(position);
        m_line.raw(R"(, "workplace": )");
        m_line.str(workplace);
        if (kind == Kind::Amendment) {
            m_line.raw(R"(, "amendment": )");
            write_amendment_block(c, *amendment);
        } else if (kind == Kind::Termination) {
            m_line.raw(R"(, "termination": )");
            write_termination_block(c);
        }
        m_line.ch('}');
    } else {
        m_line.null();
    }
    m_line.raw(R"(, "signature": null}})");
    ++m_stats.notifications;
    return emit();
}

// ---------------------------------------------------------------------------
// 3. generate()

Result<GenerationStats> Generator::run() {
    if (auto s = emit_references(); !s) return std::unexpected(s.error());
    if (auto s = emit_employers(); !s) return std::unexpected(s.error());
    const std::uint64_t total = m_options.notifications;
    while (m_stats.notifications < total) {
        m_planner.plan_person(total - m_stats.notifications);
        if (auto s = emit_person(); !s) return std::unexpected(s.error());
    }
    if (auto s = m_sink.finish(); !s) return std::unexpected(s.error());
    return m_stats;
}

} // namespace

Result<GenerationStats> generate(const GeneratorOptions& options, Sink& sink) {
    if (options.notifications < 1 || options.notifications > k_max_notifications)
        return std::unexpected(
            Error{"bad_option", "notifications must be 1.." + std::to_string(k_max_notifications)});
    try {
        Generator generator(options, sink);
        return generator.run();
    } catch (const std::exception& e) {
        return std::unexpected(Error{"internal", e.what()});
    }
}

} // namespace registry
