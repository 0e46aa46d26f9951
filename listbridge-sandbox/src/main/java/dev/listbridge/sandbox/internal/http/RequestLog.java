package dev.listbridge.sandbox.internal.http;

import dev.listbridge.sandbox.RecordedRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The most recent API requests with their answers, in the order the answers were finished. Bounded in
 * count and in bytes, so that a long-running sandbox (the demo, a benchmark) does not keep every page of
 * members it ever served; the oldest requests are dropped first.
 */
public final class RequestLog {
    /** How many requests are kept at most. */
    public static final int CAPACITY = 2_000;
    /** How many characters of request and response bodies are kept at most, all requests together. */
    public static final long BODY_BUDGET = 16L * 1024 * 1024;
    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    private long bodyChars;

    public synchronized void add(RecordedRequest request) {
        requests.addLast(request);
        bodyChars += size(request);
        while (requests.size() > CAPACITY || bodyChars > BODY_BUDGET && requests.size() > 1) {
            bodyChars -= size(requests.removeFirst());
        }
    }

    public synchronized List<RecordedRequest> all() {
        return List.copyOf(requests);
    }

    public synchronized void clear() {
        requests.clear();
        bodyChars = 0;
    }

    private static long size(RecordedRequest request) {
        return (request.body() == null ? 0 : request.body().length())
                + (request.responseBody() == null ? 0 : request.responseBody().length());
    }
}
