// kiosk print / kiosk printer / kiosk render: documents, printers and the durable print queue.
//   kiosk print --db PATH --notification ID|NUMBER --doc notification|registration [--lang L] [--printer URI]
//   kiosk printer status|test-page|jobs|work|resume|cancel|reprint ...
//   kiosk render --db PATH --notification ID|NUMBER --doc DOC [--lang L] --out FILE.pdf
// The printer URI comes from --printer or $KIOSK_PRINTER; the kiosk id from --kiosk-id or $KIOSK_ID.
#include "cli.hpp"

#include "hal/printer.hpp"
#include "kiosk/store.hpp"
#include "printer/documents.hpp"
#include "printer/queue.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <variant>

#ifndef EMEK_VERSION
#define EMEK_VERSION "0"
#endif

namespace kiosk::cli {
namespace {

// Exit status of a print that ended without printing (failed, canceled, still held at the timeout).
constexpr int k_exit_not_printed = 3;

std::string env_or(const char* name, std::string fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : std::move(fallback);
}

std::optional<std::string> printer_uri(const Args& args) {
    if (auto p = args.get("printer")) return p;
    if (const char* v = std::getenv("KIOSK_PRINTER"); v && *v) return std::string(v);
    return std::nullopt;
}

std::string kiosk_id(const Args& args) { return args.get("kiosk-id").value_or(env_or("KIOSK_ID", "kiosk-dev")); }

nlohmann::json job_json(const printer::PrintJob& j) {
    return {{"id", j.id},
            {"document", printer::document_name(j.document)},
            {"notification_id", j.notification_id},
            {"lang", lang_code(j.lang)},
            {"copy", j.copy_number},
            {"state", printer::job_state_name(j.state)},
            {"pages", j.pages},
            {"pages_printed", j.pages_printed},
            {"attempts", j.attempts},
            {"last_error", j.last_error},
            {"printer_job_id", j.printer_job_id ? nlohmann::json(*j.printer_job_id) : nlohmann::json()},
            {"created_at", j.created_at},
            {"ended_at", j.ended_at}};
}

void report_job(const printer::PrintJob& j, Lang lang, bool json) {
    if (json) {
        std::printf("%s\n", job_json(j).dump().c_str());
        return;
    }
    std::string state_key = "printer.job." + std::string(printer::job_state_name(j.state));
    std::printf("#%lld %s: %s", static_cast<long long>(j.id), std::string(printer::document_name(j.document)).c_str(),
                std::string(tr(state_key, lang)).c_str());
    std::printf(" (%s, %lld/%lld, %s %d)", std::string(printer::job_state_name(j.state)).c_str(),
                static_cast<long long>(j.pages_printed), static_cast<long long>(j.pages),
                std::string(tr("form.copy", lang)).c_str(), j.copy_number);
    if (!j.last_error.empty()) std::printf(" — %s [%s]", error_text(j.last_error, lang).c_str(), j.last_error.c_str());
    std::printf("\n");
}

// A store, the printer and a queue over them, for the commands that print.
struct Session {
    std::unique_ptr<Store> store;
    std::unique_ptr<hal::Printer> printer;
    std::unique_ptr<printer::PrintQueue> queue;
    std::filesystem::path temp_spool; // removed at the end when the store is in memory
    ~Session() {
        std::error_code ec;
        if (!temp_spool.empty()) std::filesystem::remove_all(temp_spool, ec);
    }
};

// Returns an exit status on failure.
std::variant<int, std::unique_ptr<Session>> open_session(const Args& args, Lang lang, bool need_db) {
    auto uri = printer_uri(args);
    if (!uri) return usage_error("--printer URI (or $KIOSK_PRINTER) is required");
    auto db = args.get("db");
    if (need_db && (!db || db->empty())) return usage_error("--db PATH is required");
    auto s = std::make_unique<Session>();
    auto store = Store::open(db ? *db : ":memory:");
    if (!store) return store_error(store.error(), lang);
    s->store = std::move(*store);
    auto p = hal::open_printer(*uri);
    if (!p) return store_error(p.error(), lang);
    s->printer = std::move(*p);
    printer::QueueOptions options;
    if (auto spool = args.get("spool")) {
        options.spool_dir = *spool;
    } else if (db) {
        options.spool_dir = *db + ".spool";
    } else {
        s->temp_spool = std::filesystem::temp_directory_path() / ("emek-spool-" + std::to_string(::getpid()));
        options.spool_dir = s->temp_spool;
    }
    options.kiosk_id = kiosk_id(args);
    options.verify_base_url = args.get("verify-url").value_or(
        env_or("KIOSK_VERIFY_URL", std::string(printer::k_default_verify_base_url)));
    options.version = EMEK_VERSION;
    auto q = printer::PrintQueue::open(*s->store, *s->printer, options);
    if (!q) return store_error(q.error(), lang);
    s->queue = std::move(*q);
    return s;
}

std::optional<std::chrono::milliseconds> timeout_of(const Args& args, int default_seconds) {
    auto t = args.get("timeout");
    if (!t) return std::chrono::seconds(default_seconds);
    auto n = parse_count(*t);
    if (!n) return std::nullopt;
    return std::chrono::seconds(*n);
}

// Follows a job to its end, telling each change of state on stderr.
int follow(Session& s, std::int64_t id, std::chrono::milliseconds timeout, Lang lang, bool json) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string last;
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        auto job = s.queue->wait(id, std::min(left, std::chrono::milliseconds(500)), printer::WaitFor::End);
        if (!job) return store_error(job.error(), lang);
        std::string now = std::string(printer::job_state_name(job->state)) + "/" + job->last_error;
        if (now != last && !printer::is_final(job->state) && !json) {
            std::fprintf(stderr, "  %s%s%s\n", std::string(tr("printer.job." + std::string(printer::job_state_name(job->state)), lang)).c_str(),
                         job->last_error.empty() ? "" : ": ", job->last_error.empty() ? "" : error_text(job->last_error, lang).c_str());
            last = now;
        }
        if (printer::is_final(job->state) || std::chrono::steady_clock::now() >= deadline) {
            if (!printer::is_final(job->state) && !json)
                std::fprintf(stderr, "kiosk: %s\n", error_text("print_timeout", lang).c_str());
            report_job(*job, lang, json);
            return job->state == printer::JobState::Completed ? k_exit_ok : k_exit_not_printed;
        }
    }
}

