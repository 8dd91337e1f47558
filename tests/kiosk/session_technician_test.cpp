// Technician mode of the session (kiosk/src/session_technician.cpp): the checks on the
// simulated devices, with faults showing as failed checks with their reason; the test page,
// touch grid, display patterns and card read test; maintenance; no personal data.
#include "kiosk/log.hpp"
#include "session_rig.hpp"

using namespace kiosk;
using namespace std::chrono_literals;
using kiosk::test::k_fin;
using kiosk::test::k_surname;
using kiosk::test::k_tech_fin;
using kiosk::test::RecordingAudit;
using kiosk::test::Rig;

namespace {

void sign_in_technician(Rig& r) {
    r.sign_in_with(5, "2580");
    ASSERT_EQ(r.screen(), ScreenId::TechDashboard);
}

const Check& check(const Rig& r, std::string_view id) {
    const Check* c = r.view().tech.report.find(id);
    EXPECT_NE(c, nullptr) << id;
    static const Check none;
    return c ? *c : none;
}

} // namespace

TEST(Technician, TheDashboardRunsEveryCheckOnTheDevices) {
    Rig r;
    sign_in_technician(r);
    const TechVM& t = r.view().tech;
    EXPECT_FALSE(t.running);
    EXPECT_EQ(t.report.kiosk_id, "TEST-01");
    EXPECT_EQ(t.report.version, "9.9.9");
    for (std::string_view id : k_check_ids)
        EXPECT_NE(t.report.find(id), nullptr) << id;
    EXPECT_EQ(check(r, "printer").verdict, Verdict::Pass);
    EXPECT_EQ(check(r, "printer").fact("device"), "simulator");
    EXPECT_EQ(check(r, "card_reader").verdict, Verdict::Pass);
    EXPECT_EQ(check(r, "card_reader").fact("readers"), "Simulator reader [card]");
    EXPECT_EQ(check(r, "card_reader").fact("counter.cards_read"), "1");
    EXPECT_EQ(check(r, "store").verdict, Verdict::Pass);
    EXPECT_EQ(check(r, "store").fact("rows.person"), "2");
    EXPECT_EQ(check(r, "integrity").verdict, Verdict::Pass);
    EXPECT_EQ(check(r, "disk").verdict, Verdict::Pass);
    // No sync module: said, and the store's feed cursor and quarantine shown instead.
    EXPECT_EQ(check(r, "sync").verdict, Verdict::NotRun);
    EXPECT_EQ(check(r, "sync").reason, "sync_not_configured");
    EXPECT_FALSE(check(r, "sync").fact("feed_cursor").empty());
    EXPECT_EQ(check(r, "sync").fact("quarantine"), "0");
    EXPECT_EQ(check(r, "config").fact("config.registry.client_key"), "(hidden)");
    // The interactive checks wait for the technician.
    for (std::string_view id : {"touch", "display", "card_read_test", "printer_test_page"}) {
        EXPECT_EQ(check(r, id).verdict, Verdict::NotRun) << id;
        EXPECT_EQ(check(r, id).reason, "test_not_run") << id;
    }
    EXPECT_EQ(t.report.overall(), Verdict::Pass);
}

TEST(Technician, AFaultyPrinterFailsItsCheckWithTheReason) {
    struct Case {
        PrinterReason fault;
        const char* reason;
    };
    for (const Case& c : {Case{PrinterReason::MediaEmpty, "printer_media_empty"},
                          Case{PrinterReason::MediaJam, "printer_media_jam"},
                          Case{PrinterReason::DoorOpen, "printer_door_open"},
                          Case{PrinterReason::Offline, "printer_offline"}}) {
        Rig r;
        sign_in_technician(r);
        r.printer->set_fault(c.fault, true);
        r.pump();
        r.session->tech_run_checks();
        r.pump();
        EXPECT_EQ(check(r, "printer").verdict, Verdict::Fail) << c.reason;
        EXPECT_EQ(check(r, "printer").reason, c.reason);
        EXPECT_EQ(check(r, "printer").fact("state"), "stopped");
        EXPECT_EQ(r.view().tech.report.overall(), Verdict::Fail);
        // The test page fails with the same reason (and does not wait in the queue).
        r.session->tech_open(ScreenId::TechPrinter);
        r.session->tech_print_test_page();
        r.pump();
        EXPECT_EQ(check(r, "printer_test_page").verdict, Verdict::Fail);
        EXPECT_EQ(check(r, "printer_test_page").reason, c.reason);
        // And it is audited as a device fault.
        auto faults = r.audit.of("device.fault");
        ASSERT_FALSE(faults.empty());
        EXPECT_EQ(RecordingAudit::text(*faults.back(), "device"), "printer");
    }
    // Toner low is a warning, not a failure.
    Rig r;
    sign_in_technician(r);
    r.printer->set_fault(PrinterReason::TonerLow, true);
    r.session->tech_run_checks();
    r.pump();
    EXPECT_EQ(check(r, "printer").verdict, Verdict::Pass);
    ASSERT_EQ(check(r, "printer").warnings.size(), 1u);
    EXPECT_EQ(check(r, "printer").warnings[0], "toner_low");
    EXPECT_TRUE(r.audit.of("device.fault").empty());
}

