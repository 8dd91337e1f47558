#include "mobile_id.hpp"

#include "registry/common.hpp"

#include <openssl/crypto.h>

namespace registry::mobile_id {
namespace {

// "salt$sha256hex(salt:pin)": a simulator, but PINs are still never stored as typed.
std::string hash_pin(const std::string& pin, const std::string& salt) {
    return salt + "$" + sha256_hex(salt + ":" + pin);
}

bool pin_matches(const std::string& stored, const std::string& pin) {
    const auto dollar = stored.find('$');
    if (dollar == std::string::npos) return false;
    const std::string expected = hash_pin(pin, stored.substr(0, dollar));
    return expected.size() == stored.size() &&
           CRYPTO_memcmp(expected.data(), stored.data(), stored.size()) == 0;
}

bool digits(const std::string& s, std::size_t lo, std::size_t hi) {
    if (s.size() < lo || s.size() > hi) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

constexpr std::string_view k_session_columns =
    "id, purpose, phone, user_id, fin, code, state, tries_left, created_at, expires_at, "
    "COALESCE(confirmed_at, 0), COALESCE(kiosk_id, ''), COALESCE(notification_id, ''), COALESCE(token, ''), "
    "COALESCE(error, '')";

Session read_session(Stmt& s) {
    Session out;
    out.id = s.column_text(0);
    out.purpose = s.column_text(1);
    out.phone = s.column_text(2);
    out.user_id = s.column_text(3);
    out.fin = s.column_text(4);
    out.code = s.column_text(5);
    out.state = s.column_text(6);
    out.tries_left = static_cast<int>(s.column_int(7));
    out.created_at = s.column_int(8);
    out.expires_at = s.column_int(9);
    out.confirmed_at = s.column_int(10);
    out.kiosk_id = s.column_text(11);
    out.notification_id = s.column_text(12);
    out.token = s.column_text(13);
    out.error = s.column_text(14);
    if (out.state == "pending" && now_s() >= out.expires_at) out.state = "expired";
    return out;
}

Account read_account(Stmt& s) {
    return Account{s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3),
                   s.column_text(4), s.column_text(5), s.column_text(6)};
}

constexpr std::string_view k_account_columns =
    "phone, user_id, fin, surname, name, patronymic, COALESCE(birth_date, '')";

} // namespace

std::string_view purpose_name(Purpose p) {
    switch (p) {
    case Purpose::Citizen:
        return "citizen";
    case Purpose::Login:
        return "login";
    case Purpose::Sign:
        return "sign";
    }
    return "login";
}

std::string Account::full_name() const {
    std::string out = surname + " " + name;
    if (!patronymic.empty()) out += " " + patronymic;
    return out;
}

Status add_account(Connection& w, const Account& a, const std::string& pin1, const std::string& pin2) {
    if (!valid_phone(a.phone)) return fail("bad_request", "phone must be +994 and 9 digits");
    if (!valid_user_id(a.user_id)) return fail("bad_request", "user id must be 6 digits");
    if (!valid_fin(a.fin))
        return fail("bad_request", "FIN must be 7 characters: digits and capitals except I and O");
    if (!valid_text(a.surname, 100) || !valid_text(a.name, 100) ||
        (!a.patronymic.empty() && !valid_text(a.patronymic, 100)))
        return fail("bad_request", "names must be non-empty text");
    if (!a.birth_date.empty() && !valid_date(a.birth_date))
        return fail("bad_request", "birth date must be YYYY-MM-DD");
    if (!digits(pin1, 4, 4)) return fail("bad_request", "PIN1 must be 4 digits");
    if (!digits(pin2, 5, 5)) return fail("bad_request", "PIN2 must be 5 digits");
    auto s =
        w.stmt("INSERT OR REPLACE INTO mobile_id_account(phone, user_id, fin, surname, name, patronymic, "
               "birth_date, pin1, pin2) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!s) return std::unexpected(s.error());
    const std::string h1 = hash_pin(pin1, random_token(9)), h2 = hash_pin(pin2, random_token(9));
    (*s)->bind(1, a.phone);
    (*s)->bind(2, a.user_id);
    (*s)->bind(3, a.fin);
    (*s)->bind(4, a.surname);
    (*s)->bind(5, a.name);
    (*s)->bind(6, a.patronymic);
    (*s)->bind_opt(7, a.birth_date.empty() ? std::nullopt : std::optional<std::string_view>(a.birth_date));
    (*s)->bind(8, h1);
    (*s)->bind(9, h2);
    REGISTRY_TRY((*s)->run());
    return {};
}

Result<Account> find_account(Connection& c, const std::string& phone, const std::string& user_id) {
    auto s = c.stmt("SELECT " + std::string(k_account_columns) +
                    " FROM mobile_id_account WHERE phone = ? AND user_id = ?");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, phone);
    (*s)->bind(2, user_id);
    auto row = (*s)->step();
    if (!row) return std::unexpected(to_error(row.error()));
    if (!*row) {
        (*s)->reset();
        return fail("unknown_user", "no Asan İmza user with this phone number and user id");
    }
    Account a = read_account(**s);
    (*s)->reset();
    return a;
}

Result<std::optional<Account>> account_of(Connection& c, const std::string& fin) {
    auto s = c.stmt("SELECT " + std::string(k_account_columns) +
                    " FROM mobile_id_account WHERE fin = ? ORDER BY phone, user_id LIMIT 1");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, fin);
    auto row = (*s)->step();
    if (!row) return std::unexpected(to_error(row.error()));
    std::optional<Account> out;
    if (*row) out = read_account(**s);
    (*s)->reset();
    return out;
}

