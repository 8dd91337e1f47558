// Role separation (issue 8): the card's role decides the mode, and nothing of one mode is
// reachable from another. A citizen card never reaches a staff or technician screen,
// whatever is tapped, on every screen it can reach; staff and technician intents are
// ignored outside their mode; a citizen card replacing a staff or technician card ends
// that mode.
#include "kiosk/log.hpp"
#include "session_rig.hpp"

#include <functional>

using namespace kiosk;
using namespace std::chrono_literals;
using kiosk::test::k_fin;
using kiosk::test::Rig;

namespace {

const std::vector<ScreenId> k_staff_screens = {ScreenId::StaffHome, ScreenId::StaffLookup,
                                               ScreenId::StaffQueue};
const std::vector<ScreenId> k_tech_screens = {
    ScreenId::TechDashboard, ScreenId::TechPrinter, ScreenId::TechCard,
    ScreenId::TechTouch,     ScreenId::TechDisplay, ScreenId::TechNetwork,
    ScreenId::TechStorage,   ScreenId::TechLog,     ScreenId::TechConfig};

bool is_staff_or_tech(ScreenId s) {
    for (auto v : {&k_staff_screens, &k_tech_screens})
        for (ScreenId x : *v)
            if (x == s) return true;
    return false;
}

// Every staff and technician intent, each followed by a check of the screen.
void tap_everything_of_other_modes(Rig& r, const std::function<void()>& check) {
    Session& s = *r.session;
    std::vector<std::function<void()>> intents = {
        [&] { s.staff_find_citizen(); },
        [&] { s.staff_focus(StaffVM::Field::Note); },
        [&] { s.staff_key("A"); },
        [&] { s.staff_erase(); },
        [&] { s.staff_set_reason(0); },
        [&] { s.staff_lookup(); },
        [&] { s.staff_home(); },
        [&] { s.staff_open_queue(); },
        [&] { s.staff_refresh_queue(); },
        [&] { s.staff_select_job(1); },
        [&] { s.staff_job_action(JobAction::Reprint); },
        [&] { s.tech_run_checks(); },
        [&] { s.tech_print_test_page(); },
        [&] { s.tech_touch_cell(0); },
        [&] { s.tech_touch_reset(); },
        [&] { s.tech_display_start(); },
        [&] { s.tech_display_next(); },
        [&] { s.tech_display_verdict(true); },
        [&] { s.tech_card_test_start(); },
        [&] { s.tech_card_test_cancel(); },
        [&] { s.tech_sync_now(); },
        [&] { s.tech_print_report(); },
        [&] { s.tech_refresh_log(); },
        [&] { s.tech_confirm_maintenance(true); },
        [&] { s.tech_enter_maintenance(); },
        [&] { s.tech_leave_maintenance(); },
        [&] { s.tech_confirm_stop(true); },
        [&] { s.tech_stop_kiosk(); },
    };
    for (ScreenId page : k_tech_screens)
        intents.push_back([&s, page] { s.tech_open(page); });
    for (auto& intent : intents) {
        intent();
        r.pump();
        check();
    }
}

} // namespace

TEST(Roles, EveryScreenBelongsToItsModes) {
    for (int i = 0; i < k_screen_count; ++i) {
        auto s = static_cast<ScreenId>(i);
        int modes = 0;
        for (Mode m : {Mode::None, Mode::Citizen, Mode::Staff, Mode::Technician})
            modes += screen_allowed(s, m) ? 1 : 0;
        EXPECT_GE(modes, 1) << screen_name(s) << " belongs to no mode";
        for (ScreenId staff : k_staff_screens)
            if (s == staff) {
                EXPECT_TRUE(screen_allowed(s, Mode::Staff));
                EXPECT_FALSE(screen_allowed(s, Mode::Citizen)) << screen_name(s);
                EXPECT_FALSE(screen_allowed(s, Mode::Technician)) << screen_name(s);
                EXPECT_FALSE(screen_allowed(s, Mode::None)) << screen_name(s);
            }
        for (ScreenId tech : k_tech_screens)
            if (s == tech) {
                EXPECT_TRUE(screen_allowed(s, Mode::Technician));
                EXPECT_FALSE(screen_allowed(s, Mode::Citizen)) << screen_name(s);
                EXPECT_FALSE(screen_allowed(s, Mode::Staff)) << screen_name(s);
                EXPECT_FALSE(screen_allowed(s, Mode::None)) << screen_name(s);
            }
    }
    // The citizen's screens are shared with staff, never with technicians.
    EXPECT_TRUE(screen_allowed(ScreenId::Notifications, Mode::Staff));
    EXPECT_FALSE(screen_allowed(ScreenId::Notifications, Mode::Technician));
    EXPECT_FALSE(screen_allowed(ScreenId::Detail, Mode::Technician));
    EXPECT_TRUE(screen_allowed(ScreenId::Maintenance, Mode::None));
}

