package dev.listbridge.daemon;

import dev.listbridge.spi.CrmSource;
import dev.listbridge.spi.ToolConnector;
import dev.listbridge.store.StateStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /health}: the process answers (liveness). {@code /health/ready}: the state store, the CRM and every
 * tool answer. Readiness results are cached briefly so that a probe every second does not become a load
 * on the CRM and the tools.
 */
final class Health {
    private static final Duration CACHE = Duration.ofSeconds(10);

    private final StateStore store;
    private final CrmSource crm;
    private final Iterable<String> toolNames;
    private final Function<String, ToolConnector> tools;
    private final Clock clock;
    private Map<String, String> lastChecks;
    private long lastCheckedAt;

    Health(StateStore store, CrmSource crm, Iterable<String> toolNames, Function<String, ToolConnector> tools, Clock clock) {
        this.store = store;
        this.crm = crm;
        this.toolNames = toolNames;
        this.tools = tools;
        this.clock = clock;
    }

    void live(Context ctx) {
        AdminApi.json(ctx, 200, Map.of("status", "up"));
    }

    void ready(Context ctx) {
        Map<String, String> checks = checks();
        boolean ready = checks.values().stream().allMatch("up"::equals);
        AdminApi.json(ctx, ready ? 200 : 503, Map.of("status", ready ? "ready" : "not ready", "checks", checks));
    }

    private synchronized Map<String, String> checks() {
        long now = clock.millis();
        if (lastChecks != null && now - lastCheckedAt < CACHE.toMillis()) {
            return lastChecks;
        }
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("stateStore", check(() -> store.read(tx -> tx.runs().recent(null, 1))));
        checks.put("crm", check(crm::checkConnection));
        for (String name : toolNames) {
            checks.put("tool:" + name, check(() -> tools.apply(name).checkConnection()));
        }
        lastChecks = checks;
        lastCheckedAt = now;
        return checks;
    }

    private static String check(Runnable probe) {
        try {
            probe.run();
            return "up";
        } catch (RuntimeException e) {
            return "down: " + e.getMessage();
        }
    }
}
