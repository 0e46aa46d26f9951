package dev.listbridge.sandbox.internal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.sandbox.internal.http.Json;
import dev.listbridge.sandbox.internal.model.AbuseReport;
import dev.listbridge.sandbox.internal.model.Audience;
import dev.listbridge.sandbox.internal.model.Member;
import dev.listbridge.sandbox.internal.model.MemberStatus;
import dev.listbridge.sandbox.internal.model.MergeField;
import dev.listbridge.sandbox.internal.model.Segment;
import dev.listbridge.sandbox.internal.model.Timestamps;
import dev.listbridge.sandbox.internal.model.Webhook;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Function;

/** Audiences and the things that hang off them, as Mailchimp writes them. Call under the state lock. */
final class AudienceJson {
    private AudienceJson() {
    }

    static ObjectNode list(Audience audience, boolean includeTotalContacts) {
        ObjectNode json = Json.object()
                .put("id", audience.id())
                .put("web_id", audience.webId())
                .put("name", audience.name());
        json.putObject("contact").put("company", "Listbridge Sandbox").put("address1", "").put("address2", "")
                .put("city", "").put("state", "").put("zip", "").put("country", "").put("phone", "");
        json.put("permission_reminder", "")
                .put("use_archive_bar", false)
                .put("notify_on_subscribe", "")
                .put("notify_on_unsubscribe", "")
                .put("date_created", Timestamps.format(audience.dateCreated()))
                .put("list_rating", 0)
                .put("email_type_option", false)
                .put("subscribe_url_short", "http://eepurl.com/sandbox")
                .put("subscribe_url_long", "https://sandbox.list-manage.com/subscribe?id=" + audience.id())
                .put("beamer_address", "")
                .put("visibility", "prv")
                .put("double_optin", audience.doubleOptin())
                .put("has_welcome", false)
                .put("marketing_permissions", false);
        json.putArray("modules");
        ObjectNode stats = json.putObject("stats")
                .put("member_count", count(audience, MemberStatus.SUBSCRIBED))
                .put("unsubscribe_count", count(audience, MemberStatus.UNSUBSCRIBED))
                .put("cleaned_count", count(audience, MemberStatus.CLEANED))
                .put("member_count_since_send", count(audience, MemberStatus.SUBSCRIBED))
                .put("unsubscribe_count_since_send", count(audience, MemberStatus.UNSUBSCRIBED))
                .put("cleaned_count_since_send", count(audience, MemberStatus.CLEANED))
                .put("campaign_count", 0)
                .put("campaign_last_sent", "")
                .put("merge_field_count", audience.mergeFields().size())
                .put("avg_sub_rate", 0)
                .put("avg_unsub_rate", 0)
                .put("target_sub_rate", 0)
                .put("open_rate", 0)
                .put("click_rate", 0)
                .put("last_sub_date", Timestamps.format(latest(audience, MemberStatus.SUBSCRIBED, Member::timestampOpt)))
                .put("last_unsub_date", Timestamps.format(latest(audience, MemberStatus.UNSUBSCRIBED, Member::lastChanged)));
        if (includeTotalContacts) {
            stats.put("total_contacts", audience.members().size());
        }
        json.putArray("_links");
        return json;
    }

    static ObjectNode mergeField(Audience audience, MergeField field) {
        ObjectNode json = Json.object()
                .put("merge_id", field.mergeId())
                .put("tag", field.tag())
                .put("name", field.name())
                .put("type", field.type())
                .put("required", field.required())
                .put("default_value", field.defaultValue())
                .put("public", field.isPublic())
                .put("display_order", field.displayOrder())
                .put("help_text", field.helpText())
                .put("list_id", audience.id());
        json.putObject("options");
        json.putArray("_links");
        return json;
    }

    static ObjectNode segment(Audience audience, Segment segment) {
        long members = audience.members().stream().filter(segment::contains)
                .filter(member -> member.status() != MemberStatus.ARCHIVED).count();
        ObjectNode json = Json.object()
                .put("id", segment.id())
                .put("name", segment.name())
                .put("member_count", members)
                .put("type", "static")
                .put("created_at", Timestamps.format(segment.createdAt()))
                .put("updated_at", Timestamps.format(segment.updatedAt()))
                .put("list_id", audience.id());
        json.putArray("_links");
        return json;
    }

    static ObjectNode webhook(Webhook webhook, boolean withSecret) {
        ObjectNode json = Json.object()
                .put("id", webhook.id())
                .put("url", webhook.url());
        ObjectNode events = json.putObject("events");
        WebhookKeys.EVENTS.forEach(key -> events.put(key, webhook.events().getOrDefault(key, false)));
        ObjectNode sources = json.putObject("sources");
        WebhookKeys.SOURCES.forEach(key -> sources.put(key, webhook.sources().getOrDefault(key, false)));
        json.put("list_id", webhook.listId());
        // Signing (2026): the secret is shown in the create answer only [doc api-concepts/webhooks.mdx].
        if (withSecret) {
            json.put("signing_secret", webhook.signingSecret());
        }
        json.put("signing_enabled", true);
        json.putArray("_links");
        return json;
    }

    static ObjectNode abuseReport(AbuseReport report) {
        ObjectNode json = Json.object()
                .put("id", report.id())
                .put("campaign_id", report.campaignId())
                .put("list_id", report.listId())
                .put("email_id", report.emailId())
                .put("email_address", report.emailAddress())
                .put("date", Timestamps.format(report.date()))
                .put("vip", report.vip());
        ObjectNode fields = json.putObject("merge_fields");
        report.mergeFields().forEach(fields::put);
        json.putArray("_links");
        return json;
    }

    private static long count(Audience audience, MemberStatus status) {
        return audience.members().stream().filter(member -> member.status() == status).count();
    }

    private static Instant latest(Audience audience, MemberStatus status, Function<Member, Instant> time) {
        return audience.members().stream().filter(member -> member.status() == status)
                .map(time).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }
}
