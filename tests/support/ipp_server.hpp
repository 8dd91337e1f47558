// Test fixture: a real IPP Everywhere printer (ippeveprinter, cups-ipp-utils) on
// 127.0.0.1 with its own spool directory and a private D-Bus system bus (it will
// not start without one). Jobs complete through a completion script whose delay,
// exit status and reported printer-state-reasons the test controls with files.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace test_support {

namespace fs = std::filesystem;

inline bool have_program(const char* path) { return ::access(path, X_OK) == 0; }

inline fs::path make_temp_dir(const std::string& prefix) {
    std::string tmpl = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
    char* made = ::mkdtemp(tmpl.data());
    return made ? fs::path(made) : fs::path();
}

inline pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
                   const fs::path& log) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<std::string> env_store;
    for (char** e = environ; *e; ++e) env_store.emplace_back(*e);
    for (const auto& e : extra_env) env_store.push_back(e);
    std::vector<char*> env;
    for (auto& e : env_store) env.push_back(e.data());
    env.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = -1;
    if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), env.data()) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

inline void stop_process(pid_t& pid) {
    if (pid <= 0) return;
    ::kill(pid, SIGTERM);
    for (int i = 0; i < 100; ++i) {
        if (::waitpid(pid, nullptr, WNOHANG) == pid) {
            pid = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    pid = -1;
}

inline int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

// A plain HTTP GET on loopback; returns the status line or "" on failure.
inline std::string http_get(int port, const std::string& path) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return {};
    }
    std::string req = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + std::to_string(port) + "\r\nConnection: close\r\n\r\n";
    (void)::write(fd, req.data(), req.size());
    std::string resp;
    char buf[4096];
    ssize_t n;
    // Only the status line: the printer may keep the connection open.
    while (resp.find("\r\n") == std::string::npos && (n = ::read(fd, buf, sizeof buf)) > 0)
        resp.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    return resp.substr(0, resp.find("\r\n"));
}

class IppServer {
public:
    // Starts dbus-daemon and ippeveprinter; null when the programs are missing or it does not come up.
    static std::unique_ptr<IppServer> start(double job_seconds = 0.05) {
        if (!have_program("/usr/sbin/ippeveprinter") || !have_program("/usr/bin/dbus-daemon")) return nullptr;
        auto s = std::unique_ptr<IppServer>(new IppServer());
        s->m_dir = make_temp_dir("emek-ipp");
        s->m_spool = s->m_dir / "spool";
        fs::create_directories(s->m_spool);
        s->set_job_seconds(job_seconds);
        {
            std::ofstream conf(s->m_dir / "dbus.conf");
            conf << "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
                    "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                    "<busconfig><type>system</type><listen>unix:path="
                 << (s->m_dir / "bus").string()
                 << "</listen><auth>EXTERNAL</auth><policy context=\"default\"><allow send_destination=\"*\" "
                    "eavesdrop=\"true\"/><allow eavesdrop=\"true\"/><allow own=\"*\"/><allow user=\"*\"/>"
                    "</policy></busconfig>\n";
        }
        {
            std::ofstream script(s->m_dir / "complete.sh");
            const std::string d = s->m_dir.string();
            script << "#!/bin/sh\n"
                      "if [ -f " << d << "/reasons ]; then while read r; do echo \"STATE: $r\" >&2; done < " << d
                   << "/reasons; fi\n"
                      "sleep $(cat " << d << "/seconds)\n"
                      "exit $(cat " << d << "/exit 2>/dev/null || echo 0)\n";
        }
        fs::permissions(s->m_dir / "complete.sh", fs::perms::owner_all);
        s->m_dbus = spawn({"/usr/bin/dbus-daemon", "--config-file=" + (s->m_dir / "dbus.conf").string(), "--nofork"},
                          {}, s->m_dir / "dbus.log");
        for (int i = 0; i < 200 && !fs::exists(s->m_dir / "bus"); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        s->m_port = free_port();
        s->m_printer = spawn({"/usr/sbin/ippeveprinter", "-k", "-d", s->m_spool.string(), "-c",
                              (s->m_dir / "complete.sh").string(), "-f", "application/pdf", "-p",
                              std::to_string(s->m_port), "-n", "localhost", "-r", "off", "EmekTest"},
                             {"DBUS_SYSTEM_BUS_ADDRESS=unix:path=" + (s->m_dir / "bus").string()},
                             s->m_dir / "printer.log");
        for (int i = 0; i < 300; ++i) {
            if (!http_get(s->m_port, "/").empty()) return s;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return nullptr;
    }

    ~IppServer() {
        stop();
        stop_process(m_dbus);
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }

    std::string uri() const { return "ipp://127.0.0.1:" + std::to_string(m_port) + "/ipp/print"; }
    int port() const { return m_port; }
    const fs::path& spool() const { return m_spool; }
    const fs::path& dir() const { return m_dir; }

    // How long each job takes, and the exit status of the completion script (non-zero aborts the job).
    void set_job_seconds(double seconds) { std::ofstream(m_dir / "seconds") << seconds << "\n"; }
    void set_exit_status(int status) { std::ofstream(m_dir / "exit") << status << "\n"; }
    // Reasons the next job reports ("+media-jam", "-media-jam").
    void set_job_reasons(const std::vector<std::string>& reasons) {
        std::ofstream f(m_dir / "reasons");
        for (const auto& r : reasons) f << r << "\n";
    }
    // Empties or refills both trays (ippeveprinter's web interface; both sizes always given).
    bool set_paper(bool loaded) {
        std::string level = loaded ? "250" : "0", level3 = loaded ? "25" : "0";
        return http_get(m_port, "/media?size1=iso_a4_210x297mm&level1=" + level + "&size3=iso_a4_210x297mm&level3=" +
                                    level3)
                   .find("200") != std::string::npos;
    }
    // Received documents (<job>-<name>.pdf).
    std::vector<fs::path> received() const {
        std::vector<fs::path> out;
        for (const auto& e : fs::directory_iterator(m_spool))
            if (e.path().extension() == ".pdf") out.push_back(e.path());
        std::sort(out.begin(), out.end());
        return out;
    }
    void stop() { stop_process(m_printer); }

private:
    IppServer() = default;
    fs::path m_dir, m_spool;
    int m_port = 0;
    pid_t m_dbus = -1, m_printer = -1;
};

} // namespace test_support
