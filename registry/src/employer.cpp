#include "employer.hpp"

#include "records.hpp"
#include "registry/common.hpp"
#include "registry/feed.hpp"
#include "tables.hpp"

#include <charconv>
#include <cstdio>
#include <openssl/crypto.h>

namespace registry::employer {
namespace {

using nlohmann::json;

constexpr std::string_view k_change_fields[] = {"position", "workplace", "salary_azn", "working_time",
                                                "end_date"};

std::unexpected<Error> bad(std::string detail) {
    return fail("bad_request", std::move(detail));
}

// A text member: present, a string, well-formed, at most `max` bytes.
Result<std::string> need_text(const json& o, const char* key, std::size_t max = 200) {
    auto it = o.find(key);
    if (it == o.end() || !it->is_string() || !valid_text(it->get_ref<const std::string&>(), max))
        return bad(std::string(key) + " must be a non-empty text of at most " + std::to_string(max) +
                   " bytes");
    return it->get<std::string>();
}

Result<std::string> need_date(const json& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end() || !it->is_string() || !valid_date(it->get_ref<const std::string&>()))
        return bad(std::string(key) + " must be a date YYYY-MM-DD");
    return it->get<std::string>();
}

Result<json> need_object(const json& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end() || !it->is_object()) return bad(std::string(key) + " must be an object");
    return *it;
}

std::string salary_text(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (!v.is_number()) return {};
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", v.get<double>());
    return text;
}

json salary_number(const std::string& amount) {
    return json(std::stod(amount));
}

