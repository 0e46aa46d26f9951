package dev.listbridge.engine.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How calls to tools and the CRM are retried on 429, 5xx and timeouts, optional section {@code retry}.
 * Durations are written like {@code 500ms}, {@code 2s}, {@code 1m}.
 *
 * @param maxAttempts    attempts in all, the first included; default 6
 * @param initialDelay   the first backoff delay; default 1s
 * @param maxDelay       the longest backoff delay; default 60s
 * @param requestTimeout how long one request may take; default 30s
 */
public record RetryConfig(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration requestTimeout) {
    public static final int DEFAULT_MAX_ATTEMPTS = 6;
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public RetryConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** The retry section when the file has none. */
    public static RetryConfig defaults() {
        return new RetryConfig(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY, DEFAULT_REQUEST_TIMEOUT);
    }
}
