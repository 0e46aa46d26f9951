package dev.listbridge.bench;

import java.nio.file.Path;

/**
 * How to run the benchmark.
 *
 * @param contacts         how many CRM contacts to generate (at least 1,000)
 * @param events           how many recipient events to create for the event pull; capped at half the subscribed members
 * @param keep             keep the CRM database and the work folder (state store, config, sandbox log) afterwards
 * @param database         the CRM database's name on the PostgreSQL server
 * @param embeddedPostgres use an embedded PostgreSQL even when the machine's server answers
 * @param sandboxHeapMb    the sandbox process's heap in MiB; 0 picks one from the number of contacts
 * @param seed             the seed of the generated data and events
 * @param workDir          where the state store, config and sandbox log go; null for a new temporary folder
 * @param settleSeconds    how long to leave the tool untouched after the first cycle after the push, before the
 *                         cycle that catches up with it (see {@link BenchRunner}); 0 for no wait
 */
public record BenchOptions(int contacts, int events, boolean keep, String database, boolean embeddedPostgres,
                           int sandboxHeapMb, long seed, Path workDir, int settleSeconds) {
    public static final String DEFAULT_DATABASE = "listbridge_bench";
    public static final int DEFAULT_EVENTS = 100_000;
    public static final long DEFAULT_SEED = 2026;
    /** A minute and a second: the engine's pull re-reads the minute before the newest change it saw (changes may become visible that late). */
    public static final int DEFAULT_SETTLE_SECONDS = 61;

    public BenchOptions {
        if (contacts < 1_000) {
            throw new IllegalArgumentException("--contacts must be at least 1000, was " + contacts);
        }
        if (events < 3) {
            throw new IllegalArgumentException("--events must be at least 3, was " + events);
        }
        if (sandboxHeapMb < 0) {
            throw new IllegalArgumentException("--sandbox-heap must not be negative, was " + sandboxHeapMb);
        }
        if (settleSeconds < 0) {
            throw new IllegalArgumentException("--settle must not be negative, was " + settleSeconds);
        }
        database = database == null ? DEFAULT_DATABASE : database;
        CrmDatabase.checkName(database); // a usage error before anything runs, not a broken run
    }

    /** The sandbox's heap in MiB: 3 KiB per contact (a member with its fields, tags and indexes), plus 512 MiB to work in. */
    int sandboxHeap() {
        return sandboxHeapMb > 0 ? sandboxHeapMb : (int) (512 + contacts * 3L / 1024);
    }
}
