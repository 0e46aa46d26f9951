package dev.listbridge.sandbox.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.sandbox.internal.http.ApiCall;
import dev.listbridge.sandbox.internal.http.ApiReply;
import dev.listbridge.sandbox.internal.http.Json;
import dev.listbridge.sandbox.internal.http.Router;
import dev.listbridge.sandbox.internal.model.Audience;
import dev.listbridge.sandbox.internal.model.MailchimpState;
import dev.listbridge.sandbox.internal.model.MemberStatus;
import dev.listbridge.sandbox.internal.model.Timestamps;
import java.time.Instant;
import java.util.List;

/** {@code GET /ping}, the account root {@code GET /}, and the audiences: {@code GET /lists}, {@code GET /lists/{list_id}}. */
final class AccountEndpoints {
    private final MailchimpState state;
    private final Instant started;

    AccountEndpoints(MailchimpState state) {
        this.state = state;
        this.started = state.now();
    }

    void register(Router router) {
        router.add("GET", "/ping", call -> ApiReply.ok(Json.object().put("health_status", "Everything's Chimpy!")))
                .add("GET", "/", this::root)
                .add("GET", "/lists", this::lists)
                .add("GET", "/lists/{list_id}", this::list);
    }

    private ApiReply root(ApiCall call) {
        long subscribers = state.locked(() -> state.audiences().stream().flatMap(audience -> audience.members().stream())
                .filter(member -> member.status() == MemberStatus.SUBSCRIBED).count());
        ObjectNode json = Json.object()
                .put("account_id", "sandbox0account")
                .put("login_id", "sandbox")
                .put("account_name", "Listbridge Sandbox")
                .put("email", "sandbox@listbridge.invalid")
                .put("first_name", "Listbridge")
                .put("last_name", "Sandbox")
                .put("username", "sandbox")
                .put("role", "owner")
                .put("member_since", Timestamps.format(started))
                .put("pricing_plan_type", "forever_free")
                .put("pro_enabled", false)
                .put("account_timezone", "UTC")
                .put("account_industry", "")
                .put("total_subscribers", subscribers);
        json.putObject("contact").put("company", "Listbridge Sandbox").put("addr1", "").put("addr2", "")
                .put("city", "").put("state", "").put("zip", "").put("country", "");
        json.putArray("_links");
        return ApiReply.ok(json);
    }

    private ApiReply lists(ApiCall call) {
        int count = call.intQuery("count", 10, 1000);
        int offset = call.intQuery("offset", 0, Integer.MAX_VALUE);
        return state.locked(() -> {
            List<Audience> audiences = state.audiences();
            ObjectNode json = Json.object();
            ArrayNode lists = json.putArray("lists");
            audiences.stream().skip(offset).limit(count).forEach(audience -> lists.add(AudienceJson.list(audience, false)));
            json.put("total_items", audiences.size());
            json.putArray("_links");
            return ApiReply.ok(json);
        });
    }

    private ApiReply list(ApiCall call) {
        return state.locked(() -> ApiReply.ok(AudienceJson.list(state.requireAudience(call.pathParam("list_id")),
                call.flag("include_total_contacts"))));
    }
}
