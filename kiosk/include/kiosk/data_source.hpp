// The session's questions to the local replica, answered off the UI thread. Each
// request carries a ticket; the answer comes back as a DataEvent with the same
// ticket, so the session can drop answers that belong to an ended session.
#pragma once

#include "kiosk/error.hpp"
#include "kiosk/records.hpp"
#include "kiosk/search.hpp"
#include "kiosk/worker.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace kiosk {

struct SearchPage {
    std::vector<NotificationRow> rows;
    std::int64_t total = 0;  // rows matching the filters
    std::int64_t offset = 0; // where `rows` start
};

// What the notifications screen needs besides the rows: summary and filter choices.
struct Overview {
    std::vector<Employment> employment;
    std::vector<EmployerOption> employers;
    std::vector<ReferenceItem> kinds;   // notification_kind
    std::vector<ReferenceItem> reasons; // termination_reason
    std::string data_as_of;             // RFC 3339, "" when the replica never synced
};

struct SearchDone {
    std::uint64_t ticket = 0;
    Result<SearchPage> page;
};
struct OverviewDone {
    std::uint64_t ticket = 0;
    Result<Overview> overview;
};
struct DetailDone {
    std::uint64_t ticket = 0;
    Result<DetailView> detail;
};
// The store opened (or not): the out-of-service screen follows it.
struct StoreHealth {
    bool ok = false;
    std::string error; // an error code when not ok
};

// Staff mode: the person with a FIN (nullopt: nobody in the replica has it).
struct PersonLookedUp {
    std::uint64_t ticket = 0;
    Result<std::optional<PersonSummary>> person;
};

using DataEvent = std::variant<SearchDone, OverviewDone, DetailDone, StoreHealth, PersonLookedUp>;
using DataEvents = std::function<void(DataEvent)>;

class DataSource {
  public:
    virtual ~DataSource() = default;
    virtual void overview(std::uint64_t ticket, const std::string& fin, Lang lang) = 0;
    virtual void search(std::uint64_t ticket, const SearchQuery& query) = 0;
    virtual void detail(std::uint64_t ticket, const std::string& fin, const std::string& id, Lang lang) = 0;
};

// Staff mode: who holds a FIN in the replica (the person table). Outcome: PersonLookedUp.
class PersonDirectory {
  public:
    virtual ~PersonDirectory() = default;
    virtual void lookup_person(std::uint64_t ticket, const std::string& fin) = 0;
};

// The replica in an SQLite file, opened read-only on a worker thread; posts
// StoreHealth once opened (or failed).
class StoreDataSource final : public DataSource, public PersonDirectory {
  public:
    StoreDataSource(std::string path, DataEvents events, WorkerMode mode = WorkerMode::Thread);
    ~StoreDataSource() override;
    void overview(std::uint64_t ticket, const std::string& fin, Lang lang) override;
    void search(std::uint64_t ticket, const SearchQuery& query) override;
    void detail(std::uint64_t ticket, const std::string& fin, const std::string& id, Lang lang) override;
    void lookup_person(std::uint64_t ticket, const std::string& fin) override;

  private:
    struct State;
    std::unique_ptr<State> m_state; // touched only on the worker
    DataEvents m_events;
    Worker m_worker; // last: joined first
};

} // namespace kiosk
