// The kiosk program: window, main loop, services and the screens (ui/app.hpp).
//
// Sections: clock · the app (setup, loop, frame, screenshots) · script host · entry points
//
// The main loop never blocks on the store or a device: the data worker and the
// simulated devices post events to a queue that wakes the loop (an SDL user event).
// It draws only when something changed (input, an event, a timeout, an animation),
// and otherwise sleeps in SDL_WaitEventTimeout until the session's next deadline.
#include "ui/app.hpp"

#include "context.hpp"
#include "kiosk/log.hpp"
#include "kiosk/store.hpp"
#include "kiosk/technician.hpp"
#ifdef KIOSK_HAVE_PRINT_QUEUE
#include "../adapters/print_queue_service.hpp"
#endif
#ifdef KIOSK_HAVE_CARD_READER
#include "../adapters/card_identity_source.hpp"
#endif
#ifdef KIOSK_HAVE_SYNC
#include "../adapters/outbox_audit.hpp"
#include "sync/online.hpp"
#include "sync/service.hpp"
#include "sync/verifying_data_source.hpp"
#endif
#include "screen.hpp"
#include "script.hpp"
#include "signals.hpp"
#include "theme.hpp"
#include "watchdog.hpp"
#include "widgets.hpp"

#include <SDL.h>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>
#include <imgui_internal.h>
#include <stb_image_write.h>
#include <typeinfo>

namespace ui {

using Event = std::variant<kiosk::DeviceEvent, kiosk::DataEvent, kiosk::OnlineEvent, kiosk::ModeEvent>;

// --- clock ----------------------------------------------------------------------------------

// The session's clock: steady time plus an offset the test hook may advance.
class OffsetClock {
  public:
    std::chrono::steady_clock::time_point now() const {
        return std::chrono::steady_clock::now() + std::chrono::milliseconds(m_offset_ms.load());
    }
    void advance(std::chrono::milliseconds d) { m_offset_ms += d.count(); }

  private:
    std::atomic<std::int64_t> m_offset_ms{0};
};

// The link to the registry as technicians see it, until the sync module reports it: the
// configured (or simulator-switched) online flag.
class SimulatedLink final : public kiosk::LinkProbe {
  public:
    explicit SimulatedLink(bool online) : m_online(online) {}
    void set_online(bool online) { m_online = online; }
    kiosk::LinkFacts link_facts() override {
        kiosk::LinkFacts f;
        f.simulated = true;
        f.online = m_online.load();
        return f;
    }
    void sync_now() override {}

  private:
    std::atomic<bool> m_online;
};

#ifdef KIOSK_HAVE_SYNC
// The link as the sync service reports it (technician mode's network and sync page).
class SyncLink final : public kiosk::LinkProbe {
  public:
    explicit SyncLink(kiosk::sync::SyncService& sync) : m_sync(sync) {}
    kiosk::LinkFacts link_facts() override {
        kiosk::sync::SyncStatus st = m_sync.status();
        kiosk::LinkFacts f;
        f.sync_configured = true;
        f.online = st.online;
        f.cursor = st.cursor;
        f.head = st.head;
        f.lag = st.lag();
        f.outbox_pending = st.outbox_pending;
        f.outbox_dropped = st.outbox_dropped;
        f.outbox_alarm = st.outbox_alarm;
        f.quarantined = st.quarantined;
        f.last_success_at = st.last_success_at;
        f.last_attempt_at = st.last_attempt_at;
        f.last_error = st.last_error;
        f.last_error_at = st.last_error_at;
        return f;
    }
    void sync_now() override { m_sync.sync_now(); }

  private:
    kiosk::sync::SyncService& m_sync;
};
#endif

// --- the app ----------------------------------------------------------------------------------

class App final : public ScriptHost {
  public:
    App(const kiosk::KioskConfig& config, const RunOptions& options) : m_config(config), m_options(options) {}
    ~App() override { shutdown(); }

    int start();
    int run();
    void set_script(Script s) {
        m_script = std::move(s);
        m_has_script = true;
    }

