package dev.listbridge.engine.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs steps of a cycle's work on a thread of their own, one at a time and in the order handed in, while the caller
 * prepares the next: the state store commits one batch's acknowledgements while the next batch is under way elsewhere
 * (CRM write-backs while the CRM runs the next page's statements, tool writes while the tool takes the next batch), and
 * the diff plans one page of changed contacts while the CRM's next ones are read and compared. Otherwise the cycle
 * waits for each in turn. Whoever uses the state store next waits for the step under way first ({@link #await}): an
 * SQLite store has a single connection, and a failed step must surface in the cycle. A crash before an acknowledgement
 * is committed carries out its writes again, as before: they are idempotent in effect (DESIGN.md sections 5 and 7).
 */
final class BackgroundWork {
    private final String threadName;
    private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

    BackgroundWork(String threadName) {
        this.threadName = threadName;
    }

    /**
     * Runs {@code work} with steps on a thread of this name, and waits for the last of them before returning or
     * throwing (a failed step is added to the work's own failure as suppressed).
     */
    static void around(String threadName, Consumer<BackgroundWork> work) {
        BackgroundWork steps = new BackgroundWork(threadName);
        try {
            work.accept(steps);
        } catch (RuntimeException | Error e) {
            try {
                steps.await();
            } catch (RuntimeException failed) {
                e.addSuppressed(failed);
            }
            throw e;
        }
        steps.await();
    }

    /** Waits for the step under way, then starts this one. */
    void submit(Runnable step) {
        await();
        running = OwnThread.start(threadName, () -> {
            step.run();
            return null;
        });
    }

    /** Waits for the step under way, if any; its failure is thrown here, once. */
    void await() {
        CompletableFuture<Void> waited = running;
        running = CompletableFuture.completedFuture(null);
        OwnThread.join(waited);
    }
}
