package dev.listbridge.bench;

import dev.listbridge.engine.Progress;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Progress of a long step, so that a user sees it move: the engine's counts (contacts read, members
 * pushed, write-backs) at most every few seconds per phase, and, when the engine is quiet for a while
 * (pulling events reports nothing), the time so far and the API calls the sandbox has answered.
 */
final class BenchProgress implements Progress, AutoCloseable {
    private static final long EVERY_NANOS = 5_000_000_000L;
    private static final long QUIET_NANOS = 20_000_000_000L;

    private final PrintWriter out;
    private final LongSupplier apiCalls;
    private final Thread ticker;
    private volatile long started = System.nanoTime();
    private volatile boolean active;
    private volatile long lastPrinted = System.nanoTime();
    private String lastPhase;

    BenchProgress(PrintWriter out, LongSupplier apiCalls) {
        this.out = out;
        this.apiCalls = apiCalls;
        this.ticker = new Thread(this::tick, "listbridge-bench-progress");
        this.ticker.setDaemon(true);
        this.ticker.start();
    }

    /** A long step starts: times count from now, and the quiet-time notes are on. */
    synchronized void begin() {
        started = System.nanoTime();
        lastPrinted = started;
        lastPhase = null;
        active = true;
    }

    /** The step ended: nothing more is printed until the next {@link #begin()}. */
    synchronized void end() {
        active = false;
    }

    @Override
    public synchronized void update(String phase, long done) {
        if (!active) {
            return;
        }
        long now = System.nanoTime();
        if (phase.equals(lastPhase) && now - lastPrinted < EVERY_NANOS) {
            return;
        }
        lastPhase = phase;
        print(String.format("    %s: %,d", phase, done));
    }

    private synchronized void print(String line) {
        if (!active) {
            return;
        }
        long now = System.nanoTime();
        out.printf("%s  (%.0f s)%n", line, (now - started) / 1e9);
        out.flush();
        lastPrinted = now;
    }

    private void tick() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            if (active && System.nanoTime() - lastPrinted >= QUIET_NANOS) {
                long calls;
                try {
                    calls = apiCalls.getAsLong();
                } catch (RuntimeException sandboxBusy) {
                    calls = -1;
                }
                print(calls < 0 ? "    working" : String.format("    working; the sandbox has answered %,d API calls so far", calls));
            }
        }
    }

    @Override
    public void close() {
        ticker.interrupt();
    }
}
