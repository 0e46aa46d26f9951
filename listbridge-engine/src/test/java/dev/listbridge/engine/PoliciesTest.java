package dev.listbridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.spi.Address;
import dev.listbridge.spi.CrmContact;
import dev.listbridge.spi.RetriableException;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.ToolEvent;
import dev.listbridge.spi.WriteBack;
import dev.listbridge.store.OutboxRow;
import dev.listbridge.store.SuppressionRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audience policies of DESIGN.md section 6, on in-memory CRM and tool fakes and a real SQLite state store. */
class PoliciesTest extends FakeEngineFixture {

    SyncEngine engine(String... audienceLines) {
        return engineFrom(withAudienceLines("retry: {maxAttempts: 2, initialDelay: 10ms, maxDelay: 20ms}\n"
                + fakeConfig("signup: INSERT INTO c (email) VALUES (:email)") + """
                    fields: {FNAME: first_name}
                    tags: [segment]
                    keyField: CRMKEY
                """, audienceLines));
    }

    @Test
    void drop_waits_for_consent_newer_than_the_address_change() {
        SyncEngine engine = engine("addressChange: drop");
        crm.put("1", "old@example.com", true, Instant.parse("2025-01-01T00:00:00Z"), "B2C");
        engine.sync(false);
        crm.put("1", "new@example.com", true, Instant.parse("2025-01-01T00:00:00Z"), "B2C");

        CycleReport changed = engine.sync(false);

        assertThat(tool.status("old@example.com")).isEqualTo(SubscriptionStatus.UNSUBSCRIBED);
        assertThat(tool.status("new@example.com")).isEqualTo(SubscriptionStatus.NONE);
        assertThat(changed.get("new addresses waiting for fresh consent")).isEqualTo(1);

        crm.put("1", "new@example.com", true, Instant.now().plusSeconds(60), "B2C");
        engine.sync(false);
        assertThat(tool.status("new@example.com")).isEqualTo(SubscriptionStatus.SUBSCRIBED);
    }

    @Test
    void leaving_under_archive_archives_and_under_keep_leaves_the_member() {
        SyncEngine archive = engine("onLeave: archive");
        crm.put("1", "a@example.com", true, null, "B2C");
        crm.put("2", "b@example.com", true, null, "B2C");
        archive.sync(false);
        crm.contacts.remove("1");
        archive.sync(false);
        assertThat(tool.status("a@example.com")).isEqualTo(SubscriptionStatus.ARCHIVED);

        SyncEngine keep = engine("onLeave: keep");
        crm.contacts.remove("2");
        keep.sync(false);
        assertThat(tool.status("b@example.com")).isEqualTo(SubscriptionStatus.SUBSCRIBED);
    }

