package dev.listbridge.engine.config;

import static dev.listbridge.engine.config.ConfigFixtures.MINIMAL;
import static dev.listbridge.engine.config.ConfigFixtures.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvSubstitutionTest {
    @TempDir
    Path dir;

    private ListbridgeConfig load(String yaml, Map<String, String> env) {
        return ConfigLoader.load(ConfigFixtures.write(dir, yaml), env);
    }

    @Test
    void variables_are_substituted_in_every_string_value() {
        String yaml = minimalWith("url:", "  url: jdbc:postgresql://${DB_HOST}:${DB_PORT}/crm")
                .replace("    list: a1b2c3d4e5", "    list: ${LIST_ID}\n    tags: [\"${TAG_COLUMN}\"]\n    onLeave: ${ON_LEAVE}");

        ListbridgeConfig config = load(yaml, Map.of("DB_HOST", "db.internal", "DB_PORT", "6432", "LIST_ID", "l-42",
                "TAG_COLUMN", "segment", "ON_LEAVE", "archive"));

        assertThat(config.crm().url()).isEqualTo("jdbc:postgresql://db.internal:6432/crm");
        AudienceConfig audience = config.audiences().get("newsletter");
        assertThat(audience.list()).isEqualTo("l-42");
        assertThat(audience.tags()).containsExactly("segment");
        assertThat(audience.onLeave()).isEqualTo(LeavePolicy.ARCHIVE);
    }

    @Test
    void a_default_applies_when_the_variable_is_unset_or_empty() {
        String yaml = minimalWith("list:", "    list: ${LIST_ID:-fallback}\n    filter: ${FILTER:-}\n    keyField: ${KEY_FIELD:-CRMKEY}");

        ListbridgeConfig config = load(yaml, Map.of("KEY_FIELD", ""));

        AudienceConfig audience = config.audiences().get("newsletter");
        assertThat(audience.list()).isEqualTo("fallback");
        assertThat(audience.filter()).isEmpty();
        assertThat(audience.keyField()).isEqualTo("CRMKEY");
    }

    @Test
    void a_set_variable_wins_over_the_default() {
        String yaml = minimalWith("list:", "    list: ${LIST_ID:-fallback}");

        assertThat(load(yaml, Map.of("LIST_ID", "real")).audiences().get("newsletter").list()).isEqualTo("real");
    }

    @Test
    void a_double_dollar_escapes_a_literal_placeholder() {
        String yaml = minimalWith("list:", "    list: a1\n    filter: note = '$${NOT_A_VAR}' AND price > 5$");

        assertThat(load(yaml, Map.of()).audiences().get("newsletter").filter()).isEqualTo("note = '${NOT_A_VAR}' AND price > 5$");
    }

    @Test
    void a_missing_variable_is_an_error_naming_the_variable_and_the_key() {
        String yaml = minimalWith("url:", "  url: jdbc:postgresql://127.0.0.1/crm\n  password: ${CRM_PASSWORD}");

        assertThat(ConfigFixtures.errors(dir, yaml, Map.of())).containsExactly(new ConfigError(dir.resolve("listbridge.yml"),
                3, 13, "crm.password",
                "environment variable CRM_PASSWORD is not set; set it, or write ${CRM_PASSWORD:-default} for a default"));
    }

    @Test
    void each_missing_variable_of_one_value_is_reported() {
        String yaml = minimalWith("url:", "  url: jdbc:postgresql://${DB_HOST}:${DB_PORT}/crm");

        assertThat(ConfigFixtures.errors(dir, yaml, Map.of())).extracting(ConfigError::message).containsExactly(
                "environment variable DB_HOST is not set; set it, or write ${DB_HOST:-default} for a default",
                "environment variable DB_PORT is not set; set it, or write ${DB_PORT:-default} for a default");
    }

    @Test
    void an_unclosed_or_nameless_placeholder_is_an_error() {
        String yaml = MINIMAL + "    filter: ${OPEN\n    keyField: ${}\n";

        assertThat(ConfigFixtures.errors(dir, yaml, Map.of())).extracting(ConfigError::key, ConfigError::message)
                .containsExactly(
                        tuple("audiences.newsletter.filter",
                                "'${' without a closing '}'; write ${NAME} for a variable or $${ for a literal ${"),
                        tuple("audiences.newsletter.keyField",
                                "'${…}' must hold a variable name (letters, digits, _), like ${CRM_PASSWORD}; "
                                        + "write $${ for a literal ${"));
    }

    @Test
    void keys_are_not_substituted() {
        String yaml = MINIMAL + "    ${EXTRA}: x\n";

        assertThat(ConfigFixtures.errors(dir, yaml, Map.of("EXTRA", "filter"))).extracting(ConfigError::key)
                .containsExactly("audiences.newsletter.${EXTRA}");
    }
}
