#include "kiosk/data_source.hpp"

#include "kiosk/store.hpp"

namespace kiosk {

struct StoreDataSource::State {
    std::unique_ptr<Store> store;
    std::unique_ptr<Search> search;
    Error error{"store_open_failed", "not opened"};

    bool ready() const { return store && search; }
};

StoreDataSource::StoreDataSource(std::string path, DataEvents events, WorkerMode mode)
    : m_state(std::make_unique<State>()), m_events(std::move(events)), m_worker(mode) {
    m_worker.post([this, path = std::move(path)] {
        auto store = Store::open(path, OpenMode::ReadOnly);
        if (!store) {
            m_state->error = store.error();
            m_events(StoreHealth{false, store.error().code});
            return;
        }
        auto search = Search::create(**store);
        if (!search) {
            m_state->error = search.error();
            m_events(StoreHealth{false, search.error().code});
            return;
        }
        m_state->store = std::move(*store);
        m_state->search = std::move(*search);
        m_events(StoreHealth{true, {}});
    });
}

StoreDataSource::~StoreDataSource() = default;

void StoreDataSource::overview(std::uint64_t ticket, const std::string& fin, Lang lang) {
    m_worker.post([this, ticket, fin, lang] {
        auto run = [&]() -> Result<Overview> {
            if (!m_state->ready()) return std::unexpected(m_state->error);
            Search& s = *m_state->search;
            Overview o;
            auto employment = s.current_employment(fin);
            if (!employment) return std::unexpected(employment.error());
            o.employment = std::move(*employment);
            auto employers = s.employers_of(fin);
            if (!employers) return std::unexpected(employers.error());
            o.employers = std::move(*employers);
            auto kinds = s.reference_list("notification_kind", lang);
            if (!kinds) return std::unexpected(kinds.error());
            o.kinds = std::move(*kinds);
            auto reasons = s.reference_list("termination_reason", lang);
            if (!reasons) return std::unexpected(reasons.error());
            o.reasons = std::move(*reasons);
            auto as_of = data_as_of(*m_state->store);
            if (!as_of) return std::unexpected(as_of.error());
            o.data_as_of = std::move(*as_of);
            return o;
        };
        m_events(OverviewDone{ticket, run()});
    });
}

void StoreDataSource::search(std::uint64_t ticket, const SearchQuery& query) {
    m_worker.post([this, ticket, query] {
        auto run = [&]() -> Result<SearchPage> {
            if (!m_state->ready()) return std::unexpected(m_state->error);
            SearchPage page;
            auto total = m_state->search->count(query);
            if (!total) return std::unexpected(total.error());
            auto rows = m_state->search->run(query);
            if (!rows) return std::unexpected(rows.error());
            page.total = *total;
            page.offset = query.offset;
            page.rows = std::move(*rows);
            return page;
        };
        m_events(SearchDone{ticket, run()});
    });
}

void StoreDataSource::detail(std::uint64_t ticket, const std::string& fin, const std::string& id, Lang lang) {
    m_worker.post([this, ticket, fin, id, lang] {
        Result<DetailView> d = m_state->ready() ? load_detail(*m_state->store, fin, id, lang)
                                                : Result<DetailView>(std::unexpected(m_state->error));
        m_events(DetailDone{ticket, std::move(d)});
    });
}

void StoreDataSource::lookup_person(std::uint64_t ticket, const std::string& fin) {
    m_worker.post([this, ticket, fin] {
        Result<std::optional<PersonSummary>> p =
            m_state->ready() ? find_person(*m_state->store, fin)
                             : Result<std::optional<PersonSummary>>(std::unexpected(m_state->error));
        m_events(PersonLookedUp{ticket, std::move(p)});
    });
}

} // namespace kiosk
