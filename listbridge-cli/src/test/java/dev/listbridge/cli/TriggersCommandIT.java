package dev.listbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code listbridge triggers} as a user runs it, on PostgreSQL (a subclass runs it on MariaDB). */
class TriggersCommandIT {
    TestDatabase crm;
    Path dir;
    String out;
    String err;

    TestDatabase database() {
        return TestDatabases.postgres();
    }

    @BeforeEach
    void setUp(@TempDir Path dir) {
        this.dir = dir;
        crm = database();
        crm.execute("CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(320), newsletter BOOLEAN NOT NULL, "
                + "first_name VARCHAR(100), segment VARCHAR(20), last_login TIMESTAMP NULL, updated_at TIMESTAMP NULL)");
    }

    @AfterEach
    void tearDown() {
        crm.close();
    }

    /** A config file with the contacts section's lines replaced as given ({@code "key: id"} → {@code "key: no"}). */
    String config(String... replacements) {
        String yaml = """
                crm:
                  url: %s
                  user: %s
                  password: "%s"
                  capture: queue
                  contacts:
                    query: SELECT id, email, newsletter, first_name FROM customers
                    key: id
                    email: email
                    consent: newsletter
                tools:
                  mailchimp:
                    type: mailchimp
                    apiKey: none-us1
                audiences:
                  newsletter:
                    tool: mailchimp
                    list: a1
                    filter: segment = 'B2C'
                """.formatted(crm.jdbcUrl(), crm.user(), crm.password());
        for (int i = 0; i + 1 < replacements.length; i += 2) {
            yaml = yaml.replace(replacements[i], replacements[i + 1]);
        }
        try {
            Path file = dir.resolve("listbridge.yml");
            Files.writeString(file, yaml);
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(o));
        cli.setErr(new PrintWriter(e));
        int code = cli.execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    /** The queue's size, or -1 when the queue table does not exist. */
    long queued() {
        try (Connection connection = crm.connection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM listbridge_change_queue")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    String ownDialectMarker() {
        return "LANGUAGE plpgsql";
    }

    @Test
    void prints_the_ddl_for_the_crms_database_watching_the_columns_the_config_uses_and_changes_nothing() {
        assertThat(run("triggers", "-c", config())).as(err).isZero();

        assertThat(out).contains(ownDialectMarker()).contains("-- one of these columns: id, email, newsletter, first_name, segment\n")
                .contains("CREATE TRIGGER listbridge_customers_update").doesNotContain("last_login");
        assertThat(queued()).isEqualTo(-1);
    }

    @Test
    void prints_another_databases_ddl_with_dialect() {
        assertThat(run("triggers", "-c", config(), "--dialect", "sqlserver")).isZero();
        assertThat(out).contains("CREATE OR ALTER TRIGGER listbridge_customers_changes ON customers").contains("\nGO\n");

        assertThat(run("triggers", "-c", config(), "--dialect", "oracle")).isEqualTo(2);
        assertThat(err).contains("--dialect: expected postgresql, mariadb, mysql or sqlserver; was 'oracle'");
        assertThat(run("triggers", "-c", config(), "--dialect", "sqlserver", "--apply")).isEqualTo(2);
        assertThat(err).contains("leave out --dialect");
    }

    @Test
    void apply_installs_idempotently_and_remove_says_what_it_removed() {
        String file = config();
        assertThat(run("triggers", "-c", file, "--apply")).as(err).isZero();
        assertThat(out).contains("listbridge_customers_insert: created")
                .contains("recording inserts, deletes and changes of: id, email, newsletter, first_name, segment");
        assertThat(run("triggers", "-c", file, "--apply")).as(err).isZero();
        assertThat(out).contains("listbridge_customers_insert: replaced").contains("listbridge_change_queue: already there");

        crm.execute("INSERT INTO customers (id, email, newsletter) VALUES (1, 'anna@example.com', TRUE)",
                "UPDATE customers SET last_login = CURRENT_TIMESTAMP WHERE id = 1");
        assertThat(queued()).as("one insert; last_login is not watched").isEqualTo(1);

        assertThat(run("triggers", "-c", file, "--remove")).as(err).isZero();
        assertThat(out).contains("listbridge_customers_insert: removed").contains("removed (1 change not yet drained)");
        assertThat(queued()).isEqualTo(-1);
        assertThat(run("triggers", "-c", file, "--remove")).isZero();
        assertThat(out).contains("listbridge_customers_update: not installed");
        assertThat(run("triggers", "-c", file, "--apply", "--remove")).isEqualTo(2);
    }

    @Test
    void a_missing_table_or_column_exits_2_naming_it_and_its_key_before_anything_changes() {
        assertThat(run("triggers", "-c", config("    key: id\n", "    key: id\n    table: custmers\n"), "--apply")).isEqualTo(2);
        assertThat(err).contains("crm.contacts.table").contains("custmers").doesNotContain("\tat ");

        assertThat(run("triggers", "-c", config("    key: id\n", "    key: customer_no\n    updatedAt: changed_at\n"), "--apply"))
                .isEqualTo(2);
        assertThat(err).contains("crm.contacts.key: column 'customer_no' is not a column of table customers")
                .contains("crm.contacts.updatedAt: column 'changed_at'");
        assertThat(queued()).as("nothing installed").isEqualTo(-1);
    }

    @Test
    void a_query_that_joins_tables_needs_the_table_named() {
        String joined = config("FROM customers", "FROM customers c JOIN segments s ON s.name = c.segment");

        assertThat(run("triggers", "-c", joined)).isEqualTo(2);
        assertThat(err).contains("crm.capture").contains("crm.contacts.table");

        String diff = config("FROM customers", "FROM customers c JOIN segments s ON s.name = c.segment", "  capture: queue\n", "");
        assertThat(run("triggers", "-c", diff)).isEqualTo(2);
        assertThat(err).contains("crm.contacts.table: the triggers need the table whose rows carry the key");
    }
}
