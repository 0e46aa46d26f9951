package dev.listbridge.engine.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.MDC;

/** Work a cycle hands to a daemon thread of its own, logging with the cycle's context, and waits for later. */
final class OwnThread {
    private OwnThread() {
    }

    /** Starts {@code work} on a new daemon thread named {@code name}, with the caller's log context (audience, tool). */
    static <T> CompletableFuture<T> start(String name, Supplier<T> work) {
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        return CompletableFuture.supplyAsync(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            return work.get();
        }, task -> Thread.ofPlatform().daemon(true).name(name).start(task));
    }

    /** Waits for {@code future}; a failure is thrown as the work threw it. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
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
