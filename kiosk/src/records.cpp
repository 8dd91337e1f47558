#include "kiosk/records.hpp"

#include "kiosk/notification.hpp"
#include "kiosk/sqlite.hpp"
#include "kiosk/store.hpp"
#include "kiosk/validate.hpp"

#include <cstdio>
namespace kiosk {
namespace {} // namespace

std::string display_date(std::string_view iso) {
    if (!is_valid_date(iso)) return std::string(iso);
    return std::string(iso.substr(8, 2)) + "." + std::string(iso.substr(5, 2)) + "." +
           std::string(iso.substr(0, 4));
}

std::string display_instant(std::string_view s) {
    if (s.size() < 16 || s[10] != 'T' || !is_valid_date(s.substr(0, 10))) return std::string(s);
    return display_date(s.substr(0, 10)) + " " + std::string(s.substr(11, 5));
}

Result<DetailView> load_detail(Store& store, const std::string& fin, const std::string& id, Lang lang) {
    if (!is_valid_fin(fin)) return fail("invalid_fin", "FIN format");
    // One reading of a notification for the screen and the printed forms alike (kiosk/notification.hpp).
    auto loaded = load_notification(store, id, lang);
    if (!loaded) return std::unexpected(loaded.error());
    const NotificationDetail& n = *loaded;
    // Only the citizen's own, and never one the employer has not signed yet.
    if (n.employee_fin != fin || n.status == "entered")
        return fail("notification_not_found", "no such notification for this person");

    const bool signed_document = n.has_signature;

    auto field = [](std::string key, std::string value) {
        return DetailField{std::move(key), {}, std::move(value)};
    };
    auto or_dash = [](const std::string& s) { return s.empty() ? std::string("—") : s; };

    DetailView d;
    d.id = n.id;
    d.number = n.number;
    d.kind = n.kind;
    d.kind_label = n.kind_label;
    d.date = n.date;
    d.registered = !n.registration_number.empty();
    d.has_signed_document = signed_document;

    DetailSection s{"detail.section.notification", {}};
    s.fields.push_back(field("column.number", n.number));
    s.fields.push_back(field("column.kind", n.kind_label));
    s.fields.push_back(field("column.date", display_date(n.date)));
    s.fields.push_back(field("column.status", n.status_label));
    std::string validity = n.validity_label;
    if (!n.validity_reason.empty()) validity += " (" + n.validity_reason + ")";
    s.fields.push_back(field("column.validity", validity));
    s.fields.push_back(field("detail.registration_number", or_dash(n.registration_number)));
    s.fields.push_back(field("detail.registered_at", or_dash(display_instant(n.registered_at))));
    d.sections.push_back(std::move(s));

    DetailSection e{"detail.section.employer", {}};
    e.fields.push_back(field("column.employer_name", n.employer_name));
    e.fields.push_back(field("column.employer_sun", n.employer_sun));
    e.fields.push_back(field("detail.employer_voen", n.employer_voen));
    e.fields.push_back(field("detail.legal_address", or_dash(n.employer_address)));
    d.sections.push_back(std::move(e));

    DetailSection p{"detail.section.employee", {}};
    p.fields.push_back(field("detail.fin", n.employee_fin));
    std::string full = n.employee_surname;
    for (const std::string* part : {&n.employee_name, &n.employee_patronymic})
        if (!part->empty()) full += " " + *part;
    p.fields.push_back(field("detail.full_name", full));
    p.fields.push_back(field("detail.birth_date", or_dash(display_date(n.employee_birth_date))));
    d.sections.push_back(std::move(p));

    DetailSection c{"detail.section.contract", {}};
    c.fields.push_back(field("detail.contract_number", n.contract_number));
    c.fields.push_back(field("detail.contract_date", display_date(n.contract_date)));
    c.fields.push_back(field("detail.start_date", or_dash(display_date(n.contract_start_date))));
    c.fields.push_back(field("detail.contract_type", or_dash(n.contract_type_label)));
    if (!n.contract_end_date.empty())
        c.fields.push_back(field("detail.end_date", display_date(n.contract_end_date)));
    c.fields.push_back(field("column.position", n.position));
    c.fields.push_back(field("column.workplace", n.workplace));
    c.fields.push_back(field("detail.work_address", or_dash(n.work_address)));
    c.fields.push_back(field("detail.salary", n.salary_azn.empty() ? "—" : n.salary_azn + " AZN"));
    c.fields.push_back(field("detail.working_time", or_dash(n.working_time)));
    c.fields.push_back(field("detail.contract_status", or_dash(n.contract_status_label)));
    d.sections.push_back(std::move(c));

    if (n.kind == "amendment") {
        DetailSection a{"detail.section.amendment", {}};
        a.fields.push_back(field("detail.effective_date", display_date(n.effective_date)));
        a.fields.push_back(field("detail.basis", n.basis));
        for (const AmendmentChange& ch : n.changes)
            a.fields.push_back(DetailField{{},
                                           ch.field_label.empty() ? ch.field : ch.field_label,
                                           ch.old_value + "  →  " + ch.new_value});
        d.sections.push_back(std::move(a));
    }
    if (n.kind == "termination") {
        DetailSection t{"detail.section.termination", {}};
        t.fields.push_back(field("column.order_date", display_date(n.order_date)));
        t.fields.push_back(field("column.order_number", n.order_number));
        t.fields.push_back(field("detail.termination_date", display_date(n.termination_date)));
        t.fields.push_back(field("column.reason", n.reason_label));
        d.sections.push_back(std::move(t));
    }

    DetailSection g{"detail.section.signature", {}};
    g.fields.push_back(field("detail.signer", or_dash(n.signer_name)));
    g.fields.push_back(field("detail.signer_fin", or_dash(n.signer_fin)));
    g.fields.push_back(field("detail.signed_at", or_dash(display_instant(n.signed_at))));
    // The kiosk's own check of the CMS signature (sync/): valid, invalid with the reason,
    // or present but not verified on this kiosk (no registry configured, or not checked yet).
    std::string state = n.signature_check == "invalid" ? "@signature.invalid"
                        : !signed_document              ? "@signature.absent"
                        : n.signature_check == "valid"  ? "@signature.valid"
                                                        : "@signature.present";
    g.fields.push_back(field("detail.signature_state", state));
    if (n.signature_check == "invalid")
        g.fields.push_back(field("detail.signature_reason", "@error." + n.signature_reason));
    d.sections.push_back(std::move(g));
    return d;
}

Result<std::string> data_as_of(Store& store) {
    auto stmt =
        sql::Stmt::prepare(store.handle(), "SELECT coalesce(updated_at, '') FROM feed_cursor WHERE id = 1");
    if (!stmt) return std::unexpected(stmt.error());
    auto has = stmt->step();
    if (!has) return std::unexpected(has.error());
    return *has ? stmt->column_text(0) : std::string();
}

std::string PersonSummary::full_name() const {
    std::string out = surname;
    for (const std::string* part : {&name, &patronymic})
        if (!part->empty()) out += (out.empty() ? "" : " ") + *part;
    return out;
}

Result<std::optional<PersonSummary>> find_person(Store& store, const std::string& fin) {
    if (!is_valid_fin(fin)) return fail("invalid_fin", "FIN format");
    auto stmt = sql::Stmt::prepare(store.handle(), R"sql(
        SELECT p.fin, p.surname, p.name, p.patronymic, p.birth_date,
               (SELECT count(*) FROM notification n WHERE n.employee_fin = p.fin AND n.status <> 'entered')
        FROM person p WHERE p.fin = ?1)sql");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, std::string_view(fin));
    auto has = stmt->step();
    if (!has) return std::unexpected(has.error());
    if (!*has) return std::optional<PersonSummary>();
    PersonSummary p;
    p.fin = stmt->column_text(0);
    p.surname = stmt->column_text(1);
    p.name = stmt->column_text(2);
    p.patronymic = stmt->column_opt_text(3).value_or("");
    p.birth_date = stmt->column_opt_text(4).value_or("");
    p.notifications = stmt->column_int(5);
    return std::optional<PersonSummary>(std::move(p));
}

} // namespace kiosk
