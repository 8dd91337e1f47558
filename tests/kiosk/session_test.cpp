// The citizen's session state machine, without rendering: the real data worker on the
// sample replica and the simulator's devices, all inline (deterministic), a manual clock.
#include "session_rig.hpp"

#include <set>

using namespace kiosk;
using namespace std::chrono_literals;
using kiosk::test::k_fin;
using kiosk::test::k_surname;
using kiosk::test::Rig;
using kiosk::test::sample_store;

TEST(Session, StartsOnWelcomeWithDeviceStatus) {
    Rig r;
    EXPECT_EQ(r.screen(), ScreenId::Welcome);
    EXPECT_TRUE(r.view().status.store_ok);
    EXPECT_TRUE(r.view().status.reader_available);
    EXPECT_TRUE(r.view().status.printer.ready());
    EXPECT_EQ(r.view().status.kiosk_id, "TEST-01");
}

TEST(Session, FullJourney) {
    Rig r;
    r.session->choose_language(Lang::En);
    r.card->insert(0);
    r.pump_one(); // CardInserted
    EXPECT_EQ(r.screen(), ScreenId::ReadingCard);
    r.pump();
    ASSERT_EQ(r.screen(), ScreenId::Pin);
    EXPECT_EQ(r.view().pin.tries_left, 3);
    r.session->pin_digit(1);
    r.session->pin_digit(2);
    EXPECT_EQ(r.view().pin.digits, 2);
    r.session->pin_submit(); // too short
    EXPECT_EQ(r.view().pin.message_key, "pin.too_short");
    r.session->pin_digit(3);
    r.session->pin_digit(4);
    r.session->pin_submit();
    r.pump();
    ASSERT_EQ(r.screen(), ScreenId::Notifications);
    const NotificationsVM& l = r.view().list;
    EXPECT_EQ(l.holder_name, std::string(k_surname) + " Aynur Rauf qızı");
    EXPECT_FALSE(l.loading);
    EXPECT_EQ(l.total, static_cast<std::int64_t>(l.rows.size()));
    EXPECT_GT(l.rows.size(), 0u);
    EXPECT_FALSE(l.employers.empty());
    EXPECT_FALSE(l.kinds.empty());
    for (const auto& k : l.kinds)
        EXPECT_NE(k.code, "termination");
    EXPECT_FALSE(l.data_as_of.empty());
    EXPECT_EQ(r.view().lang, Lang::En); // the language chosen on the welcome screen stays
    for (const auto& row : l.rows)
        EXPECT_NE(row.kind, "termination");

    // Termination tab and its filters.
    r.session->select_tab(Tab::Termination);
    r.pump();
    ASSERT_EQ(l.tab, Tab::Termination);
    ASSERT_EQ(l.rows.size(), 1u);
    EXPECT_EQ(l.rows[0].kind, "termination");
    std::string reason = l.rows[0].reason;
    r.session->set_reason("69.zz");
    r.pump();
    EXPECT_TRUE(l.rows.empty());
    EXPECT_TRUE(l.filters.any());
    r.session->clear_filters();
    r.pump();
    EXPECT_EQ(l.rows.size(), 1u);
    r.session->set_reason(reason);
    r.pump();
    EXPECT_EQ(l.rows.size(), 1u);

    // Back on the first tab its filters are its own (none set).
    r.session->select_tab(Tab::Contracts);
    r.pump();
    EXPECT_FALSE(l.filters.any());
    r.session->set_employer(l.employers.front().sun);
    r.pump();
    for (const auto& row : l.rows)
        EXPECT_EQ(row.employer_sun, l.employers.front().sun);
    r.session->set_period("2000-01-01", "1990-01-01"); // reversed: swapped
    r.pump();
    EXPECT_EQ(l.filters.from, "1990-01-01");
    r.session->clear_filters();
    r.pump();

    // Detail.
    r.session->open_detail(0);
    EXPECT_EQ(r.screen(), ScreenId::Detail);
    r.pump();
    ASSERT_TRUE(r.view().detail.detail.has_value());
    const DetailView& d = *r.view().detail.detail;
    EXPECT_EQ(d.number, l.rows[0].number);
    std::set<std::string> sections;
    for (const auto& s : d.sections)
        sections.insert(s.title_key);
    EXPECT_TRUE(sections.contains("detail.section.notification"));
    EXPECT_TRUE(sections.contains("detail.section.employer"));
    EXPECT_TRUE(sections.contains("detail.section.employee"));
    EXPECT_TRUE(sections.contains("detail.section.contract"));
    EXPECT_TRUE(sections.contains("detail.section.signature"));

    // Print: preview -> confirm -> printing -> done.
    r.session->request_print(DocumentKind::Notification);
    EXPECT_EQ(r.screen(), ScreenId::PrintPreview);
    r.pump();
    EXPECT_FALSE(r.view().print.preview_loading);
    EXPECT_EQ(r.view().print.preview.pages, 2);
    EXPECT_EQ(r.view().print.preview.copy_number, 1);
    r.session->print_continue();
    EXPECT_EQ(r.screen(), ScreenId::PrintConfirm);
    r.session->print_confirm();
    r.pump();
    ASSERT_EQ(r.screen(), ScreenId::PrintResult);
    EXPECT_EQ(r.view().print.state, JobState::Completed);
    EXPECT_EQ(r.view().print.pages_printed, 2);
    EXPECT_EQ(r.printer->jobs_completed(), 1);

    // A second print of the same document is a copy.
    r.session->back();
    EXPECT_EQ(r.screen(), ScreenId::Detail);
    r.session->request_print(DocumentKind::Notification);
    r.pump();
    EXPECT_EQ(r.view().print.preview.copy_number, 2);
    r.session->back();

    // Finish: wiped at once, "take your card" until it is taken.
    r.session->finish();
    EXPECT_EQ(r.screen(), ScreenId::TakeCard);
    EXPECT_EQ(r.session->last_end_reason(), EndReason::Finished);
    r.expect_wiped();
    r.card->remove();
    r.pump();
    EXPECT_EQ(r.screen(), ScreenId::Welcome);
}

