// The print queue on the simulator and the directory printer: a job is done
// only when the printer reports it completed; faults hold jobs that resume by
// themselves once the printer is ready; aborted and lost jobs fail; COPY n;
// spool files of citizen documents removed when the job ends; counters.
#include "hal/printer_sim.hpp"
#include "printer/queue.hpp"

#include "test_store.hpp"

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using printer::DocumentKind;
using printer::JobState;

class Queue : public ::testing::Test {
protected:
    void make(std::string_view sim_options) {
        m_queue.reset();
        m_sim = std::make_unique<hal::SimPrinter>(*hal::SimOptions::parse(sim_options));
        open(*m_sim);
    }
    void open(hal::Printer& p) {
        printer::QueueOptions o;
        o.spool_dir = m_db.dir / "spool";
        o.kiosk_id = "AZ-TEST-001";
        auto q = printer::PrintQueue::open(*m_db.store, p, o);
        ASSERT_TRUE(q) << q.error().detail;
        m_queue = std::move(*q);
    }
    printer::PrintJob print(const std::string& n = "N0000000001", DocumentKind kind = DocumentKind::Notification) {
        auto j = m_queue->enqueue({kind, n, kiosk::Lang::Az});
        EXPECT_TRUE(j) << j.error().code;
        return *j;
    }
    printer::PrintJob wait(std::int64_t id, printer::WaitFor until = printer::WaitFor::End, std::chrono::milliseconds t = 5s) {
        auto j = m_queue->wait(id, t, until, 5ms);
        EXPECT_TRUE(j) << j.error().code;
        return *j;
    }
    std::int64_t counter(const std::string& name) {
        auto cs = m_db.store->counters(m_sim ? m_sim->device_id() : "");
        for (const auto& c : *cs)
            if (c.name == name) return c.value;
        return 0;
    }
    std::size_t spool_files() {
        std::size_t n = 0;
        for (const auto& e : fs::directory_iterator(m_db.dir / "spool")) n += e.is_regular_file();
        return n;
    }

    test_support::SampleStore m_db;
    std::unique_ptr<hal::SimPrinter> m_sim;
    std::unique_ptr<printer::PrintQueue> m_queue;
};

TEST_F(Queue, PrintsToCompletionAndRemovesTheSpoolFile) {
    make("slow=5");
    auto job = print("B-2016-0000101"); // by number
    EXPECT_EQ(job.notification_id, "N0000000001");
    EXPECT_EQ(job.state, JobState::Queued);
    EXPECT_EQ(job.copy_number, 1);
    ASSERT_TRUE(m_queue->poll());
    auto sent = *m_queue->job(job.id);
    EXPECT_EQ(sent.state, JobState::Printing) << "sent is not printed";
    EXPECT_EQ(spool_files(), 1u);
    auto done = wait(job.id);
    EXPECT_EQ(done.state, JobState::Completed);
    EXPECT_EQ(done.pages, m_sim->pages_printed());
    EXPECT_EQ(done.pages_printed, done.pages);
    EXPECT_EQ(done.attempts, 1);
    EXPECT_TRUE(done.spool_path.empty());
    EXPECT_EQ(spool_files(), 0u) << "personal data leaves the spool with the job";
    EXPECT_EQ(counter("jobs_completed"), 1);
    EXPECT_EQ(counter("pages_printed"), done.pages);
}

TEST_F(Queue, SecondPrintOfTheSameDocumentIsACopy) {
    make("slow=1");
    auto a = print();
    wait(a.id);
    auto b = print("B-2016-0000101");
    EXPECT_EQ(b.copy_number, 2);
    auto other_doc = print("N0000000001", DocumentKind::Registration);
    EXPECT_EQ(other_doc.copy_number, 1);
    auto c = m_queue->reprint(b.id);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->copy_number, 3);
    auto doc = m_queue->render(*c);
    ASSERT_TRUE(doc);
    wait(c->id);
    EXPECT_EQ(m_sim->completed_jobs().size(), 4u);
}

TEST_F(Queue, PrinterNotReadyHoldsAndResumesByItself) {
    make("paper=0,slow=1");
    auto job = print();
    auto held = wait(job.id, printer::WaitFor::EndOrHeld);
    EXPECT_EQ(held.state, JobState::Held);
    EXPECT_EQ(held.last_error, "printer_media_empty");
    EXPECT_EQ(held.attempts, 0) << "nothing was sent";
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(m_queue->poll());
    EXPECT_EQ(m_queue->job(job.id)->state, JobState::Held);
    m_sim->load_paper(-1);
    auto done = wait(job.id);
    EXPECT_EQ(done.state, JobState::Completed);
    EXPECT_EQ(m_sim->completed_jobs().size(), 1u);
    EXPECT_EQ(counter("jobs_held"), 1);
}

TEST_F(Queue, PaperOutMidJobKeepsTheJobAtThePrinterUntilRefilled) {
    make("paper_out_after=1,slow=5");
    auto job = print();
    ASSERT_TRUE(m_queue->poll());
    printer::PrintJob j;
    for (int i = 0; i < 100; ++i) {
        j = wait(job.id, printer::WaitFor::End, 10ms);
        if (j.last_error == "printer_media_empty") break;
    }
    EXPECT_EQ(j.state, JobState::Printing);
    EXPECT_EQ(j.last_error, "printer_media_empty");
    EXPECT_EQ(j.pages_printed, 1);
    m_sim->load_paper(-1);
    auto done = wait(job.id);
    EXPECT_EQ(done.state, JobState::Completed);
    EXPECT_EQ(m_sim->pages_printed(), done.pages) << "no page printed twice";
}