TEST(Roles, TheCardsRoleDecidesTheMode) {
    struct Case {
        std::size_t card;
        std::string pin;
        Mode mode;
        ScreenId screen;
    };
    for (const Case& c : {Case{0, "1234", Mode::Citizen, ScreenId::Notifications},
                          Case{4, "1357", Mode::Staff, ScreenId::StaffHome},
                          Case{5, "2580", Mode::Technician, ScreenId::TechDashboard}}) {
        Rig r;
        r.card->insert(c.card);
        r.pump();
        ASSERT_EQ(r.screen(), ScreenId::Pin);
        EXPECT_EQ(r.view().mode, Mode::None); // nothing before the PIN
        r.type_pin(c.pin);
        EXPECT_EQ(r.screen(), c.screen);
        EXPECT_EQ(r.view().mode, c.mode);
        auto started = r.audit.of("session.started");
        ASSERT_EQ(started.size(), 1u);
        EXPECT_EQ(r.audit.text(*started[0], "mode"), std::string(mode_name(c.mode)));
        EXPECT_FALSE(started[0]->actor_fin.empty());
    }
}

TEST(Roles, AWrongPinOnAStaffCardOpensNothing) {
    Rig r;
    r.card->insert(4);
    r.pump();
    r.type_pin("9999");
    EXPECT_EQ(r.screen(), ScreenId::Pin);
    EXPECT_EQ(r.view().mode, Mode::None);
    r.session->staff_find_citizen();
    r.session->tech_open(ScreenId::TechDashboard);
    EXPECT_EQ(r.screen(), ScreenId::Pin);
    ASSERT_EQ(r.audit.of("identification.failed").size(), 1u);
    EXPECT_EQ(r.audit.text(*r.audit.of("identification.failed")[0], "reason"), "wrong_pin");
}

TEST(Roles, ACitizenCardNeverReachesStaffOrTechnicianScreensWhateverIsTapped) {
    // Every screen a citizen card can reach, and on each every staff and technician intent.
    std::vector<std::pair<std::string, std::function<void(Rig&)>>> reach = {
        {"welcome", [](Rig&) {}},
        {"pin",
         [](Rig& r) {
             r.card->insert(0);
             r.pump();
         }},
        {"card_error",
         [](Rig& r) {
             r.card->insert(1);
             r.pump();
         }},
        {"notifications", [](Rig& r) { r.sign_in(); }},
        {"detail",
         [](Rig& r) {
             r.sign_in();
             r.session->open_detail(0);
             r.pump();
         }},
        {"print_preview",
         [](Rig& r) {
             r.sign_in();
             r.session->open_detail(0);
             r.pump();
             r.session->request_print(DocumentKind::Notification);
             r.pump();
         }},
        {"print_confirm",
         [](Rig& r) {
             r.sign_in();
             r.print_notification(0, false);
         }},
        {"printing",
         [](Rig& r) {
             r.printer->set_fault(PrinterReason::MediaEmpty, true);
             r.sign_in();
             r.print_notification(0, true);
         }},
        {"print_result",
         [](Rig& r) {
             r.sign_in();
             r.print_notification(0, true);
         }},
        {"take_card",
         [](Rig& r) {
             r.sign_in();
             r.session->finish();
         }},
    };
    for (auto& [name, go] : reach) {
        Rig r;
        go(r);
        ASSERT_EQ(screen_name(r.screen()), name);
        const Mode mode = r.view().mode;
        EXPECT_NE(mode, Mode::Staff);
        EXPECT_NE(mode, Mode::Technician);
        tap_everything_of_other_modes(r, [&] {
            EXPECT_FALSE(is_staff_or_tech(r.screen()))
                << "from " << name << " to " << screen_name(r.screen());
            EXPECT_EQ(r.view().mode, mode) << name;
            EXPECT_TRUE(r.view().tech.report.checks.empty()) << name;
            EXPECT_TRUE(r.view().staff.jobs.empty()) << name;
            EXPECT_FALSE(r.view().maintenance) << name;
            EXPECT_FALSE(r.view().stop_requested) << name;
        });
        EXPECT_EQ(r.audit.of("technician.action").size(), 0u) << name;
        EXPECT_EQ(r.audit.of("staff.lookup").size(), 0u) << name;
        EXPECT_EQ(r.printer->jobs_completed(), name == "print_result" ? 1 : 0)
            << name; // no test page, no report
    }
}

