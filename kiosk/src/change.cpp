#include "kiosk/change.hpp"

#include "kiosk/sqlite.hpp"
#include "kiosk/validate.hpp"

#include <simdjson.h>
#include <sqlite3.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

namespace kiosk {

namespace dom = simdjson::dom;

ApplyCounts& ApplyCounts::operator+=(const ApplyCounts& other) {
    applied += other.applied;
    unchanged += other.unchanged;
    deleted += other.deleted;
    quarantined += other.quarantined;
    max_seq = std::max(max_seq, other.max_seq);
    for (const auto& [reason, n] : other.quarantine_reasons) quarantine_reasons[reason] += n;
    return *this;
}

namespace {

// ---------------------------------------------------------------------------
// Parsed records. Views point into the parser's buffers and live until the
// next parse.

enum class Entity { Reference, Employer, Person, Contract, Notification };
enum class Op { Upsert, Delete };

constexpr std::array<std::string_view, 5> k_entity_names{"reference", "employer", "person", "contract",
                                                         "notification"};
constexpr std::array<std::string_view, 7> k_reference_lists{
    "notification_kind", "notification_status", "validity",          "contract_status",
    "contract_type",     "amendment_field",     "termination_reason"};
constexpr std::array<std::string_view, 3> k_kinds{"conclusion", "amendment", "termination"};
constexpr std::array<std::string_view, 4> k_statuses{"entered", "signed", "registered", "cancelled"};
constexpr std::array<std::string_view, 2> k_validities{"valid", "invalid"};
constexpr std::array<std::string_view, 2> k_contract_types{"indefinite", "fixed_term"};
constexpr std::array<std::string_view, 2> k_contract_statuses{"in_force", "ended"};

// Field length limits, bytes.
constexpr std::size_t k_id_max = 64;
constexpr std::size_t k_code_max = 32;
constexpr std::size_t k_number_max = 64;
constexpr std::size_t k_name_max = 256;
constexpr std::size_t k_text_max = 512;
constexpr std::size_t k_long_text_max = 2048;
constexpr std::size_t k_signature_max = 64 * 1024;
constexpr std::size_t k_max_changes = 64;

struct ReferenceData {
    std::string_view list, code, label_az, label_ru, label_en;
};
struct EmployerData {
    std::string_view voen, sun, name, legal_address;
};
struct PersonData {
    std::string_view fin, surname, name, patronymic, birth_date;
};
struct ContractData {
    std::string_view employer_voen, employee_fin, number, date, start_date, type;
    std::optional<std::string_view> end_date;
    std::string_view position, workplace, work_address;
    std::int64_t salary_qepik = 0;
    std::string_view working_time, status;
};
struct NotificationData {
    std::string_view number, kind, date, contract_id, employee_fin, employer_voen, position, workplace, status,
        validity;
    std::optional<std::string_view> validity_reason, signer_fin, signer_name, signed_at, registration_number,
        registered_at, order_date, order_number, termination_date, reason, signature;
    std::optional<std::string> amendment_json, document_json;
};

struct Parsed {
    std::int64_t seq = 0;
    Entity entity = Entity::Reference;
    Op op = Op::Upsert;
    std::string_view id;
    ReferenceData reference;
    EmployerData employer;
    PersonData person;
    ContractData contract;
    NotificationData notification;
};

// What is known of a record when it turns out invalid, for the quarantine row.
struct Partial {
    std::optional<std::int64_t> seq;
    std::optional<std::string> entity;
    std::optional<std::string> id;
};

enum class Format { Any, Fin, Voen, Sun, Date, Instant, Base64 };

bool is_base64(std::string_view s) {
    for (char c : s) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                  c == '/' || c == '=' || c == '\n' || c == '\r';
        if (!ok) return false;
    }
    return true;
}

bool has_format(std::string_view s, Format f) {
    switch (f) {
    case Format::Any: return true;
    case Format::Fin: return is_valid_fin(s);
    case Format::Voen: return is_valid_voen(s);
    case Format::Sun: return is_valid_sun(s);
    case Format::Date: return is_valid_date(s);
    case Format::Instant: return is_valid_instant(s);
    case Format::Base64: return is_base64(s);
    }
    return false;
}

constexpr std::string_view format_name(Format f) {
    switch (f) {
    case Format::Any: return "text";
    case Format::Fin: return "a FIN";
    case Format::Voen: return "a VÖEN";
    case Format::Sun: return "a SUN";
    case Format::Date: return "a date YYYY-MM-DD";
    case Format::Instant: return "an RFC 3339 instant";
    case Format::Base64: return "base64";
    }
    return "";
}

// Reads the fields of one JSON object and keeps the first problem found.
class Fields {
public:
    Fields(dom::object obj, std::string path, std::optional<Error>& error)
        : m_obj(obj), m_path(std::move(path)), m_error(error) {}
    // The fields of a member object, sharing this reader's error.
    Fields child(dom::object obj, std::string_view key) { return Fields(obj, path(key), m_error); }

