// The Asan İmza simulator [000 §2.3-2.4, §3.6]: accounts (phone + user id -> a
// person with PIN1 and PIN2), sessions with a 4-digit verification code that the
// "phone" shows too, confirmed with PIN1 (log-in, citizens at the kiosk) or PIN2
// (signing), rejected on the phone, or expired.
#pragma once

#include "registry/db.hpp"
#include "registry/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace registry::mobile_id {

enum class Purpose { Citizen, Login, Sign };
std::string_view purpose_name(Purpose p);

struct Account {
    std::string phone, user_id, fin, surname, name, patronymic, birth_date;
    std::string full_name() const; // "Surname Name Patronymic"
};

struct Session {
    std::string id, purpose, phone, user_id, fin, code, state;
    int tries_left = 0;
    std::int64_t created_at = 0, expires_at = 0, confirmed_at = 0;
    std::string kiosk_id, notification_id, token, error;
};

// Errors: bad_request (formats), store_error.
[[nodiscard]] Status add_account(Connection& w, const Account& account, const std::string& pin1,
                                 const std::string& pin2);
// Errors: unknown_user, store_error.
[[nodiscard]] Result<Account> find_account(Connection& c, const std::string& phone,
                                           const std::string& user_id);
// The account of a FIN (its first one), for names. Errors: store_error.
[[nodiscard]] Result<std::optional<Account>> account_of(Connection& c, const std::string& fin);

struct Start {
    Purpose purpose = Purpose::Login;
    std::string kiosk_id;        // citizen sessions: the kiosk that asked
    std::string notification_id; // sign sessions
    int ttl_s = 120;
    int tries = 3;
};
// Errors: store_error.
[[nodiscard]] Result<Session> start(Connection& w, const Account& account, const Start& start);

// The session with its state as of now ("expired" once a pending session is past its
// time). Errors: store_error.
[[nodiscard]] Result<std::optional<Session>> get(Connection& c, const std::string& id);
// Pending, unexpired sessions of a phone, oldest first. Errors: store_error.
[[nodiscard]] Result<std::vector<Session>> pending(Connection& c, const std::string& phone);

// Sets state (and confirmed_at when confirming, token, error). Errors: store_error.
[[nodiscard]] Status finish(Connection& w, const std::string& id, const std::string& state,
                            const std::string& token = {}, const std::string& error = {});
// One wrong PIN: the tries left after it (0: the session is rejected). Errors: store_error.
[[nodiscard]] Result<int> wrong_pin(Connection& w, const Session& s);

// Whether `pin` is the account's PIN1 (or PIN2). Errors: store_error.
[[nodiscard]] Result<bool> check_pin(Connection& c, const Session& s, int which, const std::string& pin);

} // namespace registry::mobile_id
