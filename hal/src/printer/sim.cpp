// The printer simulator (hal/printer_sim.hpp): pages come out in time, one job
// after another; faults stop the current job until they are cleared.
#include "hal/printer_sim.hpp"

#include <charconv>

namespace hal {
namespace {

std::optional<std::int64_t> parse_number(std::string_view s) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size() || value < 0) return std::nullopt;
    return value;
}

} // namespace

Result<SimOptions> SimOptions::parse(std::string_view text) {
    SimOptions o;
    while (!text.empty()) {
        std::size_t comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        if (item.empty()) continue;
        std::size_t eq = item.find('=');
        std::string_view key = item.substr(0, eq);
        std::optional<std::int64_t> n;
        if (eq != std::string_view::npos) {
            n = parse_number(item.substr(eq + 1));
            if (!n) return kiosk::fail("printer_uri_invalid", "sim: " + std::string(key) + " needs a number");
        }
        auto needs_number = [&]() -> Status {
            if (!n) return kiosk::fail("printer_uri_invalid", "sim: " + std::string(key) + "=N");
            return {};
        };
        if (key == "paper") {
            KIOSK_TRY(needs_number());
            o.paper = *n;
        } else if (key == "paper_out_before") {
            KIOSK_TRY(needs_number());
            if (*n < 1) return kiosk::fail("printer_uri_invalid", "sim: paper_out_before counts from page 1");
            o.paper = *n - 1;
        } else if (key == "paper_out_after") {
            KIOSK_TRY(needs_number());
            o.paper = *n;
        } else if (key == "jam_at") {
            KIOSK_TRY(needs_number());
            o.jam_at = *n;
        } else if (key == "abort_at") {
            KIOSK_TRY(needs_number());
            o.abort_at = *n;
        } else if (key == "slow") {
            KIOSK_TRY(needs_number());
            o.page_time = std::chrono::milliseconds(*n);
        } else if (n) {
            return kiosk::fail("printer_uri_invalid", "sim: " + std::string(key) + " takes no value");
        } else if (key == "offline") {
            o.offline = true;
        } else if (key == "door_open") {
            o.door_open = true;
        } else if (key == "toner_low") {
            o.toner_low = true;
        } else if (key == "reject") {
            o.reject = true;
        } else if (key == "lose_jobs") {
            o.lose_jobs = true;
        } else {
            return kiosk::fail("printer_uri_invalid", "sim: unknown option " + std::string(key));
        }
    }
    return o;
}

SimPrinter::SimPrinter(SimOptions options, std::string name) : m_options(options), m_name(std::move(name)) {}

std::string SimPrinter::device_id() const { return "printer:" + m_name; }

bool SimPrinter::blocked() const {
    return m_options.offline || m_options.door_open || m_jammed || m_options.paper == 0;
}

void SimPrinter::unblocked() {
    auto now = Clock::now();
    if (m_next_page_at < now + m_options.page_time) m_next_page_at = now + m_options.page_time;
}

void SimPrinter::advance() {
    const auto now = Clock::now();
    for (;;) {
        auto it = m_jobs.begin();
        while (it != m_jobs.end() && is_final(it->second.state)) ++it;
        if (it == m_jobs.end()) return;
        Job& job = it->second;
        if (blocked()) {
            job.state = JobState::Stopped;
            job.reason = m_options.offline ? "printer-offline" : "printer-stopped";
            return;
        }
        job.state = JobState::Processing;
        job.reason = "job-printing";
        if (m_next_page_at > now) return;
        if (m_options.jam_at > 0 && m_pages_printed + 1 == m_options.jam_at) {
            m_options.jam_at = 0;
            m_jammed = true;
            continue;
        }
        ++job.done;
        ++m_pages_printed;
        if (m_options.paper > 0) --m_options.paper;
        m_next_page_at += m_options.page_time;
        if (m_options.abort_at > 0 && m_pages_printed == m_options.abort_at) {
            m_options.abort_at = 0;
            job.state = JobState::Aborted;
            job.reason = "aborted-by-system";
        } else if (job.done >= job.pages) {
            job.state = JobState::Completed;
            job.reason = "job-completed-successfully";
            m_completed.push_back(job.name);
        }
    }
}