    std::string_view str(std::string_view key, std::size_t max, Format format = Format::Any) {
        auto value = get(key);
        if (!value) return {};
        return check_str(key, *value, max, format);
    }

    std::optional<std::string_view> opt_str(std::string_view key, std::size_t max, Format format = Format::Any) {
        auto value = get(key);
        if (!value || value->is_null()) return std::nullopt;
        return check_str(key, *value, max, format);
    }

    template <std::size_t N>
    std::string_view one_of(std::string_view key, const std::array<std::string_view, N>& allowed) {
        std::string_view s = str(key, k_code_max);
        if (m_error) return {};
        for (std::string_view a : allowed)
            if (s == a) return s;
        set("unknown_enum", key, "not one of the allowed values");
        return {};
    }

    // An object member (null allowed when `nullable`); nullopt when null or on error.
    std::optional<dom::object> object(std::string_view key, bool nullable) {
        auto value = get(key);
        if (!value) return std::nullopt;
        if (value->is_null()) {
            if (!nullable) set("missing_field", key, "is null");
            return std::nullopt;
        }
        dom::object obj;
        if (value->get_object().get(obj) != simdjson::SUCCESS) {
            set("bad_type", key, "not an object");
            return std::nullopt;
        }
        return obj;
    }

    std::optional<dom::element> raw(std::string_view key) { return get(key); }

    std::string path(std::string_view key) const {
        std::string p(m_path);
        if (!p.empty()) p += '.';
        p += key;
        return p;
    }

    void set(std::string_view code, std::string_view key, std::string_view what) {
        if (!m_error) m_error = Error{std::string(code), path(key) + ": " + std::string(what)};
    }

    bool failed() const { return m_error.has_value(); }

private:
    std::optional<dom::element> get(std::string_view key) {
        if (m_error) return std::nullopt;
        dom::element value;
        if (m_obj.at_key(key).get(value) != simdjson::SUCCESS) {
            set("missing_field", key, "missing");
            return std::nullopt;
        }
        return value;
    }

    std::string_view check_str(std::string_view key, dom::element value, std::size_t max, Format format) {
        std::string_view s;
        if (value.get_string().get(s) != simdjson::SUCCESS) {
            set("bad_type", key, "not a string");
            return {};
        }
        if (s.size() > max) {
            // Identifiers and dates have a fixed shape: a wrong length is a format error.
            if (format != Format::Any)
                set("bad_format", key, std::string("not ") + std::string(format_name(format)));
            else
                set("oversized", key, "longer than " + std::to_string(max) + " bytes");
            return {};
        }
        if (s.find('\0') != std::string_view::npos) {
            set("bad_format", key, "contains a NUL character");
            return {};
        }
        if (format == Format::Any && s.empty()) {
            set("bad_format", key, "empty");
            return {};
        }
        if (!has_format(s, format)) {
            set("bad_format", key, std::string("not ") + std::string(format_name(format)));
            return {};
        }
        return s;
    }

