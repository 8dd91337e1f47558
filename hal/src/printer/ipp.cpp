// The IPP Everywhere backend through libcups: any network printer or CUPS queue
// by its URI. Print-Job sends the PDF; Get-Job-Attributes follows the job;
// Get-Printer-Attributes gives state and reasons. libcups stays in this file.
#include "backends.hpp"

#include <cups/cups.h>
#include <cups/ipp.h>

#include <array>
#include <mutex>

namespace hal::detail {
namespace {

constexpr int k_connect_timeout_ms = 3000;
constexpr double k_io_timeout_s = 10.0;
constexpr const char* k_user = "emek-kiosk";

struct IppDeleter {
    void operator()(ipp_t* ipp) const { ippDelete(ipp); }
};
using IppPtr = std::unique_ptr<ipp_t, IppDeleter>;

// "media-empty-error" -> "media-empty": IPP adds a severity suffix to some reasons.
std::string_view strip_severity(std::string_view reason) {
    for (std::string_view suffix : {"-error", "-warning", "-report"})
        if (reason.ends_with(suffix)) return reason.substr(0, reason.size() - suffix.size());
    return reason;
}

std::optional<PrinterReason> map_reason(std::string_view reason) {
    reason = strip_severity(reason);
    if (reason == "media-empty" || reason == "media-needed" || reason == "input-tray-missing")
        return PrinterReason::MediaEmpty;
    if (reason == "media-jam") return PrinterReason::MediaJam;
    if (reason == "door-open" || reason == "cover-open" || reason == "interlock-open") return PrinterReason::DoorOpen;
    if (reason == "toner-low" || reason == "marker-supply-low" || reason == "toner-empty" ||
        reason == "marker-supply-empty")
        return PrinterReason::TonerLow;
    if (reason == "offline" || reason == "shutdown" || reason == "paused" || reason == "stopped-partly" ||
        reason == "connecting-to-device")
        return PrinterReason::Offline;
    return std::nullopt;
}

JobState map_job_state(int state) {
    switch (state) {
    case IPP_JSTATE_PENDING: return JobState::Pending;
    case IPP_JSTATE_HELD: return JobState::Held;
    case IPP_JSTATE_PROCESSING: return JobState::Processing;
    case IPP_JSTATE_STOPPED: return JobState::Stopped;
    case IPP_JSTATE_CANCELED: return JobState::Canceled;
    case IPP_JSTATE_ABORTED: return JobState::Aborted;
    case IPP_JSTATE_COMPLETED: return JobState::Completed;
    default: return JobState::Pending;
    }
}

std::string_view or_empty(const char* s) { return s ? s : ""; }

std::string joined_strings(ipp_attribute_t* attr) {
    std::string out;
    for (int i = 0; attr && i < ippGetCount(attr); ++i) {
        if (!out.empty()) out += ',';
        if (const char* s = ippGetString(attr, i, nullptr)) out += s;
    }
    return out;
}

class IppPrinter final : public Printer {
public:
    IppPrinter(std::string uri, std::string host, int port, std::string resource, http_encryption_t encryption)
        : m_uri(std::move(uri)), m_host(std::move(host)), m_port(port), m_resource(std::move(resource)),
          m_encryption(encryption) {}
    ~IppPrinter() override {
        if (m_http) httpClose(m_http);
    }

    std::string device_id() const override { return "printer:" + m_uri; }

    Result<PrinterStatus> status() override {
        std::lock_guard lock(m_mutex);
        IppPtr request(new_request(IPP_OP_GET_PRINTER_ATTRIBUTES));
        static constexpr std::array<const char*, 3> k_attrs{"printer-state", "printer-state-reasons",
                                                            "printer-state-message"};
        ippAddStrings(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                      static_cast<int>(k_attrs.size()), nullptr, k_attrs.data());
        auto response = send(std::move(request));
        if (!response) {
            if (response.error().code != "printer_offline") return std::unexpected(response.error());
            PrinterStatus offline;
            offline.state = PrinterState::Stopped;
            offline.add(PrinterReason::Offline);
            offline.message = response.error().detail;
            return offline;
        }
        PrinterStatus s;
        int state = ippGetInteger(ippFindAttribute(response->get(), "printer-state", IPP_TAG_ENUM), 0);
        s.state = state == IPP_PSTATE_PROCESSING ? PrinterState::Processing
                  : state == IPP_PSTATE_STOPPED  ? PrinterState::Stopped
                                                 : PrinterState::Idle;
        ipp_attribute_t* reasons = ippFindAttribute(response->get(), "printer-state-reasons", IPP_TAG_KEYWORD);
        for (int i = 0; reasons && i < ippGetCount(reasons); ++i)
            if (const char* r = ippGetString(reasons, i, nullptr))
                if (auto mapped = map_reason(r)) s.add(*mapped);
        if (ipp_attribute_t* msg = ippFindAttribute(response->get(), "printer-state-message", IPP_TAG_TEXT))
            if (const char* text = ippGetString(msg, 0, nullptr)) s.message = text;
        return s;
    }

