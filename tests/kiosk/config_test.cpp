// The kiosk's configuration file (TOML).
#include "kiosk/config.hpp"

#include <gtest/gtest.h>

using namespace kiosk;
using namespace std::chrono_literals;

TEST(Config, FullExample) {
    auto c = parse_config(R"(
kiosk_id = "ASAN-BAKI-01"
language = "ru"
[store]
path = "kiosk.db"
[devices]
card_reader = "sim"
printer = "sim"
online = false
[simulator]
read_ms = 10
pin_ms = 20
page_ms = 30
[timeouts]
idle_warning_s = 30
idle_end_s = 45
attract_after_s = 20
take_card_s = 5
[window]
mode = "fullscreen"
width = 1280
height = 720
)",
                          "kiosk.toml", "/etc/emek");
    ASSERT_TRUE(c) << c.error().detail;
    EXPECT_EQ(c->kiosk_id, "ASAN-BAKI-01");
    EXPECT_EQ(c->language, Lang::Ru);
    EXPECT_EQ(c->store_path, "/etc/emek/kiosk.db");
    EXPECT_FALSE(c->online);
    EXPECT_EQ(c->sim.read, 10ms);
    EXPECT_EQ(c->sim.page, 30ms);
    EXPECT_EQ(c->idle_warning, 30s);
    EXPECT_EQ(c->idle_end, 45s);
    EXPECT_EQ(c->window_mode, WindowMode::Fullscreen);
    EXPECT_EQ(c->width, 1280);
    SessionConfig s = c->session();
    EXPECT_EQ(s.default_lang, Lang::Ru);
    EXPECT_EQ(s.idle_end, 45s);
    EXPECT_EQ(s.take_card_timeout, 5s);
}

TEST(Config, DefaultsNeedOnlyTheStore) {
    auto c = parse_config("[store]\npath = \"/var/lib/emek/kiosk.db\"\n", "k.toml", "/x");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->store_path, "/var/lib/emek/kiosk.db");
    EXPECT_EQ(c->language, Lang::Az);
    EXPECT_EQ(c->idle_warning, 60s);
    EXPECT_EQ(c->idle_end, 90s);
    EXPECT_EQ(c->window_mode, WindowMode::Windowed);
}

TEST(Config, PrinterUris) {
    auto c =
        parse_config("[store]\npath = \"k.db\"\n[devices]\nprinter = \"dir:out\"\n", "k.toml", "/srv/emek");
    ASSERT_TRUE(c) << c.error().detail;
    EXPECT_EQ(c->printer, "dir:/srv/emek/out");
    EXPECT_EQ(c->spool_dir, "/srv/emek/spool");
    c = parse_config("[store]\npath = \"k.db\"\n[devices]\nprinter = \"ipp://127.0.0.1:8631/ipp/print\"\n"
                     "spool_dir = \"/var/spool/emek\"\n",
                     "k.toml", "/srv/emek");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->printer, "ipp://127.0.0.1:8631/ipp/print");
    EXPECT_EQ(c->spool_dir, "/var/spool/emek");
}

TEST(Config, Errors) {
    auto bad = [](const std::string& text) {
        auto c = parse_config(text, "k.toml", "");
        EXPECT_FALSE(c) << text;
        if (!c) {
            EXPECT_EQ(c.error().code, "config_invalid");
        }
        return c ? std::string() : c.error().detail;
    };
    bad("kiosk_id = \"x\"\n"); // no store
    EXPECT_NE(bad("[store]\npath = \"a\"\nlanguge = \"az\"\n").find("unknown key"), std::string::npos);
    EXPECT_NE(bad("[store]\npath = \"a\"\n[timeouts]\nidle_wraning_s = 3\n").find("timeouts.idle_wraning_s"),
              std::string::npos);
    bad("language = \"de\"\n[store]\npath = \"a\"\n");
    bad("[store]\npath = 5\n");
    bad("[store]\npath = \"a\"\n[timeouts]\nidle_warning_s = 90\nidle_end_s = 60\n");
    bad("[store]\npath = \"a\"\n[window]\nmode = \"tiny\"\n");
    bad("[store]\npath = \"a\"\n[devices]\nprinter = \"lp0\"\n");          // not a printer URI
    bad("[store]\npath = \"a\"\n[devices]\ncard_reader = \"pcsc\"\n");     // not in this build yet
    EXPECT_NE(bad("[store\npath = 1").find("k.toml:"), std::string::npos); // syntax, with a position
    auto missing = load_config("/nonexistent/kiosk.toml");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "config_unreadable");
}

TEST(Config, DisplaySchedule) {
    auto c =
        parse_config("[store]\npath = \"k.db\"\n[window]\ndisplay_on = \"07:30\"\ndisplay_off = \"20:00\"\n",
                     "k.toml", "/x");
    ASSERT_TRUE(c) << c.error().detail;
    EXPECT_FALSE(c->display.always_on());
    EXPECT_FALSE(c->display.lit_at(7 * 60 + 29));
    EXPECT_TRUE(c->display.lit_at(7 * 60 + 30));
    EXPECT_TRUE(c->display.lit_at(19 * 60 + 59));
    EXPECT_FALSE(c->display.lit_at(20 * 60));
    EXPECT_FALSE(c->display.lit_at(0));
    // Across midnight: lit from 22:00 to 06:00.
    c = parse_config("[store]\npath = \"k.db\"\n[window]\ndisplay_on = \"22:00\"\ndisplay_off = \"06:00\"\n",
                     "k.toml", "/x");
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->display.lit_at(23 * 60));
    EXPECT_TRUE(c->display.lit_at(5 * 60 + 59));
    EXPECT_FALSE(c->display.lit_at(12 * 60));
    // Without a schedule: always lit.
    c = parse_config("[store]\npath = \"k.db\"\n", "k.toml", "/x");
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->display.always_on());
    EXPECT_TRUE(c->display.lit_at(3 * 60));
    for (const char* bad : {"display_on = \"07:30\"\n", "display_on = \"7:30\"\ndisplay_off = \"20:00\"\n",
                            "display_on = \"24:00\"\ndisplay_off = \"20:00\"\n",
                            "display_on = \"08:00\"\ndisplay_off = \"08:00\"\n",
                            "display_on = \"08:60\"\ndisplay_off = \"20:00\"\n"}) {
        auto r = parse_config(std::string("[store]\npath = \"k.db\"\n[window]\n") + bad, "k.toml", "/x");
        EXPECT_FALSE(r) << bad;
    }
}
