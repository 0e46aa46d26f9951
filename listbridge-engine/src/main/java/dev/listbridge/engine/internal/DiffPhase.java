package dev.listbridge.engine.internal;

import dev.listbridge.engine.CycleReport;
import dev.listbridge.engine.config.AddressChangePolicy;
import dev.listbridge.engine.config.NewMemberPolicy;
import dev.listbridge.engine.config.SharedAddressRule;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.CrmContact;
import dev.listbridge.spi.InvalidAddressException;
import dev.listbridge.store.Hash64;
import dev.listbridge.store.LinkRow;
import dev.listbridge.store.MemberRow;
import dev.listbridge.store.SnapshotIndex;
import dev.listbridge.store.SnapshotRow;
import dev.listbridge.store.StateTx;
import dev.listbridge.store.SuppressionRow;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Steps 3 and 4 of a cycle: compare each CRM contact with its last-synced snapshot and plan the
 * operations the audience's policies call for, journaling them in the outbox.
 *
 * <p>A full cycle loads the {@link SnapshotIndex} first (or takes the last full cycle's, {@link KeptIndex}): a
 * contact whose row sum equals its snapshot's costs a hash and a binary search, and is marked seen in a bit set by
 * its index position. Every other contact (new, changed, or in an incremental cycle, every one) takes the database
 * way, a page of {@link #PAGE} such contacts at a time (see {@link PlanPage}): their keys go to the {@code seen_key}
 * table, which finds duplicate keys exactly, their snapshots are read, and they are planned in the order read. A key
 * whose snapshot existed before the cycle is the one at its hash's index position (only one snapshot has that hash,
 * else the index has no position for it), so the database way marks that position too, and a
 * position marked twice is a duplicate key. Memory does not grow with the number of unchanged contacts.
 */
final class DiffPhase {
    /** Changed contacts planned together: their lookups are one IN query per table, their writes one batch. */
    static final int PAGE = 500;
    private final Cycle cycle;
    private final StateTx tx;
    private final RowSums rowSums;
    /** The snapshots before this cycle (full cycles), or null: every contact goes the database way. */
    private final SnapshotIndex index;
    /** An incremental cycle's keys (null in a full cycle): other contacts are ignored, whatever the CRM source returns. */
    private final Set<String> onlyKeys;
    private final BitSet seen;
    /** Where a full cycle records what it saved, for the index kept after it; null when none is kept. */
    private final SavedRowSums saved;
    private final List<String> duplicates = new ArrayList<>();
    /** What planning reads and writes, a page of changed contacts at a time. */
    private final PlanPage page;
    private List<Changed> waiting = new ArrayList<>();
    private int leftSinceFlush;
    private long read;
    private long removals;

    /**
     * A full cycle's diff against the snapshots in {@code index}, recording in {@code saved} (unless null) the row sums
     * it leaves at the index's positions.
     */
    static DiffPhase full(Cycle cycle, StateTx tx, SnapshotIndex index, SavedRowSums saved) {
        return new DiffPhase(cycle, tx, index, null, saved);
    }

    /** An incremental cycle's diff of the contacts with these keys. */
    static DiffPhase only(Cycle cycle, StateTx tx, Set<String> keys) {
        return new DiffPhase(cycle, tx, null, keys, null);
    }

    private DiffPhase(Cycle cycle, StateTx tx, SnapshotIndex index, Set<String> onlyKeys, SavedRowSums saved) {
        this.cycle = cycle;
        this.tx = tx;
        this.rowSums = new RowSums(cycle.audience, cycle.capabilities);
        this.index = index;
        this.onlyKeys = onlyKeys;
        this.seen = index == null ? null : new BitSet(index.size());
        this.saved = saved;
        this.page = new PlanPage(tx, cycle.name(), cycle.consentWrittenBack);
    }

    List<String> duplicates() {
        return duplicates;
    }

    /** Unsubscribes and archives planned in this cycle, for the blast-radius guard. */
    long removals() {
        return removals;
    }

    /** Contacts read so far. */
    long read() {
        return read;
    }

    void onContact(CrmContact contact) {
        if (onlyKeys != null && !onlyKeys.contains(contact.key())) {
            return; // a CRM source written before selections had keys (SPI 1.0) returns every contact
        }
        if (read++ == 0) {
            cycle.report.count(CycleReport.CONTACTS_READ); // the rest is added at the end, see finishReading
        }
        long rowSum = rowSums.of(contact);
        long keyHash = index == null ? 0 : Hash64.of(contact.key());
        int position = index == null ? -1 : index.find(keyHash);
        if (position >= 0 && index.rowSum(position) == rowSum && !seen.get(position)) {
            seen.set(position); // unchanged
            return;
        }
        waiting.add(new Changed(contact, rowSum, position, position < 0 && index != null && !index.holds(keyHash)));
        if (waiting.size() == PAGE) {
            planWaiting();
        }
    }

    /**
     * A contact the triage could not settle, waiting to be planned with its page; {@code withoutSnapshot}: its key
     * had no snapshot when the cycle began (a full cycle's index holds no snapshot with its key hash).
     */
    private record Changed(CrmContact contact, long rowSum, int position, boolean withoutSnapshot) {
    }

    /**
     * Plans the waiting contacts in the order they were read, one {@link PlanPage} for all of them. An unchanged
     * contact read after a changed one with the same key (a duplicate) is marked seen before it: the changed one
     * then finds its position marked and is the duplicate named, instead of the unchanged one; either way the
     * cycle stops on it.
     */
    private void planWaiting() {
        if (waiting.isEmpty()) {
            return;
        }
        List<Changed> changed = waiting;
        waiting = new ArrayList<>(PAGE);
        List<String> keys = new ArrayList<>(changed.size());
        List<CrmContact> contacts = new ArrayList<>(changed.size());
        Set<String> withoutSnapshot = new HashSet<>();
        for (Changed one : changed) {
            keys.add(one.contact().key());
            contacts.add(one.contact());
            if (one.withoutSnapshot()) {
                withoutSnapshot.add(one.contact().key());
            }
        }
        List<Boolean> firstTimes = tx.seenKeys().addAll(cycle.runId, keys);
        page.lookUp(contacts, withoutSnapshot);
        for (int i = 0; i < changed.size(); i++) {
            Changed one = changed.get(i);
            plan(one.contact(), one.rowSum(), one.position(), firstTimes.get(i));
        }
        page.flush();
    }

    private void plan(CrmContact contact, long rowSum, int position, boolean firstTime) {
        if (!firstTime) {
            duplicates.add(contact.key());
            return;
        }
        SnapshotRow snapshot = page.snapshot(contact.key());
        if (position >= 0 && snapshot != null) {
            // a key not seen before in this cycle whose snapshot exists is the one at its hash's position
            if (seen.get(position)) {
                duplicates.add(contact.key());
                return;
            }
            seen.set(position);
        }
        if (!duplicates.isEmpty()) {
            return; // nothing is planned once a duplicate key is known; keep reading to name all of them
        }
        if (snapshot != null && snapshot.rowSum() != null && snapshot.rowSum() == rowSum) {
            if (saved != null && position >= 0) {
                saved.rowSum(position, rowSum); // the index had no row sum for it (saved before it existed)
            }
            return;
        }
        Address address;
        try {
            address = Address.parse(contact.email());
            if (address.utf8LocalPart() && !cycle.capabilities.utf8LocalPart()) {
                throw new InvalidAddressException(contact.email(), "non-ASCII local part; " + cycle.toolName
                        + " has no SMTPUTF8 support");
            }
        } catch (InvalidAddressException e) {
            cycle.report.item(CycleReport.INVALID_ADDRESSES, contact.key() + ": " + e.getMessage());
            return;
        }
        ContactRow row = toRow(contact, address, rowSum);
        LinkRow link = page.openLinkOf(row.key());
        if (snapshot == null || link == null) {
            if (link == null) {
                page.openLink(row.key(), address.original(), address.key(), cycle.now(), "new", null);
                audit(row.key(), address.key(), "linked", "address", address.original(), "consent", row.consent(),
                        "consentAt", row.consentAt() == null ? null : java.time.Instant.ofEpochMilli(row.consentAt()).toString());
            }
            presence(row, null, null);
        } else if (!snapshot.emailKey().equals(address.key())) {
            addressChanged(snapshot, link, row);
        } else {
            if (!snapshot.email().equals(address.original())) {
                page.respell(link, address.original()); // a change of case only is no address change
            }
            presence(row, snapshot, null);
        }
        page.saveSnapshot(new SnapshotRow(cycle.name(), row.key(), row.rowSum(), address.original(), address.key(),
                row.consent(), row.consentAt(), row.data(), cycle.now()));
        if (saved != null) {
            if (position >= 0 && snapshot != null) {
                saved.rowSum(position, row.rowSum());
            } else {
                saved.keysChanged(); // a new snapshot, or one whose key hash the index does not place
            }
        }
    }

    /** Counts the contacts read beyond the first, which {@link #onContact} counted to keep the report's order. */
    void finishReading() {
        planWaiting();
        if (read > 1) {
            cycle.report.add(CycleReport.CONTACTS_READ, read - 1);
        }
    }

    private ContactRow toRow(CrmContact contact, Address address, long rowSum) {
        Map<String, String> fields = new HashMap<>();
        for (Map.Entry<String, String> field : cycle.audience.fields().entrySet()) {
            String value = contact.attributes().get(field.getValue().toLowerCase(java.util.Locale.ROOT));
            fields.put(field.getKey(), value == null ? "" : value);
        }
        if (cycle.audience.keyField() != null) {
            fields.put(cycle.audience.keyField(), contact.key());
        }
        TreeSet<String> tags = new TreeSet<>();
        for (String column : cycle.audience.tags()) {
            String value = contact.attributes().get(column.toLowerCase(java.util.Locale.ROOT));
            if (value != null && !value.isBlank()) {
                tags.add(value.strip());
            }
        }
        Long consentAt = contact.consentAt() == null ? null : contact.consentAt().toEpochMilli();
        return ContactRow.of(contact.key(), address, contact.consent(), consentAt, fields, tags, rowSum);
    }

    /**
     * Brings the member of the contact's (unchanged) address in line with consent, fields and tags.
     *
     * @param forcedStatus the status a newly added address gets regardless of the new-member policy
     *                     ({@code pending} after an address change under {@code reconfirm}), or null
     */
    private void presence(ContactRow row, SnapshotRow snapshot, String forcedStatus) {
        Address address = row.address();
        MemberRow member = page.member(address.key());
        if (member != null && member.released()) {
            cycle.report.count("released addresses left alone");
            return;
        }
        boolean wasConsenting = snapshot != null && snapshot.consent();
        if (!row.consent()) {
            if (wasConsenting && !writtenBack(row, snapshot)) {
                audit(row.key(), address.key(), "consent_revoked_in_crm", "address", address.original());
            }
            if (member != null && member.managed() && Cycle.active(member) && !sharedWithConsent(row)) {
                unsubscribe(member, row.key(), "consent revoked");
            }
            return;
        }
        if (snapshot != null && !wasConsenting && !writtenBack(row, snapshot)) {
            audit(row.key(), address.key(), "consent_granted_in_crm", "address", address.original(),
                    "consentAt", row.consentAt() == null ? null : java.time.Instant.ofEpochMilli(row.consentAt()).toString());
        }
        if (Cycle.active(member)) {
            if (!owner(row)) {
                return; // a shared address: the owner's fields are pushed
            }
            boolean adopt = !member.managed();
            if (adopt) {
                member = member.withOwnership("adopted");
                cycle.report.item("members adopted", row.key() + " <" + address.original() + ">");
                audit(row.key(), address.key(), "adopted", "address", address.original(), "status", member.status());
            }
            // a contact that newly holds the address (new, moved to it, consenting again) and owns it pushes its fields
            boolean arrived = snapshot == null || !snapshot.consent() || !snapshot.emailKey().equals(address.key());
            MemberRow current = adopt || arrived || fieldsChanged(snapshot, row)
                    ? upsert(row, member.status(), false, adopt ? "adopted" : "fields changed", member)
                    : member;
            tags(row, current);
            return;
        }
        SuppressionRow suppression = page.suppressionInForce(address.key());
        boolean consentNewer = suppression != null && row.consentAt() != null && row.consentAt() > suppression.occurredAt();
        if (suppression != null && !consentNewer) {
            cycle.report.item("suppressed in the tool, not subscribed (" + suppression.reason() + ")",
                    row.key() + " <" + address.original() + ">");
            if (member != null && "foreign".equals(member.ownership())) {
                adoptOptOut(row, member, suppression);
            }
            return;
        }
        if (member != null && "archived".equals(member.status()) && "tool".equals(member.statusBy())
                && (row.consentAt() == null || row.consentAt() <= member.statusAt())) {
            cycle.report.item("archived in the tool by hand, not re-added", row.key() + " <" + address.original() + ">");
            return;
        }
        LinkRow link = page.openLinkOf(row.key());
        if (link != null && link.freshConsentAfter() != null
                && (row.consentAt() == null || row.consentAt() <= link.freshConsentAfter())) {
            cycle.report.item("new addresses waiting for fresh consent", row.key() + " <" + address.original() + ">");
            return;
        }
        // With no opt-out in force, or consent newer than it, a tool that refuses to subscribe gets a double opt-in.
        boolean mayConfirm = suppression == null || consentNewer;
        String status = forcedStatus != null ? forcedStatus
                : cycle.audience.newMembers() == NewMemberPolicy.PENDING ? "pending" : "subscribed";
        String reason = member == null || "none".equals(member.status()) ? "new" : "re-subscribed with newer consent";
        MemberRow base = member != null ? member.withOwnership("foreign".equals(member.ownership()) ? "adopted" : member.ownership())
                : new MemberRow(cycle.name(), address.key(), address.ascii(), null, "none", "listbridge", cycle.now(),
                        "created", false, null, Set.of());
        // on a shared address, the contact whose consent brings the member (back) is not always its owner
        ContactRow carried = carried(row);
        tags(carried, upsert(carried, status, mayConfirm, reason, base));
    }

    /** Whether the CRM's change of the contact's consent since its snapshot is Listbridge's own write-back. */
    private boolean writtenBack(ContactRow row, SnapshotRow snapshot) {
        return page.consentWrittenBack(row.key(), row.consent(), snapshot.updatedAt());
    }

    /** First sync: the tool had this address opted out before the CRM contact was linked; carry it back once. */
    private void adoptOptOut(ContactRow row, MemberRow member, SuppressionRow suppression) {
        page.saveMember(member.withOwnership("adopted"));
        String statement = cycle.statementFor(suppression.reason());
        String sql = cycle.statement(statement);
        audit(row.key(), row.address().key(), suppression.reason(), "address", row.address().original(),
                "at", java.time.Instant.ofEpochMilli(suppression.occurredAt()).toString(), "learned", "on adoption");
        if (sql != null) {
            journalWriteBack(new Op.WriteBack(statement, sql, row.key(), row.address().original(), null,
                    suppression.occurredAt(), suppression.reason(), "adopt:" + suppression.id() + ":" + row.key()),
                    row.address().key(), row.key());
        }
    }

    private void addressChanged(SnapshotRow snapshot, LinkRow link, ContactRow row) {
        long now = cycle.now();
        AddressChangePolicy policy = cycle.audience.addressChange();
        page.closeLink(link, now, "address changed");
        cycle.report.item("address changes", row.key() + ": " + snapshot.email() + " -> " + row.address().original());
        audit(row.key(), snapshot.emailKey(), "address_changed", "from", snapshot.email(),
                "to", row.address().original(), "policy", policy.name().toLowerCase(java.util.Locale.ROOT));
        MemberRow old = page.member(snapshot.emailKey());
        boolean oldStillUsed = !page.openLinksOf(snapshot.emailKey()).isEmpty();
        MemberRow target = page.member(row.address().key());
        MemberRow renamed = null;
        if (old != null && old.managed() && Cycle.active(old) && !oldStillUsed) {
            boolean canRename = policy == AddressChangePolicy.TRANSFER && cycle.capabilities.rename() && row.consent()
                    && target == null && page.suppressionInForce(row.address().key()) == null;
            if (canRename) {
                journal(new Op.Rename(row.key(), old.address(), row.address().original(), row.fields()), row.address().key(),
                        row.key());
                page.deleteMember(old.emailKey());
                renamed = new MemberRow(cycle.name(), row.address().key(), row.address().ascii(), null, old.status(),
                        "listbridge", now, old.ownership(), false, old.pendingSince(), old.tags());
                page.saveMember(renamed);
                cycle.report.item("members renamed", row.key() + ": " + old.address() + " -> " + row.address().ascii());
            } else {
                unsubscribe(old, row.key(), "address changed");
            }
        }
        page.openLink(row.key(), row.address().original(), row.address().key(), now, "address changed",
                policy == AddressChangePolicy.DROP ? now : null);
        if (renamed != null) {
            tags(row, fieldsChanged(snapshot, row) ? upsert(row, renamed.status(), false, "fields changed", renamed) : renamed);
            return;
        }
        presence(row, snapshot, policy == AddressChangePolicy.RECONFIRM ? "pending" : null);
    }

    /**
     * After a full read: the snapshots whose index position no contact marked left the selection (or were
     * deleted). A key hash that several snapshots share is settled key by key against {@code seen_key}.
     */
    void leavers() {
        for (int position = seen.nextClearBit(0); position < index.size(); position = seen.nextClearBit(position + 1)) {
            long keyHash = index.keyHash(position);
            if (position > 0 && index.keyHash(position - 1) == keyHash) {
                continue; // a shared hash, settled at its first position
            }
            List<SnapshotRow> rows = tx.snapshots().withKeyHash(cycle.name(), keyHash);
            for (SnapshotRow row : rows) {
                // with one row, it is the snapshot at this position, unseen; more rows share the hash or are new
                if (rows.size() == 1 && !index.shared(position) || !tx.seenKeys().contains(cycle.runId, row.contactKey())) {
                    left(row);
                }
            }
        }
        page.flush();
    }

    /** After an incremental read: those of its keys with a snapshot that were not read have left. */
    void leaversAmongKeys() {
        for (String key : new TreeSet<>(onlyKeys)) {
            if (!tx.seenKeys().contains(cycle.runId, key)) {
                SnapshotRow snapshot = page.snapshot(key);
                if (snapshot != null) {
                    left(snapshot);
                }
            }
        }
        page.flush();
    }

    private void left(SnapshotRow left) {
        if (++leftSinceFlush == PAGE) {
            page.flush(); // memory stays bounded when many leave; the snapshots read by key hash are not ones left before
            leftSinceFlush = 0;
        }
        LinkRow link = page.openLinkOf(left.contactKey());
        if (link != null) {
            page.closeLink(link, cycle.now(), "left the selection");
        }
        audit(left.contactKey(), left.emailKey(), "left_selection", "address", left.email(),
                "policy", cycle.audience.onLeave().name().toLowerCase(java.util.Locale.ROOT));
        cycle.report.item("contacts that left the selection", left.contactKey() + " <" + left.email() + ">");
        MemberRow member = page.member(left.emailKey());
        boolean stillUsed = !page.openLinksOf(left.emailKey()).isEmpty();
        if (member != null && member.managed() && Cycle.active(member) && !stillUsed) {
            switch (cycle.audience.onLeave()) {
                case UNSUBSCRIBE -> unsubscribe(member, left.contactKey(), "left the selection");
                case ARCHIVE -> archive(member, left.contactKey());
                case KEEP -> { }
            }
        }
        page.deleteSnapshot(left.contactKey());
        if (saved != null) {
            saved.keysChanged();
        }
    }

    /** Journals an operation in the outbox (as {@link Cycle#journal}, through the page). */
    private void journal(Op op, String emailKey, String contactKey) {
        page.journal(cycle.runId, op.kind(), emailKey, contactKey, Json.write(op), cycle.now());
    }

    /** Journals a CRM write-back (as {@link Cycle#journalWriteBack}, through the page). */
    private void journalWriteBack(Op.WriteBack op, String emailKey, String contactKey) {
        journal(op, emailKey, contactKey);
        cycle.countWriteBack(contactKey);
    }

    private void audit(String contactKey, String emailKey, String kind, Object... detail) {
        page.audit(cycle.now(), contactKey, emailKey, kind, Json.object(detail));
    }

    /** Journals an upsert and records the member's intended status; returns the member row as saved. */
    private MemberRow upsert(ContactRow row, String status, boolean consentNewer, String reason, MemberRow base) {
        String key = row.address().key();
        page.supersedeUpserts(key, cycle.now());
        journal(new Op.Upsert(row.key(), row.address().original(), status, row.fields(), consentNewer, reason),
                key, row.key());
        MemberRow saved = base.withStatus(status, "listbridge", cycle.now());
        page.saveMember(saved);
        String label = switch (reason) {
            case "new" -> "pending".equals(status) ? CycleReport.NEW_MEMBERS_PENDING : CycleReport.NEW_MEMBERS;
            case "fields changed" -> CycleReport.MEMBERS_UPDATED;
            case "adopted" -> "adopted members updated";
            default -> "members re-added (" + reason + ")";
        };
        cycle.report.item(label, row.key() + " <" + row.address().original() + ">");
        return saved;
    }

    private void unsubscribe(MemberRow member, String contactKey, String reason) {
        // a waiting upsert's status must not undo this; its fields wait until the member is active again (PullPhase)
        page.parkUpserts(member.emailKey(), cycle.now());
        journal(new Op.Unsubscribe(contactKey, member.address(), reason), member.emailKey(), contactKey);
        page.saveMember(member.withStatus("unsubscribed", "listbridge", cycle.now()));
        removals++;
        cycle.report.item(CycleReport.MEMBERS_UNSUBSCRIBED + " (" + reason + ")", contactKey + " <" + member.address() + ">");
        audit(contactKey, member.emailKey(), "unsubscribed_by_listbridge", "address", member.address(),
                "reason", reason);
    }

    private void archive(MemberRow member, String contactKey) {
        journal(new Op.Archive(contactKey, member.address(), "left the selection"), member.emailKey(), contactKey);
        page.saveMember(member.withStatus("archived", "listbridge", cycle.now()));
        removals++;
        cycle.report.item("members archived", contactKey + " <" + member.address() + ">");
    }

    /** Managed tags follow the CRM columns; tags people set in the tool are never touched. */
    private void tags(ContactRow row, MemberRow member) {
        if (!cycle.capabilities.tags() || cycle.audience.tags().isEmpty()) {
            return;
        }
        Set<String> current = member.tags();
        for (String tag : row.tags()) {
            if (!current.contains(tag)) {
                journal(new Op.Tag(row.address().original(), tag, true), row.address().key(), row.key());
                cycle.report.count("tags added");
            }
        }
        for (String tag : current) {
            if (!row.tags().contains(tag)) {
                journal(new Op.Tag(row.address().original(), tag, false), row.address().key(), row.key());
                cycle.report.count("tags removed");
            }
        }
        if (!current.equals(row.tags())) {
            page.saveMember(member.withTags(row.tags()));
        }
    }

    private boolean fieldsChanged(SnapshotRow snapshot, ContactRow row) {
        ContactRow.Data before = Json.read(snapshot.data(), ContactRow.Data.class);
        return !before.fields().equals(row.fields());
    }

    /** Whether the contact is the owner of a shared address (see {@link #ownerOf}), or its only user. */
    private boolean owner(ContactRow row) {
        String chosen = ownerOf(row);
        if (!chosen.equals(row.key())) {
            cycle.report.item("shared addresses (one member, owner " + cycle.audience.sharedAddress() + ")",
                    row.address().original() + ": " + chosen + " owns, " + row.key() + " shares");
        }
        return chosen.equals(row.key());
    }

    /**
     * The owner of the contact's address, whose fields its one member carries (README, "Shared addresses"): among
     * the contacts holding it that consent, the one the {@code sharedAddress} rule picks; when none consents, the
     * rule picks among all of them. The contact's own consent is its row's; the others' their last-synced one.
     */
    private String ownerOf(ContactRow row) {
        List<LinkRow> open = page.openLinksOf(row.address().key());
        if (open.size() <= 1) {
            return row.key();
        }
        List<String> holders = open.stream().map(LinkRow::contactKey).toList();
        List<String> consenting = holders.stream().filter(key -> key.equals(row.key()) ? row.consent()
                : Optional.ofNullable(page.snapshot(key)).map(SnapshotRow::consent).orElse(false)).toList();
        Comparator<String> order = KeyOrder.INSTANCE;
        return (consenting.isEmpty() ? holders : consenting).stream()
                .reduce((a, b) -> cycle.audience.sharedAddress() == SharedAddressRule.LOWEST_KEY
                        ? (order.compare(a, b) <= 0 ? a : b) : (order.compare(a, b) >= 0 ? a : b))
                .orElse(row.key());
    }

    /**
     * The contact with the fields and tags the member of its address carries: its owner's (another contact's as
     * last synced).
     */
    private ContactRow carried(ContactRow row) {
        String chosen = ownerOf(row);
        if (chosen.equals(row.key())) {
            return row;
        }
        return Optional.ofNullable(page.snapshot(chosen))
                .map(snapshot -> Json.read(snapshot.data(), ContactRow.Data.class))
                .map(data -> new ContactRow(row.key(), row.address(), row.consent(), row.consentAt(), data.fields(),
                        data.tags(), row.rowSum()))
                .orElse(row);
    }

    /** Whether another contact on the same address still consents (then the member stays). */
    private boolean sharedWithConsent(ContactRow row) {
        for (LinkRow other : page.openLinksOf(row.address().key())) {
            if (!other.contactKey().equals(row.key())) {
                SnapshotRow snapshot = page.snapshot(other.contactKey());
                if (snapshot != null && snapshot.consent()) {
                    return true;
                }
            }
        }
        return false;
    }
}