TEST(Technician, TheTestPagePrintsAndIsCounted) {
    Rig r;
    sign_in_technician(r);
    r.session->tech_print_test_page(); // only on the printer's page
    r.pump();
    EXPECT_EQ(check(r, "printer_test_page").verdict, Verdict::NotRun);
    r.session->tech_open(ScreenId::TechPrinter);
    r.session->tech_print_test_page();
    r.pump();
    EXPECT_EQ(check(r, "printer_test_page").verdict, Verdict::Pass);
    EXPECT_FALSE(r.view().tech.test_page_running);
    r.session->tech_run_checks();
    r.pump();
    EXPECT_EQ(check(r, "printer").fact("counter.pages_printed"), "1");
    EXPECT_EQ(check(r, "printer_test_page").verdict, Verdict::Pass); // kept across runs
    auto actions = r.audit.of("technician.action");
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0]->actor_fin, k_tech_fin);
    EXPECT_EQ(RecordingAudit::text(*actions[0], "action"), "test_page");
    EXPECT_EQ(RecordingAudit::text(*actions[0], "result"), "pass");
}

TEST(Technician, TheLinkAsTheSyncModuleReportsIt) {
    Rig r;
    r.link.facts.sync_configured = true;
    r.link.facts.online = false;
    r.link.facts.last_error = "net_timeout";
    r.link.facts.cursor = 120;
    r.link.facts.head = 5200;
    r.link.facts.lag = 5080;
    r.link.facts.outbox_pending = 7;
    r.link.facts.quarantined = 2;
    sign_in_technician(r);
    EXPECT_EQ(check(r, "network").verdict, Verdict::Fail);
    EXPECT_EQ(check(r, "network").reason, "net_timeout");
    EXPECT_EQ(check(r, "sync").verdict, Verdict::Fail);
    EXPECT_EQ(check(r, "sync").fact("lag"), "5080");
    EXPECT_EQ(check(r, "sync").fact("outbox_pending"), "7");
    EXPECT_EQ(check(r, "sync").warnings, std::vector<std::string>{"quarantine_not_empty"});
    // Sync now goes to the sync module, from the network page only.
    r.session->tech_sync_now();
    EXPECT_EQ(r.link.sync_requests, 0);
    r.session->tech_open(ScreenId::TechNetwork);
    r.session->tech_sync_now();
    EXPECT_EQ(r.link.sync_requests, 1);
    EXPECT_TRUE(r.view().tech.sync_requested);
    // Back online and caught up.
    r.link.facts.online = true;
    r.link.facts.last_error.clear();
    r.link.facts.lag = 0;
    r.session->tech_run_checks();
    r.pump();
    EXPECT_EQ(check(r, "network").verdict, Verdict::Pass);
    EXPECT_EQ(check(r, "sync").verdict, Verdict::Pass);
}

TEST(Technician, TouchGridPassesOnlyWhenEveryCellWasHit) {
    Rig r;
    sign_in_technician(r);
    r.session->tech_touch_cell(0); // not on its page
    EXPECT_EQ(r.view().tech.touch.hits(), 0);
    r.session->tech_open(ScreenId::TechTouch);
    const int cells = TouchTestVM::k_cols * TouchTestVM::k_rows;
    for (int i = 0; i < cells - 1; ++i)
        r.session->tech_touch_cell(i);
    r.session->tech_touch_cell(0);     // twice
    r.session->tech_touch_cell(cells); // outside
    EXPECT_EQ(r.view().tech.touch.hits(), cells - 1);
    EXPECT_EQ(check(r, "touch").verdict, Verdict::NotRun);
    r.session->tech_touch_cell(cells - 1);
    EXPECT_EQ(check(r, "touch").verdict, Verdict::Pass);
    EXPECT_EQ(check(r, "touch").fact("cells"), "40 / 40");
    r.session->tech_touch_reset();
    EXPECT_EQ(check(r, "touch").verdict, Verdict::NotRun);
}