// The number after the last '-' of "B-2024-0001234".
std::uint64_t serial_of(std::string_view number) {
    const auto dash = number.rfind('-');
    std::uint64_t v = 0;
    if (dash == std::string_view::npos) return 0;
    auto text = number.substr(dash + 1);
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

std::string padded(std::uint64_t v, int width) {
    std::string s = std::to_string(v);
    if (static_cast<int>(s.size()) < width) s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
    return s;
}

// The next id "N0000000042" after the largest of its kind.
Result<std::string> next_notification_id(Connection& c) {
    auto max = query_text(
        c, "SELECT MAX(id) FROM notification WHERE id >= 'N0000000000' AND id <= 'N9999999999'", {});
    if (!max) return std::unexpected(max.error());
    std::uint64_t n = 0;
    if (*max) std::from_chars((*max)->data() + 1, (*max)->data() + (*max)->size(), n);
    return "N" + padded(n + 1, 10);
}

Result<std::string> next_contract_id(Connection& c) {
    auto max = query_text(c,
                          "SELECT MAX(id) FROM change WHERE entity = 'contract' AND id >= 'C0000000000' AND "
                          "id <= 'C9999999999'",
                          {});
    if (!max) return std::unexpected(max.error());
    std::uint64_t n = 0;
    if (*max) std::from_chars((*max)->data() + 1, (*max)->data() + (*max)->size(), n);
    return "C" + padded(n + 1, 10);
}

// "B-2024-0001234": the next serial of the year.
Result<std::string> next_number(Connection& c, std::string_view date) {
    const std::string prefix = "B-" + std::string(date.substr(0, 4)) + "-";
    auto max = query_text(c, "SELECT MAX(number) FROM notification WHERE number >= ? AND number < ?",
                          {prefix, prefix.substr(0, prefix.size() - 1) + "."});
    if (!max) return std::unexpected(max.error());
    return prefix + padded((*max ? serial_of(**max) : 0) + 1, 7);
}

Result<bool> is_head(Connection& c, const std::string& voen, const std::string& fin) {
    auto head = query_text(c, "SELECT head_fin FROM employer WHERE voen = ?", {voen});
    if (!head) return std::unexpected(head.error());
    return *head && **head == fin;
}

Result<json> employer_record(Connection& c, const std::string& voen) {
    auto e = notifications::record(c, "employer", voen);
    if (!e) return std::unexpected(e.error());
    if (!*e) return fail("employer_not_found", "no such employer");
    return std::move(**e);
}

Result<json> contract_in_force(Connection& c, const std::string& voen, const std::string& contract_id) {
    auto contract = notifications::record(c, "contract", contract_id);
    if (!contract) return std::unexpected(contract.error());
    if (!*contract || (**contract).value("employer_voen", std::string()) != voen)
        return fail("contract_not_found", "no contract with this id at this employer");
    if ((**contract).value("status", std::string()) != "in_force")
        return fail("contract_not_in_force", "the contract is no longer in force");
    return std::move(**contract);
}

// The amendment block with the contract's present values as "old".
Result<json> amendment_block(const json& input, const json& contract) {
    auto effective = need_date(input, "effective_date");
    if (!effective) return std::unexpected(effective.error());
    auto basis = need_text(input, "basis");
    if (!basis) return std::unexpected(basis.error());
    auto changes = input.find("changes");
    if (changes == input.end() || !changes->is_array() || changes->empty() || changes->size() > 5)
        return bad("amendment.changes must list 1 to 5 changes");
    json out_changes = json::array();
    std::vector<std::string> seen;
    for (const json& ch : *changes) {
        if (!ch.is_object()) return bad("each change must be an object");
        auto field = need_text(ch, "field", 32);
        if (!field || std::find(std::begin(k_change_fields), std::end(k_change_fields), *field) ==
                          std::end(k_change_fields))
            return bad("change field must be position, workplace, salary_azn, working_time or end_date");
        if (std::find(seen.begin(), seen.end(), *field) != seen.end())
            return bad("a field changes at most once");
        seen.push_back(*field);
        std::string old_value, new_value;
        if (*field == "salary_azn") {
            auto v = need_text(ch, "new", 16);
            if (!v || !valid_amount(*v)) return bad("a new salary_azn must be an amount like \"950.00\"");
            new_value = *v;
            old_value = salary_text(contract.value("salary_azn", json()));
        } else if (*field == "end_date") {
            if (contract.value("type", std::string()) != "fixed_term")
                return bad("end_date changes only on a fixed-term contract");
            auto v = need_date(ch, "new");
            if (!v) return std::unexpected(v.error());
            new_value = *v;
            old_value = contract.value("end_date", std::string());
        } else {
            auto v = need_text(ch, "new");
            if (!v) return std::unexpected(v.error());
            new_value = *v;
            old_value = contract.value(*field, std::string());
        }
        if (new_value == old_value) return bad("change of " + *field + " keeps the same value");
        out_changes.push_back({{"field", *field}, {"old", old_value}, {"new", new_value}});
    }
    return json{{"effective_date", *effective}, {"basis", *basis}, {"changes", out_changes}};
}

Result<json> termination_block(Connection& c, const json& input, const json& contract) {
    auto order_date = need_date(input, "order_date");
    if (!order_date) return std::unexpected(order_date.error());
    auto order_number = need_text(input, "order_number", 40);
    if (!order_number) return std::unexpected(order_number.error());
    auto termination_date = need_date(input, "termination_date");
    if (!termination_date) return std::unexpected(termination_date.error());
    if (*termination_date < contract.value("start_date", std::string()))
        return bad("termination_date is before the contract's start");
    auto reason = need_text(input, "reason", 16);
    if (!reason) return std::unexpected(reason.error());
    auto known = current_data(c, "reference", "termination_reason/" + *reason);
    if (!known) return std::unexpected(known.error());
    if (!*known) return bad("reason must be a code of the termination_reason list");
    return json{{"order_date", *order_date},
                {"order_number", *order_number},
                {"termination_date", *termination_date},
                {"reason", *reason}};
}

Result<json> employee_input(const json& input) {
    auto e = need_object(input, "employee");
    if (!e) return std::unexpected(e.error());
    auto fin = need_text(*e, "fin", 7);
    if (!fin || !valid_fin(*fin))
        return bad("employee.fin must be 7 characters: digits and capitals except I and O");
    json out = {{"fin", *fin}};
    for (const char* key : {"surname", "name"}) {
        auto v = need_text(*e, key, 100);
        if (!v) return bad(std::string("employee.") + key + " must be a non-empty text");
        out[key] = *v;
    }
    auto patronymic = e->find("patronymic");
    if (patronymic != e->end() &&
        !(patronymic->is_string() && (patronymic->get_ref<const std::string&>().empty() ||
                                      valid_text(patronymic->get_ref<const std::string&>(), 100))))
        return bad("employee.patronymic must be a text");
    out["patronymic"] = patronymic == e->end() ? "" : patronymic->get<std::string>();
    auto birth = need_date(*e, "birth_date");
    if (!birth) return bad("employee.birth_date must be a date YYYY-MM-DD");
    out["birth_date"] = *birth;
    return out;
}

Result<json> contract_input(const json& input) {
    auto k = need_object(input, "contract");
    if (!k) return std::unexpected(k.error());
    json out;
    for (const char* key : {"number", "position", "workplace", "work_address", "working_time"}) {
        auto v = need_text(*k, key, key == std::string_view("number") ? 40 : 200);
        if (!v) return bad(std::string("contract.") + key + " must be a non-empty text");
        out[key] = *v;
    }
    for (const char* key : {"date", "start_date"}) {
        auto v = need_date(*k, key);
        if (!v) return bad(std::string("contract.") + key + " must be a date YYYY-MM-DD");
        out[key] = *v;
    }
    auto type = need_text(*k, "type", 16);
    if (!type || (*type != "indefinite" && *type != "fixed_term"))
        return bad("contract.type must be indefinite or fixed_term");
    out["type"] = *type;
    if (*type == "fixed_term") {
        auto end = need_date(*k, "end_date");
        if (!end || *end <= out["start_date"].get<std::string>())
            return bad("a fixed-term contract needs an end_date after its start_date");
        out["end_date"] = *end;
    } else {
        auto end = k->find("end_date");
        if (end != k->end() && !end->is_null()) return bad("an indefinite contract has no end_date");
        out["end_date"] = nullptr;
    }
    auto salary = need_text(*k, "salary_azn", 16);
    if (!salary || !valid_amount(*salary))
        return bad("contract.salary_azn must be an amount like \"950.00\"");
    out["salary_azn"] = *salary;
    return out;
}

// The notification's data while entered, from the representative's input.
Result<json> draft_from_input(Connection& c, const std::string& voen, const std::string& kind,
                              const json& input, const std::string& number,
                              const std::string& fallback_date) {
    std::string date = fallback_date;
    if (input.contains("date")) {
        auto d = need_date(input, "date");
        if (!d) return std::unexpected(d.error());
        date = *d;
    }
    json data = {{"number", number},           {"kind", kind},         {"date", date},
                 {"employer_voen", voen},      {"status", "entered"},  {"validity", "valid"},
                 {"validity_reason", nullptr}, {"signer", nullptr},    {"signed_at", nullptr},
                 {"registration", nullptr},    {"amendment", nullptr}, {"termination", nullptr},
                 {"document", nullptr},        {"signature", nullptr}};
    if (kind == "conclusion") {
        auto employee = employee_input(input);
        if (!employee) return std::unexpected(employee.error());
        auto contract = contract_input(input);
        if (!contract) return std::unexpected(contract.error());
        data["contract_id"] = nullptr;
        data["employee_fin"] = (*employee)["fin"];
        data["position"] = (*contract)["position"];
        data["workplace"] = (*contract)["workplace"];
        data["_draft"] = {{"employee", *employee}, {"contract", *contract}};
        return data;
    }
    auto contract_id = need_text(input, "contract_id", 40);
    if (!contract_id) return std::unexpected(contract_id.error());
    auto contract = contract_in_force(c, voen, *contract_id);
    if (!contract) return std::unexpected(contract.error());
    data["contract_id"] = *contract_id;
    data["employee_fin"] = (*contract)["employee_fin"];
    data["position"] = (*contract).value("position", std::string());
    data["workplace"] = (*contract).value("workplace", std::string());
    if (kind == "amendment") {
        auto block_input = need_object(input, "amendment");
        if (!block_input) return std::unexpected(block_input.error());
        auto block = amendment_block(*block_input, *contract);
        if (!block) return std::unexpected(block.error());
        for (const json& ch : (*block)["changes"])
            if (ch["field"] == "position" || ch["field"] == "workplace")
                data[ch["field"].get<std::string>()] = ch["new"];
        data["amendment"] = std::move(*block);
    } else {
        auto block_input = need_object(input, "termination");
        if (!block_input) return std::unexpected(block_input.error());
        auto block = termination_block(c, *block_input, *contract);
        if (!block) return std::unexpected(block.error());
        data["termination"] = std::move(*block);
    }
    return data;
}

Status write_draft(Connection& w, const std::string& id, const json& data, const std::string& by,
                   bool is_new) {
    const std::string now = instant(now_s()), text = data.dump();
    const std::string number = data["number"], voen = data["employer_voen"], kind = data["kind"],
                      date = data["date"];
    const std::string contract =
        data["contract_id"].is_string() ? data["contract_id"].get<std::string>() : "";
    if (is_new) {
        auto s =
            w.stmt("INSERT INTO notification(id, number, employer_voen, kind, status, date, contract_id, "
                   "verify_code, draft, entered_by, entered_at, updated_at) "
                   "VALUES (?, ?, ?, ?, 'entered', ?, NULLIF(?, ''), ?, ?, ?, ?, ?)");
        if (!s) return std::unexpected(s.error());
        const std::string code = records::verify_code(id, number);
        (*s)->bind(1, id);
        (*s)->bind(2, number);
        (*s)->bind(3, voen);
        (*s)->bind(4, kind);
        (*s)->bind(5, date);
        (*s)->bind(6, contract);
        (*s)->bind(7, code);
        (*s)->bind(8, text);
        (*s)->bind(9, by);
        (*s)->bind(10, now);
        (*s)->bind(11, now);
        REGISTRY_TRY((*s)->run());
        return {};
    }
    auto s = w.stmt("UPDATE notification SET date = ?, contract_id = NULLIF(?, ''), draft = ?, updated_at = "
                    "? WHERE id = ?");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, date);
    (*s)->bind(2, contract);
    (*s)->bind(3, text);
    (*s)->bind(4, now);
    (*s)->bind(5, id);
    REGISTRY_TRY((*s)->run());
    // A signing request for the old content would sign what the signer no longer sees.
    auto pending = w.stmt(
        "UPDATE mobile_id_session SET state = 'expired' WHERE notification_id = ? AND state = 'pending'");
    if (!pending) return std::unexpected(pending.error());
    (*pending)->bind(1, id);
    REGISTRY_TRY((*pending)->run());
    return {};
}

