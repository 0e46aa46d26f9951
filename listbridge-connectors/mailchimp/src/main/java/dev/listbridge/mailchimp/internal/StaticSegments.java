package dev.listbridge.mailchimp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.spi.PermanentException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tags are static segments in Mailchimp ("static segments are now known as tags"). Finds the segment
 * of a tag by name, creating it when missing, and remembers the ids per audience.
 */
final class StaticSegments {

    private final MailchimpHttp http;
    private final int pageSize;
    /** listId -> (tag name -> segment id); a list's entry exists once its segments were read. */
    private final Map<String, Map<String, Long>> byList = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    StaticSegments(MailchimpHttp http, int pageSize) {
        this.http = http;
        this.pageSize = pageSize;
    }

    /** The id of the static segment named {@code tag}, created if the audience has none. */
    long resolve(String listId, String tag) {
        synchronized (locks.computeIfAbsent(listId, id -> new Object())) {
            Map<String, Long> segments = byList.computeIfAbsent(listId, this::load);
            Long id = find(segments, tag);
            if (id == null) {
                id = create(listId, tag);
                segments.put(tag, id);
            }
            return id;
        }
    }

    /** Forgets what is known of an audience's segments (one was deleted in Mailchimp). */
    void forget(String listId) {
        byList.remove(listId);
    }

    private Map<String, Long> load(String listId) {
        Map<String, Long> segments = new HashMap<>();
        int offset = 0;
        int size;
        do {
            Map<String, String> query = Map.of(
                    "type", "static",
                    "count", Integer.toString(pageSize),
                    "offset", Integer.toString(offset),
                    "fields", "segments.id,segments.name,segments.type,total_items");
            JsonNode page = http.call(ApiRequest.get(ApiRequest.path("lists", listId, "segments"), query), listId).path("segments");
            for (JsonNode segment : page) {
                if (segment.path("type").asText("static").equals("static")) {
                    segments.putIfAbsent(segment.path("name").asText(), segment.path("id").asLong());
                }
            }
            size = page.size();
            offset += size;
        } while (size == pageSize);
        return segments;
    }

    private long create(String listId, String tag) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("name", tag);
        body.putArray("static_segment");
        ApiRequest request = ApiRequest.post(ApiRequest.path("lists", listId, "segments"), body);
        ApiResponse response = http.send(request);
        if (!response.successful()) {
            // a create whose answer was lost is refused as "already exists" when replayed: then it is there
            Long existing = find(load(listId), tag);
            if (existing != null) {
                return existing;
            }
            throw http.failure(request, response, listId);
        }
        JsonNode created = http.json(request, response);
        if (!created.path("id").canConvertToLong()) {
            throw new PermanentException("Mailchimp created the tag '" + tag + "' in audience " + listId
                    + " but returned no segment id", 200);
        }
        return created.path("id").asLong();
    }

    /** Mailchimp's tag names are case-insensitive; an exact match wins. */
    private static Long find(Map<String, Long> segments, String tag) {
        Long exact = segments.get(tag);
        if (exact != null) {
            return exact;
        }
        String lower = tag.toLowerCase(Locale.ROOT);
        return segments.entrySet().stream()
                .filter(entry -> entry.getKey().toLowerCase(Locale.ROOT).equals(lower))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
