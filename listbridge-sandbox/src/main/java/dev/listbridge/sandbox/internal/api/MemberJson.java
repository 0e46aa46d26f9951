package dev.listbridge.sandbox.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.sandbox.internal.http.Json;
import dev.listbridge.sandbox.internal.model.Audience;
import dev.listbridge.sandbox.internal.model.Member;
import dev.listbridge.sandbox.internal.model.MemberStatus;
import dev.listbridge.sandbox.internal.model.MergeField;
import dev.listbridge.sandbox.internal.model.Segment;
import dev.listbridge.sandbox.internal.model.Timestamps;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * A member as Mailchimp writes it. Like Mailchimp, every audience field appears in
 * {@code merge_fields} ("" when unset) and unknown times are "" [3p: recorded responses, e.g.
 * {@code "timestamp_signup": ""}].
 */
final class MemberJson {
    /**
     * The published spec describes the member differently per endpoint; each answer carries the
     * fields its own schema lists (checked by MailchimpSandboxSpecIT).
     */
    enum Shape {
        /** GET/PUT/PATCH/POST member and member listings (schema ListMembers2). */
        FULL(Set.of()),
        /** Batch subscribe's new/updated members, a segment batch's added/removed members. */
        BATCH(Set.of("full_name", "web_id", "source", "marketing_permissions", "consents_to_one_to_one_messaging",
                "unsubscribe_reason")),
        /** GET /segments/{id}/members. */
        SEGMENT_MEMBER(Set.of("web_id", "source", "marketing_permissions", "consents_to_one_to_one_messaging",
                "unsubscribe_reason", "contact_id", "tags", "tags_count"));

        private final Set<String> absent;

        Shape(Set<String> absent) {
            this.absent = absent;
        }
    }

    private MemberJson() {
    }

    /** Call while holding the state lock. */
    static ObjectNode render(Audience audience, Member member) {
        return render(audience, member, Shape.FULL);
    }

    static ObjectNode render(Audience audience, Member member, Shape shape) {
        ObjectNode json = full(audience, member);
        json.remove(shape.absent);
        if (shape != Shape.FULL) {
            ((ObjectNode) json.get("location")).remove("region");
        }
        return json;
    }

    private static ObjectNode full(Audience audience, Member member) {
        ObjectNode json = Json.object()
                .put("id", member.id())
                .put("email_address", member.emailAddress())
                .put("unique_email_id", member.uniqueEmailId())
                .put("contact_id", member.contactId())
                .put("full_name", fullName(member))
                .put("web_id", member.webId())
                .put("email_type", member.emailType())
                .put("status", member.status().wire());
        if (member.status() == MemberStatus.UNSUBSCRIBED && member.unsubscribeReason() != null) {
            json.put("unsubscribe_reason", member.unsubscribeReason());
        }
        json.put("consents_to_one_to_one_messaging", true);
        json.set("merge_fields", mergeFields(audience, member));
        ObjectNode interests = json.putObject("interests");
        member.interests().forEach(interests::put);
        json.putObject("stats").put("avg_open_rate", 0).put("avg_click_rate", 0);
        json.put("ip_signup", member.ipSignup())
                .put("timestamp_signup", Timestamps.format(member.timestampSignup()))
                .put("ip_opt", member.ipOpt())
                .put("timestamp_opt", Timestamps.format(member.timestampOpt()))
                .put("member_rating", 2)
                .put("last_changed", Timestamps.format(member.lastChanged()))
                .put("language", member.language())
                .put("vip", member.vip())
                .put("email_client", "");
        json.putObject("location").put("latitude", 0).put("longitude", 0).put("gmtoff", 0).put("dstoff", 0)
                .put("country_code", "").put("timezone", "").put("region", "");
        json.putArray("marketing_permissions");
        json.put("source", member.source());
        List<Segment> tags = audience.tagsOf(member);
        json.put("tags_count", tags.size());
        var tagArray = json.putArray("tags");
        tags.forEach(tag -> tagArray.addObject().put("id", tag.id()).put("name", tag.name()));
        json.put("list_id", audience.id());
        json.putArray("_links");
        return json;
    }

    private static String fullName(Member member) {
        String first = member.mergeFields().getOrDefault("FNAME", "");
        String last = member.mergeFields().getOrDefault("LNAME", "");
        return (first + " " + last).trim();
    }

    private static ObjectNode mergeFields(Audience audience, Member member) {
        ObjectNode json = Json.object();
        for (MergeField field : audience.mergeFields()) {
            json.set(field.tag(), value(field, member.mergeFields().getOrDefault(field.tag(), "")));
        }
        return json;
    }

    /** Number fields come back as numbers, address fields as objects: the types Mailchimp returns. */
    private static JsonNode value(MergeField field, String text) {
        if (field.type().equals("number") && !text.isBlank()) {
            try {
                return Json.MAPPER.getNodeFactory().numberNode(new BigDecimal(text.trim()));
            } catch (NumberFormatException notANumber) {
                return Json.MAPPER.getNodeFactory().textNode(text);
            }
        }
        if (field.type().equals("address") && text.startsWith("{")) {
            return Json.parse(text);
        }
        return Json.MAPPER.getNodeFactory().textNode(text);
    }
}