Result<notifications::Row> reread(Connection& c, const std::string& id) {
    auto row = notifications::by_id(c, id);
    if (!row) return std::unexpected(row.error());
    if (!*row) return fail("notification_not_found", "no such notification");
    return std::move(**row);
}

json authorisation_json(Stmt& s, const std::string& today) {
    const std::string from = s.column_text(5);
    const std::optional<std::string> to = s.column_opt_text(6), revoked = s.column_opt_text(9);
    const bool active = !revoked && from <= today && (!to || today <= *to);
    return {{"fin", s.column_text(1)},
            {"name", s.column_text(2)},
            {"position", s.column_text(3)},
            {"term", s.column_text(4)},
            {"from", from},
            {"to", to ? json(*to) : json(nullptr)},
            {"granted_by", s.column_text(7)},
            {"granted_at", s.column_text(8)},
            {"revoked_at", revoked ? json(*revoked) : json(nullptr)},
            {"active", active}};
}

constexpr std::string_view k_authorisation_columns =
    "id, fin, name, position, term, valid_from, valid_to, granted_by, granted_at, revoked_at";

} // namespace

// --- tokens and roles --------------------------------------------------------

Result<std::string> issue_token(Connection& w, const mobile_id::Session& s, int ttl_s) {
    const std::string token = random_token(32);
    auto q = w.stmt("INSERT INTO auth_token(hash, fin, phone, user_id, created_at, expires_at) VALUES (?, ?, "
                    "?, ?, ?, ?)");
    if (!q) return std::unexpected(q.error());
    const std::string hash = sha256_hex(token);
    const std::int64_t now = now_s();
    (*q)->bind(1, hash);
    (*q)->bind(2, s.fin);
    (*q)->bind(3, s.phone);
    (*q)->bind(4, s.user_id);
    (*q)->bind(5, now);
    (*q)->bind(6, now + ttl_s);
    REGISTRY_TRY((*q)->run());
    auto purge = w.stmt("DELETE FROM auth_token WHERE expires_at < ?");
    if (!purge) return std::unexpected(purge.error());
    (*purge)->bind(1, now);
    REGISTRY_TRY((*purge)->run());
    return token;
}