    // ScriptHost
    bool target(const std::string& id, float& x, float& y) const override {
        auto it = m_hits_last.find(id);
        if (it == m_hits_last.end()) return false;
        ImVec2 c = it->second.center();
        x = c.x;
        y = c.y;
        return true;
    }
    void inject_press(float x, float y, bool finger) override {
        inject(finger ? SDL_FINGERDOWN : SDL_MOUSEBUTTONDOWN, x, y);
    }
    void inject_move(float x, float y, bool finger) override {
        inject(finger ? SDL_FINGERMOTION : SDL_MOUSEMOTION, x, y);
    }
    void inject_release(float x, float y, bool finger) override {
        inject(finger ? SDL_FINGERUP : SDL_MOUSEBUTTONUP, x, y);
    }
    std::string screen() const override { return std::string(kiosk::screen_name(m_session->view().screen)); }
    // A technician asked the kiosk to stop for maintenance.
    bool stop_requested() const { return m_session && m_session->view().stop_requested; }
    std::string dump() const override { return m_session->dump(); }
    std::string sim(const std::vector<std::string>& args) override;
    void advance_clock(double seconds) override {
        m_clock.advance(std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000)));
        m_session->tick();
    }
    void request_shot(const std::string& name) override {
        m_shot_name = name;
        m_shot_done = false;
        m_force_frame = true;
    }
    bool shot_done() const override { return m_shot_done; }
    const std::vector<std::uint8_t>& last_shot(int& w, int& h) const override {
        w = m_shot_w;
        h = m_shot_h;
        return m_shot;
    }
    void throw_in(const std::string& screen) override { m_throw_in = screen; }
    void quit() override { m_quit = true; }
    void close_window() override {
        SDL_Event e{};
        e.type = SDL_QUIT;
        SDL_PushEvent(&e);
    }
    double now_ms() const override {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_t0).count();
    }
    // The script failed, or the program ended before the script did (other than by a signal).
    bool script_failed() const {
        return m_has_script &&
               (m_script.failed() || (!m_script.finished() && !(m_signals && m_signals->received())));
    }

  private:
    void inject(Uint32 type, float x, float y);
    void handle_sdl(const SDL_Event& e);
    void render_frame();
    void rebuild_fonts();
    void write_shot();
    void shutdown();
    int start_out_of_service();
    int wait_timeout_ms();

    kiosk::KioskConfig m_config;
    RunOptions m_options;
    Watchdog m_watchdog = Watchdog::from_environment(); // systemd: READY=1, WATCHDOG=1
    std::chrono::steady_clock::time_point m_t0 = std::chrono::steady_clock::now();
    OffsetClock m_clock;
    kiosk::EventQueue<Event> m_queue;
    std::atomic<Uint32> m_wake_event{0};
    std::unique_ptr<TerminationSignals> m_signals;
    std::unique_ptr<kiosk::StoreDataSource> m_data;
    std::unique_ptr<kiosk::SimIdentitySource> m_cards;
    std::unique_ptr<kiosk::SimPrintService> m_printer; // with printer = "sim"
    std::unique_ptr<kiosk::PrintService> m_print;      // the print queue with a real printer
    std::unique_ptr<kiosk::IdentitySource> m_identity; // the card reader HAL with a real reader
    std::unique_ptr<kiosk::LinkProbe> m_link;
    std::unique_ptr<kiosk::AuditSink> m_audit;
    std::unique_ptr<kiosk::DiagnosticsWorker> m_technician;
    std::unique_ptr<kiosk::Session> m_session;
#ifdef KIOSK_HAVE_SYNC
    // With [registry]: the sync service, the online actions and the signature checks in
    // front of the data worker (sync/).
    std::unique_ptr<kiosk::sync::SyncService> m_sync;
    std::unique_ptr<kiosk::sync::RegistryOnline> m_online;
    std::unique_ptr<kiosk::sync::VerifyingDataSource> m_verifying;
    double m_next_proof_s = 0;
    void report_proof_of_life();
#endif
    Simulation m_sim;
    std::vector<std::unique_ptr<Screen>> m_screens;
    Pointer m_pointer;
    std::map<std::string, Rect, std::less<>> m_hits, m_hits_last;

    SDL_Window* m_window = nullptr;
    SDL_Renderer* m_renderer = nullptr;
    bool m_imgui = false;
    int m_w = 0, m_h = 0;
    float m_font_scale = 0;

    bool m_quit = false;
    // The display's schedule: dark (one black frame, then nothing) while nobody uses the kiosk
    // outside its hours; the first touch only lights it.
    bool display_dark();
    void render_dark();
    bool m_drawn_dark = false;
    bool m_swallow_release = false;
    std::chrono::steady_clock::time_point m_last_input{};
    bool m_force_frame = true;
    int m_extra_frames = 2;
    std::uint64_t m_drawn_version = 0;
    double m_last_frame_s = 0;
    double m_next_anim_s = -1; // absolute time of the next animation frame, -1 none
    std::string m_drawn_clock;
    std::string m_throw_in;
    std::uint64_t m_frames = 0;
    std::vector<double> m_frame_ms;
    std::vector<double> m_list_frame_ms; // frames of the notifications screen
    std::size_t m_list_rows = 0;
    bool m_first_frame_reported = false;

    bool m_has_script = false;
    Script m_script;
    std::string m_shot_name;
    bool m_shot_done = true;
    std::vector<std::uint8_t> m_shot;
    int m_shot_w = 0, m_shot_h = 0;
};