TEST(Technician, DisplayPatternsThenTheTechniciansVerdict) {
    Rig r;
    sign_in_technician(r);
    r.session->tech_open(ScreenId::TechDisplay);
    r.session->tech_display_start();
    for (int p = 0; p < k_display_patterns; ++p) {
        EXPECT_EQ(r.view().tech.display_pattern, p);
        r.session->tech_display_verdict(true); // not while a pattern shows
        r.session->tech_display_next();
    }
    EXPECT_EQ(r.view().tech.display_pattern, -1);
    EXPECT_EQ(check(r, "display").verdict, Verdict::NotRun);
    r.session->tech_display_verdict(false);
    EXPECT_EQ(check(r, "display").verdict, Verdict::Fail);
    EXPECT_EQ(check(r, "display").reason, "display_faulty");
    r.session->tech_display_verdict(true);
    EXPECT_EQ(check(r, "display").verdict, Verdict::Pass);
}

TEST(Technician, CardReadTestReadsAnyCardAndKeepsNothingOfItsHolder) {
    Rig r;
    sign_in_technician(r);
    r.session->tech_open(ScreenId::TechCard);
    r.session->tech_card_test_start();
    EXPECT_EQ(r.view().tech.card.step, CardTestVM::Step::RemoveOwnCard);
    // Other pages wait until the test is over.
    r.session->tech_open(ScreenId::TechDashboard);
    EXPECT_EQ(r.screen(), ScreenId::TechCard);
    r.card->remove();
    r.pump();
    EXPECT_EQ(r.view().mode, Mode::Technician); // the technician's card left, the mode stays for the test
    EXPECT_EQ(r.view().tech.card.step, CardTestVM::Step::InsertTestCard);
    r.card->insert(0); // a citizen's card
    r.pump();
    EXPECT_EQ(r.view().mode, Mode::Technician);
    EXPECT_EQ(r.screen(), ScreenId::TechCard);
    EXPECT_EQ(r.view().tech.card.step, CardTestVM::Step::RemoveTestCard);
    const Check& c = check(r, "card_read_test");
    EXPECT_EQ(c.verdict, Verdict::Pass);
    EXPECT_EQ(c.fact("role"), "citizen");
    EXPECT_EQ(c.fact("trusted"), "yes");
    // Nothing of whose card it was.
    std::string d = r.session->dump();
    EXPECT_EQ(d.find(k_fin), std::string::npos);
    EXPECT_EQ(d.find(k_surname), std::string::npos);
    EXPECT_EQ(d.find("Aynur"), std::string::npos);
    EXPECT_TRUE(r.view().list.rows.empty());
    r.card->remove();
    r.pump();
    EXPECT_EQ(r.view().tech.card.step, CardTestVM::Step::ReturnOwnCard);
    r.card->insert(5); // the technician's own card: no PIN again
    r.pump();
    EXPECT_EQ(r.view().mode, Mode::Technician);
    EXPECT_EQ(r.view().tech.card.step, CardTestVM::Step::Idle);
    EXPECT_EQ(r.screen(), ScreenId::TechCard);
    // The live events, in order.
    std::string events;
    for (const auto& e : r.view().tech.card.events)
        events += e.substr(e.find(' ') + 1) + ",";
    EXPECT_EQ(events, "test_started,card_removed,card_inserted,card_read,card_removed,card_inserted,"
                      "technician_card_back,");
    auto actions = r.audit.of("technician.action");
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(RecordingAudit::text(*actions[0], "action"), "card_read_test");
    EXPECT_TRUE(actions[0]->subject_fin.empty()); // the test card's holder is nobody's business
}

