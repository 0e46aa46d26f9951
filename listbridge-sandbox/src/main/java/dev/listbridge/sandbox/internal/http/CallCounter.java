package dev.listbridge.sandbox.internal.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many API requests arrived per route, e.g. {@code "POST /lists/{list_id}"}: every request, whatever
 * it was answered (a 429 is a call the client made too). Unlike the {@link RequestLog}, nothing is
 * dropped, so a benchmark can count a million members' worth of calls.
 */
public final class CallCounter {
    /** The key of requests no route knows. */
    public static final String UNKNOWN_ROUTE = "(no route)";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void count(String method, String template) {
        counts.computeIfAbsent(method + " " + template, key -> new LongAdder()).increment();
    }

    /** Calls per "METHOD template", sorted by key. */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((key, count) -> snapshot.put(key, count.sum()));
        return snapshot;
    }

    public void clear() {
        counts.clear();
    }
}
