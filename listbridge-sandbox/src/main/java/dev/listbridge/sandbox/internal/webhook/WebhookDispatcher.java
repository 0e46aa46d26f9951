package dev.listbridge.sandbox.internal.webhook;

import dev.listbridge.sandbox.internal.model.ListEvent;
import dev.listbridge.sandbox.internal.model.Timestamps;
import dev.listbridge.sandbox.internal.model.Webhook;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers list events to registered webhooks as Mailchimp does: an HTTP POST with an
 * {@code application/x-www-form-urlencoded} body ({@code type}, {@code fired_at}, {@code data[...]})
 * [doc], signed with {@code X-Mailchimp-Signature: t={unix},v1={hex HMAC-SHA256(secret, "{t}.{body}")}}
 * [doc api-concepts/webhooks.mdx]. A webhook only gets the events and sources it switched on
 * (so {@code api:false} keeps the API's own changes from echoing back). One attempt, no retries:
 * the sandbox is for tests, which want to see each delivery once.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final Clock clock;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("listbridge-sandbox-webhooks").daemon(true).factory());
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Function<String, List<Webhook>> webhooksOfList = listId -> List.of();

    public WebhookDispatcher(Clock clock) {
        this.clock = clock;
    }

    /** Where to find a list's webhooks; set once the state exists (it needs this dispatcher first). */
    public void webhooksFrom(Function<String, List<Webhook>> lookup) {
        this.webhooksOfList = lookup;
    }

    public void deliver(ListEvent event) {
        for (Webhook hook : webhooksOfList.apply(event.listId())) {
            // Bounce processing is Mailchimp's own doing, not a user or admin: its cleaned events go to
            // every webhook that wants "cleaned" [inf]. A member cleaned through the API is an API change
            // like any other, so api:false keeps it from echoing back.
            boolean wanted = event.type().equals("cleaned") && !event.source().equals("api")
                    ? hook.events().getOrDefault("cleaned", false)
                    : hook.wants(event.type(), event.source());
            if (wanted) {
                sender.execute(() -> post(hook, event));
            }
        }
    }

    private void post(Webhook hook, ListEvent event) {
        String body = formBody(event);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(hook.url()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "MailChimp")
                .header("X-Mailchimp-Signature", "t=" + timestamp + ",v1=" + WebhookSignature.sign(hook.signingSecret(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (Exception failed) {
            LOG.warn("webhook delivery to {} failed: {}", hook.url(), failed.toString());
            if (failed instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String formBody(ListEvent event) {
        StringJoiner form = new StringJoiner("&");
        form.add("type=" + encode(event.type()));
        form.add("fired_at=" + encode(Timestamps.formatWebhook(event.firedAt())));
        for (Map.Entry<String, String> field : event.data().entrySet()) {
            String name = field.getKey().contains("[")
                    ? "data[" + field.getKey().substring(0, field.getKey().indexOf('[')) + "]" + field.getKey().substring(field.getKey().indexOf('['))
                    : "data[" + field.getKey() + "]";
            form.add(encode(name) + "=" + encode(field.getValue() == null ? "" : field.getValue()));
        }
        return form.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
