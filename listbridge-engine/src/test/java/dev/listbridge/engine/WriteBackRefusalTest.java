package dev.listbridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.spi.WriteBack;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CRM write-backs go in batches of 500, each its own CRM transaction: a statement the CRM refuses fails its batch. */
class WriteBackRefusalTest extends FakeEngineFixture {
    private static final int CONTACTS = 1_200;

    SyncEngine engine() {
        return engineFrom(withAudienceLines(fakeConfig()));
    }

    /** Every contact subscribed, then every recipient unsubscribed in the tool. */
    private SyncEngine everyoneOptedOut() {
        return everyoneOptedOut(CONTACTS);
    }

    private SyncEngine everyoneOptedOut(int contacts) {
        SyncEngine engine = engine();
        for (int key = 1; key <= contacts; key++) {
            crm.put(String.valueOf(key), "r" + key + "@example.com", true, Instant.parse("2025-01-01T00:00:00Z"), "B2C");
        }
        engine.sync(false);
        for (int key = 1; key <= contacts; key++) {
            tool.recipientUnsubscribes("r" + key + "@example.com");
        }
        return engine;
    }

    @Test
    void a_refused_statement_fails_only_its_batch_of_500() {
        SyncEngine engine = everyoneOptedOut();
        crm.refusedKey = "700"; // in the second batch of 500, in journal order

        CycleReport refused = engine.sync(false);

        // batch by batch up to the refused one, which stops the write-backs; the rest at the cycle's end
        assertThat(crm.batchSizes).containsExactly(500, 500, 200);
        assertThat(refused.get(CycleReport.WRITE_BACKS_APPLIED)).isEqualTo(700);
        assertThat(refused.get(CycleReport.DEAD_LETTERS)).isEqualTo(500);
        assertThat(refused.outcome()).isEqualTo(CycleOutcome.FAILED);
        List<String> applied = crm.writeBacks.stream().map(WriteBack::key).toList();
        assertThat(applied).hasSize(700).doesNotContain("700", "501", "1000").contains("1", "500", "1001", "1200");

        crm.refusedKey = null;
        CycleReport next = engine.sync(false);

        assertThat(next.get(CycleReport.WRITE_BACKS_APPLIED)).isEqualTo(500); // the dead letters, retried
        assertThat(crm.writeBacks.stream().map(WriteBack::key).distinct().count()).isEqualTo(CONTACTS);
    }

    @Test
    void write_backs_acknowledged_together_are_all_acknowledged_when_a_later_batch_is_refused() {
        int contacts = 26_000; // more than the 25,000 acknowledged together (five pages of 5,000)
        SyncEngine engine = everyoneOptedOut(contacts);
        crm.refusedKey = "25700"; // in the second batch of 500 of the sixth page

        CycleReport refused = engine.sync(false);
        crm.refusedKey = null;
        CycleReport next = engine.sync(false);

        assertThat(refused.get(CycleReport.WRITE_BACKS_APPLIED)).isEqualTo(25_500);
        assertThat(refused.get(CycleReport.DEAD_LETTERS)).isEqualTo(500);
        // the dead letters only: the first 25,000 were acknowledged in the background, the next 500 before the failure
        assertThat(next.get(CycleReport.WRITE_BACKS_APPLIED)).isEqualTo(500);
        assertThat(crm.writeBacks).hasSize(contacts);
        long audited = store.inTransaction(tx -> tx.audit().timeline("25000", List.of()).stream()
                .filter(entry -> entry.kind().equals("crm_write_back")).count());
        assertThat(audited).isEqualTo(1);
    }
}
