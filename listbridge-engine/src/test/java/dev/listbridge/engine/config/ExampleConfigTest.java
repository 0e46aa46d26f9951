package dev.listbridge.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleConfigTest {
    @TempDir
    Path dir;

    @Test
    void the_example_config_parses_with_the_variables_it_references() {
        ListbridgeConfig config = ConfigLoader.load(ConfigFixtures.write(dir, ExampleConfig.text()), ConfigFixtures.ENV);

        assertThat(config.crm().password()).isEqualTo(ConfigFixtures.CRM_PASSWORD);
        assertThat(config.tools().get("mailchimp").settings()).containsEntry("apiKey", ConfigFixtures.API_KEY);
        assertThat(config.audiences()).containsOnlyKeys("newsletter");
        assertThat(config.retry()).isEqualTo(RetryConfig.defaults());
        assertThat(config.server()).isEqualTo(ServerConfig.defaults());
    }

    @Test
    void the_example_holds_the_issues_config_line_for_line() {
        String example = ExampleConfig.text();

        for (String line : ConfigFixtures.ISSUE_2.split("\n")) {
            String keyAndValue = line.replaceAll("\\s+#.*$", "");
            assertThat(example).as("the example has %s", keyAndValue).contains(keyAndValue);
        }
    }

    @Test
    void the_example_mentions_every_key_the_loader_knows() {
        String example = ExampleConfig.text();

        for (var keys : List.of(ConfigBinder.TOP_KEYS, ConfigBinder.CRM_KEYS, ConfigBinder.CONTACTS_KEYS,
                ConfigBinder.SERVER_KEYS, ConfigBinder.RETRY_KEYS, AudienceBinder.KEYS)) {
            for (String key : keys) {
                assertThat(example).as("the example mentions %s", key).containsPattern("(?m)^[ #]*" + key + ":");
            }
        }
    }
}
