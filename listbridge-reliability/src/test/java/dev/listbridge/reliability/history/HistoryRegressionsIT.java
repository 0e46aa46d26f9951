package dev.listbridge.reliability.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.engine.config.AddressChangePolicy;
import dev.listbridge.engine.config.InboundPolicy;
import dev.listbridge.engine.config.LeavePolicy;
import dev.listbridge.engine.config.NewMemberPolicy;
import dev.listbridge.reliability.Figures;
import dev.listbridge.reliability.crm.CrmFaults;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every history that ever failed, shrunk, named after its seed and what it found; each runs with all checks.
 * Add the text a failing {@link HistoriesIT} prints here, with a name that says what broke.
 */
class HistoryRegressionsIT {
    private static final HistoryConfig DEFAULTS = HistoryConfig.DEFAULTS;
    private static Lab lab;

    @BeforeAll
    static void openLab() {
        lab = new Lab();
    }

    @AfterAll
    static void closeLab() {
        lab.close();
    }

    private static void assertHolds(HistoryConfig config, List<Step> steps) {
        HistoryRunner.Result result = HistoryRunner.run(lab, config, steps);
        HistoriesIT.record(result);
        assertThat(result.violations()).isEmpty();
    }

    /**
     * Seeds that failed a full run and have no shrunk history of their own here, replayed whole as the generator
     * draws them: the same cause as a named regression (docs/RELIABILITY.md names each), or, for 3746831575, a
     * shrunk history that did not fail again. A change to {@link HistoryGenerator} changes what these replay.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1023640592L, 1023640696L, 1023640743L, 1023640750L, 1023640754L, 1023641352L, 2814878896L,
            3746830868L, 3746831575L})
    void a_seed_that_failed_a_full_run_holds_replayed_whole(long seed) {
        assertHolds(HistoriesIT.configFor(seed), HistoryGenerator.generate(seed));
    }

    @Test
    void seed_1002_a_lower_key_sharing_an_address_pushes_its_fields_when_it_starts_to_consent() {
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.ARCHIVE, InboundPolicy.REPORT, NewMemberPolicy.PENDING), List.of(
                new Step(1, new Step.AddContact(true, 1, true, Step.AddressKind.FRESH, 46)),
                new Step(1, new Step.AddContact(false, 2, true, Step.AddressKind.FRESH, 48)),
                new Step(328, new Step.AddContact(true, 2, true, Step.AddressKind.OTHERS, 729)),
                new Step(9, new Step.Sync()),
                new Step(20, new Step.AddContact(true, 1, true, Step.AddressKind.FRESH, 616)),
                new Step(20, new Step.SetConsent(401, true))));
    }

    @Test
    void seed_59019580_tags_after_slow_and_refused_tag_calls() {
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.UNSUBSCRIBE, InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 53)),
                new Step(1, new Step.AddContact(false, 2, true, Step.AddressKind.FRESH, 5)),
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.OTHERS, 81)),
                new Step(1, new Step.AddContact(true, 0, false, Step.AddressKind.FRESH, 19)),
                new Step(1, new Step.AddContact(false, 1, false, Step.AddressKind.FRESH, 44)),
                new Step(1, new Step.AddContact(true, 0, false, Step.AddressKind.OTHERS, 39)),
                new Step(4, new Step.Sync()),
                new Step(9, new Step.ToolFault(3, 5, 2)),
                new Step(4, new Step.ChangeAddress(38, Step.AddressKind.OTHERS, 865)),
                new Step(18, new Step.ToolFault(3, 4, 2)),
                new Step(356, new Step.SetConsent(882, false)),
                new Step(2, new Step.AddContact(true, 2, true, Step.AddressKind.OTHERS, 439)),
                new Step(123613, new Step.Sync()),
                new Step(1, new Step.SetConsent(651, true))));
    }

    @Test
    void seed_59020075_two_contacts_created_from_signups_that_the_crm_gives_one_address_were_created_for_two() {
        assertHolds(new HistoryConfig(AddressChangePolicy.TRANSFER, LeavePolicy.KEEP, InboundPolicy.CREATE, NewMemberPolicy.PENDING), List.of(
                new Step(166, new Step.Sync()),
                new Step(292, new Step.Signup(0, 347)),
                new Step(6, new Step.Signup(0, 553)),
                new Step(18, new Step.Sync()),
                new Step(10, new Step.ChangeAddress(335, Step.AddressKind.OTHERS, 407))));
    }

    @Test
    void seed_2052_an_address_changed_in_the_tool_moves_the_member_and_reaches_the_crm() {
        assertHolds(DEFAULTS, List.of(
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 94)),
                new Step(2, new Step.Sync()),
                new Step(15, new Step.ChangeAddressInTool(759))));
    }

    @Test
    void seed_2072_an_address_changed_in_the_tool_creates_no_second_contact_under_inbound_create() {
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.UNSUBSCRIBE, InboundPolicy.CREATE, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 1)),
                new Step(2, new Step.Sync()),
                new Step(30, new Step.ChangeAddressInTool(0)),
                new Step(5, new Step.Sync()),
                new Step(5, new Step.EditName(0, "Ida"))));
    }

    @Test
    void seed_3030_a_shared_address_changed_in_the_tool_is_reported_and_creates_no_contact() {
        assertHolds(new HistoryConfig(AddressChangePolicy.TRANSFER, LeavePolicy.UNSUBSCRIBE, InboundPolicy.CREATE, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 85)),
                new Step(1, new Step.AddContact(true, 1, true, Step.AddressKind.OTHERS, 56)),
                new Step(2, new Step.Sync()),
                new Step(2, new Step.ChangeAddressInTool(856))));
    }

    @Test
    void seed_3087_a_complaint_pulled_after_the_recipients_later_signup_does_not_undo_it() {
        assertHolds(DEFAULTS, List.of(
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 37)),
                new Step(20, new Step.Sync()),
                new Step(12, new Step.Complain(536)),
                new Step(31, new Step.Signup(3, 907))));
    }

    @Test
    void seed_4022_an_upsert_waiting_as_a_dead_letter_is_not_replayed_after_a_complaint() {
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.KEEP, InboundPolicy.REPORT, NewMemberPolicy.PENDING), List.of(
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 92)),
                new Step(20, new Step.Sync()),
                new Step(3, new Step.Confirm(353)),
                new Step(10, new Step.EditName(39, "Gil")),
                new Step(273, new Step.RefuseMember(659)),
                new Step(16, new Step.Sync()),
                new Step(15, new Step.Complain(623))));
    }

    @Test
    void seed_4128_a_subscribe_whose_answers_were_cut_is_not_replayed_after_the_recipient_unsubscribed() {
        assertHolds(DEFAULTS, List.of(
                new Step(16, new Step.ToolFault(0, 7, 4)),
                new Step(15, new Step.AddContact(true, 1, true, Step.AddressKind.CASE_ONLY, 298)),
                new Step(18, new Step.Sync()),
                new Step(3, new Step.Unsubscribe(126))));
    }

    @Test
    void seed_4115_a_complaint_of_a_contact_deleted_since_is_written_back_under_a_100_percent_guard() {
        assertHolds(DEFAULTS, List.of(
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 20)),
                new Step(2, new Step.Sync()),
                new Step(135251, new Step.Complain(280)),
                new Step(288, new Step.DeleteContact(243))));
    }

    @Test
    void seed_4068_a_tag_created_while_its_answer_was_cut_is_found_on_the_replay() {
        assertHolds(DEFAULTS, List.of(
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 73)),
                new Step(27, new Step.Sync()),
                new Step(338826, new Step.Unsubscribe(663)),
                new Step(8, new Step.ToolFault(3, 7, 1)),
                new Step(221, new Step.AddContact(true, 1, true, Step.AddressKind.OTHERS, 608)),
                new Step(4, new Step.Sync())));
    }

    @Test
    void a_connection_drop_after_the_write_back_commit_applies_it_once_in_effect() {
        assertHolds(DEFAULTS, List.of(
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 1)),
                new Step(2, new Step.Sync()),
                new Step(5, new Step.Unsubscribe(0)),
                new Step(1, new Step.CrmFault(CrmFaults.Kind.DROP_AFTER_COMMIT, 0)),
                new Step(5, new Step.Sync())));
    }

    @Test
    void seed_6118_an_archive_waiting_as_a_dead_letter_leaves_an_address_alone_once_it_is_released() {
        assertHolds(new HistoryConfig(AddressChangePolicy.DROP, LeavePolicy.ARCHIVE, InboundPolicy.CREATE, NewMemberPolicy.PENDING), List.of(
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.OTHERS, 69)),
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 59)),
                new Step(18, new Step.AddContact(false, 0, true, Step.AddressKind.FRESH, 22)),
                new Step(371, new Step.Sync()),
                new Step(12, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 674)),
                new Step(302236, new Step.DeleteContact(604)),
                new Step(12, new Step.Sync()),
                new Step(264, new Step.Confirm(408))));
    }

    @Test
    void seed_6099_a_complaint_pulled_after_the_recipient_came_back_and_confirmed_does_not_undo_it() {
        assertHolds(new HistoryConfig(AddressChangePolicy.TRANSFER, LeavePolicy.UNSUBSCRIBE, InboundPolicy.CREATE, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 1, true, Step.AddressKind.OTHERS, 70)),
                new Step(2, new Step.Sync()),
                new Step(395, new Step.Complain(719)),
                new Step(12, new Step.Signup(3, 789)),
                new Step(3, new Step.Confirm(101))));
    }

    @Test
    void seed_3848439955_a_deleted_contacts_key_is_never_given_to_a_new_contact() {
        // The generator gave a new contact the key of one deleted before (MAX(id) + 1): its 'confirmed' write-back,
        // applied to no row while the key was gone, was then expected on the newcomer. CRM keys are stable
        // identities (DESIGN.md 2); the world now draws keys from a sequence, as real CRMs do.
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.UNSUBSCRIBE, InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 31)),
                new Step(13, new Step.Sync()),
                new Step(1, new Step.ChangeAddress(623, Step.AddressKind.FRESH, 813)),
                new Step(72, new Step.Sync()),
                new Step(69, new Step.Confirm(454)),
                new Step(20, new Step.DeleteContact(531)),
                new Step(6, new Step.Sync()),
                new Step(12, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 541))));
    }

    @Test
    void seed_4053435062_fields_of_a_subscribe_an_opt_out_superseded_reach_the_tool_when_the_recipient_comes_back() {
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.KEEP, InboundPolicy.CREATE, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 94)),
                new Step(2, new Step.Sync()),
                new Step(18, new Step.Unsubscribe(900)),
                new Step(5, new Step.AddContact(true, 0, true, Step.AddressKind.OTHERS, 212)),
                new Step(373, new Step.ToolFault(0, 2, 3)),
                new Step(14, new Step.Sync()),
                new Step(16, new Step.HardBounce(168, false, 0)),
                new Step(20, new Step.Sync()),
                new Step(3, new Step.Signup(2, 306))));
    }


    @Test
    void seed_1023640562_fields_of_a_refused_resubscribe_reach_the_shared_member_when_its_recipient_comes_back() {
        // Newer consent after a complaint: the re-add is refused (a complained member cannot be subscribed or asked
        // again by the API) and waits as a dead letter; the bounce that followed dropped it whole, fields included.
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.UNSUBSCRIBE, InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 81)),
                new Step(1, new Step.AddContact(true, 1, true, Step.AddressKind.FRESH, 72)),
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 44)),
                new Step(2, new Step.Sync()),
                new Step(103, new Step.DeleteContact(682)),
                new Step(15, new Step.AddContact(false, 1, true, Step.AddressKind.OTHERS, 863)),
                new Step(17, new Step.AddContact(true, 2, true, Step.AddressKind.INVALID, 9)),
                new Step(9, new Step.DeleteContact(660)),
                new Step(11, new Step.Complain(836)),
                new Step(7, new Step.SetConsent(388, true)),
                new Step(116, new Step.Sync()),
                new Step(12, new Step.HardBounce(935, false, 0)),
                new Step(121, new Step.Sync()),
                new Step(12, new Step.Signup(3, 632))));
    }

    @Test
    void seed_1023641224_an_unsubscribe_while_listbridges_own_unsubscribe_waits_unacknowledged_reaches_listbridge() {
        // Listbridge's unsubscribe was answered 502 (its outcome unknown) until the cycle gave up; the recipient
        // unsubscribed 174 s later, past the 120 s the tool may still run that call: the poll's 'unsubscribed' is
        // the recipient's, not that write coming back (it was taken for it: no suppression, no write-back).
        seed1023641224WithTheRecipientAfter(174);
    }

    /** Seed 1023641224's history: Listbridge's unsubscribe answered 502 throughout, the recipient's some seconds later. */
    private void seed1023641224WithTheRecipientAfter(int seconds) {
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.UNSUBSCRIBE, InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(19, new Step.AddContact(true, 1, true, Step.AddressKind.RETIRED, 115)),
                new Step(18, new Step.Sync()),
                new Step(19, new Step.ToolFault(0, 3, 3)),
                new Step(20, new Step.SetConsent(336, false)),
                new Step(4, new Step.Sync()),
                new Step(seconds, new Step.Unsubscribe(97))));
    }

    @Test
    void an_unsubscribe_within_two_minutes_of_listbridges_own_whose_outcome_is_unknown_is_a_counted_known_limit() {
        // Seed 1023641224 with the recipient 60 s after the 502s: the tool may still have been running Listbridge's
        // call, so the poll's 'unsubscribed' is taken for it (docs/RELIABILITY.md, known limits), and I3 counts it.
        String limit = "known limit: an opt-out within about two minutes of Listbridge's own unsubscribe, its outcome unknown";
        long before = Figures.detail(limit);
        seed1023641224WithTheRecipientAfter(60);
        assertThat(Figures.detail(limit)).isEqualTo(before + 1);
    }

    @Test
    void a_tool_address_change_leaves_no_write_waiting_for_the_old_address_and_a_known_address_is_no_move() {
        // The name change waited (500s) when the recipient changed the address in the tool; it then recreated a
        // member at the old address, which the next poll took for a move back: the old address written to the CRM.
        assertHolds(DEFAULTS, List.of(
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 0)),
                new Step(2, new Step.Sync()),
                new Step(5, new Step.EditName(0, "Ida")),
                new Step(1, new Step.ToolFault(0, 2, 4)),
                new Step(5, new Step.Sync()),
                new Step(5, new Step.ChangeAddressInTool(0)),
                new Step(5, new Step.Sync())));
    }

    @Test
    void transfer_does_not_rename_a_member_whose_recipient_unsubscribed_while_the_rename_waited() {
        // The PATCH carried the opted-out member to the new address: the old address was free of its opt-out.
        assertHolds(new HistoryConfig(AddressChangePolicy.TRANSFER, LeavePolicy.UNSUBSCRIBE, InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 0)),
                new Step(2, new Step.Sync()),
                new Step(5, new Step.ChangeAddress(0, Step.AddressKind.FRESH, 0)),
                new Step(1, new Step.ToolFault(5, 2, 4)),
                new Step(5, new Step.Sync()),
                new Step(5, new Step.Unsubscribe(0)),
                new Step(5, new Step.Sync())));
    }

    @Test
    void seed_3503734849_a_subscribe_planned_before_the_recipients_own_signup_takes_the_status_the_tool_reported() {
        // The subscribe waited (the audience's fields could not be prepared) while the recipient signed up through
        // the form, unsubscribed and signed up again; the poll saw only 'pending', but the waiting write then sent
        // 'subscribed', skipping the double opt-in the recipient had started, after an opt-out (invariant 2).
        assertHolds(new HistoryConfig(AddressChangePolicy.DROP, LeavePolicy.KEEP, InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(9, new Step.ToolFault(4, 5, 3)),
                new Step(79, new Step.AddContact(true, 2, true, Step.AddressKind.OTHERS, 170)),
                new Step(99, new Step.ToolFault(4, 3, 1)),
                new Step(18, new Step.Sync()),
                new Step(373, new Step.Signup(2, 321)),
                new Step(3, new Step.Unsubscribe(853)),
                new Step(139, new Step.Signup(3, 521))));
    }

    @Test
    void transfer_gives_the_new_address_a_member_of_its_own_when_the_old_one_bounced_while_the_rename_waited() {
        assertHolds(new HistoryConfig(AddressChangePolicy.TRANSFER, LeavePolicy.UNSUBSCRIBE, InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 1, true, Step.AddressKind.FRESH, 0)),
                new Step(2, new Step.Sync()),
                new Step(2, new Step.Sync()),
                new Step(5, new Step.ChangeAddress(0, Step.AddressKind.FRESH, 0)),
                new Step(1, new Step.ToolFault(5, 2, 4)),
                new Step(5, new Step.Sync()),
                new Step(5, new Step.HardBounce(0, false, 0)),
                new Step(5, new Step.Sync())));
    }

    @Test
    void seed_2814878883_a_member_at_a_new_address_carrying_a_key_two_members_may_carry_is_reported_not_moved() {
        // Contact 1 left the address it shared with contact 2 (whose fields were not pushed since: the member kept
        // key 1) for a member of its own; the recipient of the shared one changed its address in the tool. The
        // poll took it for contact 1's own member moving: that member (still in the tool) was believed gone and
        // contact 1's address written back wrongly.
        assertHolds(new HistoryConfig(AddressChangePolicy.TRANSFER, LeavePolicy.ARCHIVE, InboundPolicy.CREATE, NewMemberPolicy.PENDING), List.of(
                new Step(1, new Step.AddContact(true, 1, true, Step.AddressKind.OTHERS, 15)),
                new Step(1, new Step.AddContact(true, 1, true, Step.AddressKind.OTHERS, 17)),
                new Step(1, new Step.Sync()),
                new Step(121, new Step.Sync()),
                new Step(16, new Step.ChangeAddress(6, Step.AddressKind.FRESH, 307)),
                new Step(17, new Step.Confirm(960)),
                new Step(121, new Step.Sync()),
                new Step(1, new Step.ChangeAddressInTool(563))));
    }

    @Test
    void seed_3662690089_a_retired_member_moved_in_the_tool_unseen_is_not_taken_for_the_contacts_current_member() {
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.UNSUBSCRIBE, InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(16, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 945)),
                new Step(11, new Step.Sync()),
                new Step(1, new Step.Sync()),
                new Step(14, new Step.ChangeAddress(561, Step.AddressKind.OTHERS, 879)),
                new Step(316, new Step.Sync()),
                new Step(111, new Step.Signup(3, 480)),
                new Step(284, new Step.Confirm(92)),
                new Step(4, new Step.ChangeAddressInTool(864))));
    }

    @Test
    void seed_3662689947_an_unsubscribe_after_an_unseen_signup_at_a_retired_address_is_recorded() {
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.UNSUBSCRIBE, InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 72)),
                new Step(2, new Step.Sync()),
                new Step(1, new Step.Sync()),
                new Step(5, new Step.ChangeAddress(278, Step.AddressKind.OTHERS, 334)),
                new Step(105, new Step.Sync()),
                new Step(176, new Step.Signup(1, 283)),
                new Step(20, new Step.Unsubscribe(469)),
                new Step(7, new Step.Unsubscribe(133))));
    }

    @Test
    void seed_3746830998_an_unsubscribe_after_an_unseen_signup_is_a_new_opt_out_not_the_old_one_again() {
        // Unsubscribed (pulled), signed up through the form and unsubscribed again between two polls, while the CRM
        // recorded consent after the first opt-out: the poll showed 'unsubscribed' as before, taken for nothing new,
        // and the newer consent sent 'subscribed' over the second opt-out (invariant 2).
        assertHolds(new HistoryConfig(AddressChangePolicy.DROP, LeavePolicy.KEEP, InboundPolicy.CREATE, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 84)),
                new Step(11, new Step.Sync()),
                new Step(1, new Step.Sync()),
                new Step(130, new Step.Unsubscribe(726)),
                new Step(44, new Step.Sync()),
                new Step(8, new Step.Signup(2, 366)),
                new Step(12, new Step.SetConsent(210, true)),
                new Step(189, new Step.Unsubscribe(946))));
    }

    @Test
    void seed_1023640379_an_address_changed_in_the_tool_and_in_the_crm_before_a_poll_leaves_no_stray_member() {
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.KEEP, InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 31)),
                new Step(17, new Step.Sync()),
                new Step(328, new Step.ChangeAddressInTool(829)),
                new Step(17, new Step.ChangeAddress(345, Step.AddressKind.RETIRED, 474)),
                new Step(354, new Step.Sync()),
                new Step(14, new Step.ChangeAddressInTool(297))));
    }

    @Test
    void seed_1023641119_a_transfer_planned_while_the_first_subscribe_waits_reaches_the_tool() {
        assertHolds(new HistoryConfig(AddressChangePolicy.TRANSFER, LeavePolicy.KEEP, InboundPolicy.CREATE, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(145550, new Step.ToolFault(4, 2, 4)),
                new Step(9, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 99)),
                new Step(174, new Step.Sync()),
                new Step(161, new Step.ChangeAddress(104, Step.AddressKind.FRESH, 217))));
    }

    @Test
    void seed_717311191_a_complaint_after_signing_up_again_is_written_back_as_a_complaint() {
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.UNSUBSCRIBE, InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(2, new Step.AddContact(true, 0, true, Step.AddressKind.RETIRED, 52)),
                new Step(19, new Step.Sync()),
                new Step(16, new Step.Complain(469)),
                new Step(5, new Step.Signup(2, 77)),
                new Step(4, new Step.Confirm(543)),
                new Step(1, new Step.Complain(638))));
    }

    @Test
    void seed_668545237_an_unsubscribe_after_cut_batch_answers_reaches_listbridge() {
        // Listbridge's unsubscribe answered 200 three times, each answer cut short; the recipient signed up again and
        // unsubscribed 22 s later, before the next poll: not taken for that write (the tool had handled it)
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.UNSUBSCRIBE, InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 50)),
                new Step(7, new Step.Sync()),
                new Step(11, new Step.ToolFault(0, 7, 3)),
                new Step(76, new Step.ChangeAddress(607, Step.AddressKind.OTHERS, 726)),
                new Step(12, new Step.Sync()),
                new Step(2, new Step.Signup(3, 334)),
                new Step(20, new Step.Unsubscribe(723))));
    }

    @Test
    void seed_397542935_a_tag_add_that_waited_does_not_follow_a_member_moved_in_the_tool_to_an_address_no_contact_holds() {
        // the move supersedes the add; the moved member keeps the tags the tool gave it, the add may not be written
        // to its new address (I5), and is planned again once a contact holds that address (ToolAddressChangeTest)
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.UNSUBSCRIBE, InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 1, true, Step.AddressKind.FRESH, 19)),
                new Step(2, new Step.Sync()),
                new Step(238464, new Step.SetInAudience(325, false)),
                new Step(222, new Step.ToolFault(3, 6, 4)),
                new Step(7, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 507)),
                new Step(5, new Step.Sync()),
                new Step(18, new Step.ChangeAddress(59, Step.AddressKind.FRESH, 245)),
                new Step(7, new Step.ChangeAddressInTool(458))));
    }

    @Test
    void seed_1099748419_a_rename_not_made_gives_the_new_member_the_fields_of_a_contact_that_left_the_selection() {
        // the rename timed out (500s); the old member opted out and the contact left the selection before the next
        // cycle, which deleted its snapshot: the member made at the new address instead carried no fields, no CRM key
        assertHolds(new HistoryConfig(AddressChangePolicy.TRANSFER, LeavePolicy.KEEP, InboundPolicy.CREATE, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 61)),
                new Step(2, new Step.Sync()),
                new Step(138, new Step.ChangeAddress(517, Step.AddressKind.RETIRED, 828)),
                new Step(20, new Step.ToolFault(5, 2, 4)),
                new Step(7, new Step.Sync()),
                new Step(129281, new Step.Unsubscribe(226)),
                new Step(312, new Step.SetInAudience(349, false))));
    }

    @Test
    void seed_1099748419_a_rename_not_made_leaves_the_new_address_to_the_upsert_planned_for_it_since() {
        // (the same seed, shrunk after the fix above) another contact took the new address and its upsert waited; the
        // member made there for the rename's contact was journaled after it and overwrote it with that contact's fields
        assertHolds(new HistoryConfig(AddressChangePolicy.TRANSFER, LeavePolicy.KEEP, InboundPolicy.CREATE, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 1, true, Step.AddressKind.OTHERS, 69)),
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 9)),
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 61)),
                new Step(1, new Step.AddContact(true, 1, true, Step.AddressKind.FRESH, 61)),
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 8)),
                new Step(1, new Step.AddContact(false, 2, true, Step.AddressKind.FRESH, 97)),
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 66)),
                new Step(1, new Step.Signup(0, 94)),
                new Step(2, new Step.Sync()),
                new Step(138, new Step.ChangeAddress(517, Step.AddressKind.RETIRED, 828)),
                new Step(15, new Step.Unsubscribe(883)),
                new Step(2, new Step.HardBounce(747, false, 32)),
                new Step(20, new Step.ToolFault(5, 2, 4)),
                new Step(7, new Step.Sync()),
                new Step(1, new Step.ChangeAddress(986, Step.AddressKind.INVALID, 394)),
                new Step(17, new Step.HardBounce(946, false, 0)),
                new Step(6, new Step.ChangeAddress(949, Step.AddressKind.RETIRED, 857)),
                new Step(129281, new Step.Unsubscribe(226)),
                new Step(18, new Step.Unsubscribe(278))));
    }

    @Test
    void seed_1099748419_a_rename_not_made_gives_the_new_member_the_fields_it_would_have_kept() {
        // (the same seed, shrunk after both fixes above) the rename's contact moved on to a third address and was
        // edited there: the member made at the rename's address carried the edit, which a renamed member never gets
        assertHolds(new HistoryConfig(AddressChangePolicy.TRANSFER, LeavePolicy.KEEP, InboundPolicy.CREATE, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(true, 1, true, Step.AddressKind.OTHERS, 69)),
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 9)),
                new Step(1, new Step.AddContact(true, 2, true, Step.AddressKind.FRESH, 61)),
                new Step(1, new Step.AddContact(true, 1, true, Step.AddressKind.FRESH, 61)),
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 8)),
                new Step(1, new Step.AddContact(false, 2, true, Step.AddressKind.FRESH, 97)),
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 66)),
                new Step(2, new Step.Sync()),
                new Step(138, new Step.ChangeAddress(517, Step.AddressKind.RETIRED, 828)),
                new Step(20, new Step.ToolFault(5, 2, 4)),
                new Step(7, new Step.Sync()),
                new Step(1, new Step.ChangeAddress(986, Step.AddressKind.INVALID, 394)),
                new Step(17, new Step.HardBounce(946, false, 0)),
                new Step(129281, new Step.Unsubscribe(226)),
                new Step(129, new Step.HardBounce(18, false, 0)),
                new Step(10, new Step.EditName(720, "Fay")),
                new Step(17, new Step.DeleteContact(458)),
                new Step(60, new Step.ChangeAddress(679, Step.AddressKind.RETIRED, 80)),
                new Step(381, new Step.ChangeAddress(773, Step.AddressKind.FRESH, 154)),
                new Step(5, new Step.Unsubscribe(650))));
    }

    @Test
    void seed_3293898872_a_member_made_again_after_an_unseen_move_and_moved_again_carries_what_listbridge_believes() {
        // the recipient moved the member away and opted out before a cycle saw it (a known limit); a CRM edit made a
        // member at the old address again, without the tags the first one had; the recipient moved that one too, and
        // its contact left the selection: Listbridge, which cannot know the tags went missing, carries its belief along
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.UNSUBSCRIBE, InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(false, 1, true, Step.AddressKind.FRESH, 69)),
                new Step(1, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 37)),
                new Step(3, new Step.Sync()),
                new Step(6, new Step.ChangeAddressInTool(373)),
                new Step(208405, new Step.Unsubscribe(683)),
                new Step(13, new Step.DeleteContact(390)),
                new Step(2, new Step.EditName(324, "Ida")),
                new Step(1, new Step.Sync()),
                new Step(5, new Step.ChangeAddressInTool(731)),
                new Step(14, new Step.DeleteContact(32))));
    }

    @Test
    void seed_1586365857_an_opt_out_after_the_contact_left_the_selection_its_unsubscribe_refused_is_written_back_to_it() {
        assertHolds(new HistoryConfig(AddressChangePolicy.RECONFIRM, LeavePolicy.UNSUBSCRIBE, InboundPolicy.REPORT, NewMemberPolicy.SUBSCRIBED), List.of(
                new Step(1, new Step.AddContact(false, 0, true, Step.AddressKind.FRESH, 10)),
                new Step(1, new Step.AddContact(true, 1, true, Step.AddressKind.FRESH, 35)),
                new Step(6, new Step.DeleteContact(658)),
                new Step(7, new Step.AddContact(true, 0, true, Step.AddressKind.FRESH, 581)),
                new Step(14, new Step.Sync()),
                new Step(19, new Step.DeleteContact(415)),
                new Step(3, new Step.RefuseMember(365)),
                new Step(25, new Step.SetInAudience(52, false)),
                new Step(388, new Step.Sync()),
                new Step(5, new Step.Unsubscribe(659))));
    }
}
