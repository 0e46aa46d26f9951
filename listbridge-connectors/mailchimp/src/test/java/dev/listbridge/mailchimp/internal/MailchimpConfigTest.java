package dev.listbridge.mailchimp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.InvalidConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailchimpConfigTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef-us6";

    @Test
    void base_url_comes_from_the_data_centre_of_the_key() {
        MailchimpConfig config = MailchimpConfig.from(Map.of("apiKey", KEY, "type", "mailchimp"));

        assertThat(config.baseUri()).isEqualTo(URI.create("https://us6.api.mailchimp.com/3.0"));
        assertThat(config.timeout()).isNull();
        assertThat(config.pageSize()).isEqualTo(1000);
    }

    @Test
    void a_configured_base_url_wins_and_loses_its_trailing_slash() {
        MailchimpConfig config = MailchimpConfig.from(Map.of("apiKey", "no-dc-here-", "baseUrl", "http://127.0.0.1:8080/3.0/",
                "timeoutSeconds", "30", "pageSize", "50"));

        assertThat(config.baseUri()).isEqualTo(URI.create("http://127.0.0.1:8080/3.0"));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.pageSize()).isEqualTo(50);
    }

    @Test
    void an_empty_config_lacks_the_api_key() {
        assertThat(MailchimpConfig.validate(Map.of())).extracting(ConfigProblem::key).containsExactly("apiKey");
    }

    @Test
    void a_key_without_data_centre_needs_a_base_url() {
        assertThat(MailchimpConfig.validate(Map.of("apiKey", "0123456789abcdef")))
                .singleElement().satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo("apiKey");
                    assertThat(problem.message()).contains("data centre", "-us6", "baseUrl").doesNotContain("0123456789abcdef");
                });
    }

    @Test
    void every_problem_is_reported_at_once() {
        Map<String, String> config = Map.of("baseUrl", "ftp://host/3.0", "timeoutSeconds", "soon", "pageSize", "1001");

        assertThat(MailchimpConfig.validate(config)).extracting(ConfigProblem::key)
                .containsExactlyInAnyOrder("apiKey", "baseUrl", "timeoutSeconds", "pageSize");
        assertThatThrownBy(() -> MailchimpConfig.from(config)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.problems()).hasSize(4));
    }

    @Test
    void to_string_masks_the_key() {
        assertThat(MailchimpConfig.from(Map.of("apiKey", KEY)).toString()).doesNotContain(KEY).contains("****");
    }

    @Test
    void spec_flags_the_key_as_secret_and_required() {
        assertThat(MailchimpConfig.SPEC).filteredOn(field -> field.name().equals("apiKey"))
                .singleElement().satisfies(field -> assertThat(field.secret() && field.required()).isTrue());
    }
}
