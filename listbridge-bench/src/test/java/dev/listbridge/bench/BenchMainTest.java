package dev.listbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad options are usage errors: exit 2 and one line saying what is expected, before anything is created or started. */
class BenchMainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = new CommandLine(new BenchMain());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void a_database_name_that_is_not_a_plain_postgresql_name_is_a_usage_error_without_a_stack_trace() {
        int exit = run("--contacts", "1000", "--database", "bench_A1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("--database: 'bench_A1' is not a plain PostgreSQL name; expected lower-case "
                + "letters, digits and '_', starting with a letter or '_', at most 63 characters" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void a_work_folder_that_cannot_be_created_is_a_usage_error_before_anything_runs() throws Exception {
        Path file = Files.createTempFile("bench-work", ".txt");
        try {
            int exit = run("--contacts", "1000", "--work-dir", file.resolve("inside").toString());

            assertThat(exit).isEqualTo(2);
            assertThat(err.toString()).startsWith("--work-dir " + file.resolve("inside") + ": cannot create the folder (")
                    .endsWith("); expected a folder that exists or can be created" + System.lineSeparator())
                    .doesNotContain("\tat ");
            assertThat(out.toString()).isEmpty(); // no CRM database, no sandbox
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void too_few_contacts_is_a_usage_error() {
        int exit = run("--contacts", "10");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--contacts must be at least 1000, was 10").doesNotContain("Exception");
    }
}