int App::start() {
    // First, before any thread exists: SIGTERM/SIGINT/SIGHUP go to a waiter thread that wakes the loop.
    m_signals = std::make_unique<TerminationSignals>([this] {
        if (Uint32 type = m_wake_event.load()) {
            SDL_Event e{};
            e.type = type;
            SDL_PushEvent(&e);
        }
    });
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    m_last_input = m_clock.now(); // lit at start, whatever the hour
    // The software renderer straight into the window surface: no OpenGL (Mesa on the CPU
    // would cost ~100 MB and a slower frame; RECIPES.md).
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0"); // fingers are handled as fingers
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    if (m_options.headless) setenv("SDL_VIDEODRIVER", "offscreen", 1);
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        std::fprintf(stderr, "kiosk: cannot start the display: %s\n", SDL_GetError());
        return 1;
    }
    m_wake_event = SDL_RegisterEvents(1);
    Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
    if (m_config.window_mode == kiosk::WindowMode::Fullscreen && !m_options.headless)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    else
        flags |= SDL_WINDOW_RESIZABLE;
    m_window = SDL_CreateWindow("emek-kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, m_config.width,
                                m_config.height, flags);
    if (!m_window) {
        std::fprintf(stderr, "kiosk: cannot open a window: %s\n", SDL_GetError());
        return 1;
    }
    m_renderer = SDL_CreateRenderer(m_window, -1, SDL_RENDERER_SOFTWARE);
    if (!m_renderer) {
        std::fprintf(stderr, "kiosk: no software renderer: %s\n", SDL_GetError());
        return 1;
    }
    if (m_config.window_mode == kiosk::WindowMode::Fullscreen) SDL_ShowCursor(SDL_DISABLE);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    m_imgui = true;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // nothing written to disk
    io.LogFilename = nullptr;
    ImGui_ImplSDL2_InitForSDLRenderer(m_window);
    ImGui_ImplSDLRenderer_Init(m_renderer);
    rebuild_fonts();

    // Services: every one posts into the queue; the queue wakes the loop.
    m_queue.set_notify([type = m_wake_event.load()] {
        SDL_Event e{};
        e.type = type;
        SDL_PushEvent(&e);
    });
    auto device_sink = [this](kiosk::DeviceEvent e) { m_queue.push(Event(std::move(e))); };
    auto data_sink = [this](kiosk::DataEvent e) { m_queue.push(Event(std::move(e))); };
    if (m_options.out_of_service_only) return start_out_of_service();
    auto mode_sink = [this](kiosk::ModeEvent e) { m_queue.push(Event(std::move(e))); };
    kiosk::Probes probes;
    kiosk::OnlineService* online = nullptr;
#ifdef KIOSK_HAVE_SYNC
    // The sync service opens (creates, migrates) the replica read-write before the
    // read-only data worker does.
    if (m_config.registry) {
        auto settings = kiosk::sync::settings_from(m_config);
        if (!settings) {
            std::fprintf(stderr, "kiosk: no link to the registry: %s: %s\n", settings.error().code.c_str(),
                         settings.error().detail.c_str());
        } else {
            auto push = [this](kiosk::OnlineEvent e) { m_queue.push(Event(std::move(e))); };
            auto service =
                kiosk::sync::SyncService::start(*settings, [push](const kiosk::sync::SyncStatus& st) {
                    push(kiosk::LinkStatusChanged{st.online, st.lag(), st.last_success_at, st.last_error,
                                                  st.outbox_alarm});
                });
            if (service)
                m_sync = std::move(*service);
            else
                std::fprintf(stderr, "kiosk: sync not started: %s: %s\n", service.error().code.c_str(),
                             service.error().detail.c_str());
            if (auto o = kiosk::sync::RegistryOnline::start(*settings, push)) {
                m_online = std::move(*o);
                online = m_online.get();
            }
        }
    }
#endif
    // The audit trail: the session's events on the outbox (through the sync service when there is
    // one). It opens the store read-write (migrating it), so before the read-only data worker; a
    // store that is not there is not created here (the out-of-service screen says it is missing).
#ifdef KIOSK_HAVE_SYNC
    if (!m_sync && !std::filesystem::exists(m_config.store_path)) {
        kiosk::log_line("kiosk", "no audit trail: no store");
    } else if (auto a = OutboxAuditSink::open(m_config.store_path, m_sync.get())) {
        m_audit = std::move(*a);
    } else {
        kiosk::log_line("kiosk", "no audit trail: " + a.error().code);
    }
    probes.audit = [path = m_config.store_path] { return audit_check(path); };
#endif
    m_data = std::make_unique<kiosk::StoreDataSource>(m_config.store_path, data_sink);
    kiosk::DataSource* data = m_data.get();
#ifdef KIOSK_HAVE_SYNC
    if (m_config.registry) {
        m_verifying = std::make_unique<kiosk::sync::VerifyingDataSource>(
            m_config.store_path, m_config.registry->signer_ca, *m_data);
        data = m_verifying.get();
    }
