package dev.listbridge.reliability.crash;

import dev.listbridge.sandbox.MailchimpSandbox;
import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@code listbridge sync} in another JVM works on: a CRM in PostgreSQL, the Mailchimp sandbox in this
 * JVM, an SQLite state file and a config file. The CRM can slow its contacts read and its write-backs down
 * ({@code lb_pause}, a function the contacts query and the statements call) to widen those phases for a kill.
 * The write-back statements count how often they were applied, so replays after a kill can be told apart.
 */
public final class CrashWorld implements AutoCloseable {
    /** The daemon's secrets, as the config's variables name them. */
    public static final String ADMIN_TOKEN = "crash-admin-token";
    public static final String WEBHOOK_SECRET = "crash-hook-secret";
    public static final String SIGNING_SECRET = "crash-signing-secret";

    public final TestDatabase crm = TestDatabases.postgres();
    public final MailchimpSandbox sandbox = MailchimpSandbox.start(0);
    public final String list = sandbox.createList("Crash test", true);
    public final Path folder;
    public final Path config;
    public final Path stateFile;
    public final Map<String, String> environment;
    /** The daemon's port ({@code server.listen}), fixed so that it stays the same across restarts. */
    public final int port;

    /** A world for {@code listbridge sync}. */
    public CrashWorld(Path folder) {
        this(folder, false);
    }

    /**
     * A world for {@code listbridge sync} or, with {@code daemon}, for {@code listbridge run} too: a fixed port,
     * an admin token, and webhooks for the audience with a path secret and a signing secret. The daemon cycles
     * on its own only at start (and hourly): the tests start cycles through the admin API.
     */
    public CrashWorld(Path folder, boolean daemon) {
        this.folder = folder;
        this.config = folder.resolve("listbridge.yml");
        this.stateFile = folder.resolve("state.db");
        this.port = daemon ? freePort() : 0;
        crm.execute(
                "CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(320), newsletter BOOLEAN NOT NULL, "
                        + "consent_at TIMESTAMP, first_name VARCHAR(100), segment VARCHAR(20), "
                        + "optouts_applied INT NOT NULL DEFAULT 0, complaints_applied INT NOT NULL DEFAULT 0)",
                "CREATE TABLE bounces (customer_id INT NOT NULL, email VARCHAR(320) NOT NULL, applied INT NOT NULL, "
                        + "PRIMARY KEY (customer_id, email))",
                "CREATE TABLE lb_control (phase TEXT PRIMARY KEY, pause_ms INT NOT NULL)",
                "INSERT INTO lb_control VALUES ('read', 0), ('writeback', 0)",
                "CREATE FUNCTION lb_pause(p TEXT) RETURNS BOOLEAN VOLATILE LANGUAGE plpgsql AS $$ DECLARE ms INT; BEGIN "
                        + "SELECT pause_ms INTO ms FROM lb_control WHERE phase = p; "
                        + "IF ms > 0 THEN PERFORM pg_sleep(ms / 1000.0); END IF; RETURN TRUE; END $$");
        this.environment = Map.of("MAILCHIMP_API_KEY", sandbox.apiKey(), "CRM_PASSWORD", crm.password(),
                "LISTBRIDGE_LOG", "INFO", "ADMIN_TOKEN", ADMIN_TOKEN, "WEBHOOK_SECRET", WEBHOOK_SECRET,
                "SIGNING_SECRET", SIGNING_SECRET);
        try {
            Files.writeString(config, yaml());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String yaml() {
        return """
                state: "jdbc:sqlite:%s"
                crm:
                  url: %s
                  user: %s
                %s  contacts:
                    query: SELECT id, email, newsletter, consent_at, first_name, segment FROM customers WHERE lb_pause('read')
                    key: id
                    email: email
                    consent: newsletter
                    consentAt: consent_at
                  writeBack:
                    unsubscribed: UPDATE customers SET newsletter = FALSE, optouts_applied = optouts_applied + 1 WHERE id = :key AND lb_pause('writeback')
                    complaint: UPDATE customers SET newsletter = FALSE, complaints_applied = complaints_applied + 1 WHERE id = :key AND lb_pause('writeback')
                    hardBounce: INSERT INTO bounces (customer_id, email, applied) SELECT :key, :email, 1 WHERE lb_pause('writeback') ON CONFLICT (customer_id, email) DO UPDATE SET applied = bounces.applied + 1
                tools:
                  mailchimp:
                    type: mailchimp
                    apiKey: ${MAILCHIMP_API_KEY}
                    baseUrl: %s
                retry:
                  maxAttempts: 3
                  initialDelay: 100ms
                  maxDelay: 400ms
                  requestTimeout: 20s
                audiences:
                  newsletter:
                    tool: mailchimp
                    list: %s
                    fields: { FNAME: first_name }
                    tags: [segment]
                    keyField: CRMKEY
                    blastRadius: 100%%
                %s""".formatted(stateFile, crm.jdbcUrl(), crm.user(),
                crm.password().isEmpty() ? "" : "  password: ${CRM_PASSWORD}\n", sandbox.baseUrl(), list,
                port == 0 ? "" : """
                            webhookSecret: ${WEBHOOK_SECRET}
                            signingSecret: ${SIGNING_SECRET}
                            cycleEvery: 1h
                        server:
                          listen: 127.0.0.1:%d
                          adminToken: ${ADMIN_TOKEN}
                        """.formatted(port));
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the daemon's base URL. */
    public String daemonUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The audience's webhook URL with this path secret. */
    public String hookUrl(String secret) {
        return daemonUrl() + "/hooks/mailchimp/newsletter/" + secret;
    }

    /** Slows a CRM phase down: each contact row read, or each write-back statement, takes this long. */
    public void pause(String phase, int millis) {
        crm("UPDATE lb_control SET pause_ms = ? WHERE phase = ?", millis, phase);
    }

    /** Whether another session runs a statement starting with this text right now. */
    public boolean crmRuns(String statementStart) {
        List<Map<String, Object>> rows = crmRows("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() "
                + "AND state = 'active' AND pid <> pg_backend_pid() AND query LIKE '" + statementStart + "%'");
        return ((Number) rows.get(0).get("n")).intValue() > 0;
    }

    public void crm(String sql, Object... args) {
        try (Connection connection = crm.connection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public List<Map<String, Object>> crmRows(String sql) {
        try (Connection connection = crm.connection()) {
            return rows(connection, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Rows of the state store, read while no Listbridge process runs. */
    public List<Map<String, Object>> stateRows(String sql) {
        if (!Files.exists(stateFile)) {
            return List.of();
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + stateFile)) {
            return rows(connection, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Rows of the daemon's own tables ({@code state-daemon.db}: the webhook inbox, the schedules). */
    public List<Map<String, Object>> daemonRows(String sql) {
        Path file = stateFile.resolveSibling("state-daemon.db");
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            return rows(connection, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static List<Map<String, Object>> rows(Connection connection, String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public void close() {
        sandbox.close();
        crm.close();
    }
}
