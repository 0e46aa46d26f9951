package dev.listbridge.crm.jdbc.capture;

import com.zaxxer.hikari.HikariDataSource;
import dev.listbridge.crm.jdbc.ColumnKind;
import dev.listbridge.crm.jdbc.Dialect;
import dev.listbridge.crm.jdbc.KeyType;
import dev.listbridge.crm.jdbc.SqlErrors;
import dev.listbridge.crm.jdbc.Values;
import dev.listbridge.crm.jdbc.capture.CaptureTable.TableColumn;
import dev.listbridge.spi.ConfigProblem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code watermark} mode's feed: rows of the watched table by their updated-at column.
 * <ol>
 *   <li>Rows come ordered by (updated-at, key), at most {@code max} per poll. A full batch ends at
 *       {@code <value>|<key>} and the next poll goes on after that key, so that any number of rows
 *       sharing one value (a bulk update in one transaction) is paged through, never looped over.</li>
 *   <li>Otherwise the position is the newest value itself, and the next poll reads the rows at that
 *       value again ({@code >=}): a row committed late with the same value, or changed again within
 *       the column's precision (a second, for DATETIME), is still found. Once the value is older than
 *       {@link #SETTLED} (by the injected clock, in the CRM's time zone) the position moves past its
 *       rows, so that a quiet CRM stops handing out the same keys.</li>
 *   <li>What this mode cannot see: deleted rows (nothing carries their timestamp), changes of rows whose
 *       updated-at is not set (NULL or not maintained), changes in other tables the contacts query
 *       joins, and a transaction that commits long after the time it wrote. The nightly full
 *       reconcile finds those.</li>
 * </ol>
 */
final class WatermarkFeed implements ChangeFeed {
    /** How long after its updated-at value a row may still become visible with that value. */
    static final Duration SETTLED = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(WatermarkFeed.class);

    private final HikariDataSource pool;
    private final Dialect dialect;
    private final SqlErrors errors;
    private final ChangeSignal signal;
    private final CaptureSettings capture;
    private final String keyColumn;
    private final Clock clock;
    private final ZoneId zone;
    private volatile Columns columns;

    /** The two columns read, their stored names quoted, how they are read and bound. */
    private record Columns(String key, String updatedAt, ColumnKind keyKind, KeyType keyType, ColumnKind updatedAtKind) {
    }

    WatermarkFeed(HikariDataSource pool, SqlErrors errors, ChangeSignal signal, CaptureSettings capture, String keyColumn,
                  Clock clock, ZoneId zone) {
        this.pool = pool;
        this.dialect = Dialect.of(pool.getJdbcUrl());
        this.errors = errors;
        this.signal = signal;
        this.capture = capture;
        this.keyColumn = keyColumn;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public ChangeBatch poll(String position, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        try (Connection connection = connect()) {
            Columns c = columns(connection);
            WatermarkPosition from = WatermarkPosition.parse(position, c.updatedAtKind());
            if (position != null && from == null) {
                LOG.warn("position '{}' is no {} value; reading changes from the beginning", position, capture.updatedAtColumn());
            }
            String select = "SELECT " + c.key() + ", " + c.updatedAt() + " FROM " + capture.table() + " WHERE " + c.key()
                    + " IS NOT NULL AND ";
            String order = " ORDER BY " + c.updatedAt() + ", " + c.key();
            String sql = from == null ? select + c.updatedAt() + " IS NOT NULL" + order
                    : from.afterKey() == null ? select + c.updatedAt() + " >= ?" + order
                    : select + "(" + c.updatedAt() + " > ? OR " + c.updatedAt() + " = ? AND " + c.key() + " > ?)" + order;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setMaxRows(max);
                if (from != null) {
                    statement.setObject(1, from.value());
                    if (from.afterKey() != null) {
                        statement.setObject(2, from.value());
                        c.keyType().bind(statement, 3, from.afterKey(), dialect);
                    }
                }
                return batch(statement, c, position, max);
            }
        } catch (SQLException e) {
            throw errors.onExecute(e, "crm.contacts.updatedAt", "reading changed rows of " + capture.table(), false);
        }
    }

    private ChangeBatch batch(PreparedStatement statement, Columns c, String position, int max) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        int rows = 0;
        // the query leaves out rows without a key: every row moves the position
        String lastKey = null;
        String lastValue = null;
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows++;
                String key = Values.text(rs, 1, c.keyKind());
                lastValue = Values.text(rs, 2, c.updatedAtKind());
                if (key != null) {
                    keys.add(key);
                    lastKey = key;
                }
            }
        }
        if (lastKey == null) {
            return ChangeBatch.none(position);
        }
        boolean full = rows == max;
        WatermarkPosition last = WatermarkPosition.parse(lastValue, c.updatedAtKind());
        boolean young = last != null && last.end(zone).isAfter(clock.instant().minus(SETTLED));
        String next = full || !young ? lastValue + WatermarkPosition.SEPARATOR + lastKey : lastValue;
        return new ChangeBatch(keys, next, full);
    }

    @Override
    public String latestPosition() {
        try (Connection connection = connect()) {
            Columns c = columns(connection);
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT MAX(" + c.updatedAt() + ") FROM " + capture.table())) {
                return rs.next() ? Values.text(rs, 1, c.updatedAtKind()) : null;
            }
        } catch (SQLException e) {
            throw errors.onExecute(e, "crm.contacts.updatedAt", "reading the newest change of " + capture.table(), false);
        }
    }

    /** Nothing to forget: the position is all the state there is. */
    @Override
    public void acknowledge(ChangeBatch batch) {
        Objects.requireNonNull(batch, "batch");
    }

    @Override
    public boolean awaitChange(Duration max) {
        return signal.await(max);
    }

    private Columns columns(Connection connection) throws SQLException {
        Columns known = columns;
        if (known != null) {
            return known;
        }
        CaptureTable table = CaptureTable.read(connection, capture.table(), errors);
        List<ConfigProblem> problems = new ArrayList<>();
        TableColumn key = table.require("crm.contacts.key", keyColumn, problems);
        TableColumn updatedAt = table.require("crm.contacts.updatedAt", capture.updatedAtColumn(), problems);
        ColumnKind updatedAtKind = updatedAt == null ? null : ColumnKind.of(updatedAt.sqlType(), updatedAt.typeName());
        if (updatedAtKind != null && updatedAtKind != ColumnKind.DATE && updatedAtKind != ColumnKind.TIMESTAMP
                && updatedAtKind != ColumnKind.TIMESTAMP_TZ) {
            problems.add(new ConfigProblem("crm.contacts.updatedAt", "column '" + updatedAt.name() + "' of table "
                    + capture.table() + " has type " + updatedAt.typeName() + "; expected a date or a timestamp"));
        }
        CaptureTable.check(problems);
        String quote = connection.getMetaData().getIdentifierQuoteString();
        Columns found = new Columns(quote(quote, key.name()), quote(quote, updatedAt.name()),
                ColumnKind.of(key.sqlType(), key.typeName()), new KeyType(key.sqlType(), key.typeName()), updatedAtKind);
        columns = found;
        return found;
    }

    private static String quote(String quote, String identifier) {
        if (quote == null || quote.isBlank()) {
            return identifier;
        }
        return quote + identifier.replace(quote, quote + quote) + quote;
    }


    private Connection connect() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw errors.onConnect(e);
        }
    }

    @Override
    public void close() {
        signal.close();
        pool.close();
    }

    @Override
    public String toString() {
        return "WatermarkFeed[" + capture.table() + "." + capture.updatedAtColumn() + "]";
    }
}
