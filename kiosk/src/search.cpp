#include "kiosk/search.hpp"

#include "kiosk/sqlite.hpp"
#include "kiosk/validate.hpp"

#include <sqlite3.h>

namespace kiosk {
namespace {

// One statement serves every filter combination: unset filters are bound NULL.
// ?1 fin, ?2 tab (0 contracts, 1 termination), ?3 SUN, ?4 from, ?5 to,
// ?6 contract status, ?7 kind, ?8 reason, ?9 language, ?10 limit, ?11 offset.
#define KIOSK_SEARCH_FROM_WHERE                                                                             \
    " FROM notification n"                                                                                  \
    " LEFT JOIN employer e ON e.voen = n.employer_voen"                                                     \
    " LEFT JOIN contract c ON c.id = n.contract_id"                                                         \
    " WHERE n.employee_fin = ?1 AND n.status <> 'entered'"                                                  \
    "   AND (CASE ?2 WHEN 0 THEN n.kind IN ('conclusion', 'amendment') ELSE n.kind = 'termination' END)"    \
    "   AND (?3 IS NULL OR e.sun = ?3)"                                                                     \
    "   AND (?4 IS NULL OR (CASE ?2 WHEN 0 THEN n.date ELSE n.order_date END) >= ?4)"                       \
    "   AND (?5 IS NULL OR (CASE ?2 WHEN 0 THEN n.date ELSE n.order_date END) <= ?5)"                       \
    "   AND (?6 IS NULL OR c.status = ?6)"                                                                  \
    "   AND (?7 IS NULL OR n.kind = ?7)"                                                                    \
    "   AND (?8 IS NULL OR n.reason = ?8)"

#define KIOSK_LABEL(list, column)                                                                           \
    "(SELECT CASE ?9 WHEN 'ru' THEN label_ru WHEN 'en' THEN label_en ELSE label_az END"                     \
    " FROM reference WHERE list = '" list "' AND code = " column ")"

// The validity shown: the registry's, unless the kiosk found this version's signature invalid.
#define KIOSK_VALIDITY                                                                                      \
    "(CASE WHEN EXISTS (SELECT 1 FROM signature_check sc WHERE sc.id = n.id AND sc.seq = n.seq"             \
    " AND sc.result = 'invalid') THEN 'invalid' ELSE n.validity END)"

constexpr std::string_view k_search_sql =
    "SELECT n.id, e.sun, e.name, n.number, n.date, n.kind, n.status, n.workplace, n.position, " KIOSK_VALIDITY ","
    " c.status, n.order_date, n.order_number, n.reason, " KIOSK_LABEL("notification_kind", "n.kind") ", " KIOSK_LABEL(
        "notification_status", "n.status") ", " KIOSK_LABEL("validity", KIOSK_VALIDITY) ", " KIOSK_LABEL("termination_reason",
                                                                                                         "n.reason")
        KIOSK_SEARCH_FROM_WHERE " ORDER BY n.date DESC, n.number DESC LIMIT ?10 OFFSET ?11";

constexpr std::string_view k_count_sql = "SELECT count(*)" KIOSK_SEARCH_FROM_WHERE;

constexpr std::string_view k_employment_sql =
    "SELECT e.sun, e.name, c.position, c.workplace, c.start_date FROM contract c"
    " LEFT JOIN employer e ON e.voen = c.employer_voen"
    " WHERE c.employee_fin = ?1 AND c.status = 'in_force' ORDER BY c.start_date DESC, c.id DESC";

constexpr std::string_view k_employers_sql =
    "SELECT DISTINCT e.sun, e.name FROM notification n JOIN employer e ON e.voen = n.employer_voen"
    " WHERE n.employee_fin = ?1 AND n.status <> 'entered' ORDER BY e.name, e.sun";

constexpr std::string_view k_reference_sql =
    "SELECT code, CASE ?2 WHEN 'ru' THEN label_ru WHEN 'en' THEN label_en ELSE label_az END"
    " FROM reference WHERE list = ?1 ORDER BY code";

std::string_view contract_status_code(ContractStatusFilter f) {
    switch (f) {
    case ContractStatusFilter::All: return "";
    case ContractStatusFilter::InForce: return "in_force";
    case ContractStatusFilter::Ended: return "ended";
    }
    return "";
}

} // namespace

Status validate(const SearchQuery& q) {
    if (!is_valid_fin(q.fin)) return fail("invalid_fin", "FIN format");
    if (q.employer_sun && !is_valid_sun(*q.employer_sun)) return fail("invalid_sun", "SUN format");
    if (q.from && !is_valid_date(*q.from)) return fail("invalid_date", "from");
    if (q.to && !is_valid_date(*q.to)) return fail("invalid_date", "to");
    if (q.from && q.to && *q.from > *q.to) return fail("invalid_period", "from > to");
    if (q.kind) {
        bool ok = q.tab == Tab::Contracts ? (*q.kind == "conclusion" || *q.kind == "amendment")
                                          : *q.kind == "termination";
        if (!ok) return fail("filter_not_on_tab", "kind");
    }
    if (q.reason && q.tab != Tab::Termination) return fail("filter_not_on_tab", "reason");
    if (q.reason && (q.reason->empty() || q.reason->size() > 32)) return fail("bad_argument", "reason");
    if (q.limit < -1 || q.offset < 0) return fail("bad_argument", "limit/offset");
    return {};
}

struct Search::Impl {
    sqlite3* db;
    sql::Stmt search, count, employment, employers, reference;

