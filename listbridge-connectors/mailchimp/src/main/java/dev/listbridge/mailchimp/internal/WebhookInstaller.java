package dev.listbridge.mailchimp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.spi.PermanentException;
import dev.listbridge.spi.RetriableException;
import dev.listbridge.spi.WebhookInstallation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers Listbridge's URL as a list webhook ({@code /lists/{list_id}/webhooks} [spec]): kept when one
 * with the same URL exists (its events and sources corrected if they differ), created otherwise. The URL
 * carries a secret in its path, so it never appears in a message or a log line.
 */
final class WebhookInstaller {

    /** The events Listbridge uses; campaign events carry no member change. */
    static final Map<String, Boolean> EVENTS = Map.of(
            "subscribe", true, "unsubscribe", true, "profile", true, "cleaned", true, "upemail", true, "campaign", false);
    /**
     * All three sources sent explicitly, {@code api} off so that Listbridge's own writes do not echo back
     * (API-NOTES §1.9 [doc skill]).
     */
    static final Map<String, Boolean> SOURCES = Map.of("user", true, "admin", true, "api", false);

    /** The keys in the spec's order, for a stable request body. */
    private static final List<String> EVENT_KEYS = List.of("subscribe", "unsubscribe", "profile", "cleaned", "upemail", "campaign");
    private static final List<String> SOURCE_KEYS = List.of("user", "admin", "api");

    private static final Logger LOG = LoggerFactory.getLogger(WebhookInstaller.class);
    private static final String MASKED_URL = "<the webhook URL>";

    private final MailchimpHttp http;

    WebhookInstaller(MailchimpHttp http) {
        this.http = http;
    }

    WebhookInstallation install(String listId, String url) {
        Objects.requireNonNull(url, "url");
        JsonNode listed = call(ApiRequest.get(ApiRequest.path("lists", listId, "webhooks"), Map.of()), listId, url);
        for (JsonNode hook : listed.path("webhooks")) {
            if (url.equals(hook.path("url").asText())) {
                String id = hook.path("id").asText();
                if (!wanted(hook)) {
                    call(ApiRequest.patch(ApiRequest.path("lists", listId, "webhooks", id), settings(null)), listId, url);
                    LOG.info("Mailchimp audience {}: corrected the events and sources of webhook {}", listId, id);
                }
                // Mailchimp shows the signing secret only in the answer that created the webhook [doc]
                return new WebhookInstallation(id, url, null, false);
            }
        }
        JsonNode created = call(ApiRequest.post(ApiRequest.path("lists", listId, "webhooks"), settings(url)), listId, url);
        String id = created.path("id").asText("");
        if (id.isBlank()) {
            throw new PermanentException("Mailchimp created a webhook for audience " + listId + " but returned no id", 200);
        }
        String secret = created.path("signing_secret").asText("");
        LOG.info("Mailchimp audience {}: registered webhook {} ({})", listId, id, secret.isBlank() ? "unsigned" : "signed");
        return new WebhookInstallation(id, url, secret.isBlank() ? null : secret, true);
    }

    /** Whether a registration has exactly the events and sources Listbridge wants. */
    private static boolean wanted(JsonNode hook) {
        return flagsEqual(hook.path("events"), EVENTS) && flagsEqual(hook.path("sources"), SOURCES);
    }

    private static boolean flagsEqual(JsonNode flags, Map<String, Boolean> wanted) {
        return wanted.entrySet().stream().allMatch(entry -> flags.path(entry.getKey()).asBoolean(false) == entry.getValue());
    }

    /** The body of a create (with the URL) or an update (without: it stays as it is). */
    private static ObjectNode settings(String url) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (url != null) {
            body.put("url", url);
        }
        ObjectNode events = body.putObject("events");
        EVENT_KEYS.forEach(key -> events.put(key, EVENTS.get(key)));
        ObjectNode sources = body.putObject("sources");
        SOURCE_KEYS.forEach(key -> sources.put(key, SOURCES.get(key)));
        return body;
    }

    /** {@link MailchimpHttp#call}, with the URL masked in whatever the tool's words repeat of it. */
    private JsonNode call(ApiRequest request, String listId, String url) {
        try {
            return http.call(request, listId);
        } catch (PermanentException e) {
            throw new PermanentException(e.getMessage().replace(url, MASKED_URL), e.httpStatus());
        } catch (RetriableException e) {
            throw new RetriableException(e.getMessage().replace(url, MASKED_URL), e.httpStatus(), e.retryAfter().orElse(null), e.getCause(),
                    e.notCarriedOut());
        }
    }
}
