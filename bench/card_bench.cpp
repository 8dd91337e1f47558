// Card inserted -> identity read and certificate verified (what the kiosk needs
// before it shows the PIN screen), median and p99, on the simulator and on the
// real PC/SC stack (pcscd + vpcd + the virtual card) when it can be started.
// Budget PRODUCT §9: PIN screen within 300 ms of insertion.
//
//   card_bench [SIM_ITERATIONS] [PCSC_ITERATIONS]
#include "../tests/hal/card_fixture.hpp"
#include "hal/card_reader.hpp"
#include "hal/card_session.hpp"
#include "hal/card_sim.hpp"
#include "hal/id_card.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double k_budget_ms = 300.0;

struct Stats {
    double median, p99, max;
    std::size_t n;
};

Stats stats(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) {
        return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * (ms.size() - 1) + 0.5))];
    };
    return {at(0.5), at(0.99), ms.back(), ms.size()};
}

void print(const char* what, const Stats& s) {
    std::printf("  %-46s median %8.3f ms   p99 %8.3f ms   max %8.3f ms   (n=%zu)  %s\n", what, s.median,
                s.p99, s.max, s.n, s.p99 <= k_budget_ms ? "within budget" : "OVER BUDGET");
}

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// Waits for CardInserted on `name`; returns when it arrived.
std::optional<Clock::time_point> wait_inserted(hal::CardReader& reader, const std::string& name,
                                               std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        auto e = reader.wait_event(std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()));
        if (e && e->kind == hal::CardEventKind::CardInserted && e->reader == name) return Clock::now();
    }
    return std::nullopt;
}

bool read_and_verify(hal::CardReader& reader, const std::string& name, const hal::TrustStore& trust) {
    auto session = hal::CardSession::open(reader, name, {&trust, nullptr, nullptr});
    if (!session) {
        std::fprintf(stderr, "  session failed: %s %s\n", session.error().code.c_str(),
                     session.error().detail.c_str());
        return false;
    }
    return static_cast<bool>((*session)->certificate_status());
}

} // namespace

int main(int argc, char** argv) {
    const int sim_n = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int pcsc_n = argc > 2 ? std::atoi(argv[2]) : 15;
    card_test::TestPki pki;
    auto trust = hal::TrustStore::from_pem(pki.ca_pem());
    if (!trust) return 1;
    std::printf("budget (PRODUCT §9): card inserted -> PIN screen <= %.0f ms\n", k_budget_ms);

    std::printf("== simulator (C++ applet, same protocol code) ==\n");
    {
        hal::SimCardReader reader;
        auto card = hal::SimCard::from_dir(pki.card(card_test::TestCard::Citizen));
        if (!card) return 1;
        std::vector<double> times;
        (void)reader.wait_event(0ms);
        for (int i = 0; i < sim_n; ++i) {
            const auto start = Clock::now();
            reader.insert("Sim Reader 0", *card);
            if (!wait_inserted(reader, "Sim Reader 0", 1s) ||
                !read_and_verify(reader, "Sim Reader 0", **trust))
                return 1;
            times.push_back(ms_since(start));
            reader.remove("Sim Reader 0");
            (void)reader.wait_event(0ms);
        }
        print("inserted -> identity read, certificate verified", stats(times));
    }

    std::printf("== PC/SC: pcscd + vpcd + virtual card (tests/fixtures/idcard_applet.py) ==\n");
    card_test::TempDir logs;
    card_test::PcscStack stack(logs.path());
    if (!stack.error().empty()) {
        std::printf("  skipped: %s\n", stack.error().c_str());
        return 0;
    }
    auto reader = hal::open_card_reader({});
    if (!reader) return 1;
    const std::string name = card_test::PcscStack::k_reader0;
    std::vector<double> after_event, apdu;
    for (int i = 0; i < pcsc_n; ++i) {
        if (!stack.insert(0, pki.card(card_test::TestCard::Citizen))) return 1;
        auto arrived = wait_inserted(**reader, name, 5s);
        if (!arrived || !read_and_verify(**reader, name, **trust)) {
            std::printf("  failed at insertion %d\n", i);
            return 1;
        }
        after_event.push_back(ms_since(*arrived));
        stack.remove(0);
    }
    print("insertion event -> identity read, cert verified", stats(after_event));
    // The same with the card left in, many times: connect, SELECT, EF.ID, EF.CERT, verify.
    if (!stack.insert(0, pki.card(card_test::TestCard::Citizen)) || !wait_inserted(**reader, name, 5s))
        return 1;
    std::vector<double> warm;
    for (int i = 0; i < pcsc_n * 4; ++i) {
        const auto start = Clock::now();
        if (!read_and_verify(**reader, name, **trust)) return 1;
        warm.push_back(ms_since(start));
    }
    print("card present: connect -> cert verified", stats(warm));
    auto channel = (*reader)->connect(name);
    if (!channel) return 1;
    const hal::Bytes select = {0x00, 0xA4, 0x04, 0x00, 0x07, 0xF0, 0x45, 0x4D, 0x45, 0x4B, 0x49, 0x44};
    for (int i = 0; i < pcsc_n * 4; ++i) {
        const auto start = Clock::now();
        if (!(*channel)->transmit(select)) return 1;
        apdu.push_back(ms_since(start));
    }
    print("one APDU round trip (SELECT)", stats(apdu));
    std::printf("  (the read takes 7 APDUs: SELECT, SELECT+READ EF.ID, SELECT+3 READ EF.CERT)\n");
    return 0;
}
