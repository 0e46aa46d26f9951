package dev.listbridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.spi.WriteBack;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CRM write-backs go in batches of 500, each its own CRM transaction. A batch the CRM refuses is halved until each
 * refused write-back stands alone: only those become dead letters. A statement refused for every row stops the
 * write-backs after a few tries.
 */
class WriteBackRefusalTest extends FakeEngineFixture {
    private static final int CONTACTS = 1_200;

    private SyncEngine everyoneOptedOut() {
        return everyoneOptedOut(CONTACTS);
    }

    @Test
    void a_refused_write_back_is_the_only_dead_letter_of_its_batch() {
        SyncEngine engine = everyoneOptedOut();
        crm.refusedKey = "700"; // in the second batch of 500, in journal order

        CycleReport refused = engine.sync(false);

        assertThat(refused.get(CycleReport.WRITE_BACKS_APPLIED)).isEqualTo(CONTACTS - 1);
        assertThat(refused.get(CycleReport.DEAD_LETTERS)).isEqualTo(1);
        assertThat(refused.samples().get(CycleReport.DEAD_LETTERS)).singleElement().asString()
                .contains("700").contains("value too long for the row of key 700");
        assertThat(refused.outcome()).isEqualTo(CycleOutcome.FAILED);
        assertThat(refused.messages()).containsOnlyOnce("CRM write-back failed: value too long for the row of key 700");
        List<String> applied = crm.writeBacks.stream().map(WriteBack::key).toList();
        assertThat(applied).hasSize(CONTACTS - 1).doesNotContain("700").doesNotHaveDuplicates()
                .contains("1", "501", "699", "701", "1000", "1200");
        // in journal order: the ones of the refused batch before 700, then after it
        assertThat(applied.indexOf("699")).isLessThan(applied.indexOf("701"));
        assertThat(applied.indexOf("1000")).isLessThan(applied.indexOf("1001"));
        // halving 500 down to one: a few dozen tries, not one per write-back
        assertThat(crm.batchSizes).hasSizeLessThan(3 + 2 * 9 + 1);

        crm.refusedKey = null;
        CycleReport next = engine.sync(false);

        assertThat(next.get(CycleReport.WRITE_BACKS_APPLIED)).isEqualTo(1); // the dead letter, retried
        assertThat(next.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(crm.writeBacks.stream().map(WriteBack::key).distinct().count()).isEqualTo(CONTACTS);
    }

    @Test
    void a_statement_refused_for_every_row_stops_the_write_backs_after_a_few_tries() {
        SyncEngine engine = everyoneOptedOut();
        crm.refusedStatement = "column \"n\" does not exist";

        CycleReport refused = engine.sync(false);

        assertThat(refused.get(CycleReport.WRITE_BACKS_APPLIED)).isZero();
        assertThat(refused.outcome()).isEqualTo(CycleOutcome.FAILED);
        assertThat(refused.messages()).contains("CRM write-back failed: column \"n\" does not exist");
        // the first batch of 500: halved down to its first write-back (10 tries) and the one after it; stopped there
        // (the cycle tries the write-backs again after its tool writes: the second batch the same way)
        assertThat(crm.batchSizes).hasSizeLessThanOrEqualTo(2 * 11);
        assertThat(refused.get(CycleReport.DEAD_LETTERS)).isEqualTo(1_000);

        crm.refusedStatement = null;
        CycleReport next = engine.sync(false);

        assertThat(next.get(CycleReport.WRITE_BACKS_APPLIED)).isEqualTo(CONTACTS);
        assertThat(crm.writeBacks.stream().map(WriteBack::key).distinct().count()).isEqualTo(CONTACTS);
    }

    @Test
    void write_backs_acknowledged_together_are_all_acknowledged_when_a_later_one_is_refused() {
        int contacts = 26_000; // more than the 25,000 acknowledged together (five pages of 5,000)
        SyncEngine engine = everyoneOptedOut(contacts);
        crm.refusedKey = "25700"; // in the second batch of 500 of the sixth page

        CycleReport refused = engine.sync(false);
        crm.refusedKey = null;
        CycleReport next = engine.sync(false);

        assertThat(refused.get(CycleReport.WRITE_BACKS_APPLIED)).isEqualTo(contacts - 1);
        assertThat(refused.get(CycleReport.DEAD_LETTERS)).isEqualTo(1);
        // the dead letter only: the first 25,000 were acknowledged in the background, the rest at the end
        assertThat(next.get(CycleReport.WRITE_BACKS_APPLIED)).isEqualTo(1);
        assertThat(crm.writeBacks).hasSize(contacts);
        long audited = store.inTransaction(tx -> tx.audit().timeline("25000", List.of()).stream()
                .filter(entry -> entry.kind().equals("crm_write_back")).count());
        assertThat(audited).isEqualTo(1);
    }
}
