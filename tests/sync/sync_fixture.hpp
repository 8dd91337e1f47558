// Fixtures of the sync tests: a private temporary directory, child processes that die
// with the test (PR_SET_PDEATHSIG), a test PKI made by the real `registry pki`, and the
// misbehaving registry (fixtures/bad_registry.py) on 127.0.0.1 on a kernel-chosen port.
// The real registry server fixture is registry_server.hpp.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#ifndef SYNC_REGISTRY_BIN
#define SYNC_REGISTRY_BIN "registry"
#endif
#ifndef SYNC_KIOSK_BIN
#define SYNC_KIOSK_BIN "kiosk"
#endif
#ifndef SYNC_FIXTURES_DIR
#define SYNC_FIXTURES_DIR "."
#endif

namespace sync_test {

namespace fs = std::filesystem;

class TempDir {
  public:
    TempDir() {
        static std::atomic<int> counter{0};
        std::string name = "emek-sync-test." + std::to_string(::getpid()) + "." + std::to_string(counter++);
        m_path = fs::temp_directory_path() / name;
        std::error_code ec;
        fs::remove_all(m_path, ec);
        fs::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        if (!std::getenv("SYNC_TEST_KEEP")) fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return m_path; }
    std::string file(std::string_view name) const { return (m_path / name).string(); }