    Result<JobId> submit(const std::filesystem::path& pdf, std::string_view job_name) override {
        std::lock_guard lock(m_mutex);
        IppPtr request(new_request(IPP_OP_PRINT_JOB));
        std::string name = safe_job_name(job_name);
        ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nullptr, name.c_str());
        ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nullptr,
                     "application/pdf");
        auto response = send(std::move(request), pdf.c_str());
        if (!response) {
            if (response.error().code == "printer_request_failed")
                return kiosk::fail("printer_job_rejected", response.error().detail);
            return std::unexpected(response.error());
        }
        ipp_attribute_t* id = ippFindAttribute(response->get(), "job-id", IPP_TAG_INTEGER);
        if (!id) return kiosk::fail("printer_job_rejected", "Print-Job answered without a job-id");
        return static_cast<JobId>(ippGetInteger(id, 0));
    }

    Result<JobStatus> job(JobId id) override {
        std::lock_guard lock(m_mutex);
        IppPtr request(new_job_request(IPP_OP_GET_JOB_ATTRIBUTES, id));
        static constexpr std::array<const char*, 4> k_attrs{"job-state", "job-state-reasons",
                                                            "job-impressions-completed", "job-media-sheets-completed"};
        ippAddStrings(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                      static_cast<int>(k_attrs.size()), nullptr, k_attrs.data());
        auto response = send(std::move(request));
        if (!response) {
            if (response.error().code == "printer_request_failed")
                return kiosk::fail("printer_job_not_found", "job " + std::to_string(id) + ": " + response.error().detail);
            return std::unexpected(response.error());
        }
        JobStatus s;
        ipp_attribute_t* state = ippFindAttribute(response->get(), "job-state", IPP_TAG_ENUM);
        if (!state) return kiosk::fail("printer_job_not_found", "job " + std::to_string(id) + " has no state");
        s.state = map_job_state(ippGetInteger(state, 0));
        s.reason = joined_strings(ippFindAttribute(response->get(), "job-state-reasons", IPP_TAG_KEYWORD));
        for (const char* attr : {"job-impressions-completed", "job-media-sheets-completed"})
            if (ipp_attribute_t* pages = ippFindAttribute(response->get(), attr, IPP_TAG_INTEGER)) {
                s.pages_completed = ippGetInteger(pages, 0);
                break;
            }
        return s;
    }

