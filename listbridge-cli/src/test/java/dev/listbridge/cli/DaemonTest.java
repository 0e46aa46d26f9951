package dev.listbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.daemon.Daemon;
import dev.listbridge.daemon.DaemonStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import dev.listbridge.daemon.StoreOwnedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Base of the daemon tests: starts it in-process on the story fixtures, talks HTTP to it. */
abstract class DaemonTest extends StoryTest {
    static final String TOKEN = "admin-token-for-tests";
    final HttpClient http = HttpClient.newHttpClient();

    static final String HOOK_SECRET = "hook-secret-123";

    Daemon start() {
        h.top("server:\n  listen: 127.0.0.1:0\n  adminToken: " + TOKEN + "\n");
        return Daemon.start(RunCommand.runtime(h.wiring()), Clock.systemUTC());
    }

    /** A daemon whose audience takes webhooks (and cycles on its own only hourly, so webhooks are the fast path). */
    Daemon startWithWebhooks(String... extraAudienceLines) {
        List<String> lines = new ArrayList<>(List.of("webhookSecret: " + HOOK_SECRET, "cycleEvery: 1h"));
        lines.addAll(List.of(extraAudienceLines));
        h.audience(lines.toArray(String[]::new));
        return start();
    }

    String hookUrl(Daemon daemon, String secret) {
        return "http://127.0.0.1:" + daemon.port() + "/hooks/mailchimp/newsletter/" + secret;
    }

    /** Mailchimp's form body of an unsubscribe. */
    String unsubscribeForm(String email) {
        return "type=unsubscribe&fired_at=" + URLEncoder.encode(LocalDateTime.now(ZoneOffset.UTC).withNano(0)
                .toString().replace('T', ' '), StandardCharsets.UTF_8)
                + "&data%5Baction%5D=unsub&data%5Breason%5D=manual&data%5Bemail%5D=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&data%5Blist_id%5D=" + h.list + "&data%5Bemail_type%5D=html";
    }

    HttpResponse<String> postForm(String url, String body, String contentType) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), null);
    }

    long receipts() {
        try (DaemonStore store = DaemonStore.open(h.wiring().config().stateUrl(), null, null)) {
            return store.inbox().recent(1000).size();
        }
    }

    HttpResponse<String> get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
    }

    HttpResponse<String> post(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    HttpResponse<String> send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + max);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
