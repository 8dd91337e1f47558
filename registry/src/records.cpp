#include "records.hpp"

#include "printer/verification.hpp"
#include "registry/common.hpp"

#include <sqlite3.h>

namespace registry::records {
namespace {

using nlohmann::json;

bool is_string(const json& data, const char* key) {
    auto it = data.find(key);
    return it != data.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
}

const std::string& str(const json& data, const char* key) {
    return data.at(key).get_ref<const std::string&>();
}

Status need(bool ok, const char* field) {
    if (!ok) return fail("invalid_record", std::string("bad or missing ") + field);
    return {};
}

bool one_of(const std::string& value, std::initializer_list<std::string_view> allowed) {
    for (auto a : allowed)
        if (value == a) return true;
    return false;
}

} // namespace

bool known_entity(std::string_view e) {
    return e == "reference" || e == "employer" || e == "person" || e == "contract" || e == "notification";
}

std::string verify_code(std::string_view id, std::string_view number) {
    std::string code = printer::verification_code(id, number);
    std::erase(code, '-');
    return code;
}

Status check(std::string_view entity, const json& data) {
    if (!data.is_object()) return fail("invalid_record", "data is not an object");
    if (entity == "reference") {
        REGISTRY_TRY(need(is_string(data, "list"), "list"));
        REGISTRY_TRY(need(is_string(data, "code"), "code"));
        REGISTRY_TRY(need(data.contains("labels") && data["labels"].is_object(), "labels"));
    } else if (entity == "employer") {
        REGISTRY_TRY(need(is_string(data, "voen") && valid_voen(str(data, "voen")), "voen"));
        REGISTRY_TRY(need(is_string(data, "name"), "name"));
    } else if (entity == "person") {
        REGISTRY_TRY(need(is_string(data, "fin") && valid_fin(str(data, "fin")), "fin"));
    } else if (entity == "contract") {
        REGISTRY_TRY(need(is_string(data, "employer_voen") && valid_voen(str(data, "employer_voen")),
                          "employer_voen"));
        REGISTRY_TRY(
            need(is_string(data, "employee_fin") && valid_fin(str(data, "employee_fin")), "employee_fin"));
        REGISTRY_TRY(
            need(is_string(data, "status") && one_of(str(data, "status"), {"in_force", "ended"}), "status"));
    } else if (entity == "notification") {
        REGISTRY_TRY(need(is_string(data, "number") && str(data, "number").size() <= 40, "number"));
        REGISTRY_TRY(need(is_string(data, "kind") &&
                              one_of(str(data, "kind"), {"conclusion", "amendment", "termination"}),
                          "kind"));
        REGISTRY_TRY(need(is_string(data, "status") &&
                              one_of(str(data, "status"), {"entered", "signed", "registered", "cancelled"}),
                          "status"));
        REGISTRY_TRY(need(is_string(data, "date") && valid_date(str(data, "date")), "date"));
        REGISTRY_TRY(need(is_string(data, "employer_voen") && valid_voen(str(data, "employer_voen")),
                          "employer_voen"));
        REGISTRY_TRY(
            need(is_string(data, "employee_fin") && valid_fin(str(data, "employee_fin")), "employee_fin"));
        REGISTRY_TRY(need(is_string(data, "contract_id"), "contract_id"));
        auto signer = data.find("signer");
        if (signer != data.end() && !signer->is_null())
            REGISTRY_TRY(
                need(signer->is_object() && is_string(*signer, "fin") && valid_fin(str(*signer, "fin")),
                     "signer"));
    } else {
        return fail("invalid_record", "unknown entity");
    }
    return {};
}

Status index(Connection& c, std::string_view entity, std::string_view id, Op op, const json& data) {
    if (entity == "employer" && op == Op::Upsert) {
        auto s = c.stmt("INSERT OR IGNORE INTO employer(voen) VALUES (?)");
        if (!s) return std::unexpected(s.error());
        (*s)->bind(1, id);
        REGISTRY_TRY((*s)->run());
    } else if (entity == "notification" && op == Op::Delete) {
        auto s = c.stmt("DELETE FROM notification WHERE id = ?");
        if (!s) return std::unexpected(s.error());
        (*s)->bind(1, id);
        REGISTRY_TRY((*s)->run());
    } else if (entity == "notification") {
        const std::string& number = str(data, "number");
        const std::string code = verify_code(id, number);
        const std::string now = instant(now_s());
        auto s =
            c.stmt("INSERT INTO notification(id, number, employer_voen, kind, status, date, contract_id, "
                   "verify_code, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT(id) DO UPDATE SET number = excluded.number, employer_voen = "
                   "excluded.employer_voen, kind = excluded.kind, status = excluded.status, date = "
                   "excluded.date, contract_id = excluded.contract_id, verify_code = excluded.verify_code, "
                   "updated_at = excluded.updated_at, draft = NULL");
        if (!s) return std::unexpected(s.error());
        (*s)->bind(1, id);
        (*s)->bind(2, number);
        (*s)->bind(3, str(data, "employer_voen"));
        (*s)->bind(4, str(data, "kind"));
        (*s)->bind(5, str(data, "status"));
        (*s)->bind(6, str(data, "date"));
        (*s)->bind(7, str(data, "contract_id"));
        (*s)->bind(8, code);
        (*s)->bind(9, now);
        if (auto r = (*s)->run(); !r) {
            if ((sqlite3_extended_errcode(c.raw()) & 0xff) == SQLITE_CONSTRAINT)
                return fail("duplicate_number", "another notification has this number");
            return std::unexpected(to_error(r.error()));
        }
        // The generator's signer is the employer's head: remember it for seed 000.
        auto signer = data.find("signer");
        if (signer != data.end() && signer->is_object()) {
            auto h =
                c.stmt("INSERT INTO employer(voen, head_fin) VALUES (?, ?) "
                       "ON CONFLICT(voen) DO UPDATE SET head_fin = excluded.head_fin WHERE head_fin IS NULL");
            if (!h) return std::unexpected(h.error());
            (*h)->bind(1, str(data, "employer_voen"));
            (*h)->bind(2, str(*signer, "fin"));
            REGISTRY_TRY((*h)->run());
        }
    }
    return {};
}

Result<Published> put(Connection& c, std::string_view entity, std::string_view id, const json& data) {
    REGISTRY_TRY(check(entity, data));
    REGISTRY_TRY(index(c, entity, id, Op::Upsert, data));
    return publish(c, entity, id, Op::Upsert, data.dump());
}

} // namespace registry::records