Result<Actor> actor(Connection& c, const std::optional<std::string>& bearer) {
    if (!bearer || bearer->empty())
        return fail("unauthenticated", "log in with Asan İmza: Authorization: Bearer TOKEN");
    auto s = c.stmt("SELECT fin, phone, user_id, COALESCE(role_voen, '') FROM auth_token WHERE hash = ? AND "
                    "expires_at > ?");
    if (!s) return std::unexpected(s.error());
    const std::string hash = sha256_hex(*bearer);
    (*s)->bind(1, hash);
    (*s)->bind(2, now_s());
    auto row = (*s)->step();
    if (!row) return std::unexpected(to_error(row.error()));
    if (!*row) {
        (*s)->reset();
        return fail("unauthenticated", "the token is unknown or expired: log in again");
    }
    Actor a{(*s)->column_text(0), {}, (*s)->column_text(1), (*s)->column_text(2), (*s)->column_text(3)};
    (*s)->reset();
    auto account = mobile_id::find_account(c, a.phone, a.user_id);
    if (!account) return std::unexpected(account.error());
    a.name = account->full_name();
    return a;
}

Result<json> roles(Connection& c, const std::string& fin) {
    auto s = c.stmt(
        "SELECT voen, 'head' FROM employer WHERE head_fin = ?1 UNION "
        "SELECT DISTINCT employer_voen, 'representative' FROM authorisation WHERE fin = ?1 AND revoked_at "
        "IS NULL AND employer_voen NOT IN (SELECT voen FROM employer WHERE head_fin = ?1) ORDER BY 1");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, fin);
    std::vector<std::pair<std::string, std::string>> found;
    for (;;) {
        auto row = (*s)->step();
        if (!row) return std::unexpected(to_error(row.error()));
        if (!*row) break;
        found.emplace_back((*s)->column_text(0), (*s)->column_text(1));
    }
    (*s)->reset();
    json out = json::array();
    for (auto& [voen, as] : found) {
        auto e = notifications::record(c, "employer", voen);
        if (!e) return std::unexpected(e.error());
        out.push_back(
            {{"voen", voen}, {"name", *e ? (**e).value("name", std::string()) : std::string()}, {"as", as}});
    }
    return out;
}

