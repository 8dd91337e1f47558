// The durable print queue (printer/queue.hpp).
//
// Sections: 1. rows and statements  2. enqueue and queries  3. the worker (poll)
//           4. staff actions (resume, cancel, reprint)  5. rendering and the spool
#include "printer/queue.hpp"
#include "printer/diagnostics.hpp"

#include "kiosk/notification.hpp"
#include "kiosk/sqlite.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <thread>

namespace printer {

namespace sql = kiosk::sql;
using kiosk::fail;
using kiosk::Status;

namespace {

constexpr std::array<std::string_view, 7> k_state_names{"queued",    "submitting", "printing", "held",
                                                        "completed", "failed",     "canceled"};

// --- 1. rows and statements ------------------------------------------------------

constexpr std::string_view k_columns =
    "id, document, notification_id, lang, copy_number, state, pages, pages_printed, attempts, last_error, "
    "printer, printer_job_id, printer_job_name, spool_path, created_at, updated_at, ended_at";

PrintJob read_job(const sql::Stmt& s) {
    PrintJob j;
    j.id = s.column_int(0);
    j.document = parse_document(s.column_text(1)).value_or(DocumentKind::Notification);
    j.notification_id = s.column_opt_text(2).value_or("");
    j.lang = kiosk::parse_lang(s.column_text(3)).value_or(kiosk::k_default_lang);
    j.copy_number = static_cast<int>(s.column_int(4));
    j.state = parse_job_state(s.column_text(5)).value_or(JobState::Failed);
    j.pages = s.column_int(6);
    j.pages_printed = s.column_int(7);
    j.attempts = s.column_int(8);
    j.last_error = s.column_opt_text(9).value_or("");
    j.printer = s.column_opt_text(10).value_or("");
    if (!s.column_is_null(11)) j.printer_job_id = s.column_int(11);
    j.printer_job_name = s.column_opt_text(12).value_or("");
    j.spool_path = s.column_opt_text(13).value_or("");
    j.created_at = s.column_text(14);
    j.updated_at = s.column_text(15);
    j.ended_at = s.column_opt_text(16).value_or("");
    return j;
}

// The error code for a printer that is not ready, from its most telling reason.
std::string not_ready_code(const hal::PrinterStatus& s) {
    if (s.has(hal::PrinterReason::Offline)) return "printer_offline";
    if (s.has(hal::PrinterReason::MediaJam)) return "printer_media_jam";
    if (s.has(hal::PrinterReason::DoorOpen)) return "printer_door_open";
    if (s.has(hal::PrinterReason::MediaEmpty)) return "printer_media_empty";
    return "printer_not_ready";
}

} // namespace

std::string_view job_state_name(JobState state) { return k_state_names[static_cast<std::size_t>(state)]; }

std::optional<JobState> parse_job_state(std::string_view name) {
    for (std::size_t i = 0; i < k_state_names.size(); ++i)
        if (k_state_names[i] == name) return static_cast<JobState>(i);
    return std::nullopt;
}

bool is_final(JobState state) {
    return state == JobState::Completed || state == JobState::Failed || state == JobState::Canceled;
}

struct PrintQueue::Impl {
    kiosk::Store& store;
    hal::Printer& printer;
    QueueOptions options;

    sqlite3* db() const { return store.handle(); }

    void step(std::string_view point, const PrintJob& job) const {
        if (options.on_step) options.on_step(point, job);
    }

    Result<std::vector<PrintJob>> select(std::string_view where_order, std::optional<std::int64_t> arg = {}) {
        auto stmt = sql::Stmt::prepare(db(), "SELECT " + std::string(k_columns) + " FROM print_job " +
                                                 std::string(where_order));
        if (!stmt) return std::unexpected(stmt.error());
        if (arg) stmt->bind(1, *arg);
        std::vector<PrintJob> out;
        for (;;) {
            auto row = stmt->step();
            if (!row) return std::unexpected(row.error());
            if (!*row) break;
            out.push_back(read_job(*stmt));
        }
        return out;
    }

