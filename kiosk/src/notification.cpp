#include "kiosk/notification.hpp"

#include "kiosk/sqlite.hpp"

#include <simdjson.h>

#include <cstdio>
#include <optional>

namespace kiosk {
namespace {

namespace dom = simdjson::dom;

std::string text_at(dom::element e, std::string_view key) {
    std::string_view s;
    if (e.at_key(key).get_string().get(s) == simdjson::SUCCESS) return std::string(s);
    return {};
}

std::optional<dom::element> object_at(dom::element e, std::string_view key) {
    dom::element out;
    if (e.at_key(key).get(out) != simdjson::SUCCESS || !out.is_object()) return std::nullopt;
    return out;
}

void fill_if_empty(std::string& target, const std::string& value) {
    if (target.empty()) target = value;
}

std::string salary_text(std::int64_t qepik) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(qepik / 100), static_cast<long long>(qepik % 100));
    return buf;
}

} // namespace

Result<std::string> reference_label(Store& store, std::string_view list, std::string_view code, Lang lang) {
    if (code.empty()) return std::string();
    const char* sql = lang == Lang::Ru   ? "SELECT label_ru FROM reference WHERE list = ?1 AND code = ?2"
                      : lang == Lang::En ? "SELECT label_en FROM reference WHERE list = ?1 AND code = ?2"
                                         : "SELECT label_az FROM reference WHERE list = ?1 AND code = ?2";
    auto stmt = sql::Stmt::prepare(store.handle(), sql);
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, list);
    stmt->bind(2, code);
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    return *row ? stmt->column_text(0) : std::string(code);
}

Result<NotificationDetail> load_notification(Store& store, std::string_view id_or_number, Lang lang) {
    auto stmt = sql::Stmt::prepare(store.handle(), R"sql(
        SELECT n.id, n.number, n.kind, n.date, n.status, n.validity, n.validity_reason, n.position, n.workplace,
               n.signer_fin, n.signer_name, n.signed_at, n.registration_number, n.registered_at,
               n.amendment, n.order_date, n.order_number, n.termination_date, n.reason, n.document,
               n.employer_voen, e.sun, e.name, e.legal_address,
               n.employee_fin, p.surname, p.name, p.patronymic, p.birth_date,
               n.contract_id, c.number, c.date, c.start_date, c.type, c.end_date, c.work_address,
               c.salary_qepik, c.working_time, c.status,
               sc.result, sc.reason, n.signature IS NOT NULL AND n.signature <> ''
        FROM notification n
        LEFT JOIN signature_check sc ON sc.id = n.id AND sc.seq = n.seq
        LEFT JOIN employer e ON e.voen = n.employer_voen
        LEFT JOIN person p ON p.fin = n.employee_fin
        LEFT JOIN contract c ON c.id = n.contract_id
        WHERE n.id = ?1 OR n.number = ?1
        ORDER BY n.id = ?1 DESC LIMIT 1)sql");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, id_or_number);
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return fail("notification_not_found", "no notification " + std::string(id_or_number));

    auto text = [&](int col) { return stmt->column_opt_text(col).value_or(std::string()); };
    NotificationDetail d;
    d.id = text(0);
    d.number = text(1);
    d.kind = text(2);
    d.date = text(3);
    d.status = text(4);
    d.validity = text(5);
    d.validity_reason = text(6);
    d.position = text(7);
    d.workplace = text(8);
    d.signer_fin = text(9);
    d.signer_name = text(10);
    d.signed_at = text(11);
    d.registration_number = text(12);
    d.registered_at = text(13);
    std::string amendment = text(14);
    d.order_date = text(15);
    d.order_number = text(16);
    d.termination_date = text(17);
    d.reason = text(18);
    std::string document = text(19);
    d.employer_voen = text(20);
    d.employer_sun = text(21);
    d.employer_name = text(22);
    d.employer_address = text(23);
    d.employee_fin = text(24);
    d.employee_surname = text(25);
    d.employee_name = text(26);
    d.employee_patronymic = text(27);
    d.employee_birth_date = text(28);
    d.contract_id = text(29);
    d.contract_number = text(30);
    d.contract_date = text(31);
    d.contract_start_date = text(32);
    d.contract_type = text(33);
    d.contract_end_date = text(34);
    d.work_address = text(35);
    if (!stmt->column_is_null(36)) d.salary_azn = salary_text(stmt->column_int(36));
    d.working_time = text(37);
    d.contract_status = text(38);
    d.signature_check = text(39);
    d.signature_reason = text(40);
    d.has_signature = stmt->column_int(41) != 0;
    stmt->reset();
    // A record whose signature the kiosk found invalid is invalid, with the reason.
    if (d.signature_check == "invalid") {
        std::string reason = error_text(d.signature_reason, lang);
        if (d.validity == "invalid" && !d.validity_reason.empty()) reason += "; " + d.validity_reason;
        d.validity = "invalid";
        d.validity_reason = reason;
    }

    dom::parser parser;
    if (!amendment.empty()) {
        dom::element a;
        if (parser.parse(amendment).get(a) == simdjson::SUCCESS) {
            d.effective_date = text_at(a, "effective_date");
            d.basis = text_at(a, "basis");
            dom::array changes;
            if (a.at_key("changes").get_array().get(changes) == simdjson::SUCCESS)
                for (dom::element c : changes)
                    d.changes.push_back(AmendmentChange{text_at(c, "field"), {}, text_at(c, "old"), text_at(c, "new")});
        }
    }
    // The signed document names the parties even when their rows have not reached the replica.
    if (!document.empty()) {
        dom::element doc;
        if (parser.parse(document).get(doc) == simdjson::SUCCESS && doc.is_object()) {
            if (auto e = object_at(doc, "employer")) {
                fill_if_empty(d.employer_sun, text_at(*e, "sun"));
                fill_if_empty(d.employer_name, text_at(*e, "name"));
            }
            if (auto p = object_at(doc, "employee")) {
                fill_if_empty(d.employee_surname, text_at(*p, "surname"));
                fill_if_empty(d.employee_name, text_at(*p, "name"));
                fill_if_empty(d.employee_patronymic, text_at(*p, "patronymic"));
            }
            if (auto c = object_at(doc, "contract")) {
                fill_if_empty(d.contract_number, text_at(*c, "number"));
                fill_if_empty(d.contract_date, text_at(*c, "date"));
            }
        }
    }

    auto label = [&](std::string_view list, const std::string& code) -> Result<std::string> {
        return reference_label(store, list, code, lang);
    };
    for (auto [target, list, code] :
         {std::tuple{&d.kind_label, "notification_kind", &d.kind}, {&d.status_label, "notification_status", &d.status},
          {&d.validity_label, "validity", &d.validity}, {&d.contract_type_label, "contract_type", &d.contract_type},
          {&d.contract_status_label, "contract_status", &d.contract_status},
          {&d.reason_label, "termination_reason", &d.reason}}) {
        auto l = label(list, *code);
        if (!l) return std::unexpected(l.error());
        *target = *l;
    }
    for (AmendmentChange& c : d.changes) {
        auto l = label("amendment_field", c.field);
        if (!l) return std::unexpected(l.error());
        c.field_label = *l;
    }
    return d;
}

} // namespace kiosk
