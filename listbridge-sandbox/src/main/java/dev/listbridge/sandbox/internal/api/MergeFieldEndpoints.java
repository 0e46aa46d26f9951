package dev.listbridge.sandbox.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.sandbox.internal.http.ApiCall;
import dev.listbridge.sandbox.internal.http.ApiProblem;
import dev.listbridge.sandbox.internal.http.ApiReply;
import dev.listbridge.sandbox.internal.http.Json;
import dev.listbridge.sandbox.internal.http.Router;
import dev.listbridge.sandbox.internal.model.Audience;
import dev.listbridge.sandbox.internal.model.AudienceAdmin;
import dev.listbridge.sandbox.internal.model.MailchimpState;
import dev.listbridge.sandbox.internal.model.MergeField;
import dev.listbridge.sandbox.internal.model.RefusedException.FieldError;
import java.util.ArrayList;
import java.util.List;

/** {@code GET/POST /lists/{list_id}/merge-fields}; creating one needs {@code name} and {@code type} [spec]. */
final class MergeFieldEndpoints {
    private static final String PATH = "/lists/{list_id}/merge-fields";

    private final MailchimpState state;
    private final AudienceAdmin admin;

    MergeFieldEndpoints(MailchimpState state, AudienceAdmin admin) {
        this.state = state;
        this.admin = admin;
    }

    void register(Router router) {
        router.add("GET", PATH, this::list).add("POST", PATH, this::create);
    }

    private ApiReply list(ApiCall call) {
        int count = call.intQuery("count", 10, 1000);
        int offset = call.intQuery("offset", 0, Integer.MAX_VALUE);
        return state.locked(() -> {
            Audience audience = state.requireAudience(call.pathParam("list_id"));
            List<MergeField> fields = audience.mergeFields().stream()
                    .filter(field -> call.query("type").map(field.type()::equals).orElse(true))
                    .filter(field -> call.query("required").map(value -> Boolean.parseBoolean(value) == field.required()).orElse(true))
                    .toList();
            ObjectNode json = Json.object();
            ArrayNode items = json.putArray("merge_fields");
            fields.stream().skip(offset).limit(count).forEach(field -> items.add(AudienceJson.mergeField(audience, field)));
            json.put("list_id", audience.id()).put("total_items", fields.size());
            json.putArray("_links");
            return ApiReply.ok(json);
        });
    }

    private ApiReply create(ApiCall call) {
        String listId = call.pathParam("list_id");
        state.requireAudience(listId);
        ObjectNode body = call.objectBody();
        List<FieldError> errors = new ArrayList<>();
        String name = text(body, "name");
        String type = text(body, "type");
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "This value should not be blank."));
        }
        if (type == null || !MergeField.TYPES.contains(type)) {
            errors.add(new FieldError("type", "Value is not one of enum values: " + String.join(", ", MergeField.TYPES)));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        MergeField field = admin.addMergeField(listId, name, type, text(body, "tag"), body.path("required").asBoolean(false),
                text(body, "default_value"), body.path("public").asBoolean(false), text(body, "help_text"));
        return state.locked(() -> ApiReply.ok(AudienceJson.mergeField(state.requireAudience(listId), field)));
    }

    private static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
