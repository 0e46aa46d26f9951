package dev.listbridge.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one cycle did (or, for a plan, would do): counts per kind, the first items of each kind, and
 * the messages that explain failures and holds.
 */
public final class CycleReport {
    /** Count labels that callers read back; the others are for people only. */
    public static final String CONTACTS_READ = "contacts read";
    public static final String NEW_MEMBERS = "new members";
    public static final String NEW_MEMBERS_PENDING = "new members (pending double opt-in)";
    public static final String MEMBERS_UPDATED = "members updated";
    public static final String WRITE_BACKS_APPLIED = "write-backs applied";
    public static final String WRITE_BACKS_MATCHING_NO_ROW = "write-backs that matched no CRM row";
    public static final String INVALID_ADDRESSES = "invalid addresses (not pushed)";
    public static final String DEAD_LETTERS = "dead letters (kept with the refusal's message, retried next cycle)";
    public static final String RELEASED = "retired addresses re-subscribed in the tool (released)";
    public static final String TOOL_WRITES_DONE = "tool writes done";
    /** Counts of what the daily pruning removed after the retention (config key {@code retention}). */
    public static final String FINISHED_WRITES_REMOVED = "finished writes removed (retention)";
    public static final String EVENT_IDS_REMOVED = "applied event ids removed (retention)";
    public static final String RUNS_REMOVED = "run records removed (retention)";
    /** Prefix of the per-reason counts of members Listbridge unsubscribed. */
    public static final String MEMBERS_UNSUBSCRIBED = "members unsubscribed";
    /** How many items of each kind are kept as examples. */
    public static final int SAMPLES = 10;

    private final String audience;
    private final boolean plan;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, List<String>> samples = new LinkedHashMap<>();
    private final List<String> messages = new ArrayList<>();
    private CycleOutcome outcome = CycleOutcome.DONE;
    private long runId;

    public CycleReport(String audience, boolean plan) {
        this.audience = audience;
        this.plan = plan;
    }

    public void count(String kind) {
        add(kind, 1);
    }

    public void add(String kind, long n) {
        counts.merge(kind, n, Long::sum);
    }

    /** Counts one item and keeps it as an example while fewer than {@link #SAMPLES} are kept. */
    public void item(String kind, String description) {
        count(kind);
        List<String> list = samples.computeIfAbsent(kind, k -> new ArrayList<>());
        if (list.size() < SAMPLES) {
            list.add(description);
        }
    }

    public void message(String text) {
        messages.add(text);
    }

    public void outcome(CycleOutcome newOutcome) {
        // a failure outranks a hold, which outranks a partial result, which outranks done
        if (rank(newOutcome) > rank(outcome)) {
            outcome = newOutcome;
        }
    }

    private static int rank(CycleOutcome o) {
        return switch (o) {
            case DONE -> 0;
            case PARTIAL -> 1;
            case HELD -> 2;
            case FAILED -> 3;
        };
    }

    public void runId(long id) {
        this.runId = id;
    }

    public long runId() {
        return runId;
    }

    public String audience() {
        return audience;
    }

    public boolean plan() {
        return plan;
    }

    public CycleOutcome outcome() {
        return outcome;
    }

    public long get(String kind) {
        return counts.getOrDefault(kind, 0L);
    }

    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    public Map<String, List<String>> samples() {
        return Collections.unmodifiableMap(samples);
    }

    public List<String> messages() {
        return Collections.unmodifiableList(messages);
    }
}