Result<Session> start(Connection& w, const Account& account, const Start& st) {
    Session s;
    s.id = random_token(18);
    s.purpose = std::string(purpose_name(st.purpose));
    s.phone = account.phone;
    s.user_id = account.user_id;
    s.fin = account.fin;
    s.code = random_digits(4);
    s.state = "pending";
    s.tries_left = st.tries;
    s.created_at = now_s();
    s.expires_at = s.created_at + st.ttl_s;
    s.kiosk_id = st.kiosk_id;
    s.notification_id = st.notification_id;
    // A new request replaces the phone's older pending request of the same purpose.
    auto old = w.stmt("UPDATE mobile_id_session SET state = 'expired' WHERE phone = ? AND state = 'pending' "
                      "AND purpose = ?");
    if (!old) return std::unexpected(old.error());
    (*old)->bind(1, s.phone);
    (*old)->bind(2, s.purpose);
    REGISTRY_TRY((*old)->run());
    auto q = w.stmt(
        "INSERT INTO mobile_id_session(id, purpose, phone, user_id, fin, code, state, tries_left, "
        "created_at, expires_at, kiosk_id, notification_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!q) return std::unexpected(q.error());
    (*q)->bind(1, s.id);
    (*q)->bind(2, s.purpose);
    (*q)->bind(3, s.phone);
    (*q)->bind(4, s.user_id);
    (*q)->bind(5, s.fin);
    (*q)->bind(6, s.code);
    (*q)->bind(7, s.state);
    (*q)->bind(8, static_cast<std::int64_t>(s.tries_left));
    (*q)->bind(9, s.created_at);
    (*q)->bind(10, s.expires_at);
    (*q)->bind_opt(11, s.kiosk_id.empty() ? std::nullopt : std::optional<std::string_view>(s.kiosk_id));
    (*q)->bind_opt(12, s.notification_id.empty() ? std::nullopt
                                                 : std::optional<std::string_view>(s.notification_id));
    REGISTRY_TRY((*q)->run());
    // Old sessions go after a day.
    auto purge = w.stmt("DELETE FROM mobile_id_session WHERE expires_at < ?");
    if (!purge) return std::unexpected(purge.error());
    (*purge)->bind(1, s.created_at - 86400);
    REGISTRY_TRY((*purge)->run());
    return s;
}

Result<std::optional<Session>> get(Connection& c, const std::string& id) {
    auto s = c.stmt("SELECT " + std::string(k_session_columns) + " FROM mobile_id_session WHERE id = ?");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, id);
    auto row = (*s)->step();
    if (!row) return std::unexpected(to_error(row.error()));
    std::optional<Session> out;
    if (*row) out = read_session(**s);
    (*s)->reset();
    return out;
}

Result<std::vector<Session>> pending(Connection& c, const std::string& phone) {
    auto s = c.stmt("SELECT " + std::string(k_session_columns) +
                    " FROM mobile_id_session WHERE phone = ? AND state = 'pending' AND expires_at > ? "
                    "ORDER BY created_at, id");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, phone);
    (*s)->bind(2, now_s());
    std::vector<Session> out;
    for (;;) {
        auto row = (*s)->step();
        if (!row) return std::unexpected(to_error(row.error()));
        if (!*row) break;
        out.push_back(read_session(**s));
    }
    (*s)->reset();
    return out;
}

Status finish(Connection& w, const std::string& id, const std::string& state, const std::string& token,
              const std::string& error) {
    auto s =
        w.stmt("UPDATE mobile_id_session SET state = ?, confirmed_at = CASE WHEN ? = 'confirmed' THEN ? ELSE "
               "confirmed_at END, token = NULLIF(?, ''), error = NULLIF(?, '') WHERE id = ?");
    if (!s) return std::unexpected(s.error());
    const std::int64_t now = now_s();
    (*s)->bind(1, state);
    (*s)->bind(2, state);
    (*s)->bind(3, now);
    (*s)->bind(4, token);
    (*s)->bind(5, error);
    (*s)->bind(6, id);
    REGISTRY_TRY((*s)->run());
    return {};
}

Result<int> wrong_pin(Connection& w, const Session& session) {
    const int left = std::max(0, session.tries_left - 1);
    auto s = w.stmt(
        "UPDATE mobile_id_session SET tries_left = ?, state = CASE WHEN ? = 0 THEN 'rejected' ELSE state "
        "END, error = CASE WHEN ? = 0 THEN 'wrong_pin' ELSE error END WHERE id = ?");
    if (!s) return std::unexpected(s.error());
    (*s)->bind(1, static_cast<std::int64_t>(left));
    (*s)->bind(2, static_cast<std::int64_t>(left));
    (*s)->bind(3, static_cast<std::int64_t>(left));
    (*s)->bind(4, session.id);
    REGISTRY_TRY((*s)->run());
    return left;
}

Result<bool> check_pin(Connection& c, const Session& session, int which, const std::string& pin) {
    auto stored =
        query_text(c,
                   which == 1 ? "SELECT pin1 FROM mobile_id_account WHERE phone = ? AND user_id = ?"
                              : "SELECT pin2 FROM mobile_id_account WHERE phone = ? AND user_id = ?",
                   {session.phone, session.user_id});
    if (!stored) return std::unexpected(stored.error());
    return *stored && pin_matches(**stored, pin);
}

} // namespace registry::mobile_id
