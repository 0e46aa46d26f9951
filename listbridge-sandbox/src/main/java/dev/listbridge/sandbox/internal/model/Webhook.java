package dev.listbridge.sandbox.internal.model;

import java.util.Map;

/**
 * A list webhook. {@code events} and {@code sources} map Mailchimp's keys ({@code subscribe},
 * {@code api}, ...) to whether they are on. The signing secret is shown once, on creation.
 */
public record Webhook(String id, String listId, String url, Map<String, Boolean> events,
                      Map<String, Boolean> sources, String signingSecret) {

    public boolean wants(String eventType, String source) {
        return events.getOrDefault(eventType, false) && sources.getOrDefault(source, false);
    }
}
