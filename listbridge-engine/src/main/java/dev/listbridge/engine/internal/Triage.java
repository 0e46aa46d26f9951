package dev.listbridge.engine.internal;

import dev.listbridge.spi.CrmContact;
import dev.listbridge.store.Hash64;
import dev.listbridge.store.SnapshotIndex;

/**
 * The first look at a CRM contact in a full cycle: its row sum against the {@link SnapshotIndex}. A contact
 * whose sum equals its snapshot's is unchanged and costs a hash and a binary search, no database; its
 * position is marked seen. Safe for the reading thread and the planning thread at once.
 */
final class Triage {
    private final SnapshotIndex index;
    private final RowSums rowSums;
    private final SeenPositions seen;

    Triage(SnapshotIndex index, RowSums rowSums) {
        this.index = index;
        this.rowSums = rowSums;
        this.seen = new SeenPositions(index.size());
    }

    SnapshotIndex index() {
        return index;
    }

    SeenPositions seen() {
        return seen;
    }

    long rowSum(CrmContact contact) {
        return rowSums.of(contact);
    }

    /** The index position of the one snapshot with this key's hash, or -1. */
    int position(String key) {
        return index.find(Hash64.of(key));
    }

    /** Whether the contact at this position is unchanged and seen for the first time in this cycle (then marked). */
    boolean unchanged(int position, long rowSum) {
        return position >= 0 && index.rowSum(position) == rowSum && seen.mark(position);
    }
}
