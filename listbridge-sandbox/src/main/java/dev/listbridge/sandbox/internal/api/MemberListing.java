package dev.listbridge.sandbox.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.sandbox.internal.http.ApiCall;
import dev.listbridge.sandbox.internal.http.ApiProblem;
import dev.listbridge.sandbox.internal.http.ApiReply;
import dev.listbridge.sandbox.internal.http.FieldSelection;
import dev.listbridge.sandbox.internal.http.Json;
import dev.listbridge.sandbox.internal.model.Audience;
import dev.listbridge.sandbox.internal.model.MailchimpState;
import dev.listbridge.sandbox.internal.model.MemberQuery;
import dev.listbridge.sandbox.internal.model.MemberQuery.Filter;
import dev.listbridge.sandbox.internal.model.MemberQuery.SortField;
import dev.listbridge.sandbox.internal.model.MemberStatus;
import dev.listbridge.sandbox.internal.model.Timestamps;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code GET /lists/{list_id}/members}: {@code count} (default 10, at most 1000), {@code offset},
 * {@code status}, {@code since_/before_last_changed}, {@code since_/before_timestamp_opt},
 * {@code sort_field}, {@code sort_dir}, {@code fields}, {@code exclude_fields} [spec]. A malformed time
 * is a 400 [3p].
 */
final class MemberListing {
    static final int MAX_COUNT = 1000;

    private MemberListing() {
    }

    static ApiReply answer(MailchimpState state, ApiCall call) {
        int count = call.intQuery("count", 10, MAX_COUNT);
        int offset = call.intQuery("offset", 0, Integer.MAX_VALUE);
        Filter filter = new Filter(status(call), time(call, "since_last_changed"), time(call, "before_last_changed"),
                time(call, "since_timestamp_opt"), time(call, "before_timestamp_opt"), sortField(call), descending(call));
        return state.locked(() -> {
            Audience audience = state.requireAudience(call.pathParam("list_id"));
            MemberQuery.Page page = MemberQuery.page(audience, filter, offset, count);
            ObjectNode json = Json.object();
            ArrayNode members = json.putArray("members");
            page.members().forEach(member -> members.add(MemberJson.render(audience, member)));
            json.put("list_id", audience.id()).put("total_items", page.totalItems());
            json.putArray("_links");
            return ApiReply.ok(FieldSelection.of(call).apply(json));
        });
    }

    private static MemberStatus status(ApiCall call) {
        return call.query("status").filter(value -> !value.isEmpty())
                .map(value -> MemberStatus.fromWire(value).orElseThrow(() -> ApiProblem.invalid("status",
                        "Value is not one of enum values: subscribed, unsubscribed, cleaned, pending, transactional, archived")))
                .orElse(null);
    }

    private static Instant time(ApiCall call, String name) {
        return call.query(name).filter(value -> !value.isEmpty())
                .map(value -> Timestamps.parse(value).orElseThrow(() -> ApiProblem.invalid(name,
                        "The value of " + name + " is not a valid ISO 8601 date-time: " + value)))
                .orElse(null);
    }

    private static SortField sortField(ApiCall call) {
        return call.query("sort_field").filter(value -> !value.isEmpty()).map(value -> switch (value) {
            case "timestamp_opt" -> SortField.TIMESTAMP_OPT;
            case "timestamp_signup" -> SortField.TIMESTAMP_SIGNUP;
            case "last_changed" -> SortField.LAST_CHANGED;
            default -> throw ApiProblem.invalid("sort_field", "Value is not one of enum values: timestamp_opt, timestamp_signup, last_changed");
        }).orElse(null);
    }

    private static boolean descending(ApiCall call) {
        String direction = call.query("sort_dir").orElse("ASC").toUpperCase(Locale.ROOT);
        if (!direction.equals("ASC") && !direction.equals("DESC")) {
            throw ApiProblem.invalid("sort_dir", "Value is not one of enum values: ASC, DESC");
        }
        return direction.equals("DESC");
    }
}
