package dev.listbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.listbridge.daemon.Daemon;
import dev.listbridge.daemon.DaemonStore;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The daemon in-process against the sandbox and a real CRM database. */
class DaemonIT extends DaemonTest {
    @Test
    void an_unsubscribe_delivered_by_webhook_reaches_the_crm_without_waiting_for_a_cycle() {
        try (Daemon daemon = annaSubscribedWithWebhook()) {
            long before = System.nanoTime();
            sandbox.unsubscribe(h.list, "anna@example.com", "manual");
            await(Duration.ofSeconds(10), () -> !h.newsletter(1));
            System.out.printf("webhook unsubscribe reached the CRM %d ms after the recipient's click%n",
                    (System.nanoTime() - before) / 1_000_000);
            assertThat(get("http://127.0.0.1:" + daemon.port() + "/api/runs", TOKEN).body()).contains("\"kind\":\"webhook\"");
        }
    }

    @Test
    void a_first_start_cycles_the_audience_once_although_its_schedule_is_due_at_start_too() throws InterruptedException {
        h.customer(1, "anna@example.com", true, "retail");
        try (Daemon daemon = startWithWebhooks()) { // cycleEvery: 1h
            String base = "http://127.0.0.1:" + daemon.port();
            await(Duration.ofSeconds(20), () -> h.status("anna@example.com").equals("subscribed"));
            await(Duration.ofSeconds(10), () -> get(base + "/api/status", TOKEN).body().contains("\"running\":false"));
            Thread.sleep(2_500); // the scheduler looks for due work every second: time for a second cycle to start
            String status = get(base + "/api/status", TOKEN).body();
            JsonNode next = json(status).path("audiences").path(0).path("nextCycle");
            assertThat(next.isTextual()).as(status).isTrue();
            assertThat(Instant.parse(next.asText())).isAfter(Instant.now().plus(Duration.ofMinutes(30)));
            String runs = get(base + "/api/runs?limit=50", TOKEN).body();
            assertThat(runs.split("\"kind\":\"sync\"", -1)).as(runs).hasSize(2);
        }
    }

    @Test
    void a_restart_after_a_scheduled_cycle_fell_due_cycles_once_not_twice_in_a_row() throws Exception {
        h.customer(1, "anna@example.com", true, "retail");
        h.audience("cycleEvery: 2s");
        int before;
        try (Daemon daemon = start()) {
            String base = "http://127.0.0.1:" + daemon.port();
            await(Duration.ofSeconds(20), () -> h.status("anna@example.com").equals("subscribed"));
            await(Duration.ofSeconds(10), () -> get(base + "/api/status", TOKEN).body().contains("\"running\":false"));
            before = runs(base).size();
        }
        Thread.sleep(3_000); // the next scheduled cycle falls due while the daemon is down
        try (Daemon daemon = start()) {
            String base = "http://127.0.0.1:" + daemon.port();
            await(Duration.ofSeconds(20), () -> runs(base).size() >= before + 2);
            List<JsonNode> runs = runs(base); // newest first
            int first = runs.size() - before - 1; // the restart's first run, then its second
            Instant firstEnded = Instant.parse(runs.get(first).get("finishedAt").asText());
            Instant secondStarted = Instant.parse(runs.get(first - 1).get("startedAt").asText());
            // The overdue scheduled cycle was met by the start's one; the next comes cycleEvery after it.
            assertThat(Duration.between(firstEnded, secondStarted)).as(runs.toString()).isGreaterThan(Duration.ofMillis(1_500));
        }
    }

    private List<JsonNode> runs(String base) {
        List<JsonNode> runs = new ArrayList<>();
        json(get(base + "/api/runs?limit=50", TOKEN).body()).path("runs").forEach(runs::add);
        return runs;
    }