Result<PrinterStatus> SimPrinter::status() {
    std::lock_guard lock(m_mutex);
    advance();
    PrinterStatus s;
    if (m_options.offline) {
        s.state = PrinterState::Stopped;
        s.add(PrinterReason::Offline);
        s.message = "simulated printer offline";
        return s;
    }
    bool busy = false;
    for (const auto& [id, job] : m_jobs) busy = busy || !is_final(job.state);
    s.state = busy ? PrinterState::Processing : PrinterState::Idle;
    if (m_options.paper == 0) s.add(PrinterReason::MediaEmpty);
    if (m_jammed) s.add(PrinterReason::MediaJam);
    if (m_options.door_open) s.add(PrinterReason::DoorOpen);
    if (m_options.toner_low) s.add(PrinterReason::TonerLow);
    if (blocked()) s.state = PrinterState::Stopped;
    return s;
}

Result<JobId> SimPrinter::submit(const std::filesystem::path& pdf, std::string_view job_name) {
    auto pages = count_pdf_pages(pdf);
    if (!pages) return std::unexpected(pages.error());
    std::lock_guard lock(m_mutex);
    advance();
    if (m_options.offline) return kiosk::fail("printer_offline", "simulated printer offline");
    if (m_options.reject) return kiosk::fail("printer_job_rejected", "simulated rejection");
    if (*pages == 0) return kiosk::fail("printer_job_rejected", "document has no pages");
    bool busy = false;
    for (const auto& [id, job] : m_jobs) busy = busy || !is_final(job.state);
    if (!busy) m_next_page_at = std::max(m_next_page_at, Clock::now() + m_options.page_time);
    JobId id = m_next_id++;
    m_jobs[id] = Job{std::string(job_name), *pages, 0, JobState::Pending, "none"};
    advance();
    if (m_options.lose_jobs) m_jobs.erase(id);
    return id;
}

Result<JobStatus> SimPrinter::job(JobId id) {
    std::lock_guard lock(m_mutex);
    if (m_options.offline) return kiosk::fail("printer_offline", "simulated printer offline");
    advance();
    auto it = m_jobs.find(id);
    if (it == m_jobs.end()) return kiosk::fail("printer_job_not_found", "job " + std::to_string(id));
    return JobStatus{it->second.state, it->second.done, it->second.reason};
}

Result<std::optional<JobId>> SimPrinter::find_job(std::string_view job_name) {
    std::lock_guard lock(m_mutex);
    if (m_options.offline) return kiosk::fail("printer_offline", "simulated printer offline");
    for (const auto& [id, job] : m_jobs)
        if (job.name == job_name) return std::optional<JobId>(id);
    return std::optional<JobId>();
}

Status SimPrinter::cancel(JobId id) {
    std::lock_guard lock(m_mutex);
    if (m_options.offline) return kiosk::fail("printer_offline", "simulated printer offline");
    advance();
    auto it = m_jobs.find(id);
    if (it == m_jobs.end()) return kiosk::fail("printer_job_not_found", "job " + std::to_string(id));
    if (is_final(it->second.state)) return kiosk::fail("printer_cancel_failed", "job already ended");
    it->second.state = JobState::Canceled;
    it->second.reason = "job-canceled-by-user";
    return {};
}

void SimPrinter::load_paper(std::int64_t sheets) {
    std::lock_guard lock(m_mutex);
    advance();
    m_options.paper = sheets;
    unblocked();
}
void SimPrinter::clear_jam() {
    std::lock_guard lock(m_mutex);
    m_jammed = false;
    unblocked();
}
void SimPrinter::jam_at(std::int64_t page) {
    std::lock_guard lock(m_mutex);
    m_options.jam_at = page;
}
void SimPrinter::abort_at(std::int64_t page) {
    std::lock_guard lock(m_mutex);
    m_options.abort_at = page;
}
void SimPrinter::set_offline(bool offline) {
    std::lock_guard lock(m_mutex);
    m_options.offline = offline;
    unblocked();
}
void SimPrinter::set_door_open(bool open) {
    std::lock_guard lock(m_mutex);
    m_options.door_open = open;
    unblocked();
}
void SimPrinter::set_toner_low(bool low) {
    std::lock_guard lock(m_mutex);
    m_options.toner_low = low;
}
void SimPrinter::set_reject(bool reject) {
    std::lock_guard lock(m_mutex);
    m_options.reject = reject;
}
void SimPrinter::set_lose_jobs(bool lose) {
    std::lock_guard lock(m_mutex);
    m_options.lose_jobs = lose;
}

std::int64_t SimPrinter::pages_printed() {
    std::lock_guard lock(m_mutex);
    advance();
    return m_pages_printed;
}

std::vector<std::string> SimPrinter::completed_jobs() {
    std::lock_guard lock(m_mutex);
    advance();
    return m_completed;
}

} // namespace hal
