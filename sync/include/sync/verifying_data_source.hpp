// A DataSource in front of another (the replica's StoreDataSource) that checks a
// person's signatures before their records reach the screen: overview() first checks
// every notification of that person without a verdict, detail() the one notification;
// then the request goes on to the inner source, in order. A few milliseconds for a
// person's ~10 records; the 1 M-row replica is checked in the background instead
// (sync/service.hpp). Without a usable signer CA the requests pass through unchanged
// (the detail then says "not verified on this kiosk").
#pragma once

#include "kiosk/data_source.hpp"
#include "kiosk/worker.hpp"

#include <memory>
#include <string>

namespace kiosk::sync {

class SignatureChecker;

class VerifyingDataSource final : public DataSource {
  public:
    VerifyingDataSource(std::string store_path, std::string signer_ca, DataSource& inner,
                        WorkerMode mode = WorkerMode::Thread);
    ~VerifyingDataSource() override;
    void overview(std::uint64_t ticket, const std::string& fin, Lang lang) override;
    void search(std::uint64_t ticket, const SearchQuery& query) override;
    void detail(std::uint64_t ticket, const std::string& fin, const std::string& id, Lang lang) override;

  private:
    SignatureChecker* checker(); // on the worker; null when it cannot be opened
    std::string m_store_path, m_signer_ca;
    DataSource& m_inner;
    struct State;
    std::unique_ptr<State> m_state; // touched only on the worker
    Worker m_worker;                // last: joined first
};

} // namespace kiosk::sync
