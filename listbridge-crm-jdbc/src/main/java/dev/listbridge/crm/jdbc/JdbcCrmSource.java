package dev.listbridge.crm.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.listbridge.spi.ContactSelection;
import dev.listbridge.spi.CrmContact;
import dev.listbridge.spi.CrmSource;
import dev.listbridge.spi.ListbridgeException;
import dev.listbridge.spi.WriteBack;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A {@link CrmSource} over JDBC: PostgreSQL, MariaDB/MySQL, SQL Server or H2, through a small
 * HikariCP pool named {@code listbridge-crm}.
 *
 * <ol>
 *   <li>Contacts are read with {@code SELECT * FROM (<contactsQuery>) lb_contacts WHERE (<filter>)},
 *       streamed with the configured fetch size (on PostgreSQL inside a read-only use of a
 *       transaction, which its driver needs to fetch in portions). A selection narrowed to keys adds
 *       {@code AND <key> IN (?, …)}, {@value #KEYS_PER_QUERY} keys per query, bound as the key's type.
 *       A whole query's rows are read and decoded on a thread of its own and handed to the sink, which runs on
 *       the calling thread in the order read, in batches through a bounded queue ({@link ContactHandOff}).</li>
 *   <li>The key column's SQL type is learnt from the first read (or a probe with {@code WHERE 1=0})
 *       and used to bind {@code :key} in write-backs.</li>
 *   <li>Write-backs run in one transaction; items with the same SQL go in one JDBC batch where their
 *       order cannot matter ({@link WriteBackGroups}).
 *       {@code :occurredAt} is bound as a timestamp in the configured time zone; on PostgreSQL and H2
 *       the session time zone is set to it as well, so TIMESTAMP WITH TIME ZONE columns get the right
 *       instant.</li>
 * </ol>
 * Thread-safe; the pool is created lazily on first use by the pool itself (construction does not
 * connect) and closed by {@link #close()}.
 */
public final class JdbcCrmSource implements CrmSource {

    static final String POOL_NAME = "listbridge-crm";
    /** Keys per query when reading by keys: far below every database's limit on bound parameters (SQL Server: 2100). */
    static final int KEYS_PER_QUERY = 500;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcCrmSource.class);

    private final CrmSettings settings;
    private final Dialect dialect;
    private final SqlErrors errors;
    private final HikariDataSource pool;
    private final Map<String, NamedStatement> statements = new ConcurrentHashMap<>();
    private volatile KeyType keyType;
    private volatile KeyColumn keyColumn;

    /** The key column as the contacts query labels it, and its type. */
    private record KeyColumn(String label, KeyType type) {
    }

    public JdbcCrmSource(CrmSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dialect = Dialect.of(settings.url());
        this.errors = new SqlErrors(dialect, settings.password());
        this.pool = new HikariDataSource(poolConfig(settings, dialect));
    }

    static HikariConfig poolConfig(CrmSettings settings, Dialect dialect) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(3_000);
        config.setIdleTimeout(60_000);
        // never fail in the constructor: an unreachable CRM is reported by the first call, as retriable
        config.setInitializationFailTimeout(-1);
        config.setConnectionInitSql(dialect.sessionTimeZoneSql(settings.timeZone()));
        return config;
    }

    @Override
    public void checkConnection() {
        String sql = ContactQueries.probe(settings.contactsQuery());
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            RowReader reader = RowReader.of(rs.getMetaData(), settings, null);
            keyType = reader.keyType();
        } catch (SQLException e) {
            throw errors.onExecute(e, "contactsQuery", "the contacts query", false);
        }
    }

    @Override
    public long countContacts() {
        String sql = ContactQueries.count(settings.contactsQuery());
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw errors.onExecute(e, "contactsQuery", "the contacts query", false);
        }
    }

    @Override
    public void readContacts(ContactSelection selection, Consumer<CrmContact> sink) {
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(sink, "sink");
        String what = selection.filter() == null ? "the contacts query" : "the contacts query with filter '" + selection.filter() + "'";
        String configKey = selection.filter() == null ? "contactsQuery" : "filter";
        if (selection.keys() != null) {
            readByKeys(selection, sink, configKey, what);
            return;
        }
        String sql = ContactQueries.select(settings.contactsQuery(), selection.filter());
        // decoding the rows on a thread of its own, while the caller consumes the ones before (see ContactHandOff)
        ContactHandOff handOff = new ContactHandOff();
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        Thread reader = Thread.ofPlatform().daemon(true).name("listbridge-crm-reader").start(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            Throwable failure = null;
            try {
                stream(sql, selection, configKey, what, handOff::add);
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                handOff.finish(failure);
            }
        });
        try {
            handOff.drain(sink);
        } finally {
            joinUninterruptibly(reader); // no reading outlives the call
        }
    }

    /** Streams the rows of {@code sql} to {@code sink} until they end or it returns false. */
    private void stream(String sql, ContactSelection selection, String configKey, String what, Predicate<CrmContact> sink) {
        long read = 0;
        long withoutKey = 0;
        try (Connection connection = connect()) {
            boolean transaction = dialect.prepareForStreaming(connection);
            try (Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(settings.fetchSize());
                try (ResultSet rs = statement.executeQuery(sql)) {
                    RowReader reader = RowReader.of(rs.getMetaData(), settings, selection.consentColumn());
                    keyType = reader.keyType();
                    while (rs.next()) {
                        CrmContact contact = reader.read(rs);
                        if (contact == null) {
                            withoutKey++;
                            continue;
                        }
                        read++;
                        if (!sink.test(contact)) {
                            break; // the consumer gave up
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (transaction) {
                    rollbackQuietly(connection);
                }
                throw e;
            }
            if (transaction) {
                // nothing was written: end the transaction the fetch size needed
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw errors.onExecute(e, configKey, what, false);
        }
        if (withoutKey > 0) {
            LOG.warn("{} rows of the contacts query have no key (column '{}' is NULL) and were skipped", withoutKey, settings.keyColumn());
        }
        LOG.debug("read {} contacts", read);
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads the contacts of the selection with the given keys, {@value #KEYS_PER_QUERY} keys per
     * query, each bound as the key column's type; a key that type cannot hold (a word for a numeric
     * key) matches no row and is left out.
     */
    private void readByKeys(ContactSelection selection, Consumer<CrmContact> sink, String configKey, String what) {
        if (selection.keys().isEmpty()) {
            return;
        }
        long read = 0;
        try (Connection connection = connect()) {
            KeyColumn key = keyColumn(connection);
            List<String> keys = selection.keys().stream().filter(k -> key.type().canBind(k)).sorted().toList();
            String quoted = quote(connection, key.label());
            for (int start = 0; start < keys.size(); start += KEYS_PER_QUERY) {
                List<String> chunk = keys.subList(start, Math.min(keys.size(), start + KEYS_PER_QUERY));
                String sql = ContactQueries.selectKeys(settings.contactsQuery(), selection.filter(), quoted, chunk.size());
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    for (int i = 0; i < chunk.size(); i++) {
                        key.type().bind(statement, i + 1, chunk.get(i), dialect);
                    }
                    try (ResultSet rs = statement.executeQuery()) {
                        RowReader reader = RowReader.of(rs.getMetaData(), settings, selection.consentColumn());
                        while (rs.next()) {
                            CrmContact contact = reader.read(rs);
                            if (contact != null) {
                                read++;
                                sink.accept(contact);
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw errors.onExecute(e, configKey, what, false);
        }
        LOG.debug("read {} contacts of {} keys", read, selection.keys().size());
    }

    /** The key column's label as the contacts query returns it, and its type; probed once. */
    private KeyColumn keyColumn(Connection connection) throws SQLException {
        KeyColumn known = keyColumn;
        if (known != null) {
            return known;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(ContactQueries.probe(settings.contactsQuery()))) {
            ResultSetMetaData metadata = rs.getMetaData();
            KeyType type = RowReader.of(metadata, settings, null).keyType();
            String label = settings.keyColumn();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                if (metadata.getColumnLabel(i).equalsIgnoreCase(settings.keyColumn())) {
                    label = metadata.getColumnLabel(i);
                    break;
                }
            }
            KeyColumn probed = new KeyColumn(label, type);
            keyType = type;
            keyColumn = probed;
            return probed;
        }
    }

    /** The identifier quoted for the database, so a label in any case or with odd characters still names the column. */
    private static String quote(Connection connection, String identifier) throws SQLException {
        String quote = connection.getMetaData().getIdentifierQuoteString();
        if (quote == null || quote.isBlank()) {
            return identifier;
        }
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    @Override
    public List<Integer> writeBack(List<WriteBack> batch) {
        Objects.requireNonNull(batch, "batch");
        if (batch.isEmpty()) {
            return List.of();
        }
        List<NamedStatement> parsed = batch.stream().map(this::statement).toList();
        KeyType key = parsed.stream().anyMatch(statement -> statement.uses("key")) ? keyType() : null;
        List<Integer> counts = new ArrayList<>(batch.size());
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try {
                Integer[] changed = new Integer[batch.size()];
                for (List<Integer> group : WriteBackGroups.of(batch)) {
                    List<WriteBack> items = group.stream().map(batch::get).toList();
                    List<Integer> groupCounts = run(connection, parsed.get(group.getFirst()), items, key);
                    for (int i = 0; i < group.size(); i++) {
                        changed[group.get(i)] = groupCounts.get(i);
                    }
                }
                counts.addAll(List.of(changed));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw errors.onExecute(e, "writeBack", "the write-back", true);
        }
        return List.copyOf(counts);
    }

    private List<Integer> run(Connection connection, NamedStatement statement, List<WriteBack> items, KeyType key) {
        try (PreparedStatement prepared = connection.prepareStatement(statement.jdbcSql())) {
            if (items.size() == 1) {
                bind(prepared, statement, items.getFirst(), key);
                return List.of(prepared.executeUpdate());
            }
            for (WriteBack item : items) {
                bind(prepared, statement, item, key);
                prepared.addBatch();
            }
            int[] results = prepared.executeBatch();
            List<Integer> counts = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                int result = i < results.length ? results[i] : Statement.SUCCESS_NO_INFO;
                counts.add(result == Statement.SUCCESS_NO_INFO ? 1 : Math.max(result, 0));
            }
            return counts;
        } catch (SQLException e) {
            String what = "statement '" + statement.name() + "'" + (items.size() == 1 ? " for key " + items.getFirst().key() : "");
            throw errors.onExecute(e, statement.name(), what, true);
        }
    }

    private void bind(PreparedStatement prepared, NamedStatement statement, WriteBack item, KeyType key) throws SQLException {
        List<String> parameters = statement.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            int index = i + 1;
            switch (parameters.get(i)) {
                case "key" -> key.bind(prepared, index, item.key(), dialect);
                case "email" -> bindText(prepared, index, item.email());
                case "newEmail" -> bindText(prepared, index, item.newEmail());
                case "reason" -> bindText(prepared, index, item.reason());
                case "audience" -> bindText(prepared, index, item.audience());
                case "occurredAt" -> {
                    if (item.occurredAt() == null) {
                        prepared.setNull(index, Types.TIMESTAMP);
                    } else {
                        prepared.setObject(index, LocalDateTime.ofInstant(item.occurredAt(), settings.timeZone()), Types.TIMESTAMP);
                    }
                }
                default -> throw new IllegalStateException("unchecked parameter :" + parameters.get(i));
            }
        }
    }

    private static void bindText(PreparedStatement prepared, int index, String value) throws SQLException {
        if (value == null) {
            prepared.setNull(index, Types.VARCHAR);
        } else {
            prepared.setString(index, value);
        }
    }

    private NamedStatement statement(WriteBack item) {
        NamedStatement cached = statements.get(item.sql());
        if (cached != null) {
            return cached;
        }
        NamedStatement parsed = NamedStatement.parse(item.statement(), item.sql());
        statements.put(item.sql(), parsed);
        return parsed;
    }

    /** The key column's type, from the last read or, before any, from a probe of the contacts query. */
    private KeyType keyType() {
        KeyType known = keyType;
        if (known != null) {
            return known;
        }
        String sql = ContactQueries.probe(settings.contactsQuery());
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            KeyType probed = RowReader.of(rs.getMetaData(), settings, null).keyType();
            keyType = probed;
            return probed;
        } catch (SQLException e) {
            throw errors.onExecute(e, "contactsQuery", "the contacts query", false);
        }
    }

    private Connection connect() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw errors.onConnect(e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "JdbcCrmSource[" + Secrets.mask(settings.url(), settings.password()) + "]";
    }
}
