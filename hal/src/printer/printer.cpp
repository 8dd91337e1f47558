// What all printer backends share: names of states and reasons, the factory,
// the health check and the page count of a PDF.
#include "hal/printer.hpp"
#include "hal/printer_sim.hpp"

#include "backends.hpp"

#include <fstream>
#include <iterator>
#include <thread>

namespace hal {

bool PrinterStatus::ready() const {
    constexpr std::uint32_t blocking =
        static_cast<std::uint32_t>(PrinterReason::MediaEmpty) | static_cast<std::uint32_t>(PrinterReason::MediaJam) |
        static_cast<std::uint32_t>(PrinterReason::DoorOpen) | static_cast<std::uint32_t>(PrinterReason::Offline);
    return state != PrinterState::Stopped && (reasons & blocking) == 0;
}

std::string_view state_name(PrinterState state) {
    switch (state) {
    case PrinterState::Idle: return "idle";
    case PrinterState::Processing: return "processing";
    case PrinterState::Stopped: return "stopped";
    }
    return "stopped";
}

std::string_view reason_name(PrinterReason reason) {
    switch (reason) {
    case PrinterReason::MediaEmpty: return "media-empty";
    case PrinterReason::MediaJam: return "media-jam";
    case PrinterReason::DoorOpen: return "door-open";
    case PrinterReason::TonerLow: return "toner-low";
    case PrinterReason::Offline: return "offline";
    }
    return "offline";
}

std::vector<std::string_view> reason_names(const PrinterStatus& status) {
    std::vector<std::string_view> out;
    for (PrinterReason r : k_all_printer_reasons)
        if (status.has(r)) out.push_back(reason_name(r));
    return out;
}

std::string_view job_state_name(JobState state) {
    switch (state) {
    case JobState::Pending: return "pending";
    case JobState::Held: return "held";
    case JobState::Processing: return "processing";
    case JobState::Stopped: return "stopped";
    case JobState::Canceled: return "canceled";
    case JobState::Aborted: return "aborted";
    case JobState::Completed: return "completed";
    }
    return "aborted";
}

bool is_final(JobState state) {
    return state == JobState::Canceled || state == JobState::Aborted || state == JobState::Completed;
}

Result<std::unique_ptr<Printer>> open_printer(std::string_view uri) {
    if (uri.starts_with("ipp://") || uri.starts_with("ipps://")) return detail::open_ipp_printer(uri);
    if (uri.starts_with("dir:")) {
        std::string_view path = uri.substr(4);
        if (path.empty()) return kiosk::fail("printer_uri_invalid", "dir: needs a path");
        return detail::open_dir_printer(std::filesystem::path(path));
    }
    if (uri == "sim" || uri.starts_with("sim:")) {
        auto options = SimOptions::parse(uri.size() > 4 ? uri.substr(4) : std::string_view{});
        if (!options) return std::unexpected(options.error());
        return std::unique_ptr<Printer>(std::make_unique<SimPrinter>(*options));
    }
    return kiosk::fail("printer_uri_invalid", "expected ipp://, ipps://, dir:PATH or sim:..., got " + std::string(uri));
}

Result<HealthReport> check_health(Printer& printer, HealthLevel level, const std::filesystem::path& test_page,
                                  std::chrono::milliseconds timeout) {
    HealthReport report;
    report.level = level;
    auto status = printer.status();
    if (!status) return std::unexpected(status.error());
    report.status = *status;
    if (level == HealthLevel::Internal) {
        report.ok = status->ready();
        if (!report.ok) report.detail = "printer not ready";
        return report;
    }
    if (test_page.empty()) return kiosk::fail("bad_argument", "the external health check needs a test page");
    if (!status->ready()) {
        report.detail = "printer not ready";
        return report;
    }
    auto id = printer.submit(test_page, "emek-test-page");
    if (!id) {
        report.detail = id.error().code;
        return report;
    }
    report.test_job = *id;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto job = printer.job(*id);
        if (job) {
            report.test_job_status = *job;
            if (is_final(job->state)) break;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            report.detail = "test page not completed in time";
            return report;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (auto after = printer.status()) report.status = *after;
    const bool completed = report.test_job_status->state == JobState::Completed;
    if (!completed) report.detail = "test page " + std::string(job_state_name(report.test_job_status->state));
    report.needs_confirmation = completed && level == HealthLevel::Interactive;
    report.ok = completed && level == HealthLevel::External;
    return report;
}

Result<std::int64_t> count_pdf_pages(const std::filesystem::path& pdf) {
    std::ifstream in(pdf, std::ios::binary);
    if (!in) return kiosk::fail("printer_io_failed", "cannot read " + pdf.filename().string());
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::int64_t pages = 0;
    for (std::size_t at = bytes.find("/Type"); at != std::string::npos; at = bytes.find("/Type", at + 5)) {
        std::size_t p = at + 5;
        while (p < bytes.size() && (bytes[p] == ' ' || bytes[p] == '\n' || bytes[p] == '\r')) ++p;
        if (bytes.compare(p, 5, "/Page") != 0) continue;
        char next = p + 5 < bytes.size() ? bytes[p + 5] : ' ';
        if (next != 's' && !std::isalnum(static_cast<unsigned char>(next))) ++pages;
    }
    return pages;
}

namespace detail {

std::string safe_job_name(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (out.size() == 64) break;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '_' || c == '-';
        out += ok ? c : '_';
    }
    if (out.empty()) out = "job";
    return out;
}

} // namespace detail
} // namespace hal
