package dev.listbridge.reliability.history;

import dev.listbridge.engine.config.AddressChangePolicy;
import dev.listbridge.engine.config.InboundPolicy;
import dev.listbridge.engine.config.NewMemberPolicy;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.CrmContact;
import dev.listbridge.spi.InvalidAddressException;
import dev.listbridge.spi.RemoteMember;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.ToolEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A simple reference model of the audience policies (DESIGN.md 5 and 6), fed with exactly what the engine
 * was given in each cycle (the events it pulled, the contacts it read) and computing what the engine should
 * intend: per address the member's status, ownership and managed tags; the ledger; the suppressions; the CRM
 * write-backs. It has no outbox, batches, retries or faults: whatever those do, the end state must be this
 * one. The write-back statements' effects on the CRM are checked separately ({@link FinalChecks}).
 */
final class ReferenceModel {
    /** The member of one address, as intended: status, who set it, whether Listbridge may change it. */
    static final class Member {
        String status;
        String statusBy;
        long statusAt;
        String ownership;
        boolean released;
        Set<String> tags = new TreeSet<>();
        /** The fields Listbridge last pushed to this member (null: none yet). */
        Map<String, String> pushedFields;
        /** The tool's change time of the status Listbridge wrote, from the tool's answer (null: none). */
        Long writtenAt;

        Member(String status, String statusBy, long statusAt, String ownership) {
            this.status = status;
            this.statusBy = statusBy;
            this.statusAt = statusAt;
            this.ownership = ownership;
        }

        boolean managed() {
            return !released && ("created".equals(ownership) || "adopted".equals(ownership));
        }

        boolean active() {
            return "subscribed".equals(status) || "pending".equals(status);
        }

        @Override
        public String toString() {
            return status + "/" + statusBy + "/" + ownership + (released ? "/released" : "") + tags;
        }
    }

    /** An opt-out, hard bounce or complaint; {@code scope} is the audience or "*". */
    static final class Suppression {
        final String scope;
        final String reason;
        final long at;
        boolean lifted;

        Suppression(String scope, String reason, long at) {
            this.scope = scope;
            this.reason = reason;
            this.at = at;
        }
    }

    /** A write-back the engine must make: statement and bound values. */
    record WriteBack(String statement, String key, String email, String newEmail, Instant occurredAt, String reason) {
    }

    /** A contact as last synced: what decides whether it changed. */
    record Snapshot(String email, String key, boolean consent, Long consentAt, Map<String, String> fields,
                    TreeSet<String> tags) {
    }

    private static final String AUDIENCE = HistoryWorld.AUDIENCE;

    private final HistoryConfig config;
    private final Map<String, String> statements;
    /** The tags each member carried in the tool when its recipient moved it, by its new address's key (Journal). */
    private final Map<String, Set<String>> tagsMovedInTool;
    final ModelLedger ledger = new ModelLedger();
    final Map<String, Member> members = new TreeMap<>();
    final Map<String, List<Suppression>> suppressions = new HashMap<>();
    final Map<String, Snapshot> snapshots = new LinkedHashMap<>();
    final List<WriteBack> writeBacks = new ArrayList<>();
    /** Addresses the model has seen in a committed CRM read with a valid address (may be written to). */
    final Set<String> crmAddresses = new HashSet<>();
    private final Set<String> processed = new HashSet<>();
    /** How long the tool may still carry out a call after it was sent (the engine's PullPhase.CALL_MAY_RUN). */
    private static final long CALL_MAY_RUN = 120_000;
    /** Per address, the latest time an unsubscribe Listbridge sent may have been carried out. */
    private final Map<String, Long> unsubscribeMayHaveApplied = new HashMap<>();
    /** How far the tool's clock is ahead at most, as the engine knows it when it pulls (its state store's cursor). */
    long toolClockAhead = 300_000;
    /** Opt-outs ({@code key@second}) polled within that time of an unacknowledged unsubscribe: taken for its echo. */
    final Set<String> possiblyOwnUnsubscribe = new HashSet<>();
    private boolean cursor;
    /** The address keys where the current pull's single-member reads found a member. */
    private Set<String> held = Set.of();

