package dev.listbridge.crm.jdbc.capture;

import dev.listbridge.crm.jdbc.CrmSettings;
import dev.listbridge.crm.jdbc.Dialect;
import dev.listbridge.crm.jdbc.SqlErrors;
import java.time.Clock;
import java.util.Objects;

/** Opens the {@link ChangeFeed} of a capture mode. */
public final class ChangeFeeds {

    private ChangeFeeds() {
    }

    /** {@link #open(CrmSettings, CaptureSettings, Clock)} with the system clock. */
    public static ChangeFeed open(CrmSettings crm, CaptureSettings capture) {
        return open(crm, capture, Clock.systemUTC());
    }

    /**
     * The feed for {@code capture.mode()}: {@code queue} drains {@link ChangeQueue#TABLE} (on PostgreSQL
     * woken by NOTIFY), {@code watermark} reads the table by its updated-at column. Connects on first
     * use, not here: an unreachable CRM fails the first call, as retriable.
     *
     * @param crm     the CRM's connection settings and key column (the watched table's column of that name carries the key)
     * @param capture the mode, table, updated-at column and poll interval
     * @param clock   tells when a watermark value is old enough to page past
     * @throws IllegalArgumentException for {@link CaptureMode#DIFF}, which has no feed
     */
    public static ChangeFeed open(CrmSettings crm, CaptureSettings capture, Clock clock) {
        Objects.requireNonNull(crm, "crm");
        Objects.requireNonNull(capture, "capture");
        Objects.requireNonNull(clock, "clock");
        Dialect dialect = Dialect.of(crm.url());
        SqlErrors errors = new SqlErrors(dialect, crm.password());
        return switch (capture.mode()) {
            case DIFF -> throw new IllegalArgumentException("diff capture has no change feed: every cycle reads every contact");
            case QUEUE -> new QueueFeed(CaptureConnections.pool(crm), errors, dialect == Dialect.POSTGRESQL
                    ? new PostgresNotifications(crm, capture.pollInterval()) : new PollInterval(capture.pollInterval()));
            case WATERMARK -> new WatermarkFeed(CaptureConnections.pool(crm), errors, new PollInterval(capture.pollInterval()),
                    capture, crm.keyColumn(), clock, crm.timeZone());
        };
    }
}
