package dev.listbridge.reliability.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.listbridge.engine.CycleOutcome;
import dev.listbridge.engine.CycleReport;
import dev.listbridge.reliability.crm.CrmFaults;
import dev.listbridge.sandbox.RecordedRequest;
import dev.listbridge.sandbox.SandboxMember;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.CrmContact;
import dev.listbridge.spi.ToolEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one history in a fresh {@link HistoryWorld}: each step moves the clock and acts; each cycle's inputs
 * (events pulled, contacts read) feed the {@link ReferenceModel} and its traffic is checked
 * ({@link TrafficChecks}). At the end faults are switched off, cycles run until nothing changes any more, and
 * {@link FinalChecks} compare everything with the model.
 */
final class HistoryRunner {
    /** Cycles allowed to settle after the last step, faults off. */
    static final int SETTLING_CYCLES = 8;

    /** What a history did and found. */
    record Result(List<Violation> violations, int steps, List<String> faults, int cycles) {
        boolean failed() {
            return !violations.isEmpty();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private HistoryRunner() {
    }

    static Result run(Lab lab, HistoryConfig config, List<Step> steps) {
        try (HistoryWorld world = new HistoryWorld(lab, config, lab.nextName())) {
            world.sandbox.clearRequests();
            Journal journal = new Journal();
            ReferenceModel model = new ReferenceModel(config, HistoryWorld.WRITE_BACK, journal.tagsMovedInTool);
            StepExecutor executor = new StepExecutor(world, journal);
            List<Violation> violations = new ArrayList<>();
            for (Step step : steps) {
                lab.clock.advance(Duration.ofSeconds(step.seconds()));
                if (step.action() instanceof Step.Sync) {
                    cycle(world, model, journal, violations);
                    world.sandbox.faults().clear(); // a fault step aims at the next cycle only
                    CrmFaults.clear();
                } else {
                    executor.execute(step.action());
                }
            }
            world.sandbox.faults().clear();
            CrmFaults.clear();
            settle(world, model, journal, violations);
            violations.addAll(FinalChecks.check(world, model, journal));
            return new Result(List.copyOf(violations), steps.size(), journal.faults, journal.cycles);
        }
    }

    private static CycleReport cycle(HistoryWorld world, ReferenceModel model, Journal journal, List<Violation> violations) {
        Instant now = world.lab.clock.instant();
        model.toolClockAhead = world.stateRows("SELECT value FROM cursor_state WHERE name = 'tool.clockAheadAtMost'").stream()
                .map(row -> Long.parseLong((String) row.get("value"))).findFirst().orElse(300_000L);
        CycleReport report = world.sync();
        awaitQuiet(world);
        confirmInstead(world, journal);
        List<ToolEvent> pulled = world.observedTool.completedPull();
        if (pulled != null && world.observedCrm.readAttempted()) {
            journal.sincePull.clear();
            model.pull(now.toEpochMilli(), world.observedTool.completedImport(), pulled, world.observedTool.heldAt());
        }
        List<CrmContact> read = world.observedCrm.completedRead();
        boolean planned = read != null && report.outcome() != CycleOutcome.HELD
                && report.messages().stream().noneMatch(message -> message.startsWith("duplicate CRM keys"));
        if (planned) {
            model.diff(now.toEpochMilli(), read);
            journal.reads.add(new Journal.Read(now, read));
        }
        List<RecordedRequest> requests = world.sandbox.requests();
        answered(world, model, requests);
        if (Boolean.getBoolean("reliability.trace")) {
            System.out.println("cycle at " + now + ": " + report.outcome() + " " + report.counts() + " " + report.samples() + " " + report.messages());
            System.out.println("  pulled " + pulled + (world.observedCrm.readAttempted() ? "" : " (not committed)"));
            System.out.println("  read " + read);
            System.out.println("  model " + model.members);
            System.out.println("  store " + world.stateRows("SELECT email_key, status, status_by, ownership, released, tags FROM member"));
            System.out.println("  links " + model.ledger.all());
        }
        world.sandbox.clearRequests();
        violations.addAll(TrafficChecks.check(world, model, journal, requests));
        journal.cycles++;
        return report;
    }

    /**
     * The addresses sent to double opt-in instead (see {@link Journal#confirmInstead}), with those the outbox holds now.
     */
    static Set<String> confirmInstead(HistoryWorld world, Journal journal) {
        world.stateRows("SELECT email_key FROM outbox WHERE payload LIKE '%consent newer than the tool''s opt-out%'")
                .forEach(row -> journal.confirmInstead.add((String) row.get("email_key")));
        return journal.confirmInstead;
    }

    /**
     * The tool's change times in the answers to Listbridge's batch status writes (the engine keeps them to tell its
     * own write coming back from the recipient acting again). An answer the client gave up on counts as well: its
     * replay is answered with the same time, since an unchanged member is not touched.
     */
    private static void answered(HistoryWorld world, ReferenceModel model, List<RecordedRequest> requests) {
        String batch = "/3.0/lists/" + world.list;
        for (RecordedRequest request : requests) {
            if (!request.method().equals("POST") || !request.path().equals(batch) || NOT_HANDLED.contains(request.status())) {
                continue;
            }
            JsonNode answer = request.status() == 200 ? readAnswer(request) : null;
            unsubscribesAttempted(model, request, answer);
            if (answer == null) {
                continue;
            }
            try {
                for (String part : List.of("new_members", "updated_members")) {
                    for (JsonNode member : answer.path(part)) {
                        String changed = member.path("last_changed").asText("");
                        if (!changed.isEmpty()) {
                            model.answered(Address.parse(member.path("email_address").asText()).key(),
                                    member.path("status").asText(), OffsetDateTime.parse(changed).toInstant().toEpochMilli());
                        }
                    }
                }
            } catch (RuntimeException unreadable) {
                // a body cut on purpose: the client could not read it either
            }
        }
    }

    /** The batch answer the sandbox meant to send, or null when it is not JSON. */
    private static JsonNode readAnswer(RecordedRequest request) {
        try {
            return JSON.readTree(request.responseBody());
        } catch (JsonProcessingException | RuntimeException unreadable) {
            return null;
        }
    }

    /** Answers that prove the request was not handled (the Mailchimp connector's RetriableException.notCarriedOut). */
    private static final java.util.Set<Integer> NOT_HANDLED = java.util.Set.of(408, 429, 503);

    /**
     * The unsubscribes of a batch request the sandbox may have carried out (answered, or failed after it got it).
     * A member the answer lists as refused was not, when the client read that answer (it knows, as the model does).
     */
    private static void unsubscribesAttempted(ReferenceModel model, RecordedRequest request, JsonNode answer) {
        java.util.Set<String> refused = new java.util.HashSet<>();
        if (answer != null && !request.answerLost()) {
            try {
                for (JsonNode error : answer.path("errors")) {
                    refused.add(Address.parse(error.path("email_address").asText()).key());
                }
            } catch (RuntimeException unreadable) {
                // not the batch answer: the unsubscribes after it count
            }
        }
        try {
            for (JsonNode member : JSON.readTree(request.body()).path("members")) {
                if (!"unsubscribed".equals(member.path("status").asText())) {
                    continue;
                }
                String key = Address.parse(member.path("email_address").asText()).key();
                if (!refused.contains(key)) {
                    model.unsubscribeAttempted(key, request.receivedAt().toEpochMilli());
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the connector sent a batch that is not JSON", e);
        }
    }

    /** Cycles until one is done and changes nothing in the tool, the CRM or the state store's members. */
    private static void settle(HistoryWorld world, ReferenceModel model, Journal journal, List<Violation> violations) {
        String last = null;
        for (int i = 0; i < SETTLING_CYCLES; i++) {
            world.lab.clock.advance(Duration.ofSeconds(1));
            String before = fingerprint(world);
            CycleReport report = cycle(world, model, journal, violations);
            String after = fingerprint(world);
            if (report.outcome() == CycleOutcome.DONE && before.equals(after) && i > 0) {
                return;
            }
            last = report.outcome() + " " + report.messages();
        }
        violations.add(new Violation("I4", "the world did not settle within " + SETTLING_CYCLES
                + " cycles with faults off; last cycle: " + last));
    }

    private static String fingerprint(HistoryWorld world) {
        StringBuilder text = new StringBuilder();
        for (SandboxMember member : world.sandbox.members(world.list)) {
            text.append(member.email()).append(member.status()).append(member.mergeFields()).append(member.tags()).append('|');
        }
        text.append(world.crmRows("SELECT * FROM customers ORDER BY id"));
        text.append(world.crmRows("SELECT * FROM bounces ORDER BY customer_id, email"));
        text.append(world.stateRows("SELECT email_key, status, ownership, released, tags FROM member ORDER BY email_key"));
        return text.toString();
    }

    /** Waits until the sandbox holds no request any more (answers delayed on purpose finish in the background). */
    static void awaitQuiet(HistoryWorld world) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (world.sandbox.inFlightRequests() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }
}
