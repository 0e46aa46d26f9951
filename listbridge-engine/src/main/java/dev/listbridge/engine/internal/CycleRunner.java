package dev.listbridge.engine.internal;

import dev.listbridge.engine.CycleOutcome;
import dev.listbridge.engine.CycleReport;
import dev.listbridge.engine.Progress;
import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.engine.config.RetryConfig;
import dev.listbridge.spi.ContactSelection;
import dev.listbridge.spi.CrmSource;
import dev.listbridge.spi.ListbridgeException;
import dev.listbridge.spi.RetriableException;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.store.MemberRow;
import dev.listbridge.store.StateStore;
import dev.listbridge.store.StateTx;
import dev.listbridge.store.SnapshotIndex;
import dev.listbridge.store.Snapshots;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import dev.listbridge.spi.ToolEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** One cycle from start to end; see {@link dev.listbridge.engine.SyncEngine}. */
public final class CycleRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CycleRunner.class);
    /** Dead letters are retried on later cycles, this many attempts in all. */
    static final int DEAD_LETTER_ATTEMPTS = 5;
    private static final int PROGRESS_EVERY = 10_000;

    private final StateStore store;
    private final CrmSource crm;
    private final ToolConnector tool;
    private final String toolName;
    private final AudienceConfig audience;
    private final Map<String, String> crmWriteBack;
    private final Retry retry;
    private final Clock clock;
    private final Progress progress;
    private final KeptIndex keptIndex = new KeptIndex();
    private final Retention retention;

    public CycleRunner(StateStore store, CrmSource crm, ToolConnector tool, String toolName, AudienceConfig audience,
                       Map<String, String> crmWriteBack, RetryConfig retry, Duration retention, Clock clock,
                       Progress progress) {
        this.store = store;
        this.crm = crm;
        this.tool = tool;
        this.toolName = toolName;
        this.audience = audience;
        this.crmWriteBack = crmWriteBack;
        this.retry = new Retry(retry);
        this.clock = clock;
        this.progress = progress;
        this.retention = new Retention(store, retention);
    }

    public CycleReport run(boolean plan, boolean force) {
        return run(plan, force, null);
    }

    /**
     * One cycle; with {@code keys}, an incremental one: the diff reads only those contacts, and only those of
     * them that were not read can have left the selection.
     */
    public CycleReport run(boolean plan, boolean force, Set<String> keys) {
        CycleReport report = new CycleReport(audience.name(), plan);
        MDC.put("audience", audience.name());
        MDC.put("tool", toolName);
        try {
            if (plan) {
                store.inTransaction(tx -> {
                    tx.setRollbackOnly();
                    Cycle cycle = newCycle(tx, report, keys);
                    new PullPhase(cycle, tool, retry).run(tx);
                    diff(tx, cycle, true, keys);
                    return null;
                });
            } else {
                sync(report, force, keys);
            }
        } catch (CrmUnavailableException e) {
            report.message(e.getMessage());
            report.outcome(CycleOutcome.FAILED);
        } catch (RetriableException e) {
            // The tool is down or limiting us beyond our retries: nothing was lost, the next run resumes.
            report.message(toolName + " could not be reached after retries: " + e.getMessage()
                    + "; nothing was lost, the next run resumes");
            report.outcome(CycleOutcome.PARTIAL);
        } catch (ListbridgeException e) {
            report.message(e.getMessage());
            report.outcome(CycleOutcome.FAILED);
        } finally {
            MDC.remove("audience");
            MDC.remove("tool");
        }
        return report;
    }

    /**
     * Applies events a tool pushed: records them like pulled events, then runs the write-backs they
     * journaled. Nothing is pushed to the tool.
     */
    public CycleReport receive(List<ToolEvent> events) {
        CycleReport report = new CycleReport(audience.name(), false);
        MDC.put("audience", audience.name());
        try {
            Cycle cycle = store.inTransaction(tx -> {
                long runId = tx.runs().start(audience.name(), "webhook", clock.millis());
                report.runId(runId);
                Cycle created = new Cycle(audience, toolName, tool.capabilities(), crmWriteBack, clock, report, runId);
                if (!new PullPhase(created, tool, retry).applyReceived(tx, events)) {
                    tx.setRollbackOnly();
                    return null;
                }
                return created;
            });
            if (cycle == null) {
                report.message("the audience has not been synced yet; the events wait for its first cycle");
                report.outcome(CycleOutcome.PARTIAL);
                return report;
            }
            try {
                new ApplyPhase(cycle, store, tool, crm, retry, progress).writeBacks();
            } finally {
                finish(cycle, report);
            }
        } catch (CrmUnavailableException e) {
            report.message(e.getMessage());
            report.outcome(CycleOutcome.FAILED);
        } finally {
            MDC.remove("audience");
        }
        return report;
    }

    private Cycle newCycle(StateTx tx, CycleReport report, Set<String> keys) {
        String kind = report.plan() ? "plan" : keys != null ? "incremental" : "sync";
        long runId = tx.runs().start(audience.name(), kind, clock.millis());
        report.runId(runId);
        return new Cycle(audience, toolName, tool.capabilities(), crmWriteBack, clock, report, runId);
    }

    /** A cycle begun, and (full cycles) the snapshots' generation it began with; see {@link KeptIndex}. */
    private record Begun(Cycle cycle, String generation) {
    }

    private void sync(CycleReport report, boolean force, Set<String> keys) {
        Begun begun = store.inTransaction(tx -> {
            Cycle created = newCycle(tx, report, keys);
            int requeued = tx.outbox().requeueDead(audience.name(), DEAD_LETTER_ATTEMPTS, clock.millis());
            if (requeued > 0) {
                report.add("dead letters retried", requeued);
            }
            if (keys == null) {
                tx.snapshots().hashMissingKeys(audience.name()); // the index is loaded read-only below
                return new Begun(created, tx.snapshots().generation(audience.name()));
            }
            return new Begun(created, null);
        });
        Cycle cycle = begun.cycle();
        CompletableFuture<KeptIndex.Held> index = null;
        try {
            ApplyPhase apply = new ApplyPhase(cycle, store, tool, crm, retry, progress);
            long started = clock.millis();
            // Writes journaled by an earlier cycle that did not finish (crash, tool down) go first.
            apply.writeBacks();
            if (keys == null) {
                SnapshotIndex kept = keptIndex.take(begun.generation());
                index = kept != null ? CompletableFuture.completedFuture(new KeptIndex.Held(kept, begun.generation())) : loadIndex();
                if (kept != null) {
                    LOG.debug("snapshot index of {} kept from the last cycle", kept.size());
                }
            }
            long mark = clock.millis();
            boolean pulled = store.inTransaction(tx -> {
                new PullPhase(cycle, tool, retry).run(tx);
                long writeBacks = cycle.writeBackContacts.size();
                // (no CRM count where the guard cannot hold: a CRM failure there would throw away a completed pull)
                if (writeBacks > 0 && !force && audience.blastRadius().mayHold()) {
                    long contacts = countContacts();
                    if (audience.blastRadius().exceeded(writeBacks, contacts)) {
                        tx.setRollbackOnly();
                        report.message("held: the events pulled would write back to " + writeBacks + " of " + contacts
                                + " CRM contacts, more than blastRadius " + audience.blastRadius()
                                + "; nothing was written; check the list id and mapping, then run with --force");
                        report.outcome(CycleOutcome.HELD);
                        return false;
                    }
                }
                return true;
            });
            if (!pulled) {
                return;
            }
            LOG.debug("pull: {} ms", clock.millis() - mark);
            mark = clock.millis();
            apply.writeBacks();
            LOG.debug("write-backs: {} ms", clock.millis() - mark);
            mark = clock.millis();
            // waited for outside a transaction: an in-memory SQLite store has one connection, which the loading needs
            KeptIndex.Held loaded = index == null ? null : OwnThread.join(index);
            LOG.debug("snapshot index of {} waited for {} ms", loaded == null ? 0 : loaded.index().size(),
                    clock.millis() - mark);
            SavedRowSums saved = loaded == null ? null : new SavedRowSums();
            Diffed diffed = store.inTransaction(tx -> new Diffed(
                    diff(tx, cycle, force, keys, loaded == null ? null : loaded.index(), saved),
                    tx.snapshots().generationChange(audience.name())));
            if (loaded != null) {
                keptIndex.afterDiff(loaded, diffed.planned(), saved, diffed.generation());
            }
            LOG.debug("diff: {} ms", clock.millis() - mark);
            if (!diffed.planned()) {
                return;
            }
            mark = clock.millis();
            apply.toolWrites();
            if (apply.hasFollowUps()) {
                apply.toolWrites();
            }
            apply.writeBacks();
            LOG.debug("tool writes: {} ms; cycle before its record: {} ms", clock.millis() - mark, clock.millis() - started);
            if (report.outcome() == CycleOutcome.DONE) {
                retention.afterCycle(cycle);
            }
        } finally {
            if (index != null) {
                index.exceptionally(e -> null).join(); // a cycle ended early: no loading outlives it
            }
            finish(cycle, report);
        }
    }

    /**
     * Loads the snapshot index on its own thread, over a read-only connection, while the event pull runs: the
     * pull and its write-backs never change snapshots, and the CRM is read only once they are done.
     */
    /** A diff's transaction: whether it planned (and committed), and what it did to the snapshots' generation. */
    private record Diffed(boolean planned, Optional<Snapshots.GenerationChange> generation) {
    }

    private CompletableFuture<KeptIndex.Held> loadIndex() {
        return OwnThread.start("listbridge-snapshot-index-" + audience.name(), () -> {
            long started = clock.millis();
            KeptIndex.Held loaded = store.read(tx -> new KeptIndex.Held(tx.snapshots().readIndex(audience.name()),
                    tx.snapshots().generation(audience.name())));
            LOG.debug("snapshot index of {} loaded in {} ms", loaded.index().size(), clock.millis() - started);
            return loaded;
        });
    }

    private boolean diff(StateTx tx, Cycle cycle, boolean force, Set<String> keys) {
        return diff(tx, cycle, force, keys, null, null);
    }

    /**
     * Reads the CRM (only {@code keys} when given) and plans; false (and rolled back) when duplicate keys or the
     * guard stop it. A full cycle compares against {@code loaded}, or loads the snapshot index itself when null.
     */
    private boolean diff(StateTx tx, Cycle cycle, boolean force, Set<String> keys, SnapshotIndex loaded,
                         SavedRowSums saved) {
        long started = clock.millis();
        long population = tx.members().countActive(audience.name());
        long counted = clock.millis();
        SnapshotIndex index = keys != null ? null : loaded != null ? loaded : tx.snapshots().index(audience.name());
        LOG.debug("active members counted in {} ms, snapshot index of {} {}", counted - started, index == null ? 0 : index.size(),
                loaded != null ? "kept or loaded beside the pull" : "loaded in " + (clock.millis() - counted) + " ms");
        DiffPhase diff = keys == null ? DiffPhase.full(cycle, tx, index, saved) : DiffPhase.only(cycle, tx, keys);
        ContactSelection selection = new ContactSelection(audience.filter(), audience.consent());
        try {
            crm.readContacts(keys == null ? selection : selection.onlyKeys(keys), contact -> {
                diff.onContact(contact);
                if (diff.read() % PROGRESS_EVERY == 0) {
                    progress.update(CycleReport.CONTACTS_READ, diff.read());
                }
            });
        } catch (RetriableException e) {
            throw new CrmUnavailableException(e);
        }
        diff.finishReading();
        progress.update(CycleReport.CONTACTS_READ, diff.read());
        if (!diff.duplicates().isEmpty()) {
            tx.setRollbackOnly();
            cycle.report.message("duplicate CRM keys in the contacts query: " + String.join(", ",
                    diff.duplicates().stream().limit(20).toList()) + (diff.duplicates().size() > 20 ? ", ..." : "")
                    + "; nothing was pushed; make crm.contacts.key unique");
            cycle.report.outcome(CycleOutcome.FAILED);
            return false;
        }
        if (keys == null) {
            diff.leavers();
        } else {
            diff.leaversAmongKeys();
        }
        tx.seenKeys().clear(cycle.runId);
        if (!cycle.report.plan() && !force && diff.removals() > 0
                && audience.blastRadius().exceeded(diff.removals(), population)) {
            tx.setRollbackOnly();
            cycle.report.message("held: this cycle would unsubscribe or remove " + diff.removals() + " of " + population
                    + " members, more than blastRadius " + audience.blastRadius()
                    + "; nothing was changed; check the selection and mapping, then run with --force");
            cycle.report.outcome(CycleOutcome.HELD);
            return false;
        }
        if (cycle.report.plan() && diff.removals() > 0 && audience.blastRadius().exceeded(diff.removals(), population)) {
            cycle.report.message("a sync would be held by the blast-radius guard: " + diff.removals() + " of " + population
                    + " members unsubscribed or removed");
        }
        long cutoff = clock.millis() - audience.pendingTimeout().toMillis();
        long unconfirmed = tx.members().countPendingSince(audience.name(), cutoff);
        if (unconfirmed > 0) {
            String label = "double opt-in not confirmed within " + audience.pendingTimeout().toDays() + " days";
            List<MemberRow> examples = tx.members().pendingSince(audience.name(), cutoff, CycleReport.SAMPLES);
            examples.forEach(pending -> cycle.report.item(label, pending.address()));
            cycle.report.add(label, unconfirmed - examples.size());
        }
        return true;
    }

    private long countContacts() {
        try {
            return crm.countContacts();
        } catch (RetriableException e) {
            throw new CrmUnavailableException(e);
        }
    }

    private void finish(Cycle cycle, CycleReport report) {
        store.inTransaction(tx -> {
            long pending = tx.outbox().countPending(audience.name());
            long dead = tx.outbox().countDead(audience.name());
            if (pending > 0) {
                report.add("operations still pending", pending);
                report.outcome(CycleOutcome.PARTIAL);
            }
            if (dead > 0) {
                report.add("dead letters in total", dead);
            }
            tx.runs().finish(cycle.runId, clock.millis(), report.outcome().name().toLowerCase(java.util.Locale.ROOT),
                    Json.write(Map.of("counts", report.counts(), "samples", report.samples(), "messages", report.messages())));
            return null;
        });
        LOG.info("cycle {} of {}: {} {}", cycle.runId, audience.name(), report.outcome(), report.counts());
    }
}
