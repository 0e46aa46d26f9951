package dev.listbridge.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One API request the sandbox received and what it answered.
 *
 * @param method       HTTP method, upper case
 * @param path         the request path as sent, e.g. {@code /3.0/lists/abc/members}
 * @param query        the raw query string, empty when there was none
 * @param headers      request headers; names lower case
 * @param body         request body as text
 * @param status       the status answered; {@link #NO_RESPONSE} when the connection was reset on purpose
 * @param responseBody the complete body the sandbox meant to send (also for truncated answers)
 * @param contentType  the answer's content type, null when it had none
 * @param receivedAt   when the request arrived, by the sandbox's clock
 * @param answerLost   the answer was sent after the delay of a fault or cut short on purpose: the request was
 *                     carried out, and the client could not read what became of it
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
                              String body, int status, String responseBody, String contentType, Instant receivedAt,
                              boolean answerLost) {
    public static final int NO_RESPONSE = -1;

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
