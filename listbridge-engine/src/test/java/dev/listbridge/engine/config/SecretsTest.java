package dev.listbridge.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets (crm.password, tool keys, server.adminToken, webhook secrets) never appear in messages or output. */
class SecretsTest {
    private static final List<String> SECRETS = List.of(ConfigFixtures.CRM_PASSWORD, ConfigFixtures.API_KEY, "admin-Tk9",
            "hook-S3cr3t", "sign-S3cr3t", "oauth-T0ken", "url-Pw7");

    @TempDir
    Path dir;

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(ConfigFixtures.ENV);
        env.putAll(Map.of("ADMIN_TOKEN", "admin-Tk9", "HOOK", "hook-S3cr3t", "SIGN", "sign-S3cr3t", "OAUTH", "oauth-T0ken"));
        return env;
    }

    private static final String WITH_SECRETS = ConfigFixtures.ISSUE_2
            .replace("    baseUrl:", "    accessToken: ${OAUTH}\n    baseUrl:")
            .replace("    blastRadius: 5%", "    webhookSecret: ${HOOK}\n    signingSecret: ${SIGN}\n    blastRadius: 5%")
            .replace("  url: jdbc:postgresql://127.0.0.1:5432/crm", "  url: jdbc:postgresql://127.0.0.1:5432/crm?password=url-Pw7")
            + "server:\n  adminToken: ${ADMIN_TOKEN}\n";

    @Test
    void describe_shows_the_effective_config_with_every_secret_masked() {
        ListbridgeConfig config = ConfigLoader.load(ConfigFixtures.write(dir, WITH_SECRETS), env());

        String description = config.describe();

        assertThat(description).doesNotContain(SECRETS)
                .contains("  password: ****\n", "    apiKey: ****\n", "    accessToken: ****\n",
                        "    webhookSecret: ****\n", "    signingSecret: ****\n", "  adminToken: ****\n",
                        "  url: jdbc:postgresql://127.0.0.1:5432/crm?password=****\n",
                        "    baseUrl: http://127.0.0.1:9000/3.0\n", "    addressChange: reconfirm\n",
                        "    sharedAddress: lowestKey\n", "    blastRadius: 5%\n", "    pendingTimeout: 7d\n",
                        "  maxDelay: 1m\n");
    }

    @Test
    void to_string_of_every_record_masks_secrets() {
        ListbridgeConfig config = ConfigLoader.load(ConfigFixtures.write(dir, WITH_SECRETS), env());

        assertThat(config.toString()).doesNotContain(SECRETS).contains("****");
        assertThat(config.crm().toString()).doesNotContain(SECRETS);
        assertThat(config.tools().get("mailchimp").toString()).doesNotContain(SECRETS);
        assertThat(config.audiences().get("newsletter").toString()).doesNotContain(SECRETS);
        assertThat(config.server().toString()).doesNotContain(SECRETS);
        assertThat(config.tools().get("mailchimp").secretKeys()).containsExactly("apiKey", "accessToken");
    }

    @Test
    void a_wrong_secret_is_named_by_its_key_never_by_its_value() {
        String yaml = ConfigFixtures.ISSUE_2
                .replace("    blastRadius: 5%", "    webhookSecret: 'hook S3cr3t/with spaces'\n    blastRadius: 5%")
                .replace("  password: ${CRM_PASSWORD}", "  password: [crm-pass-Zq81]")
                + "server:\n  adminToken: ''\n";

        ConfigException exception = catchConfig(yaml, ConfigFixtures.ENV);

        assertThat(exception.errors()).extracting(ConfigError::key).containsExactly("crm.password",
                "audiences.newsletter.webhookSecret", "server.adminToken");
        assertThat(exception.getMessage()).doesNotContain("S3cr3t", "crm-pass-Zq81");
    }

    @Test
    void malformed_yaml_near_a_secret_does_not_quote_it() {
        String yaml = ConfigFixtures.ISSUE_2.replace("  password: ${CRM_PASSWORD}", "  password: \"crm-pass-Zq81");

        ConfigException exception = catchConfig(yaml, ConfigFixtures.ENV);

        assertThat(exception.errors()).singleElement().satisfies(error -> assertThat(error.message()).startsWith("malformed YAML"));
        assertThat(exception.getMessage()).doesNotContain("crm-pass-Zq81");
    }

    @Test
    void a_substitution_error_in_a_secret_does_not_show_the_default() {
        String yaml = ConfigFixtures.ISSUE_2.replace("  password: ${CRM_PASSWORD}", "  password: ${CRM_PASSWORD:-crm-pass-Zq81}${OOPS}");

        ConfigException exception = catchConfig(yaml, ConfigFixtures.ENV);

        assertThat(exception.errors()).extracting(ConfigError::key).containsExactly("crm.password");
        assertThat(exception.getMessage()).contains("OOPS").doesNotContain("crm-pass-Zq81");
    }

    @Test
    void secret_keys_are_recognised_by_name() {
        assertThat(ToolConfig.isSecretKey("apiKey")).isTrue();
        assertThat(ToolConfig.isSecretKey("clientSecret")).isTrue();
        assertThat(ToolConfig.isSecretKey("accessToken")).isTrue();
        assertThat(ToolConfig.isSecretKey("smtpPassword")).isTrue();
        assertThat(ToolConfig.isSecretKey("baseUrl")).isFalse();
        assertThat(Secrets.isSecretPath("crm.password")).isTrue();
        assertThat(Secrets.isSecretPath("server.adminToken")).isTrue();
        assertThat(Secrets.isSecretPath("audiences.newsletter.signingSecret")).isTrue();
        assertThat(Secrets.isSecretPath("audiences.newsletter.keyField")).isFalse();
        assertThat(Secrets.isSecretPath("tools.mailchimp.apiKey")).isTrue();
    }

    @Test
    void passwords_in_jdbc_urls_are_masked() {
        assertThat(Secrets.maskUrl("jdbc:mysql://crm:s3cret@db/crm")).isEqualTo("jdbc:mysql://crm:****@db/crm");
        assertThat(Secrets.maskUrl("jdbc:postgresql://db/crm?user=crm&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/crm?user=crm&password=****&ssl=true");
        assertThat(Secrets.maskUrl("jdbc:sqlserver://db;user=crm;password=s3cret")).isEqualTo("jdbc:sqlserver://db;user=crm;password=****");
    }

    private ConfigException catchConfig(String yaml, Map<String, String> env) {
        Path file = ConfigFixtures.write(dir, yaml);
        ConfigException[] thrown = new ConfigException[1];
        assertThatThrownBy(() -> ConfigLoader.load(file, env)).isInstanceOfSatisfying(ConfigException.class, e -> thrown[0] = e);
        return thrown[0];
    }
}
