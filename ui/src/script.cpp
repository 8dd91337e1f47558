#include "script.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace ui {
namespace {

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    std::string w;
    while (in >> w)
        out.push_back(w);
    return out;
}

} // namespace

kiosk::Result<Script> Script::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) return kiosk::fail("script_unreadable", path);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line))
        lines.push_back(line);
    return from_lines(std::move(lines), path);
}

Script Script::from_lines(std::vector<std::string> lines, std::string name) {
    Script s;
    s.m_lines = std::move(lines);
    s.m_name = std::move(name);
    return s;
}

bool Script::fail(const std::string& why) {
    m_failure = m_name + ":" + std::to_string(m_pc + 1) + ": " + m_lines[m_pc] + ": " + why;
    return false;
}

bool Script::step(ScriptHost& host) {
    while (m_pc < m_lines.size() && !failed()) {
        std::string line = m_lines[m_pc];
        if (auto hash = line.find('#'); hash != std::string::npos && line.rfind("expect", 0) != 0)
            line.resize(hash);
        auto w = words(line);
        if (w.empty()) {
            ++m_pc;
            continue;
        }
        const std::string& cmd = w[0];
        auto next = [&] {
            ++m_pc;
            m_phase = 0;
            m_started_ms = -1;
        };
        auto elapsed = [&] {
            if (m_started_ms < 0) m_started_ms = host.now_ms();
            return host.now_ms() - m_started_ms;
        };
        auto number = [&](std::size_t i, double def) { return i < w.size() ? std::atof(w[i].c_str()) : def; };

        if (cmd == "tap" || cmd == "touch" || cmd == "tap_at" || cmd == "touch_at") {
            const bool finger = cmd.starts_with("touch");
            // One quiet frame first: ImGui drops a press in the very frame after a popup closed.
            if (m_phase == 0) {
                m_phase = 1;
                return true;
            }
            if (m_phase == 1) {
                if (cmd.ends_with("_at")) {
                    if (w.size() < 3) return fail("needs X Y");
                    m_x = static_cast<float>(number(1, 0));
                    m_y = static_cast<float>(number(2, 0));
                } else {
                    if (w.size() < 2) return fail("needs an ID");
                    if (!host.target(w[1], m_x, m_y)) {
                        if (elapsed() > 4000)
                            return fail("no target named " + w[1] + " on screen " + host.screen());
                        return true; // not drawn yet: try next frame
                    }
                }
                host.inject_press(m_x, m_y, finger);
                m_phase = 2;
                return true; // ImGui sees the press in a frame of its own
            }
            host.inject_release(m_x, m_y, finger);
            next();
            return true;
        }
        if (cmd == "drag" || cmd == "drag_at") {
            const bool at = cmd == "drag_at";
            if (w.size() < (at ? 5u : 4u)) return fail(at ? "needs X Y DX DY" : "needs ID DX DY");
            if (m_phase == 0) {
                if (at) {
                    m_x = static_cast<float>(number(1, 0));
                    m_y = static_cast<float>(number(2, 0));
                } else if (!host.target(w[1], m_x, m_y)) {
                    if (elapsed() > 4000) return fail("no target named " + w[1]);
                    return true;
                }
                m_dx = static_cast<float>(number(at ? 3 : 2, 0));
                m_dy = static_cast<float>(number(at ? 4 : 3, 0));
                host.inject_press(m_x, m_y, true);
                m_frames_left = 12;
                m_phase = 1;
                return true;
            }
            if (m_frames_left > 0) {
                float t = 1.0f - static_cast<float>(m_frames_left - 1) / 12.0f;
                host.inject_move(m_x + m_dx * t, m_y + m_dy * t, true);
                --m_frames_left;
                return true;
            }
            host.inject_release(m_x + m_dx, m_y + m_dy, true);
            next();
            return true;
        }
        if (cmd == "wait") {
            if (w.size() < 2) return fail("needs a screen");
            if (host.screen() == w[1]) {
                next();
                continue;
            }
            if (elapsed() > number(2, 8000)) return fail("screen is " + host.screen());
            return true;
        }
        if (cmd == "expect_gone") {
            // ID is not drawn (scrolled away, closed).
            float x, y;
            if (w.size() < 2) return fail("needs an ID");
            if (host.target(w[1], x, y)) {
                if (elapsed() < 3000) return true;
                return fail("still drawn");
            }
            next();
            continue;
        }
        if (cmd == "wait_for") {
            float x, y;
            if (w.size() < 2) return fail("needs an ID");
            if (host.target(w[1], x, y)) {
                next();
                continue;
            }
            if (elapsed() > number(2, 8000)) return fail("never drawn");
            return true;
        }
        if (cmd == "expect_set") {
            // NAME has a non-empty value.
            if (w.size() < 2) return fail("needs a name");
            std::string dump = host.dump();
            std::size_t at = ("\n" + dump).find("\n" + w[1] + "=");
            bool ok = at != std::string::npos && at + w[1].size() + 1 < dump.size() &&
                      dump[at + w[1].size() + 1] != '\n';
            if (!ok) {
                if (elapsed() < 3000) return true;
                return fail("not set");
            }
            next();
            continue;
        }
        if (cmd == "wait_state") {
            if (w.size() < 2) return fail("needs NAME=VALUE");
            if (("\n" + host.dump()).find("\n" + w[1] + "\n") != std::string::npos) {
                next();
                continue;
            }
            if (elapsed() > number(2, 30000)) {
                std::string key = w[1].substr(0, w[1].find('='));
                std::string dump = host.dump(), actual;
                std::istringstream in(dump);
                for (std::string l; std::getline(in, l);)
                    if (l.rfind(key + "=", 0) == 0) actual = l;
                return fail("state has " + (actual.empty() ? std::string("no such line") : actual));
            }
            return true;
        }
        if (cmd == "expect" || cmd == "expect_has" || cmd == "expect_not") {
            std::string rest = m_lines[m_pc].substr(m_lines[m_pc].find(cmd) + cmd.size());
            while (!rest.empty() && rest.front() == ' ')
                rest.erase(rest.begin());
            while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\r'))
                rest.pop_back();
            std::string dump = host.dump();
            bool ok;
            if (cmd == "expect")
                ok = ("\n" + dump).find("\n" + rest + "\n") != std::string::npos;
            else if (cmd == "expect_has")
                ok = dump.find(rest) != std::string::npos;
            else
                ok = dump.find(rest) == std::string::npos;
            if (!ok) {
                // State may be a frame behind (an answer on its way): allow a moment.
                if (elapsed() < 3000) return true;
                std::string key = rest.substr(0, rest.find('='));
                std::string actual;
                std::istringstream in(dump);
                for (std::string l; std::getline(in, l);)
                    if (l.rfind(key + "=", 0) == 0) actual += (actual.empty() ? "" : "; ") + l;
                return fail("state has " + (actual.empty() ? std::string("no such line") : actual));
            }
            next();
            continue;
        }
        if (cmd == "sim") {
            std::vector<std::string> args(w.begin() + 1, w.end());
            if (auto err = host.sim(args); !err.empty()) return fail(err);
            next();
            return true;
        }
        if (cmd == "run") {
            // A shell command of the test's fixture (insert or pull a PC/SC card, empty a tray):
            // the real devices change outside the program, as they do at a kiosk.
            std::string rest = line.substr(line.find("run") + 3);
            if (w.size() < 2) return fail("needs a command");
            if (int rc = std::system(rest.c_str()); rc != 0) return fail("exit status " + std::to_string(rc));
            next();
            return true;
        }
        if (cmd == "advance") {
            host.advance_clock(number(1, 0));
            next();
            return true;
        }
        if (cmd == "sleep") {
            if (elapsed() < number(1, 0)) return true;
            next();
            continue;
        }
        if (cmd == "frames") {
            if (m_phase == 0) {
                m_frames_left = static_cast<int>(number(1, 1));
                m_phase = 1;
            }
            if (m_frames_left-- > 0) return true;
            next();
            continue;
        }
        if (cmd == "shot") {
            if (w.size() < 2) return fail("needs a name");
            if (m_phase == 0) {
                host.request_shot(w[1]);
                m_phase = 1;
                return true;
            }
            if (!host.shot_done()) return true;
            next();
            continue;
        }
        if (cmd == "expect_colors") {
            int sw = 0, sh = 0;
            const auto& px = host.last_shot(sw, sh);
            if (px.empty()) return fail("no shot taken");
            std::set<std::uint32_t> colours;
            for (std::size_t i = 0; i + 3 < px.size() && colours.size() < 100000; i += 4 * 7)
                colours.insert(px[i] | (px[i + 1] << 8) | (px[i + 2] << 16));
            if (static_cast<double>(colours.size()) < number(1, 2))
                return fail("only " + std::to_string(colours.size()) + " colours");
            next();
            continue;
        }
        if (cmd == "expect_pixel") {
            int sw = 0, sh = 0;
            const auto& px = host.last_shot(sw, sh);
            if (px.empty() || w.size() < 7) return fail("needs a shot and X Y R G B TOL");
            int x = static_cast<int>(number(1, 0)), y = static_cast<int>(number(2, 0));
            if (x < 0 || y < 0 || x >= sw || y >= sh) return fail("outside the shot");
            std::size_t i = (static_cast<std::size_t>(y) * sw + x) * 4;
            int tol = static_cast<int>(number(6, 0));
            for (int c = 0; c < 3; ++c)
                if (std::abs(px[i + c] - static_cast<int>(number(3 + c, 0))) > tol)
                    return fail("pixel is " + std::to_string(px[i]) + "," + std::to_string(px[i + 1]) + "," +
                                std::to_string(px[i + 2]));
            next();
            continue;
        }
        if (cmd == "throw") {
            if (w.size() < 2) return fail("needs a screen");
            host.throw_in(w[1]);
            next();
            return true;
        }
        if (cmd == "close") {
            host.close_window();
            next();
            return true;
        }
        if (cmd == "quit") {
            host.quit();
            next();
            return false;
        }
        return fail("unknown command");
    }
    return false;
}

} // namespace ui
