package dev.listbridge.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may pass if the same call is made again later: HTTP 429, 5xx, a timeout, a reset
 * connection. Carries the tool's requested wait when it sent one (Retry-After). Connectors classify;
 * the engine decides how often and how long to retry.
 */
public class RetriableException extends ListbridgeException {
    private final Duration retryAfter;
    private final int httpStatus;

    public RetriableException(String message, int httpStatus, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public RetriableException(String message, Throwable cause) {
        this(message, 0, null, cause);
    }

    /** The wait the tool asked for, if it named one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The HTTP status, or 0 when the failure happened below HTTP (timeout, reset). */
    public int httpStatus() {
        return httpStatus;
    }
}
