package dev.listbridge.engine;

import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.engine.config.RetryConfig;
import dev.listbridge.engine.internal.CycleRunner;
import dev.listbridge.spi.CrmSource;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import dev.listbridge.spi.ToolEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.Set;

/**
 * Runs cycles for one audience (DESIGN.md section 5): pull tool events and write them back to the CRM,
 * read and diff the CRM, plan, guard, apply through the outbox, record the run.
 */
public final class SyncEngine {
    private final CycleRunner runner;

    /**
     * @param toolName     the tool's name under {@code tools:}
     * @param crmWriteBack the CRM's write-back statements by name (the audience may override them)
     * @param retention    how long finished writes, applied event ids and run records are kept (config key
     *                     {@code retention})
     */
    public SyncEngine(StateStore store, CrmSource crm, ToolConnector tool, String toolName, AudienceConfig audience,
                      Map<String, String> crmWriteBack, RetryConfig retry, Duration retention, Clock clock,
                      Progress progress) {
        this.runner = new CycleRunner(Objects.requireNonNull(store), Objects.requireNonNull(crm), Objects.requireNonNull(tool),
                toolName, audience, Map.copyOf(crmWriteBack), retry, Objects.requireNonNull(retention), clock, progress);
    }

    /** What one cycle would do, in both directions. Writes nothing to the CRM or the tool and moves no cursor. */
    public CycleReport plan() {
        return runner.run(true, false);
    }

    /**
     * One cycle.
     *
     * @param force release the blast-radius guard for this cycle
     */
    public CycleReport sync(boolean force) {
        return runner.run(false, force);
    }

    /**
     * An incremental cycle, for change capture: as {@link #sync}, pending write-backs first, then the event
     * pull and its write-backs, but the diff reads only the contacts with the given keys. Of those, the ones
     * with a snapshot that were not read (deleted, or no longer in the audience's selection) leave the
     * selection; contacts not among the keys are not touched. Recorded as a run of kind {@code incremental}.
     *
     * @param keys  the CRM keys that changed; keys that match no contact are fine
     * @param force release the blast-radius guard for this cycle
     */
    public CycleReport syncChanged(Set<String> keys, boolean force) {
        return runner.run(false, force, Set.copyOf(keys));
    }

    /**
     * Applies events the tool pushed (webhooks): suppressions, ledger and CRM write-backs as for pulled
     * events, deduplicated by event id. When the audience was never synced the report is
     * {@link CycleOutcome#PARTIAL} and nothing is recorded: apply the events again after the first cycle.
     */
    public CycleReport applyEvents(List<ToolEvent> events) {
        return runner.receive(List.copyOf(events));
    }
}
