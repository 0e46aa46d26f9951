package dev.listbridge.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies an SQLite store's write-ahead log back into the database file on a thread of its own.
 *
 * <p>Left to SQLite, the connection that commits runs the checkpoint itself once the log passes
 * {@code wal_autocheckpoint} pages: a cycle's thread then writes every page it changed twice, once to the log and
 * once to the file, with a system call per page. At a million contacts most of a busy cycle went there (issue 5,
 * docs/BENCHMARKS.md). Here the cycle only appends to the log, and this thread, on its own connection, runs a
 * {@code PASSIVE} checkpoint after each commit: it never blocks the writer or a reader, copies only committed pages
 * (each page once, however often it changed since), and the log starts over once it has caught up. The store's
 * own connection keeps a high {@code wal_autocheckpoint} as a backstop should this thread fall behind.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    /** Checkpoints at least this often, in case a commit's nudge came while the previous checkpoint ran. */
    private static final long IDLE_MILLIS = 1_000;

    private final String jdbcUrl;
    private final Thread thread;
    /** Holds one nudge at most: commits while a checkpoint runs are all covered by the next one. */
    private final BlockingQueue<Boolean> nudges = new ArrayBlockingQueue<>(1);
    private volatile boolean closed;

    private WalCheckpointer(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        this.thread = Thread.ofPlatform().daemon(true).name("listbridge-state-checkpoint").unstarted(this::loop);
    }

    static WalCheckpointer start(String jdbcUrl) {
        WalCheckpointer checkpointer = new WalCheckpointer(jdbcUrl);
        checkpointer.thread.start();
        return checkpointer;
    }

    /** A transaction committed: its pages can go to the file. */
    void nudge() {
        nudges.offer(Boolean.TRUE);
    }

    private void loop() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            while (!closed) {
                nudges.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
                if (!closed) {
                    checkpoint(statement);
                }
            }
        } catch (SQLException e) {
            // the store goes on: its own connection checkpoints at wal_autocheckpoint
            LOG.warn("state store checkpoints fall back to the committing connection: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void checkpoint(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (result.next() && result.getInt(1) != 0) {
                LOG.debug("state store checkpoint was busy; retried after the next commit");
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        nudge();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
