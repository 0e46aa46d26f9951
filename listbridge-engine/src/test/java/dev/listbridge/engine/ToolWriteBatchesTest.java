package dev.listbridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.spi.RetriableException;
import dev.listbridge.store.MemberRow;
import org.junit.jupiter.api.Test;

/**
 * A push goes to the tool in batches of 500, each acknowledged in the state store while the next one is sent: by the
 * end of the cycle every batch the tool took is acknowledged, and one it did not take waits for the next cycle.
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
