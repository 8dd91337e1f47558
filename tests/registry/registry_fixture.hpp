// Test fixture: the real `registry serve` as a child process on 127.0.0.1 (a free port
// it picks itself and prints), a fresh test PKI and database per test, clients with
// and without kiosk certificates, and the `registry` CLI run as a program.
//
// Children die with the test process (PR_SET_PDEATHSIG) and are stopped with SIGTERM.
#pragma once

#include "registry/client.hpp"

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/types.h>
#include <vector>

namespace registry_test {

namespace fs = std::filesystem;
using nlohmann::json;

struct CliResult {
    int status = -1; // exit status, or 128 + signal
    std::string out, err;
};

// Runs the registry CLI (REGISTRY_BIN) with `args`; `env` adds NAME=VALUE entries.
CliResult run_cli(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                  const std::string& stdin_text = {});
// Runs any program (argv[0] a path or a name on PATH).
CliResult run_program(const std::vector<std::string>& argv);

// A directory removed at the end of the test.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    const fs::path& path() const { return m_path; }

  private:
    fs::path m_path;
};

// The world of seed 000 used by most tests: the test CA, kiosk certificates, an
// employer with its head, a representative and a citizen with Asan İmza accounts.
struct World {
    static constexpr const char* k_voen = "1700987652";
    static constexpr const char* k_head_fin = "3KD7M1T";
    static constexpr const char* k_head_phone = "+994501234567";
    static constexpr const char* k_head_user = "123456";
    static constexpr const char* k_rep_fin = "5PQ2R7S";
    static constexpr const char* k_rep_phone = "+994551112233";
    static constexpr const char* k_rep_user = "654321";
    static constexpr const char* k_citizen_fin = "5ZX8K2P";
    static constexpr const char* k_citizen_phone = "+994709998877";
    static constexpr const char* k_citizen_user = "111222";
    static constexpr const char* k_pin1 = "1111";
    static constexpr const char* k_pin2 = "22222";

    fs::path dir, pki, db;
    // Creates the PKI (kiosk certificates KIOSK-01, KIOSK-02; another CA's KIOSK-01 in
    // other/), the database with the accounts and the employer.
    static World create(const fs::path& dir);
};

class Server {
  public:
    ~Server();
    // Starts `registry serve --db --pki --listen 127.0.0.1:0` plus `extra` and waits for
    // "listening on URL". Fails the test (ADD_FAILURE) and returns null when it does not start.
    static std::unique_ptr<Server> start(const World& w, const std::vector<std::string>& extra = {});

    const std::string& url() const { return m_url; }
    pid_t pid() const { return m_pid; }
    // SIGTERM and wait: the exit status (128 + signal when killed).
    int stop(int signal = 15);
    std::string log() const; // the server's stderr so far

    // A client with kiosk certificate `kiosk` (a name under pki/kiosks/, or "" for none).
    std::unique_ptr<registry::http::Client> client(const std::string& kiosk = "", int timeout_s = 40,
                                                   bool decompress = true) const;
    // A client presenting another CA's certificate with CN KIOSK-01.
    std::unique_ptr<registry::http::Client> foreign_client() const;

  private:
    const World* m_world = nullptr;
    pid_t m_pid = -1;
    std::string m_url;
    fs::path m_log;
};

// Body as JSON (fails the test when it is not).
json body(const registry::http::Response& r);
// The error code of an error response, or "".
std::string error_code(const registry::http::Response& r);

// Logs in with Asan İmza (confirming on the simulated phone) and chooses the role.
std::string login(registry::http::Client& c, const std::string& phone, const std::string& user_id,
                  const std::string& voen = World::k_voen);
registry::http::Headers bearer(const std::string& token);

// Confirms (pin non-empty) or rejects the pending request `session` on `phone`.
registry::http::Response answer(registry::http::Client& c, const std::string& phone,
                                const std::string& session, const std::string& pin);

// A conclusion body for `fin` (defaults that validate).
json conclusion(const std::string& fin = World::k_citizen_fin);

// The head authorises themself (indefinitely) and returns their token.
std::string authorised_head(registry::http::Client& c);
// Enters `input` as the token's holder and signs it with PIN2 on `phone`: the notification.
json enter_and_sign(registry::http::Client& c, const std::string& token, const json& input,
                    const std::string& phone = World::k_head_phone);

} // namespace registry_test
