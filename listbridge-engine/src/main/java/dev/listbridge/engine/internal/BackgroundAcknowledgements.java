package dev.listbridge.engine.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Commits acknowledgements of CRM write-backs on a thread of their own, one at a time and in the order handed in, so
 * that the state store commits one page's acknowledgements while the CRM runs the next page's statements: two
 * databases, each of which the cycle otherwise waits for in turn. Whoever uses the state store next waits for the one
 * under way first ({@link #await}): an SQLite store has a single connection, and a failed acknowledgement must surface
 * in the cycle. A crash before an acknowledgement is committed applies its write-backs again, as before: they are
 * idempotent in effect (DESIGN.md section 7).
 */
final class BackgroundAcknowledgements {
    private final String threadName;
    private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

    BackgroundAcknowledgements(String threadName) {
        this.threadName = threadName;
    }

    /** Waits for the acknowledgement under way, then starts this one. */
    void submit(Runnable acknowledgement) {
        await();
        running = OwnThread.start(threadName, () -> {
            acknowledgement.run();
            return null;
        });
    }

    /** Waits for the acknowledgement under way, if any; its failure is thrown here, once. */
    void await() {
        CompletableFuture<Void> waited = running;
        running = CompletableFuture.completedFuture(null);
        OwnThread.join(waited);
    }
}
