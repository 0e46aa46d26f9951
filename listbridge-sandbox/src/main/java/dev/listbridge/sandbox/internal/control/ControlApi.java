package dev.listbridge.sandbox.internal.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.sandbox.BulkActions;
import dev.listbridge.sandbox.MailchimpSandbox;
import dev.listbridge.sandbox.SandboxListStats;
import dev.listbridge.sandbox.internal.http.ApiCall;
import dev.listbridge.sandbox.internal.http.ApiProblem;
import dev.listbridge.sandbox.internal.http.ApiReply;
import dev.listbridge.sandbox.internal.http.Json;
import dev.listbridge.sandbox.internal.http.Router;
import dev.listbridge.sandbox.internal.model.RefusedException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The control API under {@code /_sandbox/} (no auth) for a sandbox in another process: the same
 * operations as {@link MailchimpSandbox}'s Java methods, with JSON bodies. Documented in README.md.
 * A test mistake (unknown list or member) is 400, an impossible action (confirming a subscribed
 * member) 409.
 */
public final class ControlApi implements Handler {
    private static final String LIST = "/_sandbox/lists/{list_id}";

    private final MailchimpSandbox sandbox;
    private final Router router = new Router();

    public ControlApi(MailchimpSandbox sandbox) {
        this.sandbox = sandbox;
        router.add("GET", "/_sandbox/info", call -> ApiReply.ok(Json.object()
                        .put("base_url", sandbox.baseUrl()).put("api_key", sandbox.apiKey())))
                .add("POST", "/_sandbox/lists", this::createList)
                .add("GET", LIST + "/members", call -> ApiReply.ok(Json.MAPPER.valueToTree(sandbox.members(call.pathParam("list_id")))))
                .add("POST", LIST + "/unsubscribe", call -> action(call, body ->
                        sandbox.unsubscribe(list(call), text(body, "email"), body.path("reason").asText("manual"))))
                .add("POST", LIST + "/hard-bounce", call -> action(call, body -> sandbox.hardBounce(list(call), text(body, "email"))))
                .add("POST", LIST + "/complain", call -> action(call, body ->
                        sandbox.complain(list(call), text(body, "email"), body.path("campaign_id").asText(""))))
                .add("POST", LIST + "/signup", call -> action(call, body ->
                        sandbox.signup(list(call), text(body, "email"), fields(body))))
                .add("POST", LIST + "/confirm", call -> action(call, body -> sandbox.confirm(list(call), text(body, "email"))))
                .add("POST", LIST + "/edit-profile", call -> action(call, body ->
                        sandbox.editProfile(list(call), text(body, "email"), fields(body))))
                .add("POST", LIST + "/change-address", call -> action(call, body ->
                        sandbox.changeAddress(list(call), text(body, "old_email"), text(body, "new_email"))))
                .add("GET", LIST + "/stats", this::stats)
                .add("POST", LIST + "/bulk-actions", this::bulkActions)
                .add("GET", "/_sandbox/calls", call -> ApiReply.ok(Json.MAPPER.valueToTree(sandbox.callCounts())))
                .add("DELETE", "/_sandbox/calls", call -> {
                    sandbox.clearCallCounts();
                    return ApiReply.noContent();
                })
                .add("GET", "/_sandbox/requests", call -> ApiReply.ok(Json.MAPPER.valueToTree(sandbox.requests())))
                .add("DELETE", "/_sandbox/requests", call -> {
                    sandbox.clearRequests();
                    return ApiReply.noContent();
                })
                .add("POST", "/_sandbox/faults", call -> action(call, this::addFault))
                .add("POST", "/_sandbox/faults/batch-members", call -> action(call, body ->
                        sandbox.faults().failBatchMember(text(body, "email"), text(body, "error"))))
                .add("DELETE", "/_sandbox/faults", call -> {
                    sandbox.faults().clear();
                    return ApiReply.noContent();
                });
    }