    private static JsonNode json(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void the_same_webhook_delivered_twice_is_applied_once() {
        h.customer(1, "anna@example.com", true, "retail");
        try (Daemon daemon = startWithWebhooks()) {
            await(Duration.ofSeconds(20), () -> h.status("anna@example.com").equals("subscribed"));
            String body = unsubscribeForm("anna@example.com");
            String form = "application/x-www-form-urlencoded";
            assertThat(postForm(hookUrl(daemon, HOOK_SECRET), body, form).statusCode()).isEqualTo(200);
            assertThat(postForm(hookUrl(daemon, HOOK_SECRET), body, form).statusCode()).isEqualTo(200);
            await(Duration.ofSeconds(10), () -> !h.newsletter(1));
            await(Duration.ofSeconds(10), () -> get("http://127.0.0.1:" + daemon.port() + "/api/runs?limit=50", TOKEN)
                    .body().contains("\"events already applied\":1"));
            String runs = get("http://127.0.0.1:" + daemon.port() + "/api/runs?limit=50", TOKEN).body();
            assertThat(runs.split("\"write-backs applied\":1", -1)).hasSize(2); // exactly one write-back
        }
    }

    @Test
    void a_complaint_delivered_by_webhook_and_pulled_again_is_written_back_once() {
        try (Daemon daemon = annaSubscribedWithWebhook()) {
            String base = "http://127.0.0.1:" + daemon.port();
            sandbox.complain(h.list, "anna@example.com", "campaign-1");
            await(Duration.ofSeconds(10), () -> !h.newsletter(1));
            await(Duration.ofSeconds(10), () -> get(base + "/api/runs?limit=50", TOKEN).body().contains("\"kind\":\"webhook\""));
            assertThat(post(base + "/api/audiences/newsletter/cycle", TOKEN).statusCode()).isEqualTo(202);
            await(Duration.ofSeconds(20), () -> get(base + "/api/runs?limit=50", TOKEN).body().contains("\"complaints already applied\":1"));
            String runs = get(base + "/api/runs?limit=50", TOKEN).body();
            assertThat(runs.split("\"complaints\":1", -1)).as(runs).hasSize(2); // one complaint written back, by one run
        }
    }

    @Test
    void a_recipients_unsubscribe_by_webhook_while_listbridges_own_waits_unacknowledged_is_written_back_once() {
        try (Daemon daemon = annaSubscribedWithWebhook()) {
            String base = "http://127.0.0.1:" + daemon.port();
            sandbox.faults().respondWith("POST", "/lists/" + h.list, 502, 100); // outcome unknown to Listbridge
            h.update("UPDATE customers SET newsletter = FALSE WHERE id = 1");
            assertThat(post(base + "/api/audiences/newsletter/cycle", TOKEN).statusCode()).isEqualTo(202);
            await(Duration.ofSeconds(20), () -> {
                String status = get(base + "/api/status", TOKEN).body();
                return status.contains("\"pendingOperations\":1") && status.contains("\"running\":false");
            });
            sandbox.faults().clear();

            sandbox.unsubscribe(h.list, "anna@example.com", "manual"); // within the window Listbridge's call may still run
            await(Duration.ofSeconds(10), () -> get(base + "/api/runs?limit=50", TOKEN).body().contains("\"opt-outs\":1"));
            assertThat(post(base + "/api/audiences/newsletter/cycle", TOKEN).statusCode()).isEqualTo(202);
            await(Duration.ofSeconds(20), () -> {
                String status = get(base + "/api/status", TOKEN).body();
                return status.contains("\"pendingOperations\":0") && status.contains("\"running\":false");
            });

            String runs = get(base + "/api/runs?limit=50", TOKEN).body();
            assertThat(runs.split("\"write-backs applied\"", -1)).as(runs).hasSize(2); // one run wrote back,
            assertThat(runs).contains("\"write-backs applied\":1"); // once
            assertThat(runs.split("\"opt-outs\":1", -1)).as(runs).hasSize(2); // the pull knew it: the same opt-out
            assertThat(runs).doesNotContain("taken for it");
            assertThat(h.status("anna@example.com")).isEqualTo("unsubscribed");
        }
    }

    @Test
    void wrong_secrets_signatures_and_bad_bodies_are_refused_and_nothing_is_stored() {
        try (Daemon daemon = startWithWebhooks("signingSecret: sign-me")) {
            String form = "application/x-www-form-urlencoded";
            String body = unsubscribeForm("anna@example.com");
            String base = "http://127.0.0.1:" + daemon.port();
            assertThat(postForm(hookUrl(daemon, "wrong"), body, form).statusCode()).isEqualTo(401);
            assertThat(postForm(hookUrl(daemon, HOOK_SECRET), body, form).statusCode()).as("unsigned").isEqualTo(401);
            HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(hookUrl(daemon, HOOK_SECRET)))
                    .header("Content-Type", form).header("X-Mailchimp-Signature",
                            "t=" + System.currentTimeMillis() / 1000 + ",v1=" + "ab".repeat(32))
                    .POST(HttpRequest.BodyPublishers.ofString(body)), null);
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(postForm(base + "/hooks/mailchimp/nope/" + HOOK_SECRET, body, form).statusCode()).isEqualTo(404);
            assertThat(postForm(base + "/hooks/nope/newsletter/" + HOOK_SECRET, body, form).statusCode()).isEqualTo(404);
            assertThat(postForm(hookUrl(daemon, HOOK_SECRET), body, "application/json").statusCode()).isEqualTo(415);
            assertThat(postForm(hookUrl(daemon, HOOK_SECRET), "x".repeat(1024 * 1024 + 10), form).statusCode()).isEqualTo(413);
            assertThat(get(base + "/health", null).statusCode()).as("still serving").isEqualTo(200);
            assertThat(receipts()).isZero();
        }
        try (Daemon daemon = startWithWebhooks()) {
            String form = "application/x-www-form-urlencoded";
            assertThat(postForm(hookUrl(daemon, HOOK_SECRET), "type=unsubscribe&%zz", form).statusCode()).isEqualTo(400);
            assertThat(postForm(hookUrl(daemon, HOOK_SECRET), "type=unsubscribe", form).statusCode()).isEqualTo(400);
            assertThat(get(hookUrl(daemon, HOOK_SECRET), null).statusCode()).as("Mailchimp's validation GET").isEqualTo(200);
            assertThat(receipts()).isZero();
        }
    }

    @Test
    void a_webhook_is_acknowledged_at_once_while_a_long_full_cycle_runs() {
        for (int i = 1; i <= 600; i++) {
            h.customer(i, "c" + i + "@example.com", true, "retail");
        }
        sandbox.faults().delay("POST", "/3.0/lists/[^/]+", Duration.ofSeconds(2), 10);
        try (Daemon daemon = startWithWebhooks()) {
            String base = "http://127.0.0.1:" + daemon.port();
            await(Duration.ofSeconds(20), () -> get(base + "/api/status", TOKEN).body().contains("\"running\":true"));
            long before = System.nanoTime();
            HttpResponse<String> answer = postForm(hookUrl(daemon, HOOK_SECRET), unsubscribeForm("c1@example.com"),
                    "application/x-www-form-urlencoded");
            long millis = (System.nanoTime() - before) / 1_000_000;
            System.out.printf("webhook answered in %d ms while a cycle was pushing%n", millis);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(get(base + "/api/status", TOKEN).body()).as("the cycle was still running").contains("\"running\":true");
            assertThat(millis).isLessThan(1000);
            // Applied once the cycle has finished with it.
            await(Duration.ofSeconds(60), () -> !h.newsletter(1));
        }
    }

    @Test
    void a_held_cycle_shows_in_the_status_and_is_released_through_the_admin_api() {
        for (int i = 1; i <= 3; i++) {
            h.customer(i, "c" + i + "@example.com", true, "retail");
        }
        try (Daemon daemon = startWithWebhooks("blastRadius: 1")) {
            String base = "http://127.0.0.1:" + daemon.port();
            await(Duration.ofSeconds(20), () -> sandbox.members(h.list).size() == 3);
            await(Duration.ofSeconds(10), () -> get(base + "/api/status", TOKEN).body().contains("\"running\":false"));
            h.update("DELETE FROM customers WHERE id IN (1, 2)");
            assertThat(post(base + "/api/audiences/newsletter/cycle", TOKEN).statusCode()).isEqualTo(202);
            await(Duration.ofSeconds(20), () -> get(base + "/api/status", TOKEN).body().contains("\"held\":{"));
            assertThat(h.status("c1@example.com")).isEqualTo("subscribed");
            assertThat(post(base + "/api/audiences/newsletter/release", TOKEN).statusCode()).isEqualTo(202);
            await(Duration.ofSeconds(20), () -> h.status("c1@example.com").equals("unsubscribed")
                    && h.status("c2@example.com").equals("unsubscribed"));
            await(Duration.ofSeconds(10), () -> get(base + "/api/status", TOKEN).body().contains("\"held\":null"));
        }
    }

    @Test
    void dead_letters_are_listed_and_retried_through_the_admin_api() {
        h.customer(1, "anna@example.com", true, "retail");
        h.customer(2, "bert@example.com", true, "retail");
        sandbox.faults().failBatchMember("bert@example.com", "Bert's address looks fake");
        try (Daemon daemon = startWithWebhooks()) {
            String base = "http://127.0.0.1:" + daemon.port();
            await(Duration.ofSeconds(20), () -> get(base + "/api/audiences/newsletter/dead-letters", TOKEN).body()
                    .contains("looks fake"));
            assertThat(h.status("bert@example.com")).isEqualTo("absent");
            sandbox.faults().clear();
            assertThat(post(base + "/api/audiences/newsletter/dead-letters/retry", TOKEN).statusCode()).isEqualTo(202);
            await(Duration.ofSeconds(20), () -> h.status("bert@example.com").equals("subscribed"));
            await(Duration.ofSeconds(10), () -> get(base + "/api/status", TOKEN).body().contains("\"deadLetters\":0"));
        }
    }

    @Test
    void in_queue_mode_a_crm_insert_reaches_the_tool_without_waiting_for_a_schedule() {
        h.customer(1, "anna@example.com", true, "retail");
        h.crm("capture: queue", "pollInterval: 500ms");
        TriggersCommand.install(h.wiring());
        try (Daemon daemon = startWithWebhooks()) { // cycleEvery: 1h, so only the feed can bring the change
            String base = "http://127.0.0.1:" + daemon.port();
            await(Duration.ofSeconds(20), () -> h.status("anna@example.com").equals("subscribed"));
            await(Duration.ofSeconds(10), () -> get(base + "/api/status", TOKEN).body().contains("\"running\":false"));
            h.customer(2, "bert@example.com", true, "retail");
            h.update("UPDATE customers SET first_name = 'Annie' WHERE id = 1");
            await(Duration.ofSeconds(10), () -> h.status("bert@example.com").equals("subscribed"));
            await(Duration.ofSeconds(10), () -> "Annie".equals(sandbox.member(h.list, "anna@example.com")
                    .map(m -> m.mergeFields().get("FNAME")).orElse(null)));
            h.update("DELETE FROM customers WHERE id = 2");
            await(Duration.ofSeconds(10), () -> h.status("bert@example.com").equals("unsubscribed"));
            assertThat(get(base + "/api/runs?limit=50", TOKEN).body()).contains("\"kind\":\"incremental\"");
            await(Duration.ofSeconds(10), () -> "0".equals(h.value("SELECT COUNT(*) FROM listbridge_change_queue")));
        }
    }

    /**
     * The daemon with webhooks, after its first cycle subscribed customer 1 (anna@example.com) and ended, and the
     * tool's webhook installed pointing at it.
     */
    private Daemon annaSubscribedWithWebhook() {
        h.customer(1, "anna@example.com", true, "retail");
        Daemon daemon = startWithWebhooks();
        try {
            await(Duration.ofSeconds(20), () -> h.status("anna@example.com").equals("subscribed"));
            await(Duration.ofSeconds(10), () -> get("http://127.0.0.1:" + daemon.port() + "/api/status", TOKEN).body()
                    .contains("\"running\":false"));
            h.wiring().tool("mailchimp").installWebhook(h.list, hookUrl(daemon, HOOK_SECRET));
            return daemon;
        } catch (RuntimeException | Error e) {
            daemon.close();
            throw e;
        }
    }
}
