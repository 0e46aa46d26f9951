package dev.listbridge.engine.internal;

import dev.listbridge.spi.Address;
import dev.listbridge.spi.CrmContact;
import dev.listbridge.spi.InvalidAddressException;
import dev.listbridge.store.AuditRow;
import dev.listbridge.store.LinkRow;
import dev.listbridge.store.MemberRow;
import dev.listbridge.store.Outbox;
import dev.listbridge.store.SnapshotRow;
import dev.listbridge.store.StateTx;
import dev.listbridge.store.SuppressionRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state store as the diff sees it while it plans one page of changed contacts: what the page's planning
 * reads is looked up for the whole page in one IN query per table ({@link #lookUp}), and what it writes is
 * kept here and written in one batch per table ({@link #flush}).
 *
 * <p>Contacts of one page may depend on each other (they share an address, swap addresses, take one another
 * just left): every write updates what later reads of the same page see, so each contact is planned exactly
 * as if the writes before it had reached the store. A read of something not looked up goes to the store and
 * is kept. Ledger writes go to the store at once (their ids are needed; they are rare), and the kept links
 * follow them. Member and snapshot writes keep only the last state per key (both are upserts or deletes by
 * primary key); outbox and audit rows keep their order, so their ids ascend as before.
 */
final class PlanPage {
    private final StateTx tx;
    private final String audience;
    private final Map<String, Optional<SnapshotRow>> snapshots = new HashMap<>();
    /** A contact's open link (the newest), by contact key. */
    private final Map<String, Optional<LinkRow>> openLink = new HashMap<>();
    /** An address's open links, oldest first, by email key. */
    private final Map<String, List<LinkRow>> openLinks = new HashMap<>();
    private final Map<String, Optional<MemberRow>> members = new HashMap<>();
    private final Map<String, Optional<SuppressionRow>> suppressions = new HashMap<>();
    /** The CRM write-backs recorded for a contact (its {@code crm_write_back} audit entries), oldest first. */
    private final Map<String, List<AuditRow>> writeBacks = new HashMap<>();
    /** Whether an address has unfinished (pending or dead) upserts in the store (rows journaled by this page aside). */
    private final Map<String, Boolean> storedUpserts = new HashMap<>();

    private final Map<String, MemberRow> memberWrites = new LinkedHashMap<>(); // null: deleted
    private final Map<String, SnapshotRow> snapshotWrites = new LinkedHashMap<>(); // null: deleted
    private final List<Outbox.NewRow> outboxRows = new ArrayList<>();
    /** Positions in {@link #outboxRows} of this page's pending or parked upserts, by email key. */
    private final Map<String, List<Integer>> pageUpserts = new HashMap<>();
    /** What happens to stored upserts, in order: run before the page's own outbox rows go in. */
    private final List<Outbox.SetAside> setAside = new ArrayList<>();
    private final List<AuditRow> audit = new ArrayList<>();

    private final ConsentWrittenBack thisCycle;

    PlanPage(StateTx tx, String audience, ConsentWrittenBack thisCycle) {
        this.tx = tx;
        this.audience = audience;
        this.thisCycle = thisCycle;
    }

    /**
     * Looks up in advance what planning these contacts is likely to read: their snapshots and open links, the
     * members of the addresses they hold and held, the CRM write-backs to those whose consent changed (unless one of
     * this cycle's explains it); then, where those say planning will ask, the open links of an
     * address (an active member, an address left), its suppressions in force (a consenting contact without an
     * active member, an address taken) and its unfinished upserts (where an upsert or unsubscribe may be
     * journaled), and the snapshots of the other contacts on those addresses. What planning asks beyond this
     * is read when asked.
     *
     * <p>Not looked up: the snapshots of {@code withoutSnapshot}, keys the caller knows had none when the cycle
     * began (absent from its snapshot index; none is written for a key before it is planned), and the open link of
     * a contact whose address is invalid, which planning never asks for. Every cycle reads the contacts with
     * invalid addresses as changed (they get no snapshot), and new contacts have nothing to find.
     */
    void lookUp(Collection<CrmContact> contacts, Set<String> withoutSnapshot) {
        Set<String> snapshotKeys = new HashSet<>();
        Set<String> linkKeys = new HashSet<>();
        Map<CrmContact, String> held = new HashMap<>();
        for (CrmContact contact : contacts) {
            if (withoutSnapshot.contains(contact.key())) {
                snapshots.put(contact.key(), Optional.empty());
            } else {
                snapshotKeys.add(contact.key());
            }
            try {
                held.put(contact, Address.parse(contact.email()).key());
                linkKeys.add(contact.key());
            } catch (InvalidAddressException e) {
                // not planned beyond the report: no link, member or suppression to look up
            }
        }
        Map<String, SnapshotRow> foundSnapshots = lookUpSnapshots(snapshotKeys);
        Set<String> consentChanged = new HashSet<>();
        for (CrmContact contact : contacts) {
            SnapshotRow snapshot = foundSnapshots.get(contact.key());
            if (snapshot != null && snapshot.consent() != contact.consent()
                    && !thisCycle.inThisCycle(contact.key(), contact.consent())) {
                consentChanged.add(contact.key());
            }
        }
        lookUpWriteBacks(consentChanged);
        Map<String, LinkRow> foundLinks = tx.ledger().openLinkOfAll(audience, linkKeys);
        linkKeys.forEach(key -> openLink.put(key, Optional.ofNullable(foundLinks.get(key))));
        Set<String> emailKeys = new HashSet<>(held.values());
        foundSnapshots.values().forEach(snapshot -> emailKeys.add(snapshot.emailKey()));
        Map<String, MemberRow> foundMembers = tx.members().findAll(audience, emailKeys);
        emailKeys.forEach(emailKey -> members.put(emailKey, Optional.ofNullable(foundMembers.get(emailKey))));
        Set<String> linksAsked = new HashSet<>();
        Set<String> suppressionsAsked = new HashSet<>();
        Set<String> upsertsAsked = new HashSet<>();
        held.forEach((contact, emailKey) -> {
            if (Cycle.active(foundMembers.get(emailKey))) {
                linksAsked.add(emailKey);
                upsertsAsked.add(emailKey);
            } else if (contact.consent()) {
                linksAsked.add(emailKey); // the owner of a shared address carries its fields
                suppressionsAsked.add(emailKey);
            }
            SnapshotRow snapshot = foundSnapshots.get(contact.key());
            if (snapshot != null && !snapshot.emailKey().equals(emailKey)) {
                linksAsked.add(snapshot.emailKey());
                upsertsAsked.add(snapshot.emailKey());
                suppressionsAsked.add(emailKey);
                upsertsAsked.add(emailKey);
            }
        });
        Map<String, SuppressionRow> foundSuppressions = tx.suppressions().inForceAll(audience, suppressionsAsked);
        suppressionsAsked.forEach(emailKey -> suppressions.put(emailKey, Optional.ofNullable(foundSuppressions.get(emailKey))));
        Set<String> withUpserts = tx.outbox().unfinishedAmong(audience, "upsert", upsertsAsked);
        upsertsAsked.forEach(emailKey -> storedUpserts.put(emailKey, withUpserts.contains(emailKey)));
        openLinks.putAll(tx.ledger().openLinksOfAll(audience, linksAsked));
        Set<String> others = new HashSet<>();
        for (String emailKey : linksAsked) {
            for (LinkRow link : openLinks.get(emailKey)) {
                if (!snapshots.containsKey(link.contactKey())) {
                    others.add(link.contactKey());
                }
            }
        }
        if (!others.isEmpty()) {
            lookUpSnapshots(others);
        }
    }

    /** Reads the snapshots of these keys into the page, a key without one as absent; returns those found. */
    private Map<String, SnapshotRow> lookUpSnapshots(Set<String> keys) {
        Map<String, SnapshotRow> found = tx.snapshots().findAll(audience, keys);
        keys.forEach(key -> snapshots.put(key, Optional.ofNullable(found.get(key))));
        return found;
    }

    private void lookUpWriteBacks(Set<String> contactKeys) {
        if (contactKeys.isEmpty()) {
            return;
        }
        contactKeys.forEach(key -> writeBacks.put(key, new ArrayList<>()));
        for (AuditRow entry : tx.audit().ofContacts(audience, contactKeys, "crm_write_back")) {
            writeBacks.get(entry.contactKey()).add(entry);
        }
    }

    /**
     * Whether a write-back that gives the CRM this consent changed the contact's row at or after {@code since}: one of
     * this cycle's, or one recorded before ({@link ConsentWrittenBack}).
     */
    boolean consentWrittenBack(String contactKey, boolean consent, long since) {
        if (thisCycle.inThisCycle(contactKey, consent)) {
            return true;
        }
        if (!writeBacks.containsKey(contactKey)) {
            lookUpWriteBacks(Set.of(contactKey));
        }
        return ConsentWrittenBack.explains(writeBacks.get(contactKey), consent, since);
    }

    SnapshotRow snapshot(String contactKey) {
        return snapshots.computeIfAbsent(contactKey, key -> tx.snapshots().find(audience, key)).orElse(null);
    }

    void saveSnapshot(SnapshotRow row) {
        snapshots.put(row.contactKey(), Optional.of(row));
        snapshotWrites.put(row.contactKey(), row);
    }

    void deleteSnapshot(String contactKey) {
        snapshots.put(contactKey, Optional.empty());
        snapshotWrites.put(contactKey, null);
    }

    LinkRow openLinkOf(String contactKey) {
        return openLink.computeIfAbsent(contactKey, key -> tx.ledger().openLinkOf(audience, key)).orElse(null);
    }

    /** The open links of an address, oldest first (not to be changed). */
    List<LinkRow> openLinksOf(String emailKey) {
        return openLinks.computeIfAbsent(emailKey, key -> new ArrayList<>(tx.ledger().openLinksOf(audience, key)));
    }

    void openLink(String contactKey, String email, String emailKey, long validFrom, String reason, Long freshConsentAfter) {
        long id = tx.ledger().open(audience, contactKey, email, emailKey, validFrom, reason, freshConsentAfter);
        LinkRow link = new LinkRow(id, audience, contactKey, email, emailKey, null, validFrom, null, reason, null,
                freshConsentAfter);
        openLink.put(contactKey, Optional.of(link)); // the newest open link of its contact
        List<LinkRow> ofAddress = openLinks.get(emailKey);
        if (ofAddress != null) {
            ofAddress.add(link); // the largest id comes last
        }
    }

    void closeLink(LinkRow link, long validTo, String reason) {
        tx.ledger().close(link.id(), validTo, reason);
        openLink.remove(link.contactKey()); // an older open link may be the contact's now: read again
        List<LinkRow> ofAddress = openLinks.get(link.emailKey());
        if (ofAddress != null) {
            ofAddress.removeIf(open -> open.id() == link.id());
        }
    }

    void respell(LinkRow link, String email) {
        tx.ledger().respell(link.id(), email);
        openLink.computeIfPresent(link.contactKey(), (key, open) -> open.map(row -> row.id() == link.id() ? respelt(row, email) : row));
        List<LinkRow> ofAddress = openLinks.get(link.emailKey());
        if (ofAddress != null) {
            ofAddress.replaceAll(row -> row.id() == link.id() ? respelt(row, email) : row);
        }
    }

    private static LinkRow respelt(LinkRow row, String email) {
        return new LinkRow(row.id(), row.audience(), row.contactKey(), email, row.emailKey(), row.memberId(), row.validFrom(),
                row.validTo(), row.openedReason(), row.closeReason(), row.freshConsentAfter());
    }

    MemberRow member(String emailKey) {
        return members.computeIfAbsent(emailKey, key -> tx.members().find(audience, key)).orElse(null);
    }

    void saveMember(MemberRow row) {
        members.put(row.emailKey(), Optional.of(row));
        memberWrites.put(row.emailKey(), row);
    }

    void deleteMember(String emailKey) {
        members.put(emailKey, Optional.empty());
        memberWrites.put(emailKey, null);
    }

    SuppressionRow suppressionInForce(String emailKey) {
        return suppressions.computeIfAbsent(emailKey, key -> tx.suppressions().inForce(audience, key)).orElse(null);
    }

    /** Journals a write in the outbox, as {@code Outbox.add} does. */
    void journal(long runId, String kind, String emailKey, String contactKey, String payload, long now) {
        if (kind.equals("upsert")) {
            pageUpserts.computeIfAbsent(emailKey, key -> new ArrayList<>()).add(outboxRows.size());
        }
        outboxRows.add(new Outbox.NewRow(runId, audience, kind, emailKey, contactKey, payload, "pending", now, now));
    }

    /** Marks the unfinished and parked upserts of an address as replaced, as {@code Outbox.supersede} does. */
    void supersedeUpserts(String emailKey, long now) {
        List<Integer> journaled = pageUpserts.remove(emailKey); // pending or parked, this page's
        if (journaled != null) {
            for (int position : journaled) {
                outboxRows.set(position, withState(outboxRows.get(position), "superseded", now));
            }
        }
        // stored parked rows are not looked up: the statement goes to the store, where it may change nothing
        setAside.add(new Outbox.SetAside(emailKey, false, now));
        storedUpserts.put(emailKey, false);
    }

    /** Sets the unfinished upserts of an address aside, as {@code Outbox.park} does. */
    void parkUpserts(String emailKey, long now) {
        List<Integer> journaled = pageUpserts.get(emailKey);
        if (journaled != null) {
            for (int position : journaled) {
                Outbox.NewRow row = outboxRows.get(position);
                if (row.state().equals("pending")) {
                    outboxRows.set(position, withState(row, "parked", now));
                }
            }
        }
        boolean stored = storedUpserts.computeIfAbsent(emailKey,
                key -> !tx.outbox().unfinishedAmong(audience, "upsert", List.of(key)).isEmpty());
        if (stored) {
            setAside.add(new Outbox.SetAside(emailKey, true, now));
            storedUpserts.put(emailKey, false); // parked now; parking again changes nothing
        }
    }

    private static Outbox.NewRow withState(Outbox.NewRow row, String state, long now) {
        return new Outbox.NewRow(row.runId(), row.audience(), row.kind(), row.emailKey(), row.contactKey(), row.payload(),
                state, row.createdAt(), now);
    }

    void audit(long at, String contactKey, String emailKey, String kind, String detail) {
        audit.add(new AuditRow(0, at, audience, contactKey, emailKey, kind, detail));
    }

    /**
     * Writes what the page planned, one batch per table; supersessions of stored upserts before the page's own
     * outbox rows, which they must not touch. The page's reads are forgotten.
     */
    void flush() {
        List<String> deleted = new ArrayList<>();
        List<MemberRow> saved = new ArrayList<>();
        memberWrites.forEach((key, row) -> {
            if (row == null) {
                deleted.add(key);
            } else {
                saved.add(row);
            }
        });
        tx.members().deleteAll(audience, deleted);
        tx.members().saveAll(saved);
        List<SnapshotRow> snapshotsSaved = new ArrayList<>();
        snapshotWrites.forEach((key, row) -> {
            if (row == null) {
                tx.snapshots().delete(audience, key); // leavers only: rare
            } else {
                snapshotsSaved.add(row);
            }
        });
        tx.snapshots().saveAll(snapshotsSaved);
        tx.outbox().setAsideAll(audience, "upsert", setAside);
        tx.outbox().addAll(outboxRows);
        tx.audit().appendAll(audit);
        memberWrites.clear();
        snapshotWrites.clear();
        outboxRows.clear();
        pageUpserts.clear();
        setAside.clear();
        audit.clear();
        snapshots.clear();
        writeBacks.clear();
        openLink.clear();
        openLinks.clear();
        members.clear();
        suppressions.clear();
        storedUpserts.clear();
    }
}
