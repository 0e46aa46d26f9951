package dev.listbridge.mailchimp.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.InvalidAddressException;
import dev.listbridge.spi.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The decoded fields of one webhook delivery ({@code type}, {@code fired_at}, {@code data[...]}), read with
 * messages that name the missing or malformed field.
 */
record WebhookFields(Map<String, String> fields) {

    /** {@code data[merges][TAG]} or, for address-type fields, {@code data[merges][TAG][addr1]}. */
    private static final Pattern MERGE = Pattern.compile("data\\[merges\\]\\[([^\\[\\]]+)\\](.*)", Pattern.DOTALL);
    private static final Pattern PARTS = Pattern.compile("(?:\\[[^\\[\\]]+\\])+");
    private static final Pattern PART = Pattern.compile("\\[([^\\[\\]]+)\\]");
    /**
     * Not merge fields in the API's member resource (where readEvents gets fields from): the address itself
     * and the interest groups, which Mailchimp adds to {@code merges} in webhooks [doc examples; 3p].
     */
    private static final Set<String> NOT_MERGE_FIELDS = Set.of("EMAIL", "INTERESTS", "GROUPINGS");
    private static final int MAX_QUOTED = 60;

    WebhookFields {
        // body order kept: the parts of an address field keep Mailchimp's order
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The value, or null when the field is absent. */
    String optional(String name) {
        return fields.get(name);
    }

    /** The value; absent or blank is a 400 naming the field. */
    String required(String name) {
        String value = fields.get(name);
        if (value == null || value.isBlank()) {
            throw rejected("field " + name + " is missing");
        }
        return value;
    }

    /** {@code fired_at} as an instant: "YYYY-MM-DD HH:MM:SS", taken as UTC [doc format; the zone is inf]. */
    Instant firedAt() {
        String text = required("fired_at");
        Instant firedAt = MailchimpTime.parse(text);
        if (firedAt == null) {
            throw rejected("field fired_at is not a time like 2026-11-23 09:41:02: " + quote(text));
        }
        return firedAt;
    }

    /** A field that must hold an address. */
    Address address(String name) {
        String text = required(name);
        try {
            return Address.parse(text);
        } catch (InvalidAddressException e) {
            throw rejected("field " + name + " is not an email address (" + e.problem() + ")");
        }
    }

    /**
     * The merge fields ({@code data[merges][TAG]}) as readEvents reports them: text values by tag; a field
     * with parts (type address) as a JSON object of its parts, as the API's member resource has it.
     */
    Map<String, String> mergeFields() {
        Map<String, String> simple = new LinkedHashMap<>();
        Map<String, ObjectNode> nested = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (!name.startsWith("data[merges]")) {
                return;
            }
            Matcher merge = MERGE.matcher(name);
            if (!merge.matches()) {
                throw rejected("field " + quote(name) + " is not of the form data[merges][TAG]");
            }
            String tag = merge.group(1);
            if (NOT_MERGE_FIELDS.contains(tag)) {
                return;
            }
            if (merge.group(2).isEmpty()) {
                simple.put(tag, value);
                return;
            }
            if (!PARTS.matcher(merge.group(2)).matches()) {
                throw rejected("field " + quote(name) + " is not of the form data[merges][TAG][part]");
            }
            List<String> keys = new ArrayList<>();
            Matcher part = PART.matcher(merge.group(2));
            while (part.find()) {
                keys.add(part.group(1));
            }
            ObjectNode node = nested.computeIfAbsent(tag, any -> JsonNodeFactory.instance.objectNode());
            for (String key : keys.subList(0, keys.size() - 1)) {
                node = node.get(key) instanceof ObjectNode child ? child : node.putObject(key);
            }
            node.put(keys.getLast(), value);
        });
        Map<String, String> merged = new TreeMap<>(simple);
        nested.forEach((tag, node) -> merged.putIfAbsent(tag, node.toString()));
        return merged;
    }

    /**
     * The event id: {@code webhook:} and the SHA-256 of every field, names sorted, so that a redelivery of
     * the same body (Mailchimp delivers at least once and sends no delivery id [doc]) has the same id
     * however its fields are ordered or escaped.
     */
    String eventId() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(fields).forEach((name, value) -> {
                // length-prefixed, so that no two different forms give the same input
                sha256.update((name.length() + ":" + name + "=" + value.length() + ":" + value + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            });
            return "webhook:" + HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static WebhookRejectedException rejected(String reason) {
        return new WebhookRejectedException(400, "Mailchimp webhook: " + reason);
    }

    /** A name or value from the request, quoted for a message: shortened, control characters replaced. */
    static String quote(String text) {
        String shortened = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text;
        StringBuilder quoted = new StringBuilder("'");
        shortened.codePoints().forEach(c -> quoted.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return quoted.append('\'').toString();
    }
}
