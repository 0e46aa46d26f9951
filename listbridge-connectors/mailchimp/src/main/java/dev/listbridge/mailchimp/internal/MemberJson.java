package dev.listbridge.mailchimp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.InvalidAddressException;
import dev.listbridge.spi.RemoteMember;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.ToolEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads Mailchimp's member resource into the SPI's types. */
public final class MemberJson {

    /** The member fields the connector reads; asked for with {@code fields=} to keep pages small. */
    public static final String MEMBER_FIELDS = "members.id,members.email_address,members.status,members.merge_fields,"
            + "members.tags,members.last_changed,members.unsubscribe_reason,total_items";

    /** {@link #MEMBER_FIELDS} for a single member's resource (no {@code members.} prefix). */
    public static final String SINGLE_MEMBER_FIELDS = "id,email_address,status,merge_fields,tags,last_changed";

    private static final Logger LOG = LoggerFactory.getLogger(MemberJson.class);

    private MemberJson() {
    }

    /** Mailchimp's status as the SPI's; {@code transactional} (not a marketing member) is NONE. */
    public static SubscriptionStatus status(String status) {
        return switch (status) {
            case "subscribed" -> SubscriptionStatus.SUBSCRIBED;
            case "pending" -> SubscriptionStatus.PENDING;
            case "unsubscribed" -> SubscriptionStatus.UNSUBSCRIBED;
            case "cleaned" -> SubscriptionStatus.CLEANED;
            case "archived" -> SubscriptionStatus.ARCHIVED;
            default -> SubscriptionStatus.NONE;
        };
    }

    /** The status to send for a write. */
    public static String wireStatus(SubscriptionStatus status) {
        return switch (status) {
            case SUBSCRIBED -> "subscribed";
            case PENDING -> "pending";
            case UNSUBSCRIBED -> "unsubscribed";
            default -> throw new IllegalArgumentException("a write cannot set " + status);
        };
    }

    /** A member, or empty (logged) when its address does not parse. Archived members are the caller's business. */
    public static Optional<RemoteMember> member(JsonNode member) {
        return address(member).map(address -> new RemoteMember(
                member.path("id").asText(SubscriberHash.of(address)),
                address,
                status(member.path("status").asText("")),
                mergeFields(member.path("merge_fields")),
                tags(member.path("tags")),
                MailchimpTime.parse(member.path("last_changed").asText(null))));
    }

    /**
     * The state observation a member stands for: its status at its {@code last_changed}. Empty for
     * transactional members, unparseable addresses and members without a change time.
     */
    public static Optional<ToolEvent> event(JsonNode member) {
        return event(member, MailchimpTime.parse(member.path("last_changed").asText(null)));
    }

    /** {@link #event(JsonNode)} with the member's {@code last_changed} already parsed. */
    public static Optional<ToolEvent> event(JsonNode member, Instant changed) {
        Optional<Address> parsed = address(member);
        if (parsed.isEmpty() || changed == null) {
            if (changed == null) {
                LOG.debug("skipping member {} without last_changed", member.path("id").asText());
            }
            return Optional.empty();
        }
        Address address = parsed.get();
        String status = member.path("status").asText("");
        String id = member.path("id").asText(SubscriberHash.of(address));
        // the change time first, so that ids sort by time (ToolEvent): ten digits until the year 2286
        String eventId = "member:" + changed.getEpochSecond() + ":" + id + ":" + status;
        return Optional.ofNullable(switch (status) {
            case "subscribed", "pending" -> new ToolEvent.Subscribed(eventId, id, address, changed,
                    status(status), mergeFields(member.path("merge_fields")));
            case "unsubscribed" -> new ToolEvent.Unsubscribed(eventId, id, address, changed,
                    emptyToNull(member.path("unsubscribe_reason").asText("")));
            case "cleaned" -> new ToolEvent.HardBounced(eventId, id, address, changed, "cleaned");
            case "archived" -> new ToolEvent.Archived(eventId, id, address, changed);
            default -> null;
        });
    }

    /** The address of a member or report, or empty (logged at debug) when it does not parse. */
    public static Optional<Address> address(JsonNode resource) {
        String raw = resource.path("email_address").asText(null);
        try {
            return Optional.of(Address.parse(raw));
        } catch (InvalidAddressException e) {
            LOG.debug("skipping {} {}: {}", resource.has("status") ? "member" : "report", resource.path("id").asText(), e.problem());
            return Optional.empty();
        }
    }

    /** Merge field values as text; objects (address fields) as their JSON, nulls left out. */
    public static Map<String, String> mergeFields(JsonNode mergeFields) {
        Map<String, String> fields = new LinkedHashMap<>();
        mergeFields.properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (!value.isNull() && !value.isMissingNode()) {
                fields.put(entry.getKey(), value.isValueNode() ? value.asText() : value.toString());
            }
        });
        return fields;
    }

    private static Set<String> tags(JsonNode tags) {
        Set<String> names = new LinkedHashSet<>();
        tags.forEach(tag -> {
            String name = tag.path("name").asText("");
            if (!name.isEmpty()) {
                names.add(name);
            }
        });
        return names;
    }

    private static String emptyToNull(String text) {
        return text.isBlank() ? null : text;
    }
}
