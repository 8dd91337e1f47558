// What a screen gets each frame: the session (intents) and its view (state), the
// pointer, the simulator (when configured), and the frame's bookkeeping: hit boxes
// of every named target (the test hook taps them by name) and animation requests.
#pragma once

#include "input.hpp"
#include "kiosk/session.hpp"
#include "kiosk/simulator.hpp"

#include <imgui.h>
#include <map>
#include <string>
#include <string_view>

namespace ui {

struct Rect {
    ImVec2 min, max;
    ImVec2 center() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); }
};

struct Simulation {
    kiosk::SimIdentitySource* cards = nullptr;
    kiosk::SimPrintService* printer = nullptr;
    bool online = true;
    bool panel_open = false;
};

struct UiContext {
    kiosk::Session& session;
    const kiosk::View& view;
    Pointer& pointer;
    Simulation* sim = nullptr; // null with real devices: no simulator panel
    std::map<std::string, Rect, std::less<>>& hits;
    double time_s = 0;                    // monotonic seconds (animations)
    float dt = 0;                         // seconds since the previous frame
    bool animating = false;               // a screen wants the next frame soon (scrolling, spinner)
    double next_frame_s = 0;              // > 0: redraw at least after this many seconds (slow animations)
    std::string clock_text;               // "14:05"
    std::string date_text;                // "23.11.2026"
    std::function<void(bool)> set_online; // the simulator's network switch
    bool fallback = false;                // `kiosk run --out-of-service`: the crash-loop fallback

    kiosk::Lang lang() const { return view.lang; }
    std::string_view tr(std::string_view key) const { return kiosk::tr(key, view.lang); }
    void want_frame_in(double seconds) {
        if (next_frame_s <= 0 || seconds < next_frame_s) next_frame_s = seconds;
    }
};

} // namespace ui