    dom::object m_obj;
    std::string m_path;
    std::optional<Error>& m_error;
};

void parse_reference(Fields& f, ReferenceData& out) {
    out.list = f.one_of("list", k_reference_lists);
    out.code = f.str("code", k_code_max);
    auto labels = f.object("labels", false);
    if (!labels) return;
    Fields l = f.child(*labels, "labels");
    out.label_az = l.str("az", k_text_max);
    out.label_ru = l.str("ru", k_text_max);
    out.label_en = l.str("en", k_text_max);
}

void parse_employer(Fields& f, EmployerData& out) {
    out.voen = f.str("voen", 10, Format::Voen);
    out.sun = f.str("sun", 10, Format::Sun);
    out.name = f.str("name", k_name_max);
    out.legal_address = f.str("legal_address", k_text_max);
}

void parse_person(Fields& f, PersonData& out) {
    out.fin = f.str("fin", 7, Format::Fin);
    out.surname = f.str("surname", k_name_max);
    out.name = f.str("name", k_name_max);
    out.patronymic = f.str("patronymic", k_name_max);
    out.birth_date = f.str("birth_date", 10, Format::Date);
}

void parse_contract(Fields& f, ContractData& out) {
    out.employer_voen = f.str("employer_voen", 10, Format::Voen);
    out.employee_fin = f.str("employee_fin", 7, Format::Fin);
    out.number = f.str("number", k_number_max);
    out.date = f.str("date", 10, Format::Date);
    out.start_date = f.str("start_date", 10, Format::Date);
    out.type = f.one_of("type", k_contract_types);
    out.end_date = f.opt_str("end_date", 10, Format::Date);
    if (!f.failed() && out.type == "fixed_term" && !out.end_date)
        f.set("missing_field", "end_date", "required for a fixed-term contract");
    out.position = f.str("position", k_name_max);
    out.workplace = f.str("workplace", k_name_max);
    out.work_address = f.str("work_address", k_text_max);
    if (auto salary = f.raw("salary_azn")) {
        double azn = 0;
        if (salary->get_double().get(azn) != simdjson::SUCCESS)
            f.set("bad_type", "salary_azn", "not a number");
        else if (!(azn >= 0 && azn <= 1e9))
            f.set("bad_format", "salary_azn", "out of range");
        else
            out.salary_qepik = static_cast<std::int64_t>(std::llround(azn * 100));
    }
    out.working_time = f.str("working_time", k_name_max);
    out.status = f.one_of("status", k_contract_statuses);
}

// Serialises a JSON member back to compact text, within a size limit.
template <typename Json>
std::optional<std::string> compact(Fields& f, std::string_view key, Json value, std::size_t max) {
    std::string text = simdjson::to_string(value);
    if (text.size() > max) {
        f.set("oversized", key, "longer than " + std::to_string(max) + " bytes");
        return std::nullopt;
    }
    return text;
}

void parse_amendment(Fields& f, dom::object obj, NotificationData& out) {
    Fields a = f.child(obj, "amendment");
    a.str("effective_date", 10, Format::Date);
    a.str("basis", k_text_max);
    auto changes = a.raw("changes");
    if (!changes) return;
    dom::array list;
    if (changes->get_array().get(list) != simdjson::SUCCESS) return a.set("bad_type", "changes", "not an array");
    if (list.size() > k_max_changes) return a.set("oversized", "changes", "too many changes");
    for (dom::element change : list) {
        dom::object c;
        if (change.get_object().get(c) != simdjson::SUCCESS)
            return a.set("bad_type", "changes", "an element is not an object");
        Fields cf = a.child(c, "changes[]");
        cf.str("field", k_code_max);
        cf.opt_str("old", k_text_max);
        cf.opt_str("new", k_text_max);
        if (cf.failed()) return;
    }
    out.amendment_json = compact(f, "amendment", obj, k_max_document_bytes);
}

void parse_termination(Fields& f, dom::object obj, NotificationData& out) {
    Fields t = f.child(obj, "termination");
    out.order_date = t.str("order_date", 10, Format::Date);
    out.order_number = t.str("order_number", k_number_max);
    out.termination_date = t.str("termination_date", 10, Format::Date);
    out.reason = t.str("reason", k_code_max);
}

void parse_notification(Fields& f, NotificationData& out) {
    out.number = f.str("number", k_number_max);
    out.kind = f.one_of("kind", k_kinds);
    out.date = f.str("date", 10, Format::Date);
    out.contract_id = f.str("contract_id", k_id_max);
    out.employee_fin = f.str("employee_fin", 7, Format::Fin);
    out.employer_voen = f.str("employer_voen", 10, Format::Voen);
    out.position = f.str("position", k_name_max);
    out.workplace = f.str("workplace", k_name_max);
    out.status = f.one_of("status", k_statuses);
    out.validity = f.one_of("validity", k_validities);
    out.validity_reason = f.opt_str("validity_reason", k_long_text_max);
    if (auto signer = f.object("signer", true)) {
        Fields s = f.child(*signer, "signer");
        out.signer_fin = s.str("fin", 7, Format::Fin);
        out.signer_name = s.str("name", k_name_max);
    }
    out.signed_at = f.opt_str("signed_at", 40, Format::Instant);
    if (auto registration = f.object("registration", true)) {
        Fields r = f.child(*registration, "registration");
        out.registration_number = r.str("number", k_number_max);
        out.registered_at = r.str("registered_at", 40, Format::Instant);
    }
    // The kind's own block is required for its kind and ignored otherwise.
    bool is_amendment = out.kind == "amendment";
    bool is_termination = out.kind == "termination";
    if (auto amendment = f.object("amendment", !is_amendment); amendment && is_amendment && !f.failed())
        parse_amendment(f, *amendment, out);
    if (auto termination = f.object("termination", !is_termination); termination && is_termination && !f.failed())
        parse_termination(f, *termination, out);
    if (auto document = f.raw("document"); document && !f.failed()) {
        if (!document->is_null()) {
            if (!document->is_object())
                f.set("bad_type", "document", "not an object");
            else
                out.document_json = compact(f, "document", *document, k_max_document_bytes);
        }
    }
    out.signature = f.opt_str("signature", k_signature_max, Format::Base64);
}

// Parses and validates one record. On failure, `partial` holds what could be read.
std::optional<Error> parse_record(dom::parser& parser, std::string_view line, Parsed& out, Partial& partial) {
    if (line.size() > k_max_record_bytes)
        return Error{"oversized", "record longer than " + std::to_string(k_max_record_bytes) + " bytes"};
    dom::element root;
    if (auto ec = parser.parse(line.data(), line.size()).get(root); ec != simdjson::SUCCESS) {
        if (ec == simdjson::UTF8_ERROR) return Error{"invalid_utf8", "the record is not valid UTF-8"};
        return Error{"bad_json", simdjson::error_message(ec)};
    }
    dom::object obj;
    if (root.get_object().get(obj) != simdjson::SUCCESS) return Error{"bad_type", "record: not an object"};

    std::optional<Error> error;
    Fields f(obj, "", error);
    if (auto seq = f.raw("seq")) {
        std::int64_t value = 0;
        if (seq->get_int64().get(value) != simdjson::SUCCESS || value <= 0)
            f.set("bad_type", "seq", "not a positive integer");
        else
            partial.seq = out.seq = value;
    }
    std::string_view entity = f.one_of("entity", k_entity_names);
    if (!f.failed()) {
        partial.entity = std::string(entity);
        for (std::size_t i = 0; i < k_entity_names.size(); ++i)
            if (entity == k_entity_names[i]) out.entity = static_cast<Entity>(i);
    }
    std::string_view op = f.one_of("op", std::array<std::string_view, 2>{"upsert", "delete"});
    out.op = op == "delete" ? Op::Delete : Op::Upsert;
    out.id = f.str("id", k_id_max);
    if (!f.failed()) partial.id = std::string(out.id);
    if (error) return error;
    if (out.op == Op::Delete) {
        if (out.entity == Entity::Reference && out.id.find('/') == std::string_view::npos)
            return Error{"bad_format", "id: a reference id is list/code"};
        return std::nullopt;
    }

    auto data = f.object("data", false);
    if (!data) return error;
    Fields d = f.child(*data, "data");
    std::string_view expected_id;
    std::string reference_id;
    switch (out.entity) {
    case Entity::Reference:
        parse_reference(d, out.reference);
        reference_id = std::string(out.reference.list) + "/" + std::string(out.reference.code);
        expected_id = reference_id;
        break;
    case Entity::Employer:
        parse_employer(d, out.employer);
        expected_id = out.employer.voen;
        break;
    case Entity::Person:
        parse_person(d, out.person);
        expected_id = out.person.fin;
        break;
    case Entity::Contract: parse_contract(d, out.contract); break;
    case Entity::Notification: parse_notification(d, out.notification); break;
    }
    if (error) return error;
    if (!expected_id.empty() && expected_id != out.id)
        return Error{"id_mismatch", "id does not match the record's key fields"};
    return std::nullopt;
}

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

// ---------------------------------------------------------------------------
// SQL. Each upsert inserts, or replaces an older row; a tombstone at least as
// new as the record blocks it. sqlite3_changes() tells applied from unchanged.

constexpr std::string_view k_upsert_reference = R"sql(
INSERT INTO reference(list, code, seq, label_az, label_ru, label_en)
SELECT ?1, ?2, ?3, ?4, ?5, ?6
WHERE NOT EXISTS (SELECT 1 FROM tombstone WHERE entity = 'reference' AND id = ?7 AND seq >= ?3)
ON CONFLICT(list, code) DO UPDATE SET
    seq = excluded.seq, label_az = excluded.label_az, label_ru = excluded.label_ru, label_en = excluded.label_en
WHERE excluded.seq > reference.seq)sql";

