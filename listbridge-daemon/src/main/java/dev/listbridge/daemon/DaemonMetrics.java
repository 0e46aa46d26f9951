package dev.listbridge.daemon;

import dev.listbridge.engine.CycleReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's Prometheus metrics. The registry is also added to Micrometer's global registry, where the
 * engine's retries and the connectors' HTTP clients record rate-limit waits and status codes.
 */
final class DaemonMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    DaemonMetrics() {
        Metrics.addRegistry(registry);
    }

    String scrape() {
        return registry.scrape();
    }

    void cycleFinished(String audience, String kind, CycleReport report, Duration duration) {
        String outcome = report.outcome().name().toLowerCase(Locale.ROOT);
        if (!"webhook".equals(kind)) {
            Timer.builder("listbridge.cycle.duration").description("Duration of sync cycles")
                    .tags("audience", audience, "kind", kind, "outcome", outcome)
                    .register(registry).record(duration);
        }
        operations(audience, "tool_write", "done", report.get(CycleReport.TOOL_WRITES_DONE));
        operations(audience, "tool_write", "dead_letter", report.get(CycleReport.DEAD_LETTERS));
        operations(audience, "crm_write_back", "applied", report.get(CycleReport.WRITE_BACKS_APPLIED));
        operations(audience, "crm_write_back", "no_row", report.get(CycleReport.WRITE_BACKS_MATCHING_NO_ROW));
        operations(audience, "tool_event", "pulled", report.get("events pulled"));
        operations(audience, "tool_event", "received", report.get("events received"));
        operations(audience, "tool_event", "duplicate", report.get("events already applied"));
    }

    private void operations(String audience, String kind, String outcome, long n) {
        if (n > 0) {
            Counter.builder("listbridge.operations").description("Operations by kind and outcome")
                    .tags("audience", audience, "kind", kind, "outcome", outcome).register(registry).increment(n);
        }
    }

    void webhookReceived(String tool, String audience, int status) {
        Counter.builder("listbridge.webhooks.received").description("Webhook requests by answer")
                .tags("tool", tool, "audience", audience, "status", Integer.toString(status)).register(registry).increment();
    }

    /** A gauge whose value the daemon refreshes (outbox depth, dead letters, inbox depth and lag). */
    void gauge(String name, String description, String audience, long value) {
        String id = name + "|" + audience;
        gauges.computeIfAbsent(id, k -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(name, holder, AtomicLong::get).description(description)
                    .tags(audience == null ? new String[0] : new String[] {"audience", audience}).register(registry);
            return holder;
        }).set(value);
    }

    @Override
    public void close() {
        Metrics.removeRegistry(registry);
        registry.close();
    }
}
