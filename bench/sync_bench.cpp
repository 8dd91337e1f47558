// The sync module's figures against the real registry (`registry serve`, mTLS, 127.0.0.1),
// PRODUCT §9:
//   1. initial replication of 1 M notifications over HTTP into the kiosk's empty SQLite
//      store, by the real `kiosk sync --once` (budget 30 s), with and without gzip;
//   2. a change signed through the registry's employer CLI, from the moment the registry
//      holds it to the moment the running kiosk (`kiosk sync run`, long-polling) holds it
//      (budget 2 s);
//   3. the background signature check's rate on the 1 M replica (not part of the budget:
//      signatures are checked after replication, see sync/signature.hpp).
//
//   sync_bench REGISTRY KIOSK DIR
// DIR holds pki/ (the registry's test CA) and the registry databases: unsigned.db (the
// generator's data as generated: what PRODUCT §9's bracketed figures measure, ~870 B per
// notification) and signed.db (the same loaded with --sign: a real CMS signature per
// notification, ~2.3 KB). Wall times depend on what else the machine runs: the load
// average and the CPU seconds of the kiosk and of the registry are printed beside them.
#include "kiosk/store.hpp"
#include "sync/signature.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

std::string read_text(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Standard output and error to LOG, or error to ERR when given (output that is read back).
pid_t spawn(const std::vector<std::string>& argv, const fs::path& log, const fs::path& err = {}) {
    const pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);
        int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(fd, 1);
        ::dup2(err.empty() ? fd : ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), 2);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    return pid;
}

