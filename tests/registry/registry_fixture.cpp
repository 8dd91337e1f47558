#include "registry_fixture.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <gtest/gtest.h>
#include <poll.h>
#include <sstream>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace registry_test {
namespace {

// fork + exec with pipes; the child dies with us.
struct Child {
    pid_t pid = -1;
    int out = -1, err = -1, in = -1;
};

Child spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env, int err_fd = -1) {
    int out[2], err[2], in[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0 || ::pipe2(in, O_CLOEXEC) != 0)
        return {};
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);
        ::dup2(in[0], 0);
        ::dup2(out[1], 1);
        ::dup2(err_fd >= 0 ? err_fd : err[1], 2);
        for (const std::string& e : env)
            ::putenv(const_cast<char*>(e.c_str()));
        std::vector<char*> args;
        for (const std::string& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    ::close(out[1]);
    ::close(err[1]);
    ::close(in[0]);
    return Child{pid, out[0], err[0], in[1]};
}

int wait_status(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

CliResult collect(Child c, const std::string& stdin_text) {
    CliResult r;
    if (!stdin_text.empty()) (void)!::write(c.in, stdin_text.data(), stdin_text.size());
    ::close(c.in);
    pollfd fds[2] = {{c.out, POLLIN, 0}, {c.err, POLLIN, 0}};
    int open = 2;
    char buffer[65536];
    while (open > 0) {
        if (::poll(fds, 2, 120000) <= 0) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n <= 0) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            } else {
                (i == 0 ? r.out : r.err).append(buffer, static_cast<std::size_t>(n));
            }
        }
    }
    for (auto& f : fds)
        if (f.fd >= 0) ::close(f.fd);
    r.status = wait_status(c.pid);
    return r;
}

void must(const CliResult& r, const std::string& what) {
    if (r.status != 0) ADD_FAILURE() << what << " failed (" << r.status << "): " << r.err << r.out;
}

} // namespace

CliResult run_cli(const std::vector<std::string>& args, const std::vector<std::string>& env,
                  const std::string& stdin_text) {
    std::vector<std::string> argv{REGISTRY_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    return collect(spawn(argv, env), stdin_text);
}

CliResult run_program(const std::vector<std::string>& argv) {
    return collect(spawn(argv, {}), {});
}

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "emek-registry-test-XXXXXX").string();
    m_path = ::mkdtemp(tmpl.data());
}

TempDir::~TempDir() {
    std::error_code ec;
    if (!::testing::Test::HasFailure()) fs::remove_all(m_path, ec);
}

World World::create(const fs::path& dir) {
    World w;
    w.dir = dir;
    w.pki = dir / "pki";
    w.db = dir / "registry.db";
    must(run_cli({"pki", "init", "--dir", w.pki.string()}), "pki init");
    fs::create_directories(w.pki / "kiosks");
    for (const char* kiosk : {"KIOSK-01", "KIOSK-02"})
        must(run_cli({"pki", "issue", "--dir", w.pki.string(), "--profile", "client", "--cn", kiosk, "--out",
                      (w.pki / "kiosks" / kiosk).string()}),
             "pki issue client");
    must(run_cli({"pki", "init", "--dir", (dir / "other").string()}), "pki init other");
    must(run_cli({"pki", "issue", "--dir", (dir / "other").string(), "--profile", "client", "--cn",
                  "KIOSK-01", "--out", (dir / "other" / "KIOSK-01").string()}),
         "pki issue other");
    const std::string db = w.db.string();
    must(run_cli({"employer", "add", "--db", db, "--voen", k_voen, "--sun", "2000123456", "--name",
                  "\"Abşeron Şüşə\" ASC", "--address", "Bakı, Nizami küç. 10", "--head-fin", k_head_fin}),
         "employer add");
    struct Account {
        const char *phone, *user, *fin, *surname, *name, *patronymic;
    };
    const Account accounts[] = {
        {k_head_phone, k_head_user, k_head_fin, "Əliyev", "Tofiq", "Rza oğlu"},
        {k_rep_phone, k_rep_user, k_rep_fin, "Məmmədova", "Leyla", "Nazim qızı"},
        {k_citizen_phone, k_citizen_user, k_citizen_fin, "Quliyev", "Rəşad", "Elçin oğlu"}};
    for (const Account& a : accounts)
        must(run_cli({"account",      "add",        "--db",   db,          "--phone", a.phone,  "--user-id",
                      a.user,         "--fin",      a.fin,    "--surname", a.surname, "--name", a.name,
                      "--patronymic", a.patronymic, "--pin1", k_pin1,      "--pin2",  k_pin2}),
             "account add");
    return w;
}

