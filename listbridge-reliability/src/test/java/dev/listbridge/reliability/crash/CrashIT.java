package dev.listbridge.reliability.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.listbridge.reliability.Figures;
import dev.listbridge.reliability.Figures.Count;
import dev.listbridge.reliability.Sizes;
import dev.listbridge.reliability.daemon.MailchimpHooks;
import dev.listbridge.reliability.daemon.RawHttp;
import dev.listbridge.sandbox.RecordedRequest;
import dev.listbridge.sandbox.SandboxMember;
import dev.listbridge.spi.Address;
import dev.listbridge.testing.JavaProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test (docs/RELIABILITY.md, part 2): {@code listbridge sync}, and {@code listbridge run}, in a JVM of
 * their own, SIGKILLed at a moment of the cycle each round aims at (during the CRM read, between journaling and
 * the tool call, between the tool call and its acknowledgement, during the write-back, after the CRM commit,
 * while webhooks arrive (the daemon), or any time), then restarted until it converges: a sync until a run ends
 * with exit 0; the daemon until a cycle it was asked for finished done with nothing pending in the outbox or the
 * webhook inbox, then stopped with SIGTERM (exit 0). After each round: the tool holds what the CRM says, every
 * opt-out, complaint and bounce reached the CRM (the statements count their applications, so replays after a kill
 * are counted), no member was created twice and no suppression was undone.
 */
class CrashIT {
    /** What a kill aims at, and how that moment is widened and recognised. */
    enum Phase { CRM_READ, BEFORE_TOOL_CALL, BEFORE_ACK, WRITE_BACK, AFTER_CRM_COMMIT, ANY_TIME, WEBHOOKS }

