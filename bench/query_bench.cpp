// Latency of a person's notifications, in-process, on an existing replica.
//
//   query_bench DB [PERSONS]
//
// Picks PERSONS random FINs (default 2000) that have notifications, warms the
// cache with one pass, then times every query shape for each person and prints
// p50 / p99 / max per shape (budget PRODUCT §9: p99 <= 0.5 ms on 10 M).
#include "kiosk/search.hpp"
#include "kiosk/sqlite.hpp"
#include "kiosk/store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

using namespace kiosk;

namespace {

struct Shape {
    const char* name;
    SearchQuery (*make)(const std::string& fin, const std::vector<EmployerOption>& employers);
};

const Shape k_shapes[] = {
    {"contracts, no filter",
     [](const std::string& fin, const std::vector<EmployerOption>&) {
         SearchQuery q;
         q.fin = fin;
         return q;
     }},
    {"termination, no filter",
     [](const std::string& fin, const std::vector<EmployerOption>&) {
         SearchQuery q;
         q.fin = fin;
         q.tab = Tab::Termination;
         return q;
     }},
    {"contracts, employer+period+status+kind",
     [](const std::string& fin, const std::vector<EmployerOption>& employers) {
         SearchQuery q;
         q.fin = fin;
         if (!employers.empty()) q.employer_sun = employers.front().sun;
         q.from = "2010-01-01";
         q.to = "2026-12-31";
         q.contract_status = ContractStatusFilter::InForce;
         q.kind = "amendment";
         return q;
     }},
    {"termination, employer+order date+status+reason",
     [](const std::string& fin, const std::vector<EmployerOption>& employers) {
         SearchQuery q;
         q.fin = fin;
         q.tab = Tab::Termination;
         if (!employers.empty()) q.employer_sun = employers.back().sun;
         q.from = "2005-01-01";
         q.to = "2026-12-31";
         q.contract_status = ContractStatusFilter::Ended;
         q.reason = "69";
         return q;
     }},
    {"contracts, first page of 10 (ru labels)",
     [](const std::string& fin, const std::vector<EmployerOption>&) {
         SearchQuery q;
         q.fin = fin;
         q.lang = Lang::Ru;
         q.limit = 10;
         return q;
     }},
};

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: query_bench DB [PERSONS]\n");
        return 2;
    }
    std::size_t persons = argc > 2 ? std::stoul(argv[2]) : 2000;
    auto store = Store::open(argv[1], OpenMode::ReadOnly);
    if (!store) {
        std::fprintf(stderr, "open: %s\n", store.error().detail.c_str());
        return 1;
    }
    auto notifications = (*store)->count("notification");
    // Random people: random notification rowids, their FINs.
    std::vector<std::string> fins;
    {
        auto max_row = sql::Stmt::prepare((*store)->handle(), "SELECT max(rowid) FROM notification");
        auto pick = sql::Stmt::prepare((*store)->handle(),
                                       "SELECT employee_fin FROM notification WHERE rowid >= ?1 LIMIT 1");
        if (!max_row || !pick || !max_row->step()) return 1;
        std::int64_t max_id = max_row->column_int(0);
        std::mt19937_64 rng(7);
        while (fins.size() < persons) {
            pick->bind(1, static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(max_id)) + 1);
            auto has = pick->step();
            if (has && *has) fins.push_back(pick->column_text(0));
            pick->reset();
        }
    }
    auto search = Search::create(**store);
    if (!search) return 1;
    std::vector<std::vector<EmployerOption>> employers;
    for (const auto& fin : fins) employers.push_back((*search)->employers_of(fin).value_or(std::vector<EmployerOption>{}));

    std::printf("replica: %lld notifications; %zu random persons\n",
                static_cast<long long>(notifications.value_or(-1)), fins.size());
    std::size_t total_rows = 0;
    for (int pass = 0; pass < 2; ++pass) {
        bool timed = pass == 1; // pass 0 warms the page cache
        std::vector<std::vector<double>> micros(std::size(k_shapes));
        for (std::size_t p = 0; p < fins.size(); ++p) {
            for (std::size_t s = 0; s < std::size(k_shapes); ++s) {
                SearchQuery q = k_shapes[s].make(fins[p], employers[p]);
                auto t0 = std::chrono::steady_clock::now();
                auto rows = (*search)->run(q);
                double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
                if (!rows) {
                    std::fprintf(stderr, "query: %s\n", rows.error().detail.c_str());
                    return 1;
                }
                if (timed) total_rows += rows->size();
                micros[s].push_back(us);
            }
        }
        if (!timed) continue;
        double worst_p99 = 0;
        for (std::size_t s = 0; s < std::size(k_shapes); ++s) {
            double p50 = percentile(micros[s], 0.50), p99 = percentile(micros[s], 0.99);
            worst_p99 = std::max(worst_p99, p99);
            std::printf("  %-48s p50 %7.1f us  p99 %7.1f us  max %8.1f us\n", k_shapes[s].name, p50, p99,
                        *std::max_element(micros[s].begin(), micros[s].end()));
        }
        std::printf("  rows returned: %.1f per query on average\n",
                    static_cast<double>(total_rows) / static_cast<double>(fins.size() * std::size(k_shapes)));
        std::printf("worst p99 %.1f us (budget <= 500 us): %s\n", worst_p99, worst_p99 <= 500 ? "PASS" : "FAIL");
    }
    return 0;
}
