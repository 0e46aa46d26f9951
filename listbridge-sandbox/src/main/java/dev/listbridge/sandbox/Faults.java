package dev.listbridge.sandbox;

import dev.listbridge.sandbox.internal.http.Fault;
import dev.listbridge.sandbox.internal.http.FaultBook;
import java.time.Duration;

/**
 * Fault injection for API requests. Each rule names a method ({@code null} or {@code "*"} for any)
 * and a regular expression that must match the whole request path, with or without the
 * {@code /3.0} prefix (e.g. {@code "/lists/[^/]+/members.*"}), and applies to the next
 * {@code times} matching requests. Rules are consumed in the order they were added. Faults
 * apply after authentication and the connection limit, so a delayed request holds its slot.
 */
public final class Faults {
    private final FaultBook book;

    Faults(FaultBook book) {
        this.book = book;
    }

    /** Answer the next {@code times} matching requests with this status (e.g. 500, 502, 503) as problem+json. */
    public Faults respondWith(String method, String pathRegex, int status, int times) {
        book.add(method, pathRegex, new Fault.Status(status, null), times);
        return this;
    }

    /** 429 "Too Many Requests"; with a {@code Retry-After} header (whole seconds) when {@code retryAfter} is not null. */
    public Faults tooManyRequests(String method, String pathRegex, Duration retryAfter, int times) {
        book.add(method, pathRegex, new Fault.Status(429, retryAfter), times);
        return this;
    }

    /** Wait before processing (e.g. longer than the client's timeout); closing the sandbox ends the wait. */
    public Faults delay(String method, String pathRegex, Duration delay, int times) {
        book.add(method, pathRegex, new Fault.Delay(delay), times);
        return this;
    }

    /**
     * Process the request at once, then hold the answer this long (e.g. longer than the client's
     * timeout): the change is made, but a client that gave up never learns it. Closing the sandbox
     * ends the wait.
     */
    public Faults delayAnswer(String method, String pathRegex, Duration delay, int times) {
        book.add(method, pathRegex, new Fault.DelayAnswer(delay), times);
        return this;
    }

    /** Close the connection without an answer: the client sees an IOException. The request is not processed. */
    public Faults resetConnection(String method, String pathRegex, int times) {
        book.add(method, pathRegex, new Fault.Reset(), times);
        return this;
    }

    /**
     * Process the request, then send valid headers (announcing the full length) and half the body
     * and close the connection: the client sees an IOException while reading the body. The change
     * the request made stays made, as when a real answer is lost.
     */
    public Faults truncateBody(String method, String pathRegex, int times) {
        book.add(method, pathRegex, new Fault.Truncate(), times);
        return this;
    }

    /** In batch subscribe, this address always fails with {@code error} (ERROR_GENERIC), until {@link #clear()}. */
    public Faults failBatchMember(String email, String error) {
        book.failBatchMember(email, error);
        return this;
    }

    /** How many request rules are still waiting to fire. */
    public int pending() {
        return book.pending().size();
    }

    public void clear() {
        book.clear();
    }
}
