package dev.listbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.listbridge.sandbox.MailchimpSandbox;
import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands as a user runs them: output, exit codes, errors without stack traces. */
class CliIT extends StoryTest {
    Path config;
    String out;
    String err;

    @BeforeEach
    void setUp(@TempDir Path dir) throws Exception {
        h.customer(1, "anna@example.com", true, "B2C");
        h.customer(2, "ben@example.com", true, "B2B");
        config = dir.resolve("cli.yml");
        Files.writeString(config, h.yaml().replace("${MAILCHIMP_API_KEY}", sandbox.apiKey())
                .replace("${CRM_PASSWORD}", "\"" + crm.password() + "\""));
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

    @Test
    void init_writes_a_config_that_check_accepts_as_valid_yaml_and_refuses_to_overwrite(@TempDir Path dir) {
        Path file = dir.resolve("new.yml");
        assertThat(run("init", "-c", file.toString())).isZero();
        assertThat(file).exists().content().contains("audiences:").contains("#");
        assertThat(run("init", "-c", file.toString())).isEqualTo(2);
        assertThat(err).contains("exists already");
    }

    @Test
    void check_validates_and_tests_every_connection() {
        assertThat(run("check", "-c", config.toString())).isZero();
        assertThat(out).contains("ok    CRM: 2 contacts").contains("all checks passed");
    }

    @Test
    void a_config_error_exits_2_with_file_line_and_key_and_no_stack_trace() throws Exception {
        Files.writeString(config, Files.readString(config).replace("addressChange", "adressChange")
                .replace("keyField: CRMKEY", "keyField: CRMKEY\n    addressChange: move"));
        assertThat(run("sync", "-c", config.toString())).isEqualTo(2);
        assertThat(err).contains("cli.yml:").contains("audiences.newsletter.addressChange")
                .contains("transfer, reconfirm, drop").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void a_missing_environment_variable_is_a_config_error_naming_it() throws Exception {
        Files.writeString(config, Files.readString(config).replace("password: \"", "password: ${LB_TEST_SURELY_UNSET}\n  #"));
        assertThat(run("check", "-c", config.toString())).isEqualTo(2);
        assertThat(err).contains("LB_TEST_SURELY_UNSET");
    }

    @Test
    void plan_prints_json_for_machines_and_writes_nothing() throws Exception {
        assertThat(run("plan", "-c", config.toString(), "--json")).isZero();
        JsonNode plan = new ObjectMapper().readTree(out);
        assertThat(plan.path("audiences").get(0).path("counts").path("new members").asLong()).isEqualTo(2);
        assertThat(sandbox.members(h.list)).isEmpty();
    }

    @Test
    void sync_then_contact_shows_the_timeline() {
        assertThat(run("sync", "-c", config.toString())).isZero();
        assertThat(out).contains("new members").contains("newsletter: done, 2 read, 2 new");
        h.update("UPDATE customers SET email = 'anna.neu@example.com' WHERE id = 1");
        assertThat(run("sync", "-c", config.toString())).isZero();

        assertThat(run("contact", "-c", config.toString(), "1")).isZero();
        assertThat(out).contains("anna@example.com").contains("anna.neu@example.com").contains("address_changed");
        assertThat(run("contact", "-c", config.toString(), "999")).isEqualTo(1);
    }

    @Test
    void sync_exits_3_while_operations_are_pending_and_4_when_held() throws Exception {
        sandbox.faults().respondWith("POST", "/lists/" + h.list, 503, 100);
        assertThat(run("sync", "-c", config.toString())).isEqualTo(3);
        sandbox.faults().clear();
        assertThat(run("sync", "-c", config.toString())).isZero();

        Files.writeString(config, Files.readString(config).replace("blastRadius: 100%", "blastRadius: 0"));
        h.update("UPDATE customers SET newsletter = FALSE");
        assertThat(run("sync", "-c", config.toString())).isEqualTo(4);
        assertThat(out).contains("held").contains("--force");
        assertThat(run("sync", "-c", config.toString(), "--force")).isZero();
    }

    @Test
    void usage_errors_exit_2() {
        assertThat(run("sync", "--no-such-option")).isEqualTo(2);
        assertThat(run("sync", "-c", "/no/such/file.yml")).isEqualTo(2);
        assertThat(err).contains("/no/such/file.yml");
        assertThat(run("bench", "--contacts", "10")).isEqualTo(2);
        assertThat(err).contains("--contacts must be at least 1000, was 10");
    }
}
