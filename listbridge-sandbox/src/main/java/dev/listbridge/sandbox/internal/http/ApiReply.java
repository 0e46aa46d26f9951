package dev.listbridge.sandbox.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;

/** A finished answer, before it is written: status, content type, body bytes, extra headers. */
public record ApiReply(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";

    public static ApiReply ok(JsonNode body) {
        return new ApiReply(200, JSON, Json.bytes(body), Map.of());
    }

    public static ApiReply noContent() {
        return new ApiReply(204, null, new byte[0], Map.of());
    }

    public static ApiReply problem(ApiProblem problem) {
        String instance = UUID.randomUUID().toString();
        ObjectNode body = Json.object()
                .put("type", ApiProblem.TYPE)
                .put("title", problem.title())
                .put("status", problem.status())
                .put("detail", problem.detail())
                .put("instance", instance);
        if (!problem.fieldErrors().isEmpty()) {
            var errors = body.putArray("errors");
            problem.fieldErrors().forEach(error -> errors.addObject().put("field", error.field()).put("message", error.message()));
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>(problem.headers());
        headers.put("X-Request-Id", instance);
        return new ApiReply(problem.status(), PROBLEM_JSON, Json.bytes(body), headers);
    }
}