    ReferenceModel(HistoryConfig config, Map<String, String> statements, Map<String, Set<String>> tagsMovedInTool) {
        this.config = config;
        this.statements = statements;
        this.tagsMovedInTool = tagsMovedInTool;
    }

    // ---- step 1: pull ----

    /**
     * A pull the engine committed: on the first one the members found are imported, events only complaints.
     * {@code held}: the address keys where the engine, reading single members, found one.
     */
    void pull(long now, List<RemoteMember> imported, List<ToolEvent> events, Set<String> held) {
        this.held = held;
        boolean first = !cursor;
        if (first && imported != null) {
            for (RemoteMember remote : imported) {
                String status = remote.status().name().toLowerCase(Locale.ROOT);
                long at = remote.lastChanged() == null ? now : remote.lastChanged().toEpochMilli();
                members.put(remote.address().key(), new Member(status, "tool", at, "foreign"));
                String reason = switch (remote.status()) {
                    case UNSUBSCRIBED -> "unsubscribed";
                    case CLEANED -> "hard_bounce";
                    case COMPLAINED -> "complaint";
                    default -> null;
                };
                if (reason != null) {
                    suppress(remote.address().key(), "unsubscribed".equals(reason) ? AUDIENCE : "*", reason, at);
                }
            }
        }
        for (ToolEvent event : events) {
            if (!processed.add(event.eventId())) {
                continue;
            }
            if (!first || event instanceof ToolEvent.Complained) {
                apply(event, now);
            }
        }
        cursor = true;
    }

    private void apply(ToolEvent event, long now) {
        String key = event.address().key();
        Member member = members.get(key);
        switch (event) {
            case ToolEvent.Unsubscribed e -> optOut(e, member, "unsubscribed", "unsubscribed", AUDIENCE);
            case ToolEvent.HardBounced e -> optOut(e, member, "cleaned", "hard_bounce", "*");
            case ToolEvent.Complained e -> optOut(e, member, "unsubscribed", "complaint", "*");
            case ToolEvent.Subscribed e -> subscribed(e, member);
            case ToolEvent.Archived e -> {
                if (member != null && !"archived".equals(member.status)) {
                    toolStatus(member, "archived", e.occurredAt()); // (archived already: our own archive coming back)
                }
            }
            case ToolEvent.AddressChanged e -> {
                for (ModelLedger.Link owner : ledger.owners(key, e.occurredAt().toEpochMilli())) {
                    writeBack("addressChanged", owner, e.newAddress().original(), e.occurredAt(), "address changed in tool");
                }
            }
            case ToolEvent.SoftBounced e -> { }
            case ToolEvent.ProfileChanged e -> { }
        }
    }

    /** An opt-out, hard bounce or complaint: suppressed, and written back to whoever held the address then. */
    private void optOut(ToolEvent event, Member member, String memberStatus, String reason, String scope) {
        String key = event.address().key();
        long at = event.occurredAt().toEpochMilli();
        boolean again = member != null && ("tool".equals(member.statusBy) && at > member.statusAt
                || member.writtenAt != null && at > member.writtenAt // acted again, unseen between
                || !"complaint".equals(reason) && notOurOwnUnsubscribe(key, member, memberStatus, at));
        if (!"complaint".equals(reason) && member != null && memberStatus.equals(member.status) && !again) {
            return; // what we already know, or our own write coming back
        }
        suppress(key, scope, reason, at);
        if (member == null) {
            members.put(key, new Member(memberStatus, "tool", at, "foreign"));
        } else if (!("complaint".equals(reason) && member.statusAt > at)) {
            toolStatus(member, memberStatus, event.occurredAt()); // (a complaint does not undo a later state the tool reported)
        }
        String statement = switch (reason) {
            case "hard_bounce" -> "hardBounce";
            case "complaint" -> statements.containsKey("complaint") ? "complaint" : "unsubscribed";
            default -> "unsubscribed";
        };
        for (ModelLedger.Link owner : ledger.owners(key, at)) {
            writeBack(statement, owner, null, event.occurredAt(), reason);
        }
    }

