package dev.listbridge.mailchimp.internal;

import dev.listbridge.spi.Address;
import dev.listbridge.spi.RejectReason;
import dev.listbridge.spi.WriteOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Archives members: one {@code DELETE /lists/{list_id}/members/{subscriber_hash}} per address, in
 * parallel within the connection limit. Absent (404) and already archived members count as archived.
 */
final class Archiver {

    private final MailchimpHttp http;

    Archiver(MailchimpHttp http) {
        this.http = http;
    }

    List<WriteOutcome> archive(String audienceId, List<Address> addresses) {
        Map<String, CompletableFuture<ApiResponse>> pending = new LinkedHashMap<>();
        for (Address address : addresses) {
            pending.computeIfAbsent(SubscriberHash.of(address), hash ->
                    http.sendAsync(ApiRequest.delete(ApiRequest.path("lists", audienceId, "members", hash))));
        }
        Map<String, ApiResponse> answers = new LinkedHashMap<>();
        RuntimeException failure = null;
        for (Map.Entry<String, CompletableFuture<ApiResponse>> entry : pending.entrySet()) {
            try {
                answers.put(entry.getKey(), entry.getValue().join());
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime : e;
                failure = failure == null ? cause : failure;
            }
        }
        if (failure != null) {
            // archiving is idempotent: the engine repeats the whole call
            throw failure;
        }
        if (answers.values().stream().anyMatch(answer -> answer.status() == 404)) {
            requireAudience(audienceId);
        }
        return addresses.stream().map(address -> outcome(audienceId, address, answers.get(SubscriberHash.of(address)))).toList();
    }

    private WriteOutcome outcome(String audienceId, Address address, ApiResponse answer) {
        String hash = SubscriberHash.of(address);
        if (answer.successful()) {
            return new WriteOutcome.Applied(address, hash, false);
        }
        if (answer.status() == 404) {
            return new WriteOutcome.Applied(address, null, false);
        }
        if (answer.status() == 405 && archived(audienceId, hash)) {
            return new WriteOutcome.Applied(address, hash, false);
        }
        String text = http.toolText(answer);
        RejectReason reason = answer.status() == 405 ? RejectReason.OTHER : RejectReasons.of(text, address.ascii());
        return new WriteOutcome.Rejected(address, reason, text);
    }

    /** Mailchimp refuses to archive an archived member with 405; look whether that is why. */
    private boolean archived(String audienceId, String hash) {
        ApiRequest request = ApiRequest.get(ApiRequest.path("lists", audienceId, "members", hash), Map.of("fields", "status"));
        ApiResponse answer = http.send(request);
        return answer.successful() && http.json(request, answer).path("status").asText("").equals("archived");
    }

    /** A 404 for every member may mean the audience is missing: that is no success. */
    private void requireAudience(String audienceId) {
        http.call(ApiRequest.get(ApiRequest.path("lists", audienceId), Map.of("fields", "id")), audienceId);
    }
}
