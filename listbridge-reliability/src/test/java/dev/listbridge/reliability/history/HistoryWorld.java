package dev.listbridge.reliability.history;

import dev.listbridge.crm.jdbc.CrmSettings;
import dev.listbridge.crm.jdbc.JdbcCrmSource;
import dev.listbridge.engine.CycleReport;
import dev.listbridge.engine.Progress;
import dev.listbridge.engine.SyncEngine;
import dev.listbridge.engine.config.AudienceConfig;
import dev.listbridge.engine.config.ListbridgeConfig;
import dev.listbridge.engine.config.BlastRadius;
import dev.listbridge.engine.config.RetryConfig;
import dev.listbridge.engine.config.SharedAddressRule;
import dev.listbridge.mailchimp.MailchimpConnectorProvider;
import dev.listbridge.reliability.crm.CrmFaults;
import dev.listbridge.reliability.crm.FaultyDriver;
import dev.listbridge.sandbox.MailchimpSandbox;
import dev.listbridge.spi.ConnectorContext;
import dev.listbridge.store.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One history's world, wired as the CLI wires it but in-process: a CRM in an in-memory H2 database reached
 * through {@link FaultyDriver} (so connections can drop), the real JDBC CRM source, an SQLite state store,
 * the real Mailchimp connector talking HTTP to the shared sandbox, and the engine. The CRM source and the
 * connector are watched ({@link ObservedCrm}, {@link ObservedTool}) to feed the reference model.
 */
public final class HistoryWorld implements AutoCloseable {
    static final String AUDIENCE = "newsletter";
    static final String CONTACTS_QUERY =
            "SELECT id, email, newsletter, consent_at, first_name, segment, in_audience FROM customers";
    /** Idempotent in effect; an opt-out does not override consent the CRM recorded after it. */
    static final Map<String, String> WRITE_BACK = writeBack();
    /** Short, so that a history stays well under a second even when it retries; the delay faults outlast it. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMillis(150);

    final HistoryConfig config;
    final Lab lab;
    public final MailchimpSandbox sandbox;
    public final String list;
    private final String crmUrl;
    private final Connection crm;
    private final Path stateFile;
    final StateStore store;
    final ObservedCrm observedCrm;
    final ObservedTool observedTool;
    final SyncEngine engine;

    public HistoryWorld(Lab lab, HistoryConfig config, String name) {
        this.lab = lab;
        this.config = config;
        this.sandbox = lab.sandbox;
        this.list = sandbox.createList(name, true);
        this.crmUrl = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
        try {
            this.crm = DriverManager.getConnection(crmUrl, "sa", "");
            try (Statement statement = crm.createStatement()) {
                statement.execute("CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(400), newsletter BOOLEAN NOT NULL, "
                        + "consent_at TIMESTAMP, first_name VARCHAR(100), segment VARCHAR(20), in_audience BOOLEAN NOT NULL, "
                        + "confirmed_at TIMESTAMP, created_by VARCHAR(20) DEFAULT 'crm' NOT NULL, created_email VARCHAR(400))");
                // keys come from a sequence, as in a real CRM: a deleted contact's key is never given to another
                // (docs/RELIABILITY.md, assumptions)
                statement.execute("CREATE SEQUENCE customer_ids START WITH 1");
                statement.execute("CREATE TABLE bounces (customer_id INT NOT NULL, email VARCHAR(400) NOT NULL, "
                        + "occurred_at TIMESTAMP, PRIMARY KEY (customer_id, email))");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        this.stateFile = lab.stateFile();
        this.store = StateStore.open("jdbc:sqlite:" + stateFile);
        JdbcCrmSource jdbc = new JdbcCrmSource(new CrmSettings(FaultyDriver.faulty(crmUrl), "sa", "", ZoneOffset.UTC,
                CONTACTS_QUERY, "id", "email", "newsletter", "consent_at", 1000));
        this.observedCrm = new ObservedCrm(jdbc, lab.clock);
        this.observedTool = new ObservedTool(new MailchimpConnectorProvider().create(new ConnectorContext("mailchimp",
                Map.of("apiKey", sandbox.apiKey(), "baseUrl", sandbox.baseUrl()), lab.clock, REQUEST_TIMEOUT)));
        AudienceConfig audience = new AudienceConfig(AUDIENCE, "mailchimp", list, "in_audience = TRUE", null,
                Map.of("FNAME", "first_name"), List.of("segment"), "CRMKEY", config.addressChange(), config.newMembers(),
                config.onLeave(), config.inbound(), SharedAddressRule.LOWEST_KEY, BlastRadius.percent(100), Map.of(),
                null, null, null, null);
        RetryConfig retry = new RetryConfig(3, Duration.ofMillis(1), Duration.ofMillis(4), REQUEST_TIMEOUT);
        // the shortest retention: histories span days, so the daily pruning runs between their cycles and events
        this.engine = new SyncEngine(store, observedCrm, observedTool, "mailchimp", audience, WRITE_BACK, retry,
                ListbridgeConfig.MIN_RETENTION, lab.clock, Progress.NONE);
    }

    private static Map<String, String> writeBack() {
        Map<String, String> statements = new LinkedHashMap<>();
        statements.put("unsubscribed",
                "UPDATE customers SET newsletter = FALSE WHERE id = :key AND (consent_at IS NULL OR consent_at < :occurredAt)");
        statements.put("complaint",
                "UPDATE customers SET newsletter = FALSE WHERE id = :key AND (consent_at IS NULL OR consent_at < :occurredAt)");
        statements.put("hardBounce",
                "MERGE INTO bounces (customer_id, email, occurred_at) KEY (customer_id, email) VALUES (:key, :email, :occurredAt)");
        statements.put("confirmed", "UPDATE customers SET confirmed_at = :occurredAt WHERE id = :key");
        statements.put("addressChanged", "UPDATE customers SET email = :newEmail WHERE id = :key AND email = :email");
        statements.put("signup", "INSERT INTO customers (id, email, newsletter, consent_at, in_audience, created_by, created_email) "
                + "SELECT NEXT VALUE FOR customer_ids, :email, TRUE, :occurredAt, TRUE, 'listbridge', :email "
                + "FROM (VALUES (1)) one "
                + "WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.created_by = 'listbridge' AND LOWER(c.email) = LOWER(:email))");
        return Map.copyOf(statements);
    }

    /**
     * A config file for the CLI, in this JVM, on this world's CRM (reached directly), sandbox and audience, with
     * its own state file next to this world's and another contacts query.
     */
    public String configYaml(String contactsQuery) {
        return """
                state: "jdbc:sqlite:%s-cli.db"
                crm:
                  url: "%s"
                  user: sa
                  contacts:
                    query: "%s"
                    key: id
                    email: email
                    consent: newsletter
                    consentAt: consent_at
                tools:
                  mailchimp:
                    type: mailchimp
                    apiKey: %s
                    baseUrl: %s
                retry:
                  maxAttempts: 2
                  initialDelay: 10ms
                  maxDelay: 20ms
                audiences:
                  newsletter:
                    tool: mailchimp
                    list: %s
                    filter: in_audience = TRUE
                    keyField: CRMKEY
                    blastRadius: 100%%
                """.formatted(stateFile, crmUrl, contactsQuery.replace("\"", "\\\""), sandbox.apiKey(), sandbox.baseUrl(), list);
    }