    void bind(sql::Stmt& s, const SearchQuery& q) {
        s.bind(1, q.fin);
        s.bind(2, std::int64_t{q.tab == Tab::Contracts ? 0 : 1});
        auto opt = [&](int index, const std::optional<std::string>& v) {
            if (v)
                s.bind(index, std::string_view(*v));
            else
                s.bind_null(index);
        };
        opt(3, q.employer_sun);
        opt(4, q.from);
        opt(5, q.to);
        if (q.contract_status == ContractStatusFilter::All)
            s.bind_null(6);
        else
            s.bind(6, contract_status_code(q.contract_status));
        opt(7, q.kind);
        opt(8, q.reason);
        s.bind(9, lang_code(q.lang));
    }
};

Search::Search(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Search::~Search() = default;

Result<std::unique_ptr<Search>> Search::create(Store& store) {
    auto impl = std::make_unique<Impl>();
    impl->db = store.handle();
    for (auto [stmt, text] : {std::pair{&impl->search, k_search_sql}, std::pair{&impl->count, k_count_sql},
                              std::pair{&impl->employment, k_employment_sql},
                              std::pair{&impl->employers, k_employers_sql},
                              std::pair{&impl->reference, k_reference_sql}}) {
        auto s = sql::Stmt::prepare(impl->db, text);
        if (!s) return std::unexpected(s.error());
        *stmt = std::move(*s);
    }
    return std::unique_ptr<Search>(new Search(std::move(impl)));
}

Result<std::vector<NotificationRow>> Search::run(const SearchQuery& q) {
    KIOSK_TRY(validate(q));
    sql::Stmt& s = m_impl->search;
    m_impl->bind(s, q);
    s.bind(10, q.limit);
    s.bind(11, q.offset);
    std::vector<NotificationRow> rows;
    while (true) {
        auto has = s.step();
        if (!has) {
            s.reset();
            return std::unexpected(has.error());
        }
        if (!*has) break;
        NotificationRow r;
        r.id = s.column_text(0);
        r.employer_sun = s.column_text(1);
        r.employer_name = s.column_text(2);
        r.number = s.column_text(3);
        r.date = s.column_text(4);
        r.kind = s.column_text(5);
        r.status = s.column_text(6);
        r.workplace = s.column_text(7);
        r.position = s.column_text(8);
        r.validity = s.column_text(9);
        r.contract_status = s.column_text(10);
        r.order_date = s.column_text(11);
        r.order_number = s.column_text(12);
        r.reason = s.column_text(13);
        // A code whose label has not arrived yet shows as the code.
        r.kind_label = s.column_is_null(14) ? r.kind : s.column_text(14);
        r.status_label = s.column_is_null(15) ? r.status : s.column_text(15);
        r.validity_label = s.column_is_null(16) ? r.validity : s.column_text(16);
        r.reason_label = s.column_is_null(17) ? r.reason : s.column_text(17);
        rows.push_back(std::move(r));
    }
    s.reset();
    return rows;
}

Result<std::int64_t> Search::count(const SearchQuery& q) {
    KIOSK_TRY(validate(q));
    sql::Stmt& s = m_impl->count;
    m_impl->bind(s, q);
    auto has = s.step();
    std::int64_t n = has && *has ? s.column_int(0) : 0;
    s.reset();
    if (!has) return std::unexpected(has.error());
    return n;
}

Result<std::vector<Employment>> Search::current_employment(const std::string& fin) {
    if (!is_valid_fin(fin)) return fail("invalid_fin", "FIN format");
    sql::Stmt& s = m_impl->employment;
    s.bind(1, fin);
    std::vector<Employment> out;
    while (true) {
        auto has = s.step();
        if (!has) {
            s.reset();
            return std::unexpected(has.error());
        }
        if (!*has) break;
        out.push_back({s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3), s.column_text(4)});
    }
    s.reset();
    return out;
}

Result<std::vector<EmployerOption>> Search::employers_of(const std::string& fin) {
    if (!is_valid_fin(fin)) return fail("invalid_fin", "FIN format");
    sql::Stmt& s = m_impl->employers;
    s.bind(1, fin);
    std::vector<EmployerOption> out;
    while (true) {
        auto has = s.step();
        if (!has) {
            s.reset();
            return std::unexpected(has.error());
        }
        if (!*has) break;
        out.push_back({s.column_text(0), s.column_text(1)});
    }
    s.reset();
    return out;
}

Result<std::vector<ReferenceItem>> Search::reference_list(const std::string& list, Lang lang) {
    sql::Stmt& s = m_impl->reference;
    s.bind(1, list);
    s.bind(2, lang_code(lang));
    std::vector<ReferenceItem> out;
    while (true) {
        auto has = s.step();
        if (!has) {
            s.reset();
            return std::unexpected(has.error());
        }
        if (!*has) break;
        out.push_back({s.column_text(0), s.column_text(1)});
    }
    s.reset();
    return out;
}

} // namespace kiosk