#endif

    kiosk::IdentitySource* identity = nullptr;
    if (m_config.card_reader == "sim") {
        // The demo cards are people of the replica; a replica that cannot be read gives none
        // (and the out-of-service screen follows from the data worker's StoreHealth).
        std::vector<kiosk::DemoCard> cards;
        if (auto store = kiosk::Store::open(m_config.store_path, kiosk::OpenMode::ReadOnly)) {
            if (auto c = kiosk::demo_cards(**store))
                cards = std::move(*c);
            else
                std::fprintf(stderr, "kiosk: no demo cards: %s\n", c.error().code.c_str());
        }
        m_cards = std::make_unique<kiosk::SimIdentitySource>(std::move(cards), device_sink, m_config.sim,
                                                             kiosk::WorkerMode::Thread);
        identity = m_cards.get();
        probes.reader = m_cards.get();
    } else {
#ifdef KIOSK_HAVE_CARD_READER
        auto r = CardIdentitySource::open({m_config.card_reader, m_config.card_ca, m_config.store_path},
                                          device_sink);
        if (r) {
            probes.reader = r->get();
            m_identity = std::move(*r);
            identity = m_identity.get();
        } else {
            kiosk::log_line("kiosk", "card reader unavailable: " + r.error().code);
        }
#else
        std::fprintf(stderr, "kiosk: this build has no card reader HAL\n");
#endif
    }
    kiosk::PrintService* print = nullptr;
    kiosk::PrintQueueControl* queue = nullptr;
    if (m_config.printer == "sim") {
        m_printer =
            std::make_unique<kiosk::SimPrintService>(device_sink, m_config.sim, kiosk::WorkerMode::Thread);
        m_printer->set_mode_events(mode_sink);
        print = m_printer.get();
        queue = m_printer.get();
        probes.printer = m_printer.get();
    } else {
#ifdef KIOSK_HAVE_PRINT_QUEUE
        auto q = QueuePrintService::open(
            {m_config.store_path, m_config.printer, m_config.spool_dir, m_config.kiosk_id, m_options.version},
            device_sink, mode_sink);
        if (q) {
            queue = q->get();
            probes.printer = q->get();
            m_print = std::move(*q);
            print = m_print.get();
        } else {
            // The kiosk still serves (records can be viewed); the strip says the printer is unavailable.
            kiosk::log_line("kiosk", "printer unavailable: " + q.error().code);
        }
#else
        std::fprintf(stderr, "kiosk: this build has no print queue; printing unavailable\n");
#endif
    }
    m_sim.cards = m_cards.get();
    m_sim.printer = m_printer.get();
    m_sim.online = m_config.online;

    // Technician mode: the checks over the devices' probes, on a thread of their own.
#ifdef KIOSK_HAVE_SYNC
    if (m_sync) m_link = std::make_unique<SyncLink>(*m_sync);
#endif
    if (!m_link) m_link = std::make_unique<SimulatedLink>(m_config.online);
    probes.link = m_link.get();
    kiosk::DiagnosticsSettings diag;
    diag.kiosk_id = m_config.kiosk_id;
    diag.version = m_options.version;
    diag.store_path = m_config.store_path;
    if (auto lines = kiosk::describe_config_file(m_config.source)) diag.config_lines = std::move(*lines);
    m_technician = std::make_unique<kiosk::DiagnosticsWorker>(std::move(diag), probes, mode_sink);

    kiosk::SessionServices services;
    services.identity = identity;
    services.printer = print;
    services.data = data;
    services.online = online;
    services.people = m_data.get(); // the replica's persons (no signatures involved)
    services.queue = queue;
    services.technician = m_technician.get();
    services.audit = m_audit.get();
    services.log_lines = [] { return kiosk::recent_log_lines(); };
    m_session =
        std::make_unique<kiosk::Session>(m_config.session(), services, [this] { return m_clock.now(); });
    // With a registry the link's state comes from the sync service (offline until it is heard).
    m_session->handle(
        kiosk::DeviceEvent(kiosk::ConnectivityChanged{m_config.registry ? false : m_config.online}));
    if (!identity) m_session->handle(kiosk::DeviceEvent(kiosk::ReaderAvailability{false}));
    if (!print) {
        kiosk::PrinterInfo none;
        none.known = true;
        none.reasons = static_cast<std::uint32_t>(kiosk::PrinterReason::Offline);
        m_session->handle(kiosk::DeviceEvent(kiosk::PrinterStatusChanged{none}));
    }
    m_screens = make_screens();
    return 0;
}

// The crash-loop fallback (kiosk-out-of-service.service): the out-of-service screen and
// nothing else. No store, no device: whatever made the kiosk crash is not touched again.
int App::start_out_of_service() {
    m_session = std::make_unique<kiosk::Session>(m_config.session(), kiosk::SessionServices{},
                                                 [this] { return m_clock.now(); });
    m_session->handle(kiosk::DeviceEvent(kiosk::ConnectivityChanged{false}));
    m_session->handle(kiosk::DeviceEvent(kiosk::ReaderAvailability{false}));
    m_screens = make_screens();
    return 0;
}

void App::rebuild_fonts() {
    SDL_GetRendererOutputSize(m_renderer, &m_w, &m_h);
    float s = std::min(static_cast<float>(m_w) / 1920.0f, static_cast<float>(m_h) / 1080.0f);
    s = std::max(s, 0.3f);
    if (std::abs(s - m_font_scale) < 0.001f) return;
    m_font_scale = s;
    set_scale(s);
    Fonts f;
    if (!load_fonts(f, s))
        std::fprintf(stderr, "kiosk: Noto Sans not found (fonts-noto-core); using ImGui's font\n");
    apply_style();
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    ImGui_ImplSDLRenderer_CreateFontsTexture();
    // The texture holds the glyphs now; the CPU copy would only cost memory.
    ImGui::GetIO().Fonts->ClearTexData();
}