    Result<PrintJob> get(std::int64_t id) {
        auto rows = select("WHERE id = ?1", id);
        if (!rows) return std::unexpected(rows.error());
        if (rows->empty()) return fail("print_job_not_found", "print job " + std::to_string(id));
        return rows->front();
    }

    // Moves a job to `state`, recording an error code (empty: cleared); ended states get ended_at.
    Status set_state(std::int64_t id, JobState state, std::string_view error) {
        auto stmt = sql::Stmt::prepare(db(), R"sql(
            UPDATE print_job SET state = ?2, last_error = NULLIF(?3, ''),
                   updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                   ended_at = CASE WHEN ?2 IN ('completed', 'failed', 'canceled')
                                   THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END
            WHERE id = ?1)sql");
        if (!stmt) return std::unexpected(stmt.error());
        std::string_view name = job_state_name(state);
        stmt->bind(1, id);
        stmt->bind(2, name);
        stmt->bind(3, error);
        return stmt->run();
    }

    Status exec_bound(std::string_view sql_text, std::int64_t id, std::optional<std::int64_t> a = {},
                      std::optional<std::string_view> b = {}) {
        auto stmt = sql::Stmt::prepare(db(), sql_text);
        if (!stmt) return std::unexpected(stmt.error());
        stmt->bind(1, id);
        if (a) stmt->bind(2, *a);
        if (b) stmt->bind(3, *b);
        return stmt->run();
    }

    void count(std::string_view name, std::int64_t delta = 1) {
        // Counters are diagnostics: a failure to count must not fail a print.
        (void)store.add_to_counter(printer.device_id(), name, delta);
    }

    // --- 5. rendering and the spool ---------------------------------------------

    Result<Document> render(const PrintJob& job) {
        RenderContext ctx;
        ctx.lang = job.lang;
        ctx.kiosk_id = options.kiosk_id;
        ctx.verify_base_url = options.verify_base_url;
        ctx.copy_number = job.copy_number;
        if (job.document == DocumentKind::Diagnostics) {
            if (options.diagnostics)
                if (auto given = options.diagnostics(job.lang)) return render_diagnostics(*given, ctx);
            auto report = collect_diagnostics(store, &printer, options.kiosk_id, options.version);
            if (!report) return std::unexpected(report.error());
            return render_diagnostics(*report, ctx);
        }
        return render_document(store, job.document, job.notification_id, ctx,
                               TestPageInfo{printer.device_id(), options.version});
    }

    // Writes the job's document into the spool (owner-only, atomically) and records its path and pages.
    Result<std::filesystem::path> spool(PrintJob& job) {
        step("render", job);
        auto doc = render(job);
        if (!doc) return std::unexpected(doc.error());
        std::filesystem::path path = options.spool_dir / ("job-" + std::to_string(job.id) + ".pdf");
        std::filesystem::path tmp = path;
        tmp += ".tmp";
        int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) return fail("spool_failed", "cannot create a spool file");
        const char* data = doc->pdf.data();
        std::size_t left = doc->pdf.size();
        while (left > 0) {
            ssize_t n = ::write(fd, data, left);
            if (n <= 0) {
                ::close(fd);
                ::unlink(tmp.c_str());
                return fail("spool_failed", "cannot write a spool file");
            }
            data += n;
            left -= static_cast<std::size_t>(n);
        }
        ::fsync(fd);
        ::close(fd);
        if (::rename(tmp.c_str(), path.c_str()) != 0) {
            ::unlink(tmp.c_str());
            return fail("spool_failed", "cannot rename a spool file");
        }
        job.pages = doc->pages;
        job.spool_path = path.string();
        KIOSK_TRY(exec_bound("UPDATE print_job SET pages = ?2, spool_path = ?3 WHERE id = ?1", job.id, job.pages,
                             job.spool_path));
        return path;
    }

