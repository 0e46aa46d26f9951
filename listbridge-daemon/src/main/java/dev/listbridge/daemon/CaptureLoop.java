package dev.listbridge.daemon;

import dev.listbridge.crm.jdbc.capture.ChangeBatch;
import dev.listbridge.crm.jdbc.capture.ChangeFeed;
import dev.listbridge.engine.CycleOutcome;
import dev.listbridge.engine.CycleReport;
import dev.listbridge.store.StateStore;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the CRM's change feed ({@code queue} or {@code watermark} capture): each batch of changed keys
 * is cycled for every audience, and only then is the feed's position stored and the batch acknowledged.
 * A crash in between replays the batch, which the diff finds already applied.
 */
final class CaptureLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureLoop.class);
    /** The position is CRM-wide: every audience reads the same feed. */
    static final String CURSOR_SCOPE = "*";
    static final String CURSOR_NAME = "capture";
    private static final int BATCH = 5000;
    private static final Duration IDLE_WAIT = Duration.ofSeconds(30);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(15);

    private final ChangeFeed feed;
    private final StateStore store;
    private final Collection<AudienceWorker> workers;
    private final Thread thread;
    private volatile boolean stopping;

    CaptureLoop(ChangeFeed feed, StateStore store, Collection<AudienceWorker> workers) {
        this.feed = feed;
        this.store = store;
        this.workers = workers;
        this.thread = Thread.ofPlatform().name("listbridge-capture").daemon(true).unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /**
     * On the first start with change capture, the feed's current position is stored (watermark: the newest
     * change time; the queue keeps its own), so that the feed reports what changes from now on and the
     * full reconcile that follows covers everything before.
     *
     * @return true when this is the first start with change capture
     */
    boolean startPosition() {
        if (store.read(tx -> tx.cursors().get(CURSOR_SCOPE, CURSOR_NAME)).isPresent()) {
            return false;
        }
        String latest = feed.latestPosition();
        store.inTransaction(tx -> {
            tx.cursors().set(CURSOR_SCOPE, CURSOR_NAME, latest == null ? "" : latest);
            return null;
        });
        return true;
    }

    private void loop() {
        while (!stopping) {
            boolean more;
            try {
                more = drainOnce();
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.warn("change capture: {}; trying again in {} s", e.getMessage(), AFTER_FAILURE.toSeconds());
                sleep(AFTER_FAILURE);
                continue;
            }
            if (!more && !stopping) {
                feed.awaitChange(IDLE_WAIT);
            }
        }
    }

    /** One batch; true when more changes wait. */
    boolean drainOnce() {
        Optional<String> position = store.read(tx -> tx.cursors().get(CURSOR_SCOPE, CURSOR_NAME));
        ChangeBatch batch = feed.poll(position.filter(p -> !p.isEmpty()).orElse(null), BATCH);
        if (batch.keys().isEmpty()) {
            return false;
        }
        for (AudienceWorker worker : workers) {
            CycleReport report = worker.changed(batch.keys());
            if (report.outcome() == CycleOutcome.FAILED || report.outcome() == CycleOutcome.HELD) {
                // Not acknowledged: the same keys come again once the cause is fixed (or the cycle released).
                LOG.warn("change capture: {} changed keys not applied to {} ({}); kept in the feed", batch.keys().size(),
                        worker.name(), report.outcome());
                sleep(AFTER_FAILURE);
                return false;
            }
        }
        store.inTransaction(tx -> {
            tx.cursors().set(CURSOR_SCOPE, CURSOR_NAME, batch.position());
            return null;
        });
        feed.acknowledge(batch);
        return batch.more();
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        feed.close();
    }
}
