#include "sync/verifying_data_source.hpp"

#include "kiosk/store.hpp"
#include "sync/signature.hpp"

#include <cstdio>

namespace kiosk::sync {

struct VerifyingDataSource::State {
    std::unique_ptr<Store> store;
    std::unique_ptr<SignatureChecker> checker;
    bool tried = false;
};

VerifyingDataSource::VerifyingDataSource(std::string store_path, std::string signer_ca, DataSource& inner,
                                         WorkerMode mode)
    : m_store_path(std::move(store_path)), m_signer_ca(std::move(signer_ca)), m_inner(inner),
      m_state(std::make_unique<State>()), m_worker(mode) {}

VerifyingDataSource::~VerifyingDataSource() = default;

SignatureChecker* VerifyingDataSource::checker() {
    if (!m_state->tried) {
        m_state->tried = true;
        auto store = Store::open(m_store_path);
        if (!store) {
            std::fprintf(stderr, "sync: signatures not checked: %s\n", store.error().code.c_str());
            return nullptr;
        }
        auto checker = SignatureChecker::open(**store, m_signer_ca);
        if (!checker) {
            std::fprintf(stderr, "sync: signatures not checked: %s\n", checker.error().code.c_str());
            return nullptr;
        }
        m_state->store = std::move(*store);
        m_state->checker = std::move(*checker);
    }
    return m_state->checker.get();
}

void VerifyingDataSource::overview(std::uint64_t ticket, const std::string& fin, Lang lang) {
    m_worker.post([this, ticket, fin, lang] {
        if (SignatureChecker* c = checker())
            if (auto r = c->check_person(fin); !r)
                std::fprintf(stderr, "sync: signature check failed: %s\n", r.error().code.c_str());
        m_inner.overview(ticket, fin, lang);
    });
}

void VerifyingDataSource::search(std::uint64_t ticket, const SearchQuery& query) {
    // Through the same queue: a search never overtakes the checks of the overview before it.
    m_worker.post([this, ticket, query] { m_inner.search(ticket, query); });
}

void VerifyingDataSource::detail(std::uint64_t ticket, const std::string& fin, const std::string& id, Lang lang) {
    m_worker.post([this, ticket, fin, id, lang] {
        if (SignatureChecker* c = checker())
            if (auto r = c->check_one(id); !r)
                std::fprintf(stderr, "sync: signature check failed: %s\n", r.error().code.c_str());
        m_inner.detail(ticket, fin, id, lang);
    });
}

} // namespace kiosk::sync
