#include "kiosk/devices.hpp"

#include <algorithm>

namespace kiosk {

void Identity::wipe() {
    for (std::string* s : {&fin, &surname, &name, &patronymic, &birth_date, &document_number}) {
        std::fill(s->begin(), s->end(), '\0');
        s->clear();
        s->shrink_to_fit();
    }
    role = Role::Citizen;
}

std::string_view role_name(Role role) {
    switch (role) {
    case Role::Citizen:
        return "citizen";
    case Role::Staff:
        return "staff";
    case Role::Technician:
        return "technician";
    }
    return "citizen";
}

std::string Identity::full_name() const {
    std::string out = surname;
    for (const std::string* part : {&name, &patronymic})
        if (!part->empty()) out += (out.empty() ? "" : " ") + *part;
    return out;
}

std::string_view document_name(DocumentKind kind) {
    return kind == DocumentKind::Registration ? "registration" : "notification";
}

std::string_view reason_name(PrinterReason reason) {
    switch (reason) {
    case PrinterReason::MediaEmpty:
        return "media_empty";
    case PrinterReason::MediaJam:
        return "media_jam";
    case PrinterReason::DoorOpen:
        return "door_open";
    case PrinterReason::TonerLow:
        return "toner_low";
    case PrinterReason::Offline:
        return "offline";
    }
    return "offline";
}

std::optional<PrinterReason> parse_reason(std::string_view name) {
    for (PrinterReason r : k_all_printer_reasons)
        if (reason_name(r) == name) return r;
    return std::nullopt;
}

std::string_view job_state_name(JobState state) {
    switch (state) {
    case JobState::Queued:
        return "queued";
    case JobState::Printing:
        return "printing";
    case JobState::Held:
        return "held";
    case JobState::Completed:
        return "completed";
    case JobState::Failed:
        return "failed";
    case JobState::Canceled:
        return "canceled";
    }
    return "queued";
}

bool is_final(JobState state) {
    return state == JobState::Completed || state == JobState::Failed || state == JobState::Canceled;
}

} // namespace kiosk
