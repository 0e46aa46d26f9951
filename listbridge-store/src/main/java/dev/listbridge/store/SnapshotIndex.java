package dev.listbridge.store;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The snapshots of one audience as two parallel arrays sorted by key hash: 16 bytes per contact
 * (16 MB for a million, and 256 KB of buckets), loaded once per full cycle so that an unchanged contact costs a binary search
 * instead of a database lookup.
 *
 * <p>A key hash that several snapshots share (a collision of 64-bit hashes, rare enough never to be seen
 * in practice, but possible) has no position: {@link #find} answers -1 for it, and those keys go the
 * database way. A row sum of 0 means unknown (a snapshot written before the index existed).
 */
public final class SnapshotIndex {
    /** Row sums are never 0; 0 stands for "unknown". */
    public static final long UNKNOWN_ROW_SUM = 0;

    /** Buckets by the top bits of the key hash: a lookup then searches a few neighbours, not 16 MB. */
    private static final int BUCKET_BITS = 16;

    private final long[] keyHashes;
    private final long[] rowSums;
    private final BitSet shared;
    /** Where each bucket starts in {@link #keyHashes}; one more entry for the end. */
    private final int[] buckets = new int[(1 << BUCKET_BITS) + 1];

    SnapshotIndex(long[] keyHashes, long[] rowSums) {
        this.keyHashes = keyHashes;
        this.rowSums = rowSums;
        this.shared = new BitSet(keyHashes.length);
        int position = 0;
        for (int bucket = 0; bucket <= 1 << BUCKET_BITS; bucket++) {
            while (position < keyHashes.length && bucket(keyHashes[position]) < bucket) {
                position++;
            }
            buckets[bucket] = position;
        }
        for (int i = 1; i < keyHashes.length; i++) {
            if (keyHashes[i] < keyHashes[i - 1]) {
                throw new IllegalStateException("snapshot key hashes not in order at " + i);
            }
            if (keyHashes[i] == keyHashes[i - 1]) {
                shared.set(i - 1);
                shared.set(i);
            }
        }
    }

    /** An index of no snapshots. */
    public static SnapshotIndex empty() {
        return new SnapshotIndex(new long[0], new long[0]);
    }

    public int size() {
        return keyHashes.length;
    }

    /** The position of the one snapshot with this key hash, or -1 when none or several have it. */
    public int find(long keyHash) {
        int bucket = bucket(keyHash);
        int position = Arrays.binarySearch(keyHashes, buckets[bucket], buckets[bucket + 1], keyHash);
        return position < 0 || shared.get(position) ? -1 : position;
    }

    /** The bucket of a key hash, in the order of signed longs, as the hashes are sorted. */
    private static int bucket(long keyHash) {
        return (int) ((keyHash ^ Long.MIN_VALUE) >>> (Long.SIZE - BUCKET_BITS));
    }

    public long keyHash(int position) {
        return keyHashes[position];
    }

    /** The row sum last saved at a position, or {@link #UNKNOWN_ROW_SUM}. */
    public long rowSum(int position) {
        return rowSums[position];
    }

    /** Whether several snapshots share the key hash at a position (then {@link #find} does not find them). */
    public boolean shared(int position) {
        return shared.get(position);
    }
}
