package dev.listbridge.sandbox.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.sandbox.internal.http.ApiCall;
import dev.listbridge.sandbox.internal.http.ApiProblem;
import dev.listbridge.sandbox.internal.http.ApiReply;
import dev.listbridge.sandbox.internal.http.FieldSelection;
import dev.listbridge.sandbox.internal.http.Router;
import dev.listbridge.sandbox.internal.model.Audience;
import dev.listbridge.sandbox.internal.model.MailchimpState;
import dev.listbridge.sandbox.internal.model.Member;
import dev.listbridge.sandbox.internal.model.MemberWrite;
import dev.listbridge.sandbox.internal.model.MemberWriter;
import dev.listbridge.sandbox.internal.model.MemberWriter.Mode;
import dev.listbridge.sandbox.internal.model.RefusedException;
import dev.listbridge.sandbox.internal.model.Tagging;
import java.util.ArrayList;
import java.util.List;

/** {@code /lists/{list_id}/members} and one member: read, create, upsert, update, archive, tag. */
final class MemberEndpoints {
    private static final String MEMBERS = "/lists/{list_id}/members";
    private static final String MEMBER = MEMBERS + "/{subscriber_hash}";

    private final MailchimpState state;
    private final MemberWriter writer;
    private final Tagging tagging;

    MemberEndpoints(MailchimpState state, MemberWriter writer, Tagging tagging) {
        this.state = state;
        this.writer = writer;
        this.tagging = tagging;
    }

    void register(Router router) {
        router.add("GET", MEMBERS, call -> MemberListing.answer(state, call))
                .add("POST", MEMBERS, call -> write(call, null, Mode.CREATE))
                .add("GET", MEMBER, this::get)
                .add("PUT", MEMBER, call -> write(call, call.pathParam("subscriber_hash"), Mode.UPSERT))
                .add("PATCH", MEMBER, call -> write(call, call.pathParam("subscriber_hash"), Mode.UPDATE))
                .add("DELETE", MEMBER, this::archive)
                .add("POST", MEMBER + "/tags", this::tags);
    }

    private ApiReply get(ApiCall call) {
        return state.locked(() -> {
            Audience audience = state.requireAudience(call.pathParam("list_id"));
            Member member = audience.findMember(call.pathParam("subscriber_hash")).orElseThrow(RefusedException::notFound);
            return ApiReply.ok(FieldSelection.of(call).apply(MemberJson.render(audience, member)));
        });
    }

    private ApiReply write(ApiCall call, String pathKey, Mode mode) {
        String listId = call.pathParam("list_id");
        state.requireAudience(listId);
        MemberWrite write = MemberBodyParser.parse(call.objectBody());
        if (mode == Mode.UPSERT && write.statusIfNew() == null) {
            throw ApiProblem.invalid("status_if_new", "This value should not be blank.");
        }
        if (mode == Mode.CREATE && write.status() == null) {
            throw ApiProblem.invalid("status", "This value should not be blank.");
        }
        if (mode != Mode.CREATE && write.tags() != null) {
            // PUT and PATCH have no tags field [spec]: tags go through /tags or segments.
            write = new MemberWrite(write.emailAddress(), write.status(), write.statusIfNew(), write.mergeFields(), null,
                    write.interests(), write.language(), write.vip(), write.emailType(), write.ipSignup(),
                    write.timestampSignup(), write.ipOpt(), write.timestampOpt());
        }
        MemberWrite finalWrite = write;
        return state.locked(() -> {
            MemberWriter.Outcome outcome = writer.write(listId, pathKey, finalWrite, mode, call.flag("skip_merge_validation"), false);
            return ApiReply.ok(MemberJson.render(state.requireAudience(listId), outcome.member()));
        });
    }

    private ApiReply archive(ApiCall call) {
        writer.archive(call.pathParam("list_id"), call.pathParam("subscriber_hash"));
        return ApiReply.noContent();
    }

    private ApiReply tags(ApiCall call) {
        String listId = call.pathParam("list_id");
        state.requireAudience(listId);
        ObjectNode body = call.objectBody();
        JsonNode tags = body.get("tags");
        if (tags == null || !tags.isArray()) {
            throw ApiProblem.invalid("tags", "This value should not be blank.");
        }
        List<String> activate = new ArrayList<>();
        List<String> deactivate = new ArrayList<>();
        for (JsonNode tag : tags) {
            String name = tag.path("name").asText("");
            String status = tag.path("status").asText("");
            if (name.isBlank() || !(status.equals("active") || status.equals("inactive"))) {
                throw ApiProblem.invalid("tags", "Each tag needs a name and a status of active or inactive.");
            }
            (status.equals("active") ? activate : deactivate).add(name);
        }
        tagging.memberTags(listId, call.pathParam("subscriber_hash"), activate, deactivate);
        return ApiReply.noContent();
    }
}
