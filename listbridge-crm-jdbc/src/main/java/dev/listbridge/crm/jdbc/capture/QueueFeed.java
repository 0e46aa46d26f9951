package dev.listbridge.crm.jdbc.capture;

import com.zaxxer.hikari.HikariDataSource;
import dev.listbridge.crm.jdbc.SqlErrors;
import dev.listbridge.spi.InvalidConfigException;
import dev.listbridge.spi.ListbridgeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code queue} mode's feed: drains {@link ChangeQueue#TABLE}.
 * <p>
 * Ids are handed out when a row is inserted, but transactions commit in any order: a row with id 10
 * may become visible after the row with id 11 was read. Reading "ids after the position" would skip
 * it for good, and deleting "ids up to the position" would delete it unseen. So a poll reads the
 * oldest rows still in the queue, and an acknowledge deletes exactly the rows its batch held (the
 * feed remembers them for the last {@value #REMEMBERED_BATCHES} batches it handed out).
 */
final class QueueFeed implements ChangeFeed {
    static final int REMEMBERED_BATCHES = 64;
    private static final int IDS_PER_DELETE = 500;

    private final HikariDataSource pool;
    private final SqlErrors errors;
    private final ChangeSignal signal;
    private final Map<String, List<Long>> handedOut = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Long>> eldest) {
            return size() > REMEMBERED_BATCHES;
        }
    });

    QueueFeed(HikariDataSource pool, SqlErrors errors, ChangeSignal signal) {
        this.pool = pool;
        this.errors = errors;
        this.signal = signal;
    }

    @Override
    public ChangeBatch poll(String position, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        List<Long> ids = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.setMaxRows(max);
            try (ResultSet rs = statement.executeQuery("SELECT id, contact_key FROM " + ChangeQueue.TABLE + " ORDER BY id")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    keys.add(rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw onQueue(e, "reading the change queue");
        }
        if (ids.isEmpty()) {
            return ChangeBatch.none(position);
        }
        String newest = Long.toString(ids.getLast());
        handedOut.put(newest, List.copyOf(ids));
        return new ChangeBatch(keys, newest, ids.size() == max);
    }

    @Override
    public void acknowledge(ChangeBatch batch) {
        Objects.requireNonNull(batch, "batch");
        List<Long> ids = handedOut.get(batch.position());
        if (ids == null) {
            return;
        }
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try {
                for (int start = 0; start < ids.size(); start += IDS_PER_DELETE) {
                    List<Long> chunk = ids.subList(start, Math.min(ids.size(), start + IDS_PER_DELETE));
                    String sql = "DELETE FROM " + ChangeQueue.TABLE + " WHERE id IN ("
                            + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
                    try (PreparedStatement statement = connection.prepareStatement(sql)) {
                        for (int i = 0; i < chunk.size(); i++) {
                            statement.setLong(i + 1, chunk.get(i));
                        }
                        statement.executeUpdate();
                    }
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw onQueue(e, "deleting drained changes from the change queue");
        }
        handedOut.remove(batch.position());
    }

    @Override
    public boolean awaitChange(Duration max) {
        return signal.await(max);
    }

    private Connection connect() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw errors.onConnect(e);
        }
    }

    /** A missing queue table says what to run; anything else as {@link SqlErrors} classifies it. */
    private ListbridgeException onQueue(SQLException e, String what) {
        ListbridgeException classified = errors.onExecute(e, "crm.capture", what, false);
        if (classified instanceof InvalidConfigException config) {
            return new InvalidConfigException("crm.capture", "queue capture needs the queue table " + ChangeQueue.TABLE
                    + " and the triggers that fill it: install them with `listbridge triggers -c FILE --apply` ("
                    + config.problems().getFirst().message() + ")");
        }
        return classified;
    }

    @Override
    public void close() {
        signal.close();
        pool.close();
    }

    @Override
    public String toString() {
        return "QueueFeed[" + ChangeQueue.TABLE + "]";
    }
}