Status choose_role(Connection& w, const std::string& token, const Actor& a, const std::string& voen) {
    auto all = roles(w, a.fin);
    if (!all) return std::unexpected(all.error());
    bool found = false;
    for (const json& r : *all)
        found = found || r["voen"] == voen;
    if (!found) return fail("no_such_role", "you are neither the head nor a representative of this employer");
    auto s = w.stmt("UPDATE auth_token SET role_voen = ? WHERE hash = ?");
    if (!s) return std::unexpected(s.error());
    const std::string hash = sha256_hex(token);
    (*s)->bind(1, voen);
    (*s)->bind(2, hash);
    REGISTRY_TRY((*s)->run());
    return {};
}

Status require_head(Connection& c, const Actor& a, const std::string& voen) {
    if (a.role != voen)
        return fail("role_not_selected", "choose this employer's role first (PUT /api/v1/me/role)");
    auto head = is_head(c, voen, a.fin);
    if (!head) return std::unexpected(head.error());
    if (!*head)
        return fail("not_head", "only the head of the employer grants and revokes powers of attorney");
    return {};
}

Status require_authorised(Connection& c, const Actor& a, const std::string& voen) {
    if (a.role != voen)
        return fail("role_not_selected", "choose this employer's role first (PUT /api/v1/me/role)");
    auto s = c.stmt(
        "SELECT valid_from, valid_to FROM authorisation WHERE employer_voen = ? AND fin = ? AND revoked_at "
        "IS NULL ORDER BY id DESC LIMIT 1");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, voen);
    (*s)->bind(2, a.fin);
    auto row = (*s)->step();
    if (!row) return std::unexpected(to_error(row.error()));
    if (!*row) {
        (*s)->reset();
        return fail("not_authorised", "you hold no power of attorney of this employer for notifications");
    }
    const std::string from = (*s)->column_text(0);
    const std::optional<std::string> to = (*s)->column_opt_text(1);
    (*s)->reset();
    const std::string today = baku_date(now_s());
    if (today < from) return fail("authorisation_expired", "your power of attorney is not yet in force");
    if (to && today > *to) return fail("authorisation_expired", "your power of attorney has expired");
    return {};
}

// --- powers of attorney ------------------------------------------------------

Result<json> authorisations(Connection& c, const std::string& voen) {
    auto s = c.stmt("SELECT " + std::string(k_authorisation_columns) +
                    " FROM authorisation WHERE employer_voen = ? ORDER BY id");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, voen);
    const std::string today = baku_date(now_s());
    json out = json::array();
    for (;;) {
        auto row = (*s)->step();
        if (!row) return std::unexpected(to_error(row.error()));
        if (!*row) break;
        out.push_back(authorisation_json(**s, today));
    }
    (*s)->reset();
    return out;
}

