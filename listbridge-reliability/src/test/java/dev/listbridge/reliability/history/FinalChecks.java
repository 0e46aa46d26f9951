package dev.listbridge.reliability.history;

import dev.listbridge.reliability.Figures;
import dev.listbridge.sandbox.SandboxMember;
import dev.listbridge.spi.Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * After a history, with faults off and the world converged: the state store, the tool and the CRM against the
 * reference model, and the invariants that need the whole history.
 */
final class FinalChecks {
    private final HistoryWorld world;
    private final ReferenceModel model;
    private final Journal journal;
    private final List<Violation> violations = new ArrayList<>();

    private FinalChecks(HistoryWorld world, ReferenceModel model, Journal journal) {
        this.world = world;
        this.model = model;
        this.journal = journal;
    }

    static List<Violation> check(HistoryWorld world, ReferenceModel model, Journal journal) {
        FinalChecks checks = new FinalChecks(world, model, journal);
        checks.outbox();
        checks.members();
        checks.tool();
        checks.ledger();
        checks.suppressions();
        checks.writeBacks();
        checks.crm();
        checks.noSecondContact();
        checks.optOutsPulled();
        return checks.violations;
    }

    private void fail(String check, String detail) {
        violations.add(new Violation(check, detail));
    }

    /** I4: nothing journaled is still waiting. */
    private void outbox() {
        for (Map<String, Object> row : world.stateRows("SELECT kind, email_key, payload FROM outbox WHERE state = 'pending'")) {
            fail("I4", "an operation is still pending after the world converged: " + row);
        }
    }

