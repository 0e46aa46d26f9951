package dev.listbridge.daemon;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The durable webhook inbox: receipts stored raw before they are answered, processed asynchronously. */
public final class Inbox {
    public static final String NEW = "new";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    /** Receipts {@link #forgetHandled} deletes per statement. */
    static final int FORGET_CHUNK = 1_000;

    private final DataSource dataSource;
    private final boolean sqlite;

    Inbox(DataSource dataSource, boolean sqlite) {
        this.dataSource = dataSource;
        this.sqlite = sqlite;
    }

    /** Stores a receipt; returns its id. The receipt is durable when this returns. */
    public long store(InboxReceipt receipt) {
        String sql = "INSERT INTO inbox (tool, audience, received_at, method, content_type, headers, body, state) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, 'new')";
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, receipt.tool());
            insert.setString(2, receipt.audience());
            insert.setLong(3, receipt.receivedAt());
            insert.setString(4, receipt.method());
            insert.setString(5, receipt.contentType());
            insert.setString(6, receipt.headersJson());
            insert.setBytes(7, receipt.body());
            insert.executeUpdate();
            long id;
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            commit(c);
            return id;
        } catch (SQLException e) {
            throw new InboxException("cannot store a webhook receipt: " + e.getMessage(), e);
        }
    }

    /** Receipts not yet processed with an id above {@code afterId}, oldest first. */
    public List<InboxReceipt> pending(long afterId, int limit) {
        return select("SELECT id, tool, audience, received_at, method, content_type, headers, body, state, attempts, result "
                + "FROM inbox WHERE state = 'new' AND id > " + afterId + " ORDER BY id LIMIT " + limit);
    }

    public List<InboxReceipt> recent(int limit) {
        return select("SELECT id, tool, audience, received_at, method, content_type, headers, body, state, attempts, result "
                + "FROM inbox ORDER BY id DESC LIMIT " + limit);
    }

    public void finish(long id, String state, String result, long now) {
        update("UPDATE inbox SET state = ?, result = ?, processed_at = ?, attempts = attempts + 1 WHERE id = ?",
                state, result, now, id);
    }

    /** Counts an attempt that must be repeated (the CRM or the store was unavailable). */
    public void attemptFailed(long id, String result) {
        update("UPDATE inbox SET attempts = attempts + 1, result = ? WHERE id = ?", result, id);
    }

    /**
     * How long a handled receipt is kept, for {@code inbox replay}: a day less than the retention of applied event ids
     * (the engine's), so that a receipt processed again meets its events' ids and applies nothing twice.
     */
    public static Duration keptFor(Duration retention) {
        return retention.minusDays(1);
    }

    /** What {@link #replay} did: receipts marked, and receipts left alone for being received too long ago. */
    public record Replayed(int marked, long tooOld) {
    }

    /**
     * Marks receipts received at or after {@code receivedSince} for processing again (their event ids make a replay
     * harmless); older ones are left alone, since the ids of their events may be forgotten by now.
     *
     * @param fromId first id, or 0 for all
     */
    public Replayed replay(long fromId, String audience, long receivedSince) {
        String where = " WHERE id >= ?" + (audience == null ? "" : " AND audience = ?");
        Object[] args = audience == null ? new Object[] {fromId, receivedSince} : new Object[] {fromId, audience, receivedSince};
        long tooOld = single("SELECT COUNT(*) FROM inbox" + where + " AND received_at < ?", args);
        return new Replayed(update("UPDATE inbox SET state = 'new', result = NULL" + where + " AND received_at >= ?", args),
                tooOld);
    }

    /**
     * Deletes the handled receipts (done or failed) received before {@code receivedBefore}, oldest first, a thousand to
     * a statement: a webhook arriving meanwhile waits for one of them, not for all; returns how many.
     */
    public int forgetHandled(long receivedBefore) {
        int forgotten = 0;
        for (int deleted; (deleted = update("DELETE FROM inbox WHERE id IN (SELECT id FROM inbox WHERE state <> 'new' "
                + "AND received_at < ? ORDER BY id LIMIT " + FORGET_CHUNK + ")", receivedBefore)) > 0; ) {
            forgotten += deleted;
        }
        return forgotten;
    }

    public long depth() {
        return single("SELECT COUNT(*) FROM inbox WHERE state = 'new'");
    }

    /** Receipt time of the oldest unprocessed receipt, or 0 when none waits. */
    public long oldestPendingReceivedAt() {
        return single("SELECT COALESCE(MIN(received_at), 0) FROM inbox WHERE state = 'new'");
    }

    private List<InboxReceipt> select(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            List<InboxReceipt> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new InboxReceipt(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getBytes(8), rs.getString(9), rs.getInt(10), rs.getString(11)));
            }
            commit(c);
            return rows;
        } catch (SQLException e) {
            throw new InboxException("cannot read the webhook inbox: " + e.getMessage(), e);
        }
    }

    private long single(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            long value;
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                value = rs.getLong(1);
            }
            commit(c);
            return value;
        } catch (SQLException e) {
            throw new InboxException("cannot read the webhook inbox: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            int changed = s.executeUpdate();
            commit(c);
            return changed;
        } catch (SQLException e) {
            throw new InboxException("cannot update the webhook inbox: " + e.getMessage(), e);
        }
    }

    private static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }
}
