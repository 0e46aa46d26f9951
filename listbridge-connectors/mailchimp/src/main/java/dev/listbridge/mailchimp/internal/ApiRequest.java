package dev.listbridge.mailchimp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One call to the Marketing API: a method, a path below the API root (segments already encoded, see
 * {@link #path}), query parameters and an optional JSON body.
 */
public record ApiRequest(String method, String path, Map<String, String> query, JsonNode body) {

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
    }

    public static ApiRequest get(String path, Map<String, String> query) {
        return new ApiRequest("GET", path, query, null);
    }

    public static ApiRequest post(String path, JsonNode body) {
        return new ApiRequest("POST", path, Map.of(), body);
    }

    public static ApiRequest patch(String path, JsonNode body) {
        return new ApiRequest("PATCH", path, Map.of(), body);
    }

    public static ApiRequest delete(String path) {
        return new ApiRequest("DELETE", path, Map.of(), null);
    }

    /**
     * Builds a path from literal parts and values: {@code path("lists", listId, "members", hash)};
     * every part is percent-encoded as one path segment.
     */
    public static String path(String... segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(encodeSegment(segment));
        }
        return path.toString();
    }

    /** The query string, in a stable order, without the leading '?'; empty when there is none. */
    public String queryString() {
        return new TreeMap<>(query).entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** For messages and logs: method and path, never headers or bodies. */
    @Override
    public String toString() {
        return method + " " + path;
    }

    private static String encodeSegment(String segment) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
