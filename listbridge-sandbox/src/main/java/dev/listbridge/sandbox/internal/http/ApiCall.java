package dev.listbridge.sandbox.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;

/** One API request as the endpoints see it, free of the HTTP server's types. */
public record ApiCall(String method, String path, Map<String, String> pathParams,
                      Map<String, List<String>> query, String body) {

    public static ApiCall of(String method, String path, String rawQuery, String body) {
        return new ApiCall(method, path, Map.of(), parseQuery(rawQuery), body == null ? "" : body);
    }

    public ApiCall withPathParams(Map<String, String> params) {
        return new ApiCall(method, path, Map.copyOf(params), query, body);
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public boolean flag(String name) {
        return query(name).map(Boolean::parseBoolean).orElse(false);
    }

    /** A non-negative integer query parameter with a default and an upper bound; otherwise 400. */
    public int intQuery(String name, int defaultValue, int max) {
        Optional<String> text = query(name);
        if (text.isEmpty() || text.get().isBlank()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(text.get().trim());
        } catch (NumberFormatException notANumber) {
            throw ApiProblem.invalid(name, "The value of " + name + " must be an integer.");
        }
        if (value < 0 || value > max) {
            throw ApiProblem.invalid(name, "The value of " + name + " must be between 0 and " + max + ".");
        }
        return value;
    }

    /** The body as a JSON object: malformed JSON is "JSON Parse Error", another JSON type "Invalid Resource". */
    public ObjectNode objectBody() {
        JsonNode node = Json.parse(body);
        if (!node.isObject()) {
            throw ApiProblem.invalid("", "Schema describes object, " + node.getNodeType().name().toLowerCase() + " found instead");
        }
        return (ObjectNode) node;
    }

    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
