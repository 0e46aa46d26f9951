package dev.listbridge.cli;

import dev.listbridge.engine.CycleReport;
import dev.listbridge.engine.Progress;
import dev.listbridge.engine.config.ConfigLoader;
import dev.listbridge.engine.config.ListbridgeConfig;
import dev.listbridge.sandbox.MailchimpSandbox;
import dev.listbridge.sandbox.SandboxMember;
import dev.listbridge.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

/**
 * One CRM database, the Mailchimp sandbox, a fresh audience and a fresh SQLite state store: everything a
 * story test needs, wired exactly as the CLI wires it.
 */
final class StoryHarness implements AutoCloseable {
    final TestDatabase crm;
    final MailchimpSandbox sandbox;
    final String list;
    final Path dir;
    private Wiring wiring;
    private String audienceYaml = "";
    private String topYaml = "";
    private String crmYaml = "";
    private String stateUrl = "jdbc:sqlite:./state.db";

    StoryHarness(TestDatabase crm, MailchimpSandbox sandbox, Path dir) {
        this.crm = crm;
        this.sandbox = sandbox;
        this.dir = dir;
        this.list = sandbox.createList("Story " + dir.getFileName(), true);
        crm.execute("DROP TABLE IF EXISTS customers",
                "CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(320), newsletter BOOLEAN NOT NULL, "
                        + "consent_at TIMESTAMP NULL, first_name VARCHAR(100), last_name VARCHAR(100), segment VARCHAR(20), "
                        + "email_invalid BOOLEAN DEFAULT FALSE NOT NULL)");
    }

    /** Keeps the state store at this JDBC URL instead of an SQLite file in the test's folder. */
    StoryHarness state(String url) {
        this.stateUrl = url;
        closeWiring();
        return this;
    }

    /** Extra keys for the audience section, e.g. {@code "addressChange: transfer"}; lines indented by the caller's need. */
    StoryHarness audience(String... lines) {
        StringBuilder yaml = new StringBuilder();
        for (String line : lines) {
            yaml.append("    ").append(line).append('\n');
        }
        audienceYaml = yaml.toString();
        closeWiring();
        return this;
    }

    /** Extra top-level sections, e.g. {@code server:}, appended after the audience. */
    StoryHarness top(String yaml) {
        topYaml = yaml.endsWith("\n") ? yaml : yaml + "\n";
        closeWiring();
        return this;
    }

    /** Extra keys for the crm section, e.g. {@code "capture: queue"}. */
    StoryHarness crm(String... lines) {
        StringBuilder yaml = new StringBuilder();
        for (String line : lines) {
            yaml.append("  ").append(line).append('\n');
        }
        crmYaml = yaml.toString();
        closeWiring();
        return this;
    }

    void customer(int id, String email, boolean consent, String segment) {
        update("INSERT INTO customers (id, email, newsletter, consent_at, first_name, last_name, segment) "
                + "VALUES (?, ?, ?, NULL, ?, ?, ?)", id, email, consent, "First" + id, "Last" + id, segment);
    }

    void update(String sql, Object... args) {
        try (Connection c = crm.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    String value(String sql, Object... args) {
        try (Connection c = crm.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean newsletter(int id) {
        String v = value("SELECT newsletter FROM customers WHERE id = ?", id);
        return "1".equals(v) || "true".equalsIgnoreCase(v) || "t".equals(v);
    }

    boolean emailInvalid(int id) {
        String v = value("SELECT email_invalid FROM customers WHERE id = ?", id);
        return "1".equals(v) || "true".equalsIgnoreCase(v) || "t".equals(v);
    }

    String status(String email) {
        return sandbox.member(list, email).map(SandboxMember::status).orElse("absent");
    }

    Wiring wiring() {
        if (wiring == null) {
            try {
                Path file = dir.resolve("listbridge.yml");
                Files.writeString(file, yaml());
                ListbridgeConfig config = ConfigLoader.load(file, Map.of("MAILCHIMP_API_KEY", sandbox.apiKey(),
                        "CRM_PASSWORD", crm.password()));
                wiring = new Wiring(config, Clock.systemUTC());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return wiring;
    }

    CycleReport sync() {
        return sync(false);
    }

    CycleReport sync(boolean force) {
        var config = wiring().config();
        return wiring().engine(config.audiences().get("newsletter"), Progress.NONE).sync(force);
    }

    CycleReport syncChanged(java.util.Set<String> keys) {
        var config = wiring().config();
        return wiring().engine(config.audiences().get("newsletter"), Progress.NONE).syncChanged(keys, false);
    }

    CycleReport plan() {
        var config = wiring().config();
        return wiring().engine(config.audiences().get("newsletter"), Progress.NONE).plan();
    }

    Path configFile() {
        wiring();
        return dir.resolve("listbridge.yml");
    }

    String yaml() {
        return """
                state: "%s"
                crm:
                  url: %s
                  user: %s
                  password: ${CRM_PASSWORD}
                %s  contacts:
                    query: SELECT id, email, newsletter, consent_at, first_name, last_name, segment FROM customers
                    key: id
                    email: email
                    consent: newsletter
                    consentAt: consent_at
                  writeBack:
                    unsubscribed: UPDATE customers SET newsletter = FALSE WHERE id = :key
                    hardBounce: UPDATE customers SET email_invalid = TRUE WHERE id = :key AND email = :email
                    complaint: UPDATE customers SET newsletter = FALSE WHERE id = :key
                tools:
                  mailchimp:
                    type: mailchimp
                    apiKey: ${MAILCHIMP_API_KEY}
                    baseUrl: %s
                retry:
                  maxAttempts: 3
                  initialDelay: 50ms
                  maxDelay: 200ms
                  requestTimeout: 5s
                audiences:
                  newsletter:
                    tool: mailchimp
                    list: %s
                    fields: { FNAME: first_name, LNAME: last_name }
                    tags: [segment]
                    keyField: CRMKEY
                """.formatted(stateUrl, crm.jdbcUrl(), crm.user(), crmYaml, sandbox.baseUrl(), list)
                + (audienceYaml.contains("blastRadius") ? "" : "    blastRadius: 100%\n") + audienceYaml + topYaml;
    }

    private void closeWiring() {
        if (wiring != null) {
            wiring.close();
            wiring = null;
        }
    }

    @Override
    public void close() {
        closeWiring();
    }
}