std::unique_ptr<Server> Server::start(const World& w, const std::vector<std::string>& extra) {
    auto s = std::unique_ptr<Server>(new Server());
    s->m_world = &w;
    static int counter = 0;
    s->m_log = w.dir / ("serve-" + std::to_string(++counter) + ".log");
    const int log_fd = ::open(s->m_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    std::vector<std::string> argv{REGISTRY_BIN, "serve",        "--db",     w.db.string(),
                                  "--pki",      w.pki.string(), "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    Child c = spawn(argv, {}, log_fd);
    ::close(log_fd);
    ::close(c.in);
    ::close(c.err);
    s->m_pid = c.pid;
    // The first line of standard output: "listening on URL".
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    char ch;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{c.out, POLLIN, 0};
        if (::poll(&p, 1, 200) <= 0) continue;
        if (::read(c.out, &ch, 1) != 1) break;
        if (ch == '\n') break;
        line += ch;
    }
    ::close(c.out);
    if (line.rfind("listening on ", 0) != 0) {
        ADD_FAILURE() << "registry serve did not start: " << s->log();
        return nullptr;
    }
    s->m_url = line.substr(13);
    return s;
}

Server::~Server() {
    if (m_pid > 0) stop(SIGKILL);
}

int Server::stop(int signal) {
    if (m_pid <= 0) return -1;
    ::kill(m_pid, signal);
    const int status = wait_status(m_pid);
    m_pid = -1;
    return status;
}

std::string Server::log() const {
    std::ifstream in(m_log);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::unique_ptr<registry::http::Client> Server::client(const std::string& kiosk, int timeout_s,
                                                       bool decompress) const {
    registry::http::ClientOptions o;
    o.base_url = m_url;
    if (m_url.rfind("https", 0) == 0) o.ca_file = (m_world->pki / "ca.pem").string();
    if (!kiosk.empty()) {
        o.cert_file = (m_world->pki / "kiosks" / (kiosk + ".pem")).string();
        o.key_file = (m_world->pki / "kiosks" / (kiosk + ".key")).string();
    }
    o.timeout_s = timeout_s;
    o.decompress = decompress;
    auto c = registry::http::Client::open(o);
    EXPECT_TRUE(c.has_value());
    return c ? std::move(*c) : nullptr;
}

std::unique_ptr<registry::http::Client> Server::foreign_client() const {
    registry::http::ClientOptions o;
    o.base_url = m_url;
    o.ca_file = (m_world->pki / "ca.pem").string();
    o.cert_file = (m_world->dir / "other" / "KIOSK-01.pem").string();
    o.key_file = (m_world->dir / "other" / "KIOSK-01.key").string();
    auto c = registry::http::Client::open(o);
    EXPECT_TRUE(c.has_value());
    return c ? std::move(*c) : nullptr;
}

json body(const registry::http::Response& r) {
    json j = json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.body.substr(0, 200);
    return j;
}

std::string error_code(const registry::http::Response& r) {
    json j = json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j.contains("error")) return {};
    return j["error"].value("code", std::string());
}

registry::http::Headers bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
}

