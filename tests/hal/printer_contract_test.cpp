// The printer contract: one suite, run on every backend (STYLE: one contract
// suite per device class). Built twice: without IPP (sim, dir) and with IPP only
// (against a real ippeveprinter, CTest label "ipp").
#include "hal/printer.hpp"
#include "hal/printer_sim.hpp"

#include "../support/ipp_server.hpp"
#include "../support/pdf_sample.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

struct Backend {
    std::string name;
    // Makes the printer; `received` lists the documents that came out, when the backend can tell.
    std::function<std::unique_ptr<hal::Printer>(const fs::path& work)> make;
};

void PrintTo(const Backend& b, std::ostream* os) { *os << b.name; }

class PrinterContract : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        m_work = test_support::make_temp_dir("emek-printer-contract");
        if (GetParam().name == "ipp") {
            m_ipp = test_support::IppServer::start();
            ASSERT_NE(m_ipp, nullptr) << "ippeveprinter did not start";
            auto p = hal::open_printer(m_ipp->uri());
            ASSERT_TRUE(p) << p.error().detail;
            m_printer = std::move(*p);
        } else {
            m_printer = GetParam().make(m_work);
        }
        ASSERT_NE(m_printer, nullptr);
        m_pdf = test_support::write_sample_pdf(m_work / "doc.pdf", 2);
    }
    void TearDown() override {
        m_printer.reset();
        m_ipp.reset();
        std::error_code ec;
        fs::remove_all(m_work, ec);
    }

    hal::JobStatus wait_final(hal::JobId id, std::chrono::milliseconds timeout = 10s) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        hal::JobStatus last;
        while (std::chrono::steady_clock::now() < deadline) {
            auto s = m_printer->job(id);
            EXPECT_TRUE(s) << s.error().code;
            if (!s) break;
            last = *s;
            if (hal::is_final(s->state)) break;
            std::this_thread::sleep_for(20ms);
        }
        return last;
    }

    // The documents that came out of the printer, when the backend keeps them.
    std::vector<fs::path> received() {
        if (m_ipp) return m_ipp->received();
        std::vector<fs::path> out;
        if (GetParam().name == "dir")
            for (const auto& e : fs::directory_iterator(m_work / "out"))
                if (e.path().extension() == ".pdf" && e.path().filename().string()[0] != '.') out.push_back(e.path());
        std::sort(out.begin(), out.end());
        return out;
    }

    fs::path m_work, m_pdf;
    std::unique_ptr<test_support::IppServer> m_ipp;
    std::unique_ptr<hal::Printer> m_printer;
};

TEST_P(PrinterContract, IdlePrinterIsReady) {
    auto s = m_printer->status();
    ASSERT_TRUE(s) << s.error().detail;
    EXPECT_TRUE(s->ready());
    EXPECT_NE(s->state, hal::PrinterState::Stopped);
    EXPECT_FALSE(s->has(hal::PrinterReason::Offline));
    EXPECT_TRUE(m_printer->device_id().starts_with("printer:"));
}

TEST_P(PrinterContract, SubmittedJobIsFollowedToCompletedAndArrivesIntact) {
    auto id = m_printer->submit(m_pdf, "emek-7-1");
    ASSERT_TRUE(id) << id.error().code << " " << id.error().detail;
    auto first = m_printer->job(*id);
    ASSERT_TRUE(first);
    auto end = wait_final(*id);
    EXPECT_EQ(end.state, hal::JobState::Completed) << hal::job_state_name(end.state) << " " << end.reason;
    if (GetParam().name != "sim") {
        auto files = received();
        ASSERT_EQ(files.size(), 1u);
        EXPECT_EQ(test_support::read_file(files[0]), test_support::read_file(m_pdf)) << "the PDF must arrive byte for byte";
        EXPECT_NE(files[0].filename().string().find("emek-7-1"), std::string::npos);
    }
}

TEST_P(PrinterContract, FindsAJobByItsName) {
    auto id = m_printer->submit(m_pdf, "emek-12-3");
    ASSERT_TRUE(id);
    auto found = m_printer->find_job("emek-12-3");
    ASSERT_TRUE(found) << found.error().code;
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ(**found, *id);
    auto missing = m_printer->find_job("emek-12-4");
    ASSERT_TRUE(missing);
    EXPECT_FALSE(missing->has_value());
}

TEST_P(PrinterContract, UnknownJobIsNotFound) {
    auto s = m_printer->job(4242);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, "printer_job_not_found");
}

TEST_P(PrinterContract, JobIdsAreDistinct) {
    // One after the other: a printer may refuse a job while it prints another (IPP server-error-busy).
    auto a = m_printer->submit(m_pdf, "emek-1-1");
    ASSERT_TRUE(a) << a.error().detail;
    EXPECT_EQ(wait_final(*a).state, hal::JobState::Completed);
    auto b = m_printer->submit(m_pdf, "emek-2-1");
    ASSERT_TRUE(b) << b.error().detail;
    EXPECT_NE(*a, *b);
    EXPECT_EQ(wait_final(*b).state, hal::JobState::Completed);
}

TEST_P(PrinterContract, CancelOfAnEndedJobFails) {
    auto id = m_printer->submit(m_pdf, "emek-3-1");
    ASSERT_TRUE(id);
    ASSERT_EQ(wait_final(*id).state, hal::JobState::Completed);
    auto r = m_printer->cancel(*id);
    EXPECT_FALSE(r);
}

TEST_P(PrinterContract, HealthCheckInternalAndExternal) {
    auto internal = hal::check_health(*m_printer, hal::HealthLevel::Internal);
    ASSERT_TRUE(internal);
    EXPECT_TRUE(internal->ok);
    EXPECT_FALSE(internal->test_job);
    auto external = hal::check_health(*m_printer, hal::HealthLevel::External, m_pdf, 10s);
    ASSERT_TRUE(external);
    EXPECT_TRUE(external->ok) << external->detail;
    ASSERT_TRUE(external->test_job_status);
    EXPECT_EQ(external->test_job_status->state, hal::JobState::Completed);
    auto interactive = hal::check_health(*m_printer, hal::HealthLevel::Interactive, m_pdf, 10s);
    ASSERT_TRUE(interactive);
    EXPECT_FALSE(interactive->ok);
    EXPECT_TRUE(interactive->needs_confirmation);
}

std::vector<Backend> backends() {
    std::vector<Backend> out;
#ifdef CONTRACT_WITH_IPP
    out.push_back({"ipp", nullptr});
#else
    out.push_back({"sim", [](const fs::path&) {
                       return std::unique_ptr<hal::Printer>(
                           std::make_unique<hal::SimPrinter>(*hal::SimOptions::parse("slow=5")));
                   }});
    out.push_back({"dir", [](const fs::path& work) {
                       auto p = hal::open_printer("dir:" + (work / "out").string());
                       return p ? std::move(*p) : nullptr;
                   }});
#endif
    return out;
}

INSTANTIATE_TEST_SUITE_P(Backends, PrinterContract, ::testing::ValuesIn(backends()),
                         [](const auto& param_info) { return param_info.param.name; });

} // namespace
