package dev.listbridge.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.listbridge.engine.CycleReport;
import dev.listbridge.store.AuditRow;
import dev.listbridge.store.LinkRow;
import dev.listbridge.store.OutboxRow;
import dev.listbridge.store.RunRow;
import dev.listbridge.store.StateStore;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The admin API under {@code /api}; every call but the OpenAPI document needs {@code Authorization: Bearer {adminToken}}. */
final class AdminApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String adminToken;
    private final StateStore store;
    private final Map<String, AudienceWorker> workers;
    private final Inbox inbox;
    private final DaemonSchedules schedules;
    private final Consumer<Runnable> background;

    AdminApi(String adminToken, StateStore store, Map<String, AudienceWorker> workers, Inbox inbox, DaemonSchedules schedules,
             Consumer<Runnable> background) {
        this.adminToken = adminToken;
        this.store = store;
        this.workers = workers;
        this.inbox = inbox;
        this.schedules = schedules;
        this.background = background;
    }

    /** A before-handler: refuses calls without the right token. */
    void authorize(Context ctx) {
        if (ctx.path().equals("/api/openapi.json")) {
            return;
        }
        if (adminToken == null) {
            ctx.skipRemainingHandlers();
            json(ctx, 403, Map.of("error", "the admin API is disabled: set server.adminToken"));
            return;
        }
        String header = ctx.header("Authorization");
        String expected = "Bearer " + adminToken;
        if (header == null || !MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            ctx.skipRemainingHandlers();
            ctx.header("WWW-Authenticate", "Bearer");
            json(ctx, 401, Map.of("error", "missing or wrong bearer token"));
        }
    }

    void status(Context ctx) {
        List<Map<String, Object>> audiences = new ArrayList<>();
        Map<String, long[]> depths = store.read(tx -> {
            Map<String, long[]> result = new LinkedHashMap<>();
            for (String name : workers.keySet()) {
                result.put(name, new long[] {tx.outbox().countPending(name), tx.outbox().countDead(name)});
            }
            return result;
        });
        for (AudienceWorker worker : workers.values()) {
            AudienceStatus s = worker.status();
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", worker.name());
            a.put("tool", worker.audience().tool());
            a.put("list", worker.audience().list());
            a.put("running", s.running());
            a.put("lastCycle", s.lastKind() == null ? null : cycle(s));
            a.put("nextCycle", schedules.nextIncremental(worker.name()));
            a.put("nextReconcile", schedules.nextReconcile(worker.name()));
            a.put("pendingOperations", depths.get(worker.name())[0]);
            a.put("deadLetters", depths.get(worker.name())[1]);
            a.put("held", s.heldMessage() == null ? null : Map.of("message", s.heldMessage(), "releaseRequested",
                    worker.releaseRequested()));
            audiences.add(a);
        }
        long oldest = inbox.oldestPendingReceivedAt();
        json(ctx, 200, Map.of("audiences", audiences, "inbox", Map.of("depth", inbox.depth(),
                "oldestPending", oldest == 0 ? "none" : iso(oldest))));
    }

    private static Map<String, Object> cycle(AudienceStatus s) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("kind", s.lastKind());
        c.put("startedAt", String.valueOf(s.lastStarted()));
        c.put("finishedAt", s.running() || s.lastFinished() == null ? null : s.lastFinished().toString());
        CycleReport report = s.lastReport();
        if (report != null) {
            c.put("runId", report.runId());
            c.put("outcome", report.outcome().name().toLowerCase(java.util.Locale.ROOT));
            c.put("counts", report.counts());
            c.put("messages", report.messages());
        }
        return c;
    }

    void runs(Context ctx) {
        String audience = ctx.queryParam("audience");
        if (audience != null && !workers.containsKey(audience)) {
            json(ctx, 404, Map.of("error", "no audience '" + audience + "'"));
            return;
        }
        int limit = limit(ctx);
        if (limit < 0) {
            return;
        }
        List<RunRow> runs = store.read(tx -> tx.runs().recent(audience, limit));
        List<Map<String, Object>> out = new ArrayList<>();
        for (RunRow run : runs) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", run.id());
            r.put("audience", run.audience());
            r.put("kind", run.kind());
            r.put("startedAt", iso(run.startedAt()));
            r.put("finishedAt", run.finishedAt() == null ? null : iso(run.finishedAt()));
            r.put("outcome", run.outcome());
            r.put("summary", run.summary() == null ? null : readTree(run.summary()));
            out.add(r);
        }
        json(ctx, 200, Map.of("runs", out));
    }

    void timeline(Context ctx) {
        String key = ctx.pathParam("key");
        Map<String, Object> result = store.read(tx -> {
            List<LinkRow> links = tx.ledger().linksOfContact(key);
            if (links.isEmpty()) {
                return null;
            }
            List<AuditRow> events = tx.audit().timeline(key, links.stream().map(LinkRow::emailKey).distinct().toList());
            List<Map<String, Object>> addresses = new ArrayList<>();
            for (LinkRow link : links) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("audience", link.audience());
                l.put("email", link.email());
                l.put("memberId", link.memberId());
                l.put("validFrom", iso(link.validFrom()));
                l.put("validTo", link.validTo() == null ? null : iso(link.validTo()));
                l.put("closeReason", link.closeReason());
                addresses.add(l);
            }
            List<Map<String, Object>> timeline = new ArrayList<>();
            for (AuditRow event : events) {
                timeline.add(Map.of("at", iso(event.at()), "audience", event.audience(), "kind",
                        event.kind(), "detail", event.detail()));
            }
            return Map.of("contact", key, "addresses", addresses, "timeline", timeline);
        });
        if (result == null) {
            json(ctx, 404, Map.of("error", "the ledger knows no contact '" + key + "'"));
        } else {
            json(ctx, 200, result);
        }
    }

    void deadLetters(Context ctx) {
        AudienceWorker worker = worker(ctx);
        if (worker == null) {
            return;
        }
        List<OutboxRow> rows = store.read(tx -> tx.outbox().dead(worker.name()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (OutboxRow row : rows) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", row.id());
            r.put("kind", row.kind());
            r.put("contact", row.contactKey());
            r.put("address", row.emailKey());
            r.put("attempts", row.attempts());
            r.put("error", row.lastError());
            out.add(r);
        }
        json(ctx, 200, Map.of("audience", worker.name(), "deadLetters", out));
    }

    void retryDeadLetters(Context ctx) {
        AudienceWorker worker = worker(ctx);
        if (worker == null) {
            return;
        }
        background.accept(() -> {
            store.inTransaction(tx -> tx.outbox().requeueDead(worker.name(), Integer.MAX_VALUE, System.currentTimeMillis()));
            worker.incremental();
        });
        json(ctx, 202, Map.of("audience", worker.name(), "accepted", "dead letters go back to the outbox; a cycle follows"));
    }

    void release(Context ctx) {
        AudienceWorker worker = worker(ctx);
        if (worker == null) {
            return;
        }
        if (worker.status().heldMessage() == null) {
            json(ctx, 409, Map.of("error", "no held cycle to release for '" + worker.name() + "'"));
            return;
        }
        worker.release();
        background.accept(worker::incremental);
        json(ctx, 202, Map.of("audience", worker.name(), "accepted", "the next cycle runs with the guard released"));
    }

    void cycleNow(Context ctx) {
        AudienceWorker worker = worker(ctx);
        if (worker == null) {
            return;
        }
        boolean full = "reconcile".equals(ctx.queryParam("kind"));
        background.accept(full ? worker::reconcile : worker::incremental);
        json(ctx, 202, Map.of("audience", worker.name(), "accepted", full ? "a full reconcile starts" : "a cycle starts"));
    }

    private AudienceWorker worker(Context ctx) {
        AudienceWorker worker = workers.get(ctx.pathParam("audience"));
        if (worker == null) {
            json(ctx, 404, Map.of("error", "no audience '" + ctx.pathParam("audience") + "'; configured: "
                    + String.join(", ", workers.keySet())));
        }
        return worker;
    }

    private static int limit(Context ctx) {
        String text = ctx.queryParam("limit");
        if (text == null) {
            return 20;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        json(ctx, 400, Map.of("error", "limit must be a number from 1 to 1000, was '" + text + "'"));
        return -1;
    }

    private static Object readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    /** Times in the API are ISO-8601 UTC strings. */
    private static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