    @Test
    void inbound_create_journals_the_signup_statement_with_the_address() {
        SyncEngine engine = engine("inbound: create");
        crm.put("1", "a@example.com", true, null, "B2C");
        engine.sync(false);
        tool.signup("Stranger@Example.com");

        engine.sync(false);

        assertThat(crm.writeBacks).extracting(WriteBack::statement, WriteBack::email)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("signup", "Stranger@Example.com"));
    }

    @Test
    void the_highest_key_rule_makes_the_highest_key_the_owner_of_a_shared_address() {
        SyncEngine engine = engine("sharedAddress: highestKey");
        crm.put("9", "info@company.example", true, null, "B2B");
        crm.put("10", "info@company.example", true, null, "B2B");

        engine.sync(false);

        assertThat(tool.members).hasSize(1);
        assertThat(tool.members.values().iterator().next().fields()).containsEntry("CRMKEY", "10");
    }

    @Test
    void a_refused_resubscribe_with_newer_consent_becomes_a_double_opt_in() {
        SyncEngine engine = engine();
        crm.put("1", "a@example.com", true, Instant.parse("2025-01-01T00:00:00Z"), "B2C");
        engine.sync(false);
        tool.recipientUnsubscribes("a@example.com");
        engine.sync(false);
        crm.put("1", "a@example.com", true, Instant.now().plusSeconds(60), "B2C");

        CycleReport report = engine.sync(false);

        assertThat(tool.status("a@example.com")).isEqualTo(SubscriptionStatus.PENDING);
        assertThat(report.get("sent to double opt-in instead (tool keeps an opt-out, CRM consent is newer)")).isEqualTo(1);
    }

    @Test
    void a_blast_radius_given_as_a_count_holds_above_it() {
        SyncEngine engine = engine("blastRadius: 2");
        for (int i = 1; i <= 10; i++) {
            crm.put(String.valueOf(i), "c" + i + "@example.com", true, null, "B2C");
        }
        engine.sync(false);
        for (int i = 1; i <= 3; i++) {
            crm.put(String.valueOf(i), "c" + i + "@example.com", false, null, "B2C");
        }

        assertThat(engine.sync(false).outcome()).isEqualTo(CycleOutcome.HELD);
        assertThat(tool.status("c1@example.com")).isEqualTo(SubscriptionStatus.SUBSCRIBED);
    }

    @Test
    void a_tag_change_still_waiting_is_replaced_by_a_newer_change_of_that_tag_not_sent_beside_it() {
        SyncEngine engine = engine();
        crm.put("1", "a@example.com", true, null, "B2C");
        engine.sync(false);
        tool.refusedTag = "a@example.com";
        crm.put("1", "a@example.com", true, null, "VIP");
        engine.sync(false); // adding VIP is refused (it waits as a dead letter); B2C is removed
        tool.refusedTag = null;
        crm.put("1", "a@example.com", true, null, "B2C");

        engine.sync(false); // VIP's waiting add and the new plan's removal of VIP

        assertThat(tool.inBothListsOfATagCall).isEmpty();
        assertThat(tool.members.get("a@example.com").tags()).containsExactly("B2C");
        List<OutboxRow> waiting = store.inTransaction(tx -> tx.outbox().unfinished("newsletter", "tag", "a@example.com"));
        assertThat(waiting).isEmpty();
    }

    @Test
    void a_changed_tag_column_removes_the_old_managed_tag_and_adds_the_new_one() {
        SyncEngine engine = engine();
        crm.put("1", "a@example.com", true, null, "B2C");
        engine.sync(false);
        crm.put("1", "a@example.com", true, null, "B2B");

        engine.sync(false);

        assertThat(tool.members.get("a@example.com").tags()).containsExactly("B2B");
    }

    @Test
    void a_plan_makes_no_write_to_the_tool_or_the_crm() {
        SyncEngine engine = engine();
        crm.put("1", "a@example.com", true, null, "B2C");
        engine.sync(false);
        tool.recipientUnsubscribes("a@example.com");
        crm.put("2", "b@example.com", true, null, "B2C");
        int writes = tool.writes;

        CycleReport plan = engine.plan();

        assertThat(plan.get("new members")).isEqualTo(1);
        assertThat(plan.get("opt-outs")).isEqualTo(1);
        assertThat(tool.writes).isEqualTo(writes);
        assertThat(crm.writeBacks).isEmpty();
    }

    @Test
    void a_waiting_subscribe_takes_the_pending_status_of_the_recipients_own_signup() {
        SyncEngine engine = engine();
        crm.put("1", "a@example.com", true, null, "B2C");
        tool.refused = "a@example.com";
        engine.sync(false);
        tool.signup("a@example.com"); // the recipient's own double opt-in, started while our subscribe waited
        tool.refused = null;

        engine.sync(false);

        assertThat(tool.status("a@example.com")).isEqualTo(SubscriptionStatus.PENDING);
        assertThat(tool.members.get("a@example.com").fields()).containsEntry("CRMKEY", "1");
    }

    @Test
    void transfer_does_not_rename_a_member_whose_recipient_unsubscribed_while_the_rename_waited() {
        SyncEngine engine = engine("addressChange: transfer");
        crm.put("1", "old@example.com", true, null, "B2C");
        engine.sync(false);
        crm.put("1", "new@example.com", true, null, "B2C");
        tool.refused = "old@example.com";
        engine.sync(false); // the rename waits as a dead letter
        tool.recipientUnsubscribes("old@example.com");
        tool.refused = null;

        CycleReport report = engine.sync(false);

        assertThat(tool.status("old@example.com")).isEqualTo(SubscriptionStatus.UNSUBSCRIBED);
        assertThat(tool.status("new@example.com")).isEqualTo(SubscriptionStatus.SUBSCRIBED);
        assertThat(tool.members.get("new@example.com").fields()).containsEntry("CRMKEY", "1");
        assertThat(tool.members.get("new@example.com").tags()).containsExactly("B2C");
        assertThat(report.get("renames not made: the old address opted out in the tool meanwhile")).isEqualTo(1);
    }

    @Test
    void an_opt_out_drops_the_status_of_a_waiting_update_and_its_fields_reach_the_member_when_its_recipient_is_back() {
        SyncEngine engine = engine();
        crm.put("1", "a@example.com", true, null, "B2C");
        engine.sync(false);
        crm.contacts.put("1", new CrmContact("1", "a@example.com", true, null, Map.of("first_name", "Ada", "segment", "B2C")));
        tool.refused = "a@example.com";
        engine.sync(false); // the update waits as a dead letter
        tool.refused = null;
        tool.recipientUnsubscribes("a@example.com");

        CycleReport optedOut = engine.sync(false);

        assertThat(tool.status("a@example.com")).isEqualTo(SubscriptionStatus.UNSUBSCRIBED);
        assertThat(tool.members.get("a@example.com").fields()).containsEntry("FNAME", "F1");
        assertThat(optedOut.get(CycleReport.DEAD_LETTERS)).isZero();

        tool.signup("a@example.com");
        CycleReport back = engine.sync(false);

        assertThat(tool.status("a@example.com")).isEqualTo(SubscriptionStatus.PENDING);
        assertThat(tool.members.get("a@example.com").fields()).containsEntry("FNAME", "Ada").containsEntry("CRMKEY", "1");
        assertThat(back.get("fields kept while opted out, sent with the status the tool reported")).isEqualTo(1);
    }

    @Test
    void a_shared_member_carries_the_fields_of_the_lowest_key_among_the_contacts_that_consent() {
        SyncEngine engine = engine();
        crm.put("1", "info@example.com", false, null, "B2B");
        crm.put("2", "info@example.com", true, null, "B2B");
        engine.sync(false);
        assertThat(tool.members.get("info@example.com").fields()).containsEntry("CRMKEY", "2").containsEntry("FNAME", "F2");

        crm.contacts.put("2", new CrmContact("2", "info@example.com", true, null, Map.of("first_name", "Bea", "segment", "B2B")));
        engine.sync(false);
        assertThat(tool.members.get("info@example.com").fields()).containsEntry("CRMKEY", "2").containsEntry("FNAME", "Bea");

        crm.put("1", "info@example.com", true, null, "B2B"); // the lower key starts to consent: it owns the member now
        engine.sync(false);
        assertThat(tool.members.get("info@example.com").fields()).containsEntry("CRMKEY", "1").containsEntry("FNAME", "F1");
    }

    @Test
    void a_recipients_unsubscribe_while_listbridges_own_unsubscribe_was_not_carried_out_reaches_listbridge() {
        SyncEngine engine = engine();
        crm.put("1", "a@example.com", true, null, "B2C");
        engine.sync(false);
        crm.put("1", "a@example.com", false, null, "B2C");
        tool.failing = new RetriableException("answered 503", 503, null, null, true); // refused before any work
        engine.sync(false); // Listbridge's unsubscribe waits
        tool.failing = null;
        tool.recipientUnsubscribes("a@example.com"); // the status Listbridge intends, set by the recipient

        CycleReport report = engine.sync(false);

        assertThat(report.get("opt-outs")).isEqualTo(1);
        assertThat(crm.writeBacks).extracting(WriteBack::statement).containsExactly("unsubscribed");
    }

    @Test
    void an_unsubscribe_polled_just_after_listbridges_own_whose_outcome_is_unknown_is_taken_for_it() {
        SyncEngine engine = engine();
        crm.put("1", "a@example.com", true, null, "B2C");
        engine.sync(false);
        crm.put("1", "a@example.com", false, null, "B2C");
        tool.failing = new RetriableException("answered 502", 502, null, null); // may have been carried out
        engine.sync(false);
        tool.failing = null;
        tool.recipientUnsubscribes("a@example.com"); // within the two minutes the tool may still run that call

        CycleReport report = engine.sync(false);

        assertThat(report.get("opt-outs that may be Listbridge's own unacknowledged unsubscribe (taken for it)")).isEqualTo(1);
        assertThat(crm.writeBacks).isEmpty();
    }

    @Test
    void an_unsubscribe_polled_after_listbridges_own_was_answered_and_the_answer_cut_short_is_the_recipients() {
        SyncEngine engine = engine();
        tool.answersChangeTime = true; // the tool's clock, learnt from a member it created: at most a second ahead
        crm.put("1", "a@example.com", true, null, "B2C");
        engine.sync(false);
        crm.put("1", "a@example.com", false, null, "B2C");
        tool.failing = RetriableException.answerLost("answered 200, then the answer was lost", 200, null);
        tool.failingAfterApplying = true; // Listbridge's unsubscribe carried out, every answer to it cut short
        engine.sync(false);
        tool.failing = null;
        // the recipient signed up again and opted out (a poll shows only the latest state), seconds after that call ended
        tool.recipientUnsubscribes("a@example.com", Instant.now().plusSeconds(3));

        CycleReport report = engine.sync(false);

        assertThat(report.get("opt-outs that may be Listbridge's own unacknowledged unsubscribe (taken for it)")).isZero();
        assertThat(report.get("opt-outs")).isEqualTo(1);
        assertThat(crm.writeBacks).extracting(WriteBack::statement).containsExactly("unsubscribed");
    }

    @Test
    void a_recipients_unsubscribe_by_webhook_within_the_window_of_listbridges_own_is_written_back_once() {
        SyncEngine engine = engine();
        crm.put("1", "a@example.com", true, null, "B2C");
        engine.sync(false);
        crm.put("1", "a@example.com", false, null, "B2C");
        tool.failing = new RetriableException("answered 502", 502, null, null); // may have been carried out
        engine.sync(false); // Listbridge's unsubscribe waits, its outcome unknown
        tool.failing = null;
        tool.recipientUnsubscribes("a@example.com"); // within the two minutes the tool may still run that call

        CycleReport received = engine.applyEvents(List.of(webhookOf(lastEvent())));
        CycleReport pulled = engine.sync(false); // Listbridge's unsubscribe goes through; the pull sees the opt-out again

        assertThat(received.get("opt-outs")).isEqualTo(1);
        assertThat(pulled.get("opt-outs")).isZero();
        assertThat(pulled.get("opt-outs that may be Listbridge's own unacknowledged unsubscribe (taken for it)")).isZero();
        assertThat(crm.writeBacks).extracting(WriteBack::statement).containsExactly("unsubscribed");
        assertThat(suppressionSource("a@example.com")).isEqualTo("fake:webhook"); // the webhook's, which came first
    }

    @Test
    void a_recipients_unsubscribe_polled_within_the_window_and_then_received_by_webhook_is_written_back_once() {
        SyncEngine engine = engine();
        crm.put("1", "a@example.com", true, null, "B2C");
        engine.sync(false);
        crm.put("1", "a@example.com", false, null, "B2C");
        tool.failing = new RetriableException("answered 502", 502, null, null);
        engine.sync(false);
        tool.failing = null;
        tool.recipientUnsubscribes("a@example.com");
        CycleReport pulled = engine.sync(false); // the poll alone cannot tell it from Listbridge's own

        CycleReport received = engine.applyEvents(List.of(webhookOf(lastEvent())));
        CycleReport again = engine.applyEvents(List.of(webhookOf(lastEvent()))); // Mailchimp redelivers
        engine.sync(false);

        assertThat(pulled.get("opt-outs that may be Listbridge's own unacknowledged unsubscribe (taken for it)")).isEqualTo(1);
        assertThat(received.get("opt-outs")).isEqualTo(1);
        assertThat(again.get("events already applied")).isEqualTo(1);
        assertThat(crm.writeBacks).extracting(WriteBack::statement).containsExactly("unsubscribed");
    }

    @Test
    void an_unsubscribe_by_webhook_over_listbridges_acknowledged_unsubscribe_is_the_recipients() {
        SyncEngine engine = engine();
        tool.answersChangeTime = true; // the member's change time, kept as Listbridge's own (written_at)
        crm.put("1", "a@example.com", true, null, "B2C");
        engine.sync(false);
        crm.put("1", "a@example.com", false, null, "B2C");
        Instant optedOut = Instant.now(); // the recipient, just before Listbridge's write reached the tool
        engine.sync(false); // Listbridge unsubscribes, acknowledged with the tool's time
        Address address = Address.parse("a@example.com");

        // the delivery arrives late (Mailchimp retries for 75 minutes), over the status Listbridge wrote
        CycleReport received = engine.applyEvents(List.of(new ToolEvent.Unsubscribed("webhook-1", address.key(), address,
                optedOut, "manual")));

        assertThat(received.get("opt-outs")).isEqualTo(1);
        assertThat(received.get("echoes ignored")).isZero();
        assertThat(crm.writeBacks).extracting(WriteBack::statement).containsExactly("unsubscribed");
    }

    private ToolEvent lastEvent() {
        return tool.events.getLast();
    }

    /** The same opt-out as a webhook tells it: another event id, the same change time. */
    private static ToolEvent webhookOf(ToolEvent polled) {
        return new ToolEvent.Unsubscribed("webhook-" + polled.eventId(), polled.memberId(), polled.address(),
                polled.occurredAt(), "manual");
    }

    private String suppressionSource(String email) {
        return store.inTransaction(tx -> tx.suppressions().inForce("newsletter", Address.parse(email).key())
                .map(SuppressionRow::source).orElse(null));
    }
}