    /** The engine's intended member state equals the model's. */
    private void members() {
        Map<String, Map<String, Object>> stored = new HashMap<>();
        for (Map<String, Object> row : world.stateRows("SELECT email_key, status, ownership, released, tags FROM member")) {
            stored.put((String) row.get("email_key"), row);
        }
        Set<String> keys = new TreeSet<>(stored.keySet());
        keys.addAll(model.members.keySet());
        for (String key : keys) {
            Map<String, Object> row = stored.get(key);
            ReferenceModel.Member expected = model.members.get(key);
            if (row == null || expected == null) {
                fail("M-members", key + ": state store " + row + ", model " + expected);
                continue;
            }
            String tags = (String) row.get("tags");
            Set<String> storedTags = tags == null || tags.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(tags.split("\n")));
            boolean released = ((Number) row.get("released")).intValue() != 0;
            if (!expected.status.equals(row.get("status")) || !expected.ownership.equals(row.get("ownership"))
                    || expected.released != released || !expected.tags.equals(storedTags)) {
                fail("M-members", key + ": state store " + row.get("status") + "/" + row.get("ownership")
                        + (released ? "/released" : "") + storedTags + ", model " + expected);
            }
        }
    }

    /** The tool holds what the engine intends, except where the tool refused it (then a dead letter says so). */
    private void tool() {
        Map<String, SandboxMember> inTool = new HashMap<>();
        for (SandboxMember member : world.sandbox.members(world.list)) {
            inTool.put(Address.parse(member.email()).key(), member);
        }
        Set<String> refused = world.stateRows("SELECT email_key FROM outbox WHERE state = 'dead'").stream()
                .map(row -> (String) row.get("email_key")).collect(Collectors.toSet());
        Set<String> confirmInstead = HistoryRunner.confirmInstead(world, journal);
        for (Map.Entry<String, ReferenceModel.Member> entry : model.members.entrySet()) {
            String key = entry.getKey();
            ReferenceModel.Member expected = entry.getValue();
            SandboxMember actual = inTool.remove(key);
            String status = actual == null ? "absent" : actual.status();
            if (optedOutByRecipient(expected) && !status.equals("unsubscribed") && !status.equals("cleaned") && !leftInTool(key)) {
                fail("I2", key + " was opted out in the tool by its recipient (" + expected.status + "), but the tool now has it "
                        + status + ": the suppression was undone (moved away, removed or re-subscribed)");
            }
            if (!expected.managed()) {
                continue;
            }
            boolean ok = switch (expected.status) {
                case "subscribed" -> status.equals("subscribed") || status.equals("pending") && confirmInstead.contains(key);
                case "pending" -> status.equals("pending");
                // a complaint after a hard bounce leaves the member cleaned: as inactive
                case "unsubscribed" -> status.equals("unsubscribed") || status.equals("cleaned") || status.equals("absent");
                case "archived" -> status.equals("archived") || status.equals("absent");
                default -> status.equals(expected.status);
            };
            if (!ok && refused.contains(key) && (status.equals("cleaned") || status.equals("unsubscribed")
                    || status.equals("pending") && expected.status.equals("archived"))) {
                continue; // the tool refused (compliance state, or a pending member cannot be archived); a dead letter says so
            }
            if (!ok && status.equals("absent") && leftInTool(key)) {
                // Known limit: polled, the tool reports the member only at its new address, and only a
                // subscribe or confirmation there carries the CRM key that lets Listbridge recognise the move.
                Figures.detail("known limit: address changed in the tool, then opted out before a cycle saw it", 1);
                continue;
            }
            if (!ok) {
                fail("I4", key + " is " + status + " in the tool, but Listbridge intends " + expected.status);
            } else if (expected.active() && actual != null && !refused.contains(key) && !leftInTool(key)) {
                fields(key, expected, actual);
            }
        }
        for (SandboxMember stray : inTool.values()) {
            if (!"Hosted Signup Form".equals(stray.source())) {
                // (a recipient's own signup that no cycle has reported yet, e.g. at an address its owner left, is theirs)
                fail("M-tool", stray.email() + " is in the tool (" + stray.status() + ", created through "
                        + stray.source() + ") but unknown to the model");
            }
        }
    }

    /** The recipient unsubscribed, bounced or complained, as last pulled: the tool must keep the address so. */
    private static boolean optedOutByRecipient(ReferenceModel.Member expected) {
        return "tool".equals(expected.statusBy) && ("unsubscribed".equals(expected.status) || "cleaned".equals(expected.status));
    }

    /** Whether the member of this address (or the one its contact had before) moved away in the tool unseen. */
    private boolean leftInTool(String key) {
        Set<String> contacts = model.ledger.all().stream().filter(link -> link.key.equals(key)).map(link -> link.contact)
                .collect(Collectors.toSet());
        return journal.addressesLeftInTool.contains(key) || journal.movedAfterUnseenMove.contains(key) || model.ledger.all().stream()
                .anyMatch(link -> contacts.contains(link.contact) && journal.addressesLeftInTool.contains(link.key));
    }

    /** The fields Listbridge last pushed and the tags it manages are on the member (a recipient may edit the name). */
    private void fields(String key, ReferenceModel.Member expected, SandboxMember actual) {
        // (a member recreated after its recipient moved it away unseen lacks the tags Listbridge thinks it has)
        Map<String, String> pushed = expected.pushedFields;
        if (pushed != null && (!Objects.equals(actual.mergeFields().get("CRMKEY"), pushed.get("CRMKEY"))
                || !journal.profilesEdited.contains(actual.contactId())
                && !Objects.equals(nullToEmpty(actual.mergeFields().get("FNAME")), pushed.get("FNAME")))) {
            fail("M-tool", key + " has fields " + actual.mergeFields() + " in the tool, Listbridge pushed " + pushed);
        }
        if (!new TreeSet<>(actual.tags()).equals(expected.tags) && !leftInTool(key)) {
            fail("M-tool", key + " has tags " + actual.tags() + " in the tool, Listbridge manages " + expected.tags);
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    /** The ledger equals the model's: contact, address, spelling and validity. */
    private void ledger() {
        List<String> stored = world.stateRows("SELECT contact_key, email, email_key, valid_from, valid_to FROM link").stream()
                .map(row -> row.get("contact_key") + "<" + row.get("email") + ">" + row.get("email_key") + "["
                        + row.get("valid_from") + ".." + (row.get("valid_to") == null ? "" : row.get("valid_to")) + "]")
                .sorted().toList();
        List<String> expected = model.ledger.all().stream()
                .map(link -> link.contact + "<" + link.spelled + ">" + link.key + "[" + link.from + ".."
                        + (link.to == null ? "" : link.to) + "]")
                .sorted().toList();
        if (!stored.equals(expected)) {
            fail("M-ledger", "state store " + stored + ", model " + expected);
        }
    }

    /** The suppression in force per address equals the model's. */
    private void suppressions() {
        Map<String, String> stored = new HashMap<>();
        for (Map<String, Object> row : world.stateRows("SELECT email_key, reason, occurred_at FROM suppression "
                + "WHERE lifted_at IS NULL ORDER BY occurred_at, id")) {
            stored.put((String) row.get("email_key"), (String) row.get("reason"));
        }
        Set<String> keys = new TreeSet<>(stored.keySet());
        keys.addAll(model.suppressions.keySet());
        for (String key : keys) {
            ReferenceModel.Suppression expected = model.inForce(key);
            String reason = expected == null ? null : expected.reason;
            if (!Objects.equals(reason, stored.get(key))) {
                fail("M-suppressions", key + ": state store " + stored.get(key) + ", model " + reason);
            }
        }
    }

    /**
     * I3: every opt-out and bounce a recipient made reached Listbridge (the model is fed with what the engine
     * pulled, so this is what checks the pull itself) — except one the recipient's next action replaced in the
     * tool before any pull could see it: a known limit of polling, counted.
     */
    private void optOutsPulled() {
        for (Journal.Suppressed s : journal.suppressed) {
            String reason = switch (s.kind()) {
                case "hard bounce" -> "hard_bounce";
                case "unsubscribe" -> "unsubscribed";
                default -> s.kind();
            };
            long at = s.at().toEpochMilli();
            // pulled, or the same opt-out was already in force when it came again (nothing new to apply)
            boolean pulled = model.suppressions.getOrDefault(s.key(), List.of()).stream()
                    .anyMatch(seen -> Math.abs(seen.at - at) < 1000
                            || seen.reason.equals(reason) && !seen.lifted && seen.at < at + 1000);
            if (pulled) {
                continue;
            }
            if (journal.overwritten.contains(s)) {
                Figures.detail("known limit: an opt-out replaced in the tool before a pull saw it", 1);
            } else if (model.possiblyOwnUnsubscribe.contains(s.key() + "@" + at / 1000)) {
                // the tool's time cannot tell it from Listbridge's own unsubscribe, whose answer was lost (docs/RELIABILITY.md)
                Figures.detail("known limit: an opt-out within about two minutes of Listbridge's own unsubscribe, its outcome unknown", 1);
            } else {
                fail("I3", "the recipient's " + s.kind() + " of " + s.key() + " at " + s.at() + " never reached Listbridge");
            }
        }
    }

    /** I3: each write-back the model expects reached the CRM, once in effect, and nothing else did. */
    private void writeBacks() {
        Map<String, Integer> applied = new HashMap<>();
        int acksLost = 0;
        for (ObservedCrm.Applied entry : world.observedCrm.applied()) {
            var w = entry.writeBack();
            applied.merge(text(w.statement(), w.key(), w.email(), w.newEmail(), w.occurredAt(), w.reason()), 1, Integer::sum);
            acksLost += entry.ackLost() ? 1 : 0;
        }
        Map<String, Integer> expected = new HashMap<>();
        for (ReferenceModel.WriteBack w : model.writeBacks) {
            expected.merge(text(w.statement(), w.key(), w.email(), w.newEmail(), w.occurredAt(), w.reason()), 1, Integer::sum);
        }
        int replays = 0;
        for (String key : expected.keySet()) {
            if (!applied.containsKey(key)) {
                fail("I3", "write-back never applied: " + key);
            }
        }
        for (Map.Entry<String, Integer> entry : applied.entrySet()) {
            Integer wanted = expected.get(entry.getKey());
            if (wanted == null) {
                fail("I3", "write-back the model does not expect (wrong contact, wrong address or no such event): " + entry.getKey());
            } else {
                replays += Math.max(0, entry.getValue() - wanted);
            }
        }
        if (replays > acksLost) {
            fail("I3", replays + " write-backs were applied again, but only " + acksLost + " acknowledgements were lost");
        }
    }

    private static String text(String statement, String key, String email, String newEmail, Instant at, String reason) {
        return statement + "(key=" + key + ", email=" + email + ", newEmail=" + newEmail + ", at=" + at + ", reason=" + reason + ")";
    }

    /** The CRM holds the write-backs' effects: opt-outs without newer consent, bounces per contact and address. */
    private void crm() {
        Set<String> bounces = new TreeSet<>();
        Map<String, Instant> optOuts = new HashMap<>();
        Map<String, Instant> confirmed = new HashMap<>();
        for (ReferenceModel.WriteBack w : model.writeBacks) {
            switch (w.statement()) {
                case "hardBounce" -> bounces.add(w.key() + "<" + w.email() + ">");
                case "unsubscribed", "complaint" -> optOuts.merge(w.key(), w.occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
                case "confirmed" -> confirmed.put(w.key(), w.occurredAt());
                default -> { }
            }
        }
        Set<String> storedBounces = world.crmRows("SELECT customer_id, email FROM bounces").stream()
                .map(row -> row.get("customer_id") + "<" + row.get("email") + ">").collect(Collectors.toCollection(TreeSet::new));
        if (!storedBounces.equals(bounces)) {
            fail("I3", "bounces in the CRM " + storedBounces + ", expected " + bounces);
        }
        for (Map<String, Object> row : world.crmRows("SELECT id, newsletter, consent_at, confirmed_at, created_by FROM customers")) {
            String key = String.valueOf(row.get("id"));
            boolean consentGiven = Boolean.TRUE.equals(journalConsent(key, row));
            Instant consentAt = (Instant) row.get("consent_at");
            Instant optOut = optOuts.get(key);
            boolean expected = consentGiven && (optOut == null || consentAt != null && !optOut.isAfter(consentAt));
            if (!Objects.equals(row.get("newsletter"), expected)) {
                fail("I3", "contact " + key + " has newsletter=" + row.get("newsletter") + ", expected " + expected
                        + " (last opt-out written back " + optOut + ", consent at " + consentAt + ")");
            }
            if (!Objects.equals(row.get("confirmed_at"), confirmed.get(key))) {
                fail("I3", "contact " + key + " confirmed_at " + row.get("confirmed_at") + ", expected " + confirmed.get(key));
            }
        }
    }

    /** The newsletter flag the CRM's own users last set (null when unknown). */
    private Boolean journalConsent(String key, Map<String, Object> row) {
        Boolean value = journal.consents.get(key);
        if (value == null && "listbridge".equals(row.get("created_by"))) {
            return Boolean.TRUE; // created from a signup with consent
        }
        return value;
    }

    /**
     * I1: a signup in the tool never creates a CRM contact for an address the ledger knew, nor for a person the
     * ledger knows under another address (a recipient who changed the address in the tool).
     */
    private void noSecondContact() {
        Map<String, Integer> created = new HashMap<>();
        // by the address each contact was created for: the CRM's users may give it another one later, even one that
        // another created contact holds (a shared address), and that is their doing
        for (Map<String, Object> row : world.crmRows("SELECT id, created_email AS email FROM customers WHERE created_by = 'listbridge'")) {
            String email = (String) row.get("email");
            if (email == null || !StepExecutor.valid(email)) {
                continue; // not an address this check can key
            }
            String key = Address.parse(email).key();
            created.merge(key, 1, Integer::sum);
            Set<String> others = new HashSet<>();
            for (ModelLedger.Link link : model.ledger.all()) {
                if (link.key.equals(key) && !link.contact.equals(String.valueOf(row.get("id")))) {
                    others.add(link.contact);
                }
            }
            boolean knownBefore = world.observedCrm.applied().stream()
                    .filter(applied -> applied.writeBack().statement().equals("signup")
                            && Address.parse(applied.writeBack().email()).key().equals(key))
                    .findFirst()
                    .map(first -> model.ledger.all().stream().anyMatch(link -> link.key.equals(key)
                            && !link.contact.equals(String.valueOf(row.get("id"))) && link.from < first.at().toEpochMilli()))
                    .orElse(false);
            if (knownBefore) {
                fail("I1", "contact " + row.get("id") + " <" + email + "> was created from the tool although the ledger "
                        + "knew the address (contacts " + others + ")");
            }
        }
        for (ObservedCrm.Applied applied : world.observedCrm.applied()) {
            if (applied.writeBack().statement().equals("signup")
                    && journal.addressesChangedInTool.contains(Address.parse(applied.writeBack().email()).key())) {
                fail("I1", "a contact was created for " + applied.writeBack().email() + " from the tool, but it is a known "
                        + "contact whose recipient changed the address in the tool (the member carries its CRM key)");
            }
        }
        created.forEach((key, count) -> {
            if (count > 1) {
                fail("I1", count + " contacts were created for " + key);
            }
        });
    }
}
