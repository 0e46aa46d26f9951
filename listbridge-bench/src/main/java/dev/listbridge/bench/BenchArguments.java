package dev.listbridge.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The benchmark's command-line options, shared by {@code listbridge bench} and {@link BenchMain}. */
public final class BenchArguments {
    @Option(names = "--contacts", paramLabel = "N", defaultValue = "100000",
            description = "CRM contacts to generate (default: ${DEFAULT-VALUE})")
    int contacts;

    @Option(names = "--events", paramLabel = "N", defaultValue = "" + BenchOptions.DEFAULT_EVENTS,
            description = "recipient events (unsubscribes, hard bounces, complaints) for the event pull (default: ${DEFAULT-VALUE}; "
                    + "at most half the subscribed members)")
    int events;

    @Option(names = "--keep", description = "keep the CRM database and the work folder afterwards")
    boolean keep;

    @Option(names = "--database", paramLabel = "NAME", defaultValue = BenchOptions.DEFAULT_DATABASE,
            description = "the CRM database to create on the PostgreSQL server; dropped first if it exists (default: ${DEFAULT-VALUE})")
    String database;

    @Option(names = "--embedded-postgres", description = "use an embedded PostgreSQL even when 127.0.0.1:5432 answers")
    boolean embeddedPostgres;

    @Option(names = "--sandbox-heap", paramLabel = "MB", defaultValue = "0",
            description = "heap of the Mailchimp sandbox process in MiB (default: sized from --contacts)")
    int sandboxHeapMb;

    @Option(names = "--seed", defaultValue = "" + BenchOptions.DEFAULT_SEED, description = "seed of the generated data (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "where the state store, config and sandbox log go (default: a new temporary folder, deleted unless --keep)")
    Path workDir;

    @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "" + BenchOptions.DEFAULT_SETTLE_SECONDS,
            description = "seconds the tool stays untouched after the first cycle after the push, before the cycle that catches up "
                    + "with it and the steady cycle (default: ${DEFAULT-VALUE})")
    int settleSeconds;

    /** The options, checked: a value out of range is a {@link BadOptionException}. */
    public BenchOptions options() {
        try {
            return new BenchOptions(contacts, events, keep, database, embeddedPostgres, sandboxHeapMb, seed, workDir,
                    settleSeconds);
        } catch (IllegalArgumentException outOfRange) {
            throw new BadOptionException(outOfRange.getMessage());
        }
    }
}