    void remove_spool(const PrintJob& job) {
        if (job.spool_path.empty()) return;
        std::error_code ec;
        std::filesystem::remove(job.spool_path, ec);
        (void)exec_bound("UPDATE print_job SET spool_path = NULL WHERE id = ?1", job.id);
    }

    Status end(const PrintJob& job, JobState state, std::string_view error) {
        KIOSK_TRY(set_state(job.id, state, error));
        remove_spool(job);
        count(state == JobState::Completed ? "jobs_completed"
              : state == JobState::Failed  ? "jobs_failed"
                                           : "jobs_canceled");
        return {};
    }

    // --- 3. the worker ------------------------------------------------------------

    // A job whose submission may or may not have reached the printer: find it there by name.
    Status recover_submitting(PrintJob& job) {
        auto found = printer.find_job(job.printer_job_name);
        if (!found) return {}; // the printer is not answering: ask again on the next round
        if (*found) {
            KIOSK_TRY(exec_bound("UPDATE print_job SET printer_job_id = ?2, state = 'printing', "
                                 "submitted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
                                 "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1",
                                 job.id, **found));
            return {};
        }
        return set_state(job.id, JobState::Queued, job.last_error); // never reached the printer: send again
    }

    Status follow(PrintJob& job) {
        if (!job.printer_job_id) return set_state(job.id, JobState::Queued, {});
        auto status = printer.job(*job.printer_job_id);
        if (!status) {
            if (status.error().code == "printer_job_not_found") return end(job, JobState::Failed, "printer_job_not_found");
            if (job.last_error != status.error().code)
                KIOSK_TRY(exec_bound("UPDATE print_job SET last_error = ?3 WHERE id = ?1", job.id, std::nullopt,
                                     status.error().code));
            return {};
        }
        if (status->pages_completed > job.pages_printed)
            KIOSK_TRY(exec_bound("UPDATE print_job SET pages_printed = ?2 WHERE id = ?1", job.id,
                                 status->pages_completed));
        switch (status->state) {
        case hal::JobState::Completed:
            KIOSK_TRY(exec_bound("UPDATE print_job SET pages_printed = max(pages_printed, pages) WHERE id = ?1", job.id));
            count("pages_printed", job.pages);
            return end(job, JobState::Completed, {});
        case hal::JobState::Aborted:
            return end(job, JobState::Failed, "printer_job_aborted");
        case hal::JobState::Canceled:
            return end(job, JobState::Canceled, {});
        default: {
            // Still at the printer; a stopped printer keeps the job and goes on by itself once fixed.
            std::string error;
            if (status->state == hal::JobState::Stopped || status->state == hal::JobState::Held) {
                auto ps = printer.status();
                error = ps && !ps->ready() ? not_ready_code(*ps) : "printer_not_ready";
            }
            if (error != job.last_error)
                KIOSK_TRY(exec_bound("UPDATE print_job SET last_error = NULLIF(?3, '') WHERE id = ?1", job.id,
                                     std::nullopt, error));
            return {};
        }
        }
    }

    Status submit(PrintJob& job, const hal::PrinterStatus& status) {
        if (!status.ready()) {
            std::string code = not_ready_code(status);
            if (job.state != JobState::Held) count("jobs_held");
            return set_state(job.id, JobState::Held, code);
        }
        std::filesystem::path path = job.spool_path;
        if (job.spool_path.empty() || !std::filesystem::exists(path)) {
            auto spooled = spool(job);
            if (!spooled) return end(job, JobState::Failed, spooled.error().code);
            path = *spooled;
        }
        // Recorded before the printer sees anything: the name finds the printer's job after a crash.
        job.attempts += 1;
        job.printer_job_name = "emek-" + std::to_string(job.id) + "-" + std::to_string(job.attempts);
        {
            auto stmt = sql::Stmt::prepare(db(), R"sql(
                UPDATE print_job SET state = 'submitting', attempts = ?2, printer_job_name = ?3, printer = ?4,
                       printer_job_id = NULL, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                WHERE id = ?1)sql");
            if (!stmt) return std::unexpected(stmt.error());
            std::string device = printer.device_id();
            stmt->bind(1, job.id);
            stmt->bind(2, job.attempts);
            stmt->bind(3, job.printer_job_name);
            stmt->bind(4, device);
            KIOSK_TRY(stmt->run());
        }
        step("submit", job);
        auto id = printer.submit(path, job.printer_job_name);
        if (!id) {
            const std::string& code = id.error().code;
            if (code == "printer_job_rejected") return end(job, JobState::Failed, code);
            count("jobs_held");
            return set_state(job.id, JobState::Held, code); // offline, I/O: kept for a retry
        }
        job.printer_job_id = *id;
        step("submitted", job);
        return exec_bound("UPDATE print_job SET state = 'printing', printer_job_id = ?2, last_error = NULL, "
                          "submitted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
                          "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1",
                          job.id, *id);
    }

