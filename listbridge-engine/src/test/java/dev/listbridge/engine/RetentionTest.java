package dev.listbridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.testing.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Once a day a cycle that ended done forgets the finished writes, applied event ids and run records older than the
 * retention; what later cycles need (the members, the ledger, the timeline, open writes) stays, and they do nothing twice.
 */
class RetentionTest extends FakeEngineFixture {
    private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");
    private final MovableClock time = new MovableClock(START);

    @BeforeEach
    void sameClockForEngineAndTool() {
        clock = time;
        tool.clock = time;
    }

    private static final String CONFIG = withAudienceLines(fakeConfig()) + "retention: 3d\n";

    private SyncEngine engine() {
        SyncEngine engine = engineFrom(CONFIG);
        putContacts(3);
        return engine;
    }

    @Test
    void a_cycle_a_day_forgets_what_is_older_than_the_retention_and_later_cycles_do_nothing_twice() {
        SyncEngine engine = engine();
        CycleReport push = engine.sync(false);
        assertThat(push.get(CycleReport.NEW_MEMBERS)).isEqualTo(3);
        time.advance(Duration.ofHours(1));
        tool.recipientUnsubscribes("r1@example.com");
        time.advance(Duration.ofMinutes(1));
        CycleReport optOut = engine.sync(false);
        assertThat(optOut.get(CycleReport.WRITE_BACKS_APPLIED)).isEqualTo(1);
        assertThat(removals(optOut)).containsExactly(0L, 0L, 0L); // nothing is that old yet

        time.advance(Duration.ofDays(2));
        tool.recipientUnsubscribes("r2@example.com");
        time.advance(Duration.ofMinutes(1));
        CycleReport twoDaysLater = engine.sync(false);
        assertThat(twoDaysLater.get(CycleReport.WRITE_BACKS_APPLIED)).isEqualTo(1);
        assertThat(removals(twoDaysLater)).containsExactly(0L, 0L, 0L); // within the retention of 3 days

        time.advance(Duration.ofDays(3));
        int toolWrites = tool.writes;
        CycleReport fiveDaysLater = engine.sync(false);
        // the three upserts and r1's write-back; r1's event id; the push's and r1's runs (r2's are younger)
        assertThat(removals(fiveDaysLater)).containsExactly(4L, 1L, 2L);
        assertThat(fiveDaysLater.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(fiveDaysLater.get(CycleReport.NEW_MEMBERS) + fiveDaysLater.get(CycleReport.MEMBERS_UPDATED)
                + fiveDaysLater.get(CycleReport.WRITE_BACKS_APPLIED)).isZero();

        time.advance(Duration.ofHours(2));
        CycleReport sameDay = engine.sync(false);
        assertThat(removals(sameDay)).containsExactly(0L, 0L, 0L); // once a day
        assertThat(sameDay.get(CycleReport.NEW_MEMBERS) + sameDay.get(CycleReport.MEMBERS_UPDATED)
                + sameDay.get(CycleReport.WRITE_BACKS_APPLIED)).isZero();
        assertThat(tool.writes).isEqualTo(toolWrites);
        assertThat(crm.writeBacks).hasSize(2);
        var kept = store.read(tx -> List.of(tx.audit().timeline("1", List.of("r1@example.com")).size(),
                tx.runs().recent("newsletter", 10).size()));
        assertThat(kept.get(0)).as("r1's timeline is kept").isGreaterThanOrEqualTo(2);
        assertThat(kept.get(1)).as("runs: two days later, five days later, the same day").isEqualTo(3);
    }

    @Test
    void nothing_recorded_after_a_day_before_the_pull_s_start_is_forgotten_whatever_the_retention() {
        SyncEngine engine = engine();
        engine.sync(false);
        tool.recipientUnsubscribes("r1@example.com");
        time.advance(Duration.ofMinutes(1));
        engine.sync(false);
        // Listbridge's clock runs ten days ahead of the tool's, which reports nothing newer: every pull starts just
        // before the opt-out (the newest change), so forgetting its event id after the retention alone would apply it again
        clock = Clock.offset(time, Duration.ofDays(10));
        SyncEngine ahead = engineFrom(CONFIG);
        time.advance(Duration.ofMinutes(1));
        CycleReport report = ahead.sync(false);
        time.advance(Duration.ofMinutes(1));
        CycleReport next = ahead.sync(false);

        assertThat(report.get(CycleReport.EVENT_IDS_REMOVED)).isZero();
        assertThat(report.get(CycleReport.WRITE_BACKS_APPLIED) + next.get(CycleReport.WRITE_BACKS_APPLIED)).isZero();
        assertThat(crm.writeBacks).hasSize(1);
    }

    private static List<Long> removals(CycleReport report) {
        return List.of(report.get(CycleReport.FINISHED_WRITES_REMOVED), report.get(CycleReport.EVENT_IDS_REMOVED),
                report.get(CycleReport.RUNS_REMOVED));
    }
}
