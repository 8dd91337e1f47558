// The simulator's faults (each one of PRODUCT §5 / issue 4), the factory's URIs
// and the PDF page count.
#include "hal/printer.hpp"
#include "hal/printer_sim.hpp"

#include "../support/pdf_sample.hpp"
#include "../support/ipp_server.hpp"

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class SimFaults : public ::testing::Test {
protected:
    void SetUp() override {
        m_work = test_support::make_temp_dir("emek-sim");
        m_pdf3 = test_support::write_sample_pdf(m_work / "three.pdf", 3);
    }
    void TearDown() override { fs::remove_all(m_work); }

    std::unique_ptr<hal::SimPrinter> make(std::string_view options) {
        auto o = hal::SimOptions::parse(options);
        EXPECT_TRUE(o) << o.error().detail;
        return std::make_unique<hal::SimPrinter>(*o);
    }

    // Polls until the job is final or stays in one non-final state for `settle`.
    static hal::JobStatus settle(hal::SimPrinter& p, hal::JobId id, std::chrono::milliseconds settle = 150ms) {
        hal::JobStatus s;
        for (int i = 0; i < 200; ++i) {
            auto r = p.job(id);
            if (!r) return {};
            s = *r;
            if (hal::is_final(s.state)) return s;
            if (s.state == hal::JobState::Stopped) {
                std::this_thread::sleep_for(settle);
                auto again = p.job(id);
                if (again && again->state == hal::JobState::Stopped && again->pages_completed == s.pages_completed)
                    return *again;
            }
            std::this_thread::sleep_for(5ms);
        }
        return s;
    }

    fs::path m_work, m_pdf3;
};

TEST_F(SimFaults, PaperOutBeforePageN) {
    auto p = make("paper_out_before=2,slow=2");
    auto id = p->submit(m_pdf3, "j");
    ASSERT_TRUE(id);
    auto s = settle(*p, *id);
    EXPECT_EQ(s.state, hal::JobState::Stopped);
    EXPECT_EQ(s.pages_completed, 1);
    auto st = p->status();
    EXPECT_EQ(st->state, hal::PrinterState::Stopped);
    EXPECT_TRUE(st->has(hal::PrinterReason::MediaEmpty));
    EXPECT_FALSE(st->ready());
    p->load_paper(-1);
    s = settle(*p, *id);
    EXPECT_EQ(s.state, hal::JobState::Completed);
    EXPECT_EQ(s.pages_completed, 3);
    EXPECT_EQ(p->pages_printed(), 3);
}

TEST_F(SimFaults, PaperOutAfterPageN) {
    auto p = make("paper_out_after=3,slow=2");
    auto id = p->submit(m_pdf3, "j");
    auto s = settle(*p, *id);
    EXPECT_EQ(s.state, hal::JobState::Completed) << "the last sheet still prints";
    auto st = p->status();
    EXPECT_TRUE(st->has(hal::PrinterReason::MediaEmpty));
    EXPECT_FALSE(st->ready());
    auto id2 = p->submit(m_pdf3, "k");
    EXPECT_EQ(settle(*p, *id2).state, hal::JobState::Stopped);
}

TEST_F(SimFaults, JamStopsTheJobUntilCleared) {
    auto p = make("jam_at=2,slow=2");
    auto id = p->submit(m_pdf3, "j");
    auto s = settle(*p, *id);
    EXPECT_EQ(s.state, hal::JobState::Stopped);
    EXPECT_EQ(s.pages_completed, 1);
    EXPECT_TRUE(p->status()->has(hal::PrinterReason::MediaJam));
    p->clear_jam();
    EXPECT_EQ(settle(*p, *id).state, hal::JobState::Completed);
    EXPECT_EQ(p->pages_printed(), 3) << "the jammed page is printed again, once";
}

TEST_F(SimFaults, OfflineRefusesAndRecovers) {
    auto p = make("offline");
    auto st = p->status();
    ASSERT_TRUE(st);
    EXPECT_TRUE(st->has(hal::PrinterReason::Offline));
    EXPECT_EQ(st->state, hal::PrinterState::Stopped);
    auto id = p->submit(m_pdf3, "j");
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().code, "printer_offline");
    p->set_offline(false);
    EXPECT_TRUE(p->status()->ready());
    auto id2 = p->submit(m_pdf3, "j");
    ASSERT_TRUE(id2);
    p->set_offline(true);
    auto j = p->job(*id2);
    ASSERT_FALSE(j);
    EXPECT_EQ(j.error().code, "printer_offline");
}

TEST_F(SimFaults, DoorOpenBlocksTonerLowDoesNot) {
    auto p = make("door_open,toner_low,slow=1");
    auto st = p->status();
    EXPECT_TRUE(st->has(hal::PrinterReason::DoorOpen));
    EXPECT_TRUE(st->has(hal::PrinterReason::TonerLow));
    EXPECT_FALSE(st->ready());
    p->set_door_open(false);
    st = p->status();
    EXPECT_TRUE(st->ready()) << "toner-low is a warning";
    auto id = p->submit(m_pdf3, "j");
    EXPECT_EQ(settle(*p, *id).state, hal::JobState::Completed);
}

