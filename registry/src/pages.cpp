// Public pages: the share link's download (GET /d/{token}) and the verification page
// of the QR codes (GET /verify/{code}, HTML in az / ru / en).
#include "api_common.hpp"
#include "edoc.hpp"
#include "kiosk/i18n.hpp"
#include "notifications.hpp"
#include "printer/documents.hpp"

namespace registry {

using api::json;

namespace {

std::string html_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

// The first letter (a whole UTF-8 sequence) and a dot: "Məmmədov" -> "M."
std::string initial(std::string_view name) {
    if (name.empty()) return {};
    std::size_t n = 1;
    const auto c = static_cast<unsigned char>(name[0]);
    if ((c & 0xe0) == 0xc0)
        n = 2;
    else if ((c & 0xf0) == 0xe0)
        n = 3;
    else if ((c & 0xf8) == 0xf0)
        n = 4;
    return std::string(name.substr(0, std::min(n, name.size()))) + ".";
}

kiosk::Lang page_lang(const ApiRequest& r) {
    if (auto it = r.query.find("lang"); it != r.query.end())
        if (auto l = kiosk::parse_lang(it->second)) return *l;
    for (kiosk::Lang l : {kiosk::Lang::Az, kiosk::Lang::Ru, kiosk::Lang::En})
        if (r.accept_language.rfind(std::string(kiosk::lang_code(l)), 0) == 0) return l;
    return kiosk::k_default_lang;
}

std::string page(kiosk::Lang lang, const std::string& code, const std::string& content) {
    auto t = [&](std::string_view key) { return html_escape(kiosk::tr(key, lang)); };
    std::string links;
    for (kiosk::Lang l : {kiosk::Lang::Az, kiosk::Lang::Ru, kiosk::Lang::En}) {
        links += "<a href=\"?lang=" + std::string(kiosk::lang_code(l)) + "\">" +
                 html_escape(kiosk::tr("verify.language", l)) + "</a> ";
    }
    return "<!DOCTYPE html>\n<html lang=\"" + std::string(kiosk::lang_code(lang)) +
           "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
           "initial-scale=1\"><title>" +
           t("verify.title") +
           "</title><style>body{font-family:sans-serif;max-width:40em;margin:1em auto;padding:0 1em}"
           "th{text-align:left;padding-right:1em;vertical-align:top}.ok{color:#060}.bad{color:#a00}</style>"
           "</head><body><nav>" +
           links + "</nav><h1>" + t("verify.title") + "</h1><p>" + t("form.verification_code") + ": <b>" +
           html_escape(code) + "</b></p>" + content + "<p><small>" + t("form.issuer") +
           "</small></p></body></html>\n";
}

} // namespace

ApiResponse PublicPages::download(const ApiRequest& r) {
    const std::string hash = sha256_hex(r.params.at(0));
    return api::in_write(m_s, [&](WriteTx& tx) -> Result<ApiResponse> {
        Connection& c = tx.conn();
        auto s = c.stmt("SELECT notification_id, expires_at FROM share WHERE token_hash = ?");
        if (!s) return std::unexpected(s.error());
        (*s)->bind(1, hash);
        auto found = (*s)->step();
        if (!found) return std::unexpected(to_error(found.error()));
        if (!*found) {
            (*s)->reset();
            return api::not_found("link_not_found", "no such link");
        }
        const std::string id = (*s)->column_text(0);
        const std::int64_t expires = (*s)->column_int(1);
        (*s)->reset();
        if (now_s() >= expires) return error_response(410, "link_expired", "the link has expired");
        auto row = notifications::by_id(c, id);
        if (!row) return std::unexpected(row.error());
        if (!*row) return api::not_found("link_not_found", "the document is no longer in the registry");
        auto zip = edoc::container(c, **row, m_s.config.public_url);
        if (!zip) return std::unexpected(zip.error());
        auto count = c.stmt("UPDATE share SET downloads = downloads + 1 WHERE token_hash = ?");
        if (!count) return std::unexpected(count.error());
        (*count)->bind(1, hash);
        REGISTRY_TRY((*count)->run());
        ApiResponse out;
        out.content_type = std::string(edoc::k_mimetype);
        out.body = std::move(*zip);
        out.compressible = false;
        out.headers.emplace_back("Content-Disposition",
                                 "attachment; filename=\"" + edoc::file_name(**row, "edoc") + "\"");
        out.headers.emplace_back("Cache-Control", "no-store");
        return out;
    });
}

ApiResponse PublicPages::verify(const ApiRequest& r) {
    const kiosk::Lang lang = page_lang(r);
    auto t = [&](std::string_view key) { return html_escape(kiosk::tr(key, lang)); };
    const std::string shown =
        notifications::normalise_code(r.params.at(0))
            .transform([](const std::string& c) { return c.substr(0, 4) + "-" + c.substr(4); })
            .value_or(r.params.at(0).substr(0, 16));
    ApiResponse out = api::in_read(m_s, [&](Connection& c) -> Result<ApiResponse> {
        auto row = notifications::by_code(c, r.params.at(0));
        if (!row) return std::unexpected(row.error());
        ApiResponse html;
        html.content_type = "text/html; charset=utf-8";
        if (!*row || (*row)->status == "entered") {
            html.status = 404;
            html.body = page(lang, shown, "<p class=\"bad\">" + t("verify.not_found") + "</p>");
            return html;
        }
        auto d = edoc::detail(c, **row, lang);
        if (!d) return std::unexpected(d.error());
        std::string signature_line;
        const json& data = (*row)->data;
        auto doc = data.find("document");
        auto sig = data.find("signature");
        if (doc != data.end() && doc->is_object() && sig != data.end() && sig->is_string()) {
            auto der = base64_decode(sig->get_ref<const std::string&>());
            SignatureCheck check;
            if (der) check = verify_detached(*der, canonical_json(*doc), m_s.signers.ca_pem());
            signature_line = check.valid ? "<p class=\"ok\">" + t("verify.signature_valid") + "</p>"
                                         : "<p class=\"bad\">" + t("verify.signature_invalid") + "</p>";
        } else {
            signature_line = "<p>" + t("verify.signature_none") + "</p>";
        }
        std::string rows;
        auto add = [&](std::string_view label_key, const std::string& value) {
            if (!value.empty())
                rows += "<tr><th>" + t(label_key) + "</th><td>" + html_escape(value) + "</td></tr>";
        };
        add("form.field.number", d->number);
        add("form.field.kind", d->kind_label);
        add("form.field.date", printer::display_date(d->date));
        add("form.field.status", d->status_label);
        add("form.field.validity", d->validity_label);
        add("form.field.employer_name", d->employer_name);
        add("form.field.employer_voen", d->employer_voen);
        // The employee only by initials: the page is public.
        add("form.section.employee", initial(d->employee_surname) + " " + initial(d->employee_name));
        add("form.field.position", d->position);
        add("form.field.registration_number", d->registration_number);
        add("form.field.registered_at", printer::display_instant(d->registered_at));
        add("form.field.signer", d->signer_name);
        add("form.field.signed_at", printer::display_instant(d->signed_at));
        html.body =
            page(lang, shown,
                 "<p class=\"ok\">" + t("verify.found") + "</p><table>" + rows + "</table>" + signature_line);
        return html;
    });
    out.headers.emplace_back("Cache-Control", "no-store");
    return out;
}

} // namespace registry
