package dev.listbridge.sandbox.internal.http;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Injected delays wait on this, so that closing the sandbox does not wait for them. */
public final class ShutdownSignal {
    private final CountDownLatch closed = new CountDownLatch(1);

    /** Waits for the delay or until shutdown, whichever comes first. */
    public void pause(Duration delay) {
        try {
            closed.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public void signal() {
        closed.countDown();
    }
}