    Status poll() {
        auto active = select("WHERE state IN ('queued', 'submitting', 'printing', 'held') ORDER BY id");
        if (!active) return std::unexpected(active.error());
        if (active->empty()) return {};
        bool at_printer = false;
        for (PrintJob& job : *active) {
            if (job.state == JobState::Submitting) KIOSK_TRY(recover_submitting(job));
            if (job.state == JobState::Printing) KIOSK_TRY(follow(job));
        }
        auto again = select("WHERE state IN ('queued', 'submitting', 'printing', 'held') ORDER BY id");
        if (!again) return std::unexpected(again.error());
        for (const PrintJob& job : *again) at_printer = at_printer || job.state == JobState::Printing ||
                                                        job.state == JobState::Submitting;
        auto status = printer.status();
        if (!status) return std::unexpected(status.error());
        // Held jobs go back in line by themselves once the printer is ready again.
        if (status->ready())
            KIOSK_TRY(sql::exec(db(), "UPDATE print_job SET state = 'queued', "
                                      "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE state = 'held'"));
        if (at_printer) return {}; // one job at the printer at a time keeps the order and the faults simple
        auto next = select("WHERE state IN ('queued', 'held') ORDER BY id LIMIT 1");
        if (!next) return std::unexpected(next.error());
        if (next->empty()) return {};
        PrintJob& job = next->front();
        if (job.state == JobState::Held && !status->ready()) return {};
        return submit(job, *status);
    }

    // --- 2. enqueue ------------------------------------------------------------------

