package dev.listbridge.mailchimp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The system clock, shifted forward by however much a test advanced it; for the sandbox's "now". */
final class ShiftedClock extends Clock {
    private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

    /** Moves the clock forward to {@code target}; never backwards. */
    void advanceTo(Instant target) {
        shift.updateAndGet(current -> {
            Duration missing = Duration.between(Instant.now().plus(current), target);
            return missing.isNegative() ? current : current.plus(missing);
        });
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(shift.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a UTC test clock");
    }
}