TEST_F(Queue, JamAndOfflineAndDoorAreHeldWithTheirReason) {
    for (auto [options, code] : {std::pair{"offline", "printer_offline"}, {"door_open", "printer_door_open"}}) {
        make(options);
        auto job = print();
        auto held = wait(job.id, printer::WaitFor::EndOrHeld);
        EXPECT_EQ(held.state, JobState::Held) << options;
        EXPECT_EQ(held.last_error, code);
        m_sim->set_offline(false);
        m_sim->set_door_open(false);
        EXPECT_EQ(wait(job.id).state, JobState::Completed) << options;
    }
    make("jam_at=1,slow=1");
    auto job = print();
    printer::PrintJob j;
    for (int i = 0; i < 100 && j.last_error != "printer_media_jam"; ++i) j = wait(job.id, printer::WaitFor::End, 10ms);
    EXPECT_EQ(j.last_error, "printer_media_jam");
    m_sim->clear_jam();
    EXPECT_EQ(wait(job.id).state, JobState::Completed);
}

TEST_F(Queue, AbortedLostAndRejectedJobsFail) {
    for (auto [options, code] : {std::pair{"abort_at=1,slow=1", "printer_job_aborted"},
                                 {"lose_jobs", "printer_job_not_found"}, {"reject", "printer_job_rejected"}}) {
        make(options);
        auto job = print();
        auto end = wait(job.id);
        EXPECT_EQ(end.state, JobState::Failed) << options;
        EXPECT_EQ(end.last_error, code) << options;
        EXPECT_EQ(spool_files(), 0u);
        EXPECT_TRUE(m_sim->completed_jobs().empty());
    }
    EXPECT_EQ(counter("jobs_failed"), 3) << "one device id, three failed jobs";
}

TEST_F(Queue, CancelAndResume) {
    make("paper=0");
    auto a = print();
    EXPECT_EQ(wait(a.id, printer::WaitFor::EndOrHeld).state, JobState::Held);
    EXPECT_TRUE(m_queue->resume(a.id));
    EXPECT_EQ(m_queue->job(a.id)->state, JobState::Queued);
    ASSERT_TRUE(m_queue->cancel(a.id));
    EXPECT_EQ(m_queue->job(a.id)->state, JobState::Canceled);
    EXPECT_EQ(spool_files(), 0u);
    auto r = m_queue->cancel(a.id);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "print_job_ended");
    auto resumed = m_queue->resume(a.id);
    ASSERT_FALSE(resumed);
    EXPECT_EQ(resumed.error().code, "print_job_not_resumable");
    auto c = print();
    EXPECT_EQ(c.copy_number, 1) << "a canceled job that printed nothing is no original";
    ASSERT_TRUE(m_queue->cancel(c.id));

    make("slow=200");
    auto b = print("N0000000002");
    ASSERT_TRUE(m_queue->poll());
    ASSERT_EQ(m_queue->job(b.id)->state, JobState::Printing);
    ASSERT_TRUE(m_queue->cancel(b.id));
    EXPECT_EQ(m_queue->job(b.id)->state, JobState::Canceled);
    EXPECT_FALSE(m_queue->cancel(999999));
}

TEST_F(Queue, JobsGoOneAtATimeInOrder) {
    make("slow=2");
    std::vector<std::int64_t> ids;
    for (const char* n : {"N0000000001", "N0000000002", "N0000000003"}) ids.push_back(print(n).id);
    ASSERT_TRUE(m_queue->poll());
    EXPECT_EQ(m_queue->job(ids[0])->state, JobState::Printing);
    EXPECT_EQ(m_queue->job(ids[1])->state, JobState::Queued);
    auto last = wait(ids[2]);
    EXPECT_EQ(last.state, JobState::Completed);
    auto names = m_sim->completed_jobs();
    ASSERT_EQ(names.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(names[i], "emek-" + std::to_string(ids[i]) + "-1");
}

TEST_F(Queue, UnknownNotificationIsRefused) {
    make("");
    auto j = m_queue->enqueue({DocumentKind::Registration, "N9999999999", kiosk::Lang::Az});
    ASSERT_FALSE(j);
    EXPECT_EQ(j.error().code, "notification_not_found");
    auto t = m_queue->enqueue({DocumentKind::TestPage, "", kiosk::Lang::En});
    ASSERT_TRUE(t);
    EXPECT_EQ(wait(t->id).state, JobState::Completed);
}

TEST_F(Queue, DirectoryPrinterReceivesTheDocument) {
    auto dir = hal::open_printer("dir:" + (m_db.dir / "out").string());
    ASSERT_TRUE(dir);
    open(**dir);
    auto job = print("N0000000003", DocumentKind::Registration);
    EXPECT_EQ(wait(job.id).state, JobState::Completed);
    auto text = test_support::run("pdftotext " + (m_db.dir / "out").string() + "/1-emek-" + std::to_string(job.id) +
                                  "-1.pdf - 2>/dev/null");
    EXPECT_NE(text.find("B-2019-0000088"), std::string::npos);
}

} // namespace
