package dev.listbridge.sandbox.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.sandbox.internal.http.Json;
import dev.listbridge.sandbox.internal.model.MemberStatus;
import dev.listbridge.sandbox.internal.model.MemberWrite;
import dev.listbridge.sandbox.internal.model.RefusedException;
import dev.listbridge.sandbox.internal.model.RefusedException.FieldError;
import dev.listbridge.sandbox.internal.model.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a member body (POST, PUT, PATCH, one element of a batch) into a {@link MemberWrite},
 * collecting every type problem before refusing, as Mailchimp's "Invalid Resource" does.
 */
final class MemberBodyParser {
    private final ObjectNode body;
    private final List<FieldError> errors = new ArrayList<>();

    private MemberBodyParser(ObjectNode body) {
        this.body = body;
    }

    static MemberWrite parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw RefusedException.invalid("", "Schema describes object, " + (node == null ? "null" : node.getNodeType().name().toLowerCase()) + " found instead");
        }
        return new MemberBodyParser((ObjectNode) node).read();
    }

    private MemberWrite read() {
        MemberWrite write = new MemberWrite(
                text("email_address"), status("status"), status("status_if_new"),
                mergeFields(), tags(), interests(), text("language"), bool("vip"), emailType(),
                text("ip_signup"), time("timestamp_signup"), text("ip_opt"), time("timestamp_opt"));
        if (!errors.isEmpty()) {
            throw new RefusedException(RefusedException.Reason.INVALID_RESOURCE,
                    "The resource submitted could not be validated. For field-specific details, see the 'errors' array.", errors);
        }
        return write;
    }

    private String text(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "Schema describes string, " + value.getNodeType().name().toLowerCase() + " found instead"));
            return null;
        }
        return value.asText();
    }

    private Boolean bool(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(field, "Schema describes boolean, " + value.getNodeType().name().toLowerCase() + " found instead"));
            return null;
        }
        return value.booleanValue();
    }

    private MemberStatus status(String field) {
        String value = text(field);
        if (value == null) {
            return null;
        }
        MemberStatus status = MemberStatus.fromWire(value).filter(MemberStatus::writable).orElse(null);
        if (status == null) {
            errors.add(new FieldError(field, "Value is not one of enum values: subscribed, unsubscribed, cleaned, pending, transactional"));
        }
        return status;
    }

    private String emailType() {
        String value = text("email_type");
        if (value != null && !value.equals("html") && !value.equals("text")) {
            errors.add(new FieldError("email_type", "Value is not one of enum values: html, text"));
            return null;
        }
        return value;
    }

    private Instant time(String field) {
        String value = text(field);
        if (value == null || value.isEmpty()) {
            return null;
        }
        return Timestamps.parse(value).orElseGet(() -> {
            errors.add(new FieldError(field, "The value is not a valid ISO 8601 date-time: " + value));
            return null;
        });
    }

    /** Values as text; numbers as their digits, address objects as their JSON. */
    private Map<String, String> mergeFields() {
        JsonNode value = body.get("merge_fields");
        Map<String, String> fields = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return fields;
        }
        if (!value.isObject()) {
            errors.add(new FieldError("merge_fields", "Schema describes object, " + value.getNodeType().name().toLowerCase() + " found instead"));
            return fields;
        }
        value.fields().forEachRemaining(entry -> {
            JsonNode fieldValue = entry.getValue();
            fields.put(entry.getKey(), fieldValue.isNull() ? "" : fieldValue.isValueNode() ? fieldValue.asText() : Json.text(fieldValue));
        });
        return fields;
    }

    private List<String> tags() {
        JsonNode value = body.get("tags");
        if (value == null || value.isNull()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        if (!value.isArray()) {
            errors.add(new FieldError("tags", "Schema describes array, " + value.getNodeType().name().toLowerCase() + " found instead"));
            return names;
        }
        value.forEach(tag -> {
            // Mailchimp's schema says strings; its SDKs also send {name} objects.
            String name = tag.isTextual() ? tag.asText() : tag.path("name").asText("");
            if (name.isBlank()) {
                errors.add(new FieldError("tags", "A tag needs a name."));
            } else {
                names.add(name);
            }
        });
        return names;
    }

    private Map<String, Boolean> interests() {
        JsonNode value = body.get("interests");
        Map<String, Boolean> interests = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return interests;
        }
        if (!value.isObject()) {
            errors.add(new FieldError("interests", "Schema describes object, " + value.getNodeType().name().toLowerCase() + " found instead"));
            return interests;
        }
        value.fields().forEachRemaining(entry -> interests.put(entry.getKey(), entry.getValue().asBoolean()));
        return interests;
    }
}
