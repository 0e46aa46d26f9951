package dev.listbridge.sandbox.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.sandbox.internal.http.ApiCall;
import dev.listbridge.sandbox.internal.http.ApiProblem;
import dev.listbridge.sandbox.internal.http.ApiReply;
import dev.listbridge.sandbox.internal.http.Json;
import dev.listbridge.sandbox.internal.http.Router;
import dev.listbridge.sandbox.internal.model.Audience;
import dev.listbridge.sandbox.internal.model.AudienceAdmin;
import dev.listbridge.sandbox.internal.model.MailchimpState;
import dev.listbridge.sandbox.internal.model.RefusedException;
import dev.listbridge.sandbox.internal.model.Webhook;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * List webhooks: {@code GET/POST /lists/{list_id}/webhooks}, {@code GET/PATCH/DELETE .../{webhook_id}}
 * [spec]. A new URL (on POST, or a changed one on PATCH) must answer Mailchimp's validation GET first [3p];
 * the GET is made outside the state lock.
 */
final class WebhookEndpoints {
    private static final String HOOKS = "/lists/{list_id}/webhooks";
    private static final String HOOK = HOOKS + "/{webhook_id}";

    private final MailchimpState state;
    private final AudienceAdmin admin;
    private final Function<String, Optional<String>> urlProblem;

    /**
     * @param urlProblem why a URL fails Mailchimp's validation GET, or empty when it passes
     */
    WebhookEndpoints(MailchimpState state, AudienceAdmin admin, Function<String, Optional<String>> urlProblem) {
        this.state = state;
        this.admin = admin;
        this.urlProblem = urlProblem;
    }

    void register(Router router) {
        router.add("GET", HOOKS, this::list)
                .add("POST", HOOKS, this::create)
                .add("GET", HOOK, this::get)
                .add("PATCH", HOOK, this::update)
                .add("DELETE", HOOK, this::delete);
    }

    private ApiReply list(ApiCall call) {
        return state.locked(() -> {
            Audience audience = state.requireAudience(call.pathParam("list_id"));
            ObjectNode json = Json.object();
            ArrayNode items = json.putArray("webhooks");
            audience.webhooks().forEach(hook -> items.add(AudienceJson.webhook(hook, false)));
            json.put("list_id", audience.id()).put("total_items", audience.webhooks().size());
            json.putArray("_links");
            return ApiReply.ok(json);
        });
    }

    private ApiReply create(ApiCall call) {
        String listId = call.pathParam("list_id");
        state.requireAudience(listId);
        ObjectNode body = call.objectBody();
        String url = body.path("url").asText("");
        validate(url);
        Webhook hook = admin.addWebhook(listId, url, flags(body.get("events"), WebhookKeys.EVENTS, Map.of()),
                flags(body.get("sources"), WebhookKeys.SOURCES, Map.of()));
        return ApiReply.ok(AudienceJson.webhook(hook, true));
    }

    private ApiReply get(ApiCall call) {
        return state.locked(() -> ApiReply.ok(AudienceJson.webhook(find(call), false)));
    }

    /** Changes what the body names; events or sources keys it leaves out stay as they are [inf]. */
    private ApiReply update(ApiCall call) {
        Webhook current = state.locked(() -> find(call));
        ObjectNode body = call.objectBody();
        String url = body.has("url") ? body.path("url").asText("") : null;
        if (url != null && url.equals(current.url())) {
            url = null;
        }
        if (url != null) {
            validate(url);
        }
        Webhook updated = admin.updateWebhook(current.listId(), current.id(), url,
                body.has("events") ? flags(body.get("events"), WebhookKeys.EVENTS, current.events()) : null,
                body.has("sources") ? flags(body.get("sources"), WebhookKeys.SOURCES, current.sources()) : null);
        return ApiReply.ok(AudienceJson.webhook(updated, false));
    }

    private ApiReply delete(ApiCall call) {
        admin.removeWebhook(call.pathParam("list_id"), call.pathParam("webhook_id"));
        return ApiReply.noContent();
    }

    private Webhook find(ApiCall call) {
        return state.requireAudience(call.pathParam("list_id")).webhook(call.pathParam("webhook_id"))
                .orElseThrow(RefusedException::notFound);
    }

    private void validate(String url) {
        if (!validUrl(url)) {
            throw ApiProblem.invalid("url", "This value should be a valid URL.");
        }
        urlProblem.apply(url).ifPresent(problem -> {
            throw ApiProblem.invalid("url", "The URL " + problem + ".");
        });
    }

    /**
     * The flags of an {@code events} or {@code sources} object: keys given are taken, keys not given keep
     * {@code current} (off on create) [inf]: send all of them, as Mailchimp's guidance says.
     */
    private static Map<String, Boolean> flags(JsonNode node, List<String> keys, Map<String, Boolean> current) {
        Map<String, Boolean> flags = new LinkedHashMap<>();
        keys.forEach(key -> flags.put(key, node != null && node.has(key)
                ? node.path(key).asBoolean(false) : current.getOrDefault(key, false)));
        return flags;
    }

    private static boolean validUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