    /** One cycle, watched. */
    public CycleReport sync() {
        observedCrm.startCycle();
        observedTool.startCycle();
        return engine.sync(false);
    }

    /** Runs a CRM statement the way the CRM's own users would (not through the faulty driver). */
    public void crm(String sql, Object... args) {
        try (PreparedStatement statement = crm.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object arg = args[i];
                statement.setObject(i + 1, arg instanceof java.time.Instant at ? LocalDateTime.ofInstant(at, ZoneOffset.UTC) : arg);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The rows of a CRM query, each column by lower-case label (timestamps as UTC instants). */
    public List<Map<String, Object>> crmRows(String sql) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement statement = crm.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    if (value instanceof java.sql.Timestamp ts) {
                        value = ts.toLocalDateTime().toInstant(ZoneOffset.UTC);
                    }
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), value);
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** The rows of a query on the state store's file (a second, reading connection). */
    public List<Map<String, Object>> stateRows(String sql) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection state = DriverManager.getConnection("jdbc:sqlite:" + stateFile);
             Statement statement = state.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        return rows;
    }

    @Override
    public void close() {
        CrmFaults.clear();
        sandbox.faults().clear();
        observedTool.close();
        observedCrm.close();
        store.close();
        try (Statement statement = crm.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // the database is gone either way
        }
        try {
            crm.close();
            Files.deleteIfExists(stateFile);
            Files.deleteIfExists(Path.of(stateFile + "-wal"));
            Files.deleteIfExists(Path.of(stateFile + "-shm"));
        } catch (SQLException | IOException ignored) {
            // temporary files go with the lab's folder
        }
    }
}
