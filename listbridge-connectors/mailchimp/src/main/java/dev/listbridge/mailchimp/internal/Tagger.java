package dev.listbridge.mailchimp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.WriteOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds and removes one tag through its static segment: {@code POST /lists/{list_id}/segments/{segment_id}}
 * with {@code members_to_add} and {@code members_to_remove}, at most 500 of each per call.
 */
final class Tagger {

    private static final Logger LOG = LoggerFactory.getLogger(Tagger.class);
    private static final int MAX_BATCH = MailchimpConnector.MAX_BATCH;

    private final MailchimpHttp http;
    private final StaticSegments segments;

    Tagger(MailchimpHttp http, StaticSegments segments) {
        this.http = http;
        this.segments = segments;
    }

    List<WriteOutcome> tag(String audienceId, String tag, List<Address> add, List<Address> remove) {
        if (add.isEmpty() && remove.isEmpty()) {
            return List.of();
        }
        List<WriteOutcome> outcomes = new ArrayList<>();
        int calls = Math.max(chunks(add.size()), chunks(remove.size()));
        for (int call = 0; call < calls; call++) {
            outcomes.addAll(batch(audienceId, tag, slice(add, call), slice(remove, call)));
        }
        return outcomes;
    }

    private List<WriteOutcome> batch(String audienceId, String tag, List<Address> add, List<Address> remove) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        add.forEach(address -> body.withArray("members_to_add").add(address.ascii()));
        remove.forEach(address -> body.withArray("members_to_remove").add(address.ascii()));
        ApiRequest request = request(audienceId, segments.resolve(audienceId, tag), body);
        ApiResponse response = http.send(request);
        if (response.status() == 404) {
            LOG.info("Mailchimp audience {}: the segment of tag '{}' is gone; looking it up again", audienceId, tag);
            segments.forget(audienceId);
            request = request(audienceId, segments.resolve(audienceId, tag), body);
            response = http.send(request);
        }
        List<Address> all = new ArrayList<>(add);
        all.addAll(remove);
        if (response.status() == 400) {
            String text = http.toolText(response);
            return all.stream().<WriteOutcome>map(address ->
                    new WriteOutcome.Rejected(address, RejectReasons.of(text, address.ascii()), text)).toList();
        }
        if (!response.successful()) {
            throw http.failure(request, response, audienceId);
        }
        Map<String, String> refusals = new HashMap<>();
        for (JsonNode error : http.json(request, response).path("errors")) {
            String text = http.mask(error.path("error").asText("Mailchimp refused this address without saying why"));
            error.path("email_addresses").forEach(email -> refusals.merge(BatchOutcomes.matchKey(email.asText("")), text,
                    (first, second) -> first + "; " + second));
        }
        return all.stream().<WriteOutcome>map(address -> {
            String text = refusals.get(BatchOutcomes.matchKey(address.ascii()));
            return text == null
                    ? new WriteOutcome.Applied(address, SubscriberHash.of(address), false)
                    : new WriteOutcome.Rejected(address, RejectReasons.of(text, address.ascii()), text);
        }).toList();
    }

    private static ApiRequest request(String audienceId, long segmentId, JsonNode body) {
        return ApiRequest.post(ApiRequest.path("lists", audienceId, "segments", Long.toString(segmentId)), body);
    }

    private static int chunks(int size) {
        return (size + MAX_BATCH - 1) / MAX_BATCH;
    }

    private static <T> List<T> slice(List<T> items, int chunk) {
        int from = chunk * MAX_BATCH;
        return from >= items.size() ? List.of() : items.subList(from, Math.min(items.size(), from + MAX_BATCH));
    }
}