void App::inject(Uint32 type, float x, float y) {
    SDL_Event e{};
    e.type = type;
    switch (type) {
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        e.button.button = SDL_BUTTON_LEFT;
        e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
        e.button.x = static_cast<int>(x);
        e.button.y = static_cast<int>(y);
        e.button.clicks = 1;
        e.button.windowID = SDL_GetWindowID(m_window);
        break;
    case SDL_MOUSEMOTION:
        e.motion.x = static_cast<int>(x);
        e.motion.y = static_cast<int>(y);
        e.motion.windowID = SDL_GetWindowID(m_window);
        break;
    default: // fingers: normalised coordinates, as a touchscreen reports them
        e.tfinger.touchId = 1;
        e.tfinger.fingerId = 1;
        e.tfinger.x = x / static_cast<float>(m_w);
        e.tfinger.y = y / static_cast<float>(m_h);
        e.tfinger.pressure = 1.0f;
        break;
    }
    SDL_PushEvent(&e);
}

void App::handle_sdl(const SDL_Event& e) {
    if (e.type == SDL_QUIT) {
        // The window was asked to close. A kiosk has no way out but a signal from its service
        // manager (SIGTERM): in fullscreen (kiosk) mode the request is ignored.
        if (m_config.window_mode == kiosk::WindowMode::Fullscreen && !m_options.headless) return;
        m_quit = true;
        return;
    }
    if (e.type == m_wake_event) return; // the queue is drained after the events
    if (e.type == SDL_WINDOWEVENT) {
        if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED || e.window.event == SDL_WINDOWEVENT_EXPOSED)
            m_force_frame = true;
        return;
    }
    const bool press = e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_FINGERDOWN;
    const bool release = e.type == SDL_MOUSEBUTTONUP || e.type == SDL_FINGERUP;
    if (press) m_last_input = m_clock.now();
    if (m_drawn_dark && press) {
        // A touch on the dark display lights it and does nothing else (no button under the finger).
        m_swallow_release = true;
        if (m_session->view().screen == kiosk::ScreenId::Attract) m_session->wake();
        m_session->touch();
        m_force_frame = true;
        return;
    }
    if (m_swallow_release && (release || e.type == SDL_MOUSEMOTION || e.type == SDL_FINGERMOTION)) {
        if (release) m_swallow_release = false;
        return;
    }
    ImGui_ImplSDL2_ProcessEvent(&e);
    if (m_pointer.process(e, m_w, m_h)) {
        m_extra_frames = 3; // ImGui needs a frame or two to turn a press and release into a click
        if (e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_FINGERDOWN) m_session->touch();
    }
}

int App::wait_timeout_ms() {
    if (m_force_frame || m_extra_frames > 0 || (m_has_script && !m_script.finished())) return 0;
    double now = now_ms() / 1000.0;
    double wait = 60.0;
    if (m_next_anim_s >= 0) wait = std::min(wait, m_next_anim_s - now);
    if (auto d = m_session->next_deadline()) {
        double s = std::chrono::duration<double>(*d - m_clock.now()).count();
        wait = std::min(wait, s + 0.002);
    }
    if (!m_config.display.always_on() && !m_drawn_dark) { // the end of the lit while after a touch
        double s =
            std::chrono::duration<double>(m_last_input + m_config.attract_after - m_clock.now()).count();
        if (s > 0) wait = std::min(wait, s + 0.002);
    }
    // The status strip's clock shows minutes.
    std::time_t t = std::time(nullptr);
    wait = std::min(wait, 60.0 - static_cast<double>(t % 60) + 0.05);
    int ms = std::max(0, static_cast<int>(wait * 1000));
    if (int due = m_watchdog.ms_until_due(); due >= 0) ms = std::min(ms, due);
    return ms;
}

