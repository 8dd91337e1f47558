// The directory printer: each job becomes PATH/<id>-<job name>.pdf, complete
// the moment it is written (development and demos; no paper, no faults).
#include "backends.hpp"
#include "hal/printer_sim.hpp"

#include <unistd.h>

#include <charconv>
#include <system_error>

namespace hal::detail {
namespace {

namespace fs = std::filesystem;

class DirPrinter final : public Printer {
public:
    explicit DirPrinter(fs::path dir) : m_dir(std::move(dir)) {}

    std::string device_id() const override { return "printer:dir:" + m_dir.string(); }

    Result<PrinterStatus> status() override {
        PrinterStatus s;
        std::error_code ec;
        if (!fs::is_directory(m_dir, ec) || ::access(m_dir.c_str(), W_OK) != 0) {
            s.state = PrinterState::Stopped;
            s.add(PrinterReason::Offline);
            s.message = "directory missing or not writable";
        }
        return s;
    }

    Result<JobId> submit(const fs::path& pdf, std::string_view job_name) override {
        auto s = status();
        if (!s->ready()) return kiosk::fail("printer_offline", s->message);
        JobId id = 1;
        for (const auto& [existing, name] : list()) id = std::max(id, existing + 1);
        fs::path tmp = m_dir / (".tmp-" + std::to_string(id) + ".pdf");
        fs::path out = m_dir / (std::to_string(id) + "-" + safe_job_name(job_name) + ".pdf");
        std::error_code ec;
        fs::copy_file(pdf, tmp, fs::copy_options::overwrite_existing, ec);
        if (!ec) fs::rename(tmp, out, ec);
        if (ec) {
            fs::remove(tmp, ec);
            return kiosk::fail("printer_io_failed", "cannot write into the printer directory: " + ec.message());
        }
        return id;
    }

    Result<JobStatus> job(JobId id) override {
        for (const auto& [existing, name] : list()) {
            if (existing != id) continue;
            auto pages = count_pdf_pages(m_dir / name);
            return JobStatus{JobState::Completed, pages ? *pages : -1, "job-completed-successfully"};
        }
        return kiosk::fail("printer_job_not_found", "job " + std::to_string(id));
    }

    Result<std::optional<JobId>> find_job(std::string_view job_name) override {
        std::string suffix = "-" + safe_job_name(job_name) + ".pdf";
        for (const auto& [id, name] : list())
            if (name.size() > suffix.size() && name.ends_with(suffix) &&
                name.substr(0, name.size() - suffix.size()) == std::to_string(id))
                return std::optional<JobId>(id);
        return std::optional<JobId>();
    }

    Status cancel(JobId id) override {
        auto j = job(id);
        if (!j) return std::unexpected(j.error());
        return kiosk::fail("printer_cancel_failed", "job already ended");
    }

private:
    // (id, file name) of each job file.
    std::vector<std::pair<JobId, std::string>> list() const {
        std::vector<std::pair<JobId, std::string>> out;
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(m_dir, ec)) {
            std::string name = entry.path().filename().string();
            if (!name.ends_with(".pdf")) continue;
            JobId id = 0;
            auto [end, err] = std::from_chars(name.data(), name.data() + name.size(), id);
            if (err != std::errc{} || end == name.data() || *end != '-') continue;
            out.emplace_back(id, name);
        }
        return out;
    }

    fs::path m_dir;
};

} // namespace

Result<std::unique_ptr<Printer>> open_dir_printer(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return kiosk::fail("printer_uri_invalid", "cannot create " + dir.string() + ": " + ec.message());
    return std::unique_ptr<Printer>(std::make_unique<DirPrinter>(dir));
}

} // namespace hal::detail
