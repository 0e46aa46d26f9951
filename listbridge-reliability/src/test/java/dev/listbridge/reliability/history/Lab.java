package dev.listbridge.reliability.history;

import dev.listbridge.testing.MovableClock;
import dev.listbridge.sandbox.MailchimpSandbox;
import dev.listbridge.store.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the histories of one test class share: the Mailchimp sandbox (a fresh audience per history), the clock
 * it and the engine read, and an SQLite state file migrated once that each history starts from a copy of.
 */
public final class Lab implements AutoCloseable {
    public final MovableClock clock = new MovableClock(Instant.parse("2026-03-02T08:00:00Z"));
    public final MailchimpSandbox sandbox = MailchimpSandbox.start(0, clock);
    final Path folder;
    final Path template;
    private int histories;

    public Lab() {
        try {
            folder = Files.createTempDirectory("listbridge-histories");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        template = folder.resolve("template.db");
        StateStore.open("jdbc:sqlite:" + template).close();
        warmUp();
    }

    /**
     * Runs one short history whose result is thrown away. The first history in a cold JVM meets the 150 ms
     * request timeout on requests that only class loading and JIT made slow, which changes its course: a
     * regression run first would then not replay the history it names.
     */
    private void warmUp() {
        HistoryRunner.run(this, HistoryConfig.DEFAULTS, List.of(
                new Step(1, new Step.AddContact(true, 1, true, Step.AddressKind.FRESH, 0)),
                new Step(2, new Step.Sync()),
                new Step(5, new Step.Unsubscribe(0)),
                new Step(5, new Step.Sync())));
    }

    /** A fresh state file for the next history. */
    Path stateFile() {
        Path file = folder.resolve("state-" + ++histories + ".db");
        try {
            Files.copy(template, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A name for the next history's audience and CRM database, unique in this lab. */
    public String nextName() {
        return "h" + (histories + 1) + "_" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    @Override
    public void close() {
        sandbox.close();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
