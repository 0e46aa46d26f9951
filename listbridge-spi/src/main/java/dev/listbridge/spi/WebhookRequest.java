package dev.listbridge.spi;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request a tool sent to Listbridge's webhook endpoint, as received. The runtime has already
 * checked the path secret, the size limit and that the tool and audience exist.
 *
 * @param method      {@code GET} (a tool's validation request) or {@code POST}
 * @param url         the full URL the tool called, as the tool saw it (the configured public URL plus the path);
 *                    some tools sign it
 * @param contentType the Content-Type header, or null
 * @param headers     request headers, names in lower case (one value each; the last one wins)
 * @param body        the raw body, possibly empty
 * @param receivedAt  when the runtime received it
 * @since 1.1
 */
public record WebhookRequest(String method, String url, String contentType, Map<String, String> headers,
                             byte[] body, Instant receivedAt) {

    public WebhookRequest {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** A header by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