TEST(Roles, ACitizenCardInPlaceOfAStaffCardEndsStaffModeOnEveryStaffScreen) {
    std::vector<std::function<void(Rig&)>> reach = {
        [](Rig&) {},
        [](Rig& r) { r.session->staff_find_citizen(); },
        [](Rig& r) {
            r.session->staff_open_queue();
            r.pump();
        },
    };
    for (auto& go : reach) {
        Rig r;
        r.sign_in_with(4, "1357");
        ASSERT_EQ(r.view().mode, Mode::Staff);
        go(r);
        const std::string was(screen_name(r.screen()));
        r.card->insert(0); // the staff card comes out, a citizen's goes in
        r.pump();
        EXPECT_EQ(r.view().mode, Mode::None) << was;
        EXPECT_EQ(r.screen(), ScreenId::Pin) << was;
        r.type_pin("1234");
        EXPECT_EQ(r.view().mode, Mode::Citizen) << was;
        EXPECT_EQ(r.screen(), ScreenId::Notifications) << was;
        // The citizen sees their own records, and nothing staff left behind.
        EXPECT_TRUE(r.view().staff.staff_name.empty());
        EXPECT_FALSE(r.view().staff.has_subject);
        tap_everything_of_other_modes(r, [&] { EXPECT_FALSE(is_staff_or_tech(r.screen())) << was; });
    }
}

TEST(Roles, ACitizenCardInPlaceOfATechnicianCardEndsTechnicianModeOnEveryPage) {
    for (ScreenId page : k_tech_screens) {
        Rig r;
        r.sign_in_with(5, "2580");
        r.session->tech_open(page);
        ASSERT_EQ(r.screen(), page);
        r.card->insert(0);
        r.pump();
        EXPECT_EQ(r.view().mode, Mode::None) << screen_name(page);
        EXPECT_EQ(r.screen(), ScreenId::Pin) << screen_name(page);
        r.type_pin("1234");
        EXPECT_EQ(r.view().mode, Mode::Citizen);
        EXPECT_TRUE(r.view().tech.report.checks.empty());
        tap_everything_of_other_modes(
            r, [&] { EXPECT_FALSE(is_staff_or_tech(r.screen())) << screen_name(page); });
    }
}

TEST(Roles, StaffCannotReachTechnicianScreensNorTechniciansStaffScreens) {
    Rig r;
    r.sign_in_with(4, "1357");
    for (ScreenId page : k_tech_screens) {
        r.session->tech_open(page);
        EXPECT_EQ(r.screen(), ScreenId::StaffHome);
    }
    r.session->tech_run_checks();
    r.session->tech_enter_maintenance();
    r.pump();
    EXPECT_TRUE(r.view().tech.report.checks.empty());
    EXPECT_FALSE(r.view().maintenance);

    Rig t;
    t.sign_in_with(5, "2580");
    t.session->staff_find_citizen();
    t.session->staff_open_queue();
    t.pump();
    EXPECT_EQ(t.screen(), ScreenId::TechDashboard);
    EXPECT_TRUE(t.view().staff.jobs.empty());
    // Nor the citizen's screens: a technician sees nobody's records.
    t.session->open_detail(0);
    t.session->select_tab(Tab::Termination);
    t.pump();
    EXPECT_EQ(t.screen(), ScreenId::TechDashboard);
    EXPECT_TRUE(t.view().list.rows.empty());
}

TEST(Roles, StaffSeeTheCitizensScreensOnlyOnceACitizenWasFound) {
    Rig r;
    r.sign_in_with(4, "1357");
    // Nothing of the citizen's screens answers without a looked-up citizen.
    r.session->open_detail(0);
    r.session->request_print(DocumentKind::Notification);
    r.session->select_tab(Tab::Termination);
    r.pump();
    EXPECT_EQ(r.screen(), ScreenId::StaffHome);
    EXPECT_TRUE(r.view().list.rows.empty());
}
