package dev.listbridge.mailchimp.internal;

import dev.listbridge.spi.Address;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.ToolEvent;
import dev.listbridge.spi.WebhookRejectedException;
import dev.listbridge.spi.WebhookRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Reads one list-webhook delivery (API-NOTES §1.9) into events. Checks, in order: the method (Mailchimp's
 * URL validation is a GET, which carries nothing), the content type, the signature on the raw bytes when a
 * signing secret is configured, then the form fields.
 *
 * <p>Event mapping, one event per delivery:
 * <ul>
 *   <li>{@code subscribe} → {@link ToolEvent.Subscribed} (SUBSCRIBED; Mailchimp fires it for a subscribed
 *       member, a pending one gets no webhook until confirmed [inf]) with the merge fields;</li>
 *   <li>{@code unsubscribe} → {@link ToolEvent.Unsubscribed} with {@code data[reason]}; with
 *       {@code data[reason]=abuse} a {@link ToolEvent.Complained} (a spam complaint unsubscribes [inf]); with
 *       {@code data[action]=delete} a {@link ToolEvent.Archived} (a deleted contact is archived today [inf]);</li>
 *   <li>{@code profile} → {@link ToolEvent.ProfileChanged} with the merge fields;</li>
 *   <li>{@code upemail} → {@link ToolEvent.AddressChanged} from {@code data[old_email]} to {@code data[new_email]};</li>
 *   <li>{@code cleaned} → {@link ToolEvent.HardBounced} ({@code data[reason]=hard}, or any other reason), or
 *       {@link ToolEvent.Complained} for {@code data[reason]=abuse};</li>
 *   <li>{@code campaign} → none (Listbridge does not use it);</li>
 *   <li>any other type → refused (400): Mailchimp sends none.</li>
 * </ul>
 * Member ids are subscriber hashes of the address (for upemail, of the new one), as readEvents reports
 * them; Mailchimp's {@code data[id]} is another id [inf]. Every message is short and names the field.
 */
final class WebhookParser {

    static final String CONTENT_TYPE = "application/x-www-form-urlencoded";
    /** The event types of Mailchimp's list webhooks (API-NOTES §1.9). */
    static final List<String> TYPES = List.of("subscribe", "unsubscribe", "profile", "upemail", "cleaned", "campaign");

    private WebhookParser() {
    }

    static List<ToolEvent> parse(String audienceId, WebhookRequest request, String signingSecret) {
        String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
        if (method.equals("GET")) {
            return List.of();
        }
        if (!method.equals("POST")) {
            throw new WebhookRejectedException(405, "Mailchimp webhook: Mailchimp sends GET or POST, not "
                    + WebhookFields.quote(request.method() == null ? "" : request.method()));
        }
        if (!isForm(request.contentType())) {
            throw new WebhookRejectedException(415, "Mailchimp webhook: expected Content-Type " + CONTENT_TYPE + ", was "
                    + (request.contentType() == null ? "none" : WebhookFields.quote(request.contentType())));
        }
        if (signingSecret != null) {
            if (signingSecret.isEmpty()) {
                // fail closed: an empty secret (an unset variable) must not switch verification off
                throw new WebhookRejectedException(401, "Mailchimp webhook: the configured signing secret is empty");
            }
            WebhookSignature.verify(request.header(WebhookSignature.HEADER), request.body(), signingSecret, request.receivedAt());
        }
        WebhookFields fields = new WebhookFields(FormBody.decode(request.body()));
        String type = fields.required("type");
        if (!TYPES.contains(type)) {
            // Mailchimp's list webhooks have these six types, and a registration names the ones it wants: a
            // request with another type did not come from the webhook Listbridge installed.
            throw WebhookFields.rejected("field type names no Mailchimp list event: " + WebhookFields.quote(type)
                    + " (expected one of " + String.join(", ", TYPES) + ")");
        }
        Instant firedAt = fields.firedAt();
        String listId = fields.required("data[list_id]");
        if (!listId.equals(audienceId)) {
            throw WebhookFields.rejected("field data[list_id] names audience " + WebhookFields.quote(listId)
                    + ", this URL receives audience " + audienceId);
        }
        ToolEvent event = switch (type) {
            case "subscribe" -> subscribe(fields, firedAt);
            case "unsubscribe" -> unsubscribe(fields, firedAt);
            case "profile" -> profile(fields, firedAt);
            case "upemail" -> upemail(fields, firedAt);
            case "cleaned" -> cleaned(fields, firedAt);
            default -> null;
        };
        return event == null ? List.of() : List.of(event);
    }

    private static ToolEvent subscribe(WebhookFields fields, Instant firedAt) {
        Address address = fields.address("data[email]");
        return new ToolEvent.Subscribed(fields.eventId(), SubscriberHash.of(address), address, firedAt,
                SubscriptionStatus.SUBSCRIBED, fields.mergeFields());
    }

    private static ToolEvent unsubscribe(WebhookFields fields, Instant firedAt) {
        Address address = fields.address("data[email]");
        String reason = fields.optional("data[reason]");
        if ("abuse".equals(reason)) {
            return new ToolEvent.Complained(fields.eventId(), SubscriberHash.of(address), address, firedAt, campaignId(fields));
        }
        if ("delete".equals(fields.optional("data[action]"))) {
            return new ToolEvent.Archived(fields.eventId(), SubscriberHash.of(address), address, firedAt);
        }
        return new ToolEvent.Unsubscribed(fields.eventId(), SubscriberHash.of(address), address, firedAt,
                reason == null || reason.isBlank() ? null : reason);
    }

    private static ToolEvent profile(WebhookFields fields, Instant firedAt) {
        Address address = fields.address("data[email]");
        return new ToolEvent.ProfileChanged(fields.eventId(), SubscriberHash.of(address), address, firedAt, fields.mergeFields());
    }

    private static ToolEvent upemail(WebhookFields fields, Instant firedAt) {
        Address from = fields.address("data[old_email]");
        Address to = fields.address("data[new_email]");
        return new ToolEvent.AddressChanged(fields.eventId(), SubscriberHash.of(to), from, firedAt, to);
    }

    private static ToolEvent cleaned(WebhookFields fields, Instant firedAt) {
        Address address = fields.address("data[email]");
        String reason = fields.optional("data[reason]");
        if ("abuse".equals(reason)) {
            return new ToolEvent.Complained(fields.eventId(), SubscriberHash.of(address), address, firedAt, campaignId(fields));
        }
        return new ToolEvent.HardBounced(fields.eventId(), SubscriberHash.of(address), address, firedAt,
                reason == null || reason.isBlank() ? "cleaned" : reason);
    }

    private static String campaignId(WebhookFields fields) {
        String campaignId = fields.optional("data[campaign_id]");
        return campaignId == null || campaignId.isBlank() ? null : campaignId;
    }

    /** {@code application/x-www-form-urlencoded}, in any case, with or without parameters (charset). */
    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return mediaType.equalsIgnoreCase(CONTENT_TYPE);
    }
}
