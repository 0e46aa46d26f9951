package dev.listbridge.reliability.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.cli.InProcessDaemon;
import dev.listbridge.reliability.Figures;
import dev.listbridge.reliability.Figures.Count;
import dev.listbridge.reliability.Sizes;
import dev.listbridge.reliability.crash.CrashWorld;
import dev.listbridge.reliability.daemon.MailchimpHooks;
import dev.listbridge.reliability.daemon.RawHttp;
import dev.listbridge.reliability.daemon.RawHttp.Answer;
import dev.listbridge.reliability.daemon.RawHttp.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook fuzzing (docs/RELIABILITY.md, part 4): the daemon, in this JVM and wired as {@code listbridge run}
 * wires it, with the Mailchimp webhook of its audience configured (path secret and signing secret), gets seeded
 * random bad requests ({@link WebhookInputs}). Each must be answered 4xx — never 5xx, never no answer —, leave
 * nothing in the inbox and change nothing in the CRM; and the server keeps serving: every hundred inputs, and at
 * the end, a valid signed webhook is accepted, applied once, and applied once still when it is delivered again.
 */
class WebhookFuzzIT {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);
    private static final int CONTACTS = 20;

    @Test
    void bad_webhooks_are_refused_with_4xx_store_nothing_and_the_daemon_keeps_serving(@TempDir Path folder) throws Exception {
        long seed = Sizes.seed();
        Random random = new Random(seed);
        int inputs = Sizes.webhookInputs();
        List<String> violations = new ArrayList<>();
        try (CrashWorld world = new CrashWorld(folder, true)) {
            List<String> emails = new ArrayList<>();
            for (int id = 1; id <= CONTACTS; id++) {
                emails.add("c" + id + "@example.com");
                world.crm("INSERT INTO customers (id, email, newsletter, consent_at, first_name, segment) VALUES (?, ?, TRUE, ?, ?, NULL)",
                        id, "c" + id + "@example.com", LocalDateTime.now(ZoneOffset.UTC), "N" + id);
            }
            try (InProcessDaemon daemon = InProcessDaemon.start(world.config, world.environment);
                 Connection inbox = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("state-daemon.db"))) {
                await(Duration.ofSeconds(60), () -> world.sandbox.members(world.list).size() == CONTACTS);
                await(Duration.ofSeconds(30), () -> status(daemon.port()).contains("\"running\":false"));
                WebhookInputs generator = new WebhookInputs(random, world.list, CrashWorld.WEBHOOK_SECRET,
                        CrashWorld.SIGNING_SECRET, emails);
                long stored = 0;
                int valid = 0;
                for (int i = 0; i < inputs; i++) {
                    WebhookInputs.Input input = generator.next();
                    Answer answer = WebhookInputs.send(daemon.port(), input, ANSWER_WITHIN);
                    Figures.count(Count.BAD_INPUTS);
                    Figures.detail("bad webhook: " + input.kind(), 1);
                    if (answer.status() < 400 || answer.status() > 499) {
                        violations.add("seed " + seed + ", input " + i + " (" + input.kind() + "): answered "
                                + (answer.status() == 0 ? answer.problem() : answer.head().split("\r\n")[0] + " " + answer.body())
                                + "; sent " + describe(input));
                    }
                    long now = count(inbox, "SELECT COUNT(*) FROM inbox");
                    if (now != stored) {
                        violations.add("seed " + seed + ", input " + i + " (" + input.kind() + ") was stored in the inbox; sent "
                                + describe(input));
                        stored = now;
                    }
                    if ((i + 1) % 100 == 0 || i == inputs - 1) {
                        stored += validWebhookIsAppliedOnce(world, daemon.port(), emails.get(emails.size() - 1 - valid++), violations);
                        checkCrm(world, emails.subList(0, emails.size() - valid), violations);
                    }
                    if (violations.size() > 20) {
                        break; // enough to go on; the rest would repeat them
                    }
                }
            }
        }
        Figures.add(Count.VIOLATIONS, violations.size());
        assertThat(violations).as("seed %d, %d bad webhooks", seed, inputs).isEmpty();
    }

    /** A valid signed unsubscribe is answered 200, applied once, and once still when delivered again; returns receipts. */
    private static int validWebhookIsAppliedOnce(CrashWorld world, int port, String email, List<String> violations) {
        world.sandbox.unsubscribe(world.list, email, "manual");
        byte[] body = MailchimpHooks.form(MailchimpHooks.unsubscribe(world.list, email, "manual", Instant.now()))
                .getBytes(StandardCharsets.UTF_8);
        int receipts = 0;
        for (int delivery = 0; delivery < 2; delivery++) {
            Request request = new Request("POST", "/hooks/mailchimp/newsletter/" + CrashWorld.WEBHOOK_SECRET, RawHttp.headers(
                    "Content-Type", MailchimpHooks.FORM, MailchimpHooks.SIGNATURE,
                    MailchimpHooks.signature(CrashWorld.SIGNING_SECRET, Instant.now().getEpochSecond(), body)), body, false);
            Answer answer = RawHttp.send(port, request, ANSWER_WITHIN);
            if (answer.status() != 200) {
                violations.add("a valid webhook for " + email + " was answered " + answer.status() + " " + answer.body()
                        + (answer.problem() == null ? "" : answer.problem()));
                return receipts;
            }
            receipts++;
            try {
                await(Duration.ofSeconds(30), () -> optOutsApplied(world, email) >= 1);
                // a second application would show within the time the first took
                LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
            } catch (AssertionError e) {
                violations.add("a valid webhook for " + email + " was not applied within 30 s");
                return receipts;
            }
            if (optOutsApplied(world, email) != 1) {
                violations.add("the webhook for " + email + " was applied " + optOutsApplied(world, email) + " times after "
                        + (delivery + 1) + " deliveries");
            }
        }
        return receipts;
    }

    private static long optOutsApplied(CrashWorld world, String email) {
        List<Map<String, Object>> rows = world.crmRows("SELECT optouts_applied FROM customers WHERE email = '" + email + "'");
        return ((Number) rows.get(0).get("optouts_applied")).longValue();
    }

    /** The contacts no valid webhook was for are as they were: consenting, no opt-out, complaint or bounce applied. */
    private static void checkCrm(CrashWorld world, List<String> untouched, List<String> violations) {
        for (Map<String, Object> row : world.crmRows("SELECT id, email, newsletter, first_name, optouts_applied, complaints_applied "
                + "FROM customers ORDER BY id")) {
            if (untouched.contains((String) row.get("email")) && (!Boolean.TRUE.equals(row.get("newsletter"))
                    || ((Number) row.get("optouts_applied")).intValue() != 0 || ((Number) row.get("complaints_applied")).intValue() != 0
                    || !("N" + row.get("id")).equals(row.get("first_name")))) {
                violations.add("a bad webhook changed the CRM: " + row);
            }
        }
        for (Map<String, Object> row : world.crmRows("SELECT customer_id, email FROM bounces")) {
            violations.add("a bad webhook wrote a bounce back: " + row);
        }
    }

    private static String status(int port) {
        Answer answer = RawHttp.send(port, new Request("GET", "/api/status", RawHttp.headers("Authorization",
                "Bearer " + CrashWorld.ADMIN_TOKEN), null, false), ANSWER_WITHIN);
        return answer.body();
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String describe(WebhookInputs.Input input) {
        if (input.raw() != null) {
            return input.raw().length + " raw bytes";
        }
        Request request = input.request();
        String body = request.body() == null ? "" : new String(request.body(), 0, Math.min(300, request.body().length),
                StandardCharsets.ISO_8859_1);
        return request.method() + " " + request.path().replace(CrashWorld.WEBHOOK_SECRET, "{secret}") + " " + request.headers()
                + (request.chunked() ? " chunked " : " ") + (request.body() == null ? "no body" : request.body().length + " bytes: "
                + body);
    }

    private static void await(Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + max);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
