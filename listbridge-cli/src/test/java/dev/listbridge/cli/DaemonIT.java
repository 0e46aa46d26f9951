package dev.listbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.listbridge.daemon.Daemon;
import dev.listbridge.daemon.StoreOwnedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The daemon in-process against the sandbox and a real CRM database. */
class DaemonIT extends StoryTest {
    static final String TOKEN = "admin-token-for-tests";
    final HttpClient http = HttpClient.newHttpClient();

    Daemon start() {
        h.top("server:\n  listen: 127.0.0.1:0\n  adminToken: " + TOKEN + "\n");
        return Daemon.start(RunCommand.runtime(h.wiring()), Clock.systemUTC());
    }

    @Test
    void a_start_is_a_wake_up_the_first_cycle_runs_at_once() {
        h.customer(1, "anna@example.com", true, "retail");
        try (Daemon daemon = start()) {
            await(Duration.ofSeconds(20), () -> h.status("anna@example.com").equals("subscribed"));
        }
    }

    @Test
    void a_second_daemon_on_the_same_store_refuses_naming_the_first() {
        try (Daemon first = start()) {
            assertThatThrownBy(() -> Daemon.start(RunCommand.runtime(h.wiring()), Clock.systemUTC()))
                    .isInstanceOf(StoreOwnedException.class)
                    .hasMessageContaining("listbridge run (pid " + ProcessHandle.current().pid());
        }
        // The lock goes with its owner: a new daemon starts once the first has stopped.
        try (Daemon again = start()) {
            assertThat(again.port()).isPositive();
        }
    }

    @Test
    void admin_api_needs_the_token_health_and_metrics_do_not() throws Exception {
        h.customer(1, "anna@example.com", true, "retail");
        try (Daemon daemon = start()) {
            String base = "http://127.0.0.1:" + daemon.port();
            assertThat(get(base + "/api/status", null).statusCode()).isEqualTo(401);
            assertThat(get(base + "/api/status", "wrong").statusCode()).isEqualTo(401);
            await(Duration.ofSeconds(20), () -> h.status("anna@example.com").equals("subscribed"));
            await(Duration.ofSeconds(10), () -> get(base + "/api/status", TOKEN).body().contains("\"outcome\":\"done\""));
            HttpResponse<String> status = get(base + "/api/status", TOKEN);
            assertThat(status.body()).contains("\"name\":\"newsletter\"", "\"nextReconcile\":", "\"deadLetters\":0");
            assertThat(get(base + "/api/runs?audience=newsletter", TOKEN).body()).contains("\"kind\":\"sync\"");
            assertThat(get(base + "/api/contacts/1/timeline", TOKEN).body()).contains("anna@example.com");
            assertThat(get(base + "/api/contacts/999/timeline", TOKEN).statusCode()).isEqualTo(404);
            assertThat(get(base + "/api/runs?limit=x", TOKEN).statusCode()).isEqualTo(400);
            assertThat(post(base + "/api/audiences/nope/cycle", TOKEN).statusCode()).isEqualTo(404);
            assertThat(post(base + "/api/audiences/newsletter/release", TOKEN).statusCode()).isEqualTo(409);
            assertThat(post(base + "/api/audiences/newsletter/cycle", TOKEN).statusCode()).isEqualTo(202);
            assertThat(get(base + "/api/openapi.json", null).body()).contains("\"openapi\"");
            assertThat(get(base + "/health", null).statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(base + "/health/ready", null);
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"crm\":\"up\"", "\"tool:mailchimp\":\"up\"");
            String metrics = get(base + "/metrics", null).body();
            assertThat(metrics).contains("listbridge_cycle_duration_seconds_count{audience=\"newsletter\"",
                    "listbridge_operations_total{audience=\"newsletter\",kind=\"tool_write\",outcome=\"done\"}");
        }
    }

    HttpResponse<String> get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
    }

    HttpResponse<String> post(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) {
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