TEST(Session, IdleWarningThenEnd) {
    Rig r;
    r.sign_in();
    r.advance(59s);
    EXPECT_FALSE(r.view().idle_warning_seconds);
    r.advance(1s);
    ASSERT_TRUE(r.view().idle_warning_seconds);
    EXPECT_EQ(*r.view().idle_warning_seconds, 30);
    // A touch keeps the session.
    r.session->touch();
    EXPECT_FALSE(r.view().idle_warning_seconds);
    r.advance(60s);
    r.advance(29s);
    ASSERT_TRUE(r.view().idle_warning_seconds);
    EXPECT_EQ(*r.view().idle_warning_seconds, 1);
    auto deadline = r.session->next_deadline();
    ASSERT_TRUE(deadline);
    EXPECT_LE(*deadline - r.now, 1s);
    r.advance(1s);
    EXPECT_EQ(r.screen(), ScreenId::TakeCard);
    EXPECT_EQ(r.session->last_end_reason(), EndReason::IdleTimeout);
    r.expect_wiped();
    // Nobody takes the card: back to welcome after the configured time.
    r.advance(21s);
    EXPECT_EQ(r.screen(), ScreenId::Welcome);
}

TEST(Session, ConfigurableTimeouts) {
    Rig r;
    SessionConfig c;
    c.idle_warning = 5s;
    c.idle_end = 8s;
    r.session = std::make_unique<Session>(c, r.services(), [&r] { return r.now; });
    r.sign_in();
    r.advance(5s);
    ASSERT_TRUE(r.view().idle_warning_seconds);
    EXPECT_EQ(*r.view().idle_warning_seconds, 3);
    r.advance(3s);
    EXPECT_EQ(r.screen(), ScreenId::TakeCard);
}

TEST(Session, CardRemovalEndsAtOnceOnEveryScreen) {
    auto check = [](const std::function<void(Rig&)>& reach, ScreenId expected) {
        Rig r;
        r.session->choose_language(Lang::Ru);
        reach(r);
        ASSERT_EQ(r.screen(), expected) << screen_name(expected);
        r.card->remove();
        r.pump();
        EXPECT_EQ(r.screen(), ScreenId::Welcome) << screen_name(expected);
        EXPECT_EQ(r.session->last_end_reason(), EndReason::CardRemoved);
        r.expect_wiped();
    };
    check(
        [](Rig& r) {
            r.card->insert(0);
            r.pump();
            r.session->pin_digit(1);
        },
        ScreenId::Pin);
    check([](Rig& r) { r.sign_in(); }, ScreenId::Notifications);
    check(
        [](Rig& r) {
            r.sign_in();
            r.session->set_kind("amendment");
            r.pump();
        },
        ScreenId::Notifications);
    check(
        [](Rig& r) {
            r.sign_in();
            r.session->open_detail(0);
            r.pump();
        },
        ScreenId::Detail);
    check(
        [](Rig& r) {
            r.sign_in();
            r.session->open_detail(0);
            r.pump();
            r.session->request_print(DocumentKind::Notification);
            r.pump();
        },
        ScreenId::PrintPreview);
    check(
        [](Rig& r) {
            r.sign_in();
            r.printer->set_fault(PrinterReason::MediaEmpty, true);
            r.print_notification(0, true);
        },
        ScreenId::Printing);
}

