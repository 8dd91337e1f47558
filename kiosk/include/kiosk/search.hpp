// A citizen's notifications, as the two tabs of the e-gov service show them
// (PRODUCT §2.4, seed 001 §2.2-2.6). Notifications in status `entered` (not yet
// signed by the employer) are never returned; cancelled ones are, with their status.
#pragma once

#include "kiosk/error.hpp"
#include "kiosk/i18n.hpp"
#include "kiosk/store.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

enum class Tab { Contracts, Termination };
enum class ContractStatusFilter { All, InForce, Ended };

struct SearchQuery {
    std::string fin;
    Tab tab = Tab::Contracts;
    std::optional<std::string> employer_sun;
    // Inclusive; the notification date on Contracts, the order date on Termination.
    std::optional<std::string> from;
    std::optional<std::string> to;
    ContractStatusFilter contract_status = ContractStatusFilter::All;
    std::optional<std::string> kind;   // conclusion|amendment (Contracts), termination (Termination)
    std::optional<std::string> reason; // termination_reason code (Termination only)
    Lang lang = k_default_lang;        // for the *_label fields
    std::int64_t limit = -1;           // -1: all rows
    std::int64_t offset = 0;
};

// One row of the result: the columns of PRODUCT §2.4 and the codes behind labels.
struct NotificationRow {
    std::string id;
    std::string employer_sun;
    std::string employer_name;
    std::string number;
    std::string date;
    std::string kind, kind_label;
    std::string status, status_label;
    std::string workplace;
    std::string position;
    std::string validity, validity_label;
    std::string contract_status; // in_force | ended | "" when the contract is not (yet) in the replica
    // Termination tab:
    std::string order_date;
    std::string order_number;
    std::string reason, reason_label;
};

struct Employment {
    std::string employer_sun;
    std::string employer_name;
    std::string position;
    std::string workplace;
    std::string start_date;
};

struct EmployerOption {
    std::string sun;
    std::string name;
};

struct ReferenceItem {
    std::string code;
    std::string label;
};

// Validates a query: invalid_fin, invalid_sun, invalid_date, invalid_period, filter_not_on_tab, bad_argument.
[[nodiscard]] Status validate(const SearchQuery& query);

class Search {
public:
    [[nodiscard]] static Result<std::unique_ptr<Search>> create(Store& store);
    ~Search();
    Search(const Search&) = delete;
    Search& operator=(const Search&) = delete;

    // Rows newest first (date, then number, descending), one page of them.
    [[nodiscard]] Result<std::vector<NotificationRow>> run(const SearchQuery& query);
    // How many rows the query matches, ignoring limit and offset.
    [[nodiscard]] Result<std::int64_t> count(const SearchQuery& query);
    // The contracts in force: the summary on top of the list.
    [[nodiscard]] Result<std::vector<Employment>> current_employment(const std::string& fin);
    // The employers that appear in the person's visible notifications (the employer filter's choices).
    [[nodiscard]] Result<std::vector<EmployerOption>> employers_of(const std::string& fin);
    // A reference list in one language, ordered by code.
    [[nodiscard]] Result<std::vector<ReferenceItem>> reference_list(const std::string& list, Lang lang);

private:
    struct Impl;
    explicit Search(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace kiosk
