// Test helper: a kiosk process that prints through the queue and can die at the
// worst moment. queue_child DB PRINTER_URI SPOOL_DIR KILL_AT [NOTIFICATION]
//   KILL_AT: "submit" (job marked submitting, nothing sent yet), "submitted" (the printer accepted the
//   job, its id not recorded), or "none" (runs until the job ends; the test kills it from outside).
// With NOTIFICATION it first queues that notification's form.
#include "hal/printer.hpp"
#include "printer/queue.hpp"

#include <csignal>
#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    if (argc < 5) return 2;
    const std::string kill_at = argv[4];
    auto store = kiosk::Store::open(argv[1]);
    if (!store) return 1;
    auto p = hal::open_printer(argv[2]);
    if (!p) return 1;
    printer::QueueOptions o;
    o.spool_dir = argv[3];
    o.on_step = [&](std::string_view point, const printer::PrintJob&) {
        if (point == kill_at) std::raise(SIGKILL);
    };
    auto q = printer::PrintQueue::open(**store, **p, o);
    if (!q) return 1;
    std::int64_t id = 0;
    if (argc > 5) {
        auto job = (*q)->enqueue({printer::DocumentKind::Notification, argv[5], kiosk::Lang::Az});
        if (!job) return 1;
        id = job->id;
        std::printf("%lld\n", static_cast<long long>(id));
        std::fflush(stdout);
    }
    auto end = (*q)->wait(id, std::chrono::seconds(30));
    return end && end->state == printer::JobState::Completed ? 0 : 3;
}
