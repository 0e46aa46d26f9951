package dev.listbridge.mailchimp.internal;

import static dev.listbridge.mailchimp.internal.WebhookParserTest.LIST;
import static dev.listbridge.mailchimp.internal.WebhookParserTest.SECRET;
import static dev.listbridge.mailchimp.internal.WebhookParserTest.member;
import static dev.listbridge.mailchimp.internal.WebhookParserTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.spi.WebhookRejectedException;
import dev.listbridge.spi.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever arrives at the webhook URL, parsing ends in events or a {@link WebhookRejectedException} with a
 * 4xx status: never another exception, which the runtime would answer with a 500 and Mailchimp retry.
 * Seeded, so a failure repeats.
 */
class WebhookParserRobustnessTest {

    private static final long SEED = 20261123L;
    private static final String FORM_BYTES = "abcdefghijklmnopqrstuvwxyz[]%=&+@.:- 0123456789ABCDEF";

    @Test
    void random_bytes_are_refused_with_400_or_parsed() {
        Random random = new Random(SEED);
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] body = new byte[random.nextInt(200)];
            random.nextBytes(body);
            refused += outcome(body, null) == 400 ? 1 : 0;
        }
        assertThat(refused).as("random bytes refused").isGreaterThan(2900);
    }

    @Test
    void mutated_deliveries_are_refused_with_a_4xx_or_parsed() {
        Random random = new Random(SEED);
        byte[] valid = member("profile", "data[merges][FNAME]", "Ada", "data[merges][ADDRESS][city]", "Springfield")
                .getBytes(StandardCharsets.US_ASCII);
        int parsed = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] body = valid.clone();
            for (int changes = 1 + random.nextInt(4); changes > 0; changes--) {
                body[random.nextInt(body.length)] = (byte) FORM_BYTES.charAt(random.nextInt(FORM_BYTES.length()));
            }
            int status = outcome(body, null);
            assertThat(status).isIn(200, 400);
            parsed += status == 200 ? 1 : 0;
        }
        assertThat(parsed).as("mutations that still parse (e.g. a changed merge value)").isPositive();
    }

    @Test
    void random_signature_headers_are_401() {
        Random random = new Random(SEED);
        byte[] body = member("unsubscribe").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 1000; i++) {
            byte[] header = new byte[random.nextInt(120)];
            random.nextBytes(header);
            WebhookRequest request = request("POST", WebhookParser.CONTENT_TYPE, "", Map.of("x-mailchimp-signature",
                    new String(header, StandardCharsets.ISO_8859_1)));
            WebhookRequest withBody = new WebhookRequest(request.method(), request.url(), request.contentType(),
                    request.headers(), body, request.receivedAt());
            assertThat(status(withBody, SECRET)).isEqualTo(401);
        }
    }

    private static int outcome(byte[] body, String secret) {
        WebhookRequest request = request("POST", WebhookParser.CONTENT_TYPE, "", Map.of());
        return status(new WebhookRequest(request.method(), request.url(), request.contentType(), request.headers(), body,
                request.receivedAt()), secret);
    }

    /** 200 when it parsed, else the refusal's status; any other exception fails the test. */
    private static int status(WebhookRequest request, String secret) {
        try {
            WebhookParser.parse(LIST, request, secret);
            return 200;
        } catch (WebhookRejectedException refused) {
            assertThat(refused.getMessage()).isNotBlank().hasSizeLessThan(400);
            return refused.status();
        }
    }
}