constexpr std::string_view k_upsert_employer = R"sql(
INSERT INTO employer(voen, seq, sun, name, legal_address)
SELECT ?1, ?2, ?3, ?4, ?5
WHERE NOT EXISTS (SELECT 1 FROM tombstone WHERE entity = 'employer' AND id = ?1 AND seq >= ?2)
ON CONFLICT(voen) DO UPDATE SET
    seq = excluded.seq, sun = excluded.sun, name = excluded.name, legal_address = excluded.legal_address
WHERE excluded.seq > employer.seq)sql";

constexpr std::string_view k_upsert_person = R"sql(
INSERT INTO person(fin, seq, surname, name, patronymic, birth_date)
SELECT ?1, ?2, ?3, ?4, ?5, ?6
WHERE NOT EXISTS (SELECT 1 FROM tombstone WHERE entity = 'person' AND id = ?1 AND seq >= ?2)
ON CONFLICT(fin) DO UPDATE SET
    seq = excluded.seq, surname = excluded.surname, name = excluded.name, patronymic = excluded.patronymic,
    birth_date = excluded.birth_date
WHERE excluded.seq > person.seq)sql";

constexpr std::string_view k_upsert_contract = R"sql(
INSERT INTO contract(id, seq, employer_voen, employee_fin, number, date, start_date, type, end_date, position,
                     workplace, work_address, salary_qepik, working_time, status)
SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15
WHERE NOT EXISTS (SELECT 1 FROM tombstone WHERE entity = 'contract' AND id = ?1 AND seq >= ?2)
ON CONFLICT(id) DO UPDATE SET
    seq = excluded.seq, employer_voen = excluded.employer_voen, employee_fin = excluded.employee_fin,
    number = excluded.number, date = excluded.date, start_date = excluded.start_date, type = excluded.type,
    end_date = excluded.end_date, position = excluded.position, workplace = excluded.workplace,
    work_address = excluded.work_address, salary_qepik = excluded.salary_qepik,
    working_time = excluded.working_time, status = excluded.status
WHERE excluded.seq > contract.seq)sql";

constexpr std::string_view k_upsert_notification = R"sql(
INSERT INTO notification(id, seq, number, kind, date, contract_id, employee_fin, employer_voen, position,
                         workplace, status, validity, validity_reason, signer_fin, signer_name, signed_at,
                         registration_number, registered_at, amendment, order_date, order_number,
                         termination_date, reason, document, signature)
SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
       ?23, ?24, ?25
WHERE NOT EXISTS (SELECT 1 FROM tombstone WHERE entity = 'notification' AND id = ?1 AND seq >= ?2)
ON CONFLICT(id) DO UPDATE SET
    seq = excluded.seq, number = excluded.number, kind = excluded.kind, date = excluded.date,
    contract_id = excluded.contract_id, employee_fin = excluded.employee_fin,
    employer_voen = excluded.employer_voen, position = excluded.position, workplace = excluded.workplace,
    status = excluded.status, validity = excluded.validity, validity_reason = excluded.validity_reason,
    signer_fin = excluded.signer_fin, signer_name = excluded.signer_name, signed_at = excluded.signed_at,
    registration_number = excluded.registration_number, registered_at = excluded.registered_at,
    amendment = excluded.amendment, order_date = excluded.order_date, order_number = excluded.order_number,
    termination_date = excluded.termination_date, reason = excluded.reason, document = excluded.document,
    signature = excluded.signature
WHERE excluded.seq > notification.seq)sql";

// Per entity: delete if older than the record, then tell whether a row remains.
struct DeleteSql {
    std::string_view remove;
    std::string_view exists;
};
constexpr std::array<DeleteSql, 5> k_delete_sql{{
    {"DELETE FROM reference WHERE list = ?1 AND code = ?2 AND seq < ?3",
     "SELECT 1 FROM reference WHERE list = ?1 AND code = ?2"},
    {"DELETE FROM employer WHERE voen = ?1 AND seq < ?2", "SELECT 1 FROM employer WHERE voen = ?1"},
    {"DELETE FROM person WHERE fin = ?1 AND seq < ?2", "SELECT 1 FROM person WHERE fin = ?1"},
    {"DELETE FROM contract WHERE id = ?1 AND seq < ?2", "SELECT 1 FROM contract WHERE id = ?1"},
    {"DELETE FROM notification WHERE id = ?1 AND seq < ?2", "SELECT 1 FROM notification WHERE id = ?1"},
}};

constexpr std::string_view k_upsert_tombstone = R"sql(
INSERT INTO tombstone(entity, id, seq) VALUES (?1, ?2, ?3)
ON CONFLICT(entity, id) DO UPDATE SET seq = excluded.seq WHERE excluded.seq > tombstone.seq)sql";

constexpr std::string_view k_insert_quarantine = R"sql(
INSERT INTO quarantine(seq, entity, record_id, reason, detail, raw, raw_hash)
SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
WHERE NOT EXISTS (SELECT 1 FROM quarantine WHERE raw_hash = ?7 AND raw = ?6 AND reason = ?4))sql";

constexpr std::string_view k_advance_cursor = R"sql(
UPDATE feed_cursor SET seq = max(seq, ?1), updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1)sql";

