package dev.listbridge.reliability.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.cli.Main;
import dev.listbridge.reliability.Figures;
import dev.listbridge.reliability.Figures.Count;
import dev.listbridge.sandbox.MailchimpSandbox;
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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * CRM connections dropped by the database itself (docs/RELIABILITY.md, part 1): a second connection calls
 * {@code pg_terminate_backend} on Listbridge's session while it streams the contacts (the cycle fails, nothing
 * is planned from half a read, the next run is whole) and while it runs a write-back batch (PostgreSQL rolls
 * the batch back, Listbridge retries it on a new connection, each write-back takes effect once).
 */
class CrmConnectionDropsIT {
    private TestDatabase crm;
    private MailchimpSandbox sandbox;
    private String list;
    private Path config;

    @BeforeEach
    void start(@TempDir Path folder) throws Exception {
        crm = TestDatabases.postgres();
        crm.execute("CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(320), newsletter BOOLEAN NOT NULL, "
                        + "consent_at TIMESTAMP, first_name VARCHAR(100), optouts_applied INT NOT NULL DEFAULT 0)",
                "CREATE TABLE lb_control (phase TEXT PRIMARY KEY, pause_ms INT NOT NULL)",
                "INSERT INTO lb_control VALUES ('read', 0), ('writeback', 0)",
                "CREATE FUNCTION lb_pause(p TEXT) RETURNS BOOLEAN VOLATILE LANGUAGE plpgsql AS $$ DECLARE ms INT; BEGIN "
                        + "SELECT pause_ms INTO ms FROM lb_control WHERE phase = p; "
                        + "IF ms > 0 THEN PERFORM pg_sleep(ms / 1000.0); END IF; RETURN TRUE; END $$",
                "INSERT INTO customers (id, email, newsletter, first_name) SELECT n, 'drop' || n || '@example.com', TRUE, 'N' || n "
                        + "FROM generate_series(1, 60) n");
        sandbox = MailchimpSandbox.start(0);
        list = sandbox.createList("Drops", false);
        config = folder.resolve("listbridge.yml");
        Files.writeString(config, """
                state: "jdbc:sqlite:%s"
                crm:
                  url: "%s"
                  user: %s
                  fetchSize: 5
                  contacts:
                    query: SELECT id, email, newsletter, consent_at, first_name FROM customers WHERE lb_pause('read')
                    key: id
                    email: email
                    consent: newsletter
                    consentAt: consent_at
                  writeBack:
                    unsubscribed: UPDATE customers SET newsletter = FALSE, optouts_applied = optouts_applied + 1 WHERE id = :key AND lb_pause('writeback')
                tools:
                  mailchimp:
                    type: mailchimp
                    apiKey: %s
                    baseUrl: %s
                retry:
                  maxAttempts: 3
                  initialDelay: 50ms
                  maxDelay: 200ms
                audiences:
                  newsletter:
                    tool: mailchimp
                    list: %s
                    blastRadius: 100%%
                """.formatted(folder.resolve("state.db"), crm.jdbcUrl(), crm.user(), sandbox.apiKey(), sandbox.baseUrl(), list));
    }

    @AfterEach
    void stop() {
        sandbox.close();
        crm.close();
    }

    @Test
    void a_connection_terminated_while_contacts_stream_fails_the_cycle_plans_nothing_and_the_next_run_is_whole() throws Exception {
        pause("read", 30);
        CompletableFuture<Boolean> terminated = terminateWhenRunning("SELECT * FROM (", Duration.ofMillis(300));
        int first = sync();
        pause("read", 0);

        assertThat(terminated.get(60, TimeUnit.SECONDS)).as("the read was terminated mid-way: %s", lastOutput).isTrue();
        assertThat(first).as("CRM unreachable: the cycle failed").isEqualTo(1);
        assertThat(sandbox.members(list)).as("nothing planned from half a read").isEmpty();
        assertThat(sync()).isZero();
        assertThat(sandbox.members(list)).hasSize(60);
        Figures.add(Count.FAULTS, 1);
        Figures.detail("CRM connections terminated by PostgreSQL (pg_terminate_backend)", 1);
    }

    @Test
    void a_connection_terminated_during_a_write_back_batch_is_retried_and_each_write_back_takes_effect_once() throws Exception {
        assertThat(sync()).isZero();
        for (int id = 1; id <= 5; id++) {
            sandbox.unsubscribe(list, "drop" + id + "@example.com", "no more");
        }
        pause("writeback", 300);
        CompletableFuture<Boolean> terminated = terminateWhenRunning("UPDATE customers", Duration.ofMillis(400));
        int exit = sync();
        pause("writeback", 0);

        assertThat(terminated.get(60, TimeUnit.SECONDS)).as("the batch was terminated mid-way: %s", lastOutput).isTrue();
        assertThat(exit).isZero();
        assertThat(count("SELECT COUNT(*) FROM customers WHERE NOT newsletter")).isEqualTo(5);
        assertThat(count("SELECT COUNT(*) FROM customers WHERE optouts_applied <> (CASE WHEN newsletter THEN 0 ELSE 1 END)"))
                .as("the terminated batch was rolled back, its retry applied each write-back once").isZero();
        Figures.add(Count.FAULTS, 1);
        Figures.detail("CRM connections terminated by PostgreSQL (pg_terminate_backend)", 1);
    }

    /** From a second connection: terminates the session running {@code statementStart} once it has run {@code after}. */
    private CompletableFuture<Boolean> terminateWhenRunning(String statementStart, Duration after) {
        AtomicBoolean done = new AtomicBoolean();
        return CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            try (Connection watcher = crm.connection(); Statement statement = watcher.createStatement()) {
                while (System.nanoTime() < deadline && !done.get()) {
                    try (ResultSet rs = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                            + "AND state IN ('active', 'idle in transaction') AND pid <> pg_backend_pid() "
                            + "AND query LIKE '" + statementStart + "%' "
                            + "AND clock_timestamp() - xact_start > interval '" + after.toMillis() + " milliseconds'")) {
                        if (rs.next()) {
                            int pid = rs.getInt(1);
                            try (Statement kill = watcher.createStatement()) {
                                kill.execute("SELECT pg_terminate_backend(" + pid + ")");
                            }
                            return true;
                        }
                    }
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return false;
        });
    }

    private int sync() {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute("sync", "-c", config.toString());
        lastOutput = out.toString();
        return exit;
    }

    private String lastOutput;

    private void pause(String phase, int millis) {
        crm.execute("UPDATE lb_control SET pause_ms = " + millis + " WHERE phase = '" + phase + "'");
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = crm.connection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
