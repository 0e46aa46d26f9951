package dev.listbridge.reliability.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.cli.Main;
import dev.listbridge.reliability.Figures;
import dev.listbridge.reliability.Figures.Count;
import dev.listbridge.reliability.Sizes;
import dev.listbridge.sandbox.MailchimpSandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Config fuzzing (docs/RELIABILITY.md, part 4): broken config files through the CLI's {@code Main}, in this
 * JVM, with every output captured. Each must end with exit 2 and a message that names the file, the line
 * where the loader can know it, and what is wrong and expected, with no stack trace anywhere.
 */
class ConfigFuzzIT {
    /** What never belongs in what a user sees: a stack trace or a library's class name. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\tat |Exception in thread|Caused by:|\\.java:\\d+|[a-z]+\\.[a-z.]+\\.[A-Za-z]*Exception|org\\.yaml\\.snakeyaml|com\\.fasterxml\\.|picocli\\.");
    private static MailchimpSandbox sandbox;
    private static Connection crm;
    private static String list;

    @BeforeAll
    static void start() throws SQLException {
        sandbox = MailchimpSandbox.start(0);
        list = sandbox.createList("Fuzz", true);
        crm = DriverManager.getConnection("jdbc:h2:mem:lbfuzz;DB_CLOSE_DELAY=-1", "sa", "");
        try (Statement statement = crm.createStatement()) {
            statement.execute("CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(320), newsletter BOOLEAN, "
                    + "consent_at TIMESTAMP, first_name VARCHAR(100), segment VARCHAR(20), email_invalid BOOLEAN DEFAULT FALSE)");
            statement.execute("INSERT INTO customers VALUES (1, 'ada@example.com', TRUE, NULL, 'Ada', 'B2C', FALSE)");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        try (Statement statement = crm.createStatement()) {
            statement.execute("SHUTDOWN");
        }
        sandbox.close();
    }

    static String baseConfig(Path folder) {
        return """
                state: "jdbc:sqlite:%s"
                crm:
                  url: "jdbc:h2:mem:lbfuzz;DB_CLOSE_DELAY=-1"
                  user: sa
                  timeZone: UTC
                  capture: diff
                  fetchSize: 500
                  contacts:
                    query: SELECT id, email, newsletter, consent_at, first_name, segment FROM customers
                    key: id
                    email: email
                    consent: newsletter
                    consentAt: consent_at
                  writeBack:
                    unsubscribed: UPDATE customers SET newsletter = FALSE WHERE id = :key
                    hardBounce: UPDATE customers SET email_invalid = TRUE WHERE id = :key AND email = :email
                    complaint: UPDATE customers SET newsletter = FALSE WHERE id = :key
                    addressChanged: UPDATE customers SET email = :newEmail WHERE id = :key AND email = :email
                tools:
                  mailchimp:
                    type: mailchimp
                    apiKey: %s
                    baseUrl: %s
                    pageSize: 500
                server:
                  listen: 127.0.0.1:8787
                retry:
                  maxAttempts: 2
                  initialDelay: 10ms
                  maxDelay: 20ms
                  requestTimeout: 2s
                audiences:
                  newsletter:
                    tool: mailchimp
                    list: %s
                    filter: segment IS NULL OR segment <> 'X'
                    fields: { FNAME: first_name }
                    tags: [segment]
                    keyField: CRMKEY
                    addressChange: reconfirm
                    newMembers: subscribed
                    onLeave: unsubscribe
                    inbound: report
                    sharedAddress: lowestKey
                    blastRadius: 100%%
                    pendingTimeout: 7d
                """.formatted(folder.resolve("state.db"), sandbox.apiKey(), sandbox.baseUrl(), list);
    }

    /** One run of the CLI with everything it prints. */
    record Run(int exit, String text) {
    }

    static Run run(Path config, String command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        PrintStream systemErr = System.err;
        PrintStream systemOut = System.out;
        int exit;
        synchronized (ConfigFuzzIT.class) {
            System.setErr(new PrintStream(stray, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(stray, true, StandardCharsets.UTF_8));
            try {
                CommandLine cli = Main.commandLine();
                cli.setOut(new PrintWriter(out, true));
                cli.setErr(new PrintWriter(err, true));
                exit = cli.execute(command, "-c", config.toString());
            } finally {
                System.setErr(systemErr);
                System.setOut(systemOut);
            }
        }
        return new Run(exit, out + "\n" + err + "\n" + stray.toString(StandardCharsets.UTF_8));
    }

    @Test
    void the_base_config_is_valid(@TempDir Path folder) throws IOException {
        Path config = folder.resolve("listbridge.yml");
        Files.writeString(config, baseConfig(folder));
        assertThat(run(config, "sync")).satisfies(run -> assertThat(run.exit()).as(run.text()).isZero());
    }

    @Test
    void broken_configs_end_with_exit_2_and_name_file_line_and_what_is_expected_without_a_stack_trace(@TempDir Path folder) {
        long seed = Sizes.seed();
        Random random = new Random(seed);
        ConfigMutations mutations = new ConfigMutations(baseConfig(folder));
        Path config = folder.resolve("listbridge.yml");
        List<String> violations = new ArrayList<>();
        int bad = 0;
        for (int i = 0; i < Sizes.configInputs(); i++) {
            ConfigMutations.Mutation mutation = mutations.draw(random);
            write(config, mutation.bytes());
            String command = switch (random.nextInt(10)) {
                case 0 -> "check";
                case 1 -> "plan";
                default -> "sync";
            };
            Run run = run(config, command);
            if (STACK_TRACE.matcher(run.text()).find()) {
                violations.add(mutation.kind() + " (" + command + "): a stack trace or class name: " + excerpt(run.text()));
            }
            if (!mutation.surelyBroken() && run.exit() != 2) {
                Figures.detail("bad config: mutation left the file valid (not counted)", 1);
                continue;
            }
            bad++;
            Figures.detail("bad config: " + mutation.kind(), 1);
            if (run.exit() != 2) {
                violations.add(mutation.kind() + " (" + command + "): exit " + run.exit() + ", expected 2: " + excerpt(run.text())
                        + "\n--- config:\n" + new String(mutation.bytes(), StandardCharsets.UTF_8));
                continue;
            }
            String where = mutation.line() > 0 ? config + ":" + mutation.line() + ":" : config.toString();
            if (!run.text().contains(where)) {
                violations.add(mutation.kind() + ": the message does not point at " + where + ": " + excerpt(run.text())
                        + "\n--- config:\n" + new String(mutation.bytes(), StandardCharsets.UTF_8));
            }
            for (String mention : mutation.mentions()) {
                if (!run.text().contains(mention)) {
                    violations.add(mutation.kind() + ": the message does not mention '" + mention + "': " + excerpt(run.text()));
                }
            }
        }
        Figures.add(Count.BAD_INPUTS, bad);
        Figures.add(Count.VIOLATIONS, violations.size());
        assertThat(violations).as("seed %d, %d broken configs", seed, bad).isEmpty();
    }

    private static void write(Path config, byte[] bytes) {
        try {
            Files.write(config, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String excerpt(String text) {
        String trimmed = text.strip();
        return trimmed.length() > 600 ? trimmed.substring(0, 600) + "…" : trimmed;
    }
}