constexpr std::size_t k_quarantine_raw_max = 64 * 1024;

} // namespace

Status check_change(std::string_view json_line) {
    thread_local dom::parser parser;
    Parsed parsed;
    Partial partial;
    if (auto error = parse_record(parser, json_line, parsed, partial)) return std::unexpected(std::move(*error));
    return {};
}

// ---------------------------------------------------------------------------

struct ChangeApplier::Impl {
    Store& store;
    sqlite3* db;
    dom::parser parser;
    sql::Stmt upsert[5];
    sql::Stmt remove[5];
    sql::Stmt exists[5];
    sql::Stmt tombstone;
    sql::Stmt quarantine;
    sql::Stmt cursor;
    std::optional<sql::Transaction> tx;
    std::int64_t tx_max_seq = 0;
    ApplyCounts counts;

    explicit Impl(Store& s) : store(s), db(s.handle()) {}

    Status prepare() {
        constexpr std::array<std::string_view, 5> upserts{k_upsert_reference, k_upsert_employer, k_upsert_person,
                                                          k_upsert_contract, k_upsert_notification};
        for (std::size_t i = 0; i < 5; ++i) {
            auto u = sql::Stmt::prepare(db, upserts[i]);
            if (!u) return std::unexpected(u.error());
            upsert[i] = std::move(*u);
            auto r = sql::Stmt::prepare(db, k_delete_sql[i].remove);
            if (!r) return std::unexpected(r.error());
            remove[i] = std::move(*r);
            auto e = sql::Stmt::prepare(db, k_delete_sql[i].exists);
            if (!e) return std::unexpected(e.error());
            exists[i] = std::move(*e);
        }
        for (auto [stmt, text] : {std::pair{&tombstone, k_upsert_tombstone}, std::pair{&quarantine, k_insert_quarantine},
                                  std::pair{&cursor, k_advance_cursor}}) {
            auto s = sql::Stmt::prepare(db, text);
            if (!s) return std::unexpected(s.error());
            *stmt = std::move(*s);
        }
        return {};
    }

    Result<ApplyResult> apply_upsert(const Parsed& p) {
        auto i = static_cast<std::size_t>(p.entity);
        sql::Stmt& s = upsert[i];
        switch (p.entity) {
        case Entity::Reference: {
            const auto& r = p.reference;
            s.bind(1, r.list);
            s.bind(2, r.code);
            s.bind(3, p.seq);
            s.bind(4, r.label_az);
            s.bind(5, r.label_ru);
            s.bind(6, r.label_en);
            s.bind(7, p.id);
            break;
        }
        case Entity::Employer: {
            const auto& e = p.employer;
            s.bind(1, e.voen);
            s.bind(2, p.seq);
            s.bind(3, e.sun);
            s.bind(4, e.name);
            s.bind(5, e.legal_address);
            break;
        }
        case Entity::Person: {
            const auto& r = p.person;
            s.bind(1, r.fin);
            s.bind(2, p.seq);
            s.bind(3, r.surname);
            s.bind(4, r.name);
            s.bind(5, r.patronymic);
            s.bind(6, r.birth_date);
            break;
        }
        case Entity::Contract: {
            const auto& c = p.contract;
            s.bind(1, p.id);
            s.bind(2, p.seq);
            s.bind(3, c.employer_voen);
            s.bind(4, c.employee_fin);
            s.bind(5, c.number);
            s.bind(6, c.date);
            s.bind(7, c.start_date);
            s.bind(8, c.type);
            s.bind_opt(9, c.end_date);
            s.bind(10, c.position);
            s.bind(11, c.workplace);
            s.bind(12, c.work_address);
            s.bind(13, c.salary_qepik);
            s.bind(14, c.working_time);
            s.bind(15, c.status);
            break;
        }
        case Entity::Notification: {
            const auto& n = p.notification;
            s.bind(1, p.id);
            s.bind(2, p.seq);
            s.bind(3, n.number);
            s.bind(4, n.kind);
            s.bind(5, n.date);
            s.bind(6, n.contract_id);
            s.bind(7, n.employee_fin);
            s.bind(8, n.employer_voen);
            s.bind(9, n.position);
            s.bind(10, n.workplace);
            s.bind(11, n.status);
            s.bind(12, n.validity);
            s.bind_opt(13, n.validity_reason);
            s.bind_opt(14, n.signer_fin);
            s.bind_opt(15, n.signer_name);
            s.bind_opt(16, n.signed_at);
            s.bind_opt(17, n.registration_number);
            s.bind_opt(18, n.registered_at);
            s.bind_opt(19, n.amendment_json ? std::optional<std::string_view>(*n.amendment_json) : std::nullopt);
            s.bind_opt(20, n.order_date);
            s.bind_opt(21, n.order_number);
            s.bind_opt(22, n.termination_date);
            s.bind_opt(23, n.reason);
            s.bind_opt(24, n.document_json ? std::optional<std::string_view>(*n.document_json) : std::nullopt);
            s.bind_opt(25, n.signature);
            break;
        }
        }
        KIOSK_TRY(s.run());
        return sqlite3_changes(db) > 0 ? ApplyResult::Applied : ApplyResult::Unchanged;
    }