TEST(Technician, CardReadTestFailsWithTheCardsReason) {
    struct Case {
        std::size_t card;
        const char* reason;
    };
    for (const Case& c : {Case{2, "untrusted_ca"}, Case{3, "card_mute"}}) {
        Rig r;
        sign_in_technician(r);
        r.session->tech_open(ScreenId::TechCard);
        r.session->tech_card_test_start();
        r.card->remove();
        r.pump();
        r.card->insert(c.card);
        r.pump();
        EXPECT_EQ(check(r, "card_read_test").verdict, Verdict::Fail) << c.reason;
        EXPECT_EQ(check(r, "card_read_test").reason, c.reason);
        EXPECT_EQ(r.view().tech.report.overall(), Verdict::Fail);
    }
}

TEST(Technician, AnUnpluggedReaderFailsTheReaderCheck) {
    Rig r;
    sign_in_technician(r);
    r.session->tech_open(ScreenId::TechCard);
    r.session->tech_card_test_start();
    r.card->remove();
    r.pump();
    r.card->set_reader_available(false);
    r.pump();
    r.session->tech_run_checks();
    r.pump();
    EXPECT_EQ(check(r, "card_reader").verdict, Verdict::Fail);
    EXPECT_EQ(check(r, "card_reader").reason, "no_reader");
    EXPECT_EQ(check(r, "card_reader").fact("readers"), "—");
    EXPECT_NE(r.view().tech.card.events.back().find("reader_unavailable"), std::string::npos);
    auto faults = r.audit.of("device.fault");
    ASSERT_EQ(faults.size(), 1u);
    EXPECT_EQ(RecordingAudit::text(*faults[0], "device"), "card_reader");
    r.card->set_reader_available(true);
    r.pump();
    EXPECT_EQ(r.audit.of("device.recovered").size(), 1u);
}

TEST(Technician, OnlyTheTechniciansOwnCardContinuesAfterTheTest) {
    for (std::size_t other : {std::size_t{6}, std::size_t{0}}) { // another technician, a citizen
        Rig r;
        sign_in_technician(r);
        r.session->tech_open(ScreenId::TechCard);
        r.session->tech_card_test_start();
        r.card->remove();
        r.pump();
        r.card->insert(0);
        r.pump();
        r.card->remove();
        r.pump();
        ASSERT_EQ(r.view().tech.card.step, CardTestVM::Step::ReturnOwnCard);
        r.card->insert(other);
        r.pump();
        EXPECT_EQ(r.view().mode, Mode::None) << other;
        EXPECT_EQ(r.screen(), ScreenId::CardError) << other;
        EXPECT_EQ(r.view().card_error, "technician_card_expected");
        EXPECT_TRUE(r.view().tech.report.checks.empty());
        r.card->remove();
        r.pump();
        EXPECT_EQ(r.screen(), ScreenId::Welcome);
    }
}

TEST(Technician, TheCardTestHasATimeLimit) {
    Rig r;
    sign_in_technician(r);
    r.session->tech_open(ScreenId::TechCard);
    r.session->tech_card_test_start();
    r.card->remove();
    r.pump();
    // The technician walked away without their card: the mode ends (and the idle timeout would too).
    r.advance(60s);
    r.session->touch();
    r.advance(61s);
    EXPECT_EQ(r.view().mode, Mode::None);
    EXPECT_EQ(r.screen(), ScreenId::Welcome);
}

TEST(Technician, CancelingTheTestWithTheCardOutEndsTheMode) {
    Rig r;
    sign_in_technician(r);
    r.session->tech_open(ScreenId::TechCard);
    r.session->tech_card_test_start();
    r.session->tech_card_test_cancel(); // the card is still in: back to normal
    EXPECT_EQ(r.view().tech.card.step, CardTestVM::Step::Idle);
    EXPECT_EQ(r.view().mode, Mode::Technician);
    r.session->tech_card_test_start();
    r.card->remove();
    r.pump();
    r.session->tech_card_test_cancel();
    EXPECT_EQ(r.view().mode, Mode::None);
}

