package dev.listbridge.engine.internal;

import dev.listbridge.store.LinkRow;
import dev.listbridge.store.StateTx;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the contacts an event belongs to: those that owned the address when it happened (invariant 3).
 * A bounce that arrives after an address change belongs to the contact whose link closed most
 * recently before it, not to whoever holds the address now.
 */
final class Attribution {
    private Attribution() {
    }

    static List<LinkRow> owners(StateTx tx, String audience, String emailKey, long at) {
        return owners(tx.ledger().historyOf(audience, emailKey), at);
    }

    /** The owners at {@code at} among an address's links, oldest first ({@code Ledger.historyOf}). */
    static List<LinkRow> owners(List<LinkRow> history, long at) {
        List<LinkRow> valid = new ArrayList<>();
        for (LinkRow link : history) {
            if (link.validFrom() <= at && (link.validTo() == null || link.validTo() > at)) {
                valid.add(link);
            }
        }
        if (!valid.isEmpty()) {
            return valid;
        }
        // Late event: the links closed before it happened; the most recent closing owns it.
        long latestClose = Long.MIN_VALUE;
        for (LinkRow link : history) {
            if (link.validTo() != null && link.validTo() <= at) {
                latestClose = Math.max(latestClose, link.validTo());
            }
        }
        List<LinkRow> late = new ArrayList<>();
        for (LinkRow link : history) {
            if (link.validTo() != null && link.validTo() == latestClose) {
                late.add(link);
            }
        }
        if (!late.isEmpty()) {
            return late;
        }
        // The event predates every link (tools report to the second; their clock may lag ours): the open links own
        // it, or, if the address is retired, the first links it ever had.
        List<LinkRow> open = history.stream().filter(LinkRow::open).toList();
        if (!open.isEmpty() || history.isEmpty()) {
            return open;
        }
        long first = history.get(0).validFrom();
        return history.stream().filter(link -> link.validFrom() == first).toList();
    }
}
