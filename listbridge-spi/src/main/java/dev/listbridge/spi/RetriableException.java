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
    private final boolean notCarriedOut;
    private final boolean carriedOut;

    /** A failure after which the tool may or may not have carried the call out (a 5xx, a timeout, a reset). */
    public RetriableException(String message, int httpStatus, Duration retryAfter, Throwable cause) {
        this(message, httpStatus, retryAfter, cause, false);
    }

    /**
     * @param notCarriedOut true only where the failure proves the tool did not carry the call out (e.g. a 429
     *                      refusing it before any work, a connection never made); see {@link #notCarriedOut()}
     * @since 1.3
     */
    public RetriableException(String message, int httpStatus, Duration retryAfter, Throwable cause, boolean notCarriedOut) {
        this(message, httpStatus, retryAfter, cause, notCarriedOut, false);
    }

    private RetriableException(String message, int httpStatus, Duration retryAfter, Throwable cause, boolean notCarriedOut,
                               boolean carriedOut) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.notCarriedOut = notCarriedOut;
        this.carriedOut = carriedOut;
    }

    /**
     * A failure after the tool had begun to answer that it handled the call (a 2xx status) and before its answer
     * could be read whole (the connection cut during the body, a body that is not complete): the tool had carried
     * the call out by then, so nothing of it can change in the tool after this failure; see {@link #carriedOut()}.
     *
     * @param httpStatus the 2xx status the tool answered with
     * @since 1.4
     */
    public static RetriableException answerLost(String message, int httpStatus, Throwable cause) {
        return new RetriableException(message, httpStatus, null, cause, false, true);
    }

    public RetriableException(String message, Throwable cause) {
        this(message, 0, null, cause);
    }

    /** The wait the tool asked for, if it named one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Whether the failure proves that the tool did not carry the call out, so that nothing of it can appear in
     * the tool later. False (the default) where it may have: a 500 or 502 (a server or gateway failing part way),
     * a timeout, a reset or a cut answer. The engine then counts with the call's change showing up in a later
     * poll as its own write coming back.
     *
     * @since 1.3
     */
    public boolean notCarriedOut() {
        return notCarriedOut;
    }

    /**
     * Whether the failure came after the tool had carried the call out and ended it ({@link #answerLost}): what the
     * answer would have said is lost, but the call cannot take effect any later. The engine uses it for its own
     * unsubscribes: a member polled unsubscribed with a change time after such a failure is the recipient's opt-out.
     * False (the default) where the tool may still be carrying the call out (a timeout, a reset before any answer, a
     * 500, 502 or 504).
     *
     * @since 1.4
     */
    public boolean carriedOut() {
        return carriedOut;
    }

    /** The HTTP status, or 0 when the failure happened below HTTP (timeout, reset). */
    public int httpStatus() {
        return httpStatus;
    }
}
