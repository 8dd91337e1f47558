// ui_bench: the kiosk program's figures against PRODUCT §9, measured on the real
// program (`kiosk run --headless`, SDL's offscreen driver, software rendering, 1920×1080):
//   start to first interactive frame (warm), frame time of the notifications list with
//   500 rows, idle CPU on the welcome screen, memory (PSS) with a 1 M-notification replica.
//
//   ui_bench KIOSK SMALL_REPLICA WORK_DIR [REPLICA_1M]
// SMALL_REPLICA is copied into WORK_DIR and the demo card's citizen gets 500 notifications.
#include "kiosk/simulator.hpp"
#include "kiosk/sqlite.hpp"
#include "kiosk/store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string g_kiosk;

void write_file(const fs::path& p, const std::string& text) {
    std::ofstream out(p);
    out << text;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

fs::path write_config(const fs::path& dir, const std::string& name, const std::string& store) {
    fs::path p = dir / (name + ".toml");
    write_file(p, "kiosk_id = \"BENCH-01\"\n[store]\npath = \"" + store +
                      "\"\n[simulator]\nread_ms = 0\npin_ms = 0\npage_ms = 100\n[window]\nwidth = "
                      "1920\nheight = 1080\n");
    return p;
}

struct Child {
    pid_t pid = -1;
    fs::path log;
};

Child spawn(const fs::path& config, const fs::path& script, const fs::path& log) {
    std::vector<std::string> args = {g_kiosk, "run", "--config", config.string(), "--headless", "--timing"};
    if (!script.empty()) {
        args.push_back("--script");
        args.push_back(script.string());
    }
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    Child c;
    c.log = log;
    if (posix_spawn(&c.pid, g_kiosk.c_str(), &fa, nullptr, argv.data(), environ) != 0) {
        std::perror("posix_spawn");
        std::exit(1);
    }
    posix_spawn_file_actions_destroy(&fa);
    return c;
}

int wait_child(Child& c) {
    int status = 0;
    waitpid(c.pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

double value_of(const std::string& log, const std::string& key) {
    auto at = log.find(key + "=");
    if (at == std::string::npos) return -1;
    return std::atof(log.c_str() + at + key.size() + 1);
}

long cpu_ticks(pid_t pid) {
    std::string s = read_file("/proc/" + std::to_string(pid) + "/stat");
    auto close = s.rfind(')');
    std::istringstream in(s.substr(close + 2));
    std::string f;
    long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && in >> f; ++i) {
        if (i == 14) utime = std::stol(f);
        if (i == 15) stime = std::stol(f);
    }
    return utime + stime;
}

long pss_kib(pid_t pid) {
    std::istringstream in(read_file("/proc/" + std::to_string(pid) + "/smaps_rollup"));
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("Pss:")) return std::stol(line.substr(4));
    return -1;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? -1 : v[v.size() / 2];
}

const char* verdict(bool ok) {
    return ok ? "ok" : "OVER BUDGET";
}

// Gives the first demo card's citizen at least `rows` notifications (copies with earlier dates).
bool make_500_rows(const fs::path& db, int rows) {
    auto store = kiosk::Store::open(db.string());
    if (!store) return false;
    auto cards = kiosk::demo_cards(**store);
    if (!cards || cards->empty()) return false;
    std::string fin = cards->front().identity.fin;
    auto exec = [&](const std::string& sql) { return kiosk::sql::exec((*store)->handle(), sql).has_value(); };
    if (!exec("CREATE TEMP TABLE t AS SELECT * FROM notification WHERE employee_fin = '" + fin +
              "' AND kind <> 'termination'"))
        return false;
    for (int round = 1; round < 200; ++round) {
        auto stmt = kiosk::sql::Stmt::prepare(
            (*store)->handle(), "SELECT count(*) FROM notification WHERE employee_fin = '" + fin +
                                    "' AND kind <> 'termination' AND status <> 'entered'");
        if (!stmt || !stmt->step()) return false;
        if (stmt->column_int(0) >= rows) break;
        if (!exec("UPDATE t SET id = id || 'b', number = number || 'b', date = date(date, '-1 month');"
                  "INSERT INTO notification SELECT * FROM t"))
            return false;
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: ui_bench KIOSK SMALL_REPLICA WORK_DIR [REPLICA_1M]\n");
        return 2;
    }
    g_kiosk = argv[1];
    fs::path work = argv[3];
    fs::create_directories(work);
    fs::path small = work / "ui-500.db";
    fs::remove(small);
    {
        // A consistent copy (the source may have a WAL beside it).
        auto src = kiosk::Store::open(argv[2], kiosk::OpenMode::ReadOnly);
        if (!src || !kiosk::sql::exec((*src)->handle(), "VACUUM INTO '" + small.string() + "'")) {
            std::fprintf(stderr, "ui_bench: cannot copy %s\n", argv[2]);
            return 1;
        }
    }
    if (!make_500_rows(small, 500)) {
        std::fprintf(stderr, "ui_bench: cannot prepare the 500-row replica\n");
        return 1;
    }
    fs::path big = argc > 4 ? fs::path(argv[4]) : small;
    fs::path cfg_small = write_config(work, "small", fs::absolute(small).string());
    fs::path cfg_big = write_config(work, "big", fs::absolute(big).string());
    fs::path quit = work / "quit.txt";
    write_file(quit, "frames 1\nquit\n");
    std::printf("ui_bench: kiosk run --headless (SDL offscreen driver, software renderer), 1920x1080\n");
    std::printf("  replica for start and memory: %s\n", big.c_str());

    // 1. Start to first interactive frame (warm: the files are in the page cache after the first run).
    std::vector<double> starts;
    for (int i = 0; i < 6; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        Child c = spawn(cfg_big, quit, work / "start.log");
        wait_child(c);
        double mono = value_of(read_file(c.log), "first_frame_monotonic_ns");
        double t0ns = static_cast<double>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(t0.time_since_epoch()).count());
        if (i > 0 && mono > 0) starts.push_back((mono - t0ns) / 1e6);
    }
    double start_ms = median(starts);
    std::printf("start to first frame (warm, median of %zu): %.1f ms   budget <= 150 ms: %s\n", starts.size(),
                start_ms, verdict(start_ms <= 150));

    // 2. Frame time of the list with 500 rows: sign in, scroll to the end (all pages load), keep scrolling.
    std::string script =
        "sim insert 0\nwait pin\ntap pin.key.1\ntap pin.key.2\ntap pin.key.3\ntap pin.key.4\ntap pin.ok\n"
        "wait notifications\nexpect loading=0\n";
    for (int i = 0; i < 90; ++i)
        script += "drag_at 960 900 0 -600\nexpect loading=0\n";
    for (int i = 0; i < 10; ++i)
        script += "drag_at 960 500 0 400\nframes 10\n";
    script += "quit\n";
    fs::path list_script = work / "list.txt";
    write_file(list_script, script);
    Child list = spawn(cfg_small, list_script, work / "list.log");
    int rc = wait_child(list);
    std::string log = read_file(list.log);
    double p50 = value_of(log, "list_frame_ms_p50"), p95 = value_of(log, "list_frame_ms_p95");
    std::printf(
        "list frame (%d rows loaded, %d frames): p50 %.2f ms, p95 %.2f ms   budget p50 <= 16 ms: %s%s\n",
        static_cast<int>(value_of(log, "list_rows")), static_cast<int>(value_of(log, "list_frames")), p50,
        p95, verdict(p50 > 0 && p50 <= 16), rc == 0 ? "" : "  (script failed: see list.log)");

    // 3. Idle: the welcome screen, nothing happening, for 10 s. 4. PSS there and in a session.
    Child idle = spawn(cfg_big, {}, work / "idle.log");
    std::this_thread::sleep_for(3s);
    long t_before = cpu_ticks(idle.pid);
    std::this_thread::sleep_for(10s);
    long t_after = cpu_ticks(idle.pid);
    long pss_idle = pss_kib(idle.pid);
    kill(idle.pid, SIGTERM);
    int idle_rc = wait_child(idle);
    double cpu =
        100.0 * static_cast<double>(t_after - t_before) / (10.0 * static_cast<double>(sysconf(_SC_CLK_TCK)));
    std::printf(
        "idle CPU on the welcome screen (10 s): %.2f %% of a core (no redraw when nothing changes)%s\n", cpu,
        idle_rc == 0 ? "" : "  (did not stop cleanly)");

    fs::path session_script = work / "session.txt";
    write_file(
        session_script,
        "sim insert 0\nwait pin\ntap pin.key.1\ntap pin.key.2\ntap pin.key.3\ntap pin.key.4\n"
        "tap pin.ok\nwait notifications\nexpect loading=0\ntap row.0\nwait detail\nsleep 4000\nquit\n");
    Child session = spawn(cfg_big, session_script, work / "session.log");
    std::this_thread::sleep_for(3s);
    long pss_session = pss_kib(session.pid);
    wait_child(session);
    std::printf(
        "memory (PSS): welcome %.1f MiB, in a session (list + detail) %.1f MiB   budget <= 64 MB: %s\n",
        pss_idle / 1024.0, pss_session / 1024.0, verdict(pss_session > 0 && pss_session * 1024.0 <= 64e6));
    return 0;
}
