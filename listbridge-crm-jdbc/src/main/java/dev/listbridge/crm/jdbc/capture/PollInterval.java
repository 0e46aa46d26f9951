package dev.listbridge.crm.jdbc.capture;

import java.time.Duration;

/**
 * Nothing wakes the feed: it sleeps the poll interval. This is a wait for the outside world (the
 * CRM), so it sleeps in real time; the daemon's own schedule keeps its injected clock.
 */
final class PollInterval implements ChangeSignal {
    private final Duration interval;

    PollInterval(Duration interval) {
        this.interval = interval;
    }

    @Override
    public boolean await(Duration max) {
        Duration wait = max.compareTo(interval) < 0 ? max : interval;
        if (wait.isNegative() || wait.isZero()) {
            return false;
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public void close() {
    }
}