Result<json> authorise(Connection& w, const Actor& head, const std::string& voen, const json& input) {
    auto fin = need_text(input, "fin", 7);
    if (!fin || !valid_fin(*fin)) return bad("fin must be 7 characters: digits and capitals except I and O");
    auto name = need_text(input, "name", 200);
    if (!name) return std::unexpected(name.error());
    auto position = need_text(input, "position", 200);
    if (!position) return std::unexpected(position.error());
    auto term = need_text(input, "term", 16);
    if (!term || (*term != "indefinite" && *term != "fixed")) return bad("term must be indefinite or fixed");
    const std::string today = baku_date(now_s());
    std::string from = today;
    if (input.contains("from")) {
        auto f = need_date(input, "from");
        if (!f) return std::unexpected(f.error());
        from = *f;
    }
    std::optional<std::string> to;
    if (*term == "fixed") {
        auto t = need_date(input, "to");
        if (!t) return bad("a fixed-term power of attorney needs to (YYYY-MM-DD)");
        if (*t < from) return bad("to is before from");
        to = *t;
    } else if (input.contains("to") && !input["to"].is_null()) {
        return bad("an indefinite power of attorney has no end date");
    }
    const std::string now = instant(now_s());
    // A new power of attorney replaces the representative's current one.
    auto replace =
        w.stmt("UPDATE authorisation SET revoked_at = ?, revoked_by = ? WHERE employer_voen = ? AND fin = ? "
               "AND revoked_at IS NULL");
    if (!replace) return std::unexpected(replace.error());
    (*replace)->bind(1, now);
    (*replace)->bind(2, head.fin);
    (*replace)->bind(3, voen);
    (*replace)->bind(4, *fin);
    REGISTRY_TRY((*replace)->run());
    auto s =
        w.stmt("INSERT INTO authorisation(employer_voen, fin, name, position, term, valid_from, valid_to, "
               "granted_by, granted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, voen);
    (*s)->bind(2, *fin);
    (*s)->bind(3, *name);
    (*s)->bind(4, *position);
    (*s)->bind(5, *term);
    (*s)->bind(6, from);
    (*s)->bind_opt(7, to ? std::optional<std::string_view>(*to) : std::nullopt);
    (*s)->bind(8, head.fin);
    (*s)->bind(9, now);
    REGISTRY_TRY((*s)->run());
    const bool active = from <= today && (!to || today <= *to);
    return json{{"fin", *fin},
                {"name", *name},
                {"position", *position},
                {"term", *term},
                {"from", from},
                {"to", to ? json(*to) : json(nullptr)},
                {"granted_by", head.fin},
                {"granted_at", now},
                {"revoked_at", nullptr},
                {"active", active}};
}

Result<json> revoke(Connection& w, const Actor& head, const std::string& voen, const std::string& fin) {
    auto s = w.stmt("SELECT " + std::string(k_authorisation_columns) +
                    " FROM authorisation WHERE employer_voen = ? AND fin = ? AND revoked_at IS NULL ORDER BY "
                    "id DESC LIMIT 1");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, voen);
    (*s)->bind(2, fin);
    auto row = (*s)->step();
    if (!row) return std::unexpected(to_error(row.error()));
    if (!*row) {
        (*s)->reset();
        return fail("authorisation_not_found", "this person holds no power of attorney of the employer");
    }
    const std::int64_t id = (*s)->column_int(0);
    (*s)->reset();
    const std::string now = instant(now_s());
    auto u = w.stmt("UPDATE authorisation SET revoked_at = ?, revoked_by = ? WHERE id = ?");
    if (!u) return std::unexpected(u.error());
    (*u)->bind(1, now);
    (*u)->bind(2, head.fin);
    (*u)->bind(3, id);
    REGISTRY_TRY((*u)->run());
    auto again =
        w.stmt("SELECT " + std::string(k_authorisation_columns) + " FROM authorisation WHERE id = ?");
    if (!again) return std::unexpected(again.error());
    (*again)->bind(1, id);
    auto r2 = (*again)->step();
    if (!r2 || !*r2) return fail("store_error", "authorisation vanished");
    json out = authorisation_json(**again, baku_date(now_s()));
    (*again)->reset();
    return out;
}

// --- notifications -----------------------------------------------------------

Result<notifications::Row> enter(Connection& w, const Actor& a, const std::string& voen, const json& input) {
    auto kind = need_text(input, "kind", 16);
    if (!kind || (*kind != "conclusion" && *kind != "amendment" && *kind != "termination"))
        return bad("kind must be conclusion, amendment or termination");
    auto employer = employer_record(w, voen);
    if (!employer) return std::unexpected(employer.error());
    const std::string today = baku_date(now_s());
    std::string date = today;
    if (input.contains("date")) {
        auto d = need_date(input, "date");
        if (!d) return std::unexpected(d.error());
        date = *d;
    }
    auto number = next_number(w, date);
    if (!number) return std::unexpected(number.error());
    auto data = draft_from_input(w, voen, *kind, input, *number, today);
    if (!data) return std::unexpected(data.error());
    auto id = next_notification_id(w);
    if (!id) return std::unexpected(id.error());
    REGISTRY_TRY(write_draft(w, *id, *data, a.fin, true));
    return reread(w, *id);
}

Result<notifications::Row> edit(Connection& w, const Actor& a, const notifications::Row& row,
                                const json& input) {
    (void)a;
    if (!row.draft || row.status != "entered")
        return fail("already_signed", "a signed notification cannot be edited");
    if (input.contains("kind") && input["kind"] != row.kind)
        return bad("the kind of a notification cannot change");
    // The number stays; a new date keeps the number's year.
    auto data = draft_from_input(w, row.employer_voen, row.kind, input, row.number, row.date);
    if (!data) return std::unexpected(data.error());
    REGISTRY_TRY(write_draft(w, row.id, *data, row.entered_by, false));
    return reread(w, row.id);
}

Status check_signable(Connection& c, const notifications::Row& row) {
    if (!row.draft || row.status != "entered")
        return fail("already_signed", "the notification is already signed");
    if (row.kind != "conclusion") {
        auto contract = contract_in_force(c, row.employer_voen, row.contract_id);
        if (!contract) return std::unexpected(contract.error());
    }
    return {};
}

