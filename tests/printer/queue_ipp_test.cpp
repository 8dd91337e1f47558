// The print queue end to end against a real IPP printer (ippeveprinter): the
// rendered PDF arrives intact, out of paper holds the job at the printer until
// refilled, an aborted job fails.
#include "printer/queue.hpp"

#include "test_store.hpp"
#include "../support/pdf_sample.hpp"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using printer::JobState;

class IppQueue : public ::testing::Test {
protected:
    void SetUp() override {
        m_ipp = test_support::IppServer::start();
        ASSERT_NE(m_ipp, nullptr);
        auto p = hal::open_printer(m_ipp->uri());
        ASSERT_TRUE(p);
        m_printer = std::move(*p);
        printer::QueueOptions o;
        o.spool_dir = m_db.dir / "spool";
        auto q = printer::PrintQueue::open(*m_db.store, *m_printer, o);
        ASSERT_TRUE(q);
        m_queue = std::move(*q);
    }
    test_support::SampleStore m_db;
    std::unique_ptr<test_support::IppServer> m_ipp;
    std::unique_ptr<hal::Printer> m_printer;
    std::unique_ptr<printer::PrintQueue> m_queue;
};

TEST_F(IppQueue, DocumentArrivesIntactAndCompletes) {
    auto job = m_queue->enqueue({printer::DocumentKind::Registration, "N0000000001", kiosk::Lang::Ru});
    ASSERT_TRUE(job);
    ASSERT_TRUE(m_queue->poll());
    auto sent = m_queue->job(job->id);
    ASSERT_EQ(sent->state, JobState::Printing);
    const std::string spooled = test_support::read_file(sent->spool_path);
    auto end = m_queue->wait(job->id, 10s);
    ASSERT_TRUE(end);
    EXPECT_EQ(end->state, JobState::Completed);
    auto files = m_ipp->received();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(test_support::read_file(files[0]), spooled) << "byte for byte";
    EXPECT_FALSE(std::filesystem::exists(sent->spool_path));
}

TEST_F(IppQueue, OutOfPaperHoldsThenResumesByItself) {
    ASSERT_TRUE(m_ipp->set_paper(false));
    for (int i = 0; i < 100; ++i) { // the printer applies the tray change from its own loop
        auto st = m_printer->status();
        if (st && st->has(hal::PrinterReason::MediaEmpty)) break;
        std::this_thread::sleep_for(20ms);
    }
    auto job = m_queue->enqueue({printer::DocumentKind::Notification, "N0000000003", kiosk::Lang::En});
    ASSERT_TRUE(job);
    auto held = m_queue->wait(job->id, 5s, printer::WaitFor::EndOrHeld);
    ASSERT_TRUE(held);
    EXPECT_EQ(held->state, JobState::Held);
    EXPECT_EQ(held->last_error, "printer_media_empty");
    EXPECT_TRUE(m_ipp->received().empty());
    ASSERT_TRUE(m_ipp->set_paper(true));
    auto end = m_queue->wait(job->id, 10s);
    ASSERT_TRUE(end);
    EXPECT_EQ(end->state, JobState::Completed);
    EXPECT_EQ(m_ipp->received().size(), 1u);
}

TEST_F(IppQueue, AbortedByThePrinterIsFailedNotPrinted) {
    m_ipp->set_exit_status(1);
    auto job = m_queue->enqueue({printer::DocumentKind::Notification, "N0000000001", kiosk::Lang::Az});
    ASSERT_TRUE(job);
    auto end = m_queue->wait(job->id, 10s);
    ASSERT_TRUE(end);
    EXPECT_EQ(end->state, JobState::Failed);
    EXPECT_EQ(end->last_error, "printer_job_aborted");
}

TEST_F(IppQueue, PrinterGoneMidJobKeepsWaiting) {
    m_ipp->set_job_seconds(2);
    auto job = m_queue->enqueue({printer::DocumentKind::Notification, "N0000000001", kiosk::Lang::Az});
    ASSERT_TRUE(job);
    ASSERT_TRUE(m_queue->poll());
    m_ipp->stop();
    auto j = m_queue->wait(job->id, 300ms);
    ASSERT_TRUE(j);
    EXPECT_EQ(j->state, JobState::Printing) << "an unreachable printer is no verdict on the job";
    EXPECT_EQ(j->last_error, "printer_offline");
}

} // namespace
