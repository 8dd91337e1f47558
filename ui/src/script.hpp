// The test hook: a script of injected input, simulator actions and assertions, run
// by the real program between frames (`kiosk run --script FILE`, and `kiosk tour`).
// Input goes through SDL's event queue like a real touchscreen's or mouse's.
//
// One command per line; '#' starts a comment. IDs name targets drawn in the last frame
// (buttons register theirs: "welcome.asan_imza", "pin.key.7", "row.0", "filter.employer.2", ...).
//   tap ID | touch ID          click with the mouse | tap with a finger at the centre of ID
//   tap_at X Y | touch_at X Y  the same at window pixels
//   drag ID DX DY              a finger drag from ID's centre by (DX, DY) pixels, over 12 frames
//   drag_at X Y DX DY          the same from window pixels
//   wait SCREEN [MS]           until the session shows SCREEN (default 8000 ms)
//   wait_for ID [MS]           until a target named ID is drawn
//   expect_gone ID             no target named ID is drawn (scrolled away, closed)
//   expect NAME=VALUE          a line of the session's state dump (Session::dump) equals this
//   expect_has TEXT | expect_not TEXT   the state dump contains | does not contain TEXT
//   expect_set NAME            the state dump's line NAME has a non-empty value
//   wait_state NAME=VALUE [MS] until a line of the state dump equals this (default 30000 ms):
//                              for what comes from outside (the registry, a phone)
//   sim insert N | sim remove | sim fault REASON on|off | sim reader on|off | sim online on|off
//   sim staff_fin N            types demo card N's FIN into staff mode's look-up (the tour)
//   run SHELL COMMAND          runs it (the fixture's real devices: a PC/SC card, an IPP tray); fails unless exit 0
//   advance SECONDS            moves the session's clock forward (idle timeouts without waiting)
//   sleep MS | frames N        real time | N more frames
//   shot NAME                  writes the next frame to SHOTS_DIR/NAME.png
//   expect_colors MIN          the last shot has at least MIN distinct colours (not blank)
//   expect_pixel X Y R G B TOL the last shot's pixel is within TOL of the colour
//   throw SCREEN               the next draw of SCREEN throws (exception recovery)
//   close                      asks the window to close (as a window manager would); ignored in kiosk mode
//   quit                       ends the program (exit status 0 unless an expectation failed)
#pragma once

#include "kiosk/error.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ui {

// What the script drives (the app).
class ScriptHost {
  public:
    virtual ~ScriptHost() = default;
    // Centre of a target drawn in the last frame.
    virtual bool target(const std::string& id, float& x, float& y) const = 0;
    virtual void inject_press(float x, float y, bool finger) = 0;
    virtual void inject_move(float x, float y, bool finger) = 0;
    virtual void inject_release(float x, float y, bool finger) = 0;
    virtual std::string screen() const = 0;
    virtual std::string dump() const = 0;
    virtual std::string sim(const std::vector<std::string>& args) = 0; // "" or an error
    virtual void advance_clock(double seconds) = 0;
    virtual void request_shot(const std::string& name) = 0;
    virtual bool shot_done() const = 0;
    // The last shot's pixels (RGBA), for assertions.
    virtual const std::vector<std::uint8_t>& last_shot(int& w, int& h) const = 0;
    virtual void throw_in(const std::string& screen) = 0;
    virtual void quit() = 0;
    virtual void close_window() = 0; // an SDL_QUIT as a window manager's close request makes
    virtual double now_ms() const = 0; // real time
};

class Script {
  public:
    [[nodiscard]] static kiosk::Result<Script> load(const std::string& path);
    static Script from_lines(std::vector<std::string> lines, std::string name);
    // Runs as far as it can this frame; false once finished (or failed).
    bool step(ScriptHost& host);
    bool failed() const { return !m_failure.empty(); }
    const std::string& failure() const { return m_failure; }
    bool finished() const { return m_pc >= m_lines.size() || failed(); }

  private:
    bool fail(const std::string& why);
    std::vector<std::string> m_lines;
    std::string m_name;
    std::size_t m_pc = 0;
    std::string m_failure;
    // The command in progress over several frames.
    int m_phase = 0;
    double m_started_ms = -1;
    float m_x = 0, m_y = 0, m_dx = 0, m_dy = 0;
    int m_frames_left = 0;
};

} // namespace ui
