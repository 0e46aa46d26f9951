package dev.listbridge.crm.jdbc.capture;

import dev.listbridge.crm.jdbc.CrmSettings;
import dev.listbridge.crm.jdbc.Dialect;
import dev.listbridge.crm.jdbc.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the queue triggers' {@code NOTIFY} on a connection of its own that {@code LISTEN}s on
 * {@link ChangeQueue#CHANNEL}.
 *
 * <ol>
 *   <li>The connection is opened by the first wait, and again by the first wait after it was lost;
 *       that wait returns true at once, since what was committed while nobody listened sent its
 *       notification to nobody.</li>
 *   <li>A lost connection (a killed backend, a restarted server) ends the wait with true; the next
 *       wait reconnects. While the CRM cannot be reached, waits sleep the poll interval instead.</li>
 *   <li>pgjdbc blocks in a socket read that an interrupt does not end, so the wait reads in slices of
 *       {@value #SLICE_MILLIS} ms and looks at the interrupt flag in between.</li>
 * </ol>
 */
final class PostgresNotifications implements ChangeSignal {
    static final int SLICE_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresNotifications.class);

    private final CrmSettings crm;
    private final SqlErrors errors;
    private final Duration pollInterval;
    private final PollInterval whileUnreachable;
    private volatile Connection connection;
    private volatile boolean closed;

    PostgresNotifications(CrmSettings crm, Duration pollInterval) {
        this.crm = crm;
        this.errors = new SqlErrors(Dialect.POSTGRESQL, crm.password());
        this.pollInterval = pollInterval;
        this.whileUnreachable = new PollInterval(pollInterval);
    }

    @Override
    public boolean await(Duration max) {
        if (closed) {
            return false;
        }
        Connection listening = connection;
        try {
            if (listening != null && !listening.isValid(2)) {
                LOG.info("the connection listening for CRM changes was lost; listening again");
                drop();
                listening = null;
            }
        } catch (SQLException e) {
            drop();
            listening = null;
        }
        if (listening == null) {
            return listen() || whileUnreachable.await(max);
        }
        return receive(listening, max);
    }

    /** Opens the listening connection; true when it listens now (then changes may be waiting). */
    private boolean listen() {
        Connection opened = null;
        try {
            opened = CaptureConnections.single(crm);
            try (Statement statement = opened.createStatement()) {
                statement.execute("LISTEN " + ChangeQueue.CHANNEL);
            }
            opened.unwrap(PGConnection.class);
            connection = opened;
            if (closed) {
                drop();
                return false;
            }
            LOG.debug("listening on channel {}", ChangeQueue.CHANNEL);
            return true;
        } catch (SQLException e) {
            LOG.warn("cannot listen for CRM changes ({}); looking every {} until the CRM answers",
                    errors.onConnect(e).getMessage(), pollInterval);
            closeQuietly(opened);
            return false;
        }
    }

    private boolean receive(Connection listening, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            PGConnection pg = listening.unwrap(PGConnection.class);
            while (!closed && !Thread.currentThread().isInterrupted()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                // 0 would mean "block until a notification": never pass it
                PGNotification[] notifications = pg.getNotifications((int) Math.max(1, Math.min(SLICE_MILLIS, left)));
                if (notifications != null && notifications.length > 0) {
                    return true;
                }
            }
            return false;
        } catch (SQLException e) {
            if (closed) {
                return false;
            }
            LOG.info("the connection listening for CRM changes was lost ({}); listening again on the next wait",
                    errors.onExecute(e, "crm.url", "listening", false).getMessage());
            drop();
            return true;
        }
    }

    private void drop() {
        Connection dropped = connection;
        connection = null;
        closeQuietly(dropped);
    }

    private static void closeQuietly(Connection opened) {
        if (opened == null) {
            return;
        }
        try {
            opened.close();
        } catch (SQLException e) {
            LOG.debug("closing the listening connection failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        drop();
    }
}
