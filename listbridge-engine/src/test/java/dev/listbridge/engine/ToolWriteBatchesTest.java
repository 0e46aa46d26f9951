package dev.listbridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.spi.RetriableException;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.store.MemberRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * A push goes to the tool in batches of 500, several at a time, each acknowledged in the state store while the next
 * ones are sent: by the end of the cycle every batch the tool took is acknowledged, and one it did not take waits for the
 * next cycle.
 */
class ToolWriteBatchesTest extends FakeEngineFixture {
    private static final int CONTACTS = 1_200;

    @Test
    void every_batch_the_tool_took_is_acknowledged_by_the_end_of_the_cycle() {
        SyncEngine engine = engineWithContacts(CONTACTS);

        CycleReport push = engine.sync(false);

        assertThat(push.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(tool.upsertSizes).containsExactly(500, 500, 200);
        assertThat(push.get(CycleReport.TOOL_WRITES_DONE)).isEqualTo(CONTACTS);
        assertThat(pending()).isZero();
        // the acknowledgement records the member id the tool gave, for the last batch too
        assertThat(member("r1@example.com").memberId()).isEqualTo("r1@example.com");
        assertThat(member("r1200@example.com").memberId()).isEqualTo("r1200@example.com");

        CycleReport next = engine.sync(false);
        assertThat(tool.upsertSizes).as("nothing sent again").hasSize(3);
        assertThat(next.get(CycleReport.TOOL_WRITES_DONE)).isZero();
    }

    @Test
    void a_batch_the_tool_does_not_take_waits_and_the_batches_before_it_stay_acknowledged() {
        SyncEngine engine = engineWithContacts(CONTACTS);
        tool.failing = new RetriableException("503 from the tool", null);
        tool.failingFromCall = 3;

        CycleReport partial = engine.sync(false);
        tool.failing = null;
        CycleReport next = engine.sync(false);

        assertThat(partial.outcome()).isEqualTo(CycleOutcome.PARTIAL);
        assertThat(partial.get(CycleReport.TOOL_WRITES_DONE)).isEqualTo(1_000);
        assertThat(member("r500@example.com").memberId()).isEqualTo("r500@example.com");
        // the third batch tried twice (the retry), then again in the next cycle, alone
        assertThat(tool.upsertSizes).containsExactly(500, 500, 200, 200, 200);
        assertThat(next.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(next.get(CycleReport.TOOL_WRITES_DONE)).isEqualTo(200);
        assertThat(member("r1200@example.com").memberId()).isEqualTo("r1200@example.com");
    }

    @Test
    void a_refusal_in_a_later_batch_is_a_dead_letter_beside_the_acknowledged_ones() {
        SyncEngine engine = engineWithContacts(CONTACTS);
        tool.refused = "r700@example.com"; // in the second batch

        CycleReport push = engine.sync(false);

        assertThat(push.get(CycleReport.TOOL_WRITES_DONE)).isEqualTo(CONTACTS - 1);
        assertThat(push.get(CycleReport.DEAD_LETTERS)).isEqualTo(1);
        assertThat(dead()).isEqualTo(1);
        assertThat(pending()).isZero();
        assertThat(member("r699@example.com").memberId()).isEqualTo("r699@example.com");
        assertThat(member("r700@example.com").memberId()).isNull();
    }

    @Test
    void tag_calls_are_acknowledged_by_the_end_of_the_cycle_and_not_sent_again() {
        SyncEngine engine = engineWithContacts(CONTACTS, "tags: [segment]");

        CycleReport push = engine.sync(false);
        int calls = tool.writes;
        CycleReport next = engine.sync(false);

        assertThat(push.get("tags added")).isEqualTo(CONTACTS);
        assertThat(calls).as("three batch subscribes, three tag calls").isEqualTo(6);
        assertThat(tool.members.get("r1200@example.com").tags()).containsExactly("B2C");
        assertThat(pending()).isZero();
        assertThat(tool.writes).as("nothing sent again").isEqualTo(calls);
        assertThat(next.get(CycleReport.TOOL_WRITES_DONE)).isZero();
    }

    @Test
    void batches_go_to_the_tool_several_at_once_within_its_limit() {
        SyncEngine engine = engineWithContacts(2_000);
        tool.maxConcurrency = 2;
        tool.upsertsMeet = new CyclicBarrier(2); // a call sent alone waits 5 s for a second, then fails

        CycleReport push = engine.sync(false);

        assertThat(push.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(tool.upsertSizes).containsExactly(500, 500, 500, 500);
        assertThat(tool.mostAtOnce.get()).as("the tool's limit").isEqualTo(2);
        assertThat(push.get(CycleReport.TOOL_WRITES_DONE)).isEqualTo(2_000);
        assertThat(pending()).isZero();
        assertThat(member("r2000@example.com").memberId()).isEqualTo("r2000@example.com");
    }

    @Test
    void unsubscribes_go_several_at_once_with_the_end_of_each_call_recorded() {
        SyncEngine engine = engineWithContacts(2_000);
        engine.sync(false);
        for (int key = 1; key <= 2_000; key++) {
            crm.put(String.valueOf(key), "r" + key + "@example.com", false, Instant.parse("2025-01-01T00:00:00Z"), "B2C");
        }
        tool.maxConcurrency = 2;
        tool.upsertsMeet = new CyclicBarrier(2);
        tool.mostAtOnce.set(0);

        CycleReport revoked = engine.sync(false);

        assertThat(revoked.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(tool.mostAtOnce.get()).isEqualTo(2);
        assertThat(tool.status("r1@example.com")).isEqualTo(SubscriptionStatus.UNSUBSCRIBED);
        assertThat(tool.status("r2000@example.com")).isEqualTo(SubscriptionStatus.UNSUBSCRIBED);
        assertThat(pending()).isZero();
        // PullPhase tells Listbridge's own opt-outs by these: until when each call may have carried them out
        for (String address : List.of("r1@example.com", "r700@example.com", "r2000@example.com")) {
            OptionalLong until = store.inTransaction(tx -> tx.outbox().unsubscribeMayHaveApplied("newsletter", address, Duration.ZERO));
            assertThat(until).as(address).isPresent();
        }
    }

    @Test
    void a_tool_taking_ten_calls_at_once_gets_four_from_an_audience() {
        SyncEngine engine = engineWithContacts(4_500);
        tool.maxConcurrency = 10;

        CycleReport push = engine.sync(false);

        assertThat(push.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(tool.upsertSizes).hasSize(9);
        assertThat(tool.mostAtOnce.get()).isLessThanOrEqualTo(4);
        assertThat(pending()).isZero();
    }

    @Test
    void an_address_written_twice_among_calls_sent_together_is_sent_once_with_the_newer_write() {
        SyncEngine engine = engineWithContacts(CONTACTS, "fields: {FNAME: first_name}");
        tool.maxConcurrency = 10;
        tool.failing = new RetriableException("503 from the tool", null);
        engine.sync(false); // every push waits in the outbox
        store.inTransaction(tx -> { // a newer write to the first address, as the outbox's 1,201st row
            tx.outbox().append(1, "newsletter", "upsert", "r1@example.com", "1", """
                    {"contactKey":"1","address":"r1@example.com","status":"subscribed","fields":{"FNAME":"Anna"},\
                    "consentNewer":false,"reason":"edited"}""", System.currentTimeMillis());
            return null;
        });
        tool.failing = null;
        tool.upserted.clear();

        CycleReport next = engine.sync(false);

        // rows 1 and 1,201 would go in calls one and three, under way at the same time
        assertThat(next.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(tool.upserted).hasSize(CONTACTS).containsOnlyOnce("r1@example.com");
        assertThat(tool.members.get("r1@example.com").fields()).containsEntry("FNAME", "Anna");
        assertThat(pending()).isZero();
    }

    @Test
    void a_call_failing_beside_others_sent_with_it_waits_and_theirs_are_acknowledged() {
        SyncEngine engine = engineWithContacts(2_000);
        tool.maxConcurrency = 10;
        tool.failingCallWith = "r700@example.com"; // in the second call

        CycleReport partial = engine.sync(false);

        assertThat(partial.outcome()).isEqualTo(CycleOutcome.PARTIAL);
        assertThat(partial.get(CycleReport.TOOL_WRITES_DONE)).isEqualTo(1_500);
        assertThat(pending()).isEqualTo(500);
        assertThat(member("r2000@example.com").memberId()).isEqualTo("r2000@example.com");
        assertThat(member("r700@example.com").memberId()).isNull();

        tool.failingCallWith = null;
        CycleReport next = engine.sync(false);
        assertThat(next.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(next.get(CycleReport.TOOL_WRITES_DONE)).isEqualTo(500);
        assertThat(pending()).isZero();
    }

    private long pending() {
        return store.<Long>inTransaction(tx -> tx.outbox().countPending("newsletter"));
    }

    private long dead() {
        return store.<Long>inTransaction(tx -> tx.outbox().countDead("newsletter"));
    }

    private MemberRow member(String address) {
        return store.inTransaction(tx -> tx.members().find("newsletter", address)).orElseThrow();
    }
}
