package dev.listbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
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

/** List webhooks: stored, signed, form-encoded, and only for the sources asked for. */
class WebhookDeliveryTest {
    record Delivery(String body, String signature) {
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:41:02Z"));
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private MailchimpSandbox sandbox;
    private SandboxClient client;
    private HttpServer receiver;
    private String listId;

    @BeforeEach
    void start() throws IOException {
        sandbox = MailchimpSandbox.start(0, clock);
        client = new SandboxClient(sandbox);
        listId = sandbox.createList("Newsletter", false);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            deliveries.add(new Delivery(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("X-Mailchimp-Signature")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        sandbox.close();
    }

    @Test
    void a_recipient_unsubscribe_is_delivered_signed_and_api_changes_are_not_when_api_is_off() throws Exception {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        JsonNode created = client.post("/lists/" + listId + "/webhooks", "{\"url\":\"" + url + "\","
                + "\"events\":{\"subscribe\":true,\"unsubscribe\":true,\"profile\":true,\"cleaned\":true,\"upemail\":true,\"campaign\":false},"
                + "\"sources\":{\"user\":true,\"admin\":true,\"api\":false}}").json();
        String secret = created.get("signing_secret").asText();

        client.post("/lists/" + listId + "/members", "{\"email_address\":\"a@example.com\",\"status\":\"subscribed\"}");
        sandbox.unsubscribe(listId, "a@example.com", "too many mails");
        Delivery delivery = deliveries.poll(5, TimeUnit.SECONDS);

        assertThat(delivery).isNotNull();
        Map<String, String> form = form(delivery.body());
        assertThat(form).containsEntry("type", "unsubscribe").containsEntry("fired_at", "2026-11-23 09:41:02")
                .containsEntry("data[email]", "a@example.com").containsEntry("data[list_id]", listId)
                .containsEntry("data[action]", "unsub").containsEntry("data[merges][EMAIL]", "a@example.com");
        long timestamp = clock.instant().getEpochSecond();
        assertThat(delivery.signature()).isEqualTo("t=" + timestamp + ",v1=" + hmac(secret, timestamp + "." + delivery.body()));
        assertThat(deliveries.poll(300, TimeUnit.MILLISECONDS)).as("the API's own subscribe must not echo").isNull();
        JsonNode listed = client.get("/lists/" + listId + "/webhooks").json();
        assertThat(listed.get("webhooks").get(0).has("signing_secret")).isFalse();
        assertThat(client.delete("/lists/" + listId + "/webhooks/" + created.get("id").asText()).status()).isEqualTo(204);
        assertThat(client.get("/lists/" + listId + "/webhooks").json().get("total_items").asInt()).isZero();
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