    /**
     * The status Listbridge set and wrote, never acknowledged with the tool's time: the recipient's own opt-out when
     * no attempt of Listbridge's unsubscribe can have been carried out (each answered 429 or 503), or when the change
     * is later than the last that may have been (plus the time the tool may still run a call, on the tool's clock as
     * the engine knows it). Otherwise it may be that write coming back: taken for it, and remembered (a known limit).
     */
    private boolean notOurOwnUnsubscribe(String key, Member member, String memberStatus, long at) {
        if (!"unsubscribed".equals(memberStatus) || !memberStatus.equals(member.status) || !"listbridge".equals(member.statusBy)
                || member.writtenAt != null) {
            return false;
        }
        Long attempted = unsubscribeMayHaveApplied.get(key);
        if (attempted == null || at > attempted + toolClockAhead + CALL_MAY_RUN) {
            return true;
        }
        possiblyOwnUnsubscribe.add(key + "@" + at / 1000);
        return false;
    }

    /** Listbridge sent an unsubscribe for the address at {@code at} that the tool may have carried out. */
    void unsubscribeAttempted(String key, long at) {
        unsubscribeMayHaveApplied.merge(key, at, Math::max);
    }

    private void subscribed(ToolEvent.Subscribed event, Member member) {
        String key = event.address().key();
        String status = event.status().name().toLowerCase(Locale.ROOT);
        if (member != null && status.equals(member.status)) {
            member.statusAt = Math.max(member.statusAt, event.occurredAt().toEpochMilli()); // seen so then
            member.writtenAt = null;
            return;
        }
        List<ModelLedger.Link> open = ledger.openLinksOf(key);
        if (member == null && movedInTool(event)) {
            return;
        }
        if (member == null && !ledger.everKnown(key)) {
            if (config.inbound() == InboundPolicy.CREATE && statements.containsKey("signup")) {
                writeBacks.add(new WriteBack("signup", "", event.address().original(), null, event.occurredAt(), "signup"));
            }
            members.put(key, new Member(status, "tool", event.occurredAt().toEpochMilli(), "foreign"));
            return;
        }
        if (open.isEmpty()) {
            // a retired address its recipient signed up again with: released, never changed by Listbridge again
            Member released = member != null ? member : new Member(status, "tool", 0, "foreign");
            toolStatus(released, status, event.occurredAt());
            released.released = true;
            members.put(key, released);
            return;
        }
        Member base = member != null ? member : new Member(status, "tool", 0, "foreign");
        boolean wasPending = "pending".equals(base.status);
        toolStatus(base, status, event.occurredAt());
        members.put(key, base);
        if (event.status() == SubscriptionStatus.SUBSCRIBED) {
            suppressions.getOrDefault(key, List.of()).stream()
                    .filter(s -> s.scope.equals(AUDIENCE) && s.reason.equals("unsubscribed"))
                    .forEach(s -> s.lifted = true);
            for (ModelLedger.Link owner : open) {
                writeBack("confirmed", owner, null, event.occurredAt(), wasPending ? "confirmed" : "resubscribed_in_tool");
            }
        }
    }

    /**
     * The tool answered an unsubscribe Listbridge wrote with the member's change time: kept while the member is
     * unsubscribed by Listbridge (a later poll of that status with a newer time is the recipient again).
     */
    void answered(String key, String status, long toolTime) {
        Member member = members.get(key);
        if (member != null && "unsubscribed".equals(status) && "listbridge".equals(member.statusBy)
                && status.equals(member.status)) {
            member.writtenAt = toolTime;
        }
    }

    private static void toolStatus(Member member, String status, Instant at) {
        member.status = status;
        member.statusBy = "tool";
        member.statusAt = at.toEpochMilli();
        member.writtenAt = null;
    }