    void bind_key(sql::Stmt& s, const Parsed& p, std::string_view& list, std::string_view& code) {
        if (p.entity == Entity::Reference) {
            auto slash = p.id.find('/');
            list = p.id.substr(0, slash);
            code = p.id.substr(slash + 1);
            s.bind(1, list);
            s.bind(2, code);
        } else {
            s.bind(1, p.id);
        }
    }

    Result<ApplyResult> apply_delete(const Parsed& p) {
        auto i = static_cast<std::size_t>(p.entity);
        int seq_index = p.entity == Entity::Reference ? 3 : 2;
        std::string_view list, code;
        bind_key(remove[i], p, list, code);
        remove[i].bind(seq_index, p.seq);
        KIOSK_TRY(remove[i].run());
        bool removed = sqlite3_changes(db) > 0;
        if (!removed) {
            bind_key(exists[i], p, list, code);
            auto row = exists[i].step();
            exists[i].reset();
            if (!row) return std::unexpected(row.error());
            if (*row) return ApplyResult::Unchanged; // the store holds a newer version
        }
        tombstone.bind(1, k_entity_names[i]);
        tombstone.bind(2, p.id);
        tombstone.bind(3, p.seq);
        KIOSK_TRY(tombstone.run());
        bool recorded = sqlite3_changes(db) > 0;
        return removed || recorded ? ApplyResult::Deleted : ApplyResult::Unchanged;
    }

    Status put_in_quarantine(std::string_view line, const Partial& partial, const Error& error) {
        std::string_view raw = line.substr(0, std::min(line.size(), k_quarantine_raw_max));
        auto& q = quarantine;
        if (partial.seq)
            q.bind(1, *partial.seq);
        else
            q.bind_null(1);
        q.bind_opt(2, partial.entity ? std::optional<std::string_view>(*partial.entity) : std::nullopt);
        // The id is kept only when it is valid UTF-8 text (it is shown to technicians).
        std::optional<std::string_view> id;
        if (partial.id && is_valid_utf8(*partial.id)) id = *partial.id;
        q.bind_opt(3, id);
        q.bind(4, error.code);
        q.bind(5, error.detail);
        q.bind_blob(6, raw);
        q.bind(7, static_cast<std::int64_t>(fnv1a(raw)));
        return q.run();
    }

    Result<ApplyResult> apply(std::string_view line) {
        if (!tx) return fail("store_error", "apply() outside begin()/commit()");
        Parsed parsed;
        Partial partial;
        std::optional<Error> error = parse_record(parser, line, parsed, partial);
        if (partial.seq) {
            tx_max_seq = std::max(tx_max_seq, *partial.seq);
            counts.max_seq = std::max(counts.max_seq, *partial.seq);
        }
        if (error) {
            KIOSK_TRY(put_in_quarantine(line, partial, *error));
            counts.quarantined++;
            counts.quarantine_reasons[error->code]++;
            return ApplyResult::Quarantined;
        }
        auto result = parsed.op == Op::Upsert ? apply_upsert(parsed) : apply_delete(parsed);
        if (!result) return result;
        switch (*result) {
        case ApplyResult::Applied: counts.applied++; break;
        case ApplyResult::Unchanged: counts.unchanged++; break;
        case ApplyResult::Deleted: counts.deleted++; break;
        case ApplyResult::Quarantined: break;
        }
        return result;
    }
};

