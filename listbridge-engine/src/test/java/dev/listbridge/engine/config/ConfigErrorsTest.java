package dev.listbridge.engine.config;

import static dev.listbridge.engine.config.ConfigFixtures.MINIMAL;
import static dev.listbridge.engine.config.ConfigFixtures.errors;
import static dev.listbridge.engine.config.ConfigFixtures.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of config error: its line, column, key and message. Line numbers refer to {@link ConfigFixtures#MINIMAL}. */
class ConfigErrorsTest {
    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void file() {
        file = dir.resolve("listbridge.yml");
    }

    private ConfigError error(int line, int column, String key, String message) {
        return new ConfigError(file, line, column, key, message);
    }

    @Test
    void an_invalid_policy_lists_the_allowed_values_at_the_values_line() {
        String yaml = ConfigFixtures.replace(ConfigFixtures.ISSUE_2, "addressChange:", "    addressChange: move");

        List<ConfigError> errors = errors(dir, yaml);

        assertThat(errors).containsExactly(error(31, 20, "audiences.newsletter.addressChange",
                "expected one of transfer, reconfirm, drop; was 'move'"));
        assertThat(errors.get(0)).hasToString(file + ":31:20: audiences.newsletter.addressChange: "
                + "expected one of transfer, reconfirm, drop; was 'move'");
    }

    @Test
    void every_policy_key_checks_its_spelling() {
        String yaml = MINIMAL + """
                    newMembers: later
                    onLeave: delete
                    inbound: adopt
                    sharedAddress: first
                """;

        assertThat(errors(dir, yaml)).containsExactly(
                error(15, 17, "audiences.newsletter.newMembers", "expected one of subscribed, pending; was 'later'"),
                error(16, 14, "audiences.newsletter.onLeave", "expected one of unsubscribe, archive, keep; was 'delete'"),
                error(17, 14, "audiences.newsletter.inbound", "expected one of report, create, ignore; was 'adopt'"),
                error(18, 20, "audiences.newsletter.sharedAddress", "expected one of lowestKey, highestKey; was 'first'"));
    }

    @Test
    void a_missing_file_is_one_error_without_a_line() {
        Path missing = dir.resolve("nope.yml");

        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.errors()).containsExactly(new ConfigError(missing, 0, 0, null,
                            "no such file (`listbridge init` writes an example config)"));
                    assertThat(e.errors().get(0)).hasToString(missing + ": no such file (`listbridge init` writes an example config)");
                });
    }

    @Test
    void a_folder_instead_of_a_file_is_reported() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("listbridge.yml"));

        assertThatThrownBy(() -> ConfigLoader.load(folder, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).singleElement()
                        .satisfies(error -> assertThat(error.message()).isEqualTo("cannot read the file: it is a folder")));
    }

    @Test
    void malformed_yaml_gives_snakeyamls_problem_and_line() {
        String yaml = minimalWith("key:", "    key: [id");

        assertThat(errors(dir, yaml)).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(6);
            assertThat(error.key()).isNull();
            assertThat(error.message()).startsWith("malformed YAML: while parsing a flow sequence: expected ',' or ']'");
        });
    }

    @Test
    void tabs_for_indentation_are_malformed_yaml() {
        String yaml = minimalWith("key:", "\tkey: id");

        assertThat(errors(dir, yaml)).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(5);
            assertThat(error.message()).startsWith("malformed YAML:").containsIgnoringCase("tab");
        });
    }

    @Test
    void a_placeholder_inside_a_flow_list_gets_a_hint_to_quote_it() {
        String yaml = MINIMAL + "    tags: [${TAG_COLUMN}]\n";

        assertThat(errors(dir, yaml)).singleElement().satisfies(error -> {
            assertThat(error.line()).isEqualTo(15);
            assertThat(error.message()).endsWith("; inside [ ] or { } quote a value holding ${…}, like [\"${VAR}\"]");
        });
    }

    @Test
    void an_empty_file_says_what_is_expected() {
        assertThat(errors(dir, "# nothing yet\n")).containsExactly(error(0, 0, null,
                "the file is empty; expected the keys crm, tools and audiences (`listbridge init` writes an example)"));
    }

    @Test
    void a_top_level_that_is_not_a_mapping_is_reported() {
        assertThat(errors(dir, "- crm\n- tools\n")).containsExactly(error(1, 1, null,
                "expected a mapping with the keys state, crm, tools, audiences, server, retry, retention, was a list"));
    }

    @Test
    void an_unknown_key_suggests_the_closest_known_one() {
        String yaml = MINIMAL + "    adressChange: drop\n    write:\n      unsubscribe: UPDATE t SET n = FALSE WHERE id = :key\n";

        assertThat(errors(dir, yaml)).containsExactly(
                error(15, 5, "audiences.newsletter.adressChange", "unknown key; did you mean 'addressChange'?"),
                error(16, 5, "audiences.newsletter.write", "unknown key; did you mean 'writeBack'?"));
    }

    @Test
    void an_unknown_key_with_no_close_match_lists_the_known_keys() {
        String yaml = MINIMAL + "server:\n  port: 8080\n";

        assertThat(errors(dir, yaml)).containsExactly(
                error(16, 3, "server.port", "unknown key; expected one of listen, publicUrl, adminToken"));
    }

    @Test
    void a_misspelt_top_level_key_is_suggested_and_the_missing_one_reported() {
        String yaml = MINIMAL.replace("audiences:", "audience:");

        assertThat(errors(dir, yaml)).containsExactly(
                error(1, 1, "audiences", "required key missing from the top level: "
                        + "the audiences, each a list in a tool fed from the CRM"),
                error(11, 1, "audience", "unknown key; did you mean 'audiences'?"));
    }

    @Test
    void an_unknown_write_back_statement_is_reported_with_a_suggestion() {
        String yaml = MINIMAL.replace("tools:", "  writeBack:\n    unsubscribe: UPDATE t SET n = FALSE WHERE id = :key\ntools:");

        assertThat(errors(dir, yaml)).containsExactly(error(9, 5, "crm.writeBack.unsubscribe",
                "unknown key; did you mean 'unsubscribed'?"));
    }

    @Test
    void a_list_where_a_string_is_expected_is_a_type_error() {
        String yaml = minimalWith("list:", "    list: [a1, b2]");

        assertThat(errors(dir, yaml)).containsExactly(error(14, 11, "audiences.newsletter.list",
                "expected a string, was a list"));
    }

    @Test
    void a_string_where_a_list_or_mapping_is_expected_is_a_type_error() {
        String yaml = MINIMAL + "    tags: segment\n    fields: FNAME\n";

        assertThat(errors(dir, yaml)).containsExactly(
                error(15, 11, "audiences.newsletter.tags", "expected a list like [a, b], was a single value"),
                error(16, 13, "audiences.newsletter.fields",
                        "expected a mapping (indented key: value lines), was a single value"));
    }

    @Test
    void write_back_given_as_a_string_is_one_type_error() {
        String yaml = MINIMAL + "    writeBack: UPDATE customers SET newsletter = FALSE\n";

        assertThat(errors(dir, yaml)).containsExactly(error(15, 16, "audiences.newsletter.writeBack",
                "expected a mapping (indented key: value lines), was a single value"));
    }

    @Test
    void a_section_given_as_a_string_is_a_type_error() {
        String yaml = "crm: jdbc:postgresql://127.0.0.1/crm\n" + MINIMAL.substring(MINIMAL.indexOf("tools:"));

        assertThat(errors(dir, yaml)).containsExactly(error(1, 6, "crm",
                "expected a mapping (indented key: value lines), was a single value"));
    }

    @Test
    void a_missing_required_key_names_the_section_that_lacks_it() {
        String yaml = MINIMAL.replace("    email: email\n", "");

        assertThat(errors(dir, yaml)).containsExactly(error(3, 3, "crm.contacts.email",
                "required key missing from crm.contacts: the column holding the email address"));
    }

    @Test
    void a_required_key_without_a_value_is_reported_at_the_key() {
        String yaml = minimalWith("url:", "  url:");

        assertThat(errors(dir, yaml)).containsExactly(error(2, 7, "crm.url",
                "no value given; expected the CRM's JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/crm"));
    }

    @Test
    void a_tool_without_type_is_reported() {
        String yaml = minimalWith("type:", "    apiKey: abc");

        assertThat(errors(dir, yaml)).containsExactly(error(9, 3, "tools.mailchimp.type",
                "required key missing from tools.mailchimp: the connector type, e.g. mailchimp"));
    }

    @Test
    void an_audience_without_list_is_reported() {
        String yaml = MINIMAL.replace("    list: a1b2c3d4e5\n", "");

        assertThat(errors(dir, yaml)).containsExactly(error(12, 3, "audiences.newsletter.list",
                "required key missing from audiences.newsletter: the id of the list (audience) in the tool"));
    }

    @Test
    void an_audience_naming_an_undefined_tool_lists_the_defined_tools() {
        String yaml = minimalWith("tool:", "    tool: mailchimpp");

        assertThat(errors(dir, yaml)).containsExactly(error(13, 11, "audiences.newsletter.tool",
                "no tool named 'mailchimpp' under tools: (the tools defined are mailchimp); did you mean 'mailchimp'?"));
    }

    @Test
    void duplicate_keys_are_reported_at_the_second_one() {
        String yaml = MINIMAL + "    list: other\n";

        assertThat(errors(dir, yaml)).containsExactly(error(15, 5, "audiences.newsletter.list",
                "duplicate key; already given at line 14 (only one may stay)"));
    }

    @Test
    void duplicate_audiences_are_reported() {
        String yaml = MINIMAL + "  newsletter:\n    tool: mailchimp\n    list: x\n";

        assertThat(errors(dir, yaml)).containsExactly(error(15, 3, "audiences.newsletter",
                "duplicate key; already given at line 12 (only one may stay)"));
    }

    @Test
    void an_invalid_time_zone_is_reported() {
        String yaml = minimalWith("url:", "  url: jdbc:postgresql://127.0.0.1:5432/crm\n  timeZone: Europe/Berln");

        assertThat(errors(dir, yaml)).containsExactly(error(3, 13, "crm.timeZone",
                "expected a time zone like UTC, Europe/Berlin or +01:00; was 'Europe/Berln'"));
    }

    @Test
    void a_blast_radius_must_be_a_percentage_or_a_count() {
        String yaml = MINIMAL + "    blastRadius: lots\n  b:\n    tool: mailchimp\n    list: b\n    blastRadius: 150%\n"
                + "  c:\n    tool: mailchimp\n    list: c\n    blastRadius: -3\n";

        assertThat(errors(dir, yaml)).containsExactly(
                error(15, 18, "audiences.newsletter.blastRadius",
                        "expected a percentage like 5% or a count like 250; was 'lots'"),
                error(19, 18, "audiences.b.blastRadius", "a percentage must be between 0% and 100%; was '150%'"),
                error(23, 18, "audiences.c.blastRadius",
                        "expected a percentage like 5% or a count like 250; was '-3'"));
    }

    @Test
    void durations_and_numbers_are_checked() {
        String yaml = MINIMAL + """
                    pendingTimeout: a week
                retry:
                  maxAttempts: 0
                  initialDelay: 10
                  requestTimeout: 0s
                """;

        assertThat(errors(dir, yaml)).containsExactly(
                error(15, 21, "audiences.newsletter.pendingTimeout",
                        "expected a duration like 500ms, 2s, 1m, 36h or 7d; was 'a week'"),
                error(17, 16, "retry.maxAttempts", "expected a whole number of at least 1; was '0'"),
                error(18, 17, "retry.initialDelay", "expected a duration like 500ms, 2s, 1m, 36h or 7d; was '10'"),
                error(19, 19, "retry.requestTimeout", "expected a duration longer than zero; was '0s'"));
    }

    @Test
    void a_max_delay_shorter_than_the_initial_delay_is_reported() {
        String yaml = MINIMAL + "retry:\n  initialDelay: 5s\n  maxDelay: 2s\n";

        assertThat(errors(dir, yaml)).containsExactly(error(17, 13, "retry.maxDelay",
                "retry.maxDelay (2s) must not be shorter than retry.initialDelay (5s)"));
    }

    @Test
    void a_state_that_is_no_jdbc_url_is_reported() {
        String yaml = "state: ./data/listbridge.db\n" + MINIMAL;

        assertThat(errors(dir, yaml)).containsExactly(error(1, 8, "state",
                "expected a JDBC URL like jdbc:postgresql://host:5432/db or jdbc:sqlite:./data/file.db; "
                        + "was './data/listbridge.db'"));
    }

    @Test
    void a_state_store_on_an_unsupported_database_is_a_config_error_that_does_not_show_the_url() {
        String yaml = "state: jdbc:mysql://db/state?password=hunter2\n" + MINIMAL;

        assertThat(errors(dir, yaml)).containsExactly(error(1, 8, "state",
                "the state store is an SQLite file (jdbc:sqlite:FILE) or PostgreSQL (jdbc:postgresql://HOST/DB)"));
    }

    @Test
    void the_retention_is_a_duration_of_at_least_two_days() {
        assertThat(errors(dir, "retention: 36h\n" + MINIMAL)).containsExactly(error(1, 12, "retention",
                "expected at least 2d: applied event ids must outlive the pull's overlap, webhook redeliveries and inbox "
                        + "replays; was '36h'"));
        assertThat(errors(dir, "retention: a month\n" + MINIMAL)).containsExactly(error(1, 12, "retention",
                "expected a duration like 500ms, 2s, 1m, 36h or 7d; was 'a month'"));
    }

    @Test
    void the_capture_mode_is_checked_and_watermark_needs_an_updated_at_column() {
        String invalid = minimalWith("url:", "  url: jdbc:h2:mem:crm\n  capture: trigger");
        String watermark = minimalWith("url:", "  url: jdbc:h2:mem:crm\n  capture: watermark");

        assertThat(errors(dir, invalid)).containsExactly(error(3, 12, "crm.capture",
                "expected one of diff, watermark, queue; was 'trigger'"));
        assertThat(errors(dir, watermark)).containsExactly(error(3, 12, "crm.capture",
                "watermark capture needs crm.contacts.updatedAt, the column holding when a row changed"));
    }

    @Test
    void queue_and_watermark_capture_need_the_table_when_the_query_joins_tables() {
        String joined = minimalWith("url:", "  url: jdbc:h2:mem:crm\n  capture: queue")
                .replace("FROM customers", "FROM customers c JOIN consents n ON n.customer_id = c.id");

        assertThat(errors(dir, joined)).containsExactly(error(3, 12, "crm.capture", "queue capture needs "
                + "crm.contacts.table, the table whose rows carry the key (it cannot be told from a query that joins "
                + "tables or has subqueries)"));
        assertThat(ConfigFixtures.load(dir, joined.replace("    key: id", "    table: crm.customers\n    key: id"))
                .crm().contacts().captureTable()).isEqualTo("crm.customers");
        assertThat(ConfigFixtures.load(dir, minimalWith("url:", "  url: jdbc:h2:mem:crm\n  capture: queue"))
                .crm().contacts().captureTable()).as("told from a query reading one table").isEqualTo("customers");
    }

    @Test
    void the_capture_table_must_be_a_table_name_and_the_poll_interval_a_duration() {
        String yaml = minimalWith("url:", "  url: jdbc:h2:mem:crm\n  pollInterval: often")
                .replace("    key: id", "    table: customers; DROP TABLE x\n    key: id");

        assertThat(errors(dir, yaml)).containsExactly(
                error(3, 17, "crm.pollInterval", "expected a duration like 500ms, 2s, 1m, 36h or 7d; was 'often'"),
                error(6, 12, "crm.contacts.table", "expected a table name like customers or crm.customers; "
                        + "was 'customers; DROP TABLE x'"));
    }

    @Test
    void inbound_create_needs_a_signup_statement() {
        String yaml = MINIMAL + "    inbound: create\n";

        assertThat(errors(dir, yaml)).containsExactly(error(15, 14, "audiences.newsletter.inbound",
                "inbound: create needs a signup statement (the INSERT) under crm.writeBack or audiences.newsletter.writeBack"));
    }

    @Test
    void the_key_field_cannot_also_be_a_mapped_field() {
        String yaml = MINIMAL + "    fields: { CRMKEY: id }\n    keyField: CRMKEY\n";

        assertThat(errors(dir, yaml)).containsExactly(error(16, 15, "audiences.newsletter.keyField",
                "the field CRMKEY carries the CRM key; it cannot also be mapped under fields"));
    }

    @Test
    void two_audiences_cannot_share_one_list() {
        String yaml = MINIMAL + "  copy:\n    tool: mailchimp\n    list: a1b2c3d4e5\n";

        assertThat(errors(dir, yaml)).containsExactly(error(17, 11, "audiences.copy.list",
                "the same list of tool mailchimp as audiences.newsletter; a list belongs to one audience"));
    }

    @Test
    void names_used_in_webhook_urls_are_restricted() {
        String yaml = MINIMAL.replace("  newsletter:", "  news letter:");

        assertThat(errors(dir, yaml)).containsExactly(error(12, 3, "audiences.news letter",
                "an audience name may hold only letters, digits, '-' and '_' (it appears in webhook URLs)"));
    }

    @Test
    void server_listen_and_public_url_are_checked() {
        String yaml = MINIMAL + "server:\n  listen: 8787\n  publicUrl: sync.example.com\n";

        assertThat(errors(dir, yaml)).containsExactly(
                error(16, 11, "server.listen", "expected host:port like 127.0.0.1:8787 or 0.0.0.0:8787; was '8787'"),
                error(17, 14, "server.publicUrl",
                        "expected an http or https URL like https://sync.example.com; was 'sync.example.com'"));
    }

    @Test
    void empty_tools_and_audiences_are_reported() {
        String yaml = MINIMAL.substring(0, MINIMAL.indexOf("tools:")) + "tools: {}\naudiences: {}\n";

        assertThat(errors(dir, yaml)).containsExactly(
                error(8, 1, "tools", "expected at least one tool, e.g. mailchimp: { type: mailchimp, apiKey: ${MAILCHIMP_API_KEY} }"),
                error(9, 1, "audiences", "expected at least one audience, e.g. newsletter: { tool: mailchimp, list: a1b2c3d4e5 }"));
    }

    @Test
    void every_error_is_reported_in_one_pass_in_file_order() {
        String yaml = """
                state: ${STATE_URL}
                crm:
                  url: jdbc:postgresql://127.0.0.1:5432/crm
                  timezone: UTC
                  contacts:
                    query: SELECT * FROM customers
                    key: id
                    consent: [newsletter]
                tools:
                  mailchimp:
                    apiKey: x
                audiences:
                  newsletter:
                    tool: mailchimp
                    addressChange: move
                    blastRadius: many
                  other:
                    tool: brevo
                    list: l2
                    list: l3
                """;

        List<ConfigError> errors = errors(dir, yaml);

        assertThat(errors).extracting(e -> e.line() + " " + e.key()).containsExactly(
                "1 state",
                "4 crm.timezone",
                "5 crm.contacts.email",
                "8 crm.contacts.consent",
                "10 tools.mailchimp.type",
                "13 audiences.newsletter.list",
                "15 audiences.newsletter.addressChange",
                "16 audiences.newsletter.blastRadius",
                "18 audiences.other.tool",
                "20 audiences.other.list");
        assertThat(errors.get(1).message()).isEqualTo("unknown key; did you mean 'timeZone'?");
        assertThat(errors.get(0).message()).startsWith("environment variable STATE_URL is not set");
    }
}
