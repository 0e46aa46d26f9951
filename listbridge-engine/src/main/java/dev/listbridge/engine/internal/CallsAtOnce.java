package dev.listbridge.engine.internal;

import dev.listbridge.spi.RetriableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Tool calls sent at the same time, each on a thread of its own, and answered in the order given. A tool answers a
 * batch in about the time it takes to apply it (Mailchimp's batch subscribe of 500 members: seconds), so a push sent one
 * call after the other waits for every call in turn; Mailchimp takes ten connections of one account at once. The calls
 * must not depend on each other's order (no address in two of them), and use the state store, if at all, in short
 * transactions of their own (nobody else holds its connection meanwhile); their answers are handled afterwards, one
 * after the other, on the caller's thread.
 */
final class CallsAtOnce {
    private CallsAtOnce() {
    }

    /** How a call ended: its answer, or the failure that remained after its retries. */
    sealed interface Ended<T> {
        record Answered<T>(T answer) implements Ended<T> {
        }

        record Failed<T>(RetriableException failure) implements Ended<T> {
        }
    }

    /**
     * Sends {@code calls} at once (a single one on the caller's thread) and waits for all of them. A call that failed
     * otherwise than retriably (bad credentials, a bug) is thrown once every call has ended, the first in order.
     */
    static <T> List<Ended<T>> send(String threadName, List<Supplier<T>> calls) {
        List<CompletableFuture<Ended<T>>> running = new ArrayList<>(calls.size());
        for (Supplier<T> call : calls) {
            running.add(calls.size() == 1
                    ? CompletableFuture.completedFuture(ended(call))
                    : OwnThread.start(threadName, () -> ended(call)));
        }
        List<Ended<T>> ended = new ArrayList<>(calls.size());
        RuntimeException thrown = null;
        for (CompletableFuture<Ended<T>> call : running) {
            try {
                ended.add(OwnThread.join(call));
            } catch (RuntimeException e) {
                thrown = thrown == null ? e : thrown;
            }
        }
        if (thrown != null) {
            throw thrown;
        }
        return ended;
    }

    private static <T> Ended<T> ended(Supplier<T> call) {
        try {
            return new Ended.Answered<>(call.get());
        } catch (RetriableException e) {
            return new Ended.Failed<>(e);
        }
    }
}