ChangeApplier::ChangeApplier(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
ChangeApplier::~ChangeApplier() = default;

Result<std::unique_ptr<ChangeApplier>> ChangeApplier::create(Store& store) {
    auto impl = std::make_unique<Impl>(store);
    KIOSK_TRY(impl->prepare());
    return std::unique_ptr<ChangeApplier>(new ChangeApplier(std::move(impl)));
}

Status ChangeApplier::begin() {
    if (m_impl->tx) return fail("store_error", "begin() inside a transaction");
    auto tx = sql::Transaction::begin(m_impl->db);
    if (!tx) return std::unexpected(tx.error());
    m_impl->tx.emplace(std::move(*tx));
    m_impl->tx_max_seq = 0;
    return {};
}

Result<ApplyResult> ChangeApplier::apply(std::string_view json_record) { return m_impl->apply(json_record); }

Status ChangeApplier::commit(std::int64_t cursor_at_least) {
    if (!m_impl->tx) return fail("store_error", "commit() without begin()");
    m_impl->cursor.bind(1, std::max(cursor_at_least, m_impl->tx_max_seq));
    if (auto r = m_impl->cursor.run(); !r) {
        rollback();
        return r;
    }
    auto r = m_impl->tx->commit();
    m_impl->tx.reset();
    return r;
}

void ChangeApplier::rollback() {
    if (m_impl->tx) m_impl->tx->rollback();
    m_impl->tx.reset();
}

const ApplyCounts& ChangeApplier::counts() const { return m_impl->counts; }

// ---------------------------------------------------------------------------

namespace {

bool is_blank(std::string_view line) {
    for (char c : line)
        if (c != ' ' && c != '\t' && c != '\r') return false;
    return true;
}

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f && f != stdin) std::fclose(f);
    }
};

} // namespace

Result<ApplyCounts> import_ndjson(Store& store, const std::string& path, const ImportOptions& options) {
    std::unique_ptr<std::FILE, FileCloser> file(path == "-" ? stdin : std::fopen(path.c_str(), "rb"));
    if (!file) return fail("import_file_unreadable", "cannot open " + path);

    auto applier = ChangeApplier::create(store);
    if (!applier) return std::unexpected(applier.error());

    bool bulk = false;
    if (options.bulk_indexes == BulkIndexes::WhenEmpty) {
        auto existing = store.count("notification");
        if (!existing) return std::unexpected(existing.error());
        if (*existing == 0) {
            KIOSK_TRY(store.drop_secondary_indexes());
            bulk = true;
        }
    }

    // The indexes come back whatever happens below: a failed import must not leave
    // a long-running kiosk searching without them.
    auto load = [&]() -> Result<ApplyCounts> {
        std::vector<char> buffer(std::size_t{8} << 20);
        std::size_t filled = 0;
        bool skipping_oversized = false; // inside a line longer than the buffer
        bool at_eof = false;
        std::size_t in_batch = 0;
        const std::size_t batch = std::max<std::size_t>(1, options.batch_records);

        auto handle_line = [&](std::string_view line) -> Status {
            if (line.ends_with('\r')) line.remove_suffix(1);
            if (is_blank(line)) return {};
            if (in_batch == 0) KIOSK_TRY((*applier)->begin());
            auto r = (*applier)->apply(line);
            if (!r) {
                (*applier)->rollback();
                return std::unexpected(r.error());
            }
            if (++in_batch >= batch) {
                in_batch = 0;
                KIOSK_TRY((*applier)->commit());
            }
            return {};
        };

        while (!at_eof) {
            std::size_t got = std::fread(buffer.data() + filled, 1, buffer.size() - filled, file.get());
            if (got == 0) {
                if (std::ferror(file.get())) {
                    (*applier)->rollback();
                    return fail("import_file_unreadable", "read error on " + path);
                }
                at_eof = true;
            }
            filled += got;
            std::size_t start = 0;
            while (true) {
                auto* nl = static_cast<char*>(std::memchr(buffer.data() + start, '\n', filled - start));
                if (!nl) break;
                std::size_t end = static_cast<std::size_t>(nl - buffer.data());
                if (skipping_oversized) {
                    skipping_oversized = false;
                } else if (auto r = handle_line(std::string_view(buffer.data() + start, end - start)); !r) {
                    return std::unexpected(r.error());
                }
                start = end + 1;
            }
            if (at_eof && start < filled && !skipping_oversized) {
                if (auto r = handle_line(std::string_view(buffer.data() + start, filled - start)); !r)
                    return std::unexpected(r.error());
                start = filled;
            }
            std::memmove(buffer.data(), buffer.data() + start, filled - start);
            filled -= start;
            if (filled == buffer.size()) {
                // A line longer than the buffer: quarantine its head, skip to its end.
                if (!skipping_oversized) {
                    if (auto r = handle_line(std::string_view(buffer.data(), filled)); !r)
                        return std::unexpected(r.error());
                    skipping_oversized = true;
                }
                filled = 0;
            }
        }
        if (in_batch > 0) KIOSK_TRY((*applier)->commit());
        return (*applier)->counts();
    };
    auto result = load();
    if (bulk) {
        auto rebuilt = store.ensure_secondary_indexes();
        if (!rebuilt && result) return std::unexpected(rebuilt.error());
    }
    return result;
}

} // namespace kiosk
