package dev.listbridge.engine.config;

import java.time.Duration;
import java.time.LocalTime;

/**
 * When the daemon cycles one audience (keys on the audience section).
 *
 * @param cycleEvery  key {@code cycleEvery}: the pause between incremental cycles (pull, then push of what
 *                    changed); default 1 minute. Change capture and webhooks start one sooner.
 * @param reconcileAt key {@code reconcileAt}: the time of day (UTC) of the nightly full reconcile, which
 *                    reads every contact whatever the capture mode; default 03:00
 */
public record ScheduleConfig(Duration cycleEvery, LocalTime reconcileAt) {
    public static final ScheduleConfig DEFAULT = new ScheduleConfig(null, null);

    public ScheduleConfig {
        cycleEvery = cycleEvery == null ? Duration.ofMinutes(1) : cycleEvery;
        reconcileAt = reconcileAt == null ? LocalTime.of(3, 0) : reconcileAt;
    }
}
