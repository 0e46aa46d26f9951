package dev.listbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.daemon.Daemon;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The daemon's latency benchmark (issue 3): prints p50/p95, asserts only that every sample arrived.
 * Goals: webhook receipt → CRM write-back p95 ≤ 200 ms; CRM commit → tool request (queue mode, PostgreSQL)
 * p95 ≤ 1 s. Figures are recorded in docs/BENCHMARKS.md.
 */
class LatencyBenchIT extends DaemonTest {
    static final int SAMPLES = Integer.getInteger("latency.samples", 20);

    @Test
    void webhook_receipt_to_crm_write_back() {
        for (int i = 1; i <= SAMPLES; i++) {
            h.customer(i, "c" + i + "@example.com", true, "retail");
        }
        try (Daemon daemon = startWithWebhooks()) {
            await(Duration.ofSeconds(30), () -> sandbox.members(h.list).size() == SAMPLES);
            await(Duration.ofSeconds(10), () -> get("http://127.0.0.1:" + daemon.port() + "/api/status", TOKEN).body()
                    .contains("\"running\":false"));
            List<Long> micros = new ArrayList<>();
            for (int i = 1; i <= SAMPLES; i++) {
                int id = i;
                long start = System.nanoTime();
                var answer = postForm(hookUrl(daemon, HOOK_SECRET), unsubscribeForm("c" + i + "@example.com"),
                        "application/x-www-form-urlencoded");
                assertThat(answer.statusCode()).isEqualTo(200);
                long deadline = start + Duration.ofSeconds(10).toNanos();
                while (h.newsletter(id)) { // polled without pause: the figure is the write-back's, not the poll's
                    assertThat(System.nanoTime()).as("write-back of sample %d", id).isLessThan(deadline);
                }
                micros.add((System.nanoTime() - start) / 1000);
            }
            print("webhook receipt -> CRM write-back", micros);
        }
    }

    static void print(String what, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        long p50 = sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1);
        long p95 = sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
        System.out.printf("latency: %s samples=%d p50_ms=%.1f p95_ms=%.1f max_ms=%.1f%n", what, sorted.size(),
                p50 / 1000.0, p95 / 1000.0, sorted.getLast() / 1000.0);
    }

    @Test
    void crm_commit_to_tool_request_in_queue_mode() {
        h.crm("capture: queue");
        TriggersCommand.install(h.wiring());
        try (Daemon daemon = startWithWebhooks()) {
            String base = "http://127.0.0.1:" + daemon.port();
            await(Duration.ofSeconds(10), () -> get(base + "/api/status", TOKEN).body().contains("\"outcome\":\"done\""));
            await(Duration.ofSeconds(10), () -> get(base + "/api/status", TOKEN).body().contains("\"running\":false"));
            sandbox.clearRequests();
            List<Long> micros = new ArrayList<>();
            for (int i = 1; i <= SAMPLES; i++) {
                String email = "q" + i + "@example.com";
                java.time.Instant committed = java.time.Instant.now();
                h.customer(i, email, true, "retail"); // auto-commit: committed when this returns
                long start = System.nanoTime();
                while (sandbox.requests().stream().noneMatch(r -> r.body() != null && r.body().contains(email))) {
                    assertThat(System.nanoTime() - start).as("request for %s", email).isLessThan(10_000_000_000L);
                    Thread.onSpinWait();
                }
                java.time.Instant requested = sandbox.requests().stream().filter(r -> r.body() != null && r.body().contains(email))
                        .findFirst().orElseThrow().receivedAt();
                micros.add(Math.max(0, Duration.between(committed, requested).toNanos() / 1000));
            }
            print("CRM commit -> tool request (queue mode, PostgreSQL)", micros);
        }
    }
}
