// The citizen's records as the session shows them: the detail of one notification
// (every field of the form, PRODUCT §2.5, seed 001 Şəkil 5-7) and the "data as of"
// instant of the replica. Read from the store on the data worker, never on the UI thread.
#pragma once

#include "kiosk/error.hpp"
#include "kiosk/i18n.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

class Store;

struct DetailField {
    std::string label_key; // a translation key, or empty when `label` is data (an amendment's field)
    std::string label;     // already in the session's language; used when label_key is empty
    std::string value;     // data, or "@<key>": a translation key (e.g. "@signature.present")
};

struct DetailSection {
    std::string title_key; // translation key
    std::vector<DetailField> fields;
};

struct DetailView {
    std::string id;
    std::string number;
    std::string kind; // conclusion | amendment | termination
    std::string kind_label;
    std::string date;
    bool registered = false; // has a registration number: "print registration information" applies
    bool has_signed_document = false;
    std::vector<DetailSection> sections;
};

// One notification of the citizen `fin` (never another person's), with labels in `lang`.
// Errors: notification_not_found (absent, another person's, or not yet signed), store errors.
[[nodiscard]] Result<DetailView> load_detail(Store& store, const std::string& fin, const std::string& id,
                                             Lang lang);

// A person of the replica as staff find them by FIN (staff mode). Personal data.
struct PersonSummary {
    std::string fin;
    std::string surname, name, patronymic;
    std::string birth_date;
    std::int64_t notifications = 0; // visible to the citizen (not `entered`)
    std::string full_name() const;
};
// The person with `fin`, or nullopt when the replica has nobody with it. Errors: invalid_fin, store errors.
[[nodiscard]] Result<std::optional<PersonSummary>> find_person(Store& store, const std::string& fin);

// When the replica last applied a change from the registry (RFC 3339 UTC), "" for a new store.
[[nodiscard]] Result<std::string> data_as_of(Store& store);

} // namespace kiosk

namespace kiosk {
// "2024-03-01" -> "01.03.2024"; anything else unchanged.
std::string display_date(std::string_view iso);
// "2024-03-01T10:22:00+04:00" -> "01.03.2024 10:22"; anything else unchanged.
std::string display_instant(std::string_view rfc3339);
} // namespace kiosk
