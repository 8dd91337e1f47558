// The reference registry under load (`registry serve` as a child process, HTTPS with a
// kiosk certificate, the real client of the registry's tools):
//   1. registry load --sign of a generated data set (records/s), kept for later runs
//   2. feed throughput to one client: the whole feed in pages of 10 000, plain and gzip
//   3. 50 kiosks at once: each reads 20 000 records from its own place, then all long-poll
//      at the head while changes are published; latency publish -> every kiosk has it
//   4. signing latency: PIN2 confirmed on the phone -> signed, published, answered
//      (and the bare CMS signature in process)
//
//   registry_bench REGISTRY_BIN DATA.ndjson WORKDIR [CLIENTS]
#include "registry/client.hpp"
#include "registry/signing.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sstream>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>
#include <zlib.h>

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

const char* k_voen = "1234567891";
const char* k_head_fin = "3KD7M1T";
const char* k_phone = "+994501234567";

std::string gunzip(const std::string& in) {
    z_stream z{};
    inflateInit2(&z, 15 + 16);
    std::string out;
    out.resize(in.size() * 6 + 1024);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    int rc;
    do {
        if (z.total_out == out.size()) out.resize(out.size() * 2);
        z.next_out = reinterpret_cast<Bytef*>(out.data() + z.total_out);
        z.avail_out = static_cast<uInt>(out.size() - z.total_out);
        rc = inflate(&z, Z_NO_FLUSH);
    } while (rc == Z_OK || (rc == Z_BUF_ERROR && z.avail_out == 0));
    out.resize(z.total_out);
    inflateEnd(&z);
    return out;
}

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

struct Stats {
    double p50, p99, max;
};
Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    auto at = [&](double q) {
        return v[std::min(v.size() - 1, static_cast<std::size_t>(q * (v.size() - 1) + 0.5))];
    };
    return {at(0.5), at(0.99), v.back()};
}

int run(const std::string& command) {
    const int rc = std::system(command.c_str());
    if (rc != 0) {
        std::fprintf(stderr, "registry_bench: failed (%d): %s\n", rc, command.c_str());
        std::exit(1);
    }
    return rc;
}

std::string quote(const std::string& s) {
    return "'" + s + "'";
}

struct Server {
    pid_t pid = -1;
    std::string url;
    ~Server() {
        if (pid > 0) {
            ::kill(pid, SIGTERM);
            int status;
            ::waitpid(pid, &status, 0);
        }
    }
};