int App::run() {
    while (!m_quit) {
        if (m_signals && m_signals->received()) break;
        SDL_Event e;
        int timeout = wait_timeout_ms();
        bool got = timeout == 0 ? SDL_PollEvent(&e) : SDL_WaitEventTimeout(&e, timeout);
        if (got) {
            handle_sdl(e);
            while (SDL_PollEvent(&e))
                handle_sdl(e);
        }
        for (Event& ev : m_queue.drain()) {
            std::visit([this](auto& inner) { m_session->handle(inner); }, ev);
        }
        m_session->tick();
        if (m_session->view().stop_requested) {
            kiosk::log_line("kiosk", "a technician stopped the kiosk for maintenance");
            m_quit = true;
        }
        m_watchdog.kick(); // the loop is alive: it got here without blocking

        double now = now_ms() / 1000.0;
        bool anim_due = m_next_anim_s >= 0 && now >= m_next_anim_s;
        char clock[8];
        std::time_t t = std::time(nullptr);
        std::tm lt{};
        localtime_r(&t, &lt);
        std::strftime(clock, sizeof clock, "%H:%M", &lt);
        const bool dark = display_dark();
        if (dark) {
            if (!m_drawn_dark || (m_has_script && !m_script.finished())) {
                render_dark();
                if (m_has_script && !m_script.finished()) {
                    m_script.step(*this);
                    if (m_script.failed()) {
                        std::fprintf(stderr, "kiosk: script failed: %s\n", m_script.failure().c_str());
                        m_quit = true;
                    }
                }
            }
            continue;
        }
        if (m_drawn_dark) {
            m_drawn_dark = false;
            m_force_frame = true;
        }
        bool changed = m_session->version() != m_drawn_version || m_drawn_clock != clock;
        if (m_force_frame || m_extra_frames > 0 || changed || anim_due ||
            (m_has_script && !m_script.finished())) {
            // Frame pacing while animating: at most one frame per 16 ms.
            double since = now - m_last_frame_s;
            if (since < 0.016 && !m_force_frame && m_extra_frames == 0 && !changed)
                SDL_Delay(static_cast<Uint32>((0.016 - since) * 1000));
            render_frame();
#ifdef KIOSK_HAVE_SYNC
            report_proof_of_life();
#endif
            m_watchdog.ready(); // the first frame is on the screen
            if (m_has_script && !m_script.finished()) {
                m_script.step(*this);
                if (m_script.failed()) {
                    std::fprintf(stderr, "kiosk: script failed: %s\n", m_script.failure().c_str());
                    m_quit = true;
                }
            }
        }
    }
    m_watchdog.stopping();
    return 0;
}

bool App::display_dark() {
    if (m_config.display.always_on()) return false;
    const kiosk::View& v = m_session->view();
    if (v.card_present) return false;
    if (v.screen != kiosk::ScreenId::Welcome && v.screen != kiosk::ScreenId::Attract &&
        v.screen != kiosk::ScreenId::OutOfService)
        return false;
    std::time_t t = std::time(nullptr);
    std::tm lt{};
    localtime_r(&t, &lt);
    if (m_config.display.lit_at(lt.tm_hour * 60 + lt.tm_min)) return false;
    // Lit for a while after a touch, as long as the attract screen would wait.
    return m_clock.now() - m_last_input >= m_config.attract_after;
}

void App::render_dark() {
    SDL_GetRendererOutputSize(m_renderer, &m_w, &m_h);
    SDL_SetRenderDrawColor(m_renderer, 0, 0, 0, 0xFF);
    SDL_RenderClear(m_renderer);
    if (!m_shot_name.empty()) write_shot();
    SDL_RenderPresent(m_renderer);
    m_hits_last.clear(); // nothing to touch but the display itself
    m_drawn_dark = true;
    m_next_anim_s = -1;
    m_extra_frames = 0;
    ++m_frames;
}