  private:
    fs::path m_path;
};

inline std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void write_text(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

// A child process; killed with the test (PR_SET_PDEATHSIG) and by the destructor.
class Child {
  public:
    Child() = default;
    Child(const std::vector<std::string>& argv, const std::string& log, const std::vector<std::string>& env = {}) {
        start(argv, log, env);
    }
    Child(Child&& o) noexcept : m_pid(o.m_pid) { o.m_pid = -1; }
    Child& operator=(Child&& o) noexcept {
        if (this != &o) {
            kill(SIGKILL);
            m_pid = o.m_pid;
            o.m_pid = -1;
        }
        return *this;
    }
    ~Child() { kill(SIGKILL); }

    void start(const std::vector<std::string>& argv, const std::string& log, const std::vector<std::string>& env = {}) {
        const pid_t parent = ::getpid();
        pid_t pid = ::fork();
        if (pid == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent) ::_exit(127);
            int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (fd >= 0) {
                ::dup2(fd, 1);
                ::dup2(fd, 2);
                ::close(fd);
            }
            for (const auto& e : env) ::putenv(const_cast<char*>(e.c_str()));
            std::vector<char*> args;
            for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            ::execvp(args[0], args.data());
            ::_exit(127);
        }
        m_pid = pid;
    }
    pid_t pid() const { return m_pid; }
    bool running() {
        if (m_pid <= 0) return false;
        int status = 0;
        pid_t r = ::waitpid(m_pid, &status, WNOHANG);
        if (r == m_pid) {
            m_exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            m_pid = -1;
            return false;
        }
        return true;
    }
    // Waits for the exit; returns the exit status (128 + signal), or -1 on timeout.
    int wait(std::chrono::milliseconds timeout = std::chrono::seconds(120)) {
        auto end = std::chrono::steady_clock::now() + timeout;
        while (running()) {
            if (std::chrono::steady_clock::now() > end) return -1;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return m_exit;
    }
    void kill(int sig) {
        if (m_pid <= 0) return;
        ::kill(m_pid, sig);
        if (sig == SIGKILL || sig == SIGTERM) {
            for (int i = 0; i < 500 && running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
            if (running()) {
                ::kill(m_pid, SIGKILL);
                ::waitpid(m_pid, nullptr, 0);
                m_pid = -1;
            }
        }
    }
    int exit_status() const { return m_exit; }

  private:
    pid_t m_pid = -1;
    int m_exit = -1;
};

// Runs a program to its end; returns the exit status and fills `output` (stdout + stderr).
inline int run(const std::vector<std::string>& argv, std::string* output = nullptr,
               std::chrono::milliseconds timeout = std::chrono::seconds(300)) {
    static std::atomic<int> n{0};
    fs::path log = fs::temp_directory_path() / ("emek-sync-run." + std::to_string(::getpid()) + "." + std::to_string(n++));
    Child c(argv, log.string());
    int rc = c.wait(timeout);
    if (output) *output = read_text(log);
    std::error_code ec;
    fs::remove(log, ec);
    return rc;
}

// Waits until `path` exists (and is not empty).
inline bool wait_for_file(const fs::path& path, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        std::error_code ec;
        if (fs::exists(path, ec) && fs::file_size(path, ec) > 0) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

// A test PKI made by `registry pki`: CA, the registry's server certificate for 127.0.0.1,
// the kiosk's client certificate (CN = kiosk id) and a document signer.
struct Pki {
    fs::path dir;
    std::string kiosk_id;
    std::string ca() const { return (dir / "ca.pem").string(); }
    std::string server_cert() const { return (dir / "server.pem").string(); }
    std::string server_key() const { return (dir / "server.key").string(); }
    std::string client_cert() const { return (dir / "kiosk.pem").string(); }
    std::string client_key() const { return (dir / "kiosk.key").string(); }
    std::string signer_cert() const { return (dir / "signer.pem").string(); }
    std::string signer_key() const { return (dir / "signer.key").string(); }
};

inline Pki make_pki(const fs::path& dir, const std::string& kiosk_id = "TEST-KIOSK-01",
                    const std::string& ca_name = "Emek Test CA") {
    Pki p{dir, kiosk_id};
    const std::string reg = SYNC_REGISTRY_BIN, d = dir.string();
    std::string out;
    auto must = [&](std::vector<std::string> argv) {
        int rc = run(argv, &out);
        if (rc != 0) ADD_FAILURE() << "failed (" << rc << "): " << argv[0] << " " << argv[1] << " " << argv[2] << "\n" << out;
    };
    must({reg, "pki", "init", "--dir", d, "--name", ca_name});
    must({reg, "pki", "issue", "--dir", d, "--profile", "server", "--cn", "127.0.0.1", "--dns", "127.0.0.1,localhost",
          "--out", d + "/server"});
    must({reg, "pki", "issue", "--dir", d, "--profile", "client", "--cn", kiosk_id, "--out", d + "/kiosk"});
    must({reg, "pki", "issue", "--dir", d, "--profile", "signer", "--cn", "Test Signer", "--out", d + "/signer"});
    return p;
}

// The misbehaving registry (fixtures/bad_registry.py).
class BadRegistry {
  public:
    // `tls`: serve HTTPS with `cert`/`key`, requiring a client certificate from `client_ca`.
    BadRegistry(const fs::path& dir, const std::string& mode, std::vector<std::string> extra = {},
                const std::string& cert = "", const std::string& key = "", const std::string& client_ca = "") {
        static std::atomic<int> n{0};
        const std::string tag = mode + "." + std::to_string(n++);
        m_port_file = dir / ("bad-" + tag + ".port");
        m_log = dir / ("bad-" + tag + ".requests");
        std::vector<std::string> argv{"/usr/bin/python3", std::string(SYNC_FIXTURES_DIR) + "/bad_registry.py",
                                      "--port-file", m_port_file.string(), "--mode", mode, "--log", m_log.string()};
        if (!cert.empty()) {
            argv.insert(argv.end(), {"--cert", cert, "--key", key});
            if (!client_ca.empty()) argv.insert(argv.end(), {"--client-ca", client_ca});
        }
        argv.insert(argv.end(), extra.begin(), extra.end());
        m_child.start(argv, (dir / ("bad-" + tag + ".log")).string());
        if (!wait_for_file(m_port_file)) {
            ADD_FAILURE() << "bad_registry.py did not start: " << read_text(dir / ("bad-" + tag + ".log"));
            return;
        }
        m_port = std::stoi(read_text(m_port_file));
        m_tls = !cert.empty();
    }
    int port() const { return m_port; }
    std::string url() const { return std::string(m_tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(m_port); }
    int requests() const {
        std::ifstream in(m_log);
        int n = 0;
        std::string line;
        while (std::getline(in, line)) ++n;
        return n;
    }

  private:
    Child m_child;
    fs::path m_port_file, m_log;
    int m_port = 0;
    bool m_tls = false;
};

} // namespace sync_test
