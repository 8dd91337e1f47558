// Test fixtures for the card reader: a temporary test PKI with one card
// directory per fault, and a real PC/SC stack (pcscd in the foreground with the
// vpcd driver, virtual cards from tests/fixtures/idcard_applet.py).
//
// Children die with the test process (PR_SET_PDEATHSIG) and are stopped by the
// destructors, so a failing or crashing test leaves no pcscd or card behind.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace card_test {

// A unique temporary directory, removed with everything in it.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return m_path; }

  private:
    std::string m_path;
};

// The cards every test can use, each a fresh copy (its own PIN counter).
enum class TestCard { Citizen, Staff, Technician, Expired, Blocked, UnknownCa, MismatchedKey, NotYetValid };
inline constexpr std::string_view k_pin = "1234";
inline constexpr std::string_view k_fin = "5ZX8K2P";

class TestPki {
  public:
    TestPki(); // a CA, another CA, and one master card per TestCard (~50 ms)
    const std::string& ca_pem() const { return m_ca_pem; }
    std::string ca_file() const { return m_dir.path() + "/ca/ca.pem"; }
    // A fresh copy of a card directory (so PIN counters do not leak between tests).
    std::string card(TestCard which);
    const std::string& dir() const { return m_dir.path(); }

  private:
    TempDir m_dir;
    std::string m_ca_pem;
    int m_copies = 0;
};

// A child process in its own process group, killed with the parent.
class Child {
  public:
    Child() = default;
    Child(const std::string& program, const std::vector<std::string>& args, const std::string& log_file);
    ~Child() { stop(); }
    Child(Child&& other) noexcept : m_pid(other.m_pid) { other.m_pid = -1; }
    Child& operator=(Child&& other) noexcept;
    bool running();
    // SIGTERM, then SIGKILL after `grace`; reaps it.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(1000));
    void kill_now(); // SIGKILL (a card pulled out)
    pid_t pid() const { return m_pid; }

  private:
    pid_t m_pid = -1;
};

// pcscd -f with the vpcd driver; readers "Virtual PCD 00 00" (port 35963) and "... 00 01" (35964).
class PcscStack {
  public:
    static constexpr const char* k_reader0 = "Virtual PCD 00 00";
    static constexpr const char* k_reader1 = "Virtual PCD 00 01";

    explicit PcscStack(const std::string& log_dir);
    ~PcscStack();
    // Empty when the stack runs; otherwise why not (missing package, another pcscd).
    const std::string& error() const { return m_error; }
    bool start_pcscd();
    void stop_pcscd();
    // Puts a card into reader 0 or 1 (starts the virtual card); false if it fails to start.
    bool insert(int reader, const std::string& card_dir);
    // Pulls it out (kills the virtual card).
    void remove(int reader);

  private:
    std::string m_log_dir;
    std::string m_error;
    Child m_pcscd;
    std::map<int, Child> m_cards;
    int m_pcscd_starts = 0;
};

// tests/fixtures/idcard_applet.py
std::string applet_path();

} // namespace card_test