void App::render_frame() {
    auto t_start = std::chrono::steady_clock::now();
    SDL_GetRendererOutputSize(m_renderer, &m_w, &m_h);
    rebuild_fonts();
    double now = now_ms() / 1000.0;
    float dt = m_last_frame_s > 0 ? static_cast<float>(now - m_last_frame_s) : 1.0f / 60;
    dt = std::clamp(dt, 1.0f / 240, 0.25f);
    m_last_frame_s = now;

    ImGui_ImplSDLRenderer_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(m_w), static_cast<float>(m_h));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    io.DeltaTime = dt;
    m_pointer.apply(io, dt);
    ImGui::NewFrame();

    char clock[8], date[16];
    std::time_t t = std::time(nullptr);
    std::tm lt{};
    localtime_r(&t, &lt);
    std::strftime(clock, sizeof clock, "%H:%M", &lt);
    std::strftime(date, sizeof date, "%d.%m.%Y", &lt);

    m_hits.clear();
    UiContext ctx{*m_session, m_session->view(),
                  m_pointer,  (m_cards || m_printer) ? &m_sim : nullptr,
                  m_hits,     0,
                  0,          false,
                  0,          {},
                  {},         {}};
    ctx.fallback = m_options.out_of_service_only;
    ctx.time_s = now;
    ctx.dt = dt;
    ctx.clock_text = clock;
    ctx.date_text = date;
    ctx.set_online = [this](bool online) {
        if (auto* sim = dynamic_cast<SimulatedLink*>(m_link.get())) sim->set_online(online);
        m_session->handle(kiosk::DeviceEvent(kiosk::ConnectivityChanged{online}));
    };

    const std::uint64_t version_before = m_session->version();
    const kiosk::ScreenId id = m_session->view().screen;
    Screen* screen = nullptr;
    for (auto& s : m_screens)
        for (kiosk::ScreenId sid : s->ids())
            if (sid == id) screen = s.get();

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("##root", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                     // SDL_RenderClear paints the background: a second full-window fill would
                     // cost the software renderer ~8 MB of writes per frame.
                     ImGuiWindowFlags_NoBackground);
    bool failed = false;
    try {
        if (!m_throw_in.empty() && m_throw_in == kiosk::screen_name(id)) {
            m_throw_in.clear();
            throw std::runtime_error("injected by the test hook");
        }
        // Defence in depth: a screen is drawn only in the modes it belongs to.
        if (!kiosk::screen_allowed(id, m_session->view().mode))
            throw std::logic_error("screen outside its mode");
        if (screen) screen->draw(ctx);
        if (!screen || !screen->fullbleed()) status_strip(ctx);
    } catch (const std::exception& e) {
        // Logged without personal data: the screen and the exception's type only.
        kiosk::log_line("kiosk", "screen " + std::string(kiosk::screen_name(id)) + " failed (" +
                                     typeid(e).name() + "); session wiped, back to welcome");
        failed = true;
    } catch (...) {
        kiosk::log_line("kiosk", "screen " + std::string(kiosk::screen_name(id)) +
                                     " failed; session wiped, back to welcome");
        failed = true;
    }
    if (failed) {
        ImGui::ErrorCheckEndFrameRecover(nullptr);
        m_session->recover_from_error();
        m_force_frame = true;
    } else {
        ImGui::End();
        if (m_session->view().screen == id) {
            draw_idle_warning(ctx);
            draw_simulator_panel(ctx);
        }
    }
    ImGui::Render();
    SDL_SetRenderDrawColor(m_renderer, 0x0B, 0x1A, 0x2E, 0xFF);
    SDL_RenderClear(m_renderer);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    if (!m_shot_name.empty()) write_shot();
    SDL_RenderPresent(m_renderer);

    m_hits_last = m_hits;
    m_drawn_clock = clock;
    // Intents during the frame changed the session: draw once more to show it.
    m_drawn_version = m_session->version() == version_before ? version_before : 0;
    if (m_force_frame) m_extra_frames = std::max(m_extra_frames, 1);
    m_force_frame = false;
    if (m_extra_frames > 0) --m_extra_frames;
    if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId) && m_frames < 3) m_extra_frames = 1;
    if (ctx.animating)
        m_next_anim_s = now + 0.016;
    else if (ctx.next_frame_s > 0)
        m_next_anim_s = now + ctx.next_frame_s;
    else
        m_next_anim_s = -1;
    ++m_frames;

    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_start).count();
    if (m_options.print_timing) {
        if (!m_first_frame_reported) {
            m_first_frame_reported = true;
            // CLOCK_MONOTONIC, comparable with the clock of the process that started us.
            auto mono = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
            std::fprintf(stderr, "timing: first_frame_ms=%.1f first_frame_monotonic_ns=%lld\n", now_ms(),
                         static_cast<long long>(mono));
        }
        m_frame_ms.push_back(ms);
        if (id == kiosk::ScreenId::Notifications) {
            m_list_frame_ms.push_back(ms);
            m_list_rows = m_session->view().list.rows.size();
        }
    }
}

void App::write_shot() {
    m_shot_w = m_w;
    m_shot_h = m_h;
    m_shot.assign(static_cast<std::size_t>(m_w) * m_h * 4, 0);
    if (SDL_RenderReadPixels(m_renderer, nullptr, SDL_PIXELFORMAT_ABGR8888, m_shot.data(), m_w * 4) != 0) {
        std::fprintf(stderr, "kiosk: screenshot failed: %s\n", SDL_GetError());
    } else {
        std::filesystem::path path =
            std::filesystem::path(m_options.shots_dir.empty() ? "." : m_options.shots_dir) /
            (m_shot_name + ".png");
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (!stbi_write_png(path.c_str(), m_w, m_h, 4, m_shot.data(), m_w * 4))
            std::fprintf(stderr, "kiosk: cannot write %s\n", path.c_str());
    }
    m_shot_name.clear();
    m_shot_done = true;
}

std::string App::sim(const std::vector<std::string>& a) {
    auto on = [&](std::size_t i) { return i < a.size() && (a[i] == "on" || a[i] == "1"); };
    if (a.empty()) return "sim needs an action";
    if (!m_cards && (a[0] == "insert" || a[0] == "remove" || a[0] == "reader"))
        return "the card reader is not simulated";
    if (a[0] == "insert" && a.size() == 2) {
        std::size_t i = static_cast<std::size_t>(std::atoi(a[1].c_str()));
        if (i >= m_cards->card_count()) return "no demo card " + a[1];
        m_cards->insert(i);
    } else if (a[0] == "remove") {
        m_cards->remove();
    } else if (a[0] == "fault" && a.size() == 3) {
        auto r = kiosk::parse_reason(a[1]);
        if (!r) return "unknown printer reason " + a[1];
        if (!m_printer) return "the printer is not simulated";
        m_printer->set_fault(*r, on(2));
    } else if (a[0] == "reader" && a.size() == 2) {
        m_cards->set_reader_available(on(1));
    } else if (a[0] == "online" && a.size() == 2) {
        m_sim.online = on(1);
        if (auto* sim = dynamic_cast<SimulatedLink*>(m_link.get())) sim->set_online(m_sim.online);
        m_session->handle(kiosk::DeviceEvent(kiosk::ConnectivityChanged{m_sim.online}));
    } else if (a[0] == "staff_fin" && a.size() == 2) {
        // Types demo card N's FIN into staff mode's look-up (tests and the tour; the panel never shows FINs).
        if (!m_cards) return "the card reader is not simulated";
        std::size_t i = static_cast<std::size_t>(std::atoi(a[1].c_str()));
        if (i >= m_cards->card_count()) return "no demo card " + a[1];
        kiosk::DemoCard card = m_cards->card(i);
        m_session->staff_focus(kiosk::StaffVM::Field::Fin);
        for (char c : card.identity.fin)
            m_session->staff_key(std::string(1, c));
        card.identity.wipe();
    } else if (a[0] == "panel" && a.size() == 2) {
        m_sim.panel_open = on(1);
        m_force_frame = true;
    } else {
        return "unknown sim action";
    }
    return {};
}

