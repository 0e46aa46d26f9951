package dev.listbridge.engine.internal;

import dev.listbridge.store.SnapshotIndex;
import java.util.Arrays;

/**
 * What a full cycle's diff left in the snapshots, for the index kept after it ({@link KeptIndex}): the row sum now
 * stored at each index position it saved (or found stored), and whether a snapshot came or went, which the kept
 * index, sorted by key hash, cannot follow.
 */
final class SavedRowSums {
    private int[] positions = new int[1024];
    private long[] rowSums = new long[1024];
    private int size;
    private boolean keysChanged;

    /** The snapshot at an index position now has this row sum in the store. */
    void rowSum(int position, long rowSum) {
        if (size == positions.length) {
            positions = Arrays.copyOf(positions, size * 2);
            rowSums = Arrays.copyOf(rowSums, size * 2);
        }
        positions[size] = position;
        rowSums[size] = rowSum;
        size++;
    }

    /** A snapshot was added, deleted, or saved without a position in the index. */
    void keysChanged() {
        keysChanged = true;
    }

    boolean hasKeysChanged() {
        return keysChanged;
    }

    /** Brings the index's row sums up to the store's, in the order they were saved. */
    void applyTo(SnapshotIndex index) {
        for (int i = 0; i < size; i++) {
            index.updateRowSum(positions[i], rowSums[i]);
        }
    }
}