    Result<PrintJob> insert(DocumentKind document, const std::string& notification_id, Lang lang) {
        auto stmt = sql::Stmt::prepare(db(), R"sql(
            INSERT INTO print_job(document, notification_id, lang, copy_number, state, created_at, updated_at)
            VALUES (?1, NULLIF(?2, ''), ?3,
                    1 + (SELECT count(*) FROM print_job
                         WHERE document = ?1 AND notification_id IS NULLIF(?2, '')
                           AND (state NOT IN ('failed', 'canceled') OR pages_printed > 0)),
                    'queued', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            RETURNING id)sql");
        if (!stmt) return std::unexpected(stmt.error());
        std::string_view doc_name = document_name(document);
        std::string_view lang_name = kiosk::lang_code(lang);
        stmt->bind(1, doc_name);
        stmt->bind(2, notification_id);
        stmt->bind(3, lang_name);
        auto row = stmt->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return fail("store_error", "print job insert returned no row");
        std::int64_t id = stmt->column_int(0);
        stmt->reset();
        return get(id);
    }
};

PrintQueue::PrintQueue(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
PrintQueue::~PrintQueue() = default;

Result<std::unique_ptr<PrintQueue>> PrintQueue::open(kiosk::Store& store, hal::Printer& printer,
                                                     QueueOptions options) {
    if (store.schema_version() < 3) return fail("schema_too_old", "the print queue needs store schema 3");
    std::error_code ec;
    std::filesystem::create_directories(options.spool_dir, ec);
    if (ec || options.spool_dir.empty()) return fail("spool_failed", "cannot create the spool directory");
    std::filesystem::permissions(options.spool_dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    return std::unique_ptr<PrintQueue>(new PrintQueue(std::make_unique<Impl>(Impl{store, printer, std::move(options)})));
}

Result<PrintJob> PrintQueue::enqueue(const PrintRequest& request) {
    std::string id;
    if (is_citizen_document(request.document)) {
        if (request.notification.empty()) return fail("bad_argument", "a citizen document needs a notification");
        auto n = kiosk::load_notification(m_impl->store, request.notification, request.lang);
        if (!n) return std::unexpected(n.error());
        id = n->id;
    }
    return m_impl->insert(request.document, id, request.lang);
}

Status PrintQueue::poll() { return m_impl->poll(); }

Result<PrintJob> PrintQueue::wait(std::int64_t id, std::chrono::milliseconds timeout, WaitFor until,
                                  std::chrono::milliseconds interval) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        KIOSK_TRY(poll());
        auto job = m_impl->get(id);
        if (!job) return job;
        if (is_final(job->state) || (until == WaitFor::EndOrHeld && job->state == JobState::Held)) return job;
        if (std::chrono::steady_clock::now() >= deadline) return job;
        std::this_thread::sleep_for(interval);
    }
}

Result<PrintJob> PrintQueue::job(std::int64_t id) { return m_impl->get(id); }

Result<std::vector<PrintJob>> PrintQueue::active_jobs() {
    return m_impl->select("WHERE state IN ('queued', 'submitting', 'printing', 'held') ORDER BY id");
}

Result<std::vector<PrintJob>> PrintQueue::recent_jobs(int limit) {
    return m_impl->select("ORDER BY id DESC LIMIT ?1", limit);
}

// --- 4. staff actions ------------------------------------------------------------------

Status PrintQueue::resume(std::int64_t id) {
    auto job = m_impl->get(id);
    if (!job) return std::unexpected(job.error());
    if (job->state != JobState::Held) return fail("print_job_not_resumable", std::string(job_state_name(job->state)));
    return m_impl->set_state(id, JobState::Queued, job->last_error);
}

Status PrintQueue::cancel(std::int64_t id) {
    auto job = m_impl->get(id);
    if (!job) return std::unexpected(job.error());
    switch (job->state) {
    case JobState::Queued:
    case JobState::Held: return m_impl->end(*job, JobState::Canceled, {});
    case JobState::Submitting: return fail("print_job_busy", "the job is being handed to the printer");
    case JobState::Printing: {
        KIOSK_TRY(m_impl->printer.cancel(*job->printer_job_id));
        return m_impl->end(*job, JobState::Canceled, {});
    }
    default: return fail("print_job_ended", std::string(job_state_name(job->state)));
    }
}

Result<PrintJob> PrintQueue::reprint(std::int64_t id) {
    auto job = m_impl->get(id);
    if (!job) return job;
    return m_impl->insert(job->document, job->notification_id, job->lang);
}

Result<Document> PrintQueue::render(const PrintJob& job) { return m_impl->render(job); }

Result<Document> render_document(kiosk::Store& store, DocumentKind kind, std::string_view notification,
                                 const RenderContext& ctx, const TestPageInfo& test_page) {
    switch (kind) {
    case DocumentKind::Notification:
    case DocumentKind::Registration: {
        auto n = kiosk::load_notification(store, notification, ctx.lang);
        if (!n) return std::unexpected(n.error());
        return kind == DocumentKind::Notification ? render_notification(*n, ctx) : render_registration(*n, ctx);
    }
    case DocumentKind::TestPage: return render_test_page(test_page, ctx);
    case DocumentKind::Diagnostics: {
        auto report = collect_diagnostics(store, nullptr, ctx.kiosk_id, test_page.version);
        if (!report) return std::unexpected(report.error());
        return render_diagnostics(*report, ctx);
    }
    }
    return fail("bad_argument", "unknown document");
}

} // namespace printer