const std::vector<std::string> k_session_options{"db", "printer", "spool", "kiosk-id", "verify-url", "lang", "json",
                                                 "timeout"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// --- print -----------------------------------------------------------------------

int cmd_print(int argc, char** argv) {
    Args args = Args::parse(argc, argv, 2, {"json"});
    if (!args.error.empty()) return usage_error(args.error);
    if (auto unknown = args.unknown_option(with(k_session_options, {"notification", "doc"})))
        return usage_error("unknown option --" + *unknown);
    auto lang = args.lang();
    if (!lang) return usage_error("--lang must be az, ru or en");
    auto n = args.get("notification");
    if (!n || n->empty()) return usage_error("--notification ID|NUMBER is required");
    auto doc = printer::parse_document(args.get("doc").value_or(""));
    if (!doc || !printer::is_citizen_document(*doc)) return usage_error("--doc must be notification or registration");
    auto timeout = timeout_of(args, 120);
    if (!timeout) return usage_error("--timeout must be a number of seconds");
    auto opened = open_session(args, *lang, true);
    if (auto* code = std::get_if<int>(&opened)) return *code;
    auto& s = *std::get<std::unique_ptr<Session>>(opened);
    auto job = s.queue->enqueue(printer::PrintRequest{*doc, *n, *lang});
    if (!job) return store_error(job.error(), *lang);
    return follow(s, job->id, *timeout, *lang, args.has("json"));
}

// --- printer -----------------------------------------------------------------------

int printer_status(const Args& args, Lang lang) {
    auto uri = printer_uri(args);
    if (!uri) return usage_error("--printer URI (or $KIOSK_PRINTER) is required");
    auto p = hal::open_printer(*uri);
    if (!p) return store_error(p.error(), lang);
    auto status = (*p)->status();
    if (!status) return store_error(status.error(), lang);
    if (args.has("json")) {
        nlohmann::json reasons = nlohmann::json::array();
        for (auto r : hal::reason_names(*status)) reasons.push_back(r);
        std::printf("%s\n", nlohmann::json{{"printer", (*p)->device_id()},
                                           {"state", hal::state_name(status->state)},
                                           {"reasons", reasons},
                                           {"ready", status->ready()},
                                           {"message", status->message}}
                                .dump()
                                .c_str());
    } else {
        std::printf("%s: %s (%s)\n", (*p)->device_id().c_str(),
                    std::string(tr("printer.state." + std::string(hal::state_name(status->state)), lang)).c_str(),
                    std::string(hal::state_name(status->state)).c_str());
        for (auto r : hal::reason_names(*status)) {
            std::string key = "printer.reason." + std::string(r);
            for (char& c : key)
                if (c == '-') c = '_';
            std::printf("  %s (%s)\n", std::string(tr(key, lang)).c_str(), std::string(r).c_str());
        }
        if (!status->message.empty()) std::printf("  %s\n", status->message.c_str());
    }
    return status->ready() ? k_exit_ok : k_exit_not_printed;
}

int printer_test_page(const Args& args, Lang lang) {
    auto timeout = timeout_of(args, 120);
    if (!timeout) return usage_error("--timeout must be a number of seconds");
    auto opened = open_session(args, lang, false);
    if (auto* code = std::get_if<int>(&opened)) return *code;
    auto& s = *std::get<std::unique_ptr<Session>>(opened);
    auto job = s.queue->enqueue(printer::PrintRequest{printer::DocumentKind::TestPage, {}, lang});
    if (!job) return store_error(job.error(), lang);
    return follow(s, job->id, *timeout, lang, args.has("json"));
}

int printer_jobs(const Args& args, Lang lang) {
    auto opened = open_session(args, lang, true);
    if (auto* code = std::get_if<int>(&opened)) return *code;
    auto& s = *std::get<std::unique_ptr<Session>>(opened);
    auto jobs = args.has("all") ? s.queue->recent_jobs(100) : s.queue->active_jobs();
    if (!jobs) return store_error(jobs.error(), lang);
    for (const auto& j : *jobs) report_job(j, lang, args.has("json"));
    return k_exit_ok;
}

// Runs the worker until no job is left at the printer or in line (or the timeout passes).
int printer_work(const Args& args, Lang lang) {
    auto timeout = timeout_of(args, 120);
    if (!timeout) return usage_error("--timeout must be a number of seconds");
    auto opened = open_session(args, lang, true);
    if (auto* code = std::get_if<int>(&opened)) return *code;
    auto& s = *std::get<std::unique_ptr<Session>>(opened);
    const auto deadline = std::chrono::steady_clock::now() + *timeout;
    for (;;) {
        if (auto r = s.queue->poll(); !r) return store_error(r.error(), lang);
        auto active = s.queue->active_jobs();
        if (!active) return store_error(active.error(), lang);
        if (active->empty()) return k_exit_ok;
        if (std::chrono::steady_clock::now() >= deadline) {
            for (const auto& j : *active) report_job(j, lang, args.has("json"));
            return k_exit_not_printed;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

int printer_job_action(const Args& args, Lang lang, std::string_view action) {
    auto id = parse_count(args.get("job").value_or(""));
    if (!id) return usage_error("--job ID is required");
    auto opened = open_session(args, lang, true);
    if (auto* code = std::get_if<int>(&opened)) return *code;
    auto& s = *std::get<std::unique_ptr<Session>>(opened);
    if (action == "reprint") {
        auto job = s.queue->reprint(*id);
        if (!job) return store_error(job.error(), lang);
        report_job(*job, lang, args.has("json"));
        return k_exit_ok;
    }
    auto r = action == "cancel" ? s.queue->cancel(*id) : s.queue->resume(*id);
    if (!r) return store_error(r.error(), lang);
    auto job = s.queue->job(*id);
    if (!job) return store_error(job.error(), lang);
    report_job(*job, lang, args.has("json"));
    return k_exit_ok;
}

int cmd_printer(int argc, char** argv) {
    if (argc < 3) return usage_error("printer needs a subcommand: status, test-page, jobs, work, resume, cancel, reprint");
    std::string_view sub = argv[2];
    Args args = Args::parse(argc, argv, 3, {"json", "all"});
    if (!args.error.empty()) return usage_error(args.error);
    if (!args.positional.empty()) return usage_error("unexpected argument " + args.positional[0]);
    if (auto unknown = args.unknown_option(with(k_session_options, {"job", "all"})))
        return usage_error("unknown option --" + *unknown);
    auto lang = args.lang();
    if (!lang) return usage_error("--lang must be az, ru or en");
    if (sub == "status") return printer_status(args, *lang);
    if (sub == "test-page") return printer_test_page(args, *lang);
    if (sub == "jobs") return printer_jobs(args, *lang);
    if (sub == "work") return printer_work(args, *lang);
    if (sub == "resume" || sub == "cancel" || sub == "reprint") return printer_job_action(args, *lang, sub);
    return usage_error("unknown printer subcommand " + std::string(sub));
}

// --- render ------------------------------------------------------------------------

int cmd_render(int argc, char** argv) {
    Args args = Args::parse(argc, argv, 2, {"json"});
    if (!args.error.empty()) return usage_error(args.error);
    if (auto unknown = args.unknown_option({"db", "notification", "doc", "lang", "out", "kiosk-id", "verify-url",
                                            "copy", "json"}))
        return usage_error("unknown option --" + *unknown);
    auto lang = args.lang();
    if (!lang) return usage_error("--lang must be az, ru or en");
    auto db = args.get("db");
    if (!db || db->empty()) return usage_error("--db PATH is required");
    auto out = args.get("out");
    if (!out || out->empty()) return usage_error("--out FILE.pdf is required");
    auto doc = printer::parse_document(args.get("doc").value_or(""));
    if (!doc) return usage_error("--doc must be notification, registration, test_page or diagnostics");
    auto n = args.get("notification");
    if (printer::is_citizen_document(*doc) && (!n || n->empty()))
        return usage_error("--notification ID|NUMBER is required");
    auto copy = parse_count(args.get("copy").value_or("1"));
    if (!copy || *copy < 1 || *copy > 999) return usage_error("--copy must be 1..999");

    auto store = Store::open(*db, OpenMode::ReadOnly);
    if (!store) return store_error(store.error(), *lang);
    printer::RenderContext ctx;
    ctx.lang = *lang;
    ctx.kiosk_id = kiosk_id(args);
    ctx.verify_base_url =
        args.get("verify-url").value_or(env_or("KIOSK_VERIFY_URL", std::string(printer::k_default_verify_base_url)));
    ctx.copy_number = static_cast<int>(*copy);
    auto rendered = printer::render_document(**store, *doc, n.value_or(""), ctx, {"-", EMEK_VERSION});
    if (!rendered) return store_error(rendered.error(), *lang);
    std::ofstream file(*out, std::ios::binary | std::ios::trunc);
    file.write(rendered->pdf.data(), static_cast<std::streamsize>(rendered->pdf.size()));
    file.close();
    if (!file) return store_error(Error{"spool_failed", "cannot write " + *out}, *lang);
    if (args.has("json"))
        std::printf("%s\n", nlohmann::json{{"out", *out},
                                           {"pages", rendered->pages},
                                           {"bytes", rendered->pdf.size()},
                                           {"verification_code", rendered->verification_code}}
                                .dump()
                                .c_str());
    else
        std::printf("%s: %d %s%s%s\n", out->c_str(), rendered->pages, std::string(tr("form.page", *lang)).c_str(),
                    rendered->verification_code.empty() ? "" : ", ", rendered->verification_code.c_str());
    return k_exit_ok;
}

} // namespace

KIOSK_CLI_COMMAND("print", "  kiosk print --db PATH --notification ID|NUMBER --doc notification|registration\n"
                           "              [--lang az|ru|en] [--printer ipp://…|ipps://…|dir:PATH|sim:…] [--kiosk-id ID]\n"
                           "              [--spool DIR] [--verify-url URL] [--timeout SEC] [--json]\n"
                           "      queues the document and waits until the printer reports the job's end\n"
                           "      (exit 3: not printed — failed, canceled, or still waiting at the timeout)\n",
                  cmd_print);
KIOSK_CLI_COMMAND("printer", "  kiosk printer status [--printer URI] [--json]      (exit 3: not ready)\n"
                             "  kiosk printer test-page [--printer URI] [--db PATH] [--lang L]\n"
                             "  kiosk printer jobs --db PATH [--all] [--printer URI] [--json]\n"
                             "  kiosk printer work --db PATH [--printer URI] [--timeout SEC]   (resumes the queue)\n"
                             "  kiosk printer resume|cancel|reprint --db PATH --job ID [--printer URI]\n",
                  cmd_printer);
KIOSK_CLI_COMMAND("render", "  kiosk render --db PATH --notification ID|NUMBER --doc notification|registration\n"
                            "               [--lang az|ru|en] --out FILE.pdf [--kiosk-id ID] [--verify-url URL]\n"
                            "               [--copy N] [--json]   (also --doc test_page|diagnostics)\n",
                  cmd_render);

} // namespace kiosk::cli
