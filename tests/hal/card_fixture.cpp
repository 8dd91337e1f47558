#include "card_fixture.hpp"

#include "hal/card_reader.hpp"
#include "registry/pki.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace card_test {

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "emek-card-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

namespace {

void must(const registry::Status& s, const char* what) {
    if (!s) throw std::runtime_error(std::string(what) + ": " + s.error().code + " " + s.error().detail);
}

const char* card_name(TestCard c) {
    switch (c) {
    case TestCard::Citizen:
        return "citizen";
    case TestCard::Staff:
        return "staff";
    case TestCard::Technician:
        return "technician";
    case TestCard::Expired:
        return "expired";
    case TestCard::Blocked:
        return "blocked";
    case TestCard::UnknownCa:
        return "unknown_ca";
    case TestCard::MismatchedKey:
        return "mismatched_key";
    case TestCard::NotYetValid:
        return "not_yet_valid";
    }
    return "?";
}

} // namespace

TestPki::TestPki() {
    const std::int64_t now = std::time(nullptr);
    const std::string ca = m_dir.path() + "/ca", other = m_dir.path() + "/other-ca";
    must(registry::pki::init_ca(ca, "test ID-card CA", now, 365), "init CA");
    must(registry::pki::init_ca(other, "someone else's CA", now, 365), "init other CA");
    auto ca_cred = registry::pki::load_ca(ca);
    auto other_cred = registry::pki::load_ca(other);
    if (!ca_cred || !other_cred) throw std::runtime_error("load CA");
    m_ca_pem = ca_cred->cert_pem;
    for (TestCard c :
         {TestCard::Citizen, TestCard::Staff, TestCard::Technician, TestCard::Expired, TestCard::Blocked,
          TestCard::UnknownCa, TestCard::MismatchedKey, TestCard::NotYetValid}) {
        registry::pki::CardRequest r;
        r.fin = std::string(k_fin);
        r.surname = "Məmmədova";
        r.name = "Gülşən";
        r.patronymic = "Rəşid qızı";
        r.birth_date = "19850312";
        r.document_number = "AZE12345678";
        r.expiry = "20341231";
        r.pin = std::string(k_pin);
        r.not_before = now - 3600;
        r.not_after = now + 30 * 86400;
        if (c == TestCard::Staff) r.role = registry::pki::Role::Staff;
        if (c == TestCard::Technician) r.role = registry::pki::Role::Technician;
        if (c == TestCard::Expired) r.not_before = now - 400 * 86400, r.not_after = now - 86400;
        if (c == TestCard::NotYetValid) r.not_before = now + 86400, r.not_after = now + 400 * 86400;
        if (c == TestCard::Blocked) r.tries = 0;
        if (c == TestCard::MismatchedKey) r.mismatched_key = true;
        must(registry::pki::issue_card(c == TestCard::UnknownCa ? *other_cred : *ca_cred, r,
                                       m_dir.path() + "/master/" + card_name(c)),
             "issue card");
    }
}

std::string TestPki::card(TestCard which) {
    const std::string to = m_dir.path() + "/copies/" + std::to_string(++m_copies) + "-" + card_name(which);
    fs::create_directories(to);
    fs::copy(m_dir.path() + "/master/" + card_name(which), to, fs::copy_options::recursive);
    return to;
}

// --- processes ------------------------------------------------------------------

Child::Child(const std::string& program, const std::vector<std::string>& args, const std::string& log_file) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const pid_t parent = ::getpid();
    m_pid = ::fork();
    if (m_pid < 0) throw std::runtime_error("fork failed");
    if (m_pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive the test
        if (::getppid() != parent) ::_exit(127);
        ::setpgid(0, 0);
        int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            ::dup2(fd, 1);
            ::dup2(fd, 2);
            ::close(fd);
        }
        int null = ::open("/dev/null", O_RDONLY);
        if (null >= 0) ::dup2(null, 0);
        ::execv(program.c_str(), argv.data());
        ::_exit(127);
    }
}

Child& Child::operator=(Child&& other) noexcept {
    if (this != &other) {
        stop();
        m_pid = other.m_pid;
        other.m_pid = -1;
    }
    return *this;
}

bool Child::running() {
    if (m_pid <= 0) return false;
    int status = 0;
    if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = -1;
        return false;
    }
    return true;
}

void Child::stop(std::chrono::milliseconds grace) {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            return;
        }
        std::this_thread::sleep_for(5ms);
    }
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
}

void Child::kill_now() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGKILL);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
}

std::string applet_path() {
    return std::string(EMEK_SOURCE_DIR) + "/tests/fixtures/idcard_applet.py";
}

// --- pcscd + vpcd -----------------------------------------------------------------

PcscStack::PcscStack(const std::string& log_dir) : m_log_dir(log_dir) {
    for (const char* needed : {"/usr/sbin/pcscd", "/usr/lib/pcsc/drivers/serial/libifdvpcd.so",
                               "/usr/bin/python3", "/usr/lib/python3/site-packages/virtualsmartcard"})
        if (!fs::exists(needed)) {
            m_error = std::string("missing ") + needed +
                      " (make deps installs pcscd, vsmartcard-vpcd, "
                      "python3-virtualsmartcard)";
            return;
        }
    // One pcscd per machine: refuse to run against somebody else's.
    std::ifstream pid_file("/run/pcscd/pcscd.pid");
    pid_t other = 0;
    if (pid_file >> other && other > 0 && ::kill(other, 0) == 0) {
        m_error =
            "another pcscd is running (pid " + std::to_string(other) + "); stop it or run ctest -LE pcsc";
        return;
    }
    if (!start_pcscd()) m_error = "pcscd did not offer the vpcd readers (see " + m_log_dir + "/pcscd.log)";
}

PcscStack::~PcscStack() {
    m_cards.clear();
    stop_pcscd();
}

bool PcscStack::start_pcscd() {
    m_pcscd = Child("/usr/sbin/pcscd", {"--foreground", "--error"}, m_log_dir + "/pcscd.log");
    ++m_pcscd_starts;
    hal::CardReaderConfig config;
    auto reader = hal::open_card_reader(config);
    if (!reader) return false;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!m_pcscd.running()) return false;
        if (auto list = (*reader)->readers(); list && list->size() >= 2) return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

void PcscStack::stop_pcscd() {
    m_pcscd.stop(3000ms);
}

bool PcscStack::insert(int reader, const std::string& card_dir) {
    m_cards.erase(reader);
    Child card("/usr/bin/python3", {applet_path(), card_dir, "--port", std::to_string(35963 + reader)},
               m_log_dir + "/card" + std::to_string(reader) + ".log");
    m_cards.emplace(reader, std::move(card));
    return m_cards[reader].running();
}

void PcscStack::remove(int reader) {
    auto it = m_cards.find(reader);
    if (it == m_cards.end()) return;
    it->second.kill_now();
    m_cards.erase(it);
    // pcscd notices a vanished virtual card within ~0.1 s: wait for it, so the
    // next test does not see this card as its own.
    auto pcsc = hal::open_card_reader(hal::CardReaderConfig{});
    if (!pcsc) return;
    const std::string name = reader == 0 ? k_reader0 : k_reader1;
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < deadline) {
        auto list = (*pcsc)->readers();
        if (!list) return; // no pcscd: no card either
        bool present = false;
        for (const auto& r : *list)
            present = present || (r.name == name && r.card_present);
        if (!present) return;
        std::this_thread::sleep_for(10ms);
    }
}

} // namespace card_test
