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

/**
 * List webhooks: {@code GET/POST /lists/{list_id}/webhooks}, {@code GET/DELETE .../{webhook_id}}.
 * Mailchimp checks a new URL with a GET first [3p]; the sandbox does not (test receivers need not answer GET).
 */
final class WebhookEndpoints {
    private static final String HOOKS = "/lists/{list_id}/webhooks";
    private static final String HOOK = HOOKS + "/{webhook_id}";

    private final MailchimpState state;
    private final AudienceAdmin admin;

    WebhookEndpoints(MailchimpState state, AudienceAdmin admin) {
        this.state = state;
        this.admin = admin;
    }

    void register(Router router) {
        router.add("GET", HOOKS, this::list)
                .add("POST", HOOKS, this::create)
                .add("GET", HOOK, this::get)
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
        if (!validUrl(url)) {
            throw ApiProblem.invalid("url", "This value should be a valid URL.");
        }
        Webhook hook = admin.addWebhook(listId, url, flags(body.get("events"), WebhookKeys.EVENTS), flags(body.get("sources"), WebhookKeys.SOURCES));
        return ApiReply.ok(AudienceJson.webhook(hook, true));
    }

    private ApiReply get(ApiCall call) {
        return state.locked(() -> {
            Audience audience = state.requireAudience(call.pathParam("list_id"));
            Webhook hook = audience.webhooks().stream().filter(candidate -> candidate.id().equals(call.pathParam("webhook_id")))
                    .findFirst().orElseThrow(RefusedException::notFound);
            return ApiReply.ok(AudienceJson.webhook(hook, false));
        });
    }

    private ApiReply delete(ApiCall call) {
        admin.removeWebhook(call.pathParam("list_id"), call.pathParam("webhook_id"));
        return ApiReply.noContent();
    }

    /** Keys not given are off [inf]: send all of them, as Mailchimp's guidance says. */
    private static Map<String, Boolean> flags(JsonNode node, List<String> keys) {
        Map<String, Boolean> flags = new LinkedHashMap<>();
        keys.forEach(key -> flags.put(key, node != null && node.path(key).asBoolean(false)));
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
