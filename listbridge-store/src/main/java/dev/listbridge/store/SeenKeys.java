package dev.listbridge.store;

import java.util.ArrayList;
import java.util.List;

/** CRM keys read in one run: finds duplicates and, by absence, contacts that left the selection. */
public final class SeenKeys {
    private static final String ADD = Upsert.sql("seen_key", new String[] {"run_id", "contact_key"}, new String[0]);
    private final Jdbc jdbc;

    SeenKeys(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records keys as seen in a run.
     *
     * @return the keys that had been seen already in this run (duplicates)
     */
    public List<String> add(long runId, List<String> keys) {
        List<Boolean> firstTimes = addAll(runId, keys);
        List<String> duplicates = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (!firstTimes.get(i)) {
                duplicates.add(keys.get(i));
            }
        }
        return duplicates;
    }

    /**
     * Records keys as seen in a run, in one batch.
     *
     * @return for each key in order, whether it was seen here for the first time in this run (false: a duplicate,
     *         seen before or earlier in {@code keys})
     */
    public List<Boolean> addAll(long runId, List<String> keys) {
        List<Object[]> args = new ArrayList<>(keys.size());
        for (String key : keys) {
            args.add(new Object[] {runId, key});
        }
        int[] counts = jdbc.batchCounts(ADD, args);
        List<Boolean> firstTimes = new ArrayList<>(keys.size());
        for (int count : counts) {
            if (count < 0) {
                throw new StateStoreException("the state store's driver did not count the rows of a batch (" + count + ")");
            }
            firstTimes.add(count > 0);
        }
        return firstTimes;
    }

    public boolean contains(long runId, String key) {
        return jdbc.count("SELECT COUNT(*) FROM seen_key WHERE run_id = ? AND contact_key = ?", runId, key) > 0;
    }

    public void clear(long runId) {
        jdbc.update("DELETE FROM seen_key WHERE run_id = ?", runId);
    }
}
