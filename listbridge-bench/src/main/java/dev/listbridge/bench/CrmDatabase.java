package dev.listbridge.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The benchmark's CRM: a fresh PostgreSQL database on the machine's server (127.0.0.1:5432, user
 * {@code postgres}, no password) when it answers, else on an embedded PostgreSQL started for the run.
 * {@link #close()} drops the database unless it is kept; an embedded server goes with the run either way.
 */
final class CrmDatabase implements AutoCloseable {
    static final String LOCAL_HOST = "127.0.0.1";
    static final int LOCAL_PORT = 5432;
    private static final String USER = "postgres";
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String name;
    private final String serverUrl;
    private final String description;
    private final EmbeddedPostgres embedded;
    private final boolean keep;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private CrmDatabase(String name, String serverUrl, String description, EmbeddedPostgres embedded, boolean keep) {
        this.name = name;
        this.serverUrl = serverUrl;
        this.description = description;
        this.embedded = embedded;
        this.keep = keep;
    }

    /** Refuses a database name that is not a plain PostgreSQL identifier, naming the option and what is expected. */
    static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--database: '" + name + "' is not a plain PostgreSQL name; expected lower-case "
                    + "letters, digits and '_', starting with a letter or '_', at most 63 characters");
        }
    }

    /**
     * Creates the database {@code name} afresh (an existing one of that name is dropped first).
     *
     * @param forceEmbedded use an embedded server even when the local one answers
     * @param keep          leave the database in place at {@link #close()} (local server only)
     */
    static CrmDatabase create(String name, boolean forceEmbedded, boolean keep) {
        checkName(name); // spliced into CREATE and DROP DATABASE below
        String localProblem = forceEmbedded ? "--embedded-postgres given" : probe(local(LOCAL_HOST, LOCAL_PORT));
        CrmDatabase database;
        if (localProblem == null) {
            database = new CrmDatabase(name, local(LOCAL_HOST, LOCAL_PORT), "PostgreSQL at " + LOCAL_HOST + ":" + LOCAL_PORT,
                    null, keep);
        } else {
            EmbeddedPostgres postgres = startEmbedded();
            database = new CrmDatabase(name, local("localhost", postgres.getPort()),
                    "embedded PostgreSQL on port " + postgres.getPort() + " (no server at " + LOCAL_HOST + ":" + LOCAL_PORT
                            + ": " + localProblem + ")", postgres, false);
        }
        database.admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        database.admin("CREATE DATABASE " + name);
        return database;
    }

    String url() {
        return serverUrl + name;
    }

    String user() {
        return USER;
    }

    String password() {
        return "";
    }

    String name() {
        return name;
    }

    /** Where the database lives, for the report. */
    String description() {
        return description;
    }

    boolean embedded() {
        return embedded != null;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, "");
    }

    /** Drops the database (unless kept) and stops an embedded server; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!keep) {
                admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } finally {
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("could not stop the embedded PostgreSQL: " + e.getMessage(), e);
                }
            }
        }
    }

    private void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(serverUrl + "postgres", USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed on " + description + ": " + e.getMessage(), e);
        }
    }

    private static String local(String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/";
    }

    /** Null when the server answers, else why not. */
    private static String probe(String serverUrl) {
        try (Connection connection = DriverManager.getConnection(serverUrl + "postgres?connectTimeout=2&loginTimeout=2", USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static EmbeddedPostgres startEmbedded() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("no PostgreSQL at " + LOCAL_HOST + ":" + LOCAL_PORT
                    + " and the embedded one did not start: " + e.getMessage(), e);
        }
    }
}
