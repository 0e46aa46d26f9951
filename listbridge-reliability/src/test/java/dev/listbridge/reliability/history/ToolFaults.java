package dev.listbridge.reliability.history;

import java.time.Duration;

/**
 * The sandbox faults histories inject, by endpoint and kind. Delays before processing are only put on reads:
 * a write held past the client's timeout and processed after its retry could overwrite a later write, which
 * no client can prevent; a write whose answer is late ({@code delayAnswer}) is the realistic case.
 */
final class ToolFaults {
    static final int ENDPOINTS = 7;
    static final int KINDS = 9;
    private static final String[][] ENDPOINT = {
            {"POST", "/lists/[^/]+"},                     // batch subscribe: upserts, unsubscribes
            {"GET", "/lists/[^/]+/members"},              // events and the first sync's import
            {"GET", "/lists/[^/]+/abuse-reports"},        // complaints
            {"*", "/lists/[^/]+/segments.*"},             // tags
            {"*", "/lists/[^/]+/merge-fields"},           // preparing the audience
            {"*", "/lists/[^/]+/members/[^/]+"},          // rename, archive
            {"*", ".*"}                                   // anything
    };
    /** Longer than {@link HistoryWorld#REQUEST_TIMEOUT}. */
    static final Duration SLOW = HistoryWorld.REQUEST_TIMEOUT.plusMillis(100);

    private ToolFaults() {
    }

    /** Adds the rule; returns a short description for figures. */
    static String inject(dev.listbridge.sandbox.Faults faults, int endpoint, int kind, int times) {
        String method = ENDPOINT[endpoint][0];
        String path = ENDPOINT[endpoint][1];
        return switch (kind) {
            case 0 -> {
                faults.tooManyRequests(method, path, Duration.ZERO, times);
                yield "429 with Retry-After";
            }
            case 1 -> {
                faults.tooManyRequests(method, path, null, times);
                yield "429 without Retry-After";
            }
            case 2 -> {
                faults.respondWith(method, path, 500, times);
                yield "500";
            }
            case 3 -> {
                faults.respondWith(method, path, 502, times);
                yield "502";
            }
            case 4 -> {
                faults.respondWith(method, path, 503, times);
                yield "503";
            }
            case 5 -> {
                faults.delayAnswer(method, path, SLOW, Math.min(times, 2));
                yield "answer slower than the timeout";
            }
            case 6 -> {
                faults.resetConnection(method, path, times);
                yield "connection reset";
            }
            case 7 -> {
                faults.truncateBody(method, path, times);
                yield "truncated body";
            }
            default -> {
                faults.delay("GET", endpoint == 1 || endpoint == 2 ? path : "/lists/[^/]+/members", SLOW, Math.min(times, 2));
                yield "read slower than the timeout";
            }
        };
    }
}
