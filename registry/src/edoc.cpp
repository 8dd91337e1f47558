#include "edoc.hpp"

#include "printer/documents.hpp"
#include "registry/common.hpp"
#include "registry/signing.hpp"

#include <cstdio>
#include <zip.h>

namespace registry::edoc {
namespace {

using nlohmann::json;

std::string str(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string salary(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (!v.is_number()) return {};
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", v.get<double>());
    return text;
}

Result<std::string> label(Connection& c, std::string_view list, const std::string& code, kiosk::Lang lang) {
    if (code.empty()) return std::string();
    auto ref = notifications::record(c, "reference", std::string(list) + "/" + code);
    if (!ref) return std::unexpected(ref.error());
    if (!*ref) return code;
    const json& labels = (**ref)["labels"];
    std::string text = str(labels, std::string(kiosk::lang_code(lang)).c_str());
    return text.empty() ? code : text;
}

} // namespace

Result<kiosk::NotificationDetail> detail(Connection& c, const notifications::Row& row, kiosk::Lang lang) {
    const json& d = row.data;
    kiosk::NotificationDetail n;
    n.id = row.id;
    n.number = row.number;
    n.kind = row.kind;
    n.date = row.date;
    n.status = row.status;
    n.validity = str(d, "validity");
    n.validity_reason = str(d, "validity_reason");
    n.position = str(d, "position");
    n.workplace = str(d, "workplace");
    if (auto s = d.find("signer"); s != d.end() && s->is_object()) {
        n.signer_fin = str(*s, "fin");
        n.signer_name = str(*s, "name");
    }
    n.signed_at = str(d, "signed_at");
    if (auto r = d.find("registration"); r != d.end() && r->is_object()) {
        n.registration_number = str(*r, "number");
        n.registered_at = str(*r, "registered_at");
    }
    n.employer_voen = str(d, "employer_voen");
    auto employer = notifications::record(c, "employer", n.employer_voen);
    if (!employer) return std::unexpected(employer.error());
    if (*employer) {
        n.employer_sun = str(**employer, "sun");
        n.employer_name = str(**employer, "name");
        n.employer_address = str(**employer, "legal_address");
    }
    n.employee_fin = str(d, "employee_fin");
    json person, contract;
    if (auto draft = d.find("_draft"); draft != d.end()) {
        person = (*draft)["employee"];
        contract = (*draft)["contract"];
    } else {
        auto p = notifications::record(c, "person", n.employee_fin);
        if (!p) return std::unexpected(p.error());
        if (*p) person = std::move(**p);
        n.contract_id = str(d, "contract_id");
        auto k = notifications::record(c, "contract", n.contract_id);
        if (!k) return std::unexpected(k.error());
        if (*k) contract = std::move(**k);
    }
    if (person.is_object()) {
        n.employee_surname = str(person, "surname");
        n.employee_name = str(person, "name");
        n.employee_patronymic = str(person, "patronymic");
        n.employee_birth_date = str(person, "birth_date");
    }
    if (contract.is_object()) {
        n.contract_number = str(contract, "number");
        n.contract_date = str(contract, "date");
        n.contract_start_date = str(contract, "start_date");
        n.contract_type = str(contract, "type");
        n.contract_end_date = str(contract, "end_date");
        n.work_address = str(contract, "work_address");
        n.salary_azn = salary(contract.value("salary_azn", json()));
        n.working_time = str(contract, "working_time");
        n.contract_status = str(contract, "status");
    }
    // The signed document names the parties even when their records are missing.
    if (auto doc = d.find("document"); doc != d.end() && doc->is_object()) {
        auto fill = [](std::string& target, const std::string& value) {
            if (target.empty()) target = value;
        };
        if (auto e = doc->find("employer"); e != doc->end() && e->is_object()) {
            fill(n.employer_sun, str(*e, "sun"));
            fill(n.employer_name, str(*e, "name"));
        }
        if (auto p = doc->find("employee"); p != doc->end() && p->is_object()) {
            fill(n.employee_surname, str(*p, "surname"));
            fill(n.employee_name, str(*p, "name"));
            fill(n.employee_patronymic, str(*p, "patronymic"));
        }
        if (auto k = doc->find("contract"); k != doc->end() && k->is_object()) {
            fill(n.contract_number, str(*k, "number"));
            fill(n.contract_date, str(*k, "date"));
        }
    }
    if (auto a = d.find("amendment"); a != d.end() && a->is_object()) {
        n.effective_date = str(*a, "effective_date");
        n.basis = str(*a, "basis");
        if (auto changes = a->find("changes"); changes != a->end() && changes->is_array())
            for (const json& ch : *changes)
                n.changes.push_back(
                    kiosk::AmendmentChange{str(ch, "field"), {}, str(ch, "old"), str(ch, "new")});
    }
    if (auto t = d.find("termination"); t != d.end() && t->is_object()) {
        n.order_date = str(*t, "order_date");
        n.order_number = str(*t, "order_number");
        n.termination_date = str(*t, "termination_date");
        n.reason = str(*t, "reason");
    }
    for (auto [target, list, code] : {std::tuple{&n.kind_label, "notification_kind", &n.kind},
                                      {&n.status_label, "notification_status", &n.status},
                                      {&n.validity_label, "validity", &n.validity},
                                      {&n.contract_type_label, "contract_type", &n.contract_type},
                                      {&n.contract_status_label, "contract_status", &n.contract_status},
                                      {&n.reason_label, "termination_reason", &n.reason}}) {
        auto l = label(c, list, *code, lang);
        if (!l) return std::unexpected(l.error());
        *target = *l;
    }
    for (kiosk::AmendmentChange& ch : n.changes) {
        auto l = label(c, "amendment_field", ch.field, lang);
        if (!l) return std::unexpected(l.error());
        ch.field_label = *l;
    }
    return n;
}

Result<std::string> pdf(Connection& c, const notifications::Row& row, kiosk::Lang lang,
                        const std::string& verify_base_url) {
    auto d = detail(c, row, lang);
    if (!d) return std::unexpected(d.error());
    printer::RenderContext ctx;
    ctx.lang = lang;
    ctx.kiosk_id = "registry";
    ctx.verify_base_url = verify_base_url;
    auto document = printer::render_notification(*d, ctx);
    if (!document) return fail(document.error().code, document.error().detail);
    return std::move(document->pdf);
}

namespace {

struct Zip {
    zip_source_t* source = nullptr;
    zip_t* archive = nullptr;
    ~Zip() {
        if (archive) zip_discard(archive);
        if (source) zip_source_free(source);
    }
};

std::unexpected<Error> zip_error(std::string what, zip_t* archive) {
    if (archive) what += std::string(": ") + zip_strerror(archive);
    return fail("zip_failed", std::move(what));
}

} // namespace

Result<std::string> container(Connection& c, const notifications::Row& row,
                              const std::string& verify_base_url) {
    auto doc = row.data.find("document");
    auto sig = row.data.find("signature");
    if (row.draft || doc == row.data.end() || !doc->is_object() || sig == row.data.end() || !sig->is_string())
        return fail("not_signed", "the notification has no electronic signature");
    auto der = base64_decode(sig->get_ref<const std::string&>());
    if (!der) return fail("store_error", "the stored signature is not base64");
    const std::string json_bytes = canonical_json(*doc);
    auto pdf_bytes = pdf(c, row, kiosk::k_default_lang, verify_base_url);
    if (!pdf_bytes) return std::unexpected(pdf_bytes.error());

    Zip z;
    zip_error_t error;
    zip_error_init(&error);
    z.source = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!z.source) return fail("zip_failed", zip_error_strerror(&error));
    zip_source_keep(z.source); // read back after zip_close
    z.archive = zip_open_from_source(z.source, ZIP_TRUNCATE, &error);
    if (!z.archive) return fail("zip_failed", zip_error_strerror(&error));
    struct Entry {
        const char* name;
        std::string_view bytes;
        bool store;
    };
    const std::string mimetype(k_mimetype);
    const Entry entries[] = {{"mimetype", mimetype, true},
                             {"notification.json", json_bytes, false},
                             {"notification.pdf", *pdf_bytes, true}, // already compressed
                             {"META-INF/signature.p7s", *der, true}};
    for (const Entry& e : entries) {
        zip_source_t* data = zip_source_buffer(z.archive, e.bytes.data(), e.bytes.size(), 0);
        if (!data) return zip_error("buffer", z.archive);
        const zip_int64_t index = zip_file_add(z.archive, e.name, data, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(data);
            return zip_error(std::string("add ") + e.name, z.archive);
        }
        if (zip_set_file_compression(z.archive, static_cast<zip_uint64_t>(index),
                                     e.store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) != 0)
            return zip_error("compression", z.archive);
    }
    if (zip_close(z.archive) != 0) return zip_error("close", z.archive);
    z.archive = nullptr;

    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(z.source, &st) != 0 || zip_source_open(z.source) != 0)
        return fail("zip_failed", "read back");
    std::string out(static_cast<std::size_t>(st.size), '\0');
    const zip_int64_t n = zip_source_read(z.source, out.data(), st.size);
    zip_source_close(z.source);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) return fail("zip_failed", "read back");
    return out;
}

std::string file_name(const notifications::Row& row, std::string_view extension) {
    std::string name;
    for (char ch : row.number)
        name += (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '-'
                    ? ch
                    : '_';
    if (name.empty()) name = row.id;
    name += '.';
    name += extension;
    return name;
}

} // namespace registry::edoc
