// The queue survives a kill: a child process prints and is killed with SIGKILL
// at the worst moments (before the document is sent, after the printer accepted
// it but before its id was recorded, in the middle of printing); a new worker on
// the same store resumes: no job lost, none printed twice. Directory printer
// here; the same against ippeveprinter in the "ipp" build of this file.
#include "printer/queue.hpp"

#include "test_store.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using printer::JobState;

class Recovery : public ::testing::Test {
protected:
    void SetUp() override {
#ifdef RECOVERY_WITH_IPP
        m_ipp = test_support::IppServer::start();
        ASSERT_NE(m_ipp, nullptr);
        m_uri = m_ipp->uri();
#else
        m_uri = "dir:" + (m_db.dir / "out").string();
#endif
        m_db.store.reset(); // the child and the new worker open the file themselves
    }

    // Runs the child to its death; returns its pid's wait status.
    int run_child(const std::string& kill_at, bool kill_while_printing = false) {
        pid_t pid = test_support::spawn({QUEUE_CHILD, m_db.db_path(), m_uri, (m_db.dir / "spool").string(), kill_at,
                                         "N0000000002"},
                                        {}, m_db.dir / "child.log");
        EXPECT_GT(pid, 0);
        if (kill_while_printing) {
            // Kill it from outside once the job is at the printer.
            for (int i = 0; i < 500; ++i) {
                auto store = kiosk::Store::open(m_db.db_path());
                if (store) {
                    auto rows = test_support::run("sqlite3 " + m_db.db_path() + " \"SELECT state FROM print_job\"");
                    if (rows.find("printing") != std::string::npos) break;
                }
                std::this_thread::sleep_for(10ms);
            }
            ::kill(pid, SIGKILL);
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        return status;
    }

    // A new worker: resumes whatever the dead one left.
    printer::PrintJob resume() {
        auto store = kiosk::Store::open(m_db.db_path());
        EXPECT_TRUE(store);
        auto p = hal::open_printer(m_uri);
        EXPECT_TRUE(p);
        printer::QueueOptions o;
        o.spool_dir = m_db.dir / "spool";
        auto q = printer::PrintQueue::open(**store, **p, o);
        EXPECT_TRUE(q);
        auto jobs = (*q)->recent_jobs(10);
        EXPECT_TRUE(jobs);
        EXPECT_EQ(jobs->size(), 1u) << "the job survived the kill";
        auto end = (*q)->wait(jobs->front().id, 15s);
        EXPECT_TRUE(end);
        return *end;
    }

    std::vector<fs::path> printed() {
#ifdef RECOVERY_WITH_IPP
        return m_ipp->received();
#else
        std::vector<fs::path> out;
        if (fs::exists(m_db.dir / "out"))
            for (const auto& e : fs::directory_iterator(m_db.dir / "out"))
                if (e.path().extension() == ".pdf") out.push_back(e.path());
        return out;
#endif
    }

    test_support::SampleStore m_db;
    std::unique_ptr<test_support::IppServer> m_ipp;
    std::string m_uri;
};

TEST_F(Recovery, KilledBeforeSendingIsSentOnce) {
    int status = run_child("submit");
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(WTERMSIG(status), SIGKILL);
    EXPECT_TRUE(printed().empty());
    auto job = resume();
    EXPECT_EQ(job.state, JobState::Completed);
    EXPECT_EQ(job.attempts, 2);
    EXPECT_EQ(printed().size(), 1u) << "printed exactly once";
    EXPECT_TRUE(job.spool_path.empty());
}

TEST_F(Recovery, KilledAfterThePrinterAcceptedIsNotSentAgain) {
    int status = run_child("submitted");
    ASSERT_TRUE(WIFSIGNALED(status));
    auto job = resume();
    EXPECT_EQ(job.state, JobState::Completed);
    EXPECT_EQ(job.attempts, 1) << "the printer's job was found by its name, not sent again";
    EXPECT_EQ(printed().size(), 1u) << "printed exactly once";
}

#ifdef RECOVERY_WITH_IPP
TEST_F(Recovery, KilledWhilePrintingIsFollowedToTheEnd) {
    m_ipp->set_job_seconds(1.0);
    int status = run_child("none", true);
    ASSERT_TRUE(WIFSIGNALED(status));
    auto job = resume();
    EXPECT_EQ(job.state, JobState::Completed);
    EXPECT_EQ(job.attempts, 1);
    EXPECT_EQ(printed().size(), 1u) << "printed exactly once";
}
#endif

TEST_F(Recovery, UninterruptedChildPrintsOnce) {
    int status = run_child("none");
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(printed().size(), 1u);
}

} // namespace
