package dev.listbridge.sandbox.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.sandbox.internal.http.ApiCall;
import dev.listbridge.sandbox.internal.http.ApiProblem;
import dev.listbridge.sandbox.internal.http.ApiReply;
import dev.listbridge.sandbox.internal.http.FaultBook;
import dev.listbridge.sandbox.internal.http.Json;
import dev.listbridge.sandbox.internal.http.Router;
import dev.listbridge.sandbox.internal.model.Audience;
import dev.listbridge.sandbox.internal.model.MailchimpState;
import dev.listbridge.sandbox.internal.model.MemberWrite;
import dev.listbridge.sandbox.internal.model.MemberWriter;
import dev.listbridge.sandbox.internal.model.MemberWriter.Mode;
import dev.listbridge.sandbox.internal.model.RefusedException;
import java.util.Optional;

/**
 * {@code POST /lists/{list_id}}, "Batch subscribe or unsubscribe": up to 500 members [spec];
 * each member succeeds or fails on its own, failures come back in {@code errors[]} with
 * {@code error_code} ERROR_CONTACT_EXISTS or ERROR_GENERIC (the spec's only two values).
 */
final class BatchSubscribeEndpoint {
    static final int MAX_MEMBERS = 500;

    private final MailchimpState state;
    private final MemberWriter writer;
    private final FaultBook faults;

    BatchSubscribeEndpoint(MailchimpState state, MemberWriter writer, FaultBook faults) {
        this.state = state;
        this.writer = writer;
        this.faults = faults;
    }

    void register(Router router) {
        router.add("POST", "/lists/{list_id}", this::batch);
    }

    private ApiReply batch(ApiCall call) {
        String listId = call.pathParam("list_id");
        state.requireAudience(listId);
        ObjectNode body = call.objectBody();
        JsonNode members = body.get("members");
        if (members == null || !members.isArray()) {
            throw ApiProblem.invalid("members", "This value should not be blank.");
        }
        if (members.size() > MAX_MEMBERS) {
            throw ApiProblem.invalid("members", "Up to " + MAX_MEMBERS + " members may be added or updated with each API call; this call has " + members.size() + ".");
        }
        Mode mode = body.path("update_existing").asBoolean(false) ? Mode.BATCH_UPSERT : Mode.BATCH_ADD;
        boolean syncTags = body.path("sync_tags").asBoolean(false);
        boolean skipMergeValidation = call.flag("skip_merge_validation");
        return state.locked(() -> {
            Audience audience = state.requireAudience(listId);
            ObjectNode answer = Json.object();
            ArrayNode created = answer.putArray("new_members");
            ArrayNode updated = answer.putArray("updated_members");
            ArrayNode errors = answer.putArray("errors");
            for (JsonNode member : members) {
                String address = member.path("email_address").asText(null);
                Optional<String> injected = faults.batchMemberError(address);
                if (injected.isPresent()) {
                    error(errors, address, injected.get(), "ERROR_GENERIC", "", "");
                    continue;
                }
                try {
                    MemberWrite write = MemberBodyParser.parse(member);
                    MemberWriter.Outcome outcome = writer.write(listId, null, write, mode, skipMergeValidation, syncTags);
                    (outcome.created() ? created : updated).add(MemberJson.render(audience, outcome.member(), MemberJson.Shape.BATCH));
                } catch (RefusedException refused) {
                    String field = refused.fieldErrors().isEmpty() ? "" : refused.fieldErrors().get(0).field();
                    String fieldMessage = refused.fieldErrors().isEmpty() ? "" : refused.fieldErrors().get(0).message();
                    String code = refused.reason() == RefusedException.Reason.MEMBER_EXISTS ? "ERROR_CONTACT_EXISTS" : "ERROR_GENERIC";
                    error(errors, address, refused.detail(), code, field, fieldMessage);
                }
            }
            answer.put("total_created", created.size())
                    .put("total_updated", updated.size())
                    .put("error_count", errors.size());
            answer.putArray("_links");
            return ApiReply.ok(answer);
        });
    }

    private static void error(ArrayNode errors, String address, String message, String code, String field, String fieldMessage) {
        errors.addObject()
                .put("email_address", address == null ? "" : address)
                .put("error", message)
                .put("error_code", code)
                .put("field", field)
                .put("field_message", fieldMessage);
    }
}