void start(Server& s, const std::string& bin, const fs::path& work) {
    int out[2];
    if (::pipe(out) != 0) std::exit(1);
    const pid_t parent = ::getpid();
    s.pid = ::fork();
    if (s.pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);
        ::dup2(out[1], 1);
        ::close(out[0]);
        const std::string db = (work / "registry.db").string(), pki = (work / "pki").string();
        ::execl(bin.c_str(), bin.c_str(), "serve", "--db", db.c_str(), "--pki", pki.c_str(), "--listen",
                "127.0.0.1:0", "--quiet", "--threads", "256", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(out[1]);
    std::string line;
    char ch;
    while (::read(out[0], &ch, 1) == 1 && ch != '\n')
        line += ch;
    ::close(out[0]);
    if (line.rfind("listening on ", 0) != 0) {
        std::fprintf(stderr, "registry_bench: the server did not start\n");
        std::exit(1);
    }
    s.url = line.substr(13);
}

std::unique_ptr<registry::http::Client> client(const std::string& url, const fs::path& work, bool kiosk,
                                               bool decompress = true) {
    registry::http::ClientOptions o;
    o.base_url = url;
    o.ca_file = (work / "pki" / "ca.pem").string();
    if (kiosk) {
        o.cert_file = (work / "pki" / "kiosk.pem").string();
        o.key_file = (work / "pki" / "kiosk.key").string();
    }
    o.decompress = decompress;
    return std::move(*registry::http::Client::open(o));
}

json get_json(registry::http::Client& c, const std::string& path, const registry::http::Headers& h = {}) {
    auto r = c.get(path, h);
    if (!r || r->status != 200) {
        std::fprintf(stderr, "registry_bench: GET %s failed\n", path.c_str());
        std::exit(1);
    }
    return json::parse(r->body);
}

json post_json(registry::http::Client& c, const std::string& path, const json& body,
               const registry::http::Headers& h, int expect) {
    auto r = c.post(path, body.dump(), "application/json", h);
    if (!r || r->status != expect) {
        std::fprintf(stderr, "registry_bench: POST %s failed: %s\n", path.c_str(),
                     r ? r->body.c_str() : "no answer");
        std::exit(1);
    }
    return json::parse(r->body);
}

json conclusion(int i) {
    char fin[8];
    static const char k_alphabet[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    int v = i;
    for (int k = 6; k >= 0; --k) {
        fin[k] = k_alphabet[v % 34];
        v /= 34;
    }
    fin[7] = '\0';
    return {{"kind", "conclusion"},
            {"employee",
             {{"fin", fin},
              {"surname", "Quliyev"},
              {"name", "Rəşad"},
              {"patronymic", "Elçin oğlu"},
              {"birth_date", "1995-04-12"}}},
            {"contract",
             {{"number", "ƏM-2026-" + std::to_string(i)},
              {"date", "2026-01-20"},
              {"start_date", "2026-02-01"},
              {"type", "indefinite"},
              {"end_date", nullptr},
              {"position", "Operator"},
              {"workplace", "Şüşə sexi"},
              {"work_address", "Bakı"},
              {"salary_azn", "950.00"},
              {"working_time", "Tam iş günü"}}}};
}

// Enters and signs one notification: the phone's confirmation (PIN2) in milliseconds.
double sign_one(registry::http::Client& c, const std::string& token, int i) {
    const registry::http::Headers auth{{"Authorization", "Bearer " + token}};
    const json n =
        post_json(c, std::string("/api/v1/employers/") + k_voen + "/notifications", conclusion(i), auth, 201);
    const json s = post_json(c, "/api/v1/notifications/" + n["id"].get<std::string>() + "/signatures",
                             json::object(), auth, 201);
    const auto t = Clock::now();
    post_json(c,
              std::string("/api/v1/sim/phones/") + k_phone + "/requests/" + s["session"].get<std::string>(),
              {{"action", "confirm"}, {"pin", "22222"}}, {}, 200);
    return ms_since(t);
}

std::string login(registry::http::Client& c) {
    const json s =
        post_json(c, "/api/v1/auth/sessions", {{"phone", k_phone}, {"user_id", "123456"}}, {}, 201);
    post_json(c,
              std::string("/api/v1/sim/phones/") + k_phone + "/requests/" + s["session"].get<std::string>(),
              {{"action", "confirm"}, {"pin", "1111"}}, {}, 200);
    const std::string token =
        get_json(c, "/api/v1/auth/sessions/" + s["session"].get<std::string>())["token"];
    auto r = c.put("/api/v1/me/role", json{{"voen", k_voen}}.dump(), {{"Authorization", "Bearer " + token}});
    if (!r || r->status != 200) std::exit(1);
    return token;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: registry_bench REGISTRY_BIN DATA.ndjson WORKDIR [CLIENTS]\n");
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN);
    const std::string bin = argv[1], data = argv[2];
    const fs::path work = argv[3];
    const int clients = argc > 4 ? std::atoi(argv[4]) : 50;
    fs::create_directories(work);
    const std::string B = quote(bin), W = work.string();

    // 1. The database, loaded and signed once; later runs reuse it.
    const fs::path done = work / "loaded.txt";
    if (!fs::exists(done)) {
        fs::remove_all(work / "pki");
        for (const char* f : {"registry.db", "registry.db-wal", "registry.db-shm"})
            fs::remove(work / f);
        run(B + " pki init --dir " + quote(W + "/pki") + " > /dev/null");
        run(B + " pki issue --dir " + quote(W + "/pki") + " --profile client --cn BENCH-KIOSK --out " +
            quote(W + "/pki/kiosk") + " > /dev/null");
        std::printf("loading %s with signatures ...\n", data.c_str());
        std::fflush(stdout);
        const auto t = Clock::now();
        run(B + " load " + quote(data) + " --db " + quote(W + "/registry.db") + " --sign --pki " +
            quote(W + "/pki") + " > " + quote(W + "/load.out"));
        const double s = ms_since(t) / 1000;
        std::ifstream in(work / "load.out");
        std::string line;
        std::getline(in, line);
        std::ofstream(done) << line << " | wall " << s << " s\n";
        run(B + " employer add --db " + quote(W + "/registry.db") + " --voen " + k_voen +
            " --sun 2000123456 --name 'Bench MMC' --address Bakı --head-fin " + k_head_fin + " > /dev/null");
        run(B + " account add --db " + quote(W + "/registry.db") + " --phone " + k_phone +
            " --user-id 123456 --fin " + k_head_fin + " --surname Əliyev --name Tofiq > /dev/null");
    }
    {
        std::ifstream in(done);
        std::string line;
        std::getline(in, line);
        std::printf("load --sign: %s\n", line.c_str());
        std::printf("  database: %.0f MB\n", static_cast<double>(fs::file_size(work / "registry.db")) / 1e6);
    }

    Server server;
    start(server, bin, work);

    // 2. One client reads the whole feed (pages found by string search, not parsed: the
    //    client's JSON parser is not what is measured here).
    for (bool gzip : {false, true}) {
        auto c = client(server.url, work, true, false);
        const registry::http::Headers h =
            gzip ? registry::http::Headers{{"Accept-Encoding", "gzip"}} : registry::http::Headers{};
        std::int64_t since = 0, records = 0, wire = 0, plain_bytes = 0;
        const auto t = Clock::now();
        for (;;) {
            auto r = c->get("/api/v1/changes?since=" + std::to_string(since) + "&limit=10000", h);
            if (!r || r->status != 200) {
                std::fprintf(stderr, "registry_bench: feed page failed: %s\n",
                             r ? r->body.c_str() : r.error().detail.c_str());
                return 1;
            }
            wire += static_cast<std::int64_t>(r->body.size());
            // Small pages (the last, empty one) are not worth compressing and come plain.
            const std::string text =
                r->header("content-encoding") == "gzip" ? gunzip(r->body) : std::move(r->body);
            plain_bytes += static_cast<std::int64_t>(text.size());
            const auto at = text.rfind("\"next\":");
            if (at == std::string::npos) {
                std::fprintf(stderr, "registry_bench: a page without next (%zu bytes, %s)\n", text.size(),
                             r->header("content-encoding").c_str());
                return 1;
            }
            const std::int64_t next = std::atoll(text.c_str() + at + 7);
            if (next == since) break;
            for (auto p = text.find("{\"seq\":"); p != std::string::npos; p = text.find("{\"seq\":", p + 7))
                ++records;
            since = next;
        }
        const double sec = ms_since(t) / 1000;
        std::printf("feed, 1 client, %s: %lld records in %.1f s = %.0f records/s; %.0f MB on the wire (%.0f "
                    "MB of JSON)\n",
                    gzip ? "gzip level 1" : "plain", static_cast<long long>(records), sec,
                    static_cast<double>(records) / sec, static_cast<double>(wire) / 1e6,
                    static_cast<double>(plain_bytes) / 1e6);
    }

    // 3. Many kiosks.
    auto head_client = client(server.url, work, true);
    const std::int64_t head = get_json(*head_client, "/api/v1/changes?limit=1")["head"];
    {
        std::atomic<std::int64_t> total = 0;
        std::vector<std::thread> threads;
        const auto t = Clock::now();
        for (int k = 0; k < clients; ++k)
            threads.emplace_back([&, k] {
                auto c = client(server.url, work, true);
                std::int64_t since = head * k / clients;
                for (int p = 0; p < 20; ++p) {
                    const json page =
                        get_json(*c, "/api/v1/changes?since=" + std::to_string(since) + "&limit=1000");
                    total += static_cast<std::int64_t>(page["changes"].size());
                    since = page["next"];
                }
            });
        for (auto& th : threads)
            th.join();
        const double s = ms_since(t) / 1000;
        std::printf(
            "feed, %d clients at once (each 20 pages of 1 000 from its own place): %lld records in %.1f s = "
            "%.0f records/s\n",
            clients, static_cast<long long>(total.load()), s, static_cast<double>(total.load()) / s);
    }
    {
        auto employer = client(server.url, work, false);
        const std::string token = login(*employer);
        // The head may enter and sign.
        post_json(
            *employer, std::string("/api/v1/employers/") + k_voen + "/authorisations",
            {{"fin", k_head_fin}, {"name", "Əliyev Tofiq"}, {"position", "Direktor"}, {"term", "indefinite"}},
            {{"Authorization", "Bearer " + token}}, 201);
        const int rounds = 20;
        std::mutex m;
        std::vector<double> latencies;
        std::vector<Clock::time_point> published_at(static_cast<std::size_t>(rounds));
        std::atomic<int> waiting = 0;
        std::vector<std::thread> threads;
        std::int64_t start_seq = get_json(*head_client, "/api/v1/changes?limit=1")["head"];
        for (int k = 0; k < clients; ++k)
            threads.emplace_back([&] {
                auto c = client(server.url, work, true);
                std::int64_t since = start_seq;
                int seen = 0;
                ++waiting;
                while (seen < rounds) {
                    const json page = get_json(*c, "/api/v1/changes?since=" + std::to_string(since) +
                                                       "&limit=1000&wait=30");
                    for (const json& ch : page["changes"]) {
                        if (ch["entity"] != "notification") continue;
                        const int round = seen++;
                        std::lock_guard lock(m);
                        latencies.push_back(std::chrono::duration<double, std::milli>(
                                                Clock::now() - published_at[static_cast<std::size_t>(round)])
                                                .count());
                    }
                    since = page["next"];
                }
            });
        while (waiting < clients)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        std::vector<double> signing;
        for (int i = 0; i < rounds; ++i) {
            const registry::http::Headers auth{{"Authorization", "Bearer " + token}};
            const json n = post_json(*employer, std::string("/api/v1/employers/") + k_voen + "/notifications",
                                     conclusion(1000 + i), auth, 201);
            const json s =
                post_json(*employer, "/api/v1/notifications/" + n["id"].get<std::string>() + "/signatures",
                          json::object(), auth, 201);
            published_at[static_cast<std::size_t>(i)] = Clock::now();
            post_json(*employer,
                      std::string("/api/v1/sim/phones/") + k_phone + "/requests/" +
                          s["session"].get<std::string>(),
                      {{"action", "confirm"}, {"pin", "22222"}}, {}, 200);
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
        for (auto& th : threads)
            th.join();
        const Stats s = stats(latencies);
        std::printf("wake-up, %d kiosks long-polling, %d signed notifications: PIN2 -> every kiosk has it "
                    "p50 %.1f ms, "
                    "p99 %.1f ms, max %.1f ms (budget 2 s on the kiosk, PRODUCT §9)\n",
                    clients, rounds, s.p50, s.p99, s.max);

        // 4. Signing latency alone.
        std::vector<double> ms;
        for (int i = 0; i < 200; ++i)
            ms.push_back(sign_one(*employer, token, 2000 + i));
        const Stats sign = stats(ms);
        std::printf(
            "signing: PIN2 confirmed -> CMS signature, feed records, answer: p50 %.1f ms, p99 %.1f ms (200 "
            "notifications, HTTPS)\n",
            sign.p50, sign.p99);
    }
    {
        auto key = registry::pki::generate_key();
        auto ca = registry::pki::load_ca((work / "pki").string());
        registry::pki::CertificateRequest r;
        r.profile = registry::pki::Profile::DocumentSigner;
        r.subject.common_name = "Bench";
        r.subject.serial_number = "3KD7M1T";
        r.not_before = std::time(nullptr) - 60;
        r.not_after = std::time(nullptr) + 86400;
        auto cert = registry::pki::issue_certificate(*ca, *key, r);
        auto signer = registry::CmsSigner::load(*cert, *key);
        const std::string doc = conclusion(1).dump();
        std::vector<double> us;
        for (int i = 0; i < 2000; ++i) {
            const auto t = Clock::now();
            auto der = (*signer)->sign(doc);
            us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t).count());
            if (!der) return 1;
        }
        const Stats s = stats(us);
        std::printf(
            "CMS detached signature in process (P-256, signed attributes): p50 %.0f us, p99 %.0f us\n", s.p50,
            s.p99);
    }
    return 0;
}
