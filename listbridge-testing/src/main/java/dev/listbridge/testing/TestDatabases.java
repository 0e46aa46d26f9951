package dev.listbridge.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real databases for tests, never mocks. Each call creates a fresh, empty database named
 * {@code lbtest_<random>}; the caller closes the returned {@link TestDatabase} to drop it.
 *
 * <ol>
 *   <li>{@link #postgres()}: on the PostgreSQL server at 127.0.0.1:5432 (port: {@value #POSTGRES_PORT_PROPERTY};
 *       user {@code postgres}, trust authentication) when it answers within 2 s; otherwise on an embedded PostgreSQL started once
 *       per JVM. The system property {@value #EMBEDDED_POSTGRES_PROPERTY}{@code =true} forces the
 *       embedded server.</li>
 *   <li>{@link #mariadb()}: on the MariaDB server at 127.0.0.1:3306 (port: {@value #MARIADB_PORT_PROPERTY};
 *       root, empty password). When it
 *       does not answer, the test is skipped with a notice, except under CI (environment variable
 *       {@code CI=true}), where it fails: MariaDB tests must run there.</li>
 *   <li>{@link #h2()}: an in-memory H2 database in its default mode.</li>
 * </ol>
 * Safe to call from several test classes at once.
 */
public final class TestDatabases {

    /** Set to {@code true} to use the embedded PostgreSQL even when a local server answers. */
    public static final String EMBEDDED_POSTGRES_PROPERTY = "listbridge.test.embeddedPostgres";

    /** Overrides the local PostgreSQL server's port (default 5432). */
    public static final String POSTGRES_PORT_PROPERTY = "listbridge.test.postgresPort";
    /** Overrides the local MariaDB server's port (default 3306). */
    public static final String MARIADB_PORT_PROPERTY = "listbridge.test.mariadbPort";

    static final String LOOPBACK = "127.0.0.1";
    static final int POSTGRES_PORT = Integer.getInteger(POSTGRES_PORT_PROPERTY, 5432);
    static final int MARIADB_PORT = Integer.getInteger(MARIADB_PORT_PROPERTY, 3306);

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabases.class);

    private TestDatabases() {
    }

    /** A fresh PostgreSQL database. */
    public static TestDatabase postgres() {
        return PostgresServers.pick().createDatabase(newName());
    }

    /**
     * A fresh MariaDB database, its URL carrying {@code sslMode=disable}.
     *
     * @throws org.opentest4j.TestAbortedException when the server does not answer and CI is not set
     * @throws IllegalStateException when the server does not answer and {@code CI=true}
     */
    public static TestDatabase mariadb() {
        String problem = MariaDbServer.unavailableReason();
        if (problem != null) {
            unavailable("MariaDB at " + LOOPBACK + ":" + MARIADB_PORT, problem,
                    "true".equalsIgnoreCase(System.getenv("CI")),
                    "'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd'");
        }
        return MariaDbServer.createDatabase(newName());
    }

    /** A fresh in-memory H2 database (plain H2, no compatibility mode). */
    public static TestDatabase h2() {
        String name = newName();
        String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
        return new TestDatabase(TestDatabase.Kind.H2, name, url, "sa", "", () -> {
            try (Connection connection = DriverManager.getConnection(url, "sa", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                LOG.warn("could not shut down H2 test database {}: {}", name, e.getMessage());
            }
        });
    }

    /** Fails under CI, else aborts (skips) the calling test; never returns normally. */
    static void unavailable(String server, String problem, boolean ci, String howToStart) {
        if (ci) {
            throw new IllegalStateException(server + " is not reachable (" + problem + "), and CI=true: "
                    + "these tests must run under CI, not be skipped. Start the server, e.g. " + howToStart + ".");
        }
        String notice = server + " is not reachable (" + problem + "): skipping (under CI=true this fails)";
        LOG.warn(notice);
        System.err.println("NOTICE: " + notice);
        Assumptions.abort(notice);
    }

    static String newName() {
        byte[] random = new byte[5];
        ThreadLocalRandom.current().nextBytes(random);
        return "lbtest_" + HexFormat.of().formatHex(random);
    }

    /** Runs one administrative statement (CREATE/DROP DATABASE) on a server. */
    static void admin(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed on " + url + ": " + e.getMessage(), e);
        }
    }

    /** Null when a JDBC connection can be opened and used, else why not. */
    static String probe(String url, String user, String password) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }
}
