package dev.listbridge.store;

import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;

/** One state store transaction, with the tables grouped by what they hold. */
public final class StateTx {
    private final Jdbc jdbc;
    /** The generation each audience's snapshots had before this transaction first wrote them, and have after. */
    private final Map<String, Snapshots.GenerationChange> snapshotGenerations = new HashMap<>();
    private boolean rollbackOnly;

    StateTx(Connection connection) {
        this.jdbc = new Jdbc(connection);
    }

    /** Makes the transaction roll back when the work returns (plans, held cycles). */
    public void setRollbackOnly() {
        rollbackOnly = true;
    }

    boolean rollbackOnly() {
        return rollbackOnly;
    }

    /** Runs the writes held back to be batched ({@link Jdbc#defer}); before the commit. */
    void flush() {
        jdbc.flush();
    }

    void close() {
        jdbc.close();
    }

    /** For the store's own tests. */
    Jdbc jdbc() {
        return jdbc;
    }

    public Snapshots snapshots() {
        return new Snapshots(jdbc, snapshotGenerations);
    }

    public Ledger ledger() {
        return new Ledger(jdbc);
    }

    public Members members() {
        return new Members(jdbc);
    }

    public Suppressions suppressions() {
        return new Suppressions(jdbc);
    }

    public Outbox outbox() {
        return new Outbox(jdbc);
    }

    public ProcessedEvents processedEvents() {
        return new ProcessedEvents(jdbc);
    }

    public Cursors cursors() {
        return new Cursors(jdbc);
    }

    public Runs runs() {
        return new Runs(jdbc);
    }

    public Audit audit() {
        return new Audit(jdbc);
    }

    public SeenKeys seenKeys() {
        return new SeenKeys(jdbc);
    }
}
