package dev.listbridge.sandbox.internal.api;

import java.util.List;

/** The keys of a list webhook's {@code events} and {@code sources} objects [spec]. */
final class WebhookKeys {
    static final List<String> EVENTS = List.of("subscribe", "unsubscribe", "profile", "cleaned", "upemail", "campaign");
    static final List<String> SOURCES = List.of("user", "admin", "api");

    private WebhookKeys() {
    }
}
