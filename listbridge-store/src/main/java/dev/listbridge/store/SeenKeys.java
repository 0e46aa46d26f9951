package dev.listbridge.store;

import java.util.ArrayList;
import java.util.List;

/** CRM keys read in one run: finds duplicates and, by absence, contacts that left the selection. */
public final class SeenKeys {
    private final Jdbc jdbc;
    private final Dialect dialect;

    SeenKeys(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /**
     * Records keys as seen in a run.
     *
     * @return the keys that had been seen already in this run (duplicates)
     */
    public List<String> add(long runId, List<String> keys) {
        List<String> duplicates = new ArrayList<>();
        String sql = Upsert.sql(dialect, "seen_key", new String[] {"run_id", "contact_key"}, new String[0]);
        if (dialect == Dialect.H2) {
            sql = "INSERT INTO seen_key (run_id, contact_key) SELECT ?, ? WHERE NOT EXISTS "
                    + "(SELECT 1 FROM seen_key WHERE run_id = ? AND contact_key = ?)";
        }
        for (String key : keys) {
            int inserted = dialect == Dialect.H2 ? jdbc.update(sql, runId, key, runId, key) : jdbc.update(sql, runId, key);
            if (inserted == 0) {
                duplicates.add(key);
            }
        }
        return duplicates;
    }

    public void clear(long runId) {
        jdbc.update("DELETE FROM seen_key WHERE run_id = ?", runId);
    }
}
