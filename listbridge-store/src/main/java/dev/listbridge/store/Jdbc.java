package dev.listbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Small JDBC helpers over one connection for one transaction; every SQLException becomes a
 * StateStoreException. Statements are prepared once per transaction and reused: a cycle runs the same
 * few statements for every contact, and preparing them each time cost more than running them.
 */
final class Jdbc {

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Deferred rows after which they run without waiting for another statement: bounds the memory they hold. */
    static final int DEFERRED_LIMIT = 5_000;

    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    /** Writes waiting to run as JDBC batches ({@link #defer}), per statement in the order they were made. */
    private final Map<String, List<Object[]>> deferred = new LinkedHashMap<>();
    private int deferredRows;

    Jdbc(Connection connection) {
        this.connection = connection;
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            prepared.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    /** Closes the statements of this transaction. */
    void close() {
        deferred.clear(); // not run: the transaction ends without its commit
        deferredRows = 0;
        for (PreparedStatement ps : prepared.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // the connection is returned to the pool right after; nothing to recover here
            }
        }
        prepared.clear();
    }

    /**
     * Holds a write back, to run with others of the same statement as one JDBC batch before the transaction's next
     * other statement (read or write) or its commit ({@link #flush}). The transaction sees the same state at every
     * statement as if each write had run at once, provided the deferred statements of different SQL commute: each
     * writes its own table and nothing else (no trigger), and returns nothing the caller needs. Within one SQL the
     * rows keep their order. A deferred write that fails is reported by the statement that runs it.
     */
    void defer(String sql, Object... args) {
        deferred.computeIfAbsent(sql, key -> new ArrayList<>()).add(args);
        if (++deferredRows >= DEFERRED_LIMIT) {
            flush();
        }
    }

    /** Runs the deferred writes: before every other statement, and before the transaction commits. */
    void flush() {
        if (deferredRows == 0) {
            return;
        }
        List<Map.Entry<String, List<Object[]>>> writes = new ArrayList<>(deferred.entrySet());
        deferred.clear();
        deferredRows = 0;
        for (Map.Entry<String, List<Object[]>> write : writes) {
            runBatch(write.getKey(), write.getValue());
        }
    }

    int update(String sql, Object... args) {
        flush();
        try {
            PreparedStatement ps = prepare(sql);
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    long insert(String sql, Object... args) {
        flush();
        try {
            PreparedStatement ps = prepare(sql + " RETURNING id");
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    <T> List<T> list(String sql, RowMapper<T> mapper, Object... args) {
        flush();
        try {
            PreparedStatement ps = prepare(sql);
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    @FunctionalInterface
    interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    /** Streams the rows of a query to {@code consumer}, for results too large to hold as objects. */
    void forEach(String sql, RowConsumer consumer, Object... args) {
        flush();
        try {
            PreparedStatement ps = prepare(sql);
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(rs);
                }
            }
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /** Runs one statement for each row of arguments as one JDBC batch. */
    void batch(String sql, List<Object[]> rows) {
        flush();
        runBatch(sql, rows);
    }

    private int[] runBatch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        try {
            PreparedStatement ps = prepare(sql);
            for (Object[] args : rows) {
                bind(ps, args);
                ps.addBatch();
            }
            return ps.executeBatch();
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /** {@link #batch}, answering the number of rows each statement changed. */
    int[] batchCounts(String sql, List<Object[]> rows) {
        flush();
        return runBatch(sql, rows);
    }

    /** Question marks for an IN list of {@code n} values. */
    static String marks(int n) {
        return "?" + ", ?".repeat(n - 1);
    }

    /** The arguments of a query whose {@code leading} parameters come before an IN list of {@code inList}. */
    static Object[] inArgs(List<?> inList, Object... leading) {
        Object[] args = new Object[leading.length + inList.size()];
        System.arraycopy(leading, 0, args, 0, leading.length);
        for (int i = 0; i < inList.size(); i++) {
            args[leading.length + i] = inList.get(i);
        }
        return args;
    }

    /** Values per IN list: far below every supported database's limit on bound parameters. */
    static final int IN_LIST = 500;

    /** {@code values} in chunks of at most {@link #IN_LIST}, for queries with an IN list. */
    static <T> List<List<T>> chunks(List<T> values) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += IN_LIST) {
            chunks.add(values.subList(from, Math.min(values.size(), from + IN_LIST)));
        }
        return chunks;
    }

    <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = list(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    long count(String sql, Object... args) {
        return one(sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    /** A null bound with its SQL type (PostgreSQL refuses a VARCHAR null for a BIGINT column). */
    record TypedNull(int sqlType) {
    }

    static Object orNullLong(Long value) {
        return value == null ? new TypedNull(Types.BIGINT) : value;
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (arg instanceof TypedNull typed) {
                ps.setNull(i + 1, typed.sqlType());
            } else if (arg instanceof Boolean b) {
                ps.setInt(i + 1, b ? 1 : 0);
            } else if (arg instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (arg instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, arg.toString());
            }
        }
    }

    private static StateStoreException failed(String sql, SQLException e) {
        return new StateStoreException("state store statement failed (" + e.getMessage() + "): " + sql, e);
    }
}