Result<notifications::Row> sign(Connection& w, SignerDirectory& signers, const Actor& signer,
                                const std::string& id) {
    auto row = reread(w, id);
    if (!row) return std::unexpected(row.error());
    REGISTRY_TRY(check_signable(w, *row));
    Actor as_role = signer;
    as_role.role = row->employer_voen;
    REGISTRY_TRY(require_authorised(w, as_role, row->employer_voen));
    auto employer = employer_record(w, row->employer_voen);
    if (!employer) return std::unexpected(employer.error());

    json data = row->data;
    const std::int64_t now = now_s();
    const std::string signed_at = instant(now);
    json person, contract;
    std::string contract_id;
    if (row->kind == "conclusion") {
        const json& draft = data["_draft"];
        person = draft["employee"];
        auto cid = next_contract_id(w);
        if (!cid) return std::unexpected(cid.error());
        contract_id = *cid;
        const json& k = draft["contract"];
        contract = {{"employer_voen", row->employer_voen},
                    {"employee_fin", person["fin"]},
                    {"number", k["number"]},
                    {"date", k["date"]},
                    {"start_date", k["start_date"]},
                    {"type", k["type"]},
                    {"end_date", k["end_date"]},
                    {"position", k["position"]},
                    {"workplace", k["workplace"]},
                    {"work_address", k["work_address"]},
                    {"salary_azn", salary_number(k["salary_azn"].get<std::string>())},
                    {"working_time", k["working_time"]},
                    {"status", "in_force"}};
        data["contract_id"] = contract_id;
    } else {
        contract_id = row->contract_id;
        auto current = contract_in_force(w, row->employer_voen, contract_id);
        if (!current) return std::unexpected(current.error());
        contract = std::move(*current);
        auto p = notifications::record(w, "person", contract.value("employee_fin", std::string()));
        if (!p) return std::unexpected(p.error());
        person =
            *p ? **p
               : json{{"fin", contract["employee_fin"]}, {"surname", ""}, {"name", ""}, {"patronymic", ""}};
        if (row->kind == "amendment") {
            // "old" is what the contract says now, which another amendment may have changed.
            json& changes = data["amendment"]["changes"];
            for (json& ch : changes) {
                const std::string field = ch["field"];
                ch["old"] = field == "salary_azn" ? json(salary_text(contract["salary_azn"]))
                                                  : json(contract.value(field, std::string()));
                contract[field] =
                    field == "salary_azn" ? salary_number(ch["new"].get<std::string>()) : ch["new"];
            }
            data["position"] = contract["position"];
            data["workplace"] = contract["workplace"];
        } else {
            contract["status"] = "ended";
        }
    }
    data.erase("_draft");
    const std::string year = row->number.substr(2, 4);
    data["status"] = "signed";
    data["signer"] = {{"fin", signer.fin}, {"name", signer.name}};
    data["signed_at"] = signed_at;
    data["registration"] = {{"number", "QM-" + year + "-" + padded(serial_of(row->number), 7)},
                            {"registered_at", signed_at}};

    // The canonical content, in the generator's shape (registry generate).
    json document = {{"number", row->number},
                     {"kind", row->kind},
                     {"date", data["date"]},
                     {"employer",
                      {{"voen", row->employer_voen},
                       {"sun", (*employer).value("sun", std::string())},
                       {"name", (*employer).value("name", std::string())}}},
                     {"employee",
                      {{"fin", person.value("fin", std::string())},
                       {"surname", person.value("surname", std::string())},
                       {"name", person.value("name", std::string())},
                       {"patronymic", person.value("patronymic", std::string())}}},
                     {"contract", {{"number", contract["number"]}, {"date", contract["date"]}}},
                     {"position", data["position"]},
                     {"workplace", data["workplace"]}};
    if (row->kind == "amendment") document["amendment"] = data["amendment"];
    if (row->kind == "termination") document["termination"] = data["termination"];
    auto cms = signers.get(&w, signer.fin, signer.name);
    if (!cms) return std::unexpected(cms.error());
    auto der = (*cms)->sign(canonical_json(document));
    if (!der) return std::unexpected(der.error());
    REGISTRY_TRY(signers.save_new(w));
    data["document"] = std::move(document);
    data["signature"] = base64_encode(*der);

    if (row->kind == "conclusion") {
        auto p = records::put(w, "person", person["fin"].get<std::string>(), person);
        if (!p) return std::unexpected(p.error());
    }
    auto k = records::put(w, "contract", contract_id, contract);
    if (!k) return std::unexpected(k.error());
    auto n = records::put(w, "notification", row->id, data);
    if (!n) return std::unexpected(n.error());
    return reread(w, row->id);
}