    Result<std::optional<JobId>> find_job(std::string_view job_name) override {
        std::lock_guard lock(m_mutex);
        IppPtr request(new_request(IPP_OP_GET_JOBS));
        ippAddString(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", nullptr, "all");
        static constexpr std::array<const char*, 2> k_attrs{"job-id", "job-name"};
        ippAddStrings(request.get(), IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                      static_cast<int>(k_attrs.size()), nullptr, k_attrs.data());
        auto response = send(std::move(request));
        if (!response) return std::unexpected(response.error());
        const std::string wanted = safe_job_name(job_name);
        // Jobs come as groups of attributes separated by a nameless one, in no fixed order.
        std::optional<JobId> id, found;
        bool name_matches = false;
        auto close_group = [&] {
            if (id && name_matches && (!found || *id > *found)) found = id; // the newest
            id.reset();
            name_matches = false;
        };
        for (ipp_attribute_t* a = ippFirstAttribute(response->get()); a; a = ippNextAttribute(response->get())) {
            if (!ippGetName(a) || ippGetGroupTag(a) != IPP_TAG_JOB) {
                close_group();
                continue;
            }
            std::string_view name = ippGetName(a);
            if (name == "job-id") id = ippGetInteger(a, 0);
            if (name == "job-name") name_matches = wanted == or_empty(ippGetString(a, 0, nullptr));
        }
        close_group();
        return found;
    }

    Status cancel(JobId id) override {
        std::lock_guard lock(m_mutex);
        auto response = send(IppPtr(new_job_request(IPP_OP_CANCEL_JOB, id)));
        if (!response) {
            if (response.error().code == "printer_request_failed")
                return kiosk::fail("printer_cancel_failed", response.error().detail);
            return std::unexpected(response.error());
        }
        return {};
    }

private:
    ipp_t* new_request(ipp_op_t op) {
        ipp_t* request = ippNewRequest(op);
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nullptr, m_uri.c_str());
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nullptr, k_user);
        return request;
    }

    ipp_t* new_job_request(ipp_op_t op, JobId id) {
        ipp_t* request = new_request(op);
        ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", static_cast<int>(id));
        return request;
    }

    // Sends a request (with a file, for Print-Job) on the kept connection, reconnecting once.
    // Errors: printer_offline (no connection), printer_busy (try later), printer_request_failed (the printer said no).
    Result<IppPtr> send(IppPtr request, const char* file = nullptr) {
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (!m_http) {
                m_http = httpConnect2(m_host.c_str(), m_port, nullptr, AF_UNSPEC, m_encryption, 1,
                                      k_connect_timeout_ms, nullptr);
                if (!m_http) return kiosk::fail("printer_offline", "cannot connect to " + m_host + ":" + std::to_string(m_port));
                httpSetTimeout(m_http, k_io_timeout_s, nullptr, nullptr);
            }
            // cupsDoFileRequest frees the request: pass a copy so a retry can send it again.
            ipp_t* copy = ippNew();
            ippCopyAttributes(copy, request.get(), 0, nullptr, nullptr);
            ippSetOperation(copy, ippGetOperation(request.get()));
            ippSetRequestId(copy, ippGetRequestId(request.get()));
            IppPtr response(cupsDoFileRequest(m_http, copy, m_resource.c_str(), file));
            ipp_status_t status = cupsLastError();
            if (response && status <= IPP_STATUS_OK_EVENTS_COMPLETE) return response;
            if (status == IPP_STATUS_ERROR_BUSY || status == IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS)
                return kiosk::fail("printer_busy", std::string(ippErrorString(status)));
            if (response || (status >= IPP_STATUS_ERROR_BAD_REQUEST && status < IPP_STATUS_ERROR_INTERNAL))
                return kiosk::fail("printer_request_failed", std::string(ippErrorString(status)) + ": " +
                                                                 std::string(or_empty(cupsLastErrorString())));
            // No response: the connection broke (printer restarted, cable pulled). Try a fresh one.
            httpClose(m_http);
            m_http = nullptr;
            if (attempt == 1 || status == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE)
                return kiosk::fail("printer_offline", std::string(ippErrorString(status)) + ": " +
                                                          std::string(or_empty(cupsLastErrorString())));
        }
        return kiosk::fail("printer_offline", "no answer");
    }

    std::mutex m_mutex;
    std::string m_uri, m_host;
    int m_port;
    std::string m_resource;
    http_encryption_t m_encryption;
    http_t* m_http = nullptr;
};

} // namespace

Result<std::unique_ptr<Printer>> open_ipp_printer(std::string_view uri_view) {
    std::string uri(uri_view);
    std::array<char, 32> scheme{};
    std::array<char, 256> user{}, host{};
    std::array<char, 1024> resource{};
    int port = 0;
    if (httpSeparateURI(HTTP_URI_CODING_ALL, uri.c_str(), scheme.data(), scheme.size(), user.data(), user.size(),
                        host.data(), host.size(), &port, resource.data(), resource.size()) < HTTP_URI_STATUS_OK ||
        host[0] == '\0')
        return kiosk::fail("printer_uri_invalid", "not a printer URI: " + uri);
    if (user[0] != '\0') return kiosk::fail("printer_uri_invalid", "credentials do not belong in the printer URI");
    http_encryption_t encryption =
        std::string_view(scheme.data()) == "ipps" ? HTTP_ENCRYPTION_ALWAYS : HTTP_ENCRYPTION_IF_REQUESTED;
    if (port <= 0) port = 631;
    return std::unique_ptr<Printer>(
        std::make_unique<IppPrinter>(uri, host.data(), port, resource[0] ? resource.data() : "/", encryption));
}

} // namespace hal::detail