TEST_F(SimFaults, SlowPrinterTakesItsTime) {
    auto p = make("slow=60");
    auto start = std::chrono::steady_clock::now();
    auto id = p->submit(m_pdf3, "j");
    auto first = p->job(*id);
    EXPECT_EQ(first->state, hal::JobState::Processing);
    EXPECT_EQ(p->status()->state, hal::PrinterState::Processing);
    EXPECT_EQ(settle(*p, *id).state, hal::JobState::Completed);
    EXPECT_GE(std::chrono::steady_clock::now() - start, 170ms);
}

TEST_F(SimFaults, RejectedJob) {
    auto p = make("reject");
    auto id = p->submit(m_pdf3, "j");
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().code, "printer_job_rejected");
}

TEST_F(SimFaults, LostJob) {
    auto p = make("lose_jobs");
    auto id = p->submit(m_pdf3, "j");
    ASSERT_TRUE(id) << "accepted first";
    auto j = p->job(*id);
    ASSERT_FALSE(j);
    EXPECT_EQ(j.error().code, "printer_job_not_found");
}

TEST_F(SimFaults, AbortedJob) {
    auto p = make("abort_at=2,slow=1");
    auto id = p->submit(m_pdf3, "j");
    auto s = settle(*p, *id);
    EXPECT_EQ(s.state, hal::JobState::Aborted);
    EXPECT_EQ(s.pages_completed, 2);
    EXPECT_TRUE(p->completed_jobs().empty());
}

TEST_F(SimFaults, CancelStopsAJob) {
    auto p = make("slow=100");
    auto id = p->submit(m_pdf3, "j");
    ASSERT_TRUE(p->cancel(*id));
    EXPECT_EQ(p->job(*id)->state, hal::JobState::Canceled);
    EXPECT_TRUE(p->status()->ready());
}

TEST(SimOptions, RejectsUnknownAndMalformed) {
    EXPECT_FALSE(hal::SimOptions::parse("paper=x"));
    EXPECT_FALSE(hal::SimOptions::parse("bogus"));
    EXPECT_FALSE(hal::SimOptions::parse("offline=1"));
    EXPECT_FALSE(hal::SimOptions::parse("paper_out_before=0"));
    auto o = hal::SimOptions::parse("paper_out_before=3,jam_at=2,slow=7");
    ASSERT_TRUE(o);
    EXPECT_EQ(o->paper, 2);
    EXPECT_EQ(o->jam_at, 2);
    EXPECT_EQ(o->page_time, 7ms);
}

TEST(PrinterFactory, Uris) {
    EXPECT_TRUE(hal::open_printer("sim:"));
    EXPECT_TRUE(hal::open_printer("sim:paper=1"));
    EXPECT_TRUE(hal::open_printer("ipp://127.0.0.1:1/ipp/print"));
    EXPECT_TRUE(hal::open_printer("ipps://printer.local/ipp/print"));
    for (const char* bad : {"", "lpt1", "dir:", "http://x/", "sim:nope", "ipp://user:pw@host/ipp/print"}) {
        auto p = hal::open_printer(bad);
        ASSERT_FALSE(p) << bad;
        EXPECT_EQ(p.error().code, "printer_uri_invalid") << bad;
    }
}

TEST(PrinterFactory, UnreachableIppPrinterIsOfflineNotAnError) {
    auto p = hal::open_printer("ipp://127.0.0.1:" + std::to_string(test_support::free_port()) + "/ipp/print");
    ASSERT_TRUE(p);
    auto s = (*p)->status();
    ASSERT_TRUE(s);
    EXPECT_EQ(s->state, hal::PrinterState::Stopped);
    EXPECT_TRUE(s->has(hal::PrinterReason::Offline));
    auto work = test_support::make_temp_dir("emek-ipp-off");
    auto id = (*p)->submit(test_support::write_sample_pdf(work / "a.pdf", 1), "j");
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().code, "printer_offline");
    fs::remove_all(work);
}

TEST(PdfPages, CountsPageObjectsNotThePageTree) {
    auto work = test_support::make_temp_dir("emek-pages");
    for (int n : {1, 2, 5}) {
        auto pages = hal::count_pdf_pages(test_support::write_sample_pdf(work / "x.pdf", n));
        ASSERT_TRUE(pages);
        EXPECT_EQ(*pages, n);
    }
    EXPECT_FALSE(hal::count_pdf_pages(work / "missing.pdf"));
    fs::remove_all(work);
}

TEST(PrinterNames, StatesAndReasons) {
    hal::PrinterStatus s;
    s.add(hal::PrinterReason::MediaJam);
    s.add(hal::PrinterReason::TonerLow);
    auto names = hal::reason_names(s);
    ASSERT_EQ(names.size(), 2u);
    EXPECT_EQ(names[0], "media-jam");
    EXPECT_EQ(names[1], "toner-low");
    EXPECT_FALSE(s.ready());
    EXPECT_EQ(hal::state_name(hal::PrinterState::Stopped), "stopped");
}

} // namespace