Result<json> register_list(Connection& c, const std::string& voen, const ApiRequest& r) {
    std::string status, kind;
    if (auto it = r.query.find("status"); it != r.query.end()) status = it->second;
    if (auto it = r.query.find("kind"); it != r.query.end()) kind = it->second;
    if (!status.empty() && status != "entered" && status != "signed" && status != "registered" &&
        status != "cancelled")
        return bad("status must be entered, signed, registered or cancelled");
    if (!kind.empty() && kind != "conclusion" && kind != "amendment" && kind != "termination")
        return bad("kind must be conclusion, amendment or termination");
    std::int64_t limit = 100, offset = 0;
    for (auto [name, target, hi] :
         {std::tuple{"limit", &limit, std::int64_t{1000}}, std::tuple{"offset", &offset, INT64_MAX}}) {
        auto it = r.query.find(name);
        if (it == r.query.end()) continue;
        std::int64_t v = -1;
        auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
        if (ec != std::errc() || end != it->second.data() + it->second.size() ||
            v < (target == &limit ? 1 : 0) || v > hi)
            return bad(std::string(name) + " is out of range");
        *target = v;
    }
    auto s = c.stmt("SELECT id FROM notification WHERE employer_voen = ?1 AND (?2 = '' OR status = ?2) AND "
                    "(?3 = '' OR kind = ?3) ORDER BY date DESC, number DESC LIMIT ?4 OFFSET ?5");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, voen);
    (*s)->bind(2, status);
    (*s)->bind(3, kind);
    (*s)->bind(4, limit);
    (*s)->bind(5, offset);
    std::vector<std::string> ids;
    for (;;) {
        auto row = (*s)->step();
        if (!row) return std::unexpected(to_error(row.error()));
        if (!*row) break;
        ids.push_back((*s)->column_text(0));
    }
    (*s)->reset();
    json list = json::array();
    for (const std::string& id : ids) {
        auto row = reread(c, id);
        if (!row) return std::unexpected(row.error());
        const json& d = row->data;
        std::string employee;
        if (d.contains("_draft")) {
            const json& e = d["_draft"]["employee"];
            employee = e.value("surname", std::string()) + " " + e.value("name", std::string());
        } else if (auto p = notifications::record(c, "person", d.value("employee_fin", std::string()));
                   p && *p) {
            employee = (**p).value("surname", std::string()) + " " + (**p).value("name", std::string());
        }
        list.push_back({{"id", row->id},
                        {"number", row->number},
                        {"kind", row->kind},
                        {"date", row->date},
                        {"status", row->status},
                        {"employee_fin", d.value("employee_fin", std::string())},
                        {"employee_name", employee},
                        {"position", d.value("position", std::string())},
                        {"signer", d.value("signer", json())},
                        {"signed_at", d.value("signed_at", json())},
                        {"registration", d.value("registration", json())}});
    }
    return json{{"notifications", list}};
}

json view(const notifications::Row& row) {
    json out = row.data;
    if (out.contains("_draft")) {
        out["employee"] = out["_draft"]["employee"];
        out["contract"] = out["_draft"]["contract"];
        out.erase("_draft");
    }
    out["id"] = row.id;
    out["entered_by"] = row.entered_by.empty() ? json(nullptr) : json(row.entered_by);
    out["entered_at"] = row.entered_at.empty() ? json(nullptr) : json(row.entered_at);
    out["updated_at"] = row.updated_at.empty() ? json(nullptr) : json(row.updated_at);
    out["verification_code"] = row.verify_code.substr(0, 4) + "-" + row.verify_code.substr(4);
    return out;
}

Status seed_references(Connection& w) {
    auto any = query_text(w, "SELECT id FROM change WHERE entity = 'reference' LIMIT 1", {});
    if (!any) return std::unexpected(any.error());
    if (*any) return {};
    for (const detail::ReferenceEntry& r : detail::reference_entries()) {
        json data = {
            {"list", r.list}, {"code", r.code}, {"labels", {{"az", r.az}, {"ru", r.ru}, {"en", r.en}}}};
        auto p = records::put(w, "reference", std::string(r.list) + "/" + std::string(r.code), data);
        if (!p) return std::unexpected(p.error());
    }
    return {};
}

Status add_employer(Connection& w, const json& employer, const std::string& head_fin) {
    const std::string voen = employer.value("voen", std::string());
    if (!valid_voen(voen)) return bad("VÖEN must be 10 digits");
    if (!valid_voen(employer.value("sun", std::string()))) return bad("SUN must be 10 digits");
    if (!valid_text(employer.value("name", std::string()), 300))
        return bad("the name must be a non-empty text");
    if (!valid_text(employer.value("legal_address", std::string()), 300))
        return bad("the legal address must be a non-empty text");
    if (!valid_fin(head_fin))
        return bad("the head's FIN must be 7 characters: digits and capitals except I and O");
    auto p = records::put(w, "employer", voen, employer);
    if (!p) return std::unexpected(p.error());
    auto s = w.stmt(
        "INSERT INTO employer(voen, head_fin) VALUES (?, ?) ON CONFLICT(voen) DO UPDATE SET head_fin = "
        "excluded.head_fin");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, voen);
    (*s)->bind(2, head_fin);
    REGISTRY_TRY((*s)->run());
    return {};
}

} // namespace registry::employer