registry::http::Response answer(registry::http::Client& c, const std::string& phone,
                                const std::string& session, const std::string& pin) {
    json b = pin.empty() ? json{{"action", "reject"}} : json{{"action", "confirm"}, {"pin", pin}};
    auto r = c.post("/api/v1/sim/phones/" + phone + "/requests/" + session, b.dump());
    EXPECT_TRUE(r.has_value());
    return r ? *r : registry::http::Response{};
}

std::string login(registry::http::Client& c, const std::string& phone, const std::string& user_id,
                  const std::string& voen) {
    auto started = c.post("/api/v1/auth/sessions", json{{"phone", phone}, {"user_id", user_id}}.dump());
    EXPECT_TRUE(started && started->status == 201) << (started ? started->body : started.error().detail);
    if (!started || started->status != 201) return {};
    const std::string session = body(*started)["session"];
    auto confirmed = answer(c, phone, session, World::k_pin1);
    EXPECT_EQ(confirmed.status, 200) << confirmed.body;
    auto done = c.get("/api/v1/auth/sessions/" + session);
    EXPECT_TRUE(done && done->status == 200);
    if (!done) return {};
    json d = body(*done);
    EXPECT_EQ(d["state"], "confirmed");
    if (!d["token"].is_string()) return {};
    const std::string token = d["token"];
    if (!voen.empty()) {
        auto role = c.put("/api/v1/me/role", json{{"voen", voen}}.dump(), bearer(token));
        EXPECT_TRUE(role && role->status == 200) << (role ? role->body : "");
    }
    return token;
}

json conclusion(const std::string& fin) {
    return {{"kind", "conclusion"},
            {"employee",
             {{"fin", fin},
              {"surname", "Quliyev"},
              {"name", "Rəşad"},
              {"patronymic", "Elçin oğlu"},
              {"birth_date", "1995-04-12"}}},
            {"contract",
             {{"number", "ƏM-2026-0001"},
              {"date", "2026-01-20"},
              {"start_date", "2026-02-01"},
              {"type", "indefinite"},
              {"end_date", nullptr},
              {"position", "Operator"},
              {"workplace", "Şüşə sexi"},
              {"work_address", "Bakı, Nizami küç. 10"},
              {"salary_azn", "950.00"},
              {"working_time", "Tam iş günü"}}}};
}

std::string authorised_head(registry::http::Client& c) {
    const std::string token = login(c, World::k_head_phone, World::k_head_user);
    auto r = c.post("/api/v1/employers/" + std::string(World::k_voen) + "/authorisations",
                    json{{"fin", World::k_head_fin},
                         {"name", "Əliyev Tofiq Rza oğlu"},
                         {"position", "Direktor"},
                         {"term", "indefinite"}}
                        .dump(),
                    "application/json", bearer(token));
    EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "");
    return token;
}

json enter_and_sign(registry::http::Client& c, const std::string& token, const json& input,
                    const std::string& phone) {
    auto entered = c.post("/api/v1/employers/" + std::string(World::k_voen) + "/notifications", input.dump(),
                          "application/json", bearer(token));
    EXPECT_TRUE(entered && entered->status == 201) << (entered ? entered->body : "");
    if (!entered || entered->status != 201) return {};
    const std::string id = body(*entered)["id"];
    auto signing =
        c.post("/api/v1/notifications/" + id + "/signatures", "{}", "application/json", bearer(token));
    EXPECT_TRUE(signing && signing->status == 201) << (signing ? signing->body : "");
    if (!signing || signing->status != 201) return {};
    auto confirmed = answer(c, phone, body(*signing)["session"], World::k_pin2);
    EXPECT_EQ(confirmed.status, 200) << confirmed.body;
    auto n = c.get("/api/v1/notifications/" + id, bearer(token));
    EXPECT_TRUE(n && n->status == 200);
    return n ? body(*n) : json();
}

} // namespace registry_test
