// Documents and printing against PRODUCT §9:
//   ms per notification PDF (budget <= 10 ms) and "print requested -> job accepted
//   by the IPP printer" (budget <= 300 ms, against ippeveprinter when installed).
//
//   print_bench DB [N]
// DB is a store with notifications (kiosk import); N documents are rendered (default 200).
#include "hal/printer.hpp"
#include "kiosk/notification.hpp"
#include "kiosk/sqlite.hpp"
#include "printer/documents.hpp"
#include "printer/queue.hpp"

#include "../tests/support/ipp_server.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace std::chrono;

namespace {

double ms(steady_clock::duration d) { return duration<double, std::milli>(d).count(); }

void report(const char* what, std::vector<double> v, double budget) {
    std::sort(v.begin(), v.end());
    double p50 = v[v.size() / 2], p99 = v[std::min(v.size() - 1, v.size() * 99 / 100)];
    std::printf("  %-44s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms", what, p50, p99, v.back());
    if (budget > 0)
        std::printf("  (budget %.0f ms at p50: %s)", budget, p50 <= budget ? "ok" : "OVER");
    std::printf("\n");
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: print_bench DB [N]\n");
        return 2;
    }
    const int n = argc > 2 ? std::stoi(argv[2]) : 200;
    auto store = kiosk::Store::open(argv[1]);
    if (!store) {
        std::fprintf(stderr, "print_bench: %s\n", store.error().detail.c_str());
        return 1;
    }
    std::vector<std::string> ids;
    {
        auto stmt = kiosk::sql::Stmt::prepare((*store)->handle(),
                                              "SELECT id FROM notification WHERE status != 'entered' LIMIT ?1");
        stmt->bind(1, static_cast<std::int64_t>(n));
        while (*stmt->step()) ids.push_back(stmt->column_text(0));
    }
    if (ids.empty()) {
        std::fprintf(stderr, "print_bench: no notifications in %s\n", argv[1]);
        return 1;
    }

    std::vector<double> load, render;
    std::size_t bytes = 0, pages = 0;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        printer::RenderContext ctx;
        ctx.lang = static_cast<kiosk::Lang>(i % 3);
        auto t0 = steady_clock::now();
        auto detail = kiosk::load_notification(**store, ids[i], ctx.lang);
        auto t1 = steady_clock::now();
        auto doc = printer::render_notification(*detail, ctx);
        auto t2 = steady_clock::now();
        if (!doc) {
            std::fprintf(stderr, "print_bench: %s\n", doc.error().detail.c_str());
            return 1;
        }
        load.push_back(ms(t1 - t0));
        render.push_back(ms(t2 - t1));
        bytes += doc->pdf.size();
        pages += static_cast<std::size_t>(doc->pages);
    }
    std::printf("== documents: %zu notification forms (az/ru/en), %.1f pages and %.0f KB each ==\n", ids.size(),
                double(pages) / ids.size(), double(bytes) / ids.size() / 1024);
    report("load from the store", load, 0);
    report("notification PDF generated", render, 10);

    auto ipp = test_support::IppServer::start(0.05);
    if (!ipp) {
        std::printf("== IPP: ippeveprinter not available, skipped ==\n");
        return 0;
    }
    auto p = hal::open_printer(ipp->uri());
    printer::QueueOptions options;
    auto spool = test_support::make_temp_dir("emek-bench-spool");
    options.spool_dir = spool;
    auto queue = printer::PrintQueue::open(**store, **p, options);
    if (!queue) {
        std::fprintf(stderr, "print_bench: %s\n", queue.error().detail.c_str());
        return 1;
    }
    std::vector<double> accepted, completed;
    const int jobs = 30;
    for (int i = 0; i < jobs; ++i) {
        auto t0 = steady_clock::now();
        auto job = (*queue)->enqueue({printer::DocumentKind::Notification, ids[static_cast<std::size_t>(i) % ids.size()],
                                      kiosk::Lang::Az});
        if (!job || !(*queue)->poll()) return 1;
        auto sent = (*queue)->job(job->id);
        auto t1 = steady_clock::now();
        if (sent->state != printer::JobState::Printing) {
            std::fprintf(stderr, "print_bench: job not accepted: %s\n", sent->last_error.c_str());
            return 1;
        }
        auto end = (*queue)->wait(job->id, seconds(10), printer::WaitFor::End, milliseconds(5));
        auto t2 = steady_clock::now();
        if (!end || end->state != printer::JobState::Completed) return 1;
        accepted.push_back(ms(t1 - t0));
        completed.push_back(ms(t2 - t0));
    }
    std::printf("== IPP (ippeveprinter on 127.0.0.1, %d jobs, completion script 50 ms) ==\n", jobs);
    report("print requested -> job accepted by printer", accepted, 300);
    report("print requested -> printer reports completed", completed, 0);
    std::filesystem::remove_all(spool);
    return 0;
}