// Runs to the end; returns the exit status and the peak RSS in KiB.
int run(const std::vector<std::string>& argv, const fs::path& log, long* max_rss_kib = nullptr,
        const fs::path& err = {}) {
    pid_t pid = spawn(argv, log, err);
    int status = 0;
    rusage ru{};
    ::wait4(pid, &status, 0, &ru);
    if (max_rss_kib) *max_rss_kib = ru.ru_maxrss;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void stop(pid_t pid) {
    if (pid <= 0) return;
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
}

// A single number from an SQLite file opened read-only (beside a writer).
struct Probe {
    sqlite3* db = nullptr;
    sqlite3_stmt* stmt = nullptr;
    Probe(const fs::path& path, const char* sql) {
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
        sqlite3_busy_timeout(db, 1000);
        sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    }
    ~Probe() {
        sqlite3_finalize(stmt);
        sqlite3_close(db);
    }
    std::int64_t value() {
        std::int64_t v = -1;
        if (stmt && sqlite3_step(stmt) == SQLITE_ROW) v = sqlite3_column_int64(stmt, 0);
        sqlite3_reset(stmt);
        return v;
    }
};

std::string config(const fs::path& dir, const std::string& url, const std::string& store, bool gzip) {
    fs::path p = dir / ("kiosk-" + store + ".toml");
    std::ofstream(p) << "kiosk_id = \"BENCH-01\"\n[store]\npath = \"" << (dir / store).string()
                     << "\"\n[registry]\nurl = \"" << url << "\"\nca = \"" << (dir / "pki/ca.pem").string()
                     << "\"\ncert = \"" << (dir / "pki/bench-kiosk.pem").string() << "\"\nkey = \""
                     << (dir / "pki/bench-kiosk.key").string() << "\"\npage_size = 10000\ngzip = "
                     << (gzip ? "true" : "false") << "\nverify_in_background = false\n";
    return p.string();
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// CPU seconds (user + system) a process has used so far.
double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(in, line);
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    std::string f;
    double ticks = 0;
    for (int i = 3; fields >> f; ++i)
        if (i == 14 || i == 15) ticks += std::stod(f);
    return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double load_average() {
    double l = 0;
    std::ifstream("/proc/loadavg") >> l;
    return l;
}

struct Server {
    pid_t pid = -1;
    std::string url;
    Server(const std::string& registry, const fs::path& db, const fs::path& dir) {
        static int n = 0;
        const fs::path log = dir / ("serve-" + std::to_string(++n) + ".log");
        fs::remove(log);
        pid = spawn({registry, "serve", "--db", db.string(), "--pki", (dir / "pki").string(), "--listen", "127.0.0.1:0",
                     "--quiet"},
                    log);
        for (int i = 0; i < 400 && url.empty(); ++i) {
            std::smatch m;
            std::string text = read_text(log);
            static const std::regex k_line("listening on (https://[0-9.:]+)");
            if (std::regex_search(text, m, k_line)) url = m[1];
            else std::this_thread::sleep_for(50ms);
        }
    }
    ~Server() { stop(pid); }
};

// Initial replication into an empty store by `kiosk sync --once`.
void replicate(const std::string& registry, const std::string& kiosk, const fs::path& dir, const fs::path& db,
               const char* what) {
    if (!fs::exists(db)) return;
    const std::int64_t notifications = Probe(db, "SELECT count(*) FROM change WHERE entity = 'notification'").value();
    const std::int64_t head = Probe(db, "SELECT max(seq) FROM change").value();
    const std::int64_t json_bytes = Probe(db, "SELECT sum(length(record)) FROM change").value();
    Server server(registry, db, dir);
    if (server.url.empty()) {
        std::printf("  registry serve did not start\n");
        return;
    }
    std::printf("  %s: %lld notifications, %lld records, %.2f GB of JSON\n", what, static_cast<long long>(notifications),
                static_cast<long long>(head), json_bytes / 1e9);
    for (bool gzip : {false, true}) {
        const std::string store = "kiosk-replica.db";
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(dir / (store + suffix));
        const std::string cfg = config(dir, server.url, store, gzip);
        long rss = 0;
        const double load = load_average(), server_cpu = cpu_seconds(server.pid);
        rusage before{}, after{};
        ::getrusage(RUSAGE_CHILDREN, &before);
        auto t0 = Clock::now();
        int rc = run({kiosk, "sync", "--once", "--config", cfg, "--json"}, dir / "once.log", &rss);
        const double s = seconds_since(t0);
        ::getrusage(RUSAGE_CHILDREN, &after);
        auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
        const double kiosk_cpu = secs(after.ru_utime) - secs(before.ru_utime) + secs(after.ru_stime) - secs(before.ru_stime);
        std::string out = read_text(dir / "once.log");
        std::smatch m;
        static const std::regex k_wire("\"wire_bytes\":([0-9]+)");
        const double wire = std::regex_search(out, m, k_wire) ? std::stod(m[1]) : 0;
        if (rc != 0) {
            std::printf("    FAILED (%d): %s\n", rc, out.c_str());
            continue;
        }
        const std::int64_t rows = Probe(dir / store, "SELECT count(*) FROM notification").value();
        std::printf("    %-8s %5.1f s  %7.0f records/s  %5.0f MB on the wire  CPU: kiosk %4.1f s, registry %4.1f s  "
                    "peak RSS %3ld MiB  load avg %.1f  %lld rows  %s\n",
                    gzip ? "gzip" : "no gzip", s, head / s, wire / 1e6, kiosk_cpu, cpu_seconds(server.pid) - server_cpu,
                    rss / 1024, load, static_cast<long long>(rows), s <= 30 ? "within budget (30 s)" : "over budget (30 s)");
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: sync_bench REGISTRY KIOSK DIR\n");
        return 2;
    }
    const std::string registry = argv[1], kiosk = argv[2];
    const fs::path dir = fs::absolute(argv[3]);
    const fs::path signed_db = dir / "signed.db", unsigned_db = dir / "unsigned.db";
    if (!fs::exists(signed_db) && !fs::exists(unsigned_db)) {
        std::fprintf(stderr, "sync_bench: no registry database in %s (bench/run.sh prepares them)\n", dir.c_str());
        return 1;
    }
    if (!fs::exists(dir / "pki/bench-kiosk.pem"))
        run({registry, "pki", "issue", "--dir", (dir / "pki").string(), "--profile", "client", "--cn", "BENCH-01", "--out",
             (dir / "pki/bench-kiosk").string()},
            dir / "issue.log");

    std::printf("== sync: initial replication from the registry over HTTPS (mTLS) into an empty store ==\n");
    replicate(registry, kiosk, dir, unsigned_db, "the generator's data");
    replicate(registry, kiosk, dir, signed_db, "the same, every notification signed (CMS)");

    // 2. A change signed through the employer CLI reaching the running kiosk.
    const fs::path registry_db = fs::exists(signed_db) ? signed_db : unsigned_db;
    Server server(registry, registry_db, dir);
    const std::string url = server.url;
    if (url.empty()) return 1;
    std::printf("== sync: a change signed through the employer CLI -> visible on the running kiosk (long poll) ==\n");
    const std::string voen = "1999999991", head_fin = "3KD7M1T", phone = "+994501234567";
    run({registry, "employer", "add", "--db", registry_db.string(), "--voen", voen, "--sun", "2999999991", "--name",
         "Bench MMC", "--address", "Bakı", "--head-fin", head_fin},
        dir / "setup.log");
    run({registry, "account", "add", "--db", registry_db.string(), "--phone", phone, "--user-id", "123456", "--fin",
         head_fin, "--surname", "Əliyev", "--name", "Tofiq"},
        dir / "setup.log");
    const std::vector<std::string> conn{"--server", url, "--ca", (dir / "pki/ca.pem").string(), "--phone", phone,
                                        "--user-id", "123456", "--pin1", "1111", "--voen", voen};
    auto with = [&](std::vector<std::string> cmd, const std::vector<std::string>& rest) {
        cmd.insert(cmd.begin(), registry);
        cmd.insert(cmd.end(), conn.begin(), conn.end());
        cmd.insert(cmd.end(), rest.begin(), rest.end());
        return cmd;
    };
    run(with({"employer", "authorise"}, {"--fin", head_fin, "--name", "Əliyev Tofiq", "--position", "Direktor", "--term",
                                         "indefinite"}),
        dir / "setup.log");
    // The follower starts from the replica made above (caught up but for the setup's changes).
    const std::string cfg = config(dir, url, "kiosk-replica.db", false);
    pid_t follower = spawn({kiosk, "sync", "run", "--config", cfg}, dir / "run.log");
    Probe registry_head(registry_db, "SELECT max(seq) FROM change");
    Probe kiosk_cursor(dir / "kiosk-replica.db", "SELECT seq FROM feed_cursor");
    for (int i = 0; i < 100 && kiosk_cursor.value() < registry_head.value(); ++i) std::this_thread::sleep_for(100ms);
    std::this_thread::sleep_for(500ms); // the follower is in its long poll
    std::vector<double> latencies;
    for (int i = 0; i < 10; ++i) {
        std::string number = "ƏM-BENCH-" + std::to_string(::getpid()) + "-" + std::to_string(i);
        int rc = run(with({"notify"}, {"--kind", "conclusion", "--employee-fin", "7AB3C4D", "--surname", "Quliyev", "--name",
                                       "Rəşad", "--patronymic", "Elçin oğlu", "--birth-date", "1995-04-12",
                                       "--contract-number", number, "--contract-date", "2026-11-20", "--start-date",
                                       "2026-12-01", "--type", "indefinite", "--position", "Operator", "--workplace",
                                       "Sex", "--work-address", "Bakı", "--salary", "950.00", "--working-time", "Tam",
                                       "--print", "id"}),
                     dir / "notify.log", nullptr, dir / "notify.err");
        std::string id = read_text(dir / "notify.log");
        while (!id.empty() && (id.back() == '\n' || id.back() == ' ')) id.pop_back();
        if (rc != 0 || id.find('\n') != std::string::npos) {
            std::printf("  notify failed: %s\n", id.c_str());
            break;
        }
        const std::int64_t before = registry_head.value();
        pid_t signer = spawn(with({"sign"}, {"--notification", id, "--pin2", "22222"}), dir / "sign.log");
        // From the moment the registry's feed moves to the moment the kiosk's cursor reaches it.
        auto deadline = Clock::now() + 30s;
        std::int64_t now_head = before;
        while ((now_head = registry_head.value()) <= before && Clock::now() < deadline) std::this_thread::sleep_for(1ms);
        auto published = Clock::now();
        while (kiosk_cursor.value() < now_head && Clock::now() < deadline) std::this_thread::sleep_for(1ms);
        latencies.push_back(seconds_since(published) * 1000);
        ::waitpid(signer, nullptr, 0);
    }
    stop(follower);
    const std::int64_t notifications = Probe(registry_db, "SELECT count(*) FROM change WHERE entity = 'notification'").value();
    if (!latencies.empty()) {
        std::sort(latencies.begin(), latencies.end());
        const double p50 = latencies[latencies.size() / 2], worst = latencies.back();
        std::printf("  registry feed moved -> kiosk store has it: p50 %.0f ms, max %.0f ms (n=%zu)  %s\n", p50, worst,
                    latencies.size(), worst <= 2000 ? "within budget (2 s)" : "OVER BUDGET (2 s)");
    }
    // 3. The background signature check (not inside the replication budget).
    std::printf("== sync: signature checks on the replica (background, low priority in the kiosk) ==\n");
    {
        auto store = kiosk::Store::open((dir / "kiosk-replica.db").string());
        auto checker = store ? kiosk::sync::SignatureChecker::open(**store, (dir / "pki/ca.pem").string())
                             : kiosk::Result<std::unique_ptr<kiosk::sync::SignatureChecker>>(std::unexpected(store.error()));
        if (!checker) {
            std::printf("  cannot check: %s\n", checker.error().detail.c_str());
            return 0;
        }
        auto t0 = Clock::now();
        kiosk::sync::CheckCounts total;
        bool wrapped = false;
        while (!wrapped && seconds_since(t0) < 20) {
            auto c = (*checker)->check_next(2000, wrapped);
            if (!c) break;
            total += *c;
        }
        const double s = seconds_since(t0);
        std::printf("  %lld signatures checked in %.1f s: %.0f/s (all %lld would take %.0f s); invalid %lld\n",
                    static_cast<long long>(total.checked), s, total.checked / s, static_cast<long long>(notifications),
                    notifications / std::max(1.0, total.checked / s), static_cast<long long>(total.invalid));
    }
    return 0;
}
