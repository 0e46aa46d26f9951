package dev.listbridge.mailchimp.internal;

import static dev.listbridge.mailchimp.internal.StubMailchimp.json;
import static dev.listbridge.mailchimp.internal.StubMailchimp.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.listbridge.spi.PermanentException;
import dev.listbridge.spi.WebhookInstallation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookInstallerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String URL = "https://sync.example.com/hooks/mc/news/s3cr3t-path";
    private static final String HOOKS = "/lists/L1/webhooks";
    private static final String WANTED = """
            "events":{"subscribe":true,"unsubscribe":true,"profile":true,"cleaned":true,"upemail":true,"campaign":false},
            "sources":{"user":true,"admin":true,"api":false}""";

    private final StubMailchimp stub = new StubMailchimp();
    private final MailchimpConnector connector = new MailchimpConnector(stub.config(), StubMailchimp.context("hooks"));

    WebhookInstallerTest() throws Exception {
    }

    @AfterEach
    void close() {
        connector.close();
        stub.close();
    }

    @Test
    void a_new_url_is_registered_with_api_events_off_and_the_signing_secret_returned() throws Exception {
        stub.on("GET " + HOOKS, json(200, "{\"webhooks\":[{\"id\":\"w0\",\"url\":\"https://other.example.com/x\"," + WANTED
                + "}],\"list_id\":\"L1\",\"total_items\":1}"));
        stub.on("POST " + HOOKS, json(200, "{\"id\":\"w1\",\"url\":\"" + URL + "\"," + WANTED
                + ",\"list_id\":\"L1\",\"signing_secret\":\"sec-1\",\"signing_enabled\":true}"));

        WebhookInstallation installation = connector.installWebhook("L1", URL);

        assertThat(installation).isEqualTo(new WebhookInstallation("w1", URL, "sec-1", true));
        JsonNode sent = JSON.readTree(stub.seen("POST", HOOKS).get(0).body());
        assertThat(sent.path("url").asText()).isEqualTo(URL);
        assertThat(sent.path("sources")).isEqualTo(JSON.readTree("{\"user\":true,\"admin\":true,\"api\":false}"));
        assertThat(sent.path("events")).isEqualTo(JSON.readTree(
                "{\"subscribe\":true,\"unsubscribe\":true,\"profile\":true,\"cleaned\":true,\"upemail\":true,\"campaign\":false}"));
    }

    @Test
    void a_registration_of_the_same_url_is_kept_and_no_secret_is_returned() {
        stub.on("GET " + HOOKS, json(200, "{\"webhooks\":[{\"id\":\"w1\",\"url\":\"" + URL + "\"," + WANTED + "}],\"total_items\":1}"));

        WebhookInstallation installation = connector.installWebhook("L1", URL);

        assertThat(installation).isEqualTo(new WebhookInstallation("w1", URL, null, false));
        assertThat(stub.seen.stream().map(seen -> seen.method() + " " + seen.path())).containsExactly("GET " + HOOKS);
    }

    @Test
    void a_registration_of_the_same_url_with_api_events_on_is_corrected() throws Exception {
        stub.on("GET " + HOOKS, json(200, "{\"webhooks\":[{\"id\":\"w1\",\"url\":\"" + URL + "\","
                + WANTED.replace("\"api\":false", "\"api\":true") + "}],\"total_items\":1}"));
        stub.on("PATCH " + HOOKS + "/w1", json(200, "{\"id\":\"w1\",\"url\":\"" + URL + "\"," + WANTED + "}"));

        WebhookInstallation installation = connector.installWebhook("L1", URL);

        assertThat(installation.created()).isFalse();
        JsonNode sent = JSON.readTree(stub.seen("PATCH", HOOKS + "/w1").get(0).body());
        assertThat(sent.path("sources").path("api").asBoolean(true)).isFalse();
        assertThat(sent.has("url")).isFalse();
    }

    @Test
    void a_refused_url_is_permanent_and_the_message_does_not_show_the_url() {
        stub.on("GET " + HOOKS, json(200, "{\"webhooks\":[],\"total_items\":0}"));
        stub.on("POST " + HOOKS, problem(400, "Invalid Resource", "The URL " + URL + " did not answer the validation request."));

        assertThatThrownBy(() -> connector.installWebhook("L1", URL)).isInstanceOfSatisfying(PermanentException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).contains("Invalid Resource").doesNotContain("s3cr3t-path");
        });
    }

    @Test
    void a_missing_audience_is_permanent() {
        assertThatThrownBy(() -> connector.installWebhook("L1", URL)).isInstanceOfSatisfying(PermanentException.class,
                e -> assertThat(e.getMessage()).contains("audience L1 not found"));
    }
}
