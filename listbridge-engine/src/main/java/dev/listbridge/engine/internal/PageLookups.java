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
 * events were applied already, the member rows and the ledger histories of their addresses.
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
    /** Addresses whose looked-up rows still hold. */
    private final Set<String> fresh;

    private PageLookups(Set<String> applied, Map<String, MemberRow> members, Map<String, List<LinkRow>> histories,
                        Set<String> fresh) {
        this.applied = applied;
        this.members = members;
        this.histories = histories;
        this.fresh = fresh;
    }

    /** Nothing looked up in advance: every question goes to the store (events a tool pushed). */
    static PageLookups none() {
        return new PageLookups(Set.of(), Map.of(), Map.of(), new HashSet<>());
    }

    /** Looks up a page's events: applied ones, then members and histories of the addresses of the others. */
    static PageLookups of(StateTx tx, String audience, List<ToolEvent> events) {
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
        return new PageLookups(applied, members, histories, keys);
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

    /** An event for this address was applied: its rows may have changed. */
    void forget(String emailKey) {
        fresh.remove(emailKey);
    }

    /** An event may have changed rows of other addresses. */
    void forgetAll() {
        fresh.clear();
    }
}
