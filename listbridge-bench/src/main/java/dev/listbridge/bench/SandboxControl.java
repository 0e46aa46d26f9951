package dev.listbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The sandbox's control API (listbridge-sandbox/README.md) as the benchmark uses it, plus plain API reads
 * of single members for spot checks. Reads are not member-writing calls, so they do not disturb the counts.
 */
final class SandboxControl {
    /** The API routes that write members: batch subscribe, single member writes and tag member changes. */
    static final List<String> MEMBER_WRITING_ROUTES = List.of(
            "POST /lists/{list_id}",
            "POST /lists/{list_id}/members",
            "PUT /lists/{list_id}/members/{subscriber_hash}",
            "PATCH /lists/{list_id}/members/{subscriber_hash}",
            "DELETE /lists/{list_id}/members/{subscriber_hash}",
            "POST /lists/{list_id}/members/{subscriber_hash}/tags",
            "POST /lists/{list_id}/segments/{segment_id}");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String root;
    private final String apiBase;
    private final String authorization;

    SandboxControl(String apiBase, String apiKey) {
        this.apiBase = apiBase;
        this.root = apiBase.substring(0, apiBase.length() - "/3.0".length());
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(("bench:" + apiKey).getBytes(StandardCharsets.UTF_8));
    }

    /** Counts of one list, see {@code GET /_sandbox/lists/{id}/stats}. */
    record Stats(int members, Map<String, Integer> byStatus, Map<String, Integer> tags, int abuseReports) {
        int withStatus(String status) {
            return byStatus.getOrDefault(status, 0);
        }
    }

    /** Calls per route, see {@code GET /_sandbox/calls}. */
    record Calls(Map<String, Long> byRoute) {
        long memberWriting() {
            return MEMBER_WRITING_ROUTES.stream().mapToLong(route -> byRoute.getOrDefault(route, 0L)).sum();
        }

        long of(String route) {
            return byRoute.getOrDefault(route, 0L);
        }

        long all() {
            return byRoute.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The calls made since {@code earlier}. */
        Calls since(Calls earlier) {
            Map<String, Long> delta = new LinkedHashMap<>();
            byRoute.forEach((route, count) -> {
                long difference = count - earlier.byRoute.getOrDefault(route, 0L);
                if (difference != 0) {
                    delta.put(route, difference);
                }
            });
            return new Calls(delta);
        }
    }

    /** The addresses that acted in a bulk of recipient actions. */
    record Bulk(List<String> unsubscribed, List<String> hardBounced, List<String> complained) {
        int size() {
            return unsubscribed.size() + hardBounced.size() + complained.size();
        }
    }

    void createList(String id, String name) {
        ObjectNode body = JSON.createObjectNode().put("id", id).put("name", name).put("double_optin", true);
        send("POST", root + "/_sandbox/lists", body, false);
    }

    Stats stats(String list) {
        JsonNode json = send("GET", root + "/_sandbox/lists/" + list + "/stats", null, false);
        return new Stats(json.path("members").asInt(), counts(json.path("by_status")), counts(json.path("tags")),
                json.path("abuse_reports").asInt());
    }

    Calls calls() {
        JsonNode json = send("GET", root + "/_sandbox/calls", null, false);
        Map<String, Long> byRoute = new LinkedHashMap<>();
        json.properties().forEach(entry -> byRoute.put(entry.getKey(), entry.getValue().asLong()));
        return new Calls(byRoute);
    }

    Bulk bulk(String list, int unsubscribes, int hardBounces, int complaints, long seed) {
        ObjectNode body = JSON.createObjectNode().put("unsubscribes", unsubscribes).put("hard_bounces", hardBounces)
                .put("complaints", complaints).put("seed", seed);
        JsonNode json = send("POST", root + "/_sandbox/lists/" + list + "/bulk-actions", body, false);
        return new Bulk(texts(json.path("unsubscribed")), texts(json.path("hard_bounced")), texts(json.path("complained")));
    }

    /** A member as the API shows it (GET /lists/{id}/members/{hash}); empty when there is none. */
    Optional<JsonNode> member(String list, String address) {
        String hash = md5(address.toLowerCase(Locale.ROOT));
        HttpResponse<String> response = exchange("GET", apiBase + "/lists/" + list + "/members/" + hash, null, true);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(parse(response, "GET member " + address));
    }

    private JsonNode send(String method, String uri, JsonNode body, boolean api) {
        HttpResponse<String> response = exchange(method, uri, body, api);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.statusCode() == 204 ? JSON.createObjectNode() : parse(response, method + " " + uri);
    }

    private HttpResponse<String> exchange(String method, String uri, JsonNode body, boolean api) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofMinutes(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (api) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox did not answer " + method + " " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(HttpResponse<String> response, String what) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(what + " answered no JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, Integer> counts(JsonNode object) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        object.properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().asInt()));
        return counts;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>(array.size());
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has MD5", impossible);
        }
    }
}
