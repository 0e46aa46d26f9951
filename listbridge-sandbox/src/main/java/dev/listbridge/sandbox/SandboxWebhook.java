package dev.listbridge.sandbox;

import java.util.Map;

/**
 * A list webhook as the sandbox holds it.
 *
 * @param events  Mailchimp's event keys (subscribe, unsubscribe, profile, cleaned, upemail, campaign) and whether each is on
 * @param sources Mailchimp's source keys (user, admin, api) and whether each is on
 */
public record SandboxWebhook(String id, String url, Map<String, Boolean> events, Map<String, Boolean> sources) {
    public SandboxWebhook {
        events = Map.copyOf(events);
        sources = Map.copyOf(sources);
    }
}