    /** Per contact, the addresses its member was moved to in the tool (the ledger may never link them). */
    private final Map<String, Set<String>> movedTo = new HashMap<>();

    /**
     * A recipient changed the address in the tool: the member at an unknown address carries the CRM key of a
     * contact that holds its (managed) member's address alone, and no member is left there (a retired member of
     * the contact carries the key too). The member moves; the CRM is told.
     */
    private boolean movedInTool(ToolEvent.Subscribed event) {
        String contact = event.fields().get("CRMKEY");
        ModelLedger.Link from = contact == null || ledger.everKnown(event.address().key()) ? null : ledger.openLinkOf(contact)
                .filter(link -> !link.key.equals(event.address().key()))
                .filter(link -> ledger.openLinksOf(link.key).size() == 1)
                .filter(link -> members.containsKey(link.key) && members.get(link.key).managed())
                .filter(link -> ledger.all().stream().noneMatch(other -> other.contact.equals(contact) && !other.key.equals(link.key)
                        && members.containsKey(other.key) && members.get(other.key).managed() && members.get(other.key).active()))
                .filter(link -> movedTo.getOrDefault(contact, Set.of()).stream().noneMatch(key -> !key.equals(link.key)
                        && members.containsKey(key) && members.get(key).managed() && members.get(key).active()))
                .filter(link -> !held.contains(link.key))
                .orElse(null);
        if (from == null) {
            // a known person at a new address, but which contact moved is ambiguous: reported, never created
            boolean knownPerson = contact != null && ledger.all().stream().anyMatch(link -> link.contact.equals(contact));
            if (knownPerson && !ledger.everKnown(event.address().key())) {
                members.put(event.address().key(), new Member(event.status().name().toLowerCase(Locale.ROOT), "tool",
                        event.occurredAt().toEpochMilli(), "foreign"));
                return true;
            }
            return false;
        }
        Member old = members.remove(from.key);
        Member moved = new Member(event.status().name().toLowerCase(Locale.ROOT), "tool", event.occurredAt().toEpochMilli(),
                old.ownership);
        movedTo.computeIfAbsent(contact, c -> new TreeSet<>()).add(event.address().key());
        // the member keeps the tags it had in the tool: a managed tag whose add still waited for the old address is not
        // among them, and may not follow it there (I5) before the new address is a CRM contact's (seed 397542935)
        moved.tags = new TreeSet<>(tagsMovedInTool.getOrDefault(event.address().key(), old.tags));
        moved.pushedFields = old.pushedFields;
        members.put(event.address().key(), moved);
        for (ModelLedger.Link owner : ledger.owners(from.key, event.occurredAt().toEpochMilli())) {
            writeBack("addressChanged", owner, event.address().original(), event.occurredAt(), "address changed in tool");
        }
        return true;
    }

    private void suppress(String key, String scope, String reason, long at) {
        suppressions.computeIfAbsent(key, k -> new ArrayList<>()).add(new Suppression(scope, reason, at));
    }

    private void writeBack(String statement, ModelLedger.Link owner, String newEmail, Instant at, String reason) {
        if (statements.containsKey(statement)) {
            writeBacks.add(new WriteBack(statement, owner.contact, owner.spelled, newEmail, at, reason));
        }
    }

    /** The newest suppression in force for an address. */
    Suppression inForce(String key) {
        Suppression newest = null;
        for (Suppression s : suppressions.getOrDefault(key, List.of())) {
            if (!s.lifted && (newest == null || s.at >= newest.at)) {
                newest = s;
            }
        }
        return newest;
    }

    // ---- steps 2 to 4: read, diff, plan ----

