package dev.listbridge.sandbox.internal.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mailchimp allows 10 simultaneous connections per user; the 11th gets 429 [doc]. Counted per
 * API key here (the sandbox has one user). A request holds its slot until its answer is written,
 * including any injected delay: "a timed-out call may keep its server slot" [doc].
 */
public final class InFlightLimiter {
    public static final int LIMIT = 10;

    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /** Takes a slot; false when all are taken. Every true must be paired with {@link #release}. */
    public boolean tryAcquire(String apiKey) {
        AtomicInteger count = inFlight.computeIfAbsent(apiKey, key -> new AtomicInteger());
        if (count.incrementAndGet() > LIMIT) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    public void release(String apiKey) {
        inFlight.get(apiKey).decrementAndGet();
    }

    public int inFlight() {
        return inFlight.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
