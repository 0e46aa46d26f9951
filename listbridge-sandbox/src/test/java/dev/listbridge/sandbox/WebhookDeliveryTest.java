package dev.listbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.testing.MovableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** List webhooks: validated with a GET, stored, updated, signed, form-encoded, and only for the sources asked for. */
class WebhookDeliveryTest {
    record Delivery(String method, String userAgent, String body, String signature) {
    }

    private static final String ALL_EVENTS =
            "\"events\":{\"subscribe\":true,\"unsubscribe\":true,\"profile\":true,\"cleaned\":true,\"upemail\":true,\"campaign\":false}";
    private static final String NO_API = "\"sources\":{\"user\":true,\"admin\":true,\"api\":false}";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T09:41:02Z"));
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final BlockingQueue<Delivery> validations = new LinkedBlockingQueue<>();
    private volatile int validationStatus = 200;
    private MailchimpSandbox sandbox;
    private SandboxClient client;
    private HttpServer receiver;
    private String listId;
    private String url;

    @BeforeEach
    void start() throws IOException {
        sandbox = MailchimpSandbox.start(0, clock);
        client = new SandboxClient(sandbox);
        listId = sandbox.createList("Newsletter", false);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            Delivery delivery = new Delivery(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("User-Agent"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("X-Mailchimp-Signature"));
            boolean validation = delivery.method().equals("GET");
            (validation ? validations : deliveries).add(delivery);
            exchange.sendResponseHeaders(validation ? validationStatus : 200, -1);
            exchange.close();
        });
        receiver.start();
        url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        sandbox.close();
    }

    @Test
    void a_recipient_unsubscribe_is_delivered_signed_and_api_changes_are_not_when_api_is_off() throws Exception {
        JsonNode created = register(url, NO_API);
        String secret = created.get("signing_secret").asText();

        client.post("/lists/" + listId + "/members", "{\"email_address\":\"a@example.com\",\"status\":\"subscribed\"}");
        sandbox.unsubscribe(listId, "a@example.com", "too many mails");
        Delivery delivery = deliveries.poll(5, TimeUnit.SECONDS);

        assertThat(delivery).as("the recipient's unsubscribe, and not the API's subscribe before it").isNotNull();
        Map<String, String> form = form(delivery.body());
        assertThat(form).containsEntry("type", "unsubscribe").containsEntry("fired_at", "2026-11-23 09:41:02")
                .containsEntry("data[email]", "a@example.com").containsEntry("data[list_id]", listId)
                .containsEntry("data[action]", "unsub").containsEntry("data[merges][EMAIL]", "a@example.com");
        long timestamp = clock.instant().getEpochSecond();
        assertThat(delivery.signature()).isEqualTo("t=" + timestamp + ",v1=" + hmac(secret, timestamp + "." + delivery.body()));
        JsonNode listed = client.get("/lists/" + listId + "/webhooks").json();
        assertThat(listed.get("webhooks").get(0).has("signing_secret")).isFalse();
        assertThat(client.delete("/lists/" + listId + "/webhooks/" + created.get("id").asText()).status()).isEqualTo(204);
        assertThat(client.get("/lists/" + listId + "/webhooks").json().get("total_items").asInt()).isZero();
    }

    @Test
    void registration_is_validated_with_a_get_and_a_url_that_fails_it_is_refused() throws Exception {
        register(url, NO_API);
        Delivery validation = validations.poll(5, TimeUnit.SECONDS);
        assertThat(validation).isNotNull();
        assertThat(validation.userAgent()).isEqualTo("MailChimp.com WebHook Validator");
        assertThat(validation.signature()).isNull();

        validationStatus = 404;
        SandboxClient.Answer notAnswering = client.post("/lists/" + listId + "/webhooks",
                "{\"url\":\"" + url + "?other\"," + ALL_EVENTS + "," + NO_API + "}");
        SandboxClient.Answer unreachable = client.post("/lists/" + listId + "/webhooks",
                "{\"url\":\"http://127.0.0.1:" + closedPort() + "/hook\"," + ALL_EVENTS + "," + NO_API + "}");

        for (SandboxClient.Answer refused : new SandboxClient.Answer[] {notAnswering, unreachable}) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().path("title").asText()).isEqualTo("Invalid Resource");
            assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("url");
        }
        assertThat(notAnswering.json().path("errors").get(0).path("message").asText()).contains("404");
        assertThat(sandbox.webhooks(listId)).hasSize(1);
    }

    @Test
    void the_same_url_twice_is_refused() {
        register(url, NO_API);

        SandboxClient.Answer again = client.post("/lists/" + listId + "/webhooks", "{\"url\":\"" + url + "\"," + ALL_EVENTS + "," + NO_API + "}");

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().path("errors").get(0).path("message").asText()).contains("already exists");
        assertThat(sandbox.webhooks(listId)).hasSize(1);
    }

    @Test
    void patch_changes_the_sources_given_and_keeps_the_rest_and_the_secret() throws Exception {
        JsonNode created = register(url, NO_API);
        String hook = "/lists/" + listId + "/webhooks/" + created.get("id").asText();

        SandboxClient.Answer patched = client.patch(hook, "{\"sources\":{\"api\":true}}");

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("sources").path("api").asBoolean()).isTrue();
        assertThat(patched.json().path("sources").path("user").asBoolean()).isTrue();
        assertThat(patched.json().path("events").path("unsubscribe").asBoolean()).isTrue();
        assertThat(patched.json().has("signing_secret")).isFalse();
        assertThat(client.get(hook).json().path("sources").path("api").asBoolean()).isTrue();
        client.post("/lists/" + listId + "/members", "{\"email_address\":\"b@example.com\",\"status\":\"subscribed\"}");
        Delivery delivery = deliveries.poll(5, TimeUnit.SECONDS);
        assertThat(delivery).isNotNull();
        assertThat(form(delivery.body())).containsEntry("type", "subscribe").containsEntry("data[email]", "b@example.com");
        long timestamp = clock.instant().getEpochSecond();
        assertThat(delivery.signature()).endsWith("v1=" + hmac(created.get("signing_secret").asText(), timestamp + "." + delivery.body()));
        assertThat(client.patch("/lists/" + listId + "/webhooks/0000000000", "{\"sources\":{\"api\":true}}").status()).isEqualTo(404);
    }

    @Test
    void a_member_cleaned_through_the_api_does_not_echo_but_bounce_processing_is_delivered() throws Exception {
        register(url, NO_API);
        client.post("/lists/" + listId + "/members", "{\"email_address\":\"c@example.com\",\"status\":\"subscribed\"}");
        client.post("/lists/" + listId + "/members", "{\"email_address\":\"d@example.com\",\"status\":\"subscribed\"}");

        SandboxClient.Answer cleaned = client.put("/lists/" + listId + "/members/" + hash("c@example.com"),
                "{\"email_address\":\"c@example.com\",\"status_if_new\":\"cleaned\",\"status\":\"cleaned\"}");
        assertThat(cleaned.status()).as(cleaned.body()).isEqualTo(200);
        sandbox.hardBounce(listId, "d@example.com");
        Delivery delivery = deliveries.poll(5, TimeUnit.SECONDS);

        assertThat(sandbox.member(listId, "c@example.com").orElseThrow().status()).isEqualTo("cleaned");
        assertThat(delivery).isNotNull();
        assertThat(form(delivery.body())).as("deliveries go out in order: the API's cleaned would come first")
                .containsEntry("type", "cleaned").containsEntry("data[email]", "d@example.com").containsEntry("data[reason]", "hard");
    }

    private JsonNode register(String hookUrl, String sources) {
        SandboxClient.Answer answer = client.post("/lists/" + listId + "/webhooks",
                "{\"url\":\"" + hookUrl + "\"," + ALL_EVENTS + "," + sources + "}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String hash(String address) {
        return dev.listbridge.sandbox.internal.model.EmailAddresses.subscriberHash(address);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            fields.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
