package dev.listbridge.reliability.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.reliability.Figures;
import dev.listbridge.reliability.Figures.Count;
import dev.listbridge.reliability.crash.CliProcess;
import dev.listbridge.testing.JavaProcess;
import dev.listbridge.sandbox.MailchimpSandbox;
import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security checks (docs/RELIABILITY.md, part 5; invariant 7): every secret set to a value that cannot occur by
 * chance, the CLI run in its own JVM with debug logging through good and bad days (check, plan, syncs, a tool
 * that is down, a tool that refuses the key, an unreachable CRM, a contact's timeline), with the state store
 * as an SQLite file and on PostgreSQL with the password in its URL. No secret, nor its URL or Base64 form,
 * may appear in any output, log, or state store table (nor in the SQLite file's bytes). Also: values from data
 * stay data in write-back statements.
 *
 * <p>The daemon too ({@link DaemonSession}): its log, every answer of its admin API, webhooks, health and metrics,
 * and its own tables; requests with a missing or wrong admin token or webhook secret must be refused.
 */
class SecretsIT {
    private static final String API_KEY = "5ecretapikey0reliability0proof42-us1";
    private static final Map<String, String> SECRETS = Map.of(
            "CRM_PASSWORD", "Crm-Secret-Password-7f3a9q",
            "STATE_PASSWORD", "State-Secret-Password-9k2m4x",
            "MAILCHIMP_API_KEY", API_KEY,
            "ADMIN_TOKEN", "Admin-Secret-Token-4b8c1e",
            "WEBHOOK_SECRET", "Hook-Path-Secret-1d6e0a",
            "SIGNING_SECRET", "Signing-Secret-8a2f5b");
    /** Text a recipient controls, that must stay data everywhere. */
    private static final String SQL_REASON = "bye'); DROP TABLE customers; --";
    private static final String SQL_NAME = "Robert'); DROP TABLE customers;--";
    /** A valid address (quotes and = are allowed in a local part) that changes a query if spliced into it. */
    private static final String TOOL_ADDRESS = "o'neil'or'1'='1@example.com";

    @Test
    void no_secret_appears_in_any_output_log_or_state_store_and_data_stays_data(@TempDir Path folder) throws Exception {
        List<String> captured = new ArrayList<>();
        try (TestDatabase crm = TestDatabases.postgres(); TestDatabase state = TestDatabases.postgres();
             MailchimpSandbox sandbox = MailchimpSandbox.start(0, Clock.systemUTC(), API_KEY);
             MailchimpSandbox wrongKey = MailchimpSandbox.start(0, Clock.systemUTC(), "0therkey00000000000000000000000-us1")) {
            crm.execute("CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(320), newsletter BOOLEAN NOT NULL, "
                            + "consent_at TIMESTAMP, first_name VARCHAR(100), note VARCHAR(400))",
                    "INSERT INTO customers VALUES (1, 'o''brien@example.com', TRUE, NULL, 'Robert''); DROP TABLE customers;--', NULL)",
                    "INSERT INTO customers VALUES (2, 'ada@example.com', TRUE, NULL, 'Ada', NULL)",
                    "INSERT INTO customers VALUES (3, 'bob@example.com', TRUE, NULL, 'Bob', NULL)");
            String list = sandbox.createList("Secrets", false);
            String wrongList = wrongKey.createList("Secrets", false);
            Map<String, String> environment = new LinkedHashMap<>(SECRETS);
            environment.put("LISTBRIDGE_LOG", "debug");
            String sqliteState = "jdbc:sqlite:" + folder.resolve("state.db");
            String postgresState = state.jdbcUrl() + (state.jdbcUrl().contains("?") ? "&" : "?") + "user=" + state.user()
                    + "&password=${STATE_PASSWORD}";
            Path good = config(folder, "good.yml", sqliteState, crm.jdbcUrl(), crm.user(), sandbox.baseUrl(), list);
            Path onPostgres = config(folder, "postgres.yml", postgresState, crm.jdbcUrl(), crm.user(), sandbox.baseUrl(), list);
            Path crmDown = config(folder, "crm-down.yml", sqliteState, crm.jdbcUrl().replaceFirst("//([^/:]+):\\d+/", "//$1:1/"),
                    crm.user(), sandbox.baseUrl(), list);
            Path refused = config(folder, "refused.yml", "jdbc:sqlite:" + folder.resolve("refused.db"), crm.jdbcUrl(), crm.user(),
                    wrongKey.baseUrl(), wrongList);

            int run = 0;
            captured.add(cli(folder, ++run, environment, "check", good));
            captured.add(cli(folder, ++run, environment, "plan", good));
            captured.add(cli(folder, ++run, environment, "sync", good));
            sandbox.unsubscribe(list, "o'brien@example.com", SQL_REASON);
            sandbox.hardBounce(list, "ada@example.com");
            sandbox.changeAddress(list, "bob@example.com", TOOL_ADDRESS);
            captured.add(cli(folder, ++run, environment, "sync", good));
            captured.add(cli(folder, ++run, environment, "sync", good)); // the address change reached the CRM: now the diff
            sandbox.faults().respondWith("*", ".*", 503, 100);
            captured.add(cli(folder, ++run, environment, "sync", good));
            sandbox.faults().clear();
            captured.add(cli(folder, ++run, environment, "contact", good, "1"));
            captured.add(cli(folder, ++run, environment, "sync", crmDown));
            captured.add(cli(folder, ++run, environment, "sync", refused));
            captured.add(cli(folder, ++run, environment, "check", onPostgres));
            captured.add(cli(folder, ++run, environment, "sync", onPostgres));
            captured.add(cli(folder, ++run, environment, "contact", onPostgres, "2"));

            captured.add(dump("sqlite state store", "jdbc:sqlite:" + folder.resolve("state.db"), null, null));
            captured.add(dump("sqlite state store of the refused run", "jdbc:sqlite:" + folder.resolve("refused.db"), null, null));
            captured.add(new String(Files.readAllBytes(folder.resolve("state.db")), StandardCharsets.ISO_8859_1));
            captured.add(dump("postgresql state store", state.jdbcUrl(), state.user(), state.password()));
            try (Stream<Path> files = Files.list(folder)) {
                for (Path log : files.filter(path -> path.toString().endsWith(".log")).toList()) {
                    captured.add(Files.readString(log));
                }
            }

            List<String> leaks = leaks(captured);
            String all = String.join("\n", captured);
            assertThat(all).as("debug logs and the summaries were captured").contains(" DEBUG ").contains("contacts read");
            Figures.add(Count.VIOLATIONS, leaks.size());
            Figures.detail("security: texts searched for secrets", captured.size());
            assertThat(leaks).as("secrets in %d captured texts", captured.size()).isEmpty();

            // values from data stay data: the statements bound them
            List<String> rows = crmText(crm, "SELECT id, email, newsletter, first_name, note FROM customers ORDER BY id");
            assertThat(rows).containsExactly(
                    "1|o'brien@example.com|false|" + SQL_NAME + "|unsubscribed",
                    "2|ada@example.com|true|Ada|bounced",
                    "3|" + TOOL_ADDRESS + "|true|Bob|null");
        }
    }

    /**
     * The daemon ({@code listbridge run} in its own JVM, debug logging), once on an SQLite state store (its own
     * tables then in {@code NAME-daemon.db}) and once on PostgreSQL: a cycle, webhooks valid and invalid, the admin
     * API with the token, without it and with wrong ones, health and metrics. No secret in its log, in any answer's
     * head or body, in either store; and every request with a missing or wrong credential is refused.
     */
    @Test
    void the_daemon_shows_no_secret_and_refuses_missing_or_wrong_credentials(@TempDir Path folder) throws Exception {
        List<String> captured = new ArrayList<>();
        try (TestDatabase crm = TestDatabases.postgres(); TestDatabase state = TestDatabases.postgres();
             MailchimpSandbox sandbox = MailchimpSandbox.start(0, Clock.systemUTC(), API_KEY)) {
            crm.execute("CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(320), newsletter BOOLEAN NOT NULL, "
                            + "consent_at TIMESTAMP, first_name VARCHAR(100), note VARCHAR(400))",
                    "INSERT INTO customers VALUES (1, 'ada@example.com', TRUE, NULL, 'Ada', NULL)",
                    "INSERT INTO customers VALUES (2, 'bob@example.com', TRUE, NULL, 'Bob', NULL)",
                    "INSERT INTO customers VALUES (3, 'cy@example.com', TRUE, NULL, 'Cy', NULL)");
            String list = sandbox.createList("Daemon secrets", false);
            Map<String, String> environment = new LinkedHashMap<>(SECRETS);
            environment.put("LISTBRIDGE_LOG", "debug");
            String sqliteState = "jdbc:sqlite:" + folder.resolve("daemon-state.db");
            String postgresState = state.jdbcUrl() + (state.jdbcUrl().contains("?") ? "&" : "?") + "user=" + state.user()
                    + "&password=${STATE_PASSWORD}";
            int port = freePort();
            captured.addAll(new DaemonSession(folder, "sqlite", environment, config(folder, "daemon-sqlite.yml", sqliteState,
                    crm.jdbcUrl(), crm.user(), sandbox.baseUrl(), list, port), port, crm, list, 1).run());
            port = freePort();
            captured.addAll(new DaemonSession(folder, "postgres", environment, config(folder, "daemon-postgres.yml",
                    postgresState, crm.jdbcUrl(), crm.user(), sandbox.baseUrl(), list, port), port, crm, list, 2).run());

            captured.add(dump("sqlite state store of the daemon", sqliteState, null, null));
            captured.add(dump("the daemon's own sqlite store", "jdbc:sqlite:" + folder.resolve("daemon-state-daemon.db"), null, null));
            captured.add(dump("postgresql state store and the daemon's tables in it", state.jdbcUrl(), state.user(), state.password()));
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(path -> path.getFileName().toString().startsWith("daemon-state")).toList()) {
                    captured.add(file + "\n" + new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
            }
            List<String> leaks = leaks(captured);
            String all = String.join("\n", captured);
            assertThat(all).as("debug logs, answers and both stores were captured")
                    .contains(" DEBUG ", "listbridge daemon running", "\"outcome\":\"done\"", "listbridge_webhooks_received_total",
                            "== inbox", "== scheduled_tasks", "/hooks/mailchimp/newsletter/****");
            Figures.add(Count.VIOLATIONS, leaks.size());
            Figures.detail("security: texts of the daemon searched for secrets", captured.size());
            assertThat(leaks).as("secrets in %d captured texts of the daemon", captured.size()).isEmpty();
            assertThat(crmText(crm, "SELECT id, newsletter FROM customers ORDER BY id"))
                    .as("each session's valid webhook was applied").containsExactly("1|false", "2|false", "3|true");
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Every place a secret, in any of its forms, appears in the captured texts. */
    private static List<String> leaks(List<String> captured) {
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
            for (String form : forms(secret.getValue())) {
                for (String text : captured) {
                    int at = text.indexOf(form);
                    if (at >= 0) {
                        leaks.add(secret.getKey() + " (" + form + ") in: …"
                                + text.substring(Math.max(0, at - 200), Math.min(text.length(), at + 60)) + "…");
                    }
                }
            }
        }
        return leaks;
    }

    /** A secret as it could leak: itself, URL-encoded, in HTTP Basic auth, and in Base64. */
    private static List<String> forms(String secret) {
        return List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(("anystring:" + secret).getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private static Path config(Path folder, String name, String stateUrl, String crmUrl, String crmUser, String baseUrl,
                               String list) throws IOException {
        return config(folder, name, stateUrl, crmUrl, crmUser, baseUrl, list, 0);
    }

    /** The config; with a {@code port}, the daemon listens there (server.listen). */
    private static Path config(Path folder, String name, String stateUrl, String crmUrl, String crmUser, String baseUrl,
                               String list, int port) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, """
                state: "%s"
                crm:
                  url: "%s"
                  user: %s
                  password: ${CRM_PASSWORD}
                  contacts:
                    query: SELECT id, email, newsletter, consent_at, first_name FROM customers
                    key: id
                    email: email
                    consent: newsletter
                    consentAt: consent_at
                  writeBack:
                    unsubscribed: UPDATE customers SET newsletter = FALSE, note = :reason WHERE id = :key
                    hardBounce: "UPDATE customers SET note = 'bounced' WHERE id = :key AND email = :email AND ':key' = ':key'"
                    addressChanged: UPDATE customers SET email = :newEmail WHERE id = :key AND email = :email
                tools:
                  mailchimp:
                    type: mailchimp
                    apiKey: ${MAILCHIMP_API_KEY}
                    baseUrl: %s
                server:
                  adminToken: ${ADMIN_TOKEN}
                %s
                retry:
                  maxAttempts: 2
                  initialDelay: 10ms
                  maxDelay: 20ms
                  requestTimeout: 5s
                audiences:
                  newsletter:
                    tool: mailchimp
                    list: %s
                    fields: { FNAME: first_name }
                    keyField: CRMKEY
                    blastRadius: 100%%
                    webhookSecret: ${WEBHOOK_SECRET}
                    signingSecret: ${SIGNING_SECRET}
                """.formatted(stateUrl, crmUrl, crmUser, baseUrl, port == 0 ? "" : "  listen: 127.0.0.1:" + port, list));
        return file;
    }

    private static String cli(Path folder, int run, Map<String, String> environment, String command, Path config,
                              String... more) {
        List<String> arguments = new ArrayList<>(List.of(command, "-c", config.toString()));
        arguments.addAll(List.of(more));
        long start = System.nanoTime();
        JavaProcess process = CliProcess.start(folder, "secrets-" + run, environment, arguments.toArray(String[]::new));
        int exit = process.awaitExit(Duration.ofSeconds(120));
        System.out.println("secrets run " + run + " " + arguments.get(0) + " " + config.getFileName() + ": exit " + exit + " in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        return "exit " + exit + " of " + arguments + "\n" + process.output();
    }

    /** Every table, every row, as text. */
    private static String dump(String what, String url, String user, String password) throws SQLException {
        StringBuilder text = new StringBuilder(what).append('\n');
        try (Connection connection = user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password)) {
            DatabaseMetaData metadata = connection.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = metadata.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            for (String table : tables) {
                text.append("== ").append(table).append('\n');
                try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            text.append(rs.getString(i)).append('|');
                        }
                        text.append('\n');
                    }
                }
            }
        }
        return text.toString();
    }

    private static List<String> crmText(TestDatabase crm, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = crm.connection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }
}
