package dev.listbridge.engine.internal;

import dev.listbridge.engine.CycleReport;
import dev.listbridge.store.Outbox;
import dev.listbridge.store.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets, once a day per audience, the state only recent cycles read: finished writes (done or superseded), the ids
 * of applied events and the runs' records, once older than the configured retention. The ledger, the members, the
 * suppressions and the audit (the contact timeline) are kept for good.
 *
 * <p>Why this is safe: an applied event's id is read again only by a pull that starts before the event happened
 * (the overlap before the cursor) or by a webhook delivered again; a finished unsubscribe is read only for a polled
 * change after it. Both need the last few minutes or hours, and nothing is forgotten that a pull starting up to a day
 * before this cycle's pull could meet again ({@link #PULL_MARGIN}); the retention itself is at least two days.
 */
final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    /** The cursor holding when this audience's state was last pruned (our clock, ISO instant). */
    static final String LAST_RUN = "retention.lastRun";
    static final Duration EVERY = Duration.ofDays(1);
    /**
     * How much earlier than this cycle's pull a later pull may start (the cursor's overlap and the clocks' margins are
     * minutes; a cursor that moves to a newer change starts its overlap anew): nothing recorded after that is forgotten.
     */
    static final Duration PULL_MARGIN = Duration.ofDays(1);
    /** Rows looked at per transaction: a store's single writer is not held for long. */
    static final int PAGE = 5_000;

    private final StateStore store;
    private final Duration retention;

    Retention(StateStore store, Duration retention) {
        this.store = store;
        this.retention = retention;
    }

    /**
     * Prunes after a cycle that ended done, when a day has passed since the last time. A cycle whose pull read everything
     * the tool holds (the first; {@link Cycle#pulledSince} null) forgets nothing.
     */
    void afterCycle(Cycle cycle) {
        Instant pulledSince = cycle.pulledSince;
        if (pulledSince == null) {
            return;
        }
        long now = cycle.now();
        Optional<String> last = store.read(tx -> tx.cursors().get(cycle.name(), LAST_RUN));
        if (last.isPresent() && Instant.parse(last.get()).plus(EVERY).toEpochMilli() > now) {
            return;
        }
        long before = Math.min(now - retention.toMillis(), pulledSince.minus(PULL_MARGIN).toEpochMilli());
        long writes = forgetWrites(cycle.name(), before);
        long events = 0;
        for (int deleted; (deleted = store.inTransaction(tx -> tx.processedEvents().forgetBefore(cycle.name(), before, PAGE)))
                > 0; ) {
            events += deleted;
        }
        int runs = store.inTransaction(tx -> {
            int deleted = tx.runs().forgetFinishedBefore(cycle.name(), before);
            tx.cursors().set(cycle.name(), LAST_RUN, Instant.ofEpochMilli(now).toString());
            return deleted;
        });
        report(cycle, CycleReport.FINISHED_WRITES_REMOVED, writes);
        report(cycle, CycleReport.EVENT_IDS_REMOVED, events);
        report(cycle, CycleReport.RUNS_REMOVED, runs);
        LOG.info("retention: removed {} finished writes, {} applied event ids and {} run records older than {} in {} ms",
                writes, events, runs, Instant.ofEpochMilli(before), cycle.now() - now);
    }

    private long forgetWrites(String audience, long before) {
        long deleted = 0;
        long afterId = 0;
        for (Outbox.Forgotten page; ; afterId = page.lastId()) {
            long from = afterId;
            page = store.inTransaction(tx -> tx.outbox().forgetFinished(audience, from, before, PAGE));
            deleted += page.deleted();
            if (page.ended()) {
                return deleted;
            }
        }
    }

    private static void report(Cycle cycle, String what, long count) {
        if (count > 0) {
            cycle.report.add(what, count);
        }
    }
}
