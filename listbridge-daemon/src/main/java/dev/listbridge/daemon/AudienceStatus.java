package dev.listbridge.daemon;

import dev.listbridge.engine.CycleReport;
import java.time.Instant;

/**
 * What the daemon last did for one audience, for the admin API.
 *
 * @param lastKind     {@code incremental}, {@code reconcile} or {@code webhook}; null before the first cycle
 * @param lastReport   the last cycle's report; null before the first cycle
 * @param heldMessage  why the last cycle was held by the blast-radius guard, or null when it was not
 */
record AudienceStatus(String lastKind, Instant lastStarted, Instant lastFinished, CycleReport lastReport,
                      boolean running, String heldMessage) {
    static AudienceStatus initial() {
        return new AudienceStatus(null, null, null, null, false, null);
    }
}