TEST(Technician, NoPersonalDataInTheDumpOrTheLog) {
    set_log_stderr(false);
    clear_log();
    Rig r;
    // A citizen's session first: its events go to the log.
    r.sign_in();
    r.print_notification(0, true);
    r.card->remove();
    r.pump();
    r.log = recent_log_lines();
    ASSERT_FALSE(r.log.empty());
    sign_in_technician(r);
    r.session->tech_open(ScreenId::TechLog);
    ASSERT_FALSE(r.view().tech.log_lines.empty());
    std::string d = r.session->dump();
    for (const char* personal : {k_fin, k_surname, "Aynur", "Rauf", kiosk::test::k_staff_fin})
        EXPECT_EQ(d.find(personal), std::string::npos) << personal << "\n" << d;
    for (const std::string& line : r.view().tech.log_lines)
        EXPECT_EQ(line.find(k_fin), std::string::npos) << line;
    EXPECT_NE(d.find("log="), std::string::npos);
    set_log_stderr(true);
}

TEST(Technician, MaintenanceTurnsEverybodyButTechniciansAway) {
    Rig r;
    sign_in_technician(r);
    r.session->tech_enter_maintenance(); // only from the confirmation dialog
    EXPECT_FALSE(r.view().maintenance);
    r.session->tech_confirm_maintenance(true);
    r.session->tech_enter_maintenance();
    EXPECT_TRUE(r.view().maintenance);
    r.session->finish();
    EXPECT_EQ(r.screen(), ScreenId::TakeCard);
    r.card->remove();
    r.pump();
    EXPECT_EQ(r.screen(), ScreenId::Maintenance);
    // Nobody walks in: the maintenance screen stays (no attract, no welcome).
    r.advance(120s);
    EXPECT_EQ(r.screen(), ScreenId::Maintenance);
    for (std::size_t card : {std::size_t{0}, std::size_t{4}}) {
        r.card->insert(card);
        r.pump();
        EXPECT_EQ(r.screen(), ScreenId::CardError) << card;
        EXPECT_EQ(r.view().card_error, "kiosk_maintenance");
        EXPECT_EQ(r.view().mode, Mode::None);
        r.card->remove();
        r.pump();
        EXPECT_EQ(r.screen(), ScreenId::Maintenance);
    }
    sign_in_technician(r);
    r.session->tech_leave_maintenance();
    EXPECT_FALSE(r.view().maintenance);
    r.session->finish();
    r.card->remove();
    r.pump();
    EXPECT_EQ(r.screen(), ScreenId::Welcome);
    EXPECT_EQ(r.audit.of("maintenance.started").size(), 1u);
    EXPECT_EQ(r.audit.of("maintenance.ended").size(), 1u);
    EXPECT_EQ(r.audit.of("identification.failed").size(), 2u);
}

TEST(Technician, StoppingTheKioskNeedsTheConfirmation) {
    Rig r;
    sign_in_technician(r);
    r.session->tech_stop_kiosk();
    EXPECT_FALSE(r.view().stop_requested);
    r.session->tech_confirm_stop(true);
    r.session->tech_stop_kiosk();
    EXPECT_TRUE(r.view().stop_requested);
    EXPECT_EQ(r.view().mode, Mode::None);
    EXPECT_EQ(r.screen(), ScreenId::TakeCard);
    ASSERT_EQ(r.audit.of("kiosk.stop_requested").size(), 1u);
    EXPECT_EQ(r.audit.of("kiosk.stop_requested")[0]->actor_fin, k_tech_fin);
}

TEST(Technician, TheReportPrintsOrSaysWhyNot) {
    Rig r;
    sign_in_technician(r);
    r.session->tech_print_report();
    r.pump();
    ASSERT_TRUE(r.view().tech.report_printed);
    EXPECT_EQ(r.view().tech.report_printed->verdict, Verdict::Pass);
    r.printer->set_fault(PrinterReason::MediaEmpty, true);
    r.session->tech_print_report();
    r.pump();
    EXPECT_EQ(r.view().tech.report_printed->verdict, Verdict::Fail);
    EXPECT_EQ(r.view().tech.report_printed->reason, "printer_media_empty");
    EXPECT_EQ(r.audit.of("technician.action").size(), 2u);
}

TEST(Technician, RemovingTheTechniciansCardEndsTheMode) {
    Rig r;
    sign_in_technician(r);
    r.session->tech_open(ScreenId::TechStorage);
    r.card->remove();
    r.pump();
    EXPECT_EQ(r.view().mode, Mode::None);
    EXPECT_EQ(r.screen(), ScreenId::Welcome);
    EXPECT_TRUE(r.view().tech.report.checks.empty());
    auto ended = r.audit.of("session.ended");
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(RecordingAudit::text(*ended[0], "mode"), "technician");
}
