package dev.listbridge.engine.internal;

import dev.listbridge.spi.ToolEvent;
import dev.listbridge.store.LinkRow;
import dev.listbridge.store.MemberRow;
import dev.listbridge.store.StateTx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the pull looks up for one page of events, read in a few queries instead of several per event: which
 * events were applied already, the member rows and the ledger histories of their addresses, and for opt-outs
 * whether an upsert still waits for the address and which complaints about it are recorded.
 *
 * <p>A looked-up row is handed out once: applying an event may change its address's rows, so a second event
 * for the same address in the page reads the store again ({@link #forget}); an event that may touch other
 * addresses (a member moved to a new address) drops every looked-up row ({@link #forgetAll}).
 */
final class PageLookups {
    private final Set<String> applied;
    private final Set<String> seenInPage = new HashSet<>();
    private final Map<String, MemberRow> members;
    private final Map<String, List<LinkRow>> histories;
    /** Of the opt-outs' addresses, those with an unfinished upsert. */
    private final Set<String> waitingUpserts;
    /** The times of the complaints recorded from another source than the page's, for the complaints' addresses. */
    private final Map<String, List<Long>> complaints;
    /** Addresses whose looked-up rows still hold. */
    private final Set<String> fresh;
    /** Addresses whose opt-out lookups (waiting upserts, complaints) were made: those of the page's opt-outs. */
    private final Set<String> suppressed;

    private PageLookups(Set<String> applied, Map<String, MemberRow> members, Map<String, List<LinkRow>> histories,
                        Set<String> waitingUpserts, Map<String, List<Long>> complaints, Set<String> fresh,
                        Set<String> suppressed) {
        this.applied = applied;
        this.members = members;
        this.histories = histories;
        this.waitingUpserts = waitingUpserts;
        this.complaints = complaints;
        this.fresh = fresh;
        this.suppressed = suppressed;
    }

    /** Nothing looked up in advance: every question goes to the store (events a tool pushed). */
    static PageLookups none() {
        return new PageLookups(Set.of(), Map.of(), Map.of(), Set.of(), Map.of(), new HashSet<>(), Set.of());
    }

    /**
     * Looks up a page's events: applied ones, then members and histories of the addresses of the others; complaints
     * recorded from another source than {@code source} (see {@link #complaintNear}).
     */
    static PageLookups of(StateTx tx, String audience, List<ToolEvent> events, String source) {
        List<String> ids = new ArrayList<>(events.size());
        events.forEach(event -> ids.add(event.eventId()));
        Set<String> applied = ids.isEmpty() ? Set.of() : tx.processedEvents().seenAmong(audience, ids);
        Set<String> keys = new HashSet<>();
        Set<String> suppressed = new HashSet<>();
        for (ToolEvent event : events) {
            if (!applied.contains(event.eventId())) {
                keys.add(event.address().key());
                if (event instanceof ToolEvent.Unsubscribed || event instanceof ToolEvent.HardBounced
                        || event instanceof ToolEvent.Complained) {
                    suppressed.add(event.address().key());
                }
            }
        }
        Map<String, MemberRow> members = keys.isEmpty() ? Map.of() : tx.members().findAll(audience, keys);
        Map<String, List<LinkRow>> histories = suppressed.isEmpty() ? Map.of() : tx.ledger().historiesOf(audience, suppressed);
        Set<String> waitingUpserts = suppressed.isEmpty() ? Set.of()
                : tx.outbox().unfinishedAmong(audience, "upsert", suppressed);
        Map<String, List<Long>> complaints = suppressed.isEmpty() ? Map.of() : tx.suppressions().complaintTimes(suppressed, source);
        return new PageLookups(applied, members, histories, waitingUpserts, complaints, keys, suppressed);
    }

    /**
     * Whether an event is new: neither applied by an earlier pull nor already seen in this page (the
     * connector may return an event twice). Counts it as seen.
     */
    boolean firstTime(String eventId) {
        return !applied.contains(eventId) && seenInPage.add(eventId);
    }

    /** The member at an address, from the page's lookup while it is still fresh. */
    MemberRow member(StateTx tx, String audience, String emailKey) {
        if (fresh.contains(emailKey)) {
            return members.get(emailKey);
        }
        return tx.members().find(audience, emailKey).orElse(null);
    }

    /** The ledger history of an address, from the page's lookup while it is still fresh. */
    List<LinkRow> history(StateTx tx, String audience, String emailKey) {
        List<LinkRow> history = fresh.contains(emailKey) ? histories.get(emailKey) : null;
        return history != null ? history : tx.ledger().historyOf(audience, emailKey);
    }

    /**
     * Whether an upsert may still wait for the address (pending or a dead letter): false only where the page's
     * lookup, still fresh, found none.
     */
    boolean mayWaitUpsert(String emailKey) {
        return !(fresh.contains(emailKey) && suppressed.contains(emailKey)) || waitingUpserts.contains(emailKey);
    }

    /**
     * Whether a complaint about the address, learned from another source than {@code source} (the page's), is recorded
     * as made within {@code windowMillis} of {@code at}.
     */
    boolean complaintNear(StateTx tx, String emailKey, long at, long windowMillis, String source) {
        if (!(fresh.contains(emailKey) && suppressed.contains(emailKey))) {
            return tx.suppressions().complaintNear(emailKey, at, windowMillis, source);
        }
        for (long time : complaints.getOrDefault(emailKey, List.of())) {
            if (time >= at - windowMillis && time <= at + windowMillis) {
                return true;
            }
        }
        return false;
    }

    /** An event for this address was applied: its rows may have changed. */
    void forget(String emailKey) {
        fresh.remove(emailKey);
    }

    /** An event may have changed rows of other addresses. */
    void forgetAll() {
        fresh.clear();
    }
}