#ifdef KIOSK_HAVE_SYNC
// The heartbeat's proof of life: frames drawn, the screen shown, the devices' states.
void App::report_proof_of_life() {
    if (!m_sync) return;
    const double now = now_ms() / 1000.0;
    if (now < m_next_proof_s) return;
    m_next_proof_s = now + 5;
    const kiosk::StatusVM& s = m_session->view().status;
    kiosk::sync::ProofOfLife p;
    p.frames = m_frames;
    p.screen = std::string(kiosk::screen_name(m_session->view().screen));
    p.devices["card_reader"] = s.reader_available ? "ok" : "missing";
    std::string printer = !s.printer.known ? "unknown" : s.printer.ready() ? "ready" : "";
    for (kiosk::PrinterReason r : kiosk::k_all_printer_reasons)
        if (s.printer.has(r)) printer += (printer.empty() ? "" : ",") + std::string(kiosk::reason_name(r));
    p.devices["printer"] = printer;
    p.devices["store"] = s.store_ok ? "ok" : "unreadable";
    m_sync->set_proof_of_life(std::move(p));
}
#endif

void App::shutdown() {
    m_signals.reset(); // nothing pushes SDL events any more
    if (m_options.print_timing && !m_frame_ms.empty()) {
        std::vector<double> v = m_frame_ms;
        std::sort(v.begin(), v.end());
        std::fprintf(stderr, "timing: frames=%zu frame_ms_p50=%.2f frame_ms_p95=%.2f\n", v.size(),
                     v[v.size() / 2], v[v.size() * 95 / 100]);
    }
    if (m_options.print_timing && !m_list_frame_ms.empty()) {
        std::vector<double> v = m_list_frame_ms;
        std::sort(v.begin(), v.end());
        std::fprintf(stderr,
                     "timing: list_frames=%zu list_rows=%zu list_frame_ms_p50=%.2f list_frame_ms_p95=%.2f\n",
                     v.size(), m_list_rows, v[v.size() / 2], v[v.size() * 95 / 100]);
    }
    if (m_session && !m_options.state_out.empty()) {
        if (FILE* f = std::fopen(m_options.state_out.c_str(), "w")) {
            std::string d = m_session->dump();
            std::fwrite(d.data(), 1, d.size(), f);
            std::fclose(f);
        }
    }
    // The session first (it wipes), then the technician's worker, the devices and the data worker.
    m_session.reset();
    m_technician.reset();
    m_audit.reset(); // appends what it holds (or hands it to the sync service) first
#ifdef KIOSK_HAVE_SYNC
    m_online.reset();
    m_verifying.reset();
    m_sync.reset();
#endif
    m_identity.reset();
    m_print.reset();
    m_printer.reset();
    m_cards.reset();
    m_data.reset();
    if (m_imgui) {
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext();
        m_imgui = false;
    }
    if (m_renderer) SDL_DestroyRenderer(m_renderer);
    if (m_window) SDL_DestroyWindow(m_window);
    m_renderer = nullptr;
    m_window = nullptr;
    SDL_Quit();
}

// --- entry points ------------------------------------------------------------------------------

int run_kiosk(const kiosk::KioskConfig& config, const RunOptions& options) {
    App app(config, options);
    if (!options.script.empty()) {
        auto s = Script::load(options.script);
        if (!s) {
            std::fprintf(stderr, "kiosk: cannot read script %s\n", options.script.c_str());
            return 2;
        }
        app.set_script(std::move(*s));
    }
    if (int rc = app.start(); rc != 0) return rc;
    app.run();
    int rc = app.script_failed() ? 3 : app.stop_requested() ? k_exit_maintenance : 0;
    kiosk::log_line("kiosk", "stopped");
    return rc;
}

// The tour (tour.cpp) drives the same app with a script of its own.
int run_script_lines(const kiosk::KioskConfig& config, const RunOptions& options,
                     std::vector<std::string> lines) {
    App app(config, options);
    app.set_script(Script::from_lines(std::move(lines), "tour"));
    if (int rc = app.start(); rc != 0) return rc;
    app.run();
    return app.script_failed() ? 3 : 0;
}

} // namespace ui