    /** A diff the engine committed, over the contacts it read, at {@code now}. */
    void diff(long now, List<CrmContact> contacts) {
        Set<String> seen = new HashSet<>();
        for (CrmContact contact : contacts) {
            seen.add(contact.key());
            Address address;
            try {
                address = Address.parse(contact.email());
                if (address.utf8LocalPart()) {
                    continue; // Mailchimp takes no SMTPUTF8 addresses: reported as invalid, never pushed
                }
            } catch (InvalidAddressException e) {
                continue; // reported, never pushed; the contact keeps what it had
            }
            crmAddresses.add(address.key());
            Snapshot row = snapshot(contact, address);
            Snapshot before = snapshots.get(contact.key());
            if (row.equals(before)) {
                continue;
            }
            ModelLedger.Link link = ledger.openLinkOf(contact.key()).orElse(null);
            if (before == null || link == null) {
                if (link == null) {
                    ledger.open(contact.key(), address.key(), address.original(), now, null);
                }
                presence(now, contact.key(), row, null, null);
            } else if (!before.key().equals(address.key())) {
                addressChanged(now, contact.key(), before, link, row);
            } else {
                link.spelled = address.original();
                presence(now, contact.key(), row, before, null);
            }
            snapshots.put(contact.key(), row);
        }
        List<String> leavers = snapshots.keySet().stream().filter(key -> !seen.contains(key)).sorted().toList();
        for (String contact : leavers) {
            Snapshot left = snapshots.remove(contact);
            ledger.openLinkOf(contact).ifPresent(link -> link.to = now);
            Member member = members.get(left.key());
            if (member != null && member.managed() && member.active() && ledger.openLinksOf(left.key()).isEmpty()) {
                switch (config.onLeave()) {
                    case UNSUBSCRIBE -> setStatus(member, "unsubscribed", now);
                    case ARCHIVE -> setStatus(member, "archived", now);
                    case KEEP -> { }
                }
            }
        }
    }

    private static Snapshot snapshot(CrmContact contact, Address address) {
        Map<String, String> fields = new TreeMap<>();
        fields.put("FNAME", contact.attributes().getOrDefault("first_name", ""));
        fields.put("CRMKEY", contact.key());
        TreeSet<String> tags = new TreeSet<>();
        String segment = contact.attributes().get("segment");
        if (segment != null && !segment.isBlank()) {
            tags.add(segment.strip());
        }
        Long consentAt = contact.consentAt() == null ? null : contact.consentAt().toEpochMilli();
        return new Snapshot(address.original(), address.key(), contact.consent(), consentAt, fields, tags);
    }

    private void presence(long now, String contact, Snapshot row, Snapshot before, String forcedStatus) {
        String key = row.key();
        Member member = members.get(key);
        if (member != null && member.released) {
            return;
        }
        if (!row.consent()) {
            if (member != null && member.managed() && member.active() && !sharedWithConsent(contact, key)) {
                setStatus(member, "unsubscribed", now);
            }
            return;
        }
        if (member != null && member.active()) {
            if (!owner(contact, row)) {
                return;
            }
            boolean adopt = !member.managed();
            if (adopt) {
                member.ownership = "adopted";
            }
            // the owner's fields are pushed when they change and when the owner arrives: new, moved to this
            // address, consenting again, or adopting the member
            boolean arrived = before == null || !before.consent() || !before.key().equals(key);
            if (adopt || arrived || !before.fields().equals(row.fields())) {
                setStatus(member, member.status, now); // with the status the member has
                member.pushedFields = row.fields();
            }
            member.tags = new TreeSet<>(row.tags());
            return;
        }
        Suppression suppression = inForce(key);
        boolean consentNewer = suppression != null && row.consentAt() != null && row.consentAt() > suppression.at;
        if (suppression != null && !consentNewer) {
            if (member != null && "foreign".equals(member.ownership)) {
                member.ownership = "adopted";
                String statement = switch (suppression.reason) {
                    case "hard_bounce" -> "hardBounce";
                    case "complaint" -> statements.containsKey("complaint") ? "complaint" : "unsubscribed";
                    default -> "unsubscribed";
                };
                if (statements.containsKey(statement)) {
                    writeBacks.add(new WriteBack(statement, contact, row.email(), null, Instant.ofEpochMilli(suppression.at),
                            suppression.reason));
                }
            }
            return;
        }
        if (member != null && "archived".equals(member.status) && "tool".equals(member.statusBy)
                && (row.consentAt() == null || row.consentAt() <= member.statusAt)) {
            return; // archived by hand in the tool: only newer consent brings it back
        }
        ModelLedger.Link link = ledger.openLinkOf(contact).orElse(null);
        if (link != null && link.freshConsentAfter != null
                && (row.consentAt() == null || row.consentAt() <= link.freshConsentAfter)) {
            return; // drop: the new address waits for fresh consent
        }
        String status = forcedStatus != null ? forcedStatus
                : config.newMembers() == NewMemberPolicy.PENDING ? "pending" : "subscribed";
        Member target = member != null ? member : new Member("none", "listbridge", now, "created");
        if ("foreign".equals(target.ownership)) {
            target.ownership = "adopted";
        }
        setStatus(target, status, now);
        Snapshot carried = carried(contact, row); // the owner's fields, whoever's consent brings the member (back)
        target.pushedFields = carried.fields();
        target.tags = new TreeSet<>(carried.tags());
        members.put(key, target);
    }

