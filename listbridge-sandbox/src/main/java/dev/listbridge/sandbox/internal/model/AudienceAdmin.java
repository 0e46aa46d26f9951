package dev.listbridge.sandbox.internal.model;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Audience settings the API changes: merge fields and webhooks. */
public final class AudienceAdmin {
    private static final Pattern TAG = Pattern.compile("[A-Z0-9_]{1,10}");

    private final MailchimpState state;

    public AudienceAdmin(MailchimpState state) {
        this.state = state;
    }

    /**
     * A new merge field. Without a tag Mailchimp names it {@code MMERGE<merge_id>} [3p: recorded
     * field lists, e.g. "MMERGE5"]; a given tag is upper-cased and at most 10 characters [doc].
     */
    public MergeField addMergeField(String listId, String name, String type, String tag, boolean required,
                                    String defaultValue, boolean isPublic, String helpText) {
        return state.locked(() -> {
            Audience audience = state.requireAudience(listId);
            long mergeId = audience.mergeFields().stream().mapToLong(MergeField::mergeId).max().orElse(0) + 1;
            String finalTag = tag == null || tag.isBlank() ? "MMERGE" + mergeId : tag.trim().toUpperCase(Locale.ROOT);
            if (!TAG.matcher(finalTag).matches()) {
                throw RefusedException.invalid("tag", "The tag must be 1 to 10 letters, digits or underscores.");
            }
            if (audience.mergeField(finalTag).isPresent() || finalTag.equals("EMAIL")) {
                throw RefusedException.invalid("tag", "A merge field with the tag \"" + finalTag + "\" already exists for this list.");
            }
            MergeField field = new MergeField(mergeId, finalTag, name, type, required,
                    defaultValue == null ? "" : defaultValue, isPublic, (int) mergeId, helpText == null ? "" : helpText);
            audience.addMergeField(field);
            return field;
        });
    }

    /**
     * A new list webhook. A URL the list has already is refused [inf: Mailchimp keeps one webhook per
     * URL], which makes a client that registers twice visible.
     */
    public Webhook addWebhook(String listId, String url, Map<String, Boolean> events, Map<String, Boolean> sources) {
        return state.locked(() -> {
            Audience audience = state.requireAudience(listId);
            requireNewUrl(audience, url, null);
            Webhook webhook = new Webhook(state.ids().hex(10), audience.id(), url, Map.copyOf(events),
                    Map.copyOf(sources), state.ids().hex(32));
            audience.addWebhook(webhook);
            return webhook;
        });
    }

    /** Changes a webhook's URL, events or sources; what is null stays. The signing secret stays. */
    public Webhook updateWebhook(String listId, String webhookId, String url, Map<String, Boolean> events,
                                 Map<String, Boolean> sources) {
        return state.locked(() -> {
            Audience audience = state.requireAudience(listId);
            Webhook current = audience.webhook(webhookId).orElseThrow(RefusedException::notFound);
            if (url != null) {
                requireNewUrl(audience, url, webhookId);
            }
            Webhook updated = new Webhook(current.id(), current.listId(), url == null ? current.url() : url,
                    events == null ? current.events() : Map.copyOf(events),
                    sources == null ? current.sources() : Map.copyOf(sources), current.signingSecret());
            audience.replaceWebhook(updated);
            return updated;
        });
    }

    private static void requireNewUrl(Audience audience, String url, String exceptWebhookId) {
        boolean taken = audience.webhooks().stream()
                .anyMatch(hook -> hook.url().equals(url) && !hook.id().equals(exceptWebhookId));
        if (taken) {
            throw RefusedException.invalid("url", "A webhook with this URL already exists for this list.");
        }
    }

    public void removeWebhook(String listId, String webhookId) {
        state.locked(() -> {
            if (!state.requireAudience(listId).removeWebhook(webhookId)) {
                throw RefusedException.notFound();
            }
        });
    }
}
