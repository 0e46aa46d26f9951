package dev.listbridge.sandbox.internal.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Mailchimp checks a webhook URL with a GET before it saves it, User-Agent "MailChimp.com WebHook
 * Validator" [3p, API-NOTES §1.9]; the sandbox does the same. A URL passes when it answers 2xx
 * within 10 s (the delivery timeout Mailchimp documents [doc]); redirects are not followed [inf].
 */
public final class WebhookUrlValidator implements AutoCloseable {
    public static final String USER_AGENT = "MailChimp.com WebHook Validator";

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Why the URL fails validation, or empty when it answered the GET with 2xx. */
    public Optional<String> problem(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("User-Agent", USER_AGENT)
                .GET()
                .build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300 ? Optional.empty()
                    : Optional.of("answered the validation GET with " + status + " instead of 200");
        } catch (IOException unreachable) {
            return Optional.of("could not be reached for the validation GET");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.of("was not validated (interrupted)");
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
