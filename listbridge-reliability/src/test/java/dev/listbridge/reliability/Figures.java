package dev.listbridge.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The counts of one run of the proof, shared by every test class in the JVM (failsafe runs them in one fork)
 * and printed once at the end by {@link SummaryListener}: histories, steps, faults, kills, bad inputs and
 * violations, plus finer counts (kills per phase, bad inputs per kind) for docs/RELIABILITY.md.
 */
public final class Figures {
    /** The counts of the summary line, in its order. */
    public enum Count {
        HISTORIES("histories"), STEPS("steps"), FAULTS("faults"), KILLS("kills"), BAD_INPUTS("bad_inputs"),
        VIOLATIONS("violations");

        private final String label;

        Count(String label) {
            this.label = label;
        }
    }

    private static final Map<Count, AtomicLong> COUNTS = new ConcurrentSkipListMap<>();
    private static final Map<String, AtomicLong> DETAILS = new ConcurrentSkipListMap<>();

    static {
        for (Count count : Count.values()) {
            COUNTS.put(count, new AtomicLong());
        }
    }

    private Figures() {
    }

    public static void add(Count count, long n) {
        COUNTS.get(count).addAndGet(n);
    }

    public static void count(Count count) {
        add(count, 1);
    }

    /** A finer count, e.g. {@code kills at phase crm-read} or {@code bad config: wrong type}. */
    public static void detail(String name, long n) {
        DETAILS.computeIfAbsent(name, key -> new AtomicLong()).addAndGet(n);
    }

    /** A finer count so far (0 when never added to). */
    public static long detail(String name) {
        AtomicLong value = DETAILS.get(name);
        return value == null ? 0 : value.get();
    }

    public static long get(Count count) {
        return COUNTS.get(count).get();
    }

    /** Whether any test of the proof ran in this JVM. */
    static boolean used() {
        return COUNTS.values().stream().anyMatch(value -> value.get() > 0) || !DETAILS.isEmpty();
    }

    /** {@code reliability: histories=N steps=S faults=F kills=K bad_inputs=B violations=V}. */
    public static String line() {
        return "reliability: " + COUNTS.entrySet().stream()
                .map(entry -> entry.getKey().label + "=" + entry.getValue().get())
                .collect(Collectors.joining(" "));
    }

    /** The summary line and every finer count, one per line, for the record of a run. */
    static void write(Path folder) {
        StringBuilder text = new StringBuilder(line()).append('\n');
        DETAILS.forEach((name, value) -> text.append(name).append(" = ").append(value.get()).append('\n'));
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("figures.txt"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