    private static final List<Phase> SYNC_PHASES = List.of(Phase.CRM_READ, Phase.BEFORE_TOOL_CALL, Phase.BEFORE_ACK,
            Phase.WRITE_BACK, Phase.AFTER_CRM_COMMIT, Phase.ANY_TIME);
    private static final List<Phase> DAEMON_PHASES = List.of(Phase.WEBHOOKS, Phase.CRM_READ, Phase.BEFORE_TOOL_CALL,
            Phase.BEFORE_ACK, Phase.WRITE_BACK, Phase.AFTER_CRM_COMMIT, Phase.ANY_TIME);
    /** How long a daemon round may take to converge after its restart. */
    private static final Duration CONVERGE_LIMIT = Duration.ofSeconds(150);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);
    private static final Duration WIDENED = Duration.ofMillis(2500);
    private static final String[] NAMES = {"Ada", "Bo", "Cem", "Dana", "Eli", "Fay", "Gil", "Hana", "Ida", "Jo"};
    private static final String[] SEGMENTS = {"B2C", "B2B", null};

    private CrashWorld world;
    private Random random;
    /** Whether the rounds run {@code listbridge run} rather than {@code listbridge sync}. */
    private boolean daemon;
    private int nextId = 1;
    private int runs;
    private final List<String> violations = new ArrayList<>();
    /** Contacts whose recipient opted out or complained: their flag must stay off. */
    private final Set<Integer> optedOut = new HashSet<>();
    /** Contacts a recipient acted for: never edited again, so that the effect stays checkable. */
    private final Set<Integer> frozen = new HashSet<>();
    private final Set<String> bounced = new HashSet<>();
    /** Address keys a recipient suppressed, and when (epoch milliseconds of the action). */
    private final Map<String, Long> suppressed = new HashMap<>();
    private final Map<String, String> contactIds = new HashMap<>();
    private final Map<String, Integer> created = new HashMap<>();

    @Test
    void sigkill_at_any_moment_of_a_sync_loses_nothing_and_duplicates_nothing(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path folder) {
        rounds(folder, false, Sizes.kills(), SYNC_PHASES);
    }

    @Test
    void sigkill_at_any_moment_of_the_daemon_or_while_webhooks_arrive_loses_nothing_and_applies_nothing_twice(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path folder) {
        rounds(folder, true, Sizes.daemonKills(), DAEMON_PHASES);
    }

    private void rounds(Path folder, boolean ofDaemon, int target, List<Phase> phases) {
        long seed = Sizes.seed() + (ofDaemon ? 1 : 0);
        random = new Random(seed);
        daemon = ofDaemon;
        int kills = 0;
        try (CrashWorld crashWorld = new CrashWorld(folder, ofDaemon)) {
            world = crashWorld;
            workload();
            round(Phase.ANY_TIME, false); // the first push, without a kill
            verify("the first push", 0);
            for (int round = 0; kills < target && round < target * 2; round++) {
                Phase phase = phases.get(round % phases.size());
                workload();
                int killed = round(phase, true);
                kills += killed;
                verify("round " + round + " (" + (ofDaemon ? "daemon, " : "") + phase + ")", killed);
            }
        }
        Figures.add(Count.KILLS, kills);
        Figures.add(Count.VIOLATIONS, violations.size());
        assertThat(kills).as("kills (seed %d)", seed).isGreaterThanOrEqualTo(target);
        assertThat(violations).as("seed %d: %d kills", seed, kills).isEmpty();
    }

    /**
     * One sync or daemon run, killed at {@code phase} when {@code kill}, then restarted until it converges; returns
     * the kills.
     */
    private int round(Phase phase, boolean kill) {
        int kills = 0;
        if (kill) {
            arm(phase);
            JavaProcess process = start();
            Thread sender = phase == Phase.WEBHOOKS ? Thread.ofPlatform().start(() -> sendWhileAlive(process)) : null;
            String hit = awaitAndKill(process, phase);
            disarm();
            join(sender);
            if (hit != null) {
                kills++;
                Figures.detail("kills at " + hit + (daemon ? " (daemon)" : ""), 1);
            } else {
                Figures.detail("runs that ended before the aimed-at moment (" + phase + ")", 1);
            }
            if (hit != null && random.nextInt(4) == 0) {
                // the restart dies too, at any moment
                JavaProcess again = start();
                LockSupport.parkNanos(Duration.ofMillis(300 + random.nextInt(2500)).toNanos());
                if (again.alive()) {
                    again.kill();
                    kills++;
                    Figures.detail("kills at " + classify() + " (a restart killed again" + (daemon ? ", daemon)" : ")"), 1);
                }
            }
        }
        if (daemon) {
            runDaemonUntilConverged();
            return kills;
        }
        for (int attempt = 0; ; attempt++) {
            JavaProcess process = start();
            int exit = process.awaitExit(RUN_LIMIT);
            if (exit == 0) {
                return kills;
            }
            if (attempt == 4) {
                violations.add("no exit 0 after 5 restarts; last exit " + exit + ": " + process.output());
                return kills;
            }
        }
    }

    private JavaProcess start() {
        runs++;
        return daemon
                ? CliProcess.start(world.folder, "daemon-" + runs, world.environment, "run", "-c", world.config.toString())
                : CliProcess.start(world.folder, "run-" + runs, world.environment, "sync", "-c", world.config.toString());
    }

    private static void join(Thread thread) {
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Restarts the daemon until it converged: the webhooks the tool still has to deliver are accepted (a
     * connection error or a 503 means the tool sends again), then a cycle asked for through the admin API
     * finishes done with nothing pending in the outbox and the inbox. Then SIGTERM, which must end it with exit 0.
     */
    private void runDaemonUntilConverged() {
        for (int attempt = 0; attempt < 5; attempt++) {
            JavaProcess process = start();
            String problem = awaitConverged(process);
            if (problem == null) {
                int exit = process.stop(Duration.ofSeconds(35));
                if (exit != 0) {
                    violations.add("SIGTERM did not stop the daemon with exit 0 within 35 s (exit " + exit + "): "
                            + tail(process.output()));
                }
                return;
            }
            process.kill();
            if (attempt == 4) {
                violations.add("the daemon did not converge after 5 starts: " + problem + "\n" + tail(process.output()));
            }
        }
    }

    /** Null once the daemon converged, else what it did not do. */
    private String awaitConverged(JavaProcess process) {
        try {
            process.awaitOutput("listbridge daemon running", Duration.ofSeconds(60));
        } catch (AssertionError e) {
            return "it did not start: " + e.getMessage();
        }
        long deadline = System.nanoTime() + CONVERGE_LIMIT.toNanos();
        while (hooks.stream().anyMatch(hook -> !hook.accepted)) {
            hooks.stream().filter(hook -> !hook.accepted).forEach(this::deliver);
            if (System.nanoTime() > deadline || !process.alive()) {
                return "webhooks not accepted: " + hooks.stream().filter(hook -> !hook.accepted).map(hook -> hook.email).toList();
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        long asked = askForCycle();
        while (System.nanoTime() < deadline && process.alive()) {
            List<Map<String, Object>> run = world.stateRows("SELECT finished_at, outcome FROM run WHERE kind <> 'webhook' "
                    + "AND started_at >= " + asked + " ORDER BY id DESC LIMIT 1");
            if (!run.isEmpty() && run.get(0).get("finished_at") != null) {
                if ("done".equals(run.get(0).get("outcome")) && count("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'") == 0
                        && inboxCount("state = 'new'") == 0) {
                    return null;
                }
                asked = askForCycle(); // partial, failed, or webhooks still waiting: one more
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        return process.alive() ? "no cycle finished done with nothing pending within " + CONVERGE_LIMIT
                : "the daemon ended (exit " + process.awaitExit(Duration.ZERO) + ")";
    }

    /** Starts a cycle through the admin API; returns the time asked (a cycle started at or after it is the one). */
    private long askForCycle() {
        long asked = System.currentTimeMillis();
        RawHttp.Answer answer = RawHttp.send(world.port, new RawHttp.Request("POST", "/api/audiences/newsletter/cycle",
                RawHttp.headers("Authorization", "Bearer " + CrashWorld.ADMIN_TOKEN), new byte[0], false), Duration.ofSeconds(10));
        if (answer.status() != 202) {
            violations.add("the admin API answered " + answer.status() + " " + answer.body() + " to a cycle request");
        }
        return asked;
    }

    private long inboxCount(String where) {
        List<Map<String, Object>> rows = world.daemonRows("SELECT COUNT(*) AS n FROM inbox WHERE " + where);
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("n")).longValue();
    }

    private static String tail(String text) {
        return text.length() <= 3000 ? text : "…" + text.substring(text.length() - 3000);
    }

    /** A webhook the tool owes the daemon for a recipient's action in this round; sent until the daemon accepts it. */
    private static final class Hook {
        final String email;
        final byte[] body;
        volatile boolean accepted;

        Hook(String email, Map<String, String> fields) {
            this.email = email;
            this.body = MailchimpHooks.form(fields).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final List<Hook> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger hookAnswers = new java.util.concurrent.atomic.AtomicInteger();

    /** Sends a webhook as Mailchimp does (signed now); 200 accepts it, a connection error or a 503 leaves it owed. */
    private void deliver(Hook hook) {
        byte[] body = hook.body;
        RawHttp.Answer answer = RawHttp.send(world.port, new RawHttp.Request("POST", "/hooks/mailchimp/newsletter/"
                + CrashWorld.WEBHOOK_SECRET, RawHttp.headers("Content-Type", MailchimpHooks.FORM, MailchimpHooks.SIGNATURE,
                MailchimpHooks.signature(CrashWorld.SIGNING_SECRET, System.currentTimeMillis() / 1000, body)), body, false),
                Duration.ofSeconds(10));
        Figures.detail("crash test: webhook deliveries (" + (answer.status() == 0 ? "no answer: the daemon was down"
                : "answered " + answer.status()) + ")", 1);
        if (answer.status() == 200) {
            hook.accepted = true;
            hookAnswers.incrementAndGet();
        } else if (answer.status() != 0 && answer.status() != 503) {
            violations.add("a valid webhook for " + hook.email + " was answered " + answer.status() + " " + answer.body());
            hook.accepted = true; // not sent again: the refusal is the finding
        }
    }

    /** While the daemon lives: every owed webhook, over and over (Mailchimp delivers at least once), 20 ms apart. */
    private void sendWhileAlive(JavaProcess process) {
        hookAnswers.set(0);
        while (process.alive() && !hooks.isEmpty()) {
            for (Hook hook : hooks) {
                if (!process.alive()) {
                    return;
                }
                deliver(hook);
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
    }

    private void arm(Phase phase) {
        switch (phase) {
            case CRM_READ -> world.pause("read", 25);
            case BEFORE_TOOL_CALL -> world.sandbox.faults().delay("GET", "/lists/[^/]+/merge-fields", WIDENED, 1);
            case BEFORE_ACK -> world.sandbox.faults().delayAnswer("POST", "/lists/[^/]+", WIDENED, 1);
            case WRITE_BACK -> world.pause("writeback", 500);
            case AFTER_CRM_COMMIT -> world.pause("writeback", 200);
            case ANY_TIME, WEBHOOKS -> { }
        }
    }

    private void disarm() {
        world.pause("read", 0);
        world.pause("writeback", 0);
        world.sandbox.faults().clear();
    }

    /** Waits for the aimed-at moment and kills; returns where the kill hit, or null if the run ended first. */
    private String awaitAndKill(JavaProcess process, Phase phase) {
        long startedAt = System.currentTimeMillis();
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        long anyTime = System.nanoTime() + Duration.ofMillis(400 + random.nextInt(4000)).toNanos();
        long nextLook = 0;
        while (process.alive() && System.nanoTime() < deadline) {
            if (daemon && System.nanoTime() > nextLook) {
                // a daemon does not end: once its first cycle finished, the aimed-at moment will not come
                nextLook = System.nanoTime() + Duration.ofMillis(500).toNanos();
                if (!world.stateRows("SELECT id FROM run WHERE kind <> 'webhook' AND finished_at IS NOT NULL AND started_at >= "
                        + startedAt).isEmpty() && (phase != Phase.WEBHOOKS || hooks.isEmpty())) {
                    process.kill();
                    return "an idle daemon (its cycle ended before the aimed-at moment, " + phase + ")";
                }
            }
            boolean reached = switch (phase) {
                case CRM_READ -> world.crmRuns("SELECT * FROM (");
                case BEFORE_TOOL_CALL, BEFORE_ACK -> world.sandbox.faults().pending() == 0 && world.sandbox.inFlightRequests() > 0;
                case WRITE_BACK, AFTER_CRM_COMMIT -> world.crmRuns("UPDATE customers") || world.crmRuns("INSERT INTO bounces");
                case ANY_TIME -> System.nanoTime() >= anyTime;
                case WEBHOOKS -> hooks.isEmpty() ? System.nanoTime() >= anyTime : hookAnswers.get() > 0;
            };
            if (reached && phase == Phase.AFTER_CRM_COMMIT) {
                return killAfterCommit(process);
            }
            if (reached) {
                LockSupport.parkNanos(Duration.ofMillis(random.nextInt(400)).toNanos());
                if (phase == Phase.WEBHOOKS) {
                    LockSupport.parkNanos(Duration.ofMillis(random.nextInt(1500)).toNanos()); // while they keep coming
                }
                process.kill();
                return phase == Phase.ANY_TIME ? classify()
                        : phase == Phase.WEBHOOKS ? "webhooks arriving" : phase.name().toLowerCase(Locale.ROOT).replace('_', ' ');
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        process.awaitExit(RUN_LIMIT);
        return null;
    }

    /**
     * While a write-back batch runs in the CRM, takes the state store's write lock: the batch commits in the
     * CRM, and its acknowledgement in the state store waits for the lock. Killed then, the write-back was applied
     * but not acknowledged, and the restart applies it again.
     */
    private String killAfterCommit(JavaProcess process) {
        try (java.sql.Connection lock = java.sql.DriverManager.getConnection("jdbc:sqlite:" + world.stateFile);
             java.sql.Statement statement = lock.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            statement.execute("BEGIN IMMEDIATE");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((world.crmRuns("UPDATE customers") || world.crmRuns("INSERT INTO bounces"))
                    && process.alive() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // the commit's answer reaches the process
            process.kill();
            statement.execute("ROLLBACK");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not hold the state store's lock: " + e.getMessage(), e);
        }
        return "after the CRM commit, before the outbox acknowledgement";
    }

    /** Where a kill at any time hit, from the state store the killed process left. */
    private String classify() {
        List<Map<String, Object>> run = world.stateRows("SELECT id, finished_at FROM run ORDER BY id DESC LIMIT 1");
        if (run.isEmpty() || run.get(0).get("finished_at") != null) {
            return "start-up (no cycle begun)";
        }
        Object id = run.get(0).get("id");
        long journaled = count("SELECT COUNT(*) AS n FROM outbox WHERE run_id = " + id + " AND kind <> 'writeback'");
        long pending = count("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'");
        if (journaled == 0) {
            return pending > 0 ? "write-back or pull (any time)" : "pull or CRM read (any time)";
        }
        return pending > 0 ? "tool writes (any time)" : "end of the cycle (any time)";
    }

    private long count(String sql) {
        return ((Number) world.stateRows(sql).get(0).get("n")).longValue();
    }

    /** What happens between two runs: new customers, address changes, revoked consent, deletions, recipients' actions. */
    private void workload() {
        for (int i = 3 + random.nextInt(6); i > 0; i--) {
            int id = nextId++;
            world.crm("INSERT INTO customers (id, email, newsletter, consent_at, first_name, segment) VALUES (?, ?, ?, ?, ?, ?)",
                    id, "c" + id + "@example.com", random.nextInt(6) > 0, LocalDateTime.now(ZoneOffset.UTC),
                    NAMES[id % NAMES.length], SEGMENTS[random.nextInt(SEGMENTS.length)]);
        }
        List<Integer> editable = contacts().stream().filter(id -> !frozen.contains(id)).toList();
        for (int i = 0; i < 2 && !editable.isEmpty(); i++) {
            int id = editable.get(random.nextInt(editable.size()));
            switch (random.nextInt(4)) {
                case 0 -> world.crm("UPDATE customers SET email = ? WHERE id = ?", "c" + id + "-" + runs + "@example.org", id);
                case 1 -> world.crm("UPDATE customers SET newsletter = FALSE WHERE id = ?", id);
                case 2 -> world.crm("UPDATE customers SET first_name = ? WHERE id = ?", NAMES[random.nextInt(NAMES.length)], id);
                default -> world.crm("DELETE FROM customers WHERE id = ?", id);
            }
        }
        recipients();
    }

    /** Recipients unsubscribe, complain or bounce, at the address their contact has now (untouched this round). */
    private void recipients() {
        hooks.clear();
        Map<String, Integer> byAddress = new HashMap<>();
        for (Map<String, Object> row : world.crmRows("SELECT id, email, newsletter FROM customers WHERE newsletter")) {
            byAddress.put(key((String) row.get("email")), (Integer) row.get("id"));
        }
        List<SandboxMember> subscribed = world.sandbox.members(world.list).stream()
                .filter(member -> member.status().equals("subscribed") && byAddress.containsKey(key(member.email())))
                .toList();
        for (int i = 1 + random.nextInt(3); i > 0 && !subscribed.isEmpty(); i--) {
            SandboxMember member = subscribed.get(random.nextInt(subscribed.size()));
            String key = key(member.email());
            if (suppressed.containsKey(key)) {
                continue;
            }
            int contact = byAddress.get(key);
            long now = System.currentTimeMillis();
            Instant at = Instant.now();
            switch (random.nextInt(5)) {
                case 0 -> {
                    world.sandbox.hardBounce(world.list, member.email());
                    bounced.add(contact + "<" + member.email() + ">");
                    owe(member.email(), MailchimpHooks.cleaned(world.list, member.email(), at));
                }
                case 1 -> {
                    world.sandbox.complain(world.list, member.email(), "campaign-" + runs);
                    optedOut.add(contact);
                    owe(member.email(), MailchimpHooks.unsubscribe(world.list, member.email(), "abuse", at));
                }
                default -> {
                    world.sandbox.unsubscribe(world.list, member.email(), "crash test");
                    optedOut.add(contact);
                    owe(member.email(), MailchimpHooks.unsubscribe(world.list, member.email(), "manual", at));
                }
            }
            suppressed.put(key, now);
            frozen.add(contact);
        }
    }

    /** With the daemon, the tool owes it a webhook for the recipient's action (Mailchimp sends it at once). */
    private void owe(String email, Map<String, String> fields) {
        if (daemon) {
            hooks.add(new Hook(email, fields));
        }
    }

    private List<Integer> contacts() {
        return world.crmRows("SELECT id FROM customers ORDER BY id").stream().map(row -> (Integer) row.get("id")).toList();
    }

    /** After a round converged: everything the class javadoc promises. */
    private void verify(String round, int killed) {
        for (Map<String, Object> row : world.stateRows("SELECT kind, email_key FROM outbox WHERE state = 'pending'")) {
            violations.add(round + ": still pending after " + (daemon ? "the daemon converged: " : "exit 0: ") + row);
        }
        if (daemon) {
            for (Map<String, Object> row : world.daemonRows("SELECT id, state, result FROM inbox WHERE state <> 'done'")) {
                violations.add(round + ": a webhook receipt was not applied: " + row);
            }
        }
        applications(round, killed);
        Map<String, SandboxMember> inTool = new HashMap<>();
        for (SandboxMember member : world.sandbox.members(world.list)) {
            inTool.put(key(member.email()), member);
            String before = contactIds.putIfAbsent(key(member.email()), member.contactId());
            if (before != null && !before.equals(member.contactId())) {
                violations.add(round + ": " + member.email() + " was deleted and created again (contact id " + before
                        + " became " + member.contactId() + ")");
            }
        }
        Set<String> wanted = new HashSet<>();
        for (Map<String, Object> row : world.crmRows("SELECT id, email, newsletter, first_name FROM customers")) {
            String key = key((String) row.get("email"));
            SandboxMember member = inTool.get(key);
            String status = member == null ? "absent" : member.status();
            boolean consent = Boolean.TRUE.equals(row.get("newsletter"));
            if (suppressed.containsKey(key)) {
                if (!status.equals("unsubscribed") && !status.equals("cleaned")) {
                    violations.add(round + ": " + key + " was opted out by its recipient but is " + status);
                }
            } else if (consent) {
                wanted.add(key);
                if (!status.equals("subscribed") && !status.equals("pending")) {
                    violations.add(round + ": contact " + row.get("id") + " consents, but " + key + " is " + status);
                } else if (!String.valueOf(row.get("id")).equals(member.mergeFields().get("CRMKEY"))
                        || !Objects.equals(row.get("first_name"), member.mergeFields().get("FNAME"))) {
                    violations.add(round + ": " + key + " carries " + member.mergeFields() + ", contact " + row.get("id")
                            + " is " + row.get("first_name"));
                }
            }
        }
        for (Map.Entry<String, SandboxMember> entry : inTool.entrySet()) {
            String status = entry.getValue().status();
            if (!wanted.contains(entry.getKey()) && (status.equals("subscribed") || status.equals("pending"))) {
                violations.add(round + ": " + entry.getKey() + " is " + status + " though no consenting contact has it");
            }
        }
        for (int contact : optedOut) {
            List<Map<String, Object>> rows = world.crmRows("SELECT newsletter, optouts_applied + complaints_applied AS applied "
                    + "FROM customers WHERE id = " + contact);
            if (!rows.isEmpty() && (Boolean.TRUE.equals(rows.get(0).get("newsletter"))
                    || ((Number) rows.get(0).get("applied")).intValue() < 1)) {
                violations.add(round + ": the opt-out of contact " + contact + " did not reach the CRM: " + rows.get(0));
            }
        }
        Set<String> bounceRows = new HashSet<>();
        for (Map<String, Object> row : world.crmRows("SELECT customer_id, email FROM bounces")) {
            bounceRows.add(row.get("customer_id") + "<" + row.get("email") + ">");
        }
        for (String bounce : bounced) {
            if (!bounceRows.contains(bounce)) {
                violations.add(round + ": the hard bounce " + bounce + " did not reach the CRM");
            }
        }
        traffic(round);
    }

    /** From the sandbox's request log: members created at most once, nothing suppressed sent 'subscribed'. */
    private void traffic(String round) {
        for (RecordedRequest request : world.sandbox.requests()) {
            if (!request.method().equals("POST") || !request.path().equals("/3.0/lists/" + world.list)) {
                continue;
            }
            JsonNode body = json(request.body());
            for (JsonNode member : body.path("members")) {
                String key = key(member.path("email_address").asText());
                Long at = suppressed.get(key);
                if (member.path("status").asText().equals("subscribed") && at != null
                        && request.receivedAt().toEpochMilli() > at) {
                    violations.add(round + ": 'subscribed' sent for " + key + " after its recipient opted out");
                }
            }
            for (JsonNode member : json(request.responseBody()).path("new_members")) {
                String key = key(member.path("email_address").asText());
                if (created.merge(key, 1, Integer::sum) > 1) {
                    violations.add(round + ": " + key + " was created a second time");
                }
            }
        }
        world.sandbox.clearRequests();
        long replays = world.crmRows("SELECT COALESCE(SUM(GREATEST(optouts_applied - 1, 0) + GREATEST(complaints_applied - 1, 0)), 0) "
                + "+ (SELECT COALESCE(SUM(applied - 1), 0) FROM bounces) AS n FROM customers").stream()
                .mapToLong(row -> ((Number) row.get("n")).longValue()).sum();
        Figures.detail("crash test: write-backs applied again after a kill (idempotent in effect)", replays - replaysSeen);
        replaysSeen = replays;
    }

    private long replaysSeen;
    /** How often each write-back was applied, as of the last round. */
    private final Map<String, Integer> applied = new HashMap<>();

    /**
     * Each write-back is applied once, or again once per kill of the round that made it (an acknowledgement lost
     * with the process); never again in a later round (a webhook delivered twice, or by webhook and by the event
     * pull, would show here).
     */
    private void applications(String round, int killed) {
        Map<String, Integer> now = new HashMap<>();
        for (Map<String, Object> row : world.crmRows("SELECT id, optouts_applied, complaints_applied FROM customers")) {
            now.put("opt-out of contact " + row.get("id"), ((Number) row.get("optouts_applied")).intValue());
            now.put("complaint of contact " + row.get("id"), ((Number) row.get("complaints_applied")).intValue());
        }
        for (Map<String, Object> row : world.crmRows("SELECT customer_id, email, applied FROM bounces")) {
            now.put("bounce " + row.get("customer_id") + "<" + row.get("email") + ">", ((Number) row.get("applied")).intValue());
        }
        now.forEach((writeBack, count) -> {
            int before = applied.getOrDefault(writeBack, 0);
            if (count <= before) {
                return; // not applied this round
            }
            if (before > 0) {
                violations.add(round + ": the " + writeBack + " was applied again in a later round (" + before + " → " + count + ")");
            } else if (count > 1 + killed) {
                violations.add(round + ": the " + writeBack + " was applied " + count + " times with " + killed + " kill(s)");
            }
        });
        applied.putAll(now);
    }

    private static JsonNode json(String text) {
        try {
            return text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String key(String email) {
        return Address.parse(email).key();
    }
}
