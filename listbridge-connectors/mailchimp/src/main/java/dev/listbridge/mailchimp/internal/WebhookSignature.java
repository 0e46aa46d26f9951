package dev.listbridge.mailchimp.internal;

import dev.listbridge.spi.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mailchimp's webhook signature (API-NOTES §1.9 [doc api-concepts/webhooks.mdx]): the header
 * {@code X-Mailchimp-Signature: t={unix seconds},v1={hex}}, hex being HMAC-SHA256 keyed with the webhook's
 * signing secret over {@code "{t}.{raw body}"}; a timestamp more than 5 minutes old is refused. The URL is
 * not signed. The key is the secret's UTF-8 text as Mailchimp shows it [inf: the docs do not say it is
 * decoded first]. Several {@code v1} entries are accepted, any one matching [inf: usual for secret rotation].
 */
final class WebhookSignature {

    static final String HEADER = "x-mailchimp-signature";
    /** "reject if timestamp older than 5 min" [doc]; the same margin ahead allows for clock skew [inf]. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    /**
     * Checks the signature of a raw body, against the time the request was received (not the clock: a
     * receipt replayed from the inbox later must verify as it did on arrival).
     *
     * @throws WebhookRejectedException 401 for a missing, malformed, stale or wrong signature
     */
    static void verify(String header, byte[] body, String secret, Instant receivedAt) {
        Objects.requireNonNull(receivedAt, "receivedAt: the runtime passes the time of receipt");
        if (header == null || header.isBlank()) {
            throw unauthorized("no X-Mailchimp-Signature header, but a signing secret is configured");
        }
        Long timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length != 2) {
                continue;
            }
            if (pair[0].equals("t") && pair[1].matches("[0-9]{1,12}")) {
                timestamp = Long.parseLong(pair[1]);
            } else if (pair[0].equals("v1")) {
                signatures.add(pair[1].strip().toLowerCase(Locale.ROOT));
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw unauthorized("X-Mailchimp-Signature is not of the form t={unix seconds},v1={hex}");
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        boolean matches = false;
        for (String signature : signatures) {
            // constant time, and every candidate compared
            matches |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
        }
        if (!matches) {
            throw unauthorized("X-Mailchimp-Signature does not match the body (wrong signing secret, or the body was changed)");
        }
        Duration age = Duration.between(Instant.ofEpochSecond(timestamp), receivedAt);
        if (age.abs().compareTo(TOLERANCE) > 0) {
            throw unauthorized("X-Mailchimp-Signature was made at " + Instant.ofEpochSecond(timestamp)
                    + ", more than 5 minutes from receipt at " + receivedAt + " (a replay, or a clock off)");
        }
    }

    /** The hex signature of a body, as the header's {@code v1} carries it. */
    static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static WebhookRejectedException unauthorized(String reason) {
        return new WebhookRejectedException(401, "Mailchimp webhook: " + reason);
    }
}
