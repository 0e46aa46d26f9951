package dev.listbridge.engine.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Commits acknowledgements on a thread of their own, one at a time and in the order handed in, so that the state store
 * commits one batch's acknowledgements while the next batch is under way elsewhere: CRM write-backs while the CRM runs
 * the next page's statements, tool writes while the tool takes the next batch. Otherwise the cycle waits for each in
 * turn. Whoever uses the state store next waits for the one under way first ({@link #await}): an SQLite store has a
 * single connection, and a failed acknowledgement must surface in the cycle. A crash before an acknowledgement is
 * committed carries out its writes again, as before: they are idempotent in effect (DESIGN.md sections 5 and 7).
 */
final class BackgroundAcknowledgements {
    private final String threadName;
    private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

    BackgroundAcknowledgements(String threadName) {
        this.threadName = threadName;
    }

    /**
     * Runs {@code work} with acknowledgements on a thread of this name, and waits for the last of them before returning
     * or throwing (a failed acknowledgement is added to the work's own failure as suppressed).
     */
    static void around(String threadName, Consumer<BackgroundAcknowledgements> work) {
        BackgroundAcknowledgements acknowledgements = new BackgroundAcknowledgements(threadName);
        try {
            work.accept(acknowledgements);
        } catch (RuntimeException | Error e) {
            try {
                acknowledgements.await();
            } catch (RuntimeException failed) {
                e.addSuppressed(failed);
            }
            throw e;
        }
        acknowledgements.await();
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
