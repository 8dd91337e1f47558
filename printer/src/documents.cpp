// The six citizen forms, the test page and the diagnostics report as data:
// each form is a list of sections of fields (label key, value, the kinds that
// show it); the layout layer (layout.hpp) does the measuring and the pages.
#include "printer/documents.hpp"
#include "printer/verification.hpp"

#include "layout.hpp"

#include <array>
#include <ctime>
#include <span>

namespace printer {
namespace {

using kiosk::NotificationDetail;
using kiosk::tr;

enum KindBits : unsigned { Conclusion = 1, Amendment = 2, Termination = 4, AllKinds = 7 };
enum class Show { Always, WhenSet }; // Always: an empty value prints as a dash

struct FieldSpec {
    std::string_view label_key;
    std::string (*value)(const NotificationDetail&);
    unsigned kinds = AllKinds;
    Show show = Show::Always;
};

enum class Extra { None, Changes };

struct SectionSpec {
    std::string_view heading_key;
    std::span<const FieldSpec> fields;
    unsigned kinds = AllKinds;
    Extra extra = Extra::None;
};

std::string full_name(const NotificationDetail& d) {
    std::string out;
    for (const std::string* part : {&d.employee_surname, &d.employee_name, &d.employee_patronymic}) {
        if (part->empty()) continue;
        if (!out.empty()) out += ' ';
        out += *part;
    }
    return out;
}

// --- the notification form (Şəkil 5-7) ------------------------------------------

constexpr FieldSpec k_notification_fields[] = {
    {"form.field.number", +[](const NotificationDetail& d) { return d.number; }},
    {"form.field.date", +[](const NotificationDetail& d) { return display_date(d.date); }},
    {"form.field.kind", +[](const NotificationDetail& d) { return d.kind_label; }},
    {"form.field.status", +[](const NotificationDetail& d) { return d.status_label; }},
    {"form.field.validity", +[](const NotificationDetail& d) { return d.validity_label; }},
    {"form.field.validity_reason", +[](const NotificationDetail& d) { return d.validity_reason; }, AllKinds,
     Show::WhenSet},
};

constexpr FieldSpec k_employer_fields[] = {
    {"form.field.employer_name", +[](const NotificationDetail& d) { return d.employer_name; }},
    {"form.field.employer_voen", +[](const NotificationDetail& d) { return d.employer_voen; }},
    {"form.field.employer_sun", +[](const NotificationDetail& d) { return d.employer_sun; }},
    {"form.field.employer_address", +[](const NotificationDetail& d) { return d.employer_address; }, AllKinds,
     Show::WhenSet},
};

constexpr FieldSpec k_employee_fields[] = {
    {"form.field.fin", +[](const NotificationDetail& d) { return d.employee_fin; }},
    {"form.field.full_name", +[](const NotificationDetail& d) { return full_name(d); }},
    {"form.field.birth_date", +[](const NotificationDetail& d) { return display_date(d.employee_birth_date); },
     AllKinds, Show::WhenSet},
};

constexpr FieldSpec k_contract_fields[] = {
    {"form.field.contract_number", +[](const NotificationDetail& d) { return d.contract_number; }},
    {"form.field.contract_date", +[](const NotificationDetail& d) { return display_date(d.contract_date); }},
    {"form.field.start_date", +[](const NotificationDetail& d) { return display_date(d.contract_start_date); },
     AllKinds, Show::WhenSet},
    {"form.field.contract_type", +[](const NotificationDetail& d) { return d.contract_type_label; }, AllKinds,
     Show::WhenSet},
    {"form.field.end_date", +[](const NotificationDetail& d) { return display_date(d.contract_end_date); }, AllKinds,
     Show::WhenSet},
    {"form.field.position", +[](const NotificationDetail& d) { return d.position; }},
    {"form.field.workplace", +[](const NotificationDetail& d) { return d.workplace; }},
    {"form.field.work_address", +[](const NotificationDetail& d) { return d.work_address; }, AllKinds,
     Show::WhenSet},
    {"form.field.salary", +[](const NotificationDetail& d) { return d.salary_azn; }, Conclusion | Amendment,
     Show::WhenSet},
    {"form.field.working_time", +[](const NotificationDetail& d) { return d.working_time; }, Conclusion | Amendment,
     Show::WhenSet},
    {"form.field.contract_status", +[](const NotificationDetail& d) { return d.contract_status_label; }, AllKinds,
     Show::WhenSet},
};

constexpr FieldSpec k_amendment_fields[] = {
    {"form.field.effective_date", +[](const NotificationDetail& d) { return display_date(d.effective_date); }},
    {"form.field.basis", +[](const NotificationDetail& d) { return d.basis; }},
};

constexpr FieldSpec k_termination_fields[] = {
    {"form.field.order_date", +[](const NotificationDetail& d) { return display_date(d.order_date); }},
    {"form.field.order_number", +[](const NotificationDetail& d) { return d.order_number; }},
    {"form.field.termination_date", +[](const NotificationDetail& d) { return display_date(d.termination_date); }},
    {"form.field.reason", +[](const NotificationDetail& d) { return d.reason_label; }},
};

constexpr FieldSpec k_signature_fields[] = {
    {"form.field.signer", +[](const NotificationDetail& d) { return d.signer_name; }},
    {"form.field.signed_at", +[](const NotificationDetail& d) { return display_instant(d.signed_at); }},
};

constexpr FieldSpec k_registration_fields[] = {
    {"form.field.registration_number", +[](const NotificationDetail& d) { return d.registration_number; }},
    {"form.field.registered_at", +[](const NotificationDetail& d) { return display_instant(d.registered_at); }},
};

constexpr SectionSpec k_notification_form[] = {
    {"form.section.notification", k_notification_fields},
    {"form.section.employer", k_employer_fields},
    {"form.section.employee", k_employee_fields},
    {"form.section.contract", k_contract_fields},
    {"form.section.amendment", k_amendment_fields, Amendment, Extra::Changes},
    {"form.section.termination", k_termination_fields, Termination},
    {"form.section.signature", k_signature_fields},
    {"form.section.registration", k_registration_fields},
};

// --- the registration information form (Şəkil 8-10) ------------------------------

constexpr FieldSpec k_reg_notification_fields[] = {
    {"form.field.number", +[](const NotificationDetail& d) { return d.number; }},
    {"form.field.date", +[](const NotificationDetail& d) { return display_date(d.date); }},
    {"form.field.kind", +[](const NotificationDetail& d) { return d.kind_label; }},
    {"form.field.status", +[](const NotificationDetail& d) { return d.status_label; }},
    {"form.field.validity", +[](const NotificationDetail& d) { return d.validity_label; }},
    {"form.field.validity_reason", +[](const NotificationDetail& d) { return d.validity_reason; }, AllKinds,
     Show::WhenSet},
};

constexpr FieldSpec k_reg_employer_fields[] = {
    {"form.field.employer_name", +[](const NotificationDetail& d) { return d.employer_name; }},
    {"form.field.employer_voen", +[](const NotificationDetail& d) { return d.employer_voen; }},
    {"form.field.employer_sun", +[](const NotificationDetail& d) { return d.employer_sun; }},
};

constexpr FieldSpec k_reg_employee_fields[] = {
    {"form.field.fin", +[](const NotificationDetail& d) { return d.employee_fin; }},
    {"form.field.full_name", +[](const NotificationDetail& d) { return full_name(d); }},
};

constexpr FieldSpec k_reg_contract_fields[] = {
    {"form.field.contract_number", +[](const NotificationDetail& d) { return d.contract_number; }},
    {"form.field.contract_date", +[](const NotificationDetail& d) { return display_date(d.contract_date); }},
    {"form.field.position", +[](const NotificationDetail& d) { return d.position; }},
    {"form.field.workplace", +[](const NotificationDetail& d) { return d.workplace; }},
    {"form.field.start_date", +[](const NotificationDetail& d) { return display_date(d.contract_start_date); },
     Conclusion, Show::WhenSet},
    {"form.field.effective_date", +[](const NotificationDetail& d) { return display_date(d.effective_date); },
     Amendment},
    {"form.field.order_date", +[](const NotificationDetail& d) { return display_date(d.order_date); }, Termination},
    {"form.field.order_number", +[](const NotificationDetail& d) { return d.order_number; }, Termination},
    {"form.field.termination_date", +[](const NotificationDetail& d) { return display_date(d.termination_date); },
     Termination},
    {"form.field.reason", +[](const NotificationDetail& d) { return d.reason_label; }, Termination},
};

constexpr SectionSpec k_registration_form[] = {
    {"form.section.registration", k_registration_fields},
    {"form.section.notification", k_reg_notification_fields},
    {"form.section.employer", k_reg_employer_fields},
    {"form.section.employee", k_reg_employee_fields},
    {"form.section.contract", k_reg_contract_fields},
    {"form.section.signature", k_signature_fields},
};

// -------------------------------------------------------------------------------

unsigned kind_bit(std::string_view kind) {
    if (kind == "conclusion") return Conclusion;
    if (kind == "amendment") return Amendment;
    if (kind == "termination") return Termination;
    return 0;
}

std::string format_local(std::chrono::system_clock::time_point t) {
    std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%d.%m.%Y %H:%M", &tm);
    return buf;
}

layout::Frame frame(const RenderContext& ctx, std::string header) {
    layout::Frame f;
    f.header = std::move(header);
    f.footer_left = std::string(tr("form.printed_at", ctx.lang)) + ": " + format_local(ctx.printed_at) + " · " +
                    std::string(tr("form.kiosk", ctx.lang)) + ": " + ctx.kiosk_id;
    f.page_word = tr("form.page", ctx.lang);
    f.of_word = tr("form.page_of", ctx.lang);
    if (ctx.copy_number > 1) f.mark = std::string(tr("form.copy", ctx.lang)) + " " + std::to_string(ctx.copy_number);
    return f;
}

void add_sections(std::vector<layout::Block>& blocks, std::span<const SectionSpec> sections,
                  const NotificationDetail& d, Lang lang) {
    const unsigned kind = kind_bit(d.kind);
    for (const SectionSpec& section : sections) {
        if (!(section.kinds & kind)) continue;
        blocks.push_back(layout::Heading{std::string(tr(section.heading_key, lang))});
        for (const FieldSpec& field : section.fields) {
            if (!(field.kinds & kind)) continue;
            std::string value = field.value(d);
            if (value.empty() && field.show == Show::WhenSet) continue;
            blocks.push_back(layout::Field{std::string(tr(field.label_key, lang)), value.empty() ? "—" : value});
        }
        if (section.extra == Extra::Changes && !d.changes.empty()) {
            layout::Table table{{std::string(tr("form.field.change_field", lang)),
                                 std::string(tr("form.field.change_old", lang)),
                                 std::string(tr("form.field.change_new", lang))},
                                {1.0, 1.0, 1.0},
                                {}};
            for (const auto& c : d.changes) table.rows.push_back({c.field_label, c.old_value, c.new_value});
            blocks.push_back(std::move(table));
        }
    }
}

Result<Document> render_citizen(const NotificationDetail& d, const RenderContext& ctx, std::string_view form) {
    if (!kind_bit(d.kind)) return kiosk::fail("document_failed", "unknown notification kind " + d.kind);
    const Lang lang = ctx.lang;
    const std::string code = verification_code(d.id, d.number);
    const std::string url = verification_url(ctx.verify_base_url, code);
    const std::string code_line = std::string(tr("form.verification_code", lang)) + ": " + code;

    layout::Spec spec;
    spec.frame = frame(ctx, std::string(tr("form.issuer", lang)));
    spec.frame.footer_mid = code_line;
    const std::string title_key = "form.title." + std::string(form) + "." + d.kind;
    spec.blocks.push_back(layout::Title{std::string(tr(title_key, lang))});
    if (form == "registration") {
        const bool registered = !d.registration_number.empty();
        spec.blocks.push_back(layout::Paragraph{std::string(tr(registered ? "form.registered" : "form.not_registered", lang)),
                                                layout::Align::Left, false, false});
        add_sections(spec.blocks, k_registration_form, d, lang);
    } else {
        add_sections(spec.blocks, k_notification_form, d, lang);
    }
    spec.blocks.push_back(layout::Spacer{8});
    spec.blocks.push_back(layout::Qr{url, {std::string(tr("form.verify_hint", lang)), url, code_line}});

    auto out = layout::render(spec);
    if (!out) return std::unexpected(out.error());
    return Document{std::move(out->pdf), out->pages, code};
}

} // namespace

std::string_view document_name(DocumentKind kind) {
    switch (kind) {
    case DocumentKind::Notification: return "notification";
    case DocumentKind::Registration: return "registration";
    case DocumentKind::TestPage: return "test_page";
    case DocumentKind::Diagnostics: return "diagnostics";
    }
    return "notification";
}

std::optional<DocumentKind> parse_document(std::string_view name) {
    for (DocumentKind k : {DocumentKind::Notification, DocumentKind::Registration, DocumentKind::TestPage,
                           DocumentKind::Diagnostics})
        if (document_name(k) == name) return k;
    return std::nullopt;
}

bool is_citizen_document(DocumentKind kind) {
    return kind == DocumentKind::Notification || kind == DocumentKind::Registration;
}

std::string display_date(std::string_view iso) {
    if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return std::string(iso);
    std::string out;
    out += iso.substr(8, 2);
    out += '.';
    out += iso.substr(5, 2);
    out += '.';
    out += iso.substr(0, 4);
    return out;
}

std::string display_instant(std::string_view rfc3339) {
    if (rfc3339.size() < 16 || rfc3339[10] != 'T') return std::string(rfc3339);
    return display_date(rfc3339.substr(0, 10)) + " " + std::string(rfc3339.substr(11, 5));
}

Result<Document> render_notification(const NotificationDetail& n, const RenderContext& ctx) {
    return render_citizen(n, ctx, "notification");
}

Result<Document> render_registration(const NotificationDetail& n, const RenderContext& ctx) {
    return render_citizen(n, ctx, "registration");
}

Result<Document> render_test_page(const TestPageInfo& info, const RenderContext& ctx) {
    const Lang lang = ctx.lang;
    layout::Spec spec;
    spec.frame = frame(ctx, "emek-kiosk " + info.version);
    spec.frame.border = true;
    spec.blocks = {
        layout::Title{std::string(tr("testpage.title", lang))},
        layout::Field{std::string(tr("diag.field.kiosk_id", lang)), ctx.kiosk_id},
        layout::Field{std::string(tr("diag.field.printer", lang)), info.printer},
        layout::Field{std::string(tr("diag.field.version", lang)), info.version},
        layout::Heading{std::string(tr("testpage.alphabet", lang))},
        layout::Paragraph{"ABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ\nabcçdeəfgğhxıijkqlmnoöprsştuüvyz",
                          layout::Align::Left, false, false},
        layout::Paragraph{"АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ\nабвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                          layout::Align::Left, false, false},
        layout::Paragraph{"0123456789 № § % (…) «»„“ — – · AZN", layout::Align::Left, true, false},
        layout::Heading{std::string(tr("testpage.grey", lang))},
        layout::GreyScale{{0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0}},
        layout::Spacer{10},
        layout::Paragraph{std::string(tr("testpage.check", lang)), layout::Align::Center, true, false},
    };
    auto out = layout::render(spec);
    if (!out) return std::unexpected(out.error());
    return Document{std::move(out->pdf), out->pages, {}};
}

Result<Document> render_diagnostics(const DiagnosticsReport& report, const RenderContext& ctx) {
    const Lang lang = ctx.lang;
    layout::Spec spec;
    spec.frame = frame(ctx, std::string(tr("diag.title", lang)));
    spec.blocks.push_back(layout::Title{std::string(tr("diag.title", lang))});
    for (const auto& section : report.sections) {
        spec.blocks.push_back(layout::Heading{std::string(tr(section.title_key, lang))});
        for (const auto& item : section.items)
            spec.blocks.push_back(layout::Field{std::string(tr(item.label_key, lang)), item.value.empty() ? "—" : item.value});
    }
    auto out = layout::render(spec);
    if (!out) return std::unexpected(out.error());
    return Document{std::move(out->pdf), out->pages, {}};
}

} // namespace printer
