package dev.listbridge.daemon;

import dev.listbridge.engine.CycleOutcome;
import dev.listbridge.engine.CycleReport;
import dev.listbridge.engine.SyncEngine;
import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.spi.ToolEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the daemon does to one audience goes through here, one thing at a time: scheduled cycles,
 * capture-triggered cycles and webhook events never overlap for the same audience.
 */
final class AudienceWorker {
    private static final Logger LOG = LoggerFactory.getLogger(AudienceWorker.class);

    private final AudienceConfig audience;
    private final SyncEngine engine;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final java.util.concurrent.atomic.AtomicBoolean wakePending = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean releaseRequested = new java.util.concurrent.atomic.AtomicBoolean();
    /** Shared by all audiences: an SQLite state store has one writer, so cycles of different audiences take turns. */
    private final Semaphore storeGate;
    private final DaemonMetrics metrics;
    private final Clock clock;
    private volatile AudienceStatus status = AudienceStatus.initial();
    /** The incremental cycle: a full diff in {@code diff} mode, the changed keys otherwise (set by the daemon). */
    private volatile Function<Boolean, CycleReport> incremental;
    /** When the last cycle that ended done began; a cycle asked for before that instant is met by it. */
    private volatile Instant lastDoneCycleStart = Instant.MIN;
    /** The latest wake-up merged into the one pending. */
    private volatile Instant lastWakeRequest = Instant.MIN;

    AudienceWorker(AudienceConfig audience, SyncEngine engine, Semaphore storeGate, DaemonMetrics metrics, Clock clock) {
        this.audience = audience;
        this.engine = engine;
        this.storeGate = storeGate;
        this.metrics = metrics;
        this.clock = clock;
        this.incremental = engine::sync;
    }

    String name() {
        return audience.name();
    }

    AudienceConfig audience() {
        return audience;
    }

    AudienceStatus status() {
        return status;
    }

    boolean releaseRequested() {
        return releaseRequested.get();
    }

    void incrementalCycle(Function<Boolean, CycleReport> cycle) {
        this.incremental = cycle;
    }

    CycleReport incremental() {
        return cycle("incremental", force -> incremental.apply(force));
    }

    /**
     * The scheduled incremental cycle, skipped when another cycle began after it was {@code due} and ended
     * done: that cycle did everything this one would. After a restart, a scheduled cycle that fell due while the
     * daemon was down and the start's wake-up are due together; without this the audience was cycled twice in a row.
     */
    void scheduledIncremental(Instant due) {
        lock.lock();
        try {
            if (metSince(due)) {
                LOG.debug("scheduled cycle of {} skipped: a cycle begun after it was due ended done", audience.name());
                return;
            }
            incremental();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs an incremental cycle soon on {@code executor}. Wake-ups that arrive while one waits are merged
     * into it; one that arrives while a cycle runs causes one more cycle afterwards, so no change is missed.
     * A wake-up met by a cycle that began after it and ended done (a scheduled one that got the turn first) is
     * not run again.
     */
    void wakeUp(java.util.concurrent.Executor executor) {
        lastWakeRequest = clock.instant();
        if (!wakePending.compareAndSet(false, true)) {
            return;
        }
        executor.execute(() -> {
            lock.lock();
            try {
                wakePending.set(false);
                if (metSince(lastWakeRequest)) {
                    LOG.debug("wake-up of {} skipped: a cycle begun after it ended done", audience.name());
                    return;
                }
                incremental();
            } catch (RuntimeException e) {
                LOG.error("woken cycle of {} failed: {}", audience.name(), e.toString());
            } finally {
                lock.unlock();
            }
        });
    }

    private boolean metSince(Instant requested) {
        return lastDoneCycleStart.isAfter(requested);
    }

    /** Waits until no cycle runs for this audience; false when one still runs after {@code max}. */
    boolean awaitIdle(Duration max) {
        try {
            if (lock.tryLock(max.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                lock.unlock();
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    CycleReport reconcile() {
        return cycle("reconcile", engine::sync);
    }

    /** A cycle of just the contacts whose keys the CRM's change feed reported. */
    CycleReport changed(java.util.Set<String> keys) {
        return cycle("incremental", force -> engine.syncChanged(keys, force));
    }

    /** With change capture, the scheduled cycle pulls events and retries pending work; the feed brings the changes. */
    void captureMode() {
        this.incremental = force -> engine.syncChanged(java.util.Set.of(), force);
    }

    CycleReport applyEvents(List<ToolEvent> events) {
        return exclusive(() -> {
            CycleReport report = engine.applyEvents(events);
            metrics.cycleFinished(audience.name(), "webhook", report, Duration.ZERO);
            return report;
        });
    }

    /** Runs the next cycle with the blast-radius guard released (an administrator checked the held cycle). */
    void release() {
        releaseRequested.set(true);
    }

    private CycleReport cycle(String kind, Function<Boolean, CycleReport> run) {
        return exclusive(() -> {
            AudienceStatus before = status;
            // Kept apart from the status, which a cycle finishing meanwhile replaces: a release is never lost.
            boolean force = releaseRequested.getAndSet(false);
            var started = clock.instant();
            status = new AudienceStatus(kind, started, before.lastFinished(), before.lastReport(), true,
                    before.heldMessage());
            CycleReport report;
            try {
                report = run.apply(force);
            } catch (RuntimeException e) {
                LOG.error("{} cycle of {} failed: {}", kind, audience.name(), e.toString(), e);
                if (force) {
                    releaseRequested.set(true); // not used: the next cycle gets it
                }
                status = new AudienceStatus(kind, started, clock.instant(), before.lastReport(), false,
                        before.heldMessage());
                throw e;
            }
            var finished = clock.instant();
            String held = report.outcome() == CycleOutcome.HELD ? String.join("; ", report.messages()) : null;
            status = new AudienceStatus(kind, started, finished, report, false, held);
            metrics.cycleFinished(audience.name(), kind, report, Duration.between(started, finished));
            if (report.outcome() == CycleOutcome.DONE) {
                lastDoneCycleStart = started;
            } else {
                LOG.warn("{} cycle of {}: {} {}", kind, audience.name(), report.outcome(), report.messages());
            }
            return report;
        });
    }

    private <T> T exclusive(java.util.function.Supplier<T> work) {
        lock.lock();
        try {
            storeGate.acquireUninterruptibly();
            try {
                return work.get();
            } finally {
                storeGate.release();
            }
        } finally {
            lock.unlock();
        }
    }
}
