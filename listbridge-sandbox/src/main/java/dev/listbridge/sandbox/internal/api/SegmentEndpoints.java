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
import dev.listbridge.sandbox.internal.model.MailchimpState;
import dev.listbridge.sandbox.internal.model.Member;
import dev.listbridge.sandbox.internal.model.MemberStatus;
import dev.listbridge.sandbox.internal.model.RefusedException;
import dev.listbridge.sandbox.internal.model.Segment;
import dev.listbridge.sandbox.internal.model.Tagging;
import java.util.ArrayList;
import java.util.List;

/**
 * Tags as static segments: create ({@code static_segment}), read, batch add/remove (at most 500
 * addresses each way [doc DESIGN 5.5; spec]), and a segment's members. Only static segments exist here.
 */
final class SegmentEndpoints {
    static final int MAX_BATCH = 500;
    private static final String SEGMENTS = "/lists/{list_id}/segments";
    private static final String SEGMENT = SEGMENTS + "/{segment_id}";

    private final MailchimpState state;
    private final Tagging tagging;

    SegmentEndpoints(MailchimpState state, Tagging tagging) {
        this.state = state;
        this.tagging = tagging;
    }

    void register(Router router) {
        router.add("GET", SEGMENTS, this::list)
                .add("POST", SEGMENTS, this::create)
                .add("GET", SEGMENT, this::get)
                .add("POST", SEGMENT, this::batch)
                .add("GET", SEGMENT + "/members", this::members);
    }

    private ApiReply list(ApiCall call) {
        int count = call.intQuery("count", 10, 1000);
        int offset = call.intQuery("offset", 0, Integer.MAX_VALUE);
        return state.locked(() -> {
            Audience audience = state.requireAudience(call.pathParam("list_id"));
            boolean staticWanted = call.query("type").map("static"::equals).orElse(true);
            List<Segment> segments = staticWanted ? audience.segments() : List.of();
            ObjectNode json = Json.object();
            ArrayNode items = json.putArray("segments");
            segments.stream().skip(offset).limit(count).forEach(segment -> items.add(AudienceJson.segment(audience, segment)));
            json.put("list_id", audience.id()).put("total_items", segments.size());
            json.putArray("_links");
            return ApiReply.ok(json);
        });
    }

    private ApiReply create(ApiCall call) {
        String listId = call.pathParam("list_id");
        state.requireAudience(listId);
        ObjectNode body = call.objectBody();
        String name = body.path("name").asText("");
        if (name.isBlank()) {
            throw ApiProblem.invalid("name", "This value should not be blank.");
        }
        if (!body.has("static_segment")) {
            // Saved (condition-based) segments are not simulated: say so rather than pretend.
            throw ApiProblem.invalid("static_segment", "The sandbox only simulates static segments (tags); send static_segment.");
        }
        Segment segment = tagging.createStaticSegment(listId, name, addresses(body, "static_segment", Integer.MAX_VALUE));
        return state.locked(() -> ApiReply.ok(AudienceJson.segment(state.requireAudience(listId), segment)));
    }

    private ApiReply get(ApiCall call) {
        return state.locked(() -> {
            Audience audience = state.requireAudience(call.pathParam("list_id"));
            return ApiReply.ok(AudienceJson.segment(audience, segment(audience, call)));
        });
    }

    private ApiReply batch(ApiCall call) {
        String listId = call.pathParam("list_id");
        long segmentId = state.locked(() -> segment(state.requireAudience(listId), call).id());
        ObjectNode body = call.objectBody();
        List<String> toAdd = addresses(body, "members_to_add", MAX_BATCH);
        List<String> toRemove = addresses(body, "members_to_remove", MAX_BATCH);
        Tagging.BatchResult result = tagging.batch(listId, segmentId, toAdd, toRemove);
        return state.locked(() -> {
            Audience audience = state.requireAudience(listId);
            ObjectNode json = Json.object();
            ArrayNode added = json.putArray("members_added");
            result.added().forEach(member -> added.add(MemberJson.render(audience, member, MemberJson.Shape.BATCH)));
            ArrayNode removed = json.putArray("members_removed");
            result.removed().forEach(member -> removed.add(MemberJson.render(audience, member, MemberJson.Shape.BATCH)));
            ArrayNode errors = json.putArray("errors");
            if (!result.notMembers().isEmpty()) {
                // [inf] wording; the shape {email_addresses[], error} is the spec's.
                ObjectNode error = errors.addObject();
                result.notMembers().forEach(error.putArray("email_addresses")::add);
                error.put("error", "Email addresses are not members of this list.");
            }
            json.put("total_added", result.added().size())
                    .put("total_removed", result.removed().size())
                    .put("error_count", result.notMembers().size());
            json.putArray("_links");
            return ApiReply.ok(json);
        });
    }

    /** Like Mailchimp, unsubscribed, cleaned and transactional members only when asked for [spec: include_*]. */
    private ApiReply members(ApiCall call) {
        int count = call.intQuery("count", 10, 1000);
        int offset = call.intQuery("offset", 0, Integer.MAX_VALUE);
        return state.locked(() -> {
            Audience audience = state.requireAudience(call.pathParam("list_id"));
            Segment segment = segment(audience, call);
            List<Member> members = audience.members().stream()
                    .filter(segment::contains)
                    .filter(member -> included(member.status(), call))
                    .toList();
            ObjectNode json = Json.object();
            ArrayNode items = json.putArray("members");
            members.stream().skip(offset).limit(count).forEach(member -> items.add(MemberJson.render(audience, member, MemberJson.Shape.SEGMENT_MEMBER)));
            json.put("total_items", members.size());
            json.putArray("_links");
            return ApiReply.ok(json);
        });
    }

    private static boolean included(MemberStatus status, ApiCall call) {
        return switch (status) {
            case SUBSCRIBED, PENDING -> true;
            case UNSUBSCRIBED -> call.flag("include_unsubscribed");
            case CLEANED -> call.flag("include_cleaned");
            case TRANSACTIONAL -> call.flag("include_transactional");
            case ARCHIVED -> false;
        };
    }

    private static Segment segment(Audience audience, ApiCall call) {
        long id;
        try {
            id = Long.parseLong(call.pathParam("segment_id"));
        } catch (NumberFormatException notANumber) {
            throw RefusedException.notFound();
        }
        return audience.segment(id).orElseThrow(RefusedException::notFound);
    }

    private static List<String> addresses(ObjectNode body, String field, int max) {
        JsonNode value = body.get(field);
        List<String> addresses = new ArrayList<>();
        if (value == null || value.isNull()) {
            return addresses;
        }
        if (!value.isArray()) {
            throw ApiProblem.invalid(field, "Schema describes array, " + value.getNodeType().name().toLowerCase() + " found instead");
        }
        if (value.size() > max) {
            throw ApiProblem.invalid(field, "At most " + max + " email addresses may be sent in " + field + "; this call has " + value.size() + ".");
        }
        value.forEach(address -> addresses.add(address.asText()));
        return addresses;
    }
}