    private void addressChanged(long now, String contact, Snapshot before, ModelLedger.Link link, Snapshot row) {
        AddressChangePolicy policy = config.addressChange();
        link.to = now;
        Member old = members.get(before.key());
        boolean oldStillUsed = !ledger.openLinksOf(before.key()).isEmpty();
        Member target = members.get(row.key());
        Member renamed = null;
        if (old != null && old.managed() && old.active() && !oldStillUsed) {
            boolean canRename = policy == AddressChangePolicy.TRANSFER && row.consent() && target == null
                    && inForce(row.key()) == null;
            if (canRename) {
                members.remove(before.key());
                renamed = new Member(old.status, "listbridge", now, old.ownership);
                renamed.tags = old.tags;
                renamed.pushedFields = old.pushedFields;
                members.put(row.key(), renamed);
            } else {
                setStatus(old, "unsubscribed", now);
            }
        }
        ledger.open(contact, row.key(), row.email(), now, policy == AddressChangePolicy.DROP ? now : null);
        if (renamed != null) {
            if (!before.fields().equals(row.fields())) {
                renamed.pushedFields = row.fields();
            }
            renamed.tags = new TreeSet<>(row.tags());
            return;
        }
        presence(now, contact, row, before, policy == AddressChangePolicy.RECONFIRM ? "pending" : null);
    }

    private static void setStatus(Member member, String status, long now) {
        member.status = status;
        member.statusBy = "listbridge";
        member.statusAt = now;
        member.writtenAt = null;
    }

    /**
     * Whether the contact owns its (shared) address under the rule (README, "Shared addresses"): the lowest key among
     * the holders that consent, else among all holders; the contact's own consent is its row's, the others' as last
     * synced.
     */
    private boolean owner(String contact, Snapshot row) {
        return ownerKey(contact, row).equals(contact);
    }

    private String ownerKey(String contact, Snapshot row) {
        List<String> holders = ledger.openLinksOf(row.key()).stream().map(link -> link.contact).toList();
        if (holders.size() <= 1) {
            return contact;
        }
        List<String> consenting = holders.stream().filter(other -> other.equals(contact) ? row.consent()
                : snapshots.containsKey(other) && snapshots.get(other).consent()).toList();
        return (consenting.isEmpty() ? holders : consenting).stream().min(ModelLedger.KEY_ORDER).orElseThrow();
    }

    /** The snapshot whose fields and tags the member of the contact's address carries: its owner's. */
    private Snapshot carried(String contact, Snapshot row) {
        String owner = ownerKey(contact, row);
        return owner.equals(contact) || !snapshots.containsKey(owner) ? row : snapshots.get(owner);
    }

    private boolean sharedWithConsent(String contact, String key) {
        for (ModelLedger.Link other : ledger.openLinksOf(key)) {
            if (!other.contact.equals(contact)) {
                Snapshot snapshot = snapshots.get(other.contact);
                if (snapshot != null && snapshot.consent()) {
                    return true;
                }
            }
        }
        return false;
    }

}
