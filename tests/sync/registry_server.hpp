// The real registry (`registry serve`) as a child process on 127.0.0.1 over mTLS, for
// the sync tests: a world of seed 000 (tests/registry's World: test CA, kiosk
// certificates KIOSK-01/02 and another CA's KIOSK-01, an employer and Asan İmza
// accounts), generated data loaded and signed, a kiosk configuration, and a server that
// can be killed and started again on the same port.
#pragma once

#include "registry_fixture.hpp"
#include "sync_fixture.hpp"

#include <sqlite3.h>

#include <regex>

namespace sync_test {

struct RegistryWorld {
    registry_test::World world;
    std::string ca() const { return (world.pki / "ca.pem").string(); }
    std::string kiosk_cert(const std::string& id = "KIOSK-01") const { return (world.pki / "kiosks" / (id + ".pem")).string(); }
    std::string kiosk_key(const std::string& id = "KIOSK-01") const { return (world.pki / "kiosks" / (id + ".key")).string(); }

    static RegistryWorld create(const fs::path& dir, int notifications, int seed = 7) {
        RegistryWorld w{registry_test::World::create(dir)};
        if (notifications > 0) {
            const std::string gen = (dir / "generated.ndjson").string();
            auto g = registry_test::run_cli({"generate", "--notifications", std::to_string(notifications), "--seed",
                                             std::to_string(seed), "--out", gen});
            EXPECT_EQ(g.status, 0) << g.err;
            auto l = registry_test::run_cli({"load", gen, "--db", w.world.db.string(), "--sign", "--pki", w.world.pki.string()});
            EXPECT_EQ(l.status, 0) << l.err;
        }
        return w;
    }

    // Live records per entity in the registry's feed.
    std::int64_t registry_count(const std::string& entity) const {
        sqlite3* db = nullptr;
        std::int64_t n = -1;
        if (sqlite3_open_v2(world.db.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
            sqlite3_stmt* s = nullptr;
            sqlite3_prepare_v2(db, "SELECT count(*) FROM change WHERE entity = ?1", -1, &s, nullptr);
            sqlite3_bind_text(s, 1, entity.c_str(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int64(s, 0);
            sqlite3_finalize(s);
        }
        sqlite3_close(db);
        return n;
    }
    std::int64_t registry_head() const {
        sqlite3* db = nullptr;
        std::int64_t n = -1;
        if (sqlite3_open_v2(world.db.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
            sqlite3_stmt* s = nullptr;
            sqlite3_prepare_v2(db, "SELECT coalesce(max(seq), 0) FROM change", -1, &s, nullptr);
            if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int64(s, 0);
            sqlite3_finalize(s);
        }
        sqlite3_close(db);
        return n;
    }

    // A kiosk configuration for KIOSK-01 (or another client certificate) against `url`.
    std::string kiosk_config(const fs::path& dir, const std::string& url, const std::string& store = "kiosk.db",
                             const std::string& extra = "", const std::string& cert = "", const std::string& key = "",
                             const std::string& ca = "") const {
        const std::string path = (dir / ("kiosk-" + std::to_string(std::hash<std::string>{}(store + extra + cert + ca) % 100000) + ".toml")).string();
        write_text(path, "kiosk_id = \"KIOSK-01\"\n[store]\npath = \"" + (dir / store).string() +
                             "\"\n[devices]\ncard_reader = \"sim\"\nprinter = \"sim\"\n[registry]\nurl = \"" + url +
                             "\"\nca = \"" + (ca.empty() ? this->ca() : ca) + "\"\ncert = \"" +
                             (cert.empty() ? kiosk_cert() : cert) + "\"\nkey = \"" + (key.empty() ? kiosk_key() : key) +
                             "\"\nconnect_timeout_s = 2\nread_timeout_s = 5\nbackoff_min_ms = 100\nbackoff_max_s = 1\n" + extra);
        return path;
    }
};

// `registry serve` on 127.0.0.1: port 0 picks a free one; start() again reuses the port.
class RegistryServer {
  public:
    RegistryServer(const RegistryWorld& w, fs::path dir) : m_world(w), m_dir(std::move(dir)) {}
    bool start(int port = 0) {
        static std::atomic<int> n{0};
        m_log = m_dir / ("serve-" + std::to_string(n++) + ".log");
        const std::string listen = "127.0.0.1:" + std::to_string(port);
        m_child.start({SYNC_REGISTRY_BIN, "serve", "--db", m_world.world.db.string(), "--pki",
                       m_world.world.pki.string(), "--listen", listen, "--quiet"},
                      m_log.string());
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        static const std::regex k_listening("listening on (https://127\\.0\\.0\\.1:([0-9]+))");
        while (std::chrono::steady_clock::now() < end) {
            std::smatch m;
            std::string text = read_text(m_log);
            if (std::regex_search(text, m, k_listening)) {
                m_url = m[1];
                m_port = std::stoi(m[2]);
                return true;
            }
            if (!m_child.running()) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ADD_FAILURE() << "registry serve did not start: " << read_text(m_log);
        return false;
    }
    void kill9() { m_child.kill(SIGKILL); }
    void stop() { m_child.kill(SIGTERM); }
    bool restart() { return start(m_port); }
    const std::string& url() const { return m_url; }
    int port() const { return m_port; }

  private:
    const RegistryWorld& m_world;
    fs::path m_dir;
    Child m_child;
    fs::path m_log;
    std::string m_url;
    int m_port = 0;
};

// One number from the kiosk's store (read-only, beside a writer).
inline std::int64_t kiosk_scalar(const fs::path& db_path, const std::string& sql) {
    sqlite3* db = nullptr;
    std::int64_t n = -1;
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            n = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return n;
}

// Every row of the replica's tables, in key order, as text: two stores with the same
// content give the same dump (nothing lost, nothing doubled).
inline std::string replica_dump(const fs::path& db_path) {
    sqlite3* db = nullptr;
    std::string out;
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return "unreadable";
    for (const char* q : {"SELECT * FROM reference ORDER BY list, code", "SELECT * FROM employer ORDER BY voen",
                          "SELECT * FROM person ORDER BY fin", "SELECT * FROM contract ORDER BY id",
                          "SELECT * FROM notification ORDER BY id", "SELECT * FROM tombstone ORDER BY entity, id",
                          "SELECT count(*) FROM quarantine", "SELECT seq FROM feed_cursor"}) {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, q, -1, &s, nullptr);
        out += q;
        out += '\n';
        while (sqlite3_step(s) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(s); ++i) {
                const unsigned char* t = sqlite3_column_text(s, i);
                out += t ? reinterpret_cast<const char*>(t) : "NULL";
                out += '|';
            }
            out += '\n';
        }
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return out;
}

} // namespace sync_test
