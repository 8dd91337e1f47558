// The IPP backend against a real ippeveprinter: job states followed through
// processing, printer-state-reasons read (media-empty, media-jam), a job the
// printer aborts, and a printer that goes away. CTest label "ipp".
#include "hal/printer.hpp"

#include "../support/ipp_server.hpp"
#include "../support/pdf_sample.hpp"

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class IppPrinter : public ::testing::Test {
protected:
    void SetUp() override {
        m_ipp = test_support::IppServer::start();
        ASSERT_NE(m_ipp, nullptr) << "ippeveprinter did not start";
        auto p = hal::open_printer(m_ipp->uri());
        ASSERT_TRUE(p);
        m_printer = std::move(*p);
        m_pdf = test_support::write_sample_pdf(m_ipp->dir() / "doc.pdf", 2);
    }

    // Polls the job, recording each state seen, until it is final.
    std::vector<hal::JobState> follow(hal::JobId id, std::chrono::milliseconds timeout = 10s) {
        std::vector<hal::JobState> seen;
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            auto s = m_printer->job(id);
            if (!s) break;
            if (seen.empty() || seen.back() != s->state) seen.push_back(s->state);
            if (hal::is_final(s->state)) break;
            std::this_thread::sleep_for(20ms);
        }
        return seen;
    }

    std::unique_ptr<test_support::IppServer> m_ipp;
    std::unique_ptr<hal::Printer> m_printer;
    fs::path m_pdf;
};

TEST_F(IppPrinter, FollowsProcessingThenCompleted) {
    m_ipp->set_job_seconds(0.4);
    auto id = m_printer->submit(m_pdf, "emek-1-1");
    ASSERT_TRUE(id);
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(m_printer->status()->state, hal::PrinterState::Processing);
    auto seen = follow(*id);
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), hal::JobState::Completed);
    EXPECT_NE(std::find(seen.begin(), seen.end(), hal::JobState::Processing), seen.end())
        << "a job is seen printing before it is completed";
    EXPECT_EQ(m_printer->status()->state, hal::PrinterState::Idle);
}

TEST_F(IppPrinter, PaperOutKeepsTheJobUntilRefilled) {
    ASSERT_TRUE(m_ipp->set_paper(false));
    auto st = m_printer->status();
    // The printer applies the tray change from its own loop: give it a moment.
    for (int i = 0; i < 100 && st && !st->has(hal::PrinterReason::MediaEmpty); ++i) {
        std::this_thread::sleep_for(20ms);
        st = m_printer->status();
    }
    ASSERT_TRUE(st);
    EXPECT_TRUE(st->has(hal::PrinterReason::MediaEmpty)) << st->message;
    EXPECT_FALSE(st->ready());
    auto id = m_printer->submit(m_pdf, "emek-2-1");
    ASSERT_TRUE(id);
    std::this_thread::sleep_for(400ms);
    auto waiting = m_printer->job(*id);
    ASSERT_TRUE(waiting);
    EXPECT_FALSE(hal::is_final(waiting->state)) << "nothing printed without paper";
    ASSERT_TRUE(m_ipp->set_paper(true));
    auto seen = follow(*id);
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), hal::JobState::Completed);
    EXPECT_TRUE(m_printer->status()->ready());
}

TEST_F(IppPrinter, ReasonsReportedWhilePrinting) {
    m_ipp->set_job_seconds(0.6);
    m_ipp->set_job_reasons({"+media-jam", "+toner-low"});
    auto id = m_printer->submit(m_pdf, "emek-3-1");
    ASSERT_TRUE(id);
    bool jam = false, toner = false;
    for (int i = 0; i < 40 && !(jam && toner); ++i) {
        auto st = m_printer->status();
        ASSERT_TRUE(st);
        jam = jam || st->has(hal::PrinterReason::MediaJam);
        toner = toner || st->has(hal::PrinterReason::TonerLow);
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_TRUE(jam);
    EXPECT_TRUE(toner);
    follow(*id);
}

TEST_F(IppPrinter, AbortedJobIsNotCompleted) {
    m_ipp->set_exit_status(1);
    auto id = m_printer->submit(m_pdf, "emek-4-1");
    ASSERT_TRUE(id);
    auto seen = follow(*id);
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), hal::JobState::Aborted);
}

TEST_F(IppPrinter, CancelAProcessingJob) {
    m_ipp->set_job_seconds(2);
    auto id = m_printer->submit(m_pdf, "emek-5-1");
    ASSERT_TRUE(id);
    std::this_thread::sleep_for(100ms);
    ASSERT_TRUE(m_printer->cancel(*id));
    auto seen = follow(*id);
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back(), hal::JobState::Canceled);
}

TEST_F(IppPrinter, PrinterGoneIsOffline) {
    auto id = m_printer->submit(m_pdf, "emek-6-1");
    ASSERT_TRUE(id);
    follow(*id);
    m_ipp->stop();
    auto st = m_printer->status();
    ASSERT_TRUE(st);
    EXPECT_TRUE(st->has(hal::PrinterReason::Offline));
    auto j = m_printer->job(*id);
    ASSERT_FALSE(j);
    EXPECT_EQ(j.error().code, "printer_offline");
}

} // namespace
