package dev.listbridge.store;

/**
 * The snapshots of one audience as (key hash, row sum) pairs sorted by key hash, in one array: 16 bytes
 * per contact (16 MB for a million, and 256 KB of buckets), loaded for a full cycle (and kept for the next one
 * while the snapshots' {@linkplain Snapshots#generation generation} holds) so that an unchanged contact costs a
 * binary search instead of a database lookup.
 *
 * <p>The layout is for the processor caches: a lookup touches its bucket bounds and a few neighbouring
 * pairs, and the row sum it compares next lies beside the key hash it found (two separate arrays and a
 * bit set of shared hashes cost a cache miss each, 30 % of a steady cycle's CRM read at a million contacts).
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

    /** Key hash at {@code 2 * position}, its row sum at {@code 2 * position + 1}. */
    private final long[] pairs;
    private final int size;
    /** Where each bucket starts, as a position; one more entry for the end. */
    private final int[] buckets = new int[(1 << BUCKET_BITS) + 1];

    SnapshotIndex(long[] keyHashes, long[] rowSums) {
        this(interleave(keyHashes, rowSums));
    }

    /** An index over pairs already interleaved and sorted by key hash (the array is kept, not copied). */
    SnapshotIndex(long[] pairs) {
        this.pairs = pairs;
        this.size = pairs.length / 2;
        for (int i = 1; i < size; i++) {
            if (keyHash(i) < keyHash(i - 1)) {
                throw new IllegalStateException("snapshot key hashes not in order at " + i);
            }
        }
        int position = 0;
        for (int bucket = 0; bucket <= 1 << BUCKET_BITS; bucket++) {
            while (position < size && bucket(keyHash(position)) < bucket) {
                position++;
            }
            buckets[bucket] = position;
        }
    }

    private static long[] interleave(long[] keyHashes, long[] rowSums) {
        long[] pairs = new long[keyHashes.length * 2];
        for (int i = 0; i < keyHashes.length; i++) {
            pairs[2 * i] = keyHashes[i];
            pairs[2 * i + 1] = rowSums[i];
        }
        return pairs;
    }

    /** An index of no snapshots. */
    public static SnapshotIndex empty() {
        return new SnapshotIndex(new long[0]);
    }

    public int size() {
        return size;
    }

    /** The position of the one snapshot with this key hash, or -1 when none or several have it. */
    public int find(long keyHash) {
        int position = search(keyHash);
        return position < 0 || shared(position) ? -1 : position;
    }

    /** Whether any snapshot has this key hash, one or several: when not, the key had no snapshot when the index was loaded. */
    public boolean holds(long keyHash) {
        return search(keyHash) >= 0;
    }

    /** A position with this key hash, or -1. */
    private int search(long keyHash) {
        int bucket = bucket(keyHash);
        int low = buckets[bucket];
        int high = buckets[bucket + 1] - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long found = pairs[2 * middle];
            if (found < keyHash) {
                low = middle + 1;
            } else if (found > keyHash) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    /** The bucket of a key hash, in the order of signed longs, as the hashes are sorted. */
    private static int bucket(long keyHash) {
        return (int) ((keyHash ^ Long.MIN_VALUE) >>> (Long.SIZE - BUCKET_BITS));
    }

    public long keyHash(int position) {
        return pairs[2 * position];
    }

    /** The row sum last saved at a position, or {@link #UNKNOWN_ROW_SUM}. */
    public long rowSum(int position) {
        return pairs[2 * position + 1];
    }

    /**
     * Sets the row sum at a position to the one a cycle saved for that snapshot, so that the index, kept for the next
     * cycle, holds the snapshots as stored (the caller checks the store's generation, {@link Snapshots#generation}).
     */
    public void updateRowSum(int position, long rowSum) {
        pairs[2 * position + 1] = rowSum;
    }

    /** Whether several snapshots share the key hash at a position (then {@link #find} does not find them). */
    public boolean shared(int position) {
        long keyHash = keyHash(position);
        return position > 0 && keyHash(position - 1) == keyHash || position + 1 < size && keyHash(position + 1) == keyHash;
    }
}