    @Override
    public void handle(Context ctx) {
        ApiReply reply;
        try {
            reply = router.dispatch(ApiCall.of(ctx.req().getMethod().toUpperCase(Locale.ROOT), ctx.path(), ctx.queryString(),
                    new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8)));
        } catch (ApiProblem problem) {
            reply = ApiReply.problem(problem);
        } catch (RefusedException refused) {
            reply = ApiReply.problem(ApiProblem.from(refused));
        } catch (IllegalArgumentException mistake) {
            reply = ApiReply.problem(new ApiProblem(400, "Bad Request", String.valueOf(mistake.getMessage())));
        } catch (IllegalStateException impossible) {
            reply = ApiReply.problem(new ApiProblem(409, "Conflict", String.valueOf(impossible.getMessage())));
        }
        ctx.status(reply.status());
        reply.headers().forEach(ctx::header);
        if (reply.contentType() != null) {
            ctx.contentType(reply.contentType()).result(reply.body());
        }
    }

    private ApiReply createList(ApiCall call) {
        ObjectNode body = call.objectBody();
        String name = body.path("name").asText("Sandbox audience");
        boolean doubleOptin = body.path("double_optin").asBoolean(false);
        String id = body.hasNonNull("id") ? body.get("id").asText() : null;
        if (id == null) {
            id = sandbox.createList(name, doubleOptin);
        } else {
            sandbox.createList(id, name, doubleOptin);
        }
        return ApiReply.ok(Json.object().put("id", id));
    }

    private ApiReply stats(ApiCall call) {
        SandboxListStats stats = sandbox.stats(list(call));
        ObjectNode json = Json.object().put("members", stats.members()).put("abuse_reports", stats.abuseReports());
        json.set("by_status", Json.MAPPER.valueToTree(stats.byStatus()));
        json.set("tags", Json.MAPPER.valueToTree(stats.tags()));
        return ApiReply.ok(json);
    }

    /** {@code {"unsubscribes":n,"hard_bounces":n,"complaints":n,"seed":1}} → the addresses per action. */
    private ApiReply bulkActions(ApiCall call) {
        ObjectNode body = call.objectBody();
        BulkActions done = sandbox.bulkRecipientActions(list(call), body.path("unsubscribes").asInt(0),
                body.path("hard_bounces").asInt(0), body.path("complaints").asInt(0), body.path("seed").asLong(1));
        ObjectNode json = Json.object();
        json.set("unsubscribed", Json.MAPPER.valueToTree(done.unsubscribed()));
        json.set("hard_bounced", Json.MAPPER.valueToTree(done.hardBounced()));
        json.set("complained", Json.MAPPER.valueToTree(done.complained()));
        return ApiReply.ok(json);
    }

    /**
     * {@code {"method":"GET","path":"/lists/.*","kind":"status|delay|delay_answer|reset|truncate","status":503,
     * "retry_after_seconds":2,"delay_ms":5000,"times":1}}
     */
    private void addFault(ObjectNode body) {
        String method = body.path("method").asText("*");
        String path = text(body, "path");
        int times = body.path("times").asInt(1);
        switch (body.path("kind").asText("status")) {
            case "status" -> {
                int status = body.path("status").asInt(500);
                if (status == 429) {
                    Duration retryAfter = body.hasNonNull("retry_after_seconds")
                            ? Duration.ofSeconds(body.get("retry_after_seconds").asLong()) : null;
                    sandbox.faults().tooManyRequests(method, path, retryAfter, times);
                } else {
                    sandbox.faults().respondWith(method, path, status, times);
                }
            }
            case "delay" -> sandbox.faults().delay(method, path, Duration.ofMillis(body.path("delay_ms").asLong(0)), times);
            case "delay_answer" -> sandbox.faults().delayAnswer(method, path, Duration.ofMillis(body.path("delay_ms").asLong(0)), times);
            case "reset" -> sandbox.faults().resetConnection(method, path, times);
            case "truncate" -> sandbox.faults().truncateBody(method, path, times);
            default -> throw new IllegalArgumentException("kind is one of status, delay, delay_answer, reset, truncate");
        }
    }

    /** A recipient action; with {@code "occurred_at": "2026-11-23T09:41:02Z"} it is backdated to that time. */
    private ApiReply action(ApiCall call, java.util.function.Consumer<ObjectNode> action) {
        ObjectNode body = call.objectBody();
        if (body.hasNonNull("occurred_at")) {
            java.time.Instant at;
            try {
                at = java.time.Instant.parse(body.get("occurred_at").asText());
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("occurred_at is an ISO-8601 instant like 2026-11-23T09:41:02Z");
            }
            sandbox.backdated(at, () -> action.accept(body));
        } else {
            action.accept(body);
        }
        return ApiReply.noContent();
    }

    private static String list(ApiCall call) {
        return call.pathParam("list_id");
    }

    private static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value.asText();
    }

    private static Map<String, String> fields(ObjectNode body) {
        Map<String, String> fields = new LinkedHashMap<>();
        body.path("merge_fields").fields().forEachRemaining(entry -> fields.put(entry.getKey(), entry.getValue().asText()));
        return fields;
    }
}
