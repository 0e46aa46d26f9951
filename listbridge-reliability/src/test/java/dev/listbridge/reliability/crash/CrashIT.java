package dev.listbridge.reliability.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.listbridge.reliability.Figures;
import dev.listbridge.reliability.Figures.Count;
import dev.listbridge.reliability.Sizes;
import dev.listbridge.sandbox.RecordedRequest;
import dev.listbridge.sandbox.SandboxMember;
import dev.listbridge.spi.Address;
import dev.listbridge.testing.JavaProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test (docs/RELIABILITY.md, part 2): {@code listbridge sync} in a JVM of its own, SIGKILLed at a
 * moment of the cycle each round aims at (during the CRM read, between journaling and the tool call, between
 * the tool call and its acknowledgement, during the write-back, or any time), then restarted until a run ends
 * with exit 0. After each round: the tool holds what the CRM says, every opt-out, complaint and bounce reached
 * the CRM (the statements count replays), no member was created twice and no suppression was undone.
 *
 * <p>Extension point: once {@code listbridge run} exists, a second test runs the daemon with the same world
 * and kills, and waits for a finished cycle in the state store's {@code run} table instead of exit 0.
 */
class CrashIT {
    /** What a kill aims at, and how that moment is widened and recognised. */
    enum Phase { CRM_READ, BEFORE_TOOL_CALL, BEFORE_ACK, WRITE_BACK, AFTER_CRM_COMMIT, ANY_TIME }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);
    private static final Duration WIDENED = Duration.ofMillis(2500);
    private static final String[] NAMES = {"Ada", "Bo", "Cem", "Dana", "Eli", "Fay", "Gil", "Hana", "Ida", "Jo"};
    private static final String[] SEGMENTS = {"B2C", "B2B", null};

    private CrashWorld world;
    private Random random;
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
    void sigkill_at_any_moment_of_a_sync_loses_nothing_and_duplicates_nothing(@TempDir Path folder) {
        long seed = Sizes.seed();
        random = new Random(seed);
        int target = Sizes.kills();
        int kills = 0;
        try (CrashWorld crashWorld = new CrashWorld(folder)) {
            world = crashWorld;
            workload();
            round(Phase.ANY_TIME, false); // the first push, without a kill
            verify("the first push");
            for (int round = 0; kills < target && round < target * 2; round++) {
                Phase phase = Phase.values()[round % Phase.values().length];
                workload();
                kills += round(phase, true);
                verify("round " + round + " (" + phase + ")");
            }
        }
        Figures.add(Count.KILLS, kills);
        Figures.add(Count.VIOLATIONS, violations.size());
        assertThat(kills).as("kills (seed %d)", seed).isGreaterThanOrEqualTo(target);
        assertThat(violations).as("seed %d: %d kills", seed, kills).isEmpty();
    }

    /** One sync, killed at {@code phase} when {@code kill}, then restarted until it ends with exit 0; returns the kills. */
    private int round(Phase phase, boolean kill) {
        int kills = 0;
        if (kill) {
            arm(phase);
            JavaProcess process = sync();
            String hit = awaitAndKill(process, phase);
            disarm();
            if (hit != null) {
                kills++;
                Figures.detail("kills at " + hit, 1);
            } else {
                Figures.detail("runs that ended before the aimed-at moment (" + phase + ")", 1);
            }
            if (hit != null && random.nextInt(4) == 0) {
                // the restart dies too, at any moment
                JavaProcess again = sync();
                LockSupport.parkNanos(Duration.ofMillis(300 + random.nextInt(2500)).toNanos());
                if (again.alive()) {
                    again.kill();
                    kills++;
                    Figures.detail("kills at " + classify() + " (a restart killed again)", 1);
                }
            }
        }
        for (int attempt = 0; ; attempt++) {
            JavaProcess process = sync();
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

    private JavaProcess sync() {
        runs++;
        return CliProcess.start(world.folder, "run-" + runs, world.environment, "sync", "-c", world.config.toString());
    }

    private void arm(Phase phase) {
        switch (phase) {
            case CRM_READ -> world.pause("read", 25);
            case BEFORE_TOOL_CALL -> world.sandbox.faults().delay("GET", "/lists/[^/]+/merge-fields", WIDENED, 1);
            case BEFORE_ACK -> world.sandbox.faults().delayAnswer("POST", "/lists/[^/]+", WIDENED, 1);
            case WRITE_BACK -> world.pause("writeback", 500);
            case AFTER_CRM_COMMIT -> world.pause("writeback", 200);
            case ANY_TIME -> { }
        }
    }

    private void disarm() {
        world.pause("read", 0);
        world.pause("writeback", 0);
        world.sandbox.faults().clear();
    }

    /** Waits for the aimed-at moment and kills; returns where the kill hit, or null if the run ended first. */
    private String awaitAndKill(JavaProcess process, Phase phase) {
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        long anyTime = System.nanoTime() + Duration.ofMillis(400 + random.nextInt(4000)).toNanos();
        while (process.alive() && System.nanoTime() < deadline) {
            boolean reached = switch (phase) {
                case CRM_READ -> world.crmRuns("SELECT * FROM (");
                case BEFORE_TOOL_CALL, BEFORE_ACK -> world.sandbox.faults().pending() == 0 && world.sandbox.inFlightRequests() > 0;
                case WRITE_BACK, AFTER_CRM_COMMIT -> world.crmRuns("UPDATE customers") || world.crmRuns("INSERT INTO bounces");
                case ANY_TIME -> System.nanoTime() >= anyTime;
            };
            if (reached && phase == Phase.AFTER_CRM_COMMIT) {
                return killAfterCommit(process);
            }
            if (reached) {
                LockSupport.parkNanos(Duration.ofMillis(random.nextInt(400)).toNanos());
                process.kill();
                return phase == Phase.ANY_TIME ? classify() : phase.name().toLowerCase(Locale.ROOT).replace('_', ' ');
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
            switch (random.nextInt(5)) {
                case 0 -> {
                    world.sandbox.hardBounce(world.list, member.email());
                    bounced.add(contact + "<" + member.email() + ">");
                }
                case 1 -> {
                    world.sandbox.complain(world.list, member.email(), "campaign-" + runs);
                    optedOut.add(contact);
                }
                default -> {
                    world.sandbox.unsubscribe(world.list, member.email(), "crash test");
                    optedOut.add(contact);
                }
            }
            suppressed.put(key, now);
            frozen.add(contact);
        }
    }

    private List<Integer> contacts() {
        return world.crmRows("SELECT id FROM customers ORDER BY id").stream().map(row -> (Integer) row.get("id")).toList();
    }

    /** After a round converged: everything the class javadoc promises. */
    private void verify(String round) {
        for (Map<String, Object> row : world.stateRows("SELECT kind, email_key FROM outbox WHERE state = 'pending'")) {
            violations.add(round + ": still pending after exit 0: " + row);
        }
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
