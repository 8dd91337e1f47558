// The printer simulator: a Printer that prints in memory, page by page in time,
// with faults injected from its URI or at run time by tests and demos.
//
//   sim:[OPTION[,OPTION...]]
//     paper=N             sheets in the tray (default: endless)
//     paper_out_before=N  the paper runs out before page N (paper=N-1)
//     paper_out_after=N   the paper runs out after page N (paper=N)
//     jam_at=N            the N-th page this printer prints jams (the page is not printed)
//     abort_at=N          the printer aborts the job that prints its N-th page (after printing it)
//     offline             unreachable until set_offline(false)
//     door_open           a cover is open until set_door_open(false)
//     toner_low           a warning only: printing goes on
//     slow=MS             each page takes MS milliseconds (default 20)
//     reject              every job is refused at submission
//     lose_jobs           jobs are accepted, then forgotten (the printer loses them)
//
// Pages count across jobs; a job that meets a fault stops (job state Stopped, printer Stopped with the
// reason) and goes on by itself once the fault is cleared, as a real printer does.
//
// Version 1 (as printer.hpp). Breaking changes:
//   v1: first version.
#pragma once

#include "hal/printer.hpp"

#include <map>
#include <mutex>

namespace hal {

struct SimOptions {
    std::int64_t paper = -1; // -1: endless
    std::int64_t jam_at = 0;
    std::int64_t abort_at = 0;
    bool offline = false;
    bool door_open = false;
    bool toner_low = false;
    bool reject = false;
    bool lose_jobs = false;
    std::chrono::milliseconds page_time{20};

    // Parses the part after "sim:". Errors: printer_uri_invalid.
    [[nodiscard]] static Result<SimOptions> parse(std::string_view options);
};

class SimPrinter final : public Printer {
public:
    explicit SimPrinter(SimOptions options, std::string name = "sim");

    std::string device_id() const override;
    Result<PrinterStatus> status() override;
    Result<JobId> submit(const std::filesystem::path& pdf, std::string_view job_name) override;
    Result<JobStatus> job(JobId id) override;
    Result<std::optional<JobId>> find_job(std::string_view job_name) override;
    Status cancel(JobId id) override;

    // Run-time faults and their remedies (a technician's hands).
    void load_paper(std::int64_t sheets); // -1: endless
    void clear_jam();
    void jam_at(std::int64_t page);
    void abort_at(std::int64_t page);
    void set_offline(bool offline);
    void set_door_open(bool open);
    void set_toner_low(bool low);
    void set_reject(bool reject);
    void set_lose_jobs(bool lose);

    // Pages printed since the simulator started (what came out of the printer).
    std::int64_t pages_printed();
    // The names of the jobs that completed, in order (tests: nothing printed twice).
    std::vector<std::string> completed_jobs();

private:
    struct Job {
        std::string name;
        std::int64_t pages = 0;
        std::int64_t done = 0;
        JobState state = JobState::Pending;
        std::string reason;
    };
    using Clock = std::chrono::steady_clock;

    void advance();   // prints the pages due by now; m_mutex held
    bool blocked() const;
    void unblocked(); // restarts the page clock after a fault is cleared

    std::mutex m_mutex;
    SimOptions m_options;
    std::string m_name;
    std::map<JobId, Job> m_jobs;
    JobId m_next_id = 1;
    bool m_jammed = false;
    std::int64_t m_pages_printed = 0;
    Clock::time_point m_next_page_at{};
    std::vector<std::string> m_completed;
};

// Pages of a PDF file, counted from its page objects (libharu and most writers keep them uncompressed);
// 0 when none is found. Errors: printer_io_failed.
[[nodiscard]] Result<std::int64_t> count_pdf_pages(const std::filesystem::path& pdf);

} // namespace hal
