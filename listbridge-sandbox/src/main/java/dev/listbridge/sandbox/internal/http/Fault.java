package dev.listbridge.sandbox.internal.http;

import java.time.Duration;

/** What an injected fault does to one response. */
public sealed interface Fault {
    /** Answer with this status (problem+json) instead of processing; {@code retryAfter} may be null. */
    record Status(int status, Duration retryAfter) implements Fault {
    }

    /** Wait this long, then process normally (holding the connection slot meanwhile). */
    record Delay(Duration delay) implements Fault {
    }

    /**
     * Process normally, then hold the answer this long before sending it: a change that is made while
     * the client, past its timeout, no longer waits for the answer (the ack is lost).
     */
    record DelayAnswer(Duration delay) implements Fault {
    }

    /** Close the connection without any answer. */
    record Reset() implements Fault {
    }

    /** Process, send the headers and half the body, then close the connection. */
    record Truncate() implements Fault {
    }
}
