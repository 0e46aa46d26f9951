package dev.listbridge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Function;
import org.flywaydb.core.Flyway;

/**
 * The state store: an SQLite file by default, PostgreSQL in production. Opening it migrates the
 * schema (Flyway). All access goes through {@link #inTransaction}.
 */
public final class StateStore implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    /** Readers that never wait for the writer (SQLite in WAL mode); the main pool on PostgreSQL. */
    private volatile HikariDataSource readers;
    /** Checkpoints an SQLite file's log beside the writer; null for PostgreSQL and in-memory SQLite. */
    private final WalCheckpointer checkpointer;

    private StateStore(HikariDataSource dataSource, Dialect dialect, WalCheckpointer checkpointer) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.checkpointer = checkpointer;
    }

    /**
     * Opens (and creates or migrates) the store at a JDBC URL.
     *
     * @throws StateStoreException if it cannot be opened
     */
    public static StateStore open(String jdbcUrl) {
        return open(jdbcUrl, null, null);
    }

    public static StateStore open(String jdbcUrl, String user, String password) {
        Dialect dialect = Dialect.of(jdbcUrl);
        if (dialect == Dialect.SQLITE) {
            createParentFolder(jdbcUrl);
        }
        boolean sqliteFile = dialect == Dialect.SQLITE && !inMemory(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("listbridge-state");
        config.setAutoCommit(false);
        config.setConnectionTimeout(30_000);
        // SQLite has one writer; one connection avoids SQLITE_BUSY between our own threads.
        config.setMaximumPoolSize(dialect == Dialect.SQLITE ? 1 : 4);
        if (dialect == Dialect.SQLITE) {
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("synchronous", "NORMAL");
            // A cycle touches snapshots, links and members of changed contacts all over their B-trees; with
            // SQLite's default 2 MB page cache those reads went to the file again and again, and a large
            // transaction spilled to the WAL before its commit. 64 MiB of native memory, not Java heap.
            config.addDataSourceProperty("cache_size", "-65536");
            config.addDataSourceProperty("temp_store", "MEMORY");
            // At a million contacts the file passes 1.5 GB: pages beyond the cache are read through a memory
            // map (the operating system's page cache, no read call and copy per page), not Java heap either. The
            // map is address space, not memory: it covers the whole file, however large it grows.
            config.addDataSourceProperty("mmap_size", String.valueOf(1L << 36));
            if (sqliteFile) {
                // The log is copied to the file by WalCheckpointer's thread; this connection does it only as a
                // backstop, when 1 GiB of log has piled up.
                config.addDataSourceProperty("wal_autocheckpoint", "262144");
                // SQLite reuses the log from its start once the checkpoints caught up, and its frames (page + 24 bytes)
                // do not line up with the file system's blocks: writing one over a block the kernel no longer caches
                // reads that block from the disk first. The log kept its largest size (1 GB after a million-member
                // push), and blocks left alone for a minute were dropped, so commits read back half-overwritten
                // blocks (a third of the write-back acknowledgements' CPU in a profile). Truncated at each restart,
                // the log is appended to instead: new blocks are never read.
                config.addDataSourceProperty("journal_size_limit", "0");
            }
            // The driver otherwise prepares and runs "SELECT last_insert_rowid()" after every INSERT, upserts
            // included; the store takes generated ids with RETURNING and never asks for them.
            config.addDataSourceProperty("jdbc.get_generated_keys", "false");
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StateStoreException("cannot open the state store " + redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .placeholders(Map.of("id", dialect.identityColumn()))
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StateStoreException("cannot migrate the state store " + redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
        return new StateStore(dataSource, dialect, sqliteFile ? WalCheckpointer.start(jdbcUrl) : null);
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws or asks to. */
    public <T> T inTransaction(Function<StateTx, T> work) {
        try (Connection connection = dataSource.getConnection()) {
            StateTx tx = new StateTx(connection);
            try {
                T result = work.apply(tx);
                if (tx.rollbackOnly()) {
                    connection.rollback();
                } else {
                    tx.flush();
                    connection.commit();
                    if (checkpointer != null) {
                        checkpointer.nudge();
                    }
                }
                return result;
            } catch (RuntimeException | Error e) {
                connection.rollback();
                throw e;
            } finally {
                tx.close();
            }
        } catch (SQLException e) {
            throw new StateStoreException("state store: " + e.getMessage(), e);
        }
    }

    /**
     * Runs read-only {@code work} without waiting for a running cycle: on SQLite, whose single connection a
     * cycle holds for its whole diff, on a separate read-only connection that sees the last committed state.
     * Whatever {@code work} writes is rolled back.
     */
    public <T> T read(Function<StateTx, T> work) {
        // an in-memory SQLite database exists only on its own connection: there is no other to read from
        HikariDataSource source = dialect == Dialect.SQLITE && !inMemory(dataSource.getJdbcUrl()) ? readers() : dataSource;
        try (Connection connection = source.getConnection()) {
            StateTx tx = new StateTx(connection);
            try {
                return work.apply(tx);
            } finally {
                connection.rollback();
                tx.close();
            }
        } catch (SQLException e) {
            throw new StateStoreException("state store: " + e.getMessage(), e);
        }
    }

    private synchronized HikariDataSource readers() {
        if (readers == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(dataSource.getJdbcUrl());
            config.setPoolName("listbridge-state-readers");
            config.setAutoCommit(false);
            // Both, or Hikari's reset of the flag fails: SQLite fixes read-only when the connection opens.
            config.setReadOnly(true);
            config.setMaximumPoolSize(2);
            config.setMinimumIdle(0);
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
            readers = new HikariDataSource(config);
        }
        return readers;
    }

    @Override
    public void close() {
        if (checkpointer != null) {
            checkpointer.close();
        }
        if (readers != null) {
            readers.close();
        }
        dataSource.close();
    }

    private static String sqlitePath(String jdbcUrl) {
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        return query >= 0 ? path.substring(0, query) : path;
    }

    private static boolean inMemory(String sqliteUrl) {
        String path = sqlitePath(sqliteUrl);
        return path.isEmpty() || path.equals(":memory:") || path.startsWith("file::memory") || sqliteUrl.contains("mode=memory");
    }

    private static void createParentFolder(String jdbcUrl) {
        if (inMemory(jdbcUrl)) {
            return;
        }
        String path = sqlitePath(jdbcUrl);
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StateStoreException("cannot create the folder " + parent + " for the state store: " + e.getMessage(), e);
        }
    }

    /** Drops user info and passwords from a URL for messages. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1****").replaceAll("//[^/@]*@", "//****@");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
