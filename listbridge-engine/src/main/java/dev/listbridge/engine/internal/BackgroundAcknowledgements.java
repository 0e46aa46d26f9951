package dev.listbridge.engine.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.MDC;

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
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        running = CompletableFuture.runAsync(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            acknowledgement.run();
        }, task -> Thread.ofPlatform().daemon(true).name(threadName).start(task));
    }

    /** Waits for the acknowledgement under way, if any; its failure is thrown here, once. */
    void await() {
        CompletableFuture<Void> waited = running;
        running = CompletableFuture.completedFuture(null);
        try {
            waited.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