TEST(Session, WrongPinToBlocked) {
    Rig r;
    r.card->insert(0);
    r.pump();
    r.type_pin("9999");
    EXPECT_EQ(r.screen(), ScreenId::Pin);
    EXPECT_EQ(r.view().pin.message_key, "pin.wrong");
    EXPECT_EQ(r.view().pin.tries_left, 2);
    EXPECT_EQ(r.view().pin.digits, 0);
    r.type_pin("8888");
    EXPECT_EQ(r.view().pin.tries_left, 1);
    r.type_pin("7777");
    EXPECT_EQ(r.screen(), ScreenId::CardError);
    EXPECT_EQ(r.view().card_error, "card_blocked");
    r.session->finish();
    EXPECT_EQ(r.screen(), ScreenId::TakeCard);
    r.card->remove();
    r.pump();
    // The card stays blocked: inserted again, it goes straight to the error.
    r.card->insert(0);
    r.pump();
    EXPECT_EQ(r.screen(), ScreenId::CardError);
    EXPECT_EQ(r.view().card_error, "card_blocked");
    r.expect_wiped();
}

TEST(Session, CardsThatCannotBeUsed) {
    Rig r;
    r.card->insert(1); // blocked
    r.pump();
    EXPECT_EQ(r.view().card_error, "card_blocked");
    r.card->insert(2); // untrusted (insert removes the other first)
    r.pump();
    EXPECT_EQ(r.screen(), ScreenId::CardError);
    EXPECT_EQ(r.view().card_error, "card_untrusted");
    r.card->remove();
    r.pump();
    r.card->insert(3); // mute
    r.pump();
    EXPECT_EQ(r.view().card_error, "card_mute");
    r.expect_wiped();
}

TEST(Session, PrinterFaultKeepsTheJobUntilReady) {
    Rig r;
    r.sign_in();
    r.session->open_detail(0);
    r.pump();
    r.printer->set_fault(PrinterReason::MediaEmpty, true);
    r.pump();
    EXPECT_FALSE(r.view().status.printer.ready());
    r.session->request_print(DocumentKind::Notification);
    r.pump();
    r.session->print_continue();
    r.session->print_confirm();
    r.pump();
    ASSERT_EQ(r.screen(), ScreenId::Printing);
    EXPECT_EQ(r.view().print.state, JobState::Held);
    EXPECT_TRUE(r.view().print.reasons & static_cast<std::uint32_t>(PrinterReason::MediaEmpty));
    // Idle time counts while held: the person may walk away.
    EXPECT_TRUE(r.session->next_deadline().has_value());
    r.printer->set_fault(PrinterReason::MediaEmpty, false);
    r.pump();
    EXPECT_EQ(r.screen(), ScreenId::PrintResult);
    EXPECT_EQ(r.view().print.state, JobState::Completed);
    // Toner low is only a warning.
    r.printer->set_fault(PrinterReason::TonerLow, true);
    r.pump();
    EXPECT_TRUE(r.view().status.printer.ready());
}

TEST(Session, HeldJobSurvivesTheSession) {
    Rig r;
    r.sign_in();
    r.session->open_detail(0);
    r.pump();
    r.printer->set_fault(PrinterReason::MediaJam, true);
    r.session->request_print(DocumentKind::Notification);
    r.pump();
    r.session->print_continue();
    r.session->print_confirm();
    r.pump();
    r.session->finish();
    r.expect_wiped();
    r.printer->set_fault(PrinterReason::MediaJam, false);
    r.pump();
    EXPECT_EQ(r.printer->jobs_completed(), 1);      // the queue printed it
    EXPECT_FALSE(r.session->holds_personal_data()); // and nothing came back into the view
}

TEST(Session, LateAnswersAfterTheEndAreDropped) {
    // A data source that answers only when told to.
    struct Deferred final : DataSource {
        std::vector<std::function<void()>> pending;
        DataSource* real;
        void overview(std::uint64_t t, const std::string& f, Lang l) override {
            pending.push_back([=, this] { real->overview(t, f, l); });
        }
        void search(std::uint64_t t, const SearchQuery& q) override {
            pending.push_back([=, this] { real->search(t, q); });
        }
        void detail(std::uint64_t t, const std::string& f, const std::string& id, Lang l) override {
            pending.push_back([=, this] { real->detail(t, f, id, l); });
        }
    };
    Rig r;
    Deferred deferred;
    deferred.real = r.data.get();
    SessionServices services = r.services();
    services.data = &deferred;
    r.session = std::make_unique<Session>(SessionConfig{}, services, [&r] { return r.now; });
    r.card->insert(0);
    r.pump();
    r.type_pin("1234");
    ASSERT_EQ(r.screen(), ScreenId::Notifications);
    EXPECT_TRUE(r.view().list.loading);
    r.card->remove();
    r.pump();
    for (auto& f : deferred.pending)
        f();
    r.pump();
    r.expect_wiped();
}

