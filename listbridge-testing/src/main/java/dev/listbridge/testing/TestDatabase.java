package dev.listbridge.testing;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A fresh, empty database for one test class, made by {@link TestDatabases}. {@link #close()} drops
 * it. Typical use:
 *
 * <pre>{@code
 * static TestDatabase db;
 * @BeforeAll static void start() { db = TestDatabases.postgres(); }
 * @AfterAll static void stop() { db.close(); }
 * }</pre>
 */
public final class TestDatabase implements AutoCloseable {

    /** The database servers {@link TestDatabases} provides. */
    public enum Kind { POSTGRESQL, MARIADB, H2 }

    private final Kind kind;
    private final String name;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final Runnable dropper;
    private final AtomicBoolean closed = new AtomicBoolean();

    TestDatabase(Kind kind, String name, String jdbcUrl, String user, String password, Runnable dropper) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.name = Objects.requireNonNull(name, "name");
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
        this.dropper = Objects.requireNonNull(dropper, "dropper");
    }

    /** Which database server. */
    public Kind kind() {
        return kind;
    }

    /** The database's name, e.g. {@code lbtest_3f9a1c0d2b}. */
    public String name() {
        return name;
    }

    /** A JDBC URL for the database, without user and password. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    /** The password; empty where the server trusts loopback connections. */
    public String password() {
        return password;
    }

    /** A new connection to the database; the caller closes it. */
    public Connection connection() {
        try {
            return DriverManager.getConnection(jdbcUrl, user, password);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to test database " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** A data source that opens a new connection per call (no pool). */
    public DataSource dataSource() {
        return new UrlDataSource(this);
    }

    /** Runs each statement in its own auto-committed execution, for setting up fixtures. */
    public void execute(String... statements) {
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("fixture SQL failed on " + name + ": " + e.getMessage(), e);
        }
    }

    /** Drops the database; a second call does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            dropper.run();
        }
    }

    @Override
    public String toString() {
        return kind + " " + jdbcUrl;
    }

    private record UrlDataSource(TestDatabase database) implements DataSource {
        @Override
        public Connection getConnection() {
            return database.connection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return DriverManager.getConnection(database.jdbcUrl(), username, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
