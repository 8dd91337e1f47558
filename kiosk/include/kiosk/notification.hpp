// One notification with everything its forms and its detail screen show
// (PRODUCT §3, seed 001 Şəkil 5-10): the notification, its employer, employee
// and contract, amendment or termination, with reference codes resolved to labels.
// Rows the replica does not (yet) hold are filled from the signed `document`.
#pragma once

#include "kiosk/error.hpp"
#include "kiosk/i18n.hpp"
#include "kiosk/store.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

struct AmendmentChange {
    std::string field, field_label;
    std::string old_value, new_value;
};

struct NotificationDetail {
    std::string id, number, kind, kind_label, date;
    std::string status, status_label;
    std::string validity, validity_label, validity_reason;
    std::string position, workplace;
    std::string signer_fin, signer_name, signed_at;
    std::string registration_number, registered_at;

    std::string employer_voen, employer_sun, employer_name, employer_address;
    std::string employee_fin, employee_surname, employee_name, employee_patronymic, employee_birth_date;

    std::string contract_id, contract_number, contract_date, contract_start_date;
    std::string contract_type, contract_type_label, contract_end_date;
    std::string work_address, salary_azn, working_time; // salary as "950.00"
    std::string contract_status, contract_status_label;

    // Amendment.
    std::string effective_date, basis;
    std::vector<AmendmentChange> changes;
    // Termination.
    std::string order_date, order_number, termination_date, reason, reason_label;

    // The kiosk's own check of the CMS signature (sync/signature.hpp) for this version of
    // the record: "valid", "invalid" (validity is then "invalid" with the reason, whatever
    // the registry said) or "" when not checked (yet).
    std::string signature_check, signature_reason;
    bool has_signature = false;
};

// By id ("N0000000001") or number ("B-2016-0000101"). Errors: notification_not_found, store_error.
[[nodiscard]] Result<NotificationDetail> load_notification(Store& store, std::string_view id_or_number, Lang lang);

// A reference label in `lang` (the code itself when the list has no such code).
[[nodiscard]] Result<std::string> reference_label(Store& store, std::string_view list, std::string_view code, Lang lang);

} // namespace kiosk