TEST(Session, WipeOnEveryExitPathResetsLanguageAndFilters) {
    for (EndReason path :
         {EndReason::Finished, EndReason::CardRemoved, EndReason::IdleTimeout, EndReason::Error}) {
        Rig r;
        r.session->choose_language(Lang::En);
        r.sign_in();
        r.session->set_kind("amendment");
        r.session->select_tab(Tab::Termination);
        r.session->set_contract_status(ContractStatusFilter::Ended);
        r.pump();
        r.session->select_tab(Tab::Contracts);
        r.session->open_detail(0);
        r.pump();
        ASSERT_TRUE(r.session->holds_personal_data());
        switch (path) {
        case EndReason::Finished:
            r.session->finish();
            break;
        case EndReason::CardRemoved:
            r.card->remove();
            break;
        case EndReason::IdleTimeout:
            r.advance(91s);
            break;
        case EndReason::Error:
            r.session->recover_from_error();
            break;
        default:
            break;
        }
        r.pump();
        EXPECT_EQ(r.session->last_end_reason(), path) << end_reason_name(path);
        r.expect_wiped();
        // The next person starts clean on the first tab.
        if (r.screen() == ScreenId::TakeCard || r.view().card_present) {
            r.card->remove();
            r.pump();
        }
        r.sign_in();
        EXPECT_EQ(r.view().list.tab, Tab::Contracts);
        EXPECT_FALSE(r.view().list.filters.any());
        EXPECT_EQ(r.view().lang, k_default_lang);
    }
}

TEST(Session, AttractAfterAWhileAndLanguageResets) {
    Rig r;
    r.session->choose_language(Lang::Ru);
    r.advance(44s);
    EXPECT_EQ(r.screen(), ScreenId::Welcome);
    r.advance(2s);
    EXPECT_EQ(r.screen(), ScreenId::Attract);
    EXPECT_EQ(r.view().lang, k_default_lang);
    r.session->wake();
    EXPECT_EQ(r.screen(), ScreenId::Welcome);
    // A card wakes it too.
    r.advance(46s);
    r.card->insert(0);
    r.pump();
    EXPECT_EQ(r.screen(), ScreenId::Pin);
}

TEST(Session, OutOfService) {
    Rig broken("/nonexistent/dir/kiosk.db");
    EXPECT_EQ(broken.screen(), ScreenId::OutOfService) << broken.session->dump();
    EXPECT_FALSE(broken.view().status.store_ok);

    Rig r;
    r.session->handle(DeviceEvent(ConnectivityChanged{false}));
    EXPECT_EQ(r.screen(), ScreenId::Welcome); // no network, but a card reader: it serves
    r.card->set_reader_available(false);
    r.pump();
    EXPECT_EQ(r.screen(), ScreenId::OutOfService);
    r.card->set_reader_available(true);
    r.pump();
    EXPECT_EQ(r.screen(), ScreenId::Welcome);
    r.card->set_reader_available(false);
    r.pump();
    EXPECT_EQ(r.screen(), ScreenId::OutOfService);
    r.session->handle(DeviceEvent(ConnectivityChanged{true}));
    EXPECT_EQ(r.screen(), ScreenId::Welcome);
}

TEST(Session, AsanImzaComesLaterAndLeadsBack) {
    Rig r;
    r.session->start_asan_imza();
    EXPECT_EQ(r.screen(), ScreenId::AsanImza);
    r.session->back();
    EXPECT_EQ(r.screen(), ScreenId::Welcome);
}

TEST(Session, LanguageChangeReloadsLabels) {
    Rig r;
    r.sign_in();
    std::string az = r.view().list.rows.at(0).kind_label;
    r.session->choose_language(Lang::En);
    r.pump();
    EXPECT_NE(r.view().list.rows.at(0).kind_label, az);
    EXPECT_TRUE(r.view().list.rows.at(0).kind_label.starts_with("Contract"));
}

TEST(Session, ScreenNamesRoundTrip) {
    for (int i = 0; i < k_screen_count; ++i) {
        auto s = static_cast<ScreenId>(i);
        EXPECT_EQ(parse_screen(screen_name(s)), s);
    }
}

TEST(Session, VersionChangesOnlyWhenSomethingChanged) {
    Rig r;
    auto v = r.session->version();
    r.session->tick();
    EXPECT_EQ(r.session->version(), v);
    r.session->choose_language(Lang::Ru);
    EXPECT_NE(r.session->version(), v);
}

TEST(DemoCards, ChosenFromTheReplica) {
    auto store = Store::open(sample_store(), OpenMode::ReadOnly);
    ASSERT_TRUE(store);
    auto c = demo_cards(**store);
    ASSERT_TRUE(c) << c.error().code;
    ASSERT_EQ(c->size(), 2u); // two people in the sample: as many cards
    EXPECT_EQ(c->at(0).pin, "1234");
    EXPECT_FALSE(c->at(0).identity.fin.empty());
}
